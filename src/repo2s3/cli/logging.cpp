#include "repo2s3/cli/logging.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "repo2s3/util/utf8.hpp"

namespace repo2s3::cli {
namespace {

constexpr const char* kPattern = "%Y-%m-%dT%H:%M:%S.%eZ %l %v";

/// Formats as the pattern says, then replaces bytes that are not UTF-8: a log line may quote a
/// server's error page or a file name, and a log reader must be able to decode every line.
class Utf8Formatter final : public spdlog::formatter {
  public:
    Utf8Formatter()
        : pattern_(std::make_unique<spdlog::pattern_formatter>(kPattern,
                                                               spdlog::pattern_time_type::utc)) {}

    void format(const spdlog::details::log_msg& message, spdlog::memory_buf_t& dest) override {
        spdlog::memory_buf_t formatted;
        pattern_->format(message, formatted);
        const std::string_view text(formatted.data(), formatted.size());
        if (util::is_valid_utf8(text)) {
            dest.append(formatted.data(), formatted.data() + formatted.size());
            return;
        }
        const std::string clean = util::sanitize_utf8(text);
        dest.append(clean.data(), clean.data() + clean.size());
    }

    std::unique_ptr<spdlog::formatter> clone() const override {
        return std::make_unique<Utf8Formatter>();
    }

  private:
    std::unique_ptr<spdlog::pattern_formatter> pattern_;
};

}  // namespace

Result<void> configure_logging(const std::string& level) {
    const auto parsed = spdlog::level::from_str(level);
    if (parsed == spdlog::level::off && level != "off") {
        return fail(ErrorKind::Usage, "--log-level: unknown level \"" + level +
                                          "\" (use trace, debug, info, warn, error or off)");
    }
    auto logger = spdlog::get("repo2s3");
    if (!logger) logger = spdlog::stderr_logger_mt("repo2s3");
    logger->set_formatter(std::make_unique<Utf8Formatter>());
    logger->set_level(parsed);
    spdlog::set_default_logger(std::move(logger));
    return {};
}

}  // namespace repo2s3::cli
