#include "backoffice/letters/letter_text.h"

#include <algorithm>
#include <iterator>
#include <optional>
#include <utility>

#include "shared/util/text.h"

namespace ekel::office {
namespace {

constexpr char32_t kReplacementCharacter = 0xFFFD;

struct Range {
    char32_t first;
    char32_t last;
};

template <std::size_t N>
bool in_ranges(const Range (&ranges)[N], char32_t code_point) {
    return std::any_of(std::begin(ranges), std::end(ranges), [code_point](const Range& range) {
        return code_point >= range.first && code_point <= range.last;
    });
}

// Invisible characters that only steer other characters: dropped even when the font has a glyph
// for them (libharu would draw it). Soft hyphen, grapheme joiner, Arabic letter mark, Mongolian
// selectors, zero-width space/joiners and direction marks, embeddings, word joiner and invisible
// operators, variation selectors, byte order mark, interlinear annotation and object
// replacement, emoji tags and supplementary variation selectors.
constexpr Range kFormatCharacters[] = {
    {0x00AD, 0x00AD}, {0x034F, 0x034F}, {0x061C, 0x061C},   {0x180B, 0x180F},
    {0x200B, 0x200F}, {0x202A, 0x202E}, {0x2060, 0x206F},   {0xFE00, 0xFE0F},
    {0xFEFF, 0xFEFF}, {0xFFF9, 0xFFFC}, {0xE0000, 0xE0FFF},
};

// Spaces of other widths: an ordinary space, so lines break there and runs collapse.
constexpr Range kOtherSpaces[] = {
    {0x1680, 0x1680}, {0x2000, 0x200A}, {0x205F, 0x205F}, {0x3000, 0x3000}};

// Emoji and other pictographs: Unicode's Extended_Pictographic characters outside the emoji
// planes, then the symbol and dingbat blocks and the emoji planes whole.
constexpr Range kPictographs[] = {
    {0x203C, 0x203C},   {0x2049, 0x2049}, {0x2122, 0x2122}, {0x2139, 0x2139}, {0x2194, 0x2199},
    {0x21A9, 0x21AA},   {0x231A, 0x231B}, {0x2328, 0x2328}, {0x2388, 0x2388}, {0x23CF, 0x23CF},
    {0x23E9, 0x23F3},   {0x23F8, 0x23FA}, {0x24C2, 0x24C2}, {0x25AA, 0x25AB}, {0x25B6, 0x25B6},
    {0x25C0, 0x25C0},   {0x25FB, 0x25FE}, {0x2600, 0x27BF}, {0x2934, 0x2935}, {0x2B00, 0x2BFF},
    {0x3030, 0x3030},   {0x303D, 0x303D}, {0x3297, 0x3297}, {0x3299, 0x3299}, {0x1F000, 0x1FAFF},
    {0x1FC00, 0x1FFFD},
};

// Combining accents: one the font cannot draw is left off its base letter.
constexpr Range kCombiningMarks[] = {
    {0x0300, 0x036F}, {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x20D0, 0x20FF}, {0xFE20, 0xFE2F},
};

// The base letter of each accented Latin letter (from the Unicode names "LATIN ... LETTER X
// WITH ..."), a space where there is none: U+00C0..U+024F, then U+1E00..U+1EFF.
constexpr std::string_view kLatinBaseLetters =
    "AAAAAA CEEEEIIII NOOOOO OUUUUY  aaaaaa ceeeeiiii nooooo ouuuuy y"
    "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiI   JjKk LlLlLlL"
    "lLlNnNnNn   OoOoOo  RrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZz "
    "bBBb   Cc DDd    FfG   IKkl  NnOOo  Pp     tTtTUu VYyZz         "
    "     D  L  N AaIiOoUuUuUuUuUu AaAa  GgGgKkOoOo  j D Gg  NnAa  Oo"
    "AaAaEeEeIiIiOoOoRrRrUuUuSsTt  HhNd  ZzAaEeOoOoOoOoYylnt   ACcLTs"
    "z  B  EeJj qRrYy";
constexpr std::string_view kLatinExtendedAdditionalBaseLetters =
    "AaBbBbBbCcDdDdDdDdDdEeEeEeEeEeFfGgHhHhHhHhHhIiIiKkKkKkLlLlLlLlMm"
    "MmMmNnNnNnNnOoOoOoOoPpPpRrRrRrRrSsSsSsSsSsTtTtTtTtUuUuUuUuUuVvVv"
    "WwWwWwWwWwXxXxYyZzZzZzhtwya     AaAaAaAaAaAaAaAaAaAaAaAaEeEeEeEe"
    "EeEeEeEeIiIiOoOoOoOoOoOoOoOoOoOoOoOoUuUuUuUuUuUuUuYyYyYyYy    Yy";

// Typographic variants and their plain forms.
constexpr std::pair<char32_t, char32_t> kPlainForms[] = {
    {0x2010, U'-'},    // hyphen
    {0x2011, U'-'},    // non-breaking hyphen
    {0x2012, U'-'},    // figure dash
    {0x2043, U'-'},    // hyphen bullet
    {0x2212, U'-'},    // minus sign
    {0xFE63, U'-'},    // small hyphen-minus
    {0x2015, 0x2014},  // horizontal bar: em dash
    {0x02BB, 0x2018},  // turned comma (Hawaiʻi): left single quote
    {0x02BD, 0x2018},  // reversed comma
    {0x201B, 0x2018},  // reversed single quote
    {0x02BC, 0x2019},  // modifier apostrophe (Maʼruf): right single quote
    {0x201F, 0x201C},  // reversed double quote
    {0x02B9, U'\''},   // modifier prime
    {0x2032, U'\''},   // prime
    {0x02BA, U'"'},    // modifier double prime
    {0x2033, U'"'},    // double prime
    {0x2024, U'.'},    // one dot leader
    {0x2027, 0x00B7},  // hyphenation point: middle dot
    {0x2044, U'/'},    // fraction slash
    {0x2215, U'/'},    // division slash
    {0x2236, U':'},    // ratio
    {0x202F, 0x00A0},  // narrow no-break space: no-break space
};

std::optional<char32_t> base_letter(std::string_view table, char32_t first, char32_t code_point) {
    if (code_point < first || code_point - first >= table.size()) return std::nullopt;
    const char letter = table[code_point - first];
    if (letter == ' ') return std::nullopt;
    return static_cast<char32_t>(letter);
}

/// A character that reads the same, for one the font lacks.
std::optional<char32_t> stand_in(char32_t code_point) {
    if (auto letter = base_letter(kLatinBaseLetters, 0x00C0, code_point)) return letter;
    if (auto letter = base_letter(kLatinExtendedAdditionalBaseLetters, 0x1E00, code_point)) {
        return letter;
    }
    if (auto ascii = plain_ascii(code_point)) return ascii;  // fullwidth, WhatsApp "fancy" letters
    for (const auto& [variant, plain] : kPlainForms) {
        if (code_point == variant) return plain;
    }
    return std::nullopt;
}

enum class Kind { keep, drop, pictograph, space, line_break };

struct Printed {
    Kind kind;
    char32_t code_point = 0;
};

Printed print_as(char32_t code_point, const GlyphCoverage& font) {
    if (code_point == '\n' || code_point == 0x2028 || code_point == 0x2029) {
        return {Kind::line_break};
    }
    if (code_point <= 0x20 || (code_point >= 0x7F && code_point <= 0x9F)) return {Kind::space};
    if (in_ranges(kFormatCharacters, code_point)) return {Kind::drop};
    if (in_ranges(kOtherSpaces, code_point)) return {Kind::space};
    if (font.has(code_point)) return {Kind::keep, code_point};
    if (in_ranges(kPictographs, code_point)) return {Kind::pictograph};
    if (in_ranges(kCombiningMarks, code_point)) return {Kind::drop};
    if (auto other = stand_in(code_point); other && font.has(*other)) return {Kind::keep, *other};
    return {Kind::keep, code_point <= 0xFFFF ? code_point : kReplacementCharacter};
}

/// Punctuation that hugs the word before it or after it: no space where a pictograph was.
bool closes(char32_t c) {
    if (c < 0x80) {
        return std::string_view(".,;:!?)]}%").find(static_cast<char>(c)) != std::string_view::npos;
    }
    return c == 0x2019 || c == 0x201D || c == 0x00BB || c == 0x2026;
}
bool opens(char32_t c) {
    if (c < 0x80) {
        return std::string_view("([{").find(static_cast<char>(c)) != std::string_view::npos;
    }
    return c == 0x2018 || c == 0x201C || c == 0x00AB;
}

}  // namespace

std::string printable_text(std::string_view utf8, const GlyphCoverage& font) {
    std::string out;
    out.reserve(utf8.size());
    char32_t last = '\n';  // the last character written; a line start behaves like a break
    bool gap_has_space = false;
    bool gap_has_pictograph = false;
    for (std::size_t at = 0; at < utf8.size();) {
        const Utf8Char c = decode_utf8(utf8, at);
        at += c.length == 0 ? 1 : c.length;
        const Printed printed =
            print_as(c.length == 0 ? kReplacementCharacter : c.code_point, font);
        switch (printed.kind) {
            case Kind::drop:
                break;
            case Kind::space:
                gap_has_space = true;
                break;
            case Kind::pictograph:
                gap_has_pictograph = true;
                break;
            case Kind::line_break:
                out += '\n';
                last = '\n';
                gap_has_space = gap_has_pictograph = false;
                break;
            case Kind::keep: {
                // A pictograph between words leaves one space, as a space around it would have;
                // next to punctuation it leaves none.
                const bool space = last != '\n' &&
                                   (gap_has_pictograph ? !closes(printed.code_point) && !opens(last)
                                                       : gap_has_space);
                if (space) out += ' ';
                append_utf8(out, printed.code_point);
                last = printed.code_point;
                gap_has_space = gap_has_pictograph = false;
                break;
            }
        }
    }
    return out;
}

bool fits_windows1252(std::string_view utf8) {
    for (std::size_t at = 0; at < utf8.size();) {
        const Utf8Char c = decode_utf8(utf8, at);
        if (c.length == 0 || !windows1252_byte(c.code_point)) return false;
        at += c.length;
    }
    return true;
}

std::string to_windows1252(std::string_view utf8) {
    std::string out;
    out.reserve(utf8.size());
    for (std::size_t at = 0; at < utf8.size();) {
        const Utf8Char c = decode_utf8(utf8, at);
        at += c.length == 0 ? 1 : c.length;
        const auto byte = c.length == 0 ? std::nullopt : windows1252_byte(c.code_point);
        out += byte ? static_cast<char>(*byte) : '?';
    }
    return out;
}

}  // namespace ekel::office
