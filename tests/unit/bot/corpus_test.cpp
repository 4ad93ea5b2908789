// Accuracy of the message parser on the labelled corpus (tests/fixtures/nlu/train.tsv; the
// format is documented at the top of that file).
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iomanip>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "bot/nlu/message_parser.h"
#include "shared/config/letter_types.h"

using ekel::bot::nlu::MessageParser;
using ekel::bot::nlu::ParsedMessage;

TEST_SUITE_BEGIN("nlu");

namespace {

const std::vector<std::string> kFields = {"intent", "letter_type", "nik",          "kk",
                                          "rt",     "rw",          "request_code", "date",
                                          "name",   "purpose",     "info_topic",   "free_text"};

struct Example {
    int line = 0;
    std::string message;
    std::map<std::string, std::string> expected;  // field -> value; absent = null
};

std::string unescape(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\\' && i + 1 < text.size()) {
            const char next = text[++i];
            out.push_back(next == 'n' ? '\n' : next == 't' ? '\t' : next);
        } else {
            out.push_back(text[i]);
        }
    }
    return out;
}

std::vector<std::string> split_on(const std::string& text, const std::string& separator) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        const std::size_t end = text.find(separator, start);
        parts.push_back(
            text.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos) return parts;
        start = end + separator.size();
    }
}

std::vector<Example> load_corpus(const std::string& path) {
    std::ifstream in(path);
    REQUIRE_MESSAGE(in.good(), "cannot open " << path);
    std::vector<Example> examples;
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        const auto columns = split_on(line, "\t");
        REQUIRE_MESSAGE(columns.size() == 4,
                        path << ":" << number << ": expected 4 tab-separated columns");
        Example example;
        example.line = number;
        example.message = unescape(columns[0]);
        example.expected["intent"] = columns[1];
        if (columns[2] != "-") example.expected["letter_type"] = columns[2];
        if (columns[3] != "-") {
            for (const auto& pair : split_on(columns[3], " | ")) {
                const auto eq = pair.find('=');
                REQUIRE_MESSAGE(eq != std::string::npos,
                                path << ":" << number << ": bad slot '" << pair << "'");
                const auto key = pair.substr(0, eq);
                REQUIRE_MESSAGE(std::find(kFields.begin(), kFields.end(), key) != kFields.end(),
                                path << ":" << number << ": unknown slot '" << key << "'");
                example.expected[key] = unescape(pair.substr(eq + 1));
            }
        }
        examples.push_back(std::move(example));
    }
    return examples;
}

std::optional<std::string> actual_field(const ParsedMessage& m, const std::string& field) {
    if (field == "intent") return std::string(to_string(m.intent));
    if (field == "letter_type") return m.letter_type;
    if (field == "nik") return m.nik;
    if (field == "kk") return m.kk;
    if (field == "rt")
        return m.rt ? std::optional<std::string>(std::to_string(*m.rt)) : std::nullopt;
    if (field == "rw")
        return m.rw ? std::optional<std::string>(std::to_string(*m.rw)) : std::nullopt;
    if (field == "request_code") return m.request_code;
    if (field == "date") return m.date;
    if (field == "name") return m.name;
    if (field == "purpose") return m.purpose;
    if (field == "info_topic") return m.info_topic;
    if (field == "free_text") return m.free_text;
    return std::nullopt;
}

// Purposes are compared without regard to case and spacing; everything else exactly.
std::string comparable(const std::string& field, const std::string& value) {
    if (field != "purpose") return value;
    std::string out;
    for (char c : value) {
        if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
        out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

std::string shown(const std::optional<std::string>& value) {
    return value ? "\"" + *value + "\"" : "null";
}

}  // namespace

TEST_CASE("the parser meets the accuracy targets on the labelled corpus") {
    const auto catalog =
        ekel::config::load_letter_types(std::string(EKEL_REPO_DIR) + "/config/letter_types.toml");
    const MessageParser parser(catalog);
    const std::string path = std::string(EKEL_REPO_DIR) + "/tests/fixtures/nlu/train.tsv";
    const auto examples = load_corpus(path);
    REQUIRE(examples.size() >= 350);

    std::map<std::string, int> correct;
    std::ostringstream misses;
    for (const auto& example : examples) {
        const ParsedMessage parsed = parser.parse(example.message);
        for (const auto& field : kFields) {
            const auto it = example.expected.find(field);
            const std::optional<std::string> expected =
                it == example.expected.end() ? std::nullopt
                                             : std::optional<std::string>(it->second);
            const auto actual = actual_field(parsed, field);
            const bool same =
                expected.has_value() == actual.has_value() &&
                (!expected || comparable(field, *expected) == comparable(field, *actual));
            if (same) {
                ++correct[field];
            } else {
                misses << "  line " << example.line << " [" << field << "] expected "
                       << shown(expected) << ", got " << shown(actual) << ": " << example.message
                       << "\n";
            }
        }
    }

    std::ostringstream report;
    report << "NLU corpus accuracy over " << examples.size() << " messages:";
    std::map<std::string, double> accuracy;
    for (const auto& field : kFields) {
        accuracy[field] = 100.0 * correct[field] / static_cast<double>(examples.size());
        report << "\n  " << std::left << std::setw(13) << field << std::right << std::fixed
               << std::setprecision(2) << std::setw(7) << accuracy[field] << " %";
    }
    MESSAGE(report.str());
    if (!misses.str().empty()) MESSAGE("misses:\n" << misses.str());

    CHECK(accuracy["intent"] >= 95.0);
    CHECK(accuracy["letter_type"] >= 95.0);
    for (const auto& field : kFields) {
        if (field == "intent" || field == "letter_type") continue;
        CAPTURE(field);
        CHECK(accuracy[field] >= 98.0);
    }
}

TEST_SUITE_END();
