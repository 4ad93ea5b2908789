#pragma once

#include <string>

#include "shared/config/config.h"
#include "shared/config/letter_types.h"
#include "shared/domain/official_text.h"

namespace ekel::config {

/// Parses and validates a word list (config/letter_words.toml). Throws ConfigError naming
/// source_name and the key, e.g. "config/letter_words.toml: words.Sy must be one lower-case word
/// (letters a-z)".
domain::OfficialWords parse_letter_words(const std::string& toml_text, const std::string& source_name);
/// Reads the file at path and parses it as above; a missing file is a ConfigError too.
domain::OfficialWords load_letter_words(const std::string& path);

/// The catalogue at config.letter_types_path with the word list at config.letter_words_path.
LetterCatalog load_letter_catalog(const Config& config);

}  // namespace ekel::config
