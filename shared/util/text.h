#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ekel {

std::string_view trim(std::string_view text);

/// True for an IPv4 or IPv6 address literal ("10.0.0.1", "::1").
bool is_ip_address(std::string_view text);
/// ASCII lower case; other bytes (UTF-8) pass through unchanged.
std::string to_lower_ascii(std::string_view text);
std::string to_upper_ascii(std::string_view text);
bool is_all_digits(std::string_view text);
std::vector<std::string> split(std::string_view text, char separator);
/// At most max_bytes, cut before a UTF-8 character rather than inside one.
std::string truncate_utf8(const std::string& text, std::size_t max_bytes);

/// One character read from UTF-8 text.
struct Utf8Char {
    char32_t code_point = 0;
    std::size_t length = 0;  ///< bytes taken, 1 to 4; 0 when the bytes at that place are not UTF-8
};

/// The character starting at text[at] (at < text.size()). Strict: a stray continuation byte,
/// an overlong form, a UTF-16 surrogate, a value above U+10FFFF or a sequence cut short is
/// not UTF-8 (length 0).
Utf8Char decode_utf8(std::string_view text, std::size_t at);
/// True when the whole text is UTF-8 by decode_utf8's strict rules.
bool is_valid_utf8(std::string_view text);
/// The text with every byte that is not part of a valid UTF-8 character replaced by U+FFFD,
/// for showing or sending text whose bytes we cannot vouch for.
std::string replace_invalid_utf8(std::string_view text);
/// Appends the UTF-8 encoding of a code point (at most U+10FFFF). Inline, so code without
/// ekel_core (the NLU model library) can use it too.
inline void append_utf8(std::string& out, char32_t code_point) {
    if (code_point < 0x80) {
        out.push_back(static_cast<char>(code_point));
    } else if (code_point < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (code_point >> 6)));
        out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
    } else if (code_point < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (code_point >> 12)));
        out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (code_point >> 18)));
        out.push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
    }
}

/// The code point of a Windows-1252 byte, or nothing for the five bytes the code page leaves
/// undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D).
std::optional<char32_t> windows1252_code_point(unsigned char byte);
/// The Windows-1252 byte of a code point, or nothing when the code page lacks it.
std::optional<unsigned char> windows1252_byte(char32_t code_point);
/// True when the text can be read as Windows-1252 rather than as UTF-8 with stray bytes: it
/// holds no valid multi-byte UTF-8 character and no byte Windows-1252 leaves undefined. Plain
/// ASCII is both; callers ask is_valid_utf8 first.
bool looks_like_windows1252(std::string_view text);
/// Converts Windows-1252 to UTF-8; an undefined byte becomes U+FFFD.
std::string windows1252_to_utf8(std::string_view text);

/// The ASCII character a styled copy stands for: a fullwidth form (U+FF01..U+FF5E) or a
/// mathematical letter or digit (bold, italic, script … in U+1D400..U+1D7FF, the "fancy text" of
/// font generators). Nothing for any other character.
std::optional<char32_t> plain_ascii(char32_t code_point);

}  // namespace ekel
