#pragma once
// credential_process: a profile's command that prints credentials as JSON on its standard
// output, as botocore runs it. The command is split with shell_split (shlex.split in POSIX
// mode) and run without a shell; standard input is inherited, so a command may prompt. Its
// output must be {"Version": 1, "AccessKeyId", "SecretAccessKey", optional "SessionToken",
// optional "Expiration" (RFC 3339; none means the credentials never expire)}.
// The output holds secrets: no message ever quotes it. The start of the command's standard
// error (its own explanation of a failure) may be shown.

#include <chrono>
#include <string>
#include <string_view>

#include "repo2s3/aws/credentials.hpp"
#include "repo2s3/util/env.hpp"
#include "repo2s3/util/error.hpp"

namespace repo2s3::aws {

/// How long a command may run: REPO2S3_CREDENTIAL_PROCESS_TIMEOUT seconds (1 to 3600), else
/// 60 s, long enough for a helper that asks for a hardware key touch.
/// Errors: ErrorKind::Usage when the variable is not such a number.
Result<std::chrono::milliseconds> credential_process_timeout(const util::EnvLookup& env);

/// The credentials in a command's standard output. `where` names the profile and command.
/// Errors: ErrorKind::Auth naming what is wrong (not JSON, Version not 1, a missing or empty
/// key, an unreadable Expiration), never quoting the output.
Result<Credentials> parse_credential_process_output(std::string_view output,
                                                    const std::string& where);

/// Runs `command` of profile `profile` and reads its credentials.
/// Errors (ErrorKind::Auth unless said; each one message naming the profile and the program):
/// an empty command or open quote (Usage), a command that cannot start, exits non-zero (with
/// the start of its standard error), is killed by a signal, runs past `timeout` (Timeout; it is
/// killed), or prints what parse_credential_process_output refuses.
Result<Credentials> credential_process_credentials(const std::string& profile,
                                                   const std::string& command,
                                                   std::chrono::milliseconds timeout);

}  // namespace repo2s3::aws
