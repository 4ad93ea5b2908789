#include "shared/util/masking.h"

#include <algorithm>
#include <cstddef>

namespace ekel {

namespace {

constexpr std::size_t kNikVisibleTail = 4;
constexpr std::size_t kNikMinLength = 16;
constexpr std::size_t kPhoneVisibleHead = 4;  // country code and operator prefix
constexpr std::size_t kPhoneVisibleTail = 4;  // enough to tell two numbers apart
constexpr std::size_t kPhoneMinLength = 9;
constexpr std::size_t kRunMinLength = 12;
constexpr std::size_t kRunVisibleTail = 4;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool all_digits(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), is_digit);
}

// Counting characters rather than bytes keeps the mask as long as what a reader saw.
std::string mask_all(std::string_view text) {
    const auto characters = std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    });
    return std::string(static_cast<std::size_t>(characters), '*');
}

std::string keep_ends(std::string_view digits, std::size_t head, std::size_t tail) {
    return std::string(digits.substr(0, head)) + std::string(digits.size() - head - tail, '*') +
           std::string(digits.substr(digits.size() - tail));
}

}  // namespace

std::string mask_nik(std::string_view text) {
    if (text.size() < kNikMinLength || !all_digits(text)) return mask_all(text);
    return keep_ends(text, 0, kNikVisibleTail);
}

std::string mask_phone(std::string_view text) {
    const bool has_plus = text.starts_with('+');
    const std::string_view digits = has_plus ? text.substr(1) : text;
    if (digits.size() < kPhoneMinLength || !all_digits(digits)) return mask_all(text);
    std::string masked(has_plus ? "+" : "");
    masked += keep_ends(digits, kPhoneVisibleHead, kPhoneVisibleTail);
    return masked;
}

std::string mask_digit_runs(std::string_view text) {
    std::string result;
    result.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        if (!is_digit(text[i])) {
            result.push_back(text[i++]);
            continue;
        }
        std::size_t end = i;
        while (end < text.size() && is_digit(text[end])) ++end;
        const std::string_view run = text.substr(i, end - i);
        result +=
            run.size() >= kRunMinLength ? keep_ends(run, 0, kRunVisibleTail) : std::string(run);
        i = end;
    }
    return result;
}

}  // namespace ekel
