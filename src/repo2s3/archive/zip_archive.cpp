#include "repo2s3/archive/zip_archive.hpp"

#include <sys/stat.h>
#include <zip.h>

#include <array>
#include <utility>

#include "repo2s3/util/utf8.hpp"

namespace repo2s3::archive {
namespace {

constexpr std::size_t kChunkBytes = 64 * 1024;

std::string libzip_message(int code) {
    zip_error_t error;
    zip_error_init_with_code(&error, code);
    std::string message = zip_error_strerror(&error);
    zip_error_fini(&error);
    return message;
}

struct FileCloser {
    void operator()(zip_file_t* file) const { zip_fclose(file); }
};

}  // namespace

void ZipArchive::Closer::operator()(zip* archive) const {
    zip_discard(archive);
}

ZipArchive::ZipArchive(std::unique_ptr<zip, Closer> archive, std::string path)
    : archive_(std::move(archive)), path_(std::move(path)) {}

Result<ZipArchive> ZipArchive::open(const std::string& path) {
    int code = 0;
    zip_t* archive = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code);
    if (archive == nullptr) {
        const ErrorKind kind = (code == ZIP_ER_NOENT || code == ZIP_ER_OPEN || code == ZIP_ER_READ)
                                   ? ErrorKind::Io
                                   : ErrorKind::Archive;
        return fail(kind, "archive " + util::printable(path) + ": " + libzip_message(code));
    }
    return ZipArchive(std::unique_ptr<zip, Closer>(archive), path);
}

std::uint64_t ZipArchive::entry_count() const {
    const zip_int64_t count = zip_get_num_entries(archive_.get(), 0);
    return count < 0 ? 0 : static_cast<std::uint64_t>(count);
}

Result<ZipEntryInfo> ZipArchive::entry(std::uint64_t index) const {
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(archive_.get(), index, ZIP_FL_ENC_RAW, &stat) != 0 ||
        (stat.valid & ZIP_STAT_NAME) == 0) {
        return fail(ErrorKind::Archive, zip_strerror(archive_.get()));
    }
    ZipEntryInfo info;
    info.name = stat.name;
    info.size = (stat.valid & ZIP_STAT_SIZE) != 0 ? stat.size : 0;
    info.compressed_size = (stat.valid & ZIP_STAT_COMP_SIZE) != 0 ? stat.comp_size : 0;
    info.encrypted =
        (stat.valid & ZIP_STAT_ENCRYPTION_METHOD) != 0 && stat.encryption_method != ZIP_EM_NONE;

    zip_uint8_t system = 0;
    zip_uint32_t attributes = 0;
    if (zip_file_get_external_attributes(archive_.get(), index, 0, &system, &attributes) == 0 &&
        system == ZIP_OPSYS_UNIX) {
        const auto mode = static_cast<mode_t>(attributes >> 16U);
        info.is_symlink = S_ISLNK(mode);
    }
    return info;
}

std::string ZipArchive::comment() const {
    int length = 0;
    const char* text = zip_get_archive_comment(archive_.get(), &length, ZIP_FL_ENC_RAW);
    if (text == nullptr || length <= 0) return {};
    return {text, static_cast<std::size_t>(length)};
}

Result<void> ZipArchive::read_entry(std::uint64_t index, const ChunkSink& sink) const {
    std::unique_ptr<zip_file_t, FileCloser> file(zip_fopen_index(archive_.get(), index, 0));
    if (!file) {
        return fail(ErrorKind::Archive,
                    "cannot open: " + std::string(zip_strerror(archive_.get())));
    }
    std::array<char, kChunkBytes> buffer{};
    while (true) {
        const zip_int64_t read = zip_fread(file.get(), buffer.data(), buffer.size());
        if (read < 0) return fail(ErrorKind::Archive, zip_file_strerror(file.get()));
        if (read == 0) return {};
        if (auto taken = sink({buffer.data(), static_cast<std::size_t>(read)}); !taken) {
            return taken;
        }
    }
}

}  // namespace repo2s3::archive
