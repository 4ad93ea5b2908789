#include "shared/domain/official_text.h"

#include <array>
#include <vector>

#include "shared/util/text.h"

namespace ekel::domain {

namespace {

constexpr std::array<std::string_view, 3> kCaseNames = {"sentence", "title", "phrase"};

bool in(char32_t cp, char32_t low, char32_t high) { return cp >= low && cp <= high; }

// Emoji and other pictographs (Unicode's Extended_Pictographic, less the text symbols © ® ™
// an official text may carry), with the characters that only build emoji: joiners, variation
// selectors, skin tones, keycaps, regional indicators and tags.
bool is_pictograph(char32_t cp) {
    if (cp < 0x2000) return false;
    return cp == 0x203C || cp == 0x2049 || cp == 0x2139 || in(cp, 0x2194, 0x2199) || in(cp, 0x21A9, 0x21AA) ||
           in(cp, 0x231A, 0x231B) || cp == 0x2328 || cp == 0x2388 || cp == 0x23CF || in(cp, 0x23E9, 0x23F3) ||
           in(cp, 0x23F8, 0x23FA) || cp == 0x24C2 || in(cp, 0x25AA, 0x25AB) || cp == 0x25B6 || cp == 0x25C0 ||
           in(cp, 0x25FB, 0x25FE) || in(cp, 0x2600, 0x27BF) || in(cp, 0x2934, 0x2935) || in(cp, 0x2B05, 0x2B07) ||
           in(cp, 0x2B1B, 0x2B1C) || cp == 0x2B50 || cp == 0x2B55 || cp == 0x3030 || cp == 0x303D ||
           cp == 0x3297 || cp == 0x3299 || in(cp, 0x1F000, 0x1FAFF) || in(cp, 0x1FC00, 0x1FFFD) ||
           cp == 0x200D || in(cp, 0xFE00, 0xFE0F) || cp == 0x20E3 || in(cp, 0xE0000, 0xE007F) ||
           in(cp, 0xE0100, 0xE01EF);
}

// Characters that print as nothing or as a box: controls, zero-width and direction marks, the
// soft hyphen, and U+FFFD (what a broken byte became somewhere before us).
bool is_invisible(char32_t cp) {
    return cp < 0x20 || in(cp, 0x7F, 0x9F) || cp == 0xAD || in(cp, 0x200B, 0x200C) || in(cp, 0x200E, 0x200F) ||
           in(cp, 0x202A, 0x202E) || in(cp, 0x2060, 0x206F) || cp == 0xFEFF || cp == 0xFFFD;
}

bool is_space(char32_t cp) {
    return cp == ' ' || cp == '\t' || cp == 0xA0 || cp == 0x1680 || in(cp, 0x2000, 0x200A) || cp == 0x202F ||
           cp == 0x205F || cp == 0x3000;
}

bool is_line_break(char32_t cp) { return cp == '\n' || cp == '\r' || cp == 0x2028 || cp == 0x2029; }

bool is_digit(char32_t cp) { return cp >= '0' && cp <= '9'; }

// Letters of any script, and combining marks (a decomposed "é"); not punctuation or symbols.
bool is_letter(char32_t cp) {
    if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7) return false;
    return !in(cp, 0x2000, 0x2BFF) && !in(cp, 0x3000, 0x303F) && !in(cp, 0xFE10, 0xFE6F) && !in(cp, 0xFF00, 0xFF65);
}

bool is_apostrophe(char32_t cp) { return cp == '\'' || cp == 0x2019; }

bool is_lower(char32_t cp) { return (cp >= 'a' && cp <= 'z') || (in(cp, 0xDF, 0xFF) && cp != 0xF7); }
bool is_upper(char32_t cp) { return (cp >= 'A' && cp <= 'Z') || (in(cp, 0xC0, 0xDE) && cp != 0xD7); }

char32_t lower(char32_t cp) { return is_upper(cp) ? cp + 0x20 : cp; }
char32_t upper(char32_t cp) {
    if (cp >= 'a' && cp <= 'z') return cp - 0x20;
    if (in(cp, 0xE0, 0xFE) && cp != 0xF7) return cp - 0x20;
    return cp;
}

enum class Kind { word, number, punct, space, line };

struct Token {
    Kind kind;
    std::u32string text;
    bool expanded = false;  ///< came from the word list: final, and a "." in it may need a space after
};

std::string utf8(const std::u32string& text) {
    std::string out;
    for (char32_t cp : text) append_utf8(out, cp);
    return out;
}

std::u32string decode(std::string_view text) {
    std::u32string out;
    for (std::size_t at = 0; at < text.size();) {
        Utf8Char c = decode_utf8(text, at);
        if (c.length == 0) {  // not UTF-8: the byte is dropped
            ++at;
            continue;
        }
        at += c.length;
        char32_t cp = plain_ascii(c.code_point).value_or(c.code_point);  // "fancy text" letters
        if (is_line_break(cp)) {
            out += U'\n';
        } else if (is_space(cp)) {
            out += U' ';
        } else if (!is_pictograph(cp) && !is_invisible(cp)) {
            out += cp;
        }
    }
    return out;
}

std::vector<Token> tokenize(const std::u32string& text) {
    std::vector<Token> tokens;
    for (std::size_t i = 0; i < text.size();) {
        const char32_t cp = text[i];
        std::size_t end = i + 1;
        Kind kind = Kind::punct;
        if (cp == U' ' || cp == U'\n') {
            kind = Kind::space;
            while (end < text.size() && (text[end] == U' ' || text[end] == U'\n')) ++end;
            for (std::size_t k = i; k < end; ++k) {
                if (text[k] == U'\n') kind = Kind::line;
            }
        } else if (is_digit(cp)) {
            kind = Kind::number;
            while (end < text.size() && is_digit(text[end])) ++end;
        } else if (is_letter(cp)) {
            kind = Kind::word;
            while (end < text.size() &&
                   (is_letter(text[end]) ||
                    (is_apostrophe(text[end]) && end + 1 < text.size() && is_letter(text[end + 1])))) {
                ++end;
            }
        }
        tokens.push_back({kind, kind == Kind::space ? U" " : kind == Kind::line ? U"\n" : text.substr(i, end - i)});
        i = end;
    }
    return tokens;
}

std::string lower_key(const std::u32string& word) {
    std::string out;
    for (char32_t cp : word) {
        if (cp >= 0x80) return {};  // keys are ASCII words
        out += static_cast<char>(lower(cp));
    }
    return out;
}

bool is_punct(const Token& t, char32_t cp) { return t.kind == Kind::punct && t.text.size() == 1 && t.text[0] == cp; }

bool is_one_of(const Token& t, std::u32string_view set) {
    return t.kind == Kind::punct && t.text.size() == 1 && set.find(t.text[0]) != std::u32string_view::npos;
}

constexpr std::u32string_view kSeparators = U",;:.!?";
constexpr std::u32string_view kClosing = U",;:.!?)]}\u201D";
constexpr std::u32string_view kOpening = U"([{\u201C";
// Nothing a letter text starts or ends with: the template around it has its own punctuation.
constexpr std::u32string_view kEdge = U",;:.!?-/\\|*~_=+#\u2013\u2014\u2022\u00B7\u2026([{\u201C";

/// All-capitals typing. Judged on the words of two letters or more that no list rewrites (so
/// not on "RT" or "sy"), by their letters after the first: casing never changes those, so the
/// judgement on clean text is the same as on what it came from.
bool is_shouting(const std::vector<Token>& tokens, const OfficialWords& words) {
    bool has_upper = false;
    for (const Token& t : tokens) {
        if (t.kind != Kind::word || t.text.size() < 2) continue;
        const std::string key = lower_key(t.text);
        if (words.upper.count(key) || words.replace.count(key) || words.before_number.count(key)) continue;
        for (std::size_t i = 1; i < t.text.size(); ++i) {
            if (is_lower(t.text[i])) return false;
            has_upper = has_upper || is_upper(t.text[i]);
        }
    }
    return has_upper;
}

/// True when the word at `at` is followed by a number ("no 5", "no. 5", "no.5").
bool number_follows(const std::vector<Token>& tokens, std::size_t at) {
    std::size_t next = at + 1;
    if (next + 1 < tokens.size() && tokens[next].kind == Kind::space && is_punct(tokens[next + 1], U'.')) ++next;
    if (next < tokens.size() && is_punct(tokens[next], U'.')) ++next;
    if (next < tokens.size() && tokens[next].kind == Kind::space) ++next;
    return next < tokens.size() && tokens[next].kind == Kind::number;
}

/// Abbreviations, upper-case words and "anak2".
std::vector<Token> expand(const std::vector<Token>& tokens, const OfficialWords& words) {
    std::vector<Token> out;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const Token& t = tokens[i];
        if (t.kind != Kind::word) {
            out.push_back(t);
            continue;
        }
        const std::string key = lower_key(t.text);
        const bool after_number = !out.empty() && out.back().kind == Kind::number;
        const bool number_next = i + 1 < tokens.size() && tokens[i + 1].kind == Kind::number;
        const std::string* replacement = nullptr;
        bool numbered = false;
        if (auto found = words.replace.find(key); found != words.replace.end()) {
            replacement = &found->second;
        } else if (auto before = words.before_number.find(key);
                   before != words.before_number.end() && number_follows(tokens, i)) {
            replacement = &before->second;
            numbered = true;
        }
        if (replacement && !replacement->empty()) {
            std::u32string text = decode(*replacement);
            if (text.empty()) text = t.text;
            // "Sy" at the start of a sentence gives "Saya".
            if (is_upper(t.text[0])) text[0] = upper(text[0]);
            if (after_number && !numbered) out.push_back({Kind::space, U" "});  // "50rb" → "50 ribu"
            for (Token part : tokenize(text)) {
                part.expanded = true;
                out.push_back(std::move(part));
            }
            const bool dotted = text.back() == U'.' || words.dotted.count(key) > 0;
            if (dotted && i + 1 < tokens.size() && is_punct(tokens[i + 1], U'.')) {
                ++i;  // the dot typed after "jl." or "kel." is the abbreviation's own
            } else if (number_next && !numbered) {
                out.push_back({Kind::space, U" "});  // "sy2" → "saya 2", never "saya-saya"
            }
            continue;
        }
        if (auto found = words.upper.find(key); found != words.upper.end()) {
            // "rt03rw02" → "RT 03 RW 02", "smp2" → "SMP 2".
            if (after_number) out.push_back({Kind::space, U" "});
            out.push_back({Kind::word, decode(found->second), true});
            if (number_next) out.push_back({Kind::space, U" "});
            continue;
        }
        out.push_back(t);
        // "anak2" is how chat writes "anak-anak"; "B2" (a block) is too short to be.
        if (number_next && t.text.size() >= 3 && tokens[i + 1].text == U"2" &&
            (i + 2 >= tokens.size() || tokens[i + 2].kind != Kind::word)) {
            out.push_back({Kind::punct, U"-"});
            out.push_back(t);
            ++i;
        }
    }
    return out;
}

