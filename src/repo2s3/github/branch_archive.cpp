#include "repo2s3/github/branch_archive.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <nlohmann/json.hpp>

#include "repo2s3/http/url.hpp"
#include "repo2s3/util/utf8.hpp"

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
    return text.size() == 40 &&
           text.find_first_not_of("0123456789abcdef") == std::string_view::npos;
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

/// Why a redirect from `from` to `to` must not be followed, if it must not: plain http:// is for
/// loopback only, and https never falls back to http on another host.
std::optional<std::string> redirect_problem(const http::Url& from, const http::Url& to) {
    if (to.scheme != "http") return std::nullopt;
    if (from.scheme == "https" && to.host != from.host) {
        return "it leaves https for plain http on another host";
    }
    if (!http::is_loopback_host(to.host)) {
        return "plain http:// is only allowed to this machine (loopback)";
    }
    return std::nullopt;
}

}  // namespace

Result<std::string> parse_branch_ref(std::string_view body, std::string_view branch) {
    const std::string expected_ref = "refs/heads/" + std::string(branch);
    const auto json = nlohmann::json::parse(body, nullptr, false);
    if (json.is_array()) {
        return fail(ErrorKind::NotFound, "no branch is named exactly \"" + util::printable(branch) +
                                             "\" (GitHub listed " + std::to_string(json.size()) +
                                             " refs that start with it)");
    }
    if (!json.is_object() || !json.contains("ref") || !json["ref"].is_string() ||
        !json.contains("object") || !json["object"].is_object()) {
        return fail(ErrorKind::Http, "expected a git reference, got \"" +
                                         util::printable(util::utf8_prefix(body, 60)) + "\"");
    }
    const std::string found_ref = json["ref"].get<std::string>();
    if (found_ref != expected_ref) {
        return fail(ErrorKind::Http, "asked for " + util::printable(expected_ref) + ", got " +
                                         util::printable(found_ref));
    }
    const auto& object = json["object"];
    const std::string type = object.value("type", std::string());
    const std::string sha = object.value("sha", std::string());
    if (type != "commit" || !is_sha(sha)) {
        return fail(ErrorKind::Http, util::printable(found_ref) + " points to " +
                                         (type.empty() ? "nothing usable" : "a " + type) +
                                         ", not a commit");
    }
    return sha;
}

Result<BranchHead> look_up_branch(http::Client& client, const ApiConfig& config,
                                  const RepositoryRef& ref, const std::string& token,
                                  const BranchHead* known) {
    const std::string path =
        repo_path(ref) + "/git/ref/heads/" + http::percent_encode(ref.branch, true);
    const bool conditional = known != nullptr && !known->etag.empty() && is_sha(known->sha);
    auto response = send_api(
        client, config,
        [&] {
            auto request = api_request(config, "GET", path, "token " + token);
            if (conditional) request.headers.set("If-None-Match", known->etag);
            return request;
        },
        describe(ref));
    if (!response) return util::unexpected(std::move(response.error()));
    if (conditional && response->status == 304) {
        return BranchHead{.sha = known->sha, .etag = known->etag, .not_modified = true};
    }
    // 409: the repository is empty.
    if (response->status == 404 || response->status == 409 || response->status == 422) {
        return fail(ErrorKind::NotFound,
                    "GitHub " + describe(ref) + " was not found (HTTP " +
                        std::to_string(response->status) +
                        "): check Repository and BranchName (a branch; tags are never synced), "
                        "and that the GitHub App is installed on " +
                        ref.organization + "/" + ref.repository);
    }
    if (response->status != 200) return util::unexpected(response_error(*response, describe(ref)));
    auto sha = parse_branch_ref(response->body, ref.branch);
    if (!sha) {
        return fail(sha.error().kind, "GitHub " + describe(ref) + ": " + sha.error().message);
    }
    return BranchHead{.sha = std::move(*sha), .etag = response->headers.get("ETag").value_or("")};
}

