#pragma once
// The project-wide error value. Every failure a user can see is one of these: a kind that code
// branches on, and a one-line message that names the input that caused it (file, field, key, URL
// without secrets) and, where possible, what to do about it.

#include <string>

#include "repo2s3/util/expected.hpp"

namespace repo2s3 {

enum class ErrorKind {
    Usage,         // bad command line or configuration (exit code 2)
    Payload,       // invalid payload template (exit code 2)
    Io,            // local file system
    Network,       // connect / DNS / TLS / transfer failure
    Timeout,       // a deadline passed
    Http,          // an unexpected HTTP status from a non-S3 service
    S3,            // an S3 error response
    Auth,          // credentials missing or rejected
    NotFound,      // a remote resource does not exist
    RateLimited,   // the remote asked us to slow down
    Archive,       // a bad or unsafe archive
    Safety,        // a guard refused to act (e.g. deleting with an empty source)
    Precondition,  // a conditional write or delete was refused: the object is not as expected
    Conflict,      // a concurrent conditional write on the same key: try again
    Busy,          // another run holds the destination's lease
    Internal,
};

struct Error {
    ErrorKind kind = ErrorKind::Internal;
    std::string message;
};

inline util::Unexpected<Error> fail(ErrorKind kind, std::string message) {
    return {Error{kind, std::move(message)}};
}

template <class T>
using Result = util::Expected<T, Error>;

/// Exit code for a failed command: 2 for invalid usage or payload, 1 for anything else.
inline int exit_code_for(const Error& error) {
    return (error.kind == ErrorKind::Usage || error.kind == ErrorKind::Payload) ? 2 : 1;
}

}  // namespace repo2s3
