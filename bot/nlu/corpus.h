#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bot/nlu/message_parser.h"

namespace ekel::bot::nlu {

/// The date relative dates in the project's corpus resolve against (a Thursday, WITA).
constexpr const char* kCorpusReferenceDate = "2026-12-03";

/// One line of a labelled corpus (format at the top of tests/fixtures/nlu/train.tsv).
struct LabelledMessage {
    int line = 0;
    std::string message;
    std::map<std::string, std::string> expected;  ///< field -> value; a field not listed is null
};

/// The fields a corpus labels, in report order.
const std::vector<std::string>& corpus_fields();

/// Reads a corpus file; throws std::runtime_error naming the file and line of a malformed one.
std::vector<LabelledMessage> load_corpus(const std::string& path);

/// A field of a parse as the corpus writes it (nullopt when absent).
std::optional<std::string> corpus_value(const ParsedMessage& parsed, const std::string& field);

struct CorpusMiss {
    int line = 0;
    std::string field;
    std::optional<std::string> expected, actual;
    std::string message;

    /// "[intent] expected request_letter, got unknown: <message>"
    std::string describe() const;
};

/// How the parser does on a corpus: per field, and per expected intent.
struct CorpusScore {
    std::size_t messages = 0;
    std::map<std::string, std::size_t> correct;  ///< by field
    std::map<std::string, std::pair<std::size_t, std::size_t>> by_intent;  ///< right, total
    std::vector<CorpusMiss> misses;

    double accuracy(const std::string& field) const;
    /// The share of messages whose every slot (all fields but intent and letter type) is right.
    double slot_accuracy() const;
    std::size_t slots_right = 0;
    std::string report() const;
};

/// Parses every message with `today` as the reference date for relative dates.
CorpusScore score_corpus(const MessageParser& parser, const std::vector<LabelledMessage>& corpus,
                         const domain::CivilDate& today);

}  // namespace ekel::bot::nlu
