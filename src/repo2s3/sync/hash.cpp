#include "repo2s3/sync/hash.hpp"

#include <mutex>
#include <optional>

#include "repo2s3/crypto/digest.hpp"
#include "repo2s3/util/parallel.hpp"

namespace repo2s3::sync {

Result<std::vector<LocalFile>> hash_files(const std::vector<source::SourceFile>& files,
                                          std::size_t workers) {
    std::vector<LocalFile> hashed(files.size());
    std::mutex failure_mutex;
    std::optional<Error> failure;
    util::parallel_for(files.size(), workers, [&](std::size_t i) {
        const auto& file = files[i];
        if (!file.md5_hex.empty()) {
            hashed[i] = LocalFile{file.path, file.local_path, file.size, file.md5_hex};
            return;
        }
        auto md5 = crypto::md5_file_hex(file.local_path);
        if (!md5) {
            const std::lock_guard lock(failure_mutex);
            if (!failure) failure = md5.error();
            return;
        }
        hashed[i] = LocalFile{file.path, file.local_path, file.size, std::move(*md5)};
    });
    if (failure) return util::unexpected(std::move(*failure));
    return hashed;
}

}  // namespace repo2s3::sync
