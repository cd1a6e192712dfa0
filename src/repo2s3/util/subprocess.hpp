#pragma once
// Runs a program without a shell and collects what it writes, within a time limit. For helpers
// that hand repo2s3 secrets on their standard output (credential_process), so nothing here logs
// or quotes the output: callers decide what of it may be shown.

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "repo2s3/util/error.hpp"

namespace repo2s3::util {

struct ProcessLimits {
    std::chrono::milliseconds timeout{std::chrono::seconds(60)};
    std::size_t max_stdout_bytes = 1024 * 1024;  // more is read and dropped
    std::size_t max_stderr_bytes = 4096;         // likewise
};

struct ProcessOutput {
    int exit_code = 0;           // the exit status; 128 + N when signal N ended it
    bool signalled = false;      // a signal ended it
    std::string out;             // the first max_stdout_bytes of its standard output
    std::string err;             // the first max_stderr_bytes of its standard error
    bool out_truncated = false;  // it wrote more than max_stdout_bytes
};

/// Runs `argv` (argv[0] looked up in PATH when it has no '/', as execvp does) with standard
/// input inherited, standard output and error captured, no other descriptor of this process
/// open in it, default signal dispositions and an empty signal mask. Waits for it to exit and
/// for both streams to close. The child is always reaped, also on error.
/// Errors: ErrorKind::Usage when argv is empty or an argument holds a NUL byte;
/// ErrorKind::Io when it cannot be started (no such program, not executable: the message says
/// which, by argv[0]); ErrorKind::Timeout when it is still running (or its streams still open)
/// after `limits.timeout`: it is then killed (SIGKILL) and reaped.
Result<ProcessOutput> run_process(const std::vector<std::string>& argv,
                                  const ProcessLimits& limits = {});

}  // namespace repo2s3::util