/// "di di rumah": a small word written twice in a row is written once.
std::vector<Token> drop_doubled(const std::vector<Token>& tokens, const OfficialWords& words) {
    std::vector<Token> out;
    for (const Token& t : tokens) {
        if (t.kind == Kind::word && out.size() >= 2 && out.back().kind == Kind::space &&
            out[out.size() - 2].kind == Kind::word) {
            const std::string key = lower_key(t.text);
            if (!key.empty() && key == lower_key(out[out.size() - 2].text) && words.small.count(key) > 0) {
                out.pop_back();
                continue;
            }
        }
        out.push_back(t);
    }
    return out;
}

/// Line breaks, repeated punctuation, spacing around punctuation, and the ends.
std::vector<Token> fix_punctuation(const std::vector<Token>& tokens) {
    // A line break between words reads as a comma ("Budi (anak)\nAni (istri)").
    std::vector<Token> lines;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const Token& t = tokens[i];
        if (t.kind != Kind::line) {
            lines.push_back(t);
            continue;
        }
        const bool between = !lines.empty() && i + 1 < tokens.size() &&
                             (lines.back().kind == Kind::word || lines.back().kind == Kind::number ||
                              is_punct(lines.back(), U')')) &&
                             (tokens[i + 1].kind == Kind::word || tokens[i + 1].kind == Kind::number);
        if (between) lines.push_back({Kind::punct, U","});
        lines.push_back({Kind::space, U" "});
    }
    // "!!!", "?!", ",," and ". ," keep their first mark.
    std::vector<Token> runs;
    for (const Token& t : lines) {
        if (is_one_of(t, kSeparators)) {
            std::size_t back = runs.size();
            while (back > 0 && runs[back - 1].kind == Kind::space) --back;
            if (back > 0 && is_one_of(runs[back - 1], kSeparators)) continue;
        }
        runs.push_back(t);
    }
    std::size_t begin = 0;
    std::size_t end = runs.size();
    while (begin < end && (runs[begin].kind == Kind::space || is_one_of(runs[begin], kEdge))) ++begin;
    while (end > begin && (runs[end - 1].kind == Kind::space || is_one_of(runs[end - 1], kEdge))) --end;

    std::vector<Token> out;
    for (std::size_t i = begin; i < end; ++i) {
        const Token& t = runs[i];
        if (t.kind == Kind::space) {
            const Token& next = runs[i + 1];  // a space is never last (the ends are trimmed)
            if (is_one_of(next, kClosing) || (!out.empty() && is_one_of(out.back(), kOpening))) continue;
            if (!out.empty() && out.back().kind == Kind::space) continue;  // left by a dropped mark
            out.push_back(t);
            continue;
        }
        out.push_back(t);
        if (i + 1 >= end || runs[i + 1].kind == Kind::space) continue;
        const Token& next = runs[i + 1];
        const Token* before = out.size() >= 2 ? &out[out.size() - 2] : nullptr;
        // "sekolah,biar" → "sekolah, biar", but "1,5" and "19.00" stay; "jl.melati" → "Jl. Melati".
        const bool separator = is_one_of(t, U",;:!?") &&
                               (next.kind == Kind::word ||
                                (next.kind == Kind::number && !(before && before->kind == Kind::number)));
        const bool abbreviation =
            is_punct(t, U'.') && t.expanded && (next.kind == Kind::word || next.kind == Kind::number);
        if (separator || abbreviation) out.push_back({Kind::space, U" "});
    }
    return out;
}

