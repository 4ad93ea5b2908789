#include "bot/nlu/corpus.h"

#include "bot/nlu/corpus_line.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <stdexcept>

namespace ekel::bot::nlu {

namespace {

// The data slots: exact values a wrong reading of which would file the wrong thing.
const std::vector<std::string> kDataSlots = {"nik", "kk", "rt", "rw", "request_code", "date", "choice"};

std::vector<std::string> split_on(const std::string& text, const std::string& separator) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        const std::size_t end = text.find(separator, start);
        parts.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos) return parts;
        start = end + separator.size();
    }
}

// Purposes and free text are compared without regard to case and spacing; everything else exactly.
std::string comparable(const std::string& field, const std::string& value) {
    if (field != "purpose" && field != "free_text" && field != "name") return value;
    std::string out;
    for (char c : value) {
        if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
        out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

}  // namespace

const std::vector<std::string>& corpus_fields() {
    static const std::vector<std::string> fields = {
        "intent", "letter_type", "nik",     "kk",        "rt",         "rw",       "request_code",
        "date",   "choice",      "name",    "purpose",   "info_topic", "free_text", "redirect",
        "other_letter_type"};
    return fields;
}

std::vector<LabelledMessage> load_corpus(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open " + path);
    const auto& fields = corpus_fields();
    std::vector<LabelledMessage> corpus;
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        const auto where = fmt::format("{}:{}: ", path, number);
        std::optional<CorpusColumns> columns;
        try {
            columns = read_corpus_line(line);
        } catch (const std::runtime_error& e) {
            throw std::runtime_error(where + e.what());
        }
        if (!columns) continue;
        LabelledMessage example;
        example.line = number;
        example.message = columns->message;
        if (!parse_intent(columns->intent)) {
            throw std::runtime_error(where + "unknown intent '" + columns->intent + "'");
        }
        example.expected["intent"] = columns->intent;
        if (columns->letter_type != "-") example.expected["letter_type"] = columns->letter_type;
        if (columns->slots != "-") {
            for (const auto& pair : split_on(columns->slots, " | ")) {
                const auto eq = pair.find('=');
                if (eq == std::string::npos) throw std::runtime_error(where + "bad slot '" + pair + "'");
                const auto key = pair.substr(0, eq);
                if (key == "intent" || key == "letter_type" ||
                    std::find(fields.begin(), fields.end(), key) == fields.end()) {
                    throw std::runtime_error(where + "unknown slot '" + key + "'");
                }
                example.expected[key] = unescape_corpus_text(pair.substr(eq + 1));
            }
        }
        corpus.push_back(std::move(example));
    }
    return corpus;
}

std::optional<std::string> corpus_value(const ParsedMessage& m, const std::string& field) {
    const auto number = [](const std::optional<int>& n) {
        return n ? std::optional<std::string>(std::to_string(*n)) : std::nullopt;
    };
    if (field == "intent") return std::string(to_string(m.intent));
    if (field == "letter_type") return m.letter_type;
    if (field == "nik") return m.nik;
    if (field == "kk") return m.kk;
    if (field == "rt") return number(m.rt);
    if (field == "rw") return number(m.rw);
    if (field == "request_code") return m.request_code;
    if (field == "date") return m.date;
    if (field == "choice") return number(m.choice);
    if (field == "name") return m.name;
    if (field == "purpose") return m.purpose;
    if (field == "info_topic") return m.info_topic;
    if (field == "free_text") return m.free_text;
    if (field == "redirect") return m.redirect;
    if (field == "other_letter_type") return m.other_letter_type;
    return std::nullopt;
}

double CorpusScore::accuracy(const std::string& field) const {
    if (messages == 0) return 0;
    const auto it = correct.find(field);
    return 100.0 * static_cast<double>(it == correct.end() ? 0 : it->second) / static_cast<double>(messages);
}

double CorpusScore::slot_accuracy() const {
    return messages == 0 ? 0 : 100.0 * static_cast<double>(slots_right) / static_cast<double>(messages);
}

std::string CorpusScore::report() const {
    std::string out = fmt::format("{} messages\n  {:<18}{:7.2f} %\n", messages, "data slots (all)", slot_accuracy());
    for (const auto& field : corpus_fields()) out += fmt::format("  {:<18}{:7.2f} %\n", field, accuracy(field));
    out += "intent by expected intent:\n";
    for (const auto& [intent, counts] : by_intent) {
        out += fmt::format("  {:<18}{:4} of {:4}\n", intent, counts.first, counts.second);
    }
    return out;
}

CorpusScore score_corpus(const MessageParser& parser, const std::vector<LabelledMessage>& corpus,
                         const domain::CivilDate& today) {
    CorpusScore score;
    for (const auto& example : corpus) {
        const ParsedMessage parsed = parser.parse(example.message, today);
        ++score.messages;
        bool slots_right = true;
        for (const auto& field : corpus_fields()) {
            const auto it = example.expected.find(field);
            const auto expected = it == example.expected.end() ? std::nullopt : std::optional<std::string>(it->second);
            const auto actual = corpus_value(parsed, field);
            const bool same = expected.has_value() == actual.has_value() &&
                              (!expected || comparable(field, *expected) == comparable(field, *actual));
            if (field == "intent") {
                auto& counts = score.by_intent[example.expected.at("intent")];
                ++counts.second;
                if (same) ++counts.first;
            }
            if (same) {
                ++score.correct[field];
            } else {
                if (std::find(kDataSlots.begin(), kDataSlots.end(), field) != kDataSlots.end()) slots_right = false;
                score.misses.push_back({example.line, field, expected, actual, example.message});
            }
        }
        if (slots_right) ++score.slots_right;
    }
    return score;
}

std::string CorpusMiss::describe() const {
    return "[" + field + "] expected " + expected.value_or("null") + ", got " + actual.value_or("null") + ": " +
           message;
}

}  // namespace ekel::bot::nlu
