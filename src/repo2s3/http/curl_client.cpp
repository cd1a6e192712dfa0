#include "repo2s3/http/curl_client.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <string_view>
#include <system_error>
#include <vector>

#include "repo2s3/http/ca_bundle.hpp"

namespace repo2s3::http {
namespace {

// Idle handles kept beyond this are closed; more can still be in use at once.
constexpr std::size_t kMaxIdleHandles = 64;

void global_init_once() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct FileCloser {
    void operator()(std::FILE* file) const noexcept { std::fclose(file); }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

struct SlistDeleter {
    void operator()(curl_slist* list) const noexcept { curl_slist_free_all(list); }
};
using SlistPtr = std::unique_ptr<curl_slist, SlistDeleter>;

std::string_view trim(std::string_view text) {
    constexpr std::string_view kSpace = " \t\r\n";
    const auto first = text.find_first_not_of(kSpace);
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(kSpace);
    return text.substr(first, last - first + 1);
}

bool has_line_break(std::string_view text) {
    return text.find_first_of("\r\n") != std::string_view::npos;
}

// Everything one transfer's callbacks read and write.
struct Transfer {
    const Request* request = nullptr;
    Response response;
    FilePtr file;                  // body_file, when streaming from disk
    std::uint64_t file_start = 0;  // where the body starts in the file
    std::uint64_t file_size = 0;   // bytes of the body in the file
    std::uint64_t file_sent = 0;   // bytes read from the file since file_start
    std::string_view memory;       // Request::body otherwise
    std::size_t memory_offset = 0;
    std::string read_error;  // set when reading the body file failed
    bool sink_refused = false;
    std::chrono::milliseconds timeout{};  // what the exchange was given (0: no limit)
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();

    /// Whether a timeout came from the minimum speed rather than the time limit.
    bool stalled() const {
        if (!request->minimum_speed) return false;
        return timeout.count() == 0 || std::chrono::steady_clock::now() - started < timeout;
    }
};

std::size_t on_read(char* buffer, std::size_t size, std::size_t count, void* user) {
    auto& transfer = *static_cast<Transfer*>(user);
    const std::size_t capacity = size * count;
    if (transfer.file) {
        const std::size_t wanted = static_cast<std::size_t>(
            std::min<std::uint64_t>(capacity, transfer.file_size - transfer.file_sent));
        const std::size_t read = std::fread(buffer, 1, wanted, transfer.file.get());
        if (read < wanted && std::ferror(transfer.file.get()) != 0) {
            transfer.read_error = std::strerror(errno);
            return CURL_READFUNC_ABORT;
        }
        transfer.file_sent += read;
        return read;
    }
    const std::size_t left = transfer.memory.size() - transfer.memory_offset;
    const std::size_t n = std::min(left, capacity);
    std::memcpy(buffer, transfer.memory.data() + transfer.memory_offset, n);
    transfer.memory_offset += n;
    return n;
}

// libcurl rewinds the body when it resends a request, e.g. after finding that a reused
// keep-alive connection had been closed by the server.
int on_seek(void* user, curl_off_t offset, int origin) {
    auto& transfer = *static_cast<Transfer*>(user);
    if (origin != SEEK_SET || offset < 0) return CURL_SEEKFUNC_CANTSEEK;
    if (transfer.file) {
        const auto from_start = static_cast<std::uint64_t>(offset);
        if (from_start > transfer.file_size) return CURL_SEEKFUNC_FAIL;
        if (fseeko(transfer.file.get(), static_cast<off_t>(transfer.file_start + from_start),
                   SEEK_SET) != 0) {
            return CURL_SEEKFUNC_FAIL;
        }
        transfer.file_sent = from_start;
        return CURL_SEEKFUNC_OK;
    }
    if (static_cast<std::uint64_t>(offset) > transfer.memory.size()) return CURL_SEEKFUNC_FAIL;
    transfer.memory_offset = static_cast<std::size_t>(offset);
    return CURL_SEEKFUNC_OK;
}

std::size_t on_write(char* data, std::size_t size, std::size_t count, void* user) {
    auto& transfer = *static_cast<Transfer*>(user);
    const std::size_t length = size * count;
    if (transfer.request->sink) {
        if (!transfer.request->sink(std::string_view(data, length))) {
            transfer.sink_refused = true;
            return 0;
        }
        return length;
    }
    transfer.response.body.append(data, length);
    return length;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
    auto& transfer = *static_cast<Transfer*>(user);
    const std::size_t length = size * count;
    const std::string_view line(data, length);
    // A status line starts a new response (after a 100 Continue, say): keep only the last one.
    if (line.starts_with("HTTP/")) {
        transfer.response.headers = Headers();
        return length;
    }
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) return length;  // the blank line, or a folded line
    transfer.response.headers.add(std::string(trim(line.substr(0, colon))),
                                  std::string(trim(line.substr(colon + 1))));
    return length;
}

Error transfer_error(CURLcode code, const Transfer& transfer, const char* detail) {
    const Request& request = *transfer.request;
    const std::string what = request.method + " " + redact_url(request.url) + ": ";
    const std::string reason = (detail != nullptr && *detail != '\0')
                                   ? std::string(detail)
                                   : std::string(curl_easy_strerror(code));
    switch (code) {
        case CURLE_OPERATION_TIMEDOUT:
            if (transfer.stalled()) {
                return {ErrorKind::Timeout,
                        what + "stalled: under " +
                            std::to_string(request.minimum_speed->bytes_per_second) +
                            " bytes/s for " +
                            std::to_string(request.minimum_speed->window.count()) + " s (" +
                            reason + ")"};
            }
            return {ErrorKind::Timeout, what + "timed out after " +
                                            std::to_string(transfer.timeout.count()) + " ms (" +
                                            reason + ")"};
        case CURLE_WRITE_ERROR:
            if (transfer.sink_refused) {
                return {ErrorKind::Io, what + "the response body could not be stored"};
            }
            break;
        case CURLE_ABORTED_BY_CALLBACK:
        case CURLE_READ_ERROR:
            if (!transfer.read_error.empty()) {
                return {ErrorKind::Io, what + "reading the request body from " +
                                           request.body_file.value_or("memory") + ": " +
                                           transfer.read_error};
            }
            break;
        case CURLE_URL_MALFORMAT:
        case CURLE_UNSUPPORTED_PROTOCOL:
            return {ErrorKind::Usage, what + "invalid URL (" + reason + ")"};
        default:
            break;
    }
    return {ErrorKind::Network, what + reason};
}

}  // namespace

std::string default_user_agent() {
    return std::string("repo2s3/") + REPO2S3_VERSION;
}

struct CurlClient::Impl {
    CurlClientOptions options;
    std::optional<std::string> ca_bundle;
    CURLSH* share = nullptr;
    std::array<std::mutex, CURL_LOCK_DATA_LAST> share_locks;
    std::mutex pool_mutex;
    std::vector<CURL*> idle;

