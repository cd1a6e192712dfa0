#pragma once

namespace repo2s3::cli {

/// Parses argv, runs the chosen command and returns the process exit code:
/// 0 success, 1 a run failed, 2 invalid usage or payload.
int run_cli(int argc, char** argv);

}  // namespace repo2s3::cli
