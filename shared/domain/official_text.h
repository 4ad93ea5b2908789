#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace ekel::domain {

/// How a free-text value is capitalised on a letter. The text is the `case` value in
/// config/letter_types.toml.
enum class TextCase {
    sentence,  ///< first letter upper case: a purpose after "keperluan:"
    title,     ///< every word capitalised: names of people and businesses, addresses
    phrase,    ///< as typed: words inside a sentence ("usaha bengkel motor", "karena sakit")
};
std::string_view to_string(TextCase text_case);
std::optional<TextCase> parse_text_case(std::string_view text);

/// The word list that turns chat text into official text (config/letter_words.toml). Every key
/// is one lower-case ASCII word; the loader checks that no replacement contains a key again, so
/// cleaning is idempotent.
struct OfficialWords {
    /// Chat abbreviations and slang: "sy" → "saya", "jl" → "Jl.", "kel" → "Kelurahan".
    std::map<std::string, std::string, std::less<>> replace;
    /// The same, only when a number follows: "no 5" → "No. 5", but "no" alone stays.
    std::map<std::string, std::string, std::less<>> before_number;
    /// Keys written with a dot ("kel."): a dot typed after them is part of the abbreviation.
    std::set<std::string, std::less<>> dotted;
    /// Lower-case word → its upper-case form: "rt" → "RT", "bpjs" → "BPJS".
    std::map<std::string, std::string, std::less<>> upper;
    /// Prepositions and conjunctions: lower case inside a title, and written twice only by
    /// mistake ("di di rumah").
    std::set<std::string, std::less<>> small;
};

/// Free text in clean official form: UTF-8 checked (bad bytes dropped), emoji and other
/// pictographs removed, chat abbreviations expanded on whole words, "anak2" written
/// "anak-anak", a doubled small word written once, spacing around punctuation fixed, leading and
/// trailing punctuation dropped (letter templates add their own), all-capitals text lowered,
/// then cased as `text_case` asks. Accented letters, curly quotes and "Rp" are kept.
/// Never throws on any input; cleaning clean text changes nothing.
std::string to_official_text(std::string_view text, TextCase text_case, const OfficialWords& words);

}  // namespace ekel::domain
