#pragma once
// Extracting a repository archive (GitHub zipball or `git archive --format=zip`) to disk.
//
// The archive must hold exactly one top folder (GitHub's "{owner}-{repo}-{sha}/"); paths are
// returned relative to it. Everything is checked before the first byte is written: entry names
// (archive/entry_name.hpp), one shared top folder, duplicates and file/directory clashes,
// encryption, and the limits. Then each file is streamed to disk in fixed-size chunks; the
// archive is never held in memory. The sizes written are checked against the declared ones, so
// a lying header cannot get past the limits. What is written is private: directories 0700,
// files 0600.
//
// Symbolic-link entries (Unix mode S_IFLNK, as git archive writes them) become regular files
// whose content is the link target, as Starfleet's Python extraction did; no link is ever
// created on disk, so nothing can point outside `dest_dir`.

#include <string>
#include <vector>

#include "repo2s3/archive/extract_limits.hpp"
#include "repo2s3/source/source_file.hpp"
#include "repo2s3/util/error.hpp"

namespace repo2s3::archive {

struct ExtractedTree {
    std::string top_folder;                 // e.g. "octo-repo-1a2b3c4", without '/'
    std::vector<source::SourceFile> files;  // path below the top folder; sorted by path
    std::string comment;                    // the archive comment (GitHub: the commit SHA)
};

/// Extracts `zip_path` into `dest_dir`, which must not exist or be an empty directory (so no
/// stale file or planted link is ever mixed in). The top folder itself is not recreated:
/// "top/a/b.txt" lands at "<dest_dir>/a/b.txt". Errors: ErrorKind::Archive naming the archive
/// and the first offending entry (unsafe name, second top folder, limit, corrupt data, or
/// "archive X is empty" when it holds no file); ErrorKind::Io for local file system failures.
Result<ExtractedTree> extract_zip(const std::string& zip_path, const std::string& dest_dir,
                                  const ExtractLimits& limits = {});

}  // namespace repo2s3::archive
