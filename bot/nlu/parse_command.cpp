#include "bot/nlu/parse_command.h"

#include <nlohmann/json.hpp>

#include <istream>
#include <ostream>

#include "bot/nlu/corpus.h"
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
                      std::istream& in, std::ostream& out, bool rules_only) {
    const MessageParser parser(catalog);
    const auto parse = [&](const std::string& text) {
        return rules_only ? parser.parse_rules_only(text) : parser.parse(text);
    };
    if (!args.empty()) {
        std::string message;
        for (const auto& arg : args) {
            if (!message.empty()) message.push_back(' ');
            message += arg;
        }
        const bool readable = is_valid_utf8(message);
        out << (readable ? to_json(parse(message)) : refusal("Pesan")) << '\n';
        return out && readable ? 0 : 1;
    }
    bool all_readable = true;
    std::string line;
    for (std::size_t number = 1; std::getline(in, line); ++number) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const bool readable = is_valid_utf8(line);
        all_readable = all_readable && readable;
        const std::string what = "Baris " + std::to_string(number);
        out << (readable ? to_json(parse(line)) : refusal(what)) << '\n';
    }
    out.flush();
    return out && all_readable ? 0 : 1;
}

int run_corpus_command(const config::LetterCatalog& catalog, const std::string& path, const std::string& today,
                       bool list_misses, std::ostream& out, std::ostream& err) {
    const auto reference = domain::parse_date(today.empty() ? std::string(kCorpusReferenceDate) : today);
    if (!reference) {
        err << "ekel-bot parse: --today harus tanggal seperti 2026-12-03\n";
        return 2;
    }
    std::vector<LabelledMessage> corpus;
    try {
        corpus = load_corpus(path);
    } catch (const std::exception& e) {
        err << "ekel-bot parse: " << e.what() << "\n";
        return 2;
    }
    const MessageParser parser(catalog);
    const CorpusScore score = score_corpus(parser, corpus, *reference);
    if (list_misses) {
        for (const auto& miss : score.misses) out << path << ":" << miss.line << " " << miss.describe() << "\n";
    }
    out << score.report();
    return 0;
}

}  // namespace ekel::bot::nlu