    explicit Impl(CurlClientOptions opts) : options(std::move(opts)) {
        global_init_once();
        ca_bundle = find_ca_bundle(options.ca_bundle, util::process_env(), system_file_exists());
        if (options.user_agent.empty()) options.user_agent = default_user_agent();
        share = curl_share_init();
        if (share != nullptr) {
            curl_share_setopt(share, CURLSHOPT_LOCKFUNC, &Impl::lock);
            curl_share_setopt(share, CURLSHOPT_UNLOCKFUNC, &Impl::unlock);
            curl_share_setopt(share, CURLSHOPT_USERDATA, this);
            // Not CURL_LOCK_DATA_CONNECT: libcurl's shared connection cache is not thread-safe
            // (its known bug 11.11). Each pooled handle keeps its own connections instead.
            curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
            curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
        }
    }

    ~Impl() {
        for (CURL* handle : idle) curl_easy_cleanup(handle);
        if (share != nullptr) curl_share_cleanup(share);
    }

    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;
    Impl(Impl&&) = delete;
    Impl& operator=(Impl&&) = delete;

    static void lock(CURL* /*handle*/, curl_lock_data data, curl_lock_access /*access*/,
                     void* user) {
        static_cast<Impl*>(user)->share_locks.at(static_cast<std::size_t>(data)).lock();
    }
    static void unlock(CURL* /*handle*/, curl_lock_data data, void* user) {
        static_cast<Impl*>(user)->share_locks.at(static_cast<std::size_t>(data)).unlock();
    }

    // Most recently used first, so a sequential caller keeps hitting its warm connection.
    CURL* acquire() {
        {
            const std::lock_guard guard(pool_mutex);
            if (!idle.empty()) {
                CURL* handle = idle.back();
                idle.pop_back();
                return handle;
            }
        }
        return curl_easy_init();
    }

    void release(CURL* handle) {
        {
            const std::lock_guard guard(pool_mutex);
            if (idle.size() < kMaxIdleHandles) {
                idle.push_back(handle);
                return;
            }
        }
        curl_easy_cleanup(handle);
    }

    // Returns the handle to the pool when the request is done, whatever the outcome.
    class Lease {
      public:
        explicit Lease(Impl& impl) : impl_(impl), handle_(impl.acquire()) {}
        ~Lease() {
            if (handle_ != nullptr) impl_.release(handle_);
        }
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        Lease(Lease&&) = delete;
        Lease& operator=(Lease&&) = delete;
        CURL* get() const { return handle_; }

