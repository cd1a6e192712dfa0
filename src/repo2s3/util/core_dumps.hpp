#pragma once

namespace repo2s3::util {

/// Marks the process as not dumpable (prctl PR_SET_DUMPABLE 0): a crash writes no core file,
/// and other processes of the same user cannot read its memory, which holds the GitHub App key
/// and tokens. Returns false when the kernel refused.
bool disable_core_dumps();

}  // namespace repo2s3::util