void capitalise(Token& t) {
    if (!t.text.empty()) t.text[0] = upper(t.text[0]);
}

void apply_case(std::vector<Token>& tokens, TextCase text_case, const OfficialWords& words) {
    if (text_case == TextCase::phrase) return;
    bool first = true;
    for (Token& t : tokens) {
        if (t.kind == Kind::number && text_case == TextCase::sentence && first) return;  // "2 anak"
        if (t.kind != Kind::word) continue;
        if (text_case == TextCase::sentence) return capitalise(t);
        const std::string key = lower_key(t.text);
        if (!first && words.small.count(key) > 0) {
            for (char32_t& cp : t.text) cp = lower(cp);
        } else if (words.upper.count(key) == 0) {
            capitalise(t);
        }
        first = false;
    }
}

}  // namespace

std::string_view to_string(TextCase text_case) { return kCaseNames[static_cast<std::size_t>(text_case)]; }

std::optional<TextCase> parse_text_case(std::string_view text) {
    for (std::size_t i = 0; i < kCaseNames.size(); ++i) {
        if (kCaseNames[i] == text) return static_cast<TextCase>(i);
    }
    return std::nullopt;
}

std::string to_official_text(std::string_view text, TextCase text_case, const OfficialWords& words) {
    std::vector<Token> tokens = tokenize(decode(text));
    if (is_shouting(tokens, words)) {
        for (Token& t : tokens) {
            for (char32_t& cp : t.text) cp = lower(cp);
        }
    }
    tokens = fix_punctuation(drop_doubled(expand(tokens, words), words));
    apply_case(tokens, text_case, words);
    std::u32string out;
    for (const Token& t : tokens) out += t.text;
    return utf8(out);
}

}  // namespace ekel::domain
