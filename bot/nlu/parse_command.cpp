#include "bot/nlu/parse_command.h"

#include <nlohmann/json.hpp>

#include <istream>
#include <ostream>

#include "bot/nlu/message_parser.h"
#include "shared/util/text.h"

namespace ekel::bot::nlu {

namespace {

// Stands in for the JSON of a message that is not UTF-8, so output lines still match input lines.
std::string refusal(const std::string& what) {
    const std::string error = what + " bukan teks UTF-8 yang sah, jadi tidak diproses.";
    return nlohmann::json{{"error", error}}.dump();
}

}  // namespace

int run_parse_command(const config::LetterCatalog& catalog, const std::vector<std::string>& args,
                      std::istream& in, std::ostream& out) {
    const MessageParser parser(catalog);
    if (!args.empty()) {
        std::string message;
        for (const auto& arg : args) {
            if (!message.empty()) message.push_back(' ');
            message += arg;
        }
        const bool readable = is_valid_utf8(message);
        out << (readable ? to_json(parser.parse(message)) : refusal("Pesan")) << '\n';
        return out && readable ? 0 : 1;
    }
    bool all_readable = true;
    std::string line;
    for (std::size_t number = 1; std::getline(in, line); ++number) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const bool readable = is_valid_utf8(line);
        all_readable = all_readable && readable;
        const std::string what = "Baris " + std::to_string(number);
        out << (readable ? to_json(parser.parse(line)) : refusal(what)) << '\n';
    }
    out.flush();
    return out && all_readable ? 0 : 1;
}

}  // namespace ekel::bot::nlu