      private:
        Impl& impl_;
        CURL* handle_;
    };
};

CurlClient::CurlClient(CurlClientOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}

CurlClient::~CurlClient() = default;

Result<Response> CurlClient::send(const Request& request) {
    const std::string what = request.method + " " + redact_url(request.url);
    Transfer transfer;
    transfer.request = &request;

    const bool bodyless_method =
        request.method == "GET" || request.method == "HEAD" || request.method == "DELETE";
    const bool has_body =
        request.body_file.has_value() || !request.body.empty() || !bodyless_method;
    curl_off_t body_size = 0;
    if (request.body_file) {
        std::error_code error;
        const auto size = std::filesystem::file_size(*request.body_file, error);
        if (error) {
            return fail(ErrorKind::Io, what + ": cannot read request body file " +
                                           *request.body_file + ": " + error.message());
        }
        if (request.body_offset > size ||
            request.body_length.value_or(0) > size - request.body_offset) {
            return fail(ErrorKind::Io, what + ": request body file " + *request.body_file + " is " +
                                           std::to_string(size) +
                                           " bytes, shorter than the part to send (it changed "
                                           "after it was planned; run again)");
        }
        transfer.file.reset(std::fopen(request.body_file->c_str(), "rb"));
        if (!transfer.file) {
            return fail(ErrorKind::Io, what + ": cannot open request body file " +
                                           *request.body_file + ": " + std::strerror(errno));
        }
        if (request.body_offset > 0 &&
            fseeko(transfer.file.get(), static_cast<off_t>(request.body_offset), SEEK_SET) != 0) {
            return fail(ErrorKind::Io, what + ": cannot seek in request body file " +
                                           *request.body_file + ": " + std::strerror(errno));
        }
        transfer.file_start = request.body_offset;
        transfer.file_size = request.body_length.value_or(size - request.body_offset);
        body_size = static_cast<curl_off_t>(transfer.file_size);
    } else {
        transfer.memory = request.body;
        body_size = static_cast<curl_off_t>(request.body.size());
    }

    SlistPtr header_list;
    const auto append_header = [&](const std::string& line) {
        curl_slist* extended = curl_slist_append(header_list.get(), line.c_str());
        if (extended != nullptr) {
            (void)header_list.release();
            header_list.reset(extended);
        }
        return extended != nullptr;
    };
    for (const auto& [name, value] : request.headers.entries()) {
        if (name.empty() || has_line_break(name) || has_line_break(value)) {
            return fail(ErrorKind::Internal, what + ": a request header contains a line break");
        }
        // "Name;" is libcurl's way to send a header with an empty value.
        if (!append_header(value.empty() ? name + ";" : name + ": " + value)) {
            return fail(ErrorKind::Internal, what + ": out of memory building headers");
        }
    }
    // The size is known up front, so the server gets the body at once, not after a
    // 100-continue round trip.
    append_header("Expect:");
    if (request.method == "POST" && !request.headers.contains("Content-Type")) {
        append_header("Content-Type:");  // no implicit form encoding
    }

    // The exchange ends at the sooner of its own timeout and the run's deadline (0: neither).
    std::chrono::milliseconds timeout = std::max(request.timeout, std::chrono::milliseconds(0));
    if (request.deadline.bounded()) {
        const auto left = request.deadline.remaining();
        if (left <= std::chrono::milliseconds(0)) {
            return fail(ErrorKind::Timeout, what + ": not sent: the run's time budget is spent");
        }
        timeout = timeout.count() == 0 ? left : std::min(timeout, left);
    }

    transfer.timeout = timeout;
    const Impl::Lease lease(*impl_);
    CURL* curl = lease.get();
    if (curl == nullptr) return fail(ErrorKind::Internal, what + ": cannot create a curl handle");
    curl_easy_reset(curl);

    std::array<char, CURL_ERROR_SIZE> error_buffer{};
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer.data());
    curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
#endif
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_PATH_AS_IS, 1L);  // the URL is final: keep ".." in keys
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
    if (impl_->share != nullptr) curl_easy_setopt(curl, CURLOPT_SHARE, impl_->share);
    if (impl_->ca_bundle) curl_easy_setopt(curl, CURLOPT_CAINFO, impl_->ca_bundle->c_str());
    curl_easy_setopt(curl, CURLOPT_USERAGENT, impl_->options.user_agent.c_str());
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(impl_->options.connect_timeout.count()));
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
    if (request.minimum_speed) {
        curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT,
                         static_cast<long>(request.minimum_speed->bytes_per_second));
        curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME,
                         static_cast<long>(request.minimum_speed->window.count()));
    }
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, header_list.get());
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &on_write);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &transfer);

    if (request.method == "HEAD") {
        curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    } else if (has_body) {
        curl_easy_setopt(curl, CURLOPT_READFUNCTION, &on_read);
        curl_easy_setopt(curl, CURLOPT_READDATA, &transfer);
        curl_easy_setopt(curl, CURLOPT_SEEKFUNCTION, &on_seek);
        curl_easy_setopt(curl, CURLOPT_SEEKDATA, &transfer);
        if (request.method == "POST") {
            curl_easy_setopt(curl, CURLOPT_POST, 1L);
            curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, body_size);
        } else {
            curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
            curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, body_size);
            if (request.method != "PUT") {
                curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
            }
        }
    } else if (request.method == "GET") {
        curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
    } else {
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    }

    const CURLcode code = curl_easy_perform(curl);
    // The handle outlives this call in the pool: drop pointers into this stack frame.
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
    if (code != CURLE_OK)
        return util::unexpected(transfer_error(code, transfer, error_buffer.data()));

    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    transfer.response.status = status;
    return std::move(transfer.response);
}

}  // namespace repo2s3::http
