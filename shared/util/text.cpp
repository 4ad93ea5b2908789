#include "shared/util/text.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <array>

namespace ekel {

std::string_view trim(std::string_view text) {
    const char* kSpace = " \t\r\n\v\f";
    std::size_t first = text.find_first_not_of(kSpace);
    if (first == std::string_view::npos) return {};
    std::size_t last = text.find_last_not_of(kSpace);
    return text.substr(first, last - first + 1);
}

std::string to_lower_ascii(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

std::string to_upper_ascii(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    return out;
}

bool is_all_digits(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string truncate_utf8(const std::string& text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) return text;
    std::size_t cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    return text.substr(0, cut);
}

Utf8Char decode_utf8(std::string_view text, std::size_t at) {
    const auto lead = static_cast<unsigned char>(text[at]);
    if (lead < 0x80) return {lead, 1};
    std::size_t length = 0;
    char32_t code_point = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {  // 0xC0 and 0xC1 could only start overlong forms
        length = 2;
        code_point = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        code_point = lead & 0x0F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {  // above 0xF4 is beyond U+10FFFF
        length = 4;
        code_point = lead & 0x07;
    } else {
        return {};
    }
    if (text.size() - at < length) return {};
    for (std::size_t k = 1; k < length; ++k) {
        const auto next = static_cast<unsigned char>(text[at + k]);
        if ((next & 0xC0) != 0x80) return {};
        code_point = (code_point << 6) | (next & 0x3F);
    }
    const bool overlong =
        (length == 3 && code_point < 0x800) || (length == 4 && code_point < 0x10000);
    const bool surrogate = code_point >= 0xD800 && code_point <= 0xDFFF;
    if (overlong || surrogate || code_point > 0x10FFFF) return {};
    return {code_point, length};
}

bool is_valid_utf8(std::string_view text) {
    for (std::size_t at = 0; at < text.size();) {
        const std::size_t length = decode_utf8(text, at).length;
        if (length == 0) return false;
        at += length;
    }
    return true;
}

std::string replace_invalid_utf8(std::string_view text) {
    constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
    std::string out;
    out.reserve(text.size());
    for (std::size_t at = 0; at < text.size();) {
        const std::size_t length = decode_utf8(text, at).length;
        if (length == 0) {
            out += kReplacement;
            ++at;
        } else {
            out.append(text.substr(at, length));
            at += length;
        }
    }
    return out;
}

std::optional<char32_t> windows1252_code_point(unsigned char byte) {
    // 0x80..0x9F, where Windows-1252 differs from Latin-1; 0 marks the undefined bytes.
    static constexpr std::array<char32_t, 32> kHighControls = {
        0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,  // 0x80
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,       // 0x88
        0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,  // 0x90
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,  // 0x98
    };
    if (byte < 0x80 || byte >= 0xA0) return byte;
    const char32_t code_point = kHighControls[byte - 0x80];
    if (code_point == 0) return std::nullopt;
    return code_point;
}

std::optional<unsigned char> windows1252_byte(char32_t code_point) {
    if (code_point < 0x80 || (code_point >= 0xA0 && code_point <= 0xFF)) {
        return static_cast<unsigned char>(code_point);
    }
    for (unsigned byte = 0x80; byte < 0xA0; ++byte) {
        if (windows1252_code_point(static_cast<unsigned char>(byte)) == code_point) {
            return static_cast<unsigned char>(byte);
        }
    }
    return std::nullopt;
}

bool looks_like_windows1252(std::string_view text) {
    for (std::size_t at = 0; at < text.size();) {
        const auto byte = static_cast<unsigned char>(text[at]);
        if (!windows1252_code_point(byte)) return false;
        const std::size_t length = decode_utf8(text, at).length;
        if (length > 1) return false;
        ++at;
    }
    return true;
}

std::string windows1252_to_utf8(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (char c : text) {
        append_utf8(out, windows1252_code_point(static_cast<unsigned char>(c)).value_or(0xFFFD));
    }
    return out;
}

std::optional<char32_t> plain_ascii(char32_t code_point) {
    if (code_point >= 0xFF01 && code_point <= 0xFF5E) return code_point - 0xFEE0;
    // Letters come 52 to a style (A-Z a-z), digits 10 to a style.
    if (code_point >= 0x1D400 && code_point <= 0x1D6A3) {
        const char32_t index = (code_point - 0x1D400) % 52;
        return index < 26 ? U'A' + index : U'a' + (index - 26);
    }
    if (code_point == 0x1D6A4) return U'i';  // dotless italic i and j
    if (code_point == 0x1D6A5) return U'j';
    if (code_point >= 0x1D7CE && code_point <= 0x1D7FF) return U'0' + (code_point - 0x1D7CE) % 10;
    return std::nullopt;
}

std::vector<std::string> split(std::string_view text, char separator) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        std::size_t end = text.find(separator, start);
        parts.emplace_back(text.substr(start, end == std::string_view::npos ? end : end - start));
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    return parts;
}

bool is_ip_address(std::string_view text) {
    if (text.size() > 45) return false;
    const std::string address(text);
    in6_addr buffer{};
    return inet_pton(AF_INET, address.c_str(), &buffer) == 1 || inet_pton(AF_INET6, address.c_str(), &buffer) == 1;
}

}  // namespace ekel
