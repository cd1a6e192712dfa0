// archive::extract_zip on any bytes: the input is written to a file in a private temporary
// directory and extracted into a fresh directory below it, with small limits, then removed.
//   A failure is one line of kind Archive or Io that starts with "archive ".
//   A success holds at least one file; the top folder is one safe name; the files are sorted,
//   unique, with safe relative paths, each a regular file at <dest>/<path> of the size
//   reported. Nothing else is on disk: no link, no file the tree does not list, and nothing
//   next to the destination (where a "../" entry would land).

#include <sys/stat.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "fuzz_check.hpp"
#include "repo2s3/archive/entry_name.hpp"
#include "repo2s3/archive/zip_extract.hpp"
#include "repo2s3/util/temp_dir.hpp"

namespace {

namespace fs = std::filesystem;
using namespace repo2s3;

constexpr archive::ExtractLimits kLimits{.max_entries = 64,
                                         .max_total_bytes = 1U << 20,
                                         .max_file_bytes = 256U << 10,
                                         .max_expansion_ratio = 2000};

const fs::path& workspace() {
    static const auto dir = util::TempDir::create(util::TempPurpose::Extract);
    FUZZ_CHECK(dir.has_value());
    return dir->path();
}

void check_tree(const archive::ExtractedTree& tree, const fs::path& dest) {
    FUZZ_CHECK(!tree.top_folder.empty());
    FUZZ_CHECK(!archive::entry_name_problem(tree.top_folder + "/"));
    FUZZ_CHECK(tree.top_folder.find('/') == std::string::npos);
    FUZZ_CHECK(!tree.files.empty());
    std::uint64_t total = 0;
    std::set<std::string> listed;
    for (std::size_t i = 0; i < tree.files.size(); ++i) {
        const auto& file = tree.files[i];
        if (i > 0) FUZZ_CHECK(tree.files[i - 1].path < file.path);
        FUZZ_CHECK_MSG(!archive::entry_name_problem(file.path), file.path);
        FUZZ_CHECK(!file.path.ends_with('/'));
        FUZZ_CHECK(fs::path(file.local_path) == dest / file.path);
        std::error_code ec;
        const auto status = fs::symlink_status(file.local_path, ec);
        FUZZ_CHECK_MSG(!ec && fs::is_regular_file(status), file.local_path);
        FUZZ_CHECK(fs::file_size(file.local_path, ec) == file.size && !ec);
        total += file.size;
        listed.insert(fs::path(file.local_path).lexically_normal().string());
    }
    FUZZ_CHECK(total <= kLimits.max_total_bytes);

    std::error_code ec;
    for (fs::recursive_directory_iterator it(dest, ec), end; !ec && it != end; it.increment(ec)) {
        const auto status = it->symlink_status();
        FUZZ_CHECK_MSG(fs::is_directory(status) || fs::is_regular_file(status),
                       it->path().string());
        if (fs::is_regular_file(status)) {
            FUZZ_CHECK_MSG(listed.contains(it->path().lexically_normal().string()),
                           it->path().string());
        }
    }
    FUZZ_CHECK(!ec);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const fs::path input = workspace() / "input.zip";
    const fs::path parent = workspace() / "extract";
    const fs::path dest = parent / "tree";
    std::error_code ec;
    fs::remove_all(parent, ec);
    fs::create_directory(parent, ec);
    FUZZ_CHECK(!ec);
    {
        std::ofstream out(input, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
        FUZZ_CHECK(out.good());
    }

    const auto tree = archive::extract_zip(input.string(), dest.string(), kLimits);
    if (tree) {
        check_tree(*tree, dest);
    } else {
        const Error& error = tree.error();
        FUZZ_CHECK(error.kind == ErrorKind::Archive || error.kind == ErrorKind::Io);
        fuzz::check_one_line_error(error);
        FUZZ_CHECK_MSG(error.message.starts_with("archive "), error.message);
    }

    // Nothing but the destination next to it, nothing but the input in the workspace.
    for (const auto& entry : fs::directory_iterator(parent)) {
        FUZZ_CHECK_MSG(entry.path() == dest, entry.path().string());
    }
    for (const auto& entry : fs::directory_iterator(workspace())) {
        FUZZ_CHECK_MSG(entry.path() == input || entry.path() == parent, entry.path().string());
    }
    fs::remove_all(parent, ec);
    FUZZ_CHECK(!ec);
    return 0;
}
