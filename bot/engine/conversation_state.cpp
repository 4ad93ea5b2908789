#include "bot/engine/conversation_state.h"

#include <array>
#include <nlohmann/json.hpp>

namespace ekel::bot {

using nlohmann::json;

namespace {

constexpr std::array<std::string_view, kStateCount> kStateNames = {
    "idle",           "identify_nik",     "identify_birth_date", "choose_identity",  "choose_letter_type",
    "choose_applicant", "newcomer_name",  "newcomer_address",    "newcomer_rt",      "collect_field",
    "collect_purpose", "confirm",         "choose_edit",         "confirm_cancel",   "complaint_text",
    "choose_requirements", "correction",  "rt_reason",           "confirm_complaint", "clarify",
    "newcomer_nik",   "newcomer_birth_date", "newcomer_birth_place", "newcomer_origin", "newcomer_detail",
    "collect_document",
};

// Lenient readers: a missing key or a value of another type is nullopt.
std::optional<std::string> text_at(const json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
}

std::optional<std::int64_t> integer_at(const json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_number_integer()) return std::nullopt;
    return it->get<std::int64_t>();
}

const json* object_at(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_object() ? &*it : nullptr;
}

int small_int(std::optional<std::int64_t> value) {
    return value && *value >= -1000000 && *value <= 1000000 ? static_cast<int>(*value) : 0;
}

Draft read_draft(const json& j) {
    Draft d;
    d.letter_type = text_at(j, "letter_type");
    d.said = text_at(j, "said").value_or("");
    d.purpose = text_at(j, "purpose");
    d.other_letter_type = text_at(j, "other_letter_type");
    d.said_name = text_at(j, "said_name");
    if (auto rt = integer_at(j, "said_rt"); rt && *rt > 0 && *rt < 1000) d.said_rt = static_cast<int>(*rt);
    if (const json* fields = object_at(j, "fields")) {
        for (const auto& [key, value] : fields->items()) {
            if (value.is_string()) d.fields[key] = value.get<std::string>();
        }
    }
    d.typed_purpose = text_at(j, "typed_purpose");
    if (const json* typed = object_at(j, "typed_fields")) {
        for (const auto& [key, value] : typed->items()) {
            if (value.is_string()) d.typed_fields[key] = value.get<std::string>();
        }
    }
    if (const json* documents = object_at(j, "documents")) {
        for (const auto& [key, value] : documents->items()) {
            // Positions are small numbers; anything else is not ours and is dropped.
            if (!value.is_object() || key.empty() || key.size() > 3 ||
                key.find_first_not_of("0123456789") != std::string::npos) {
                continue;
            }
            d.documents[std::stoi(key)] = DocumentAnswer{text_at(value, "state").value_or(""), integer_at(value, "attachment")};
        }
    }
    d.applicant_id = integer_at(j, "applicant_id");
    if (const json* n = object_at(j, "newcomer")) {
        Newcomer& newcomer = d.newcomer.emplace();
        newcomer.name = text_at(*n, "name").value_or("");
        newcomer.address = text_at(*n, "address").value_or("");
        newcomer.rt = small_int(integer_at(*n, "rt"));
        newcomer.nik = text_at(*n, "nik").value_or("");
        newcomer.birth_date = text_at(*n, "birth_date").value_or("");
        newcomer.birth_place = text_at(*n, "birth_place").value_or("");
        newcomer.origin_address = text_at(*n, "origin_address").value_or("");
        if (const json* details = object_at(*n, "details")) {
            for (const auto& [key, value] : details->items()) {
                if (value.is_string()) newcomer.details[key] = value.get<std::string>();
            }
        }
    }
    return d;
}

json write_draft(const Draft& d) {
    json j = json::object();
    if (d.letter_type) j["letter_type"] = *d.letter_type;
    if (!d.said.empty()) j["said"] = d.said;
    if (d.purpose) j["purpose"] = *d.purpose;
    if (d.other_letter_type) j["other_letter_type"] = *d.other_letter_type;
    if (d.said_name) j["said_name"] = *d.said_name;
    if (d.said_rt) j["said_rt"] = *d.said_rt;
    if (!d.fields.empty()) j["fields"] = d.fields;
    if (d.typed_purpose) j["typed_purpose"] = *d.typed_purpose;
    if (!d.typed_fields.empty()) j["typed_fields"] = d.typed_fields;
    if (!d.documents.empty()) {
        json documents = json::object();
        for (const auto& [position, answer] : d.documents) {
            json a = {{"state", answer.state}};
            if (answer.attachment_id) a["attachment"] = *answer.attachment_id;
            documents[std::to_string(position)] = a;
        }
        j["documents"] = documents;
    }
    if (d.applicant_id) j["applicant_id"] = *d.applicant_id;
    if (d.newcomer) {
        json n = json::object();
        if (!d.newcomer->name.empty()) n["name"] = d.newcomer->name;
        if (!d.newcomer->address.empty()) n["address"] = d.newcomer->address;
        if (d.newcomer->rt != 0) n["rt"] = d.newcomer->rt;
        if (!d.newcomer->nik.empty()) n["nik"] = d.newcomer->nik;
        if (!d.newcomer->birth_date.empty()) n["birth_date"] = d.newcomer->birth_date;
        if (!d.newcomer->birth_place.empty()) n["birth_place"] = d.newcomer->birth_place;
        if (!d.newcomer->origin_address.empty()) n["origin_address"] = d.newcomer->origin_address;
        if (!d.newcomer->details.empty()) n["details"] = d.newcomer->details;
        j["newcomer"] = n;
    }
    return j;
}

}  // namespace

