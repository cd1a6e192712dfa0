// config::parse_starfleet_config on any text.
//   A failure is one line of kind Usage that starts with the source name.
//   A configuration that parses has its origin, a channel exactly when it has a priority, a
//   secret id exactly when it has a region, and every string it keeps non-empty UTF-8.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "fuzz_check.hpp"
#include "repo2s3/config/starfleet_config.hpp"
#include "repo2s3/util/utf8.hpp"

namespace {

constexpr const char* kSource = "starfleet.yaml";

void check_text(const std::optional<std::string>& value) {
    if (value) FUZZ_CHECK(!value->empty() && repo2s3::util::is_valid_utf8(*value));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace repo2s3;
    const auto parsed = config::parse_starfleet_config(fuzz::as_text(data, size), kSource);
    if (!parsed) {
        FUZZ_CHECK(parsed.error().kind == ErrorKind::Usage);
        fuzz::check_error_names(parsed.error(), kSource);
        return 0;
    }
    FUZZ_CHECK(parsed->origin == kSource);
    FUZZ_CHECK(parsed->alert_channel.has_value() == parsed->alert_priority.has_value());
    FUZZ_CHECK(parsed->secret_id.has_value() == parsed->secret_region.has_value());
    check_text(parsed->alert_channel);
    check_text(parsed->secret_id);
    check_text(parsed->secret_region);
    return 0;
}
