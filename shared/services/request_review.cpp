#include "shared/services/request_review.h"

#include <array>
#include <nlohmann/json.hpp>

#include "shared/db/store.h"
#include "shared/domain/date.h"
#include "shared/domain/nik.h"
#include "shared/services/letter_fields.h"
#include "shared/services/request_service.h"
#include "shared/util/text.h"
#include "shared/util/time.h"

namespace ekel::services {

namespace {

/// What the purpose may be: the bot keeps at most this much of what a citizen wrote.
constexpr std::size_t kPurposeMaxBytes = 200;
constexpr std::size_t kNewcomerTextMaxBytes = 200;

struct NewcomerEntry {
    const char* key;
    const char* label;
    const char* stored_key;  ///< as in newcomer_fields.cpp
    ReviewKind kind;
};

constexpr std::array<NewcomerEntry, 5> kNewcomerEntries = {{
    {"alamat", "Alamat", "pendatang_alamat", ReviewKind::newcomer_text},
    {"nik", "NIK", "pendatang_nik", ReviewKind::newcomer_nik},
    {"tempat_lahir", "Tempat lahir", "pendatang_tempat_lahir", ReviewKind::newcomer_optional},
    {"tanggal_lahir", "Tanggal lahir", "pendatang_tanggal_lahir", ReviewKind::newcomer_date},
    {"alamat_asal", "Alamat asal", "pendatang_alamat_asal", ReviewKind::newcomer_optional},
}};

nlohmann::json fields_of(const domain::Request& request) {
    auto fields = nlohmann::json::parse(request.fields_json, nullptr, false);
    return fields.is_object() ? fields : nlohmann::json::object();
}

std::string string_at(const nlohmann::json& fields, const std::string& key) {
    auto it = fields.find(key);
    return it != fields.end() && it->is_string() ? it->get<std::string>() : "";
}

/// A free-text value staff typed: trimmed, not empty, not longer than `max_bytes`.
Result<std::string> check_text(const std::string& key, const std::string& label, const std::string& typed,
                               std::size_t max_bytes) {
    std::string value(trim(typed));
    if (value.empty()) return Result<std::string>::failure(key, label + " tidak boleh kosong.");
    if (value.size() > max_bytes) return Result<std::string>::failure(key, label + " terlalu panjang.");
    return value;
}

}  // namespace

RequestReview::RequestReview(db::Store& store, const Clock& clock, const config::KelurahanProfile& kelurahan)
    : store_(store), clock_(clock), kelurahan_(kelurahan) {}

bool RequestReview::editable(const domain::Request& request) {
    return request.status == domain::RequestStatus::rt_approved;
}

std::vector<ReviewValue> RequestReview::values(const domain::Request& request, const config::LetterType& type) {
    const auto fields = fields_of(request);
    std::vector<ReviewValue> out;
    if (!request.resident_id) {  // a newcomer's identity is the request's own, not the registry's
        out.push_back({"nama", "Nama pemohon", request.applicant_name, ReviewKind::applicant_name});
        for (const auto& entry : kNewcomerEntries) {
            out.push_back({entry.key, entry.label, string_at(fields, entry.stored_key), entry.kind, nullptr,
                           entry.stored_key});
        }
    }
    for (const auto& field : type.fields) {
        out.push_back({kFieldPrefix + field.key, field.label, string_at(fields, field.key), ReviewKind::field, &field});
    }
    out.push_back({kPurposeKey, "Keperluan", request.purpose, ReviewKind::purpose});
    return out;
}

Result<ReviewedRequest> RequestReview::apply(const domain::Request& request, const config::LetterType& type,
                                             const std::map<std::string, std::string>& form) {
    ReviewedRequest reviewed{request, {}};
    auto fields = fields_of(request);
    for (const auto& current : values(request, type)) {
        auto typed = form.find(current.key);
        if (typed == form.end() || trim(typed->second) == trim(current.value)) continue;
        const std::string& key = current.key;
        const std::string& text = typed->second;
        auto check = [&]() -> Result<std::string> {
            auto problem = [&](const std::string& message) { return Result<std::string>::failure(key, message); };
            if (!is_valid_utf8(text)) return problem("teks tidak terbaca (bukan UTF-8).");
            const bool optional = current.kind == ReviewKind::newcomer_optional ||
                                  (current.kind == ReviewKind::field && !current.field->required);
            if (optional && trim(text).empty()) return std::string();
            switch (current.kind) {
                case ReviewKind::field:
                    return check_field_answer(*current.field, text);
                case ReviewKind::newcomer_nik: {
                    std::string digits;
                    for (char c : text) {
                        if (c >= '0' && c <= '9') digits += c;
                    }
                    auto nik = domain::parse_nik(digits);
                    if (!nik) return problem(nik.error().message + ".");
                    return digits;
                }
                case ReviewKind::newcomer_date: {
                    auto date = domain::parse_date(std::string(trim(text)));
                    if (!date) return problem("format tanggal belum tepat, contoh: 17-08-1990.");
                    return domain::to_iso(*date);
                }
                default:
                    return check_text(key, current.label, text,
                                      key == kPurposeKey ? kPurposeMaxBytes : kNewcomerTextMaxBytes);
            }
        };
        auto checked = check();
        if (!checked) {
            const std::string& message = checked.error().message;
            return Result<ReviewedRequest>::failure(
                key, message.rfind(current.label, 0) == 0 ? message : current.label + ": " + message);
        }
        if (checked.value() == current.value) continue;
        reviewed.changes.push_back({current.label, current.value, checked.value()});
        const std::string stored_key = current.field ? current.field->key : current.stored_key;
        if (current.kind == ReviewKind::purpose) {
            reviewed.request.purpose = checked.value();
        } else if (current.kind == ReviewKind::applicant_name) {
            reviewed.request.applicant_name = checked.value();
        } else if (checked.value().empty()) {
            fields.erase(stored_key);
        } else {
            fields[stored_key] = checked.value();
        }
    }
    reviewed.request.fields_json = fields.dump();
    return reviewed;
}

void RequestReview::save_in_transaction(const ReviewedRequest& reviewed, const domain::Actor& actor) {
    if (reviewed.changes.empty()) return;
    const domain::Request& r = reviewed.request;
    store_.requests.update_details(r.id, r.applicant_name, r.fields_json, r.purpose, format_utc(clock_.now()));
    RequestService requests(store_, clock_, kelurahan_);
    for (const auto& change : reviewed.changes) {
        requests.record_in_transaction(r.id, actor, "content_edited",
                                       change.label + ": " + (change.before.empty() ? "-" : change.before) + " → " +
                                           (change.after.empty() ? "-" : change.after));
    }
}

}  // namespace ekel::services
