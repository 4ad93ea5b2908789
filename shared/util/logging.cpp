#include "shared/util/logging.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace ekel {

void init_logging(const std::string& program, const std::string& level) {
    auto logger = spdlog::stderr_color_mt(program);
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ [%n] %v");
    logger->set_level(spdlog::level::from_str(level));
    spdlog::set_default_logger(logger);
}

}  // namespace ekel
