#include "repo2s3/schedule/template_sources.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <system_error>

namespace repo2s3::schedule {
namespace {

namespace fs = std::filesystem;

bool is_template_name(const std::string& name) {
    return name.ends_with(".yaml") || name.ends_with(".yml") || name.ends_with(".json");
}

Result<std::string> read_text_file(const std::string& path) {
    std::error_code error;
    const auto size = fs::file_size(path, error);
    if (error) return fail(ErrorKind::Io, path + ": cannot read: " + error.message());
    if (size > kMaxTemplateBytes) {
        return fail(ErrorKind::Payload,
                    path + ": larger than " + std::to_string(kMaxTemplateBytes) + " bytes");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(ErrorKind::Io, path + ": cannot open for reading");
    std::string text(static_cast<std::size_t>(size), '\0');
    in.read(text.data(), static_cast<std::streamsize>(size));
    text.resize(static_cast<std::size_t>(in.gcount()));
    return text;
}

class PayloadFiles final : public TemplateSource {
  public:
    explicit PayloadFiles(std::vector<std::string> paths) : paths_(std::move(paths)) {
        std::sort(paths_.begin(), paths_.end());
        paths_.erase(std::unique(paths_.begin(), paths_.end()), paths_.end());
    }
    std::string describe() const override { return "--payload"; }
    Result<std::vector<std::string>> list() override { return paths_; }
    Result<std::string> read(const std::string& id) override { return read_text_file(id); }

  private:
    std::vector<std::string> paths_;
};

class PayloadDirectory final : public TemplateSource {
  public:
    explicit PayloadDirectory(std::string directory) : directory_(std::move(directory)) {}
    std::string describe() const override { return "--payload-dir " + directory_; }

    Result<std::vector<std::string>> list() override {
        std::error_code error;
        fs::directory_iterator it(directory_, error);
        if (error) {
            return fail(ErrorKind::Io, "--payload-dir " + directory_ + ": " + error.message());
        }
        std::vector<std::string> ids;
        for (; it != fs::directory_iterator(); it.increment(error)) {
            if (error) break;
            const auto name = it->path().filename().string();
            if (name.starts_with('.') || !is_template_name(name)) continue;
            std::error_code type_error;
            if (!it->is_regular_file(type_error)) continue;
            ids.push_back(it->path().string());
        }
        if (error) {
            return fail(ErrorKind::Io, "--payload-dir " + directory_ + ": " + error.message());
        }
        std::sort(ids.begin(), ids.end());
        return ids;
    }

    Result<std::string> read(const std::string& id) override { return read_text_file(id); }

  private:
    std::string directory_;
};

class S3Templates final : public TemplateSource {
  public:
    S3Templates(std::unique_ptr<s3::ObjectStore> store, std::string bucket, std::string prefix)
        : store_(std::move(store)), bucket_(std::move(bucket)), prefix_(std::move(prefix)) {}

    std::string describe() const override { return "--templates s3://" + bucket_ + "/" + prefix_; }

    Result<std::vector<std::string>> list() override {
        auto objects = store_->list_objects(prefix_);
        if (!objects) return util::unexpected(std::move(objects.error()));
        std::vector<std::string> ids;
        for (const auto& object : *objects) {
            if (object.key.ends_with('/') || !is_template_name(object.key)) continue;
            ids.push_back(id_prefix() + object.key);
        }
        std::sort(ids.begin(), ids.end());
        return ids;
    }

    Result<std::string> read(const std::string& id) override {
        if (!id.starts_with(id_prefix())) {
            return fail(ErrorKind::Internal, id + " is not under s3://" + bucket_);
        }
        return store_->get_object(id.substr(id_prefix().size()), kMaxTemplateBytes);
    }

  private:
    std::string id_prefix() const { return "s3://" + bucket_ + "/"; }

    std::unique_ptr<s3::ObjectStore> store_;
    std::string bucket_;
    std::string prefix_;
};

}  // namespace

std::unique_ptr<TemplateSource> payload_files(std::vector<std::string> paths) {
    return std::make_unique<PayloadFiles>(std::move(paths));
}

std::unique_ptr<TemplateSource> payload_directory(std::string directory) {
    return std::make_unique<PayloadDirectory>(std::move(directory));
}

std::unique_ptr<TemplateSource> s3_templates(std::unique_ptr<s3::ObjectStore> store,
                                             std::string bucket, std::string prefix) {
    return std::make_unique<S3Templates>(std::move(store), std::move(bucket), std::move(prefix));
}

Result<S3Uri> parse_s3_uri(const std::string& uri, const std::string& flag) {
    constexpr std::string_view scheme = "s3://";
    if (!uri.starts_with(scheme)) {
        return fail(ErrorKind::Usage, flag + ": \"" + uri + "\" is not an s3://bucket/prefix/ URI");
    }
    const std::string rest = uri.substr(scheme.size());
    const auto slash = rest.find('/');
    S3Uri parsed{rest.substr(0, slash),
                 slash == std::string::npos ? std::string() : rest.substr(slash + 1)};
    if (parsed.bucket.empty()) {
        return fail(ErrorKind::Usage, flag + ": \"" + uri + "\" names no bucket");
    }
    return parsed;
}

}  // namespace repo2s3::schedule
