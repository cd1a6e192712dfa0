#include "repo2s3/cli/logging.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace repo2s3::cli {

Result<void> configure_logging(const std::string& level) {
    const auto parsed = spdlog::level::from_str(level);
    if (parsed == spdlog::level::off && level != "off") {
        return fail(ErrorKind::Usage, "--log-level: unknown level \"" + level +
                                          "\" (use trace, debug, info, warn, error or off)");
    }
    auto logger = spdlog::stderr_logger_mt("repo2s3");
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc);
    logger->set_level(parsed);
    spdlog::set_default_logger(std::move(logger));
    return {};
}

}  // namespace repo2s3::cli
