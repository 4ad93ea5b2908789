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
/// Returns the exit status.
int run_parse_command(const config::LetterCatalog& catalog, const std::vector<std::string>& args,
                      std::istream& in, std::ostream& out);

}  // namespace ekel::bot::nlu
