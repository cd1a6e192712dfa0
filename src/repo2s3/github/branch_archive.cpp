#include "repo2s3/github/branch_archive.hpp"

#include <cstdio>
#include <memory>

#include "repo2s3/http/url.hpp"

namespace repo2s3::github {
namespace {

std::string repo_path(const RepositoryRef& ref) {
    return "/repos/" + http::percent_encode(ref.organization, false) + "/" +
           http::percent_encode(ref.repository, false);
}

std::string describe(const RepositoryRef& ref) {
    return "branch " + ref.branch + " of " + ref.organization + "/" + ref.repository;
}

bool is_sha(std::string_view text) {
    return text.size() == 40 && text.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

struct FileCloser {
    void operator()(std::FILE* file) const { std::fclose(file); }
};

std::string read_prefix(const std::string& path, std::size_t limit) {
    std::string text(limit, '\0');
    std::unique_ptr<std::FILE, FileCloser> in(std::fopen(path.c_str(), "rb"));
    if (!in) return {};
    text.resize(std::fread(text.data(), 1, limit, in.get()));
    return text;
}


}  // namespace

Result<std::string> resolve_branch_sha(http::Client& client, const ApiConfig& config,
                                       const RepositoryRef& ref, const std::string& token) {
    auto request = api_request(config, "GET",
                               repo_path(ref) + "/commits/" + http::percent_encode(ref.branch, true),
                               "token " + token, "application/vnd.github.sha");
    auto response = client.send(request);
    if (!response) return util::unexpected(std::move(response.error()));
    if (response->status == 404 || response->status == 422) {
        return fail(ErrorKind::NotFound,
                    "GitHub " + describe(ref) + " was not found (HTTP " + std::to_string(response->status) +
                        "): check Repository and BranchName, and that the GitHub App is installed on " +
                        ref.organization + "/" + ref.repository);
    }
    if (response->status != 200) return util::unexpected(response_error(*response, describe(ref)));
    std::string sha = response->body;
    while (!sha.empty() && std::isspace(static_cast<unsigned char>(sha.back()))) sha.pop_back();
    if (!is_sha(sha)) {
        return fail(ErrorKind::Http, "GitHub " + describe(ref) + ": expected a commit SHA, got \"" +
                                         sha.substr(0, 60) + "\"");
    }
    return sha;
}

Result<std::uint64_t> download_zipball(http::Client& client, const ApiConfig& config,
                                       const RepositoryRef& ref, const std::string& sha,
                                       const std::string& token, const std::string& destination,
                                       const DownloadLimits& limits) {
    const std::string what = "archive of " + ref.organization + "/" + ref.repository + " at " + sha;
    auto request = api_request(config, "GET", repo_path(ref) + "/zipball/" + sha, "token " + token);
    request.timeout = limits.timeout;

    std::unique_ptr<std::FILE, FileCloser> out(std::fopen(destination.c_str(), "wb"));
    if (!out) return fail(ErrorKind::Io, destination + ": cannot write the downloaded archive");
    std::uint64_t written = 0;
    bool too_large = false;
    const auto sink = [&](std::string_view chunk) {
        written += chunk.size();
        if (written > limits.max_bytes) {
            too_large = true;
            return false;
        }
        return std::fwrite(chunk.data(), 1, chunk.size(), out.get()) == chunk.size();
    };

    for (int hop = 0; hop < 2; ++hop) {
        request.sink = sink;
        auto response = client.send(request);
        if (response && response->status != 200) {
            // Error and redirect bodies went to the file; keep them for the message, then start over.
            std::fflush(out.get());
            response->body = read_prefix(destination, 4096);
            out.reset(std::fopen(destination.c_str(), "wb"));
            if (!out) return fail(ErrorKind::Io, destination + ": cannot write the downloaded archive");
        }
        if (too_large) {
            return fail(ErrorKind::Archive, "GitHub " + what + " is larger than the limit of " +
                                                std::to_string(limits.max_bytes) +
                                                " bytes (raise it with --max-archive-bytes)");
        }
        if (!response) return util::unexpected(std::move(response.error()));
        if (response->status == 200) {
            if (std::fflush(out.get()) != 0) return fail(ErrorKind::Io, destination + ": write failed");
            return written;
        }
        if (response->status == 404) {
            return fail(ErrorKind::NotFound, "GitHub " + what + " was not found (HTTP 404): the repository may be empty");
        }
        const auto location = response->headers.get("Location");
        if ((response->status != 302 && response->status != 301 && response->status != 307) || !location || hop == 1) {
            return util::unexpected(response_error(*response, what));
        }
        const auto target = http::resolve_location(request.url, *location);
        const auto from = http::parse_url(request.url);
        const auto to = target ? http::parse_url(*target) : std::nullopt;
        if (!to || !from) {
            return fail(ErrorKind::Http, "GitHub " + what + ": unusable redirect target " + http::redact_url(*location));
        }
        if (to->origin() != from->origin()) request.headers.remove("Authorization");
        request.url = *target;
        written = 0;
    }
    return fail(ErrorKind::Http, "GitHub " + what + ": too many redirects");
}

}  // namespace repo2s3::github
