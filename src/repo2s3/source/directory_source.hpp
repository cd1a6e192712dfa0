#pragma once
// The files of a local directory (a checkout, a build output) as sync sources.
//
// Rules, chosen so that a file is never silently missing (a missing file would later be deleted
// from the bucket):
//   - every regular file under `root` is listed, at any depth, with its path relative to `root`
//     ('/'-separated, no leading '/');
//   - symbolic links are followed, to files and to directories (a file reached through two
//     links is listed under both paths); a dangling link, or a link loop (a directory that
//     contains itself through a link), is an error naming it;
//   - anything else that is not a regular file or directory (fifo, socket, device) is an error;
//   - entries named ".git" (a checkout's repository directory, or a submodule's ".git" file) are
//     skipped: they are never content, and git cannot track a path named ".git";
//   - every path must be valid UTF-8 (S3 keys are UTF-8), else an error naming it.
// The result is sorted by path (byte order, i.e. Unicode code point order, as S3 lists keys).

#include <string>
#include <vector>

#include "repo2s3/source/source_file.hpp"
#include "repo2s3/util/error.hpp"

namespace repo2s3::source {

/// Lists the files under `root`. Fails with ErrorKind::Io naming the path when `root` is missing
/// or not a directory, or when any entry breaks the rules above.
Result<std::vector<SourceFile>> scan_directory(const std::string& root);

}  // namespace repo2s3::source
