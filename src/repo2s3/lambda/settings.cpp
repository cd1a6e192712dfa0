#include "repo2s3/lambda/settings.hpp"

#include <charconv>

#include "repo2s3/util/ascii.hpp"

namespace repo2s3::lambda {
namespace {

constexpr std::int64_t kMaxMarginMs = 900'000;

}  // namespace

bool commit_enabled(const util::EnvLookup& env) {
    const auto value = env("STARFLEET_COMMIT");
    return value && util::ascii_lower(*value) == "true";
}

Result<HandlerSettings> settings_from_env(const util::EnvLookup& env) {
    HandlerSettings settings;
    settings.commit = commit_enabled(env);
    if (const auto margin = env("REPO2S3_LAMBDA_DEADLINE_MARGIN_MS")) {
        std::int64_t ms = -1;
        const char* end = margin->data() + margin->size();
        const auto [ptr, ec] = std::from_chars(margin->data(), end, ms);
        if (ec != std::errc() || ptr != end || ms < 0 || ms > kMaxMarginMs) {
            return fail(ErrorKind::Usage,
                        "REPO2S3_LAMBDA_DEADLINE_MARGIN_MS: expected milliseconds from 0 to " +
                            std::to_string(kMaxMarginMs) + ", got \"" + *margin + "\"");
        }
        settings.deadline_margin = std::chrono::milliseconds(ms);
    }
    return settings;
}

}  // namespace repo2s3::lambda