std::string_view to_string(State state) { return kStateNames[static_cast<std::size_t>(state)]; }

std::optional<State> parse_state(std::string_view text) {
    for (std::size_t i = 0; i < kStateNames.size(); ++i) {
        if (kStateNames[i] == text) return static_cast<State>(i);
    }
    return std::nullopt;
}

ConversationData read_conversation_data(std::string_view json_text) {
    ConversationData data;
    json j = json::parse(json_text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return data;
    data.self_id = integer_at(j, "self_id");
    if (const json* c = object_at(j, "last_complaint")) {
        data.last_complaint = LastComplaint{integer_at(*c, "id").value_or(0), text_at(*c, "code").value_or(""),
                                            text_at(*c, "at").value_or("")};
    }
    if (const json* d = object_at(j, "draft")) data.draft = read_draft(*d);
    data.pending_nik = text_at(j, "pending_nik");
    data.pending_birth_date = text_at(j, "pending_birth_date");
    data.cancel_code = text_at(j, "cancel_code").value_or("");
    data.correction_code = text_at(j, "correction_code").value_or("");
    data.field = text_at(j, "field").value_or("");
    if (auto document = integer_at(j, "document"); document && *document >= 0 && *document < 1000) {
        data.document = static_cast<int>(*document);
    }
    if (auto it = j.find("editing"); it != j.end() && it->is_boolean()) data.editing = it->get<bool>();
    const auto decision_at = [&](const char* key) -> std::optional<RtPending> {
        const json* p = object_at(j, key);
        if (!p) return std::nullopt;
        return RtPending{text_at(*p, "code").value_or(""), small_int(integer_at(*p, "decision")),
                         text_at(*p, "note").value_or("")};
    };
    data.rt_pending = decision_at("rt_pending");
    data.rt_proposed = decision_at("rt_proposed");
    data.pending_complaint = text_at(j, "pending_complaint").value_or("");
    data.clarify_text = text_at(j, "clarify_text").value_or("");
    if (auto resume = text_at(j, "rt_resume")) data.rt_resume = parse_state(*resume);
    const auto strings_at = [&](const char* key, std::vector<std::string>& out) {
        if (auto it = j.find(key); it != j.end() && it->is_array()) {
            for (const auto& item : *it) {
                if (item.is_string()) out.push_back(item.get<std::string>());
            }
        }
    };
    strings_at("offered", data.offered);
    strings_at("recent", data.recent);
    return data;
}

std::string write_conversation_data(const ConversationData& data) {
    json j = json::object();
    if (data.self_id) j["self_id"] = *data.self_id;
    if (data.last_complaint) {
        j["last_complaint"] = {{"id", data.last_complaint->id},
                               {"code", data.last_complaint->code},
                               {"at", data.last_complaint->at}};
    }
    if (data.draft) j["draft"] = write_draft(*data.draft);
    if (data.pending_nik) j["pending_nik"] = *data.pending_nik;
    if (data.pending_birth_date) j["pending_birth_date"] = *data.pending_birth_date;
    if (!data.cancel_code.empty()) j["cancel_code"] = data.cancel_code;
    if (!data.correction_code.empty()) j["correction_code"] = data.correction_code;
    if (!data.field.empty()) j["field"] = data.field;
    if (data.document) j["document"] = *data.document;
    if (data.editing) j["editing"] = true;
    const auto write_decision = [&](const char* key, const std::optional<RtPending>& d) {
        if (!d) return;
        j[key] = {{"code", d->code}, {"decision", d->decision}};
        if (!d->note.empty()) j[key]["note"] = d->note;
    };
    write_decision("rt_pending", data.rt_pending);
    write_decision("rt_proposed", data.rt_proposed);
    if (!data.pending_complaint.empty()) j["pending_complaint"] = data.pending_complaint;
    if (!data.clarify_text.empty()) j["clarify_text"] = data.clarify_text;
    if (data.rt_resume) j["rt_resume"] = std::string(to_string(*data.rt_resume));
    if (!data.offered.empty()) j["offered"] = data.offered;
    if (!data.recent.empty()) j["recent"] = data.recent;
    return j.dump();
}

}  // namespace ekel::bot
