#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ekel::bot::nlu {

/// The four columns of one labelled corpus line (format at the top of
/// tests/fixtures/nlu/train.tsv). Standard library only: the build-time trainer reads it too.
struct CorpusColumns {
    std::string message;  ///< unescaped: "\n" is a line break, "\t" a tab, "\\" a backslash
    std::string intent;
    std::string letter_type;  ///< "-" when none
    std::string slots;        ///< "-" or key=value pairs separated by " | "
};

/// Reads one line: nullopt for a blank or "#" line; throws std::runtime_error("expected 4
/// tab-separated columns") for a malformed one.
std::optional<CorpusColumns> read_corpus_line(std::string_view line);

/// A corpus text with its escapes resolved.
std::string unescape_corpus_text(std::string_view text);

}  // namespace ekel::bot::nlu
