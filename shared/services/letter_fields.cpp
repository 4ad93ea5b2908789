#include "shared/services/letter_fields.h"

#include <algorithm>
#include <nlohmann/json.hpp>

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

Result<std::string> official_field_answer(const config::LetterField& field, const std::string& answer,
                                          const domain::OfficialWords& words) {
    auto checked = check_field_answer(field, answer);
    if (!checked || field.kind != config::FieldKind::text) return checked;
    std::string official = domain::to_official_text(checked.value(), field.text_case, words);
    if (official.empty()) return Result<std::string>::failure(field.key, "Jawaban tidak boleh kosong.");
    return official;
}

std::string official_purpose(std::string_view typed, const domain::OfficialWords& words) {
    return truncate_utf8(domain::to_official_text(typed, domain::TextCase::sentence, words), kMaxPurposeBytes);
}

std::string TypedText::to_json() const {
    nlohmann::json j = nlohmann::json::object();
    if (!purpose.empty()) j["purpose"] = purpose;
    if (!fields.empty()) j["fields"] = fields;
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

TypedText TypedText::from_json(std::string_view json_text) {
    TypedText typed;
    const nlohmann::json j = nlohmann::json::parse(json_text, nullptr, false);
    if (!j.is_object()) return typed;
    if (auto purpose = j.find("purpose"); purpose != j.end() && purpose->is_string()) {
        typed.purpose = purpose->get<std::string>();
    }
    if (auto fields = j.find("fields"); fields != j.end() && fields->is_object()) {
        for (const auto& [key, value] : fields->items()) {
            if (value.is_string()) typed.fields[key] = value.get<std::string>();
        }
    }
    return typed;
}

}  // namespace ekel::services