Result<std::string> resolve_branch_sha(http::Client& client, const ApiConfig& config,
                                       const RepositoryRef& ref, const std::string& token) {
    auto head = look_up_branch(client, config, ref, token);
    if (!head) return util::unexpected(std::move(head.error()));
    return std::move(head->sha);
}

Result<std::uint64_t> download_zipball(http::Client& client, const ApiConfig& config,
                                       const RepositoryRef& ref, const std::string& sha,
                                       const std::string& token, const std::string& destination,
                                       const DownloadLimits& limits) {
    const std::string what = "archive of " + ref.organization + "/" + ref.repository + " at " + sha;
    // Private from the start: the archive holds the repository's sources.
    const int fd = ::open(destination.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0 || ::fchmod(fd, 0600) != 0) {
        if (fd >= 0) ::close(fd);
        return fail(ErrorKind::Io,
                    destination + ": cannot write the downloaded archive: " + std::strerror(errno));
    }
    const std::unique_ptr<std::FILE, FileCloser> out(::fdopen(fd, "wb"));
    if (!out) {
        ::close(fd);
        return fail(ErrorKind::Io, destination + ": cannot write the downloaded archive");
    }

    std::string url = config.base_url + repo_path(ref) + "/zipball/" + sha;
    bool with_token = true;
    for (int hop = 0; hop < 2; ++hop) {
        std::uint64_t written = 0;
        bool too_large = false;
        bool rewound = true;
        // Each attempt starts the file over: a retry after a cut-off body must not append.
        const auto make_request = [&] {
            rewound = std::fflush(out.get()) == 0 && ::ftruncate(fd, 0) == 0 &&
                      std::fseek(out.get(), 0, SEEK_SET) == 0;
            written = 0;
            too_large = false;
            auto request = api_request(config, "GET", "", with_token ? "token " + token : "");
            request.url = url;
            request.timeout = limits.timeout;
            request.minimum_speed = http::MinimumSpeed{};
            request.sink = [&](std::string_view chunk) {
                written += chunk.size();
                if (written > limits.max_bytes) {
                    too_large = true;
                    return false;
                }
                return rewound &&
                       std::fwrite(chunk.data(), 1, chunk.size(), out.get()) == chunk.size();
            };
            return request;
        };
        auto response = send_api(client, config, make_request, what);
        if (too_large) {
            return fail(ErrorKind::Archive, "GitHub " + what + " is larger than the limit of " +
                                                std::to_string(limits.max_bytes) +
                                                " bytes (raise it with --max-archive-size)");
        }
        if (!response) return util::unexpected(std::move(response.error()));
        if (std::fflush(out.get()) != 0) {
            return fail(ErrorKind::Io, destination + ": write failed: " + std::strerror(errno));
        }
        if (response->status == 200) return written;

        // Error and redirect bodies went to the file; keep their start for the message.
        response->body = read_prefix(destination, 4096);
        if (response->status == 404) {
            return fail(
                ErrorKind::NotFound,
                "GitHub " + what + " was not found (HTTP 404): the repository may be empty");
        }
        const auto location = response->headers.get("Location");
        if ((response->status != 302 && response->status != 301 && response->status != 307) ||
            !location || hop == 1) {
            return util::unexpected(response_error(*response, what));
        }
        const auto target = http::resolve_location(url, *location);
        const auto from = http::parse_url(url);
        const auto to = target ? http::parse_url(*target) : std::nullopt;
        if (!to || !from) {
            return fail(ErrorKind::Http, "GitHub " + what + ": unusable redirect target " +
                                             http::redact_url(*location));
        }
        if (auto problem = redirect_problem(*from, *to)) {
            return fail(ErrorKind::Http, "GitHub " + what + ": refusing the redirect to " +
                                             http::redact_url(*target) + ": " + *problem);
        }
        // The redirect carries its own access; the token never leaves the API's origin.
        with_token = to->origin() == from->origin();
        url = *target;
    }
    return fail(ErrorKind::Http, "GitHub " + what + ": too many redirects");
}

}  // namespace repo2s3::github
