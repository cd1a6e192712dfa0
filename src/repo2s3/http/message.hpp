#pragma once
// HTTP request and response values. They carry no behaviour; clients send them.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "repo2s3/util/deadline.hpp"

namespace repo2s3::http {

/// Ordered header list. Names compare case-insensitively on lookup; order is kept for signing
/// and for tests that look at what was sent.
class Headers {
  public:
    void set(std::string name, std::string value);  // replaces any header of the same name
    void add(std::string name, std::string value);  // appends, keeping duplicates
    void remove(std::string_view name);
    std::optional<std::string> get(std::string_view name) const;
    bool contains(std::string_view name) const { return get(name).has_value(); }
    const std::vector<std::pair<std::string, std::string>>& entries() const { return entries_; }

  private:
    std::vector<std::pair<std::string, std::string>> entries_;
};

/// Receives a response body in pieces. Returning false aborts the transfer
/// (the client then reports ErrorKind::Io with the sink's reason).
using BodySink = std::function<bool(std::string_view chunk)>;

/// A transfer slower than `bytes_per_second` for a whole `window` has stalled.
struct MinimumSpeed {
    std::uint64_t bytes_per_second = 1024;
    std::chrono::seconds window{30};
};

struct Request {
    std::string method = "GET";
    std::string url;  // absolute, already percent-encoded
    Headers headers;
    std::string body;
    /// When set, the body is streamed from this file instead of `body`.
    std::optional<std::string> body_file;
    /// With body_file: only bytes [body_offset, body_offset + body_length) are sent (a part of
    /// a multipart upload); the rest of the file from body_offset when body_length is empty.
    std::uint64_t body_offset = 0;
    std::optional<std::uint64_t> body_length;
    /// The whole exchange; zero means no limit (then set minimum_speed, or a deadline).
    std::chrono::milliseconds timeout{std::chrono::seconds(60)};
    /// Fails the transfer when it stalls, however long it has run: what a large upload on a
    /// slow link wants instead of a timeout.
    std::optional<MinimumSpeed> minimum_speed;
    /// The run's deadline: the exchange ends by then whatever `timeout` says, and is not even
    /// started once it has passed.
    util::Deadline deadline;
    /// When set, the response body goes here instead of into Response::body.
    BodySink sink;
};

struct Response {
    long status = 0;
    Headers headers;
    std::string body;
};

/// Returns the URL with its query string replaced by "?…", for logs and error messages:
/// presigned URLs and redirect targets carry credentials in the query.
std::string redact_url(std::string_view url);

}  // namespace repo2s3::http
