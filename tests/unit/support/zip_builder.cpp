#include "support/zip_builder.hpp"

#include <sys/stat.h>
#include <zip.h>

#include <fstream>
#include <stdexcept>

namespace repo2s3::testing {
namespace {

void check(bool ok, zip_t* archive, const std::string& what) {
    if (!ok) {
        const std::string reason = zip_strerror(archive);
        zip_discard(archive);
        throw std::runtime_error("zip " + what + ": " + reason);
    }
}

}  // namespace

ZipBuilder& ZipBuilder::file(std::string name, std::string content) {
    entries_.push_back({Kind::File, std::move(name), std::move(content)});
    return *this;
}

ZipBuilder& ZipBuilder::directory(std::string name) {
    entries_.push_back({Kind::Directory, std::move(name), {}});
    return *this;
}

ZipBuilder& ZipBuilder::symlink(std::string name, std::string target) {
    entries_.push_back({Kind::Symlink, std::move(name), std::move(target)});
    return *this;
}

ZipBuilder& ZipBuilder::comment(std::string text) {
    comment_ = std::move(text);
    return *this;
}

void ZipBuilder::write(const std::filesystem::path& path) const {
    if (entries_.empty()) {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << std::string("PK\x05\x06", 4) << std::string(18, '\0');
        if (!out) throw std::runtime_error("cannot write " + path.string());
        return;
    }
    int code = 0;
    zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
    if (archive == nullptr) throw std::runtime_error("zip_open failed: " + std::to_string(code));
    for (const auto& entry : entries_) {
        if (entry.kind == Kind::Directory) {
            check(zip_dir_add(archive, entry.name.c_str(), ZIP_FL_ENC_RAW) >= 0, archive,
                  entry.name);
            continue;
        }
        // libzip copies nothing until zip_close, so the buffer must outlive this call: it does,
        // as entries_ is not touched until then.
        zip_source_t* source =
            zip_source_buffer(archive, entry.content.data(), entry.content.size(), 0);
        check(source != nullptr, archive, entry.name);
        const zip_int64_t index = zip_file_add(archive, entry.name.c_str(), source, ZIP_FL_ENC_RAW);
        if (index < 0) zip_source_free(source);
        check(index >= 0, archive, entry.name);
        const mode_t mode = entry.kind == Kind::Symlink ? (S_IFLNK | 0777) : (S_IFREG | 0644);
        check(zip_file_set_external_attributes(archive, static_cast<zip_uint64_t>(index), 0,
                                               ZIP_OPSYS_UNIX,
                                               static_cast<zip_uint32_t>(mode) << 16U) == 0,
              archive, entry.name);
    }
    if (!comment_.empty()) {
        check(zip_set_archive_comment(archive, comment_.c_str(),
                                      static_cast<zip_uint16_t>(comment_.size())) == 0,
              archive, "comment");
    }
    if (zip_close(archive) != 0) {
        const std::string reason = zip_strerror(archive);
        zip_discard(archive);
        throw std::runtime_error("zip_close: " + reason);
    }
}

}  // namespace repo2s3::testing
