#include "bot/nlu/parse_command.h"

#include <istream>
#include <ostream>

#include "bot/nlu/message_parser.h"

namespace ekel::bot::nlu {

int run_parse_command(const config::LetterCatalog& catalog, const std::vector<std::string>& args,
                      std::istream& in, std::ostream& out) {
    const MessageParser parser(catalog);
    if (!args.empty()) {
        std::string message;
        for (const auto& arg : args) {
            if (!message.empty()) message.push_back(' ');
            message += arg;
        }
        out << to_json(parser.parse(message)) << '\n';
        return out ? 0 : 1;
    }
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        out << to_json(parser.parse(line)) << '\n';
    }
    out.flush();
    return out ? 0 : 1;
}

}  // namespace ekel::bot::nlu
