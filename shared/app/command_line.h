#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "shared/util/result.h"

namespace ekel::app {

/// `prog [--config PATH] [--flag value] [--switch] args…`: the shape of both programs' command lines.
struct CommandLine {
    std::string config_path = "config/ekelurahan.toml";
    std::vector<std::string> positional;
    std::map<std::string, std::string> options;  ///< "--role admin" -> {"role", "admin"}

    std::optional<std::string> option(const std::string& name) const;
};

/// `value_options` take a value; `switch_options` do not. An unknown option is a problem naming it.
Result<CommandLine> parse_command_line(int argc, char** argv, const std::vector<std::string>& value_options,
                                       const std::vector<std::string>& switch_options = {});

/// Blocks SIGINT and SIGTERM in this thread and every thread started after it; call first in main().
void block_shutdown_signals();
/// Waits for SIGINT or SIGTERM (blocked beforehand) and returns its name.
std::string wait_for_shutdown_signal();

}  // namespace ekel::app
