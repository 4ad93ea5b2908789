#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "shared/config/letter_types.h"

namespace ekel::bot::nlu {

/// `ekel-bot parse`: with arguments, parses them joined by spaces as one message and prints one
/// JSON object; without, parses each stdin line as one message and prints one JSON object per
/// line, in the same order. Uses the same MessageParser as the live bot. A message or line that
/// is not UTF-8 is not parsed: its output line is {"error": "..."} and the exit status is 1.
/// With `rules_only` the rules' reading is printed without the classifier. Returns the exit status.
int run_parse_command(const config::LetterCatalog& catalog, const std::vector<std::string>& args,
                      std::istream& in, std::ostream& out, bool rules_only = false);

/// `ekel-bot parse --corpus FILE [--today DATE] [--misses]`: scores the parser on a labelled
/// corpus (relative dates against DATE, default the corpus's reference date 2026-12-03); with
/// `list_misses` it lists every miss first. Totals only by default, so that scoring the blind
/// test split never shows its messages. Returns 0, or 2 when the file or the date is unusable.
int run_corpus_command(const config::LetterCatalog& catalog, const std::string& path, const std::string& today,
                       bool list_misses, std::ostream& out, std::ostream& err);

}  // namespace ekel::bot::nlu
