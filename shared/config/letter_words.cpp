#include "shared/config/letter_words.h"

#include <algorithm>
#include <map>
#include <set>

#include "shared/config/config_error.h"
#include "shared/config/toml_reader.h"

namespace ekel::config {

namespace {

constexpr std::size_t kMaxReplacementBytes = 60;

bool is_word(const std::string& text, char from, char to) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [&](char c) { return c >= from && c <= to; });
}

std::string quoted(const std::string& text) { return "\"" + text + "\""; }

std::string indexed(const std::string& key, std::size_t index) { return key + "[" + std::to_string(index) + "]"; }

void read_replacements(TomlReader& table, std::map<std::string, std::string, std::less<>>& into,
                       std::set<std::string, std::less<>>& dotted) {
    for (const std::string& name : table.keys()) {
        const std::string value = table.string(name);
        // "kel." = "Kelurahan": an abbreviation written with a dot, which is its own.
        const bool has_dot = !name.empty() && name.back() == '.';
        const std::string key = has_dot ? name.substr(0, name.size() - 1) : name;
        if (!is_word(key, 'a', 'z')) table.fail(name, "must be one lower-case word (letters a-z), with a dot after it at most");
        if (value.empty() || value.front() == ' ' || value.back() == ' ' || value.find("  ") != std::string::npos) {
            table.fail(name, "must be words without leading, trailing or double spaces");
        }
        if (value.size() > kMaxReplacementBytes) {
            table.fail(name, "must be at most " + std::to_string(kMaxReplacementBytes) + " bytes");
        }
        if (!into.emplace(key, value).second) table.fail(name, "is listed twice (with and without a dot)");
        if (has_dot) dotted.insert(key);
    }
    table.finish();
}

// Cleaning must be idempotent, so a replacement must already be in its final form: one that
// holds a word of the list again ("yg" → "yg yang") would change on every pass.
void check_final(const TomlReader& table, const std::string& key, const std::string& value, const std::string& after,
                 const domain::OfficialWords& words) {
    const std::string marker = "\u1E8C ";  // Ẍ: a letter no list has
    const std::string context = marker + value + after;
    std::string cleaned = domain::to_official_text(context, domain::TextCase::phrase, words);
    if (cleaned == context) return;
    if (cleaned.rfind(marker, 0) == 0) cleaned.erase(0, marker.size());
    if (cleaned.size() >= after.size() && cleaned.compare(cleaned.size() - after.size(), after.size(), after) == 0) {
        cleaned.erase(cleaned.size() - after.size());
    }
    table.fail(key, quoted(value) + " is not in its final form: cleaned again it reads " + quoted(cleaned) +
                        " (it may not contain a word of the list)");
}

domain::OfficialWords read_words(TomlReader& root) {
    domain::OfficialWords words;
    const std::vector<std::string> upper = root.strings("upper", std::vector<std::string>{});
    const std::vector<std::string> small = root.strings("small", std::vector<std::string>{});
    TomlReader replace = root.section("words");
    TomlReader numbered = root.section("before_number");
    read_replacements(replace, words.replace, words.dotted);
    read_replacements(numbered, words.before_number, words.dotted);
    root.finish();
    if (words.replace.empty()) root.fail("words", "must list at least one word ([words])");

    auto name_of = [&](const std::string& key) { return words.dotted.count(key) ? key + "." : key; };
    for (const auto& entry : words.before_number) {
        if (words.replace.count(entry.first)) numbered.fail(name_of(entry.first), "is also in [words]; list it once");
    }
    for (std::size_t i = 0; i < upper.size(); ++i) {
        const std::string& word = upper[i];
        if (!is_word(word, 'A', 'Z')) root.fail(indexed("upper", i), quoted(word) + " must be upper-case letters A-Z");
        std::string key = word;
        std::transform(key.begin(), key.end(), key.begin(), [](char c) { return static_cast<char>(c - 'A' + 'a'); });
        if (words.replace.count(key) || words.before_number.count(key)) {
            root.fail(indexed("upper", i), quoted(word) + " is also a key of [words] or [before_number]; list it once");
        }
        if (!words.upper.emplace(key, word).second) root.fail(indexed("upper", i), quoted(word) + " is listed twice");
    }
    for (std::size_t i = 0; i < small.size(); ++i) {
        const std::string& word = small[i];
        if (!is_word(word, 'a', 'z')) root.fail(indexed("small", i), quoted(word) + " must be lower-case letters a-z");
        if (words.replace.count(word) || words.before_number.count(word) || words.upper.count(word)) {
            root.fail(indexed("small", i), quoted(word) + " is also in [words], [before_number] or upper; list it once");
        }
        if (!words.small.insert(word).second) root.fail(indexed("small", i), quoted(word) + " is listed twice");
    }
    for (const auto& [key, value] : words.replace) check_final(replace, name_of(key), value, " \u1E8C", words);
    for (const auto& [key, value] : words.before_number) check_final(numbered, name_of(key), value, " 1", words);
    return words;
}

}  // namespace

domain::OfficialWords parse_letter_words(const std::string& toml_text, const std::string& source_name) {
    TomlReader root = TomlReader::parse(toml_text, source_name, no_environment());
    return read_words(root);
}

domain::OfficialWords load_letter_words(const std::string& path) {
    TomlReader root = TomlReader::parse_file(path, no_environment());
    return read_words(root);
}

LetterCatalog load_letter_catalog(const Config& config) {
    LetterCatalog catalog = load_letter_types(config.letter_types_path);
    catalog.words = load_letter_words(config.letter_words_path);
    return catalog;
}

}  // namespace ekel::config
