#include "shared/domain/phone.h"

#include <cstddef>
#include <string>
#include <utility>

namespace ekel::domain {

namespace {

constexpr std::string_view kCountryCode = "62";
// National significant number: landlines such as 548 21234 have 8 digits, mobiles 9 to 12.
constexpr std::size_t kMinNationalDigits = 8;
constexpr std::size_t kMaxNationalDigits = 12;

bool is_separator(char c) { return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')'; }

Result<std::string> fail(std::string message) {
    return Result<std::string>::failure("phone", std::move(message));
}

}  // namespace

Result<std::string> normalize_phone(std::string_view text) {
    std::string digits;
    bool has_plus = false;
    for (char c : text) {
        if (c >= '0' && c <= '9') {
            digits.push_back(c);
        } else if (c == '+') {
            if (has_plus || !digits.empty()) {
                return fail("Tanda + hanya boleh satu kali, di depan kode negara 62");
            }
            has_plus = true;
        } else if (!is_separator(c)) {
            return fail("Nomor HP hanya boleh berisi angka (boleh dipisah spasi, '-' atau '.')");
        }
    }
    if (digits.empty()) return fail("Nomor HP belum diisi");

    std::string_view national;
    const std::string_view all = digits;
    if (!has_plus && all.front() == '0') {
        national = all.substr(1);
    } else if (all.starts_with(kCountryCode)) {
        national = all.substr(kCountryCode.size());
    } else {
        return fail("Nomor HP harus nomor Indonesia (diawali 08 atau +62)");
    }

    // "+62 0812..." is a common slip; say exactly what to drop rather than "too long".
    if (!national.empty() && national.front() == '0') {
        if (all.front() == '0') {
            return fail("Nomor HP harus nomor Indonesia (diawali 08 atau +62)");
        }
        return fail("Setelah kode negara 62 jangan tulis 0 (contoh: +62 812 3456 7890)");
    }
    if (national.size() < kMinNationalDigits) return fail("Nomor HP terlalu pendek");
    if (national.size() > kMaxNationalDigits) return fail("Nomor HP terlalu panjang");
    return std::string(kCountryCode) + std::string(national);
}

bool is_mobile(std::string_view normalized) { return normalized.starts_with("628"); }

}  // namespace ekel::domain
