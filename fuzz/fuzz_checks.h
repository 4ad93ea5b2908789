#pragma once

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace ekel::fuzz {

/// Prints which invariant broke and aborts, so libFuzzer keeps the input as a crash.
[[noreturn]] inline void fail(std::string_view what) {
    std::fprintf(stderr, "fuzz check failed: %.*s\n", static_cast<int>(what.size()), what.data());
    std::abort();
}

inline void require(bool condition, std::string_view what) {
    if (!condition) fail(what);
}

/// Well-formed UTF-8: no stray or missing continuation bytes, no overlong forms, no surrogates,
/// nothing beyond U+10FFFF.
inline bool is_valid_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto b0 = static_cast<unsigned char>(s[i]);
        if (b0 < 0x80) {
            ++i;
            continue;
        }
        std::size_t need = 0;
        char32_t cp = 0;
        if ((b0 & 0xE0) == 0xC0) {
            need = 1;
            cp = b0 & 0x1F;
        } else if ((b0 & 0xF0) == 0xE0) {
            need = 2;
            cp = b0 & 0x0F;
        } else if ((b0 & 0xF8) == 0xF0) {
            need = 3;
            cp = b0 & 0x07;
        } else {
            return false;
        }
        if (i + need >= s.size()) return false;
        for (std::size_t k = 1; k <= need; ++k) {
            const auto b = static_cast<unsigned char>(s[i + k]);
            if ((b & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (b & 0x3F);
        }
        if ((need == 1 && cp < 0x80) || (need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) ||
            (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
            return false;
        }
        i += need + 1;
    }
    return true;
}

}  // namespace ekel::fuzz
