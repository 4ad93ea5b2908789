#include "shared/services/letter_fields.h"

#include <algorithm>

#include "shared/domain/date.h"
#include "shared/domain/nik.h"
#include "shared/domain/phone.h"
#include "shared/util/text.h"

namespace ekel::services {

Result<std::string> check_field_answer(const config::LetterField& field, const std::string& answer) {
    const std::string raw(trim(answer));
    auto problem = [&](std::string message) { return Result<std::string>::failure(field.key, std::move(message)); };
    switch (field.kind) {
        case config::FieldKind::text:
            if (raw.empty()) return problem("Jawaban tidak boleh kosong.");
            if (static_cast<int>(raw.size()) > field.max_length) return problem("Jawaban terlalu panjang.");
            return raw;
        case config::FieldKind::date: {
            auto date = domain::parse_date(raw);
            if (!date) return problem("Format tanggal belum tepat, contoh: 17-08-2026.");
            return domain::to_indonesian_long(*date);
        }
        case config::FieldKind::number: {
            std::string digits;
            for (char c : raw) {
                if (c >= '0' && c <= '9') {
                    digits += c;
                } else if (c != '.' && c != ' ' && c != ',') {
                    return problem("Mohon jawab dengan angka saja.");
                }
            }
            if (digits.empty()) return problem("Mohon jawab dengan angka saja.");
            if (static_cast<int>(digits.size()) > std::min(12, field.max_length)) return problem("Angka itu terlalu panjang.");
            return digits;
        }
        case config::FieldKind::phone: {
            auto phone = domain::normalize_phone(raw);
            if (!phone) return problem(phone.error().message + ".");
            return phone.value();
        }
        case config::FieldKind::nik: {
            std::string digits;
            for (char c : raw) {
                if (c >= '0' && c <= '9') digits += c;
            }
            auto nik = domain::parse_nik(digits);
            if (!nik) return problem(nik.error().message + ".");
            return digits;
        }
        case config::FieldKind::choice:
            break;
    }
    if (is_all_digits(raw) && raw.size() <= 2) {
        std::size_t index = std::stoul(raw);
        if (index >= 1 && index <= field.choices.size()) return field.choices[index - 1];
    }
    for (const auto& choice : field.choices) {
        if (to_lower_ascii(choice) == to_lower_ascii(raw)) return choice;
    }
    return problem("Mohon pilih salah satu pilihan yang tersedia.");
}

}  // namespace ekel::services
