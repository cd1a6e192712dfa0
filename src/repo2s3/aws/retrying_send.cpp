#include "repo2s3/aws/retrying_send.hpp"

#include <thread>

namespace repo2s3::aws {

Result<http::Response> send_with_retries(http::Client& client, const http::Request& request,
                                         const RetryPolicy& policy) {
    auto pause = policy.pause;
    for (int attempt = 1;; ++attempt) {
        auto response = client.send(request);
        const bool again = response ? (policy.retry_response ? policy.retry_response(*response)
                                                             : response->status >= 500)
                                    : (response.error().kind == ErrorKind::Network ||
                                       response.error().kind == ErrorKind::Timeout);
        if (!again || attempt >= policy.attempts) return response;
        std::this_thread::sleep_for(pause);
        pause *= 2;
    }
}

}  // namespace repo2s3::aws
