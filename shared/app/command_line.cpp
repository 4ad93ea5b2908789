#include "shared/app/command_line.h"

#include <csignal>
#include <algorithm>

namespace ekel::app {

std::optional<std::string> CommandLine::option(const std::string& name) const {
    auto found = options.find(name);
    if (found == options.end()) return std::nullopt;
    return found->second;
}

Result<CommandLine> parse_command_line(int argc, char** argv, const std::vector<std::string>& value_options,
                                       const std::vector<std::string>& switch_options) {
    CommandLine line;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg.rfind("--", 0) != 0 || arg == "--") {
            line.positional.push_back(arg);
            continue;
        }
        std::string name = arg.substr(2);
        std::optional<std::string> inline_value;
        if (auto eq = name.find('='); eq != std::string::npos) {
            inline_value = name.substr(eq + 1);
            name = name.substr(0, eq);
        }
        bool takes_value = name == "config" ||
                           std::find(value_options.begin(), value_options.end(), name) != value_options.end();
        bool is_switch = std::find(switch_options.begin(), switch_options.end(), name) != switch_options.end();
        if (!takes_value && !is_switch) return Result<CommandLine>::failure(arg, "unknown option " + arg);
        std::string value = "true";
        if (takes_value) {
            if (inline_value) {
                value = *inline_value;
            } else if (i + 1 < argc) {
                value = argv[++i];
            } else {
                return Result<CommandLine>::failure(arg, "option " + arg + " needs a value");
            }
        }
        if (name == "config") {
            line.config_path = value;
        } else {
            line.options[name] = value;
        }
    }
    return line;
}

namespace {
sigset_t shutdown_signals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    return set;
}
}  // namespace

void block_shutdown_signals() {
    sigset_t set = shutdown_signals();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

std::string wait_for_shutdown_signal() {
    sigset_t set = shutdown_signals();
    int received = 0;
    sigwait(&set, &received);
    return received == SIGINT ? "SIGINT" : "SIGTERM";
}

}  // namespace ekel::app
