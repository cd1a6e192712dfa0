#pragma once
// What credential providers that reach the network share: the environment they are configured
// from, the HTTP client they talk through and the clock they sign and name sessions with.

#include <chrono>
#include <functional>

#include "repo2s3/http/client.hpp"
#include "repo2s3/util/env.hpp"

namespace repo2s3::aws {

using Clock = std::function<std::chrono::system_clock::time_point()>;

struct ProviderContext {
    util::EnvLookup env;
    http::Client* http = nullptr;  // never null; outlives every provider given this context
    Clock clock = std::chrono::system_clock::now;
};

}  // namespace repo2s3::aws
