#include <fmt/format.h>
#include <httplib.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "backoffice/web/routes.h"
#include "shared/http/site_routes.h"
#include "backoffice/web/web.h"
#include "shared/db/store.h"
#include "shared/db/write_transaction.h"
#include "shared/domain/date.h"
#include "shared/domain/nik.h"
#include "shared/services/collection_service.h"
#include "shared/services/letter_fields.h"
#include "shared/services/letter_service.h"
#include "shared/services/newcomer_fields.h"
#include "shared/services/request_review.h"
#include "shared/services/request_service.h"
#include "shared/services/requirement_checklist.h"
#include "shared/services/rt_review.h"
#include "shared/util/masking.h"
#include "shared/util/text.h"
#include "shared/util/time.h"

namespace ekel::office {

using domain::RequestStatus;
using domain::StaffRole;
using nlohmann::json;

namespace {

constexpr int kPageSize = 50;
// The review form's tick boxes: "syarat_<position>" = "1", as on the desk form.
constexpr std::string_view kTickPrefix = "syarat_";
constexpr auto kAllStaff = {StaffRole::admin, StaffRole::operator_, StaffRole::lurah, StaffRole::rt};

/// A local date (YYYY-MM-DD) as the UTC start of that day in the kelurahan's zone.
std::optional<std::string> local_day_start(const std::string& iso, int utc_offset_minutes, int add_days = 0) {
    auto date = domain::parse_date(iso);
    if (!date || iso.size() != 10) return std::nullopt;
    return format_utc(local_to_utc(domain::add_days(*date, add_days), 0, utc_offset_minutes));
}

std::string type_name(const config::LetterCatalog& catalog, const std::string& code) {
    const config::LetterType* type = catalog.find(code);
    return type ? type->name : code;
}

/// Requests past the letter type's processing target (counted from the RT's approval).
bool is_late(const domain::Request& r, const config::LetterCatalog& catalog, TimePoint now) {
    if (r.status != RequestStatus::rt_approved || !r.rt_decided_at) return false;
    const config::LetterType* type = catalog.find(r.letter_type);
    auto approved = parse_utc(*r.rt_decided_at);
    return type && approved && now - *approved > std::chrono::hours(type->target_hours);
}

/// Staff of role rt see only their own RT's requests.
bool may_see(const domain::StaffUser& user, const domain::Request& request) {
    return user.role != StaffRole::rt || (user.rt_id && *user.rt_id == request.rt_id);
}

std::optional<domain::Request> find_visible(Web& web, db::Store& store, const services::StaffSessionView& session,
                                            const httplib::Request& req, httplib::Response& res) {
    auto request = store.requests.find_by_code(req.matches[1]);
    if (!request) {
        web.message(res, 404, "Tidak ditemukan", "Permohonan dengan kode itu tidak ada.", session, "/permohonan");
        return std::nullopt;
    }
    if (!may_see(session.user, *request)) {
        services::StaffAuth(store, web.clock).audit(session.user.username, "forbidden", req.path, "RT lain",
                                                    web.address(req));
        web.message(res, 403, "Tidak diizinkan", "Permohonan ini bukan dari RT Anda.", session, "/permohonan");
        return std::nullopt;
    }
    return request;
}

void show_list(Web& web, db::Store& store, const services::StaffSessionView& session, const httplib::Request& req,
               httplib::Response& res) {
    const int offset = web.config.kelurahan.utc_offset_minutes;
    db::RequestFilter filter;
    std::string error;
    const std::string status = param(req, "status");
    const std::string type = param(req, "jenis");
    const std::string rt = param(req, "rt");
    const std::string channel = param(req, "kanal");
    const std::string from = param(req, "dari");
    const std::string to = param(req, "sampai");
    const std::string q = param(req, "q");
    if (!status.empty()) {
        filter.status = domain::parse_request_status(status);
        if (!filter.status) error = "Status \"" + status + "\" tidak dikenal.";
    }
    if (!type.empty()) {
        if (!web.catalog.find(type)) error = "Jenis surat \"" + type + "\" tidak dikenal.";
        filter.letter_type = type;
    }
    if (session.user.role == StaffRole::rt) {
        filter.rt_id = session.user.rt_id;
    } else if (!rt.empty()) {
        auto found = is_all_digits(rt) && rt.size() <= 3 ? store.rts.find_by_number(std::stoi(rt)) : std::nullopt;
        if (!found) error = "RT \"" + rt + "\" tidak ada.";
        filter.rt_id = found ? found->id : -1;
    }
    if (!channel.empty()) {
        filter.channel = domain::parse_channel(channel);
        if (!filter.channel) error = "Kanal \"" + channel + "\" tidak dikenal.";
    }
    if (!from.empty()) {
        auto start = local_day_start(from, offset);
        if (!start) error = "Tanggal \"dari\" harus berbentuk tanggal yang benar.";
        filter.created_from = start.value_or("");
    }
    if (!to.empty()) {
        auto end = local_day_start(to, offset, 1);
        if (!end) error = "Tanggal \"sampai\" harus berbentuk tanggal yang benar.";
        filter.created_to = end.value_or("");
    }
    if (!q.empty()) {
        std::string upper = to_upper_ascii(q);
        if (is_all_digits(q) && q.size() == 16) {
            auto resident = store.residents.find_by_nik(q);
            filter.resident_id = resident ? resident->id : -1;
        } else if (upper.find('-') != std::string::npos && upper.size() <= 20) {
            filter.code = upper;
        } else {
            filter.name_prefix = q;
        }
    }
    const std::string before_at = param(req, "sebelum");
    const std::string before_id = param(req, "id");
    if (!before_at.empty() && parse_utc(before_at) && is_all_digits(before_id) && before_id.size() < 19) {
        filter.before = std::make_pair(before_at, std::stoll(before_id));
    }

    std::vector<domain::Request> rows = error.empty() ? store.requests.search(filter, kPageSize + 1) : std::vector<domain::Request>{};
    json data = {{"title", "Permohonan"}, {"q", q}, {"rt", rt}, {"dari", from}, {"sampai", to},
                 {"rt_locked", session.user.role == StaffRole::rt}, {"error", error}};
    json statuses = json::array();
    for (auto s : domain::all_request_statuses()) {
        statuses.push_back({{"value", std::string(domain::to_string(s))},
                            {"label", std::string(domain::describe_for_citizen(s))},
                            {"selected", std::string(domain::to_string(s)) == status}});
    }
    data["statuses"] = statuses;
    json types = json::array();
    for (const auto& t : web.catalog.types) types.push_back({{"value", t.code}, {"label", t.name}, {"selected", t.code == type}});
    data["types"] = types;
    data["channels"] = json::array({{{"value", "whatsapp"}, {"label", "WhatsApp"}, {"selected", channel == "whatsapp"}},
                                    {{"value", "walk_in"}, {"label", "Loket"}, {"selected", channel == "walk_in"}}});
    const TimePoint now = web.clock.now();
    json list = json::array();
    std::map<std::int64_t, int> rt_numbers;
    for (std::size_t i = 0; i < rows.size() && i < static_cast<std::size_t>(kPageSize); ++i) {
        const auto& r = rows[i];
        if (!rt_numbers.count(r.rt_id)) {
            auto found = store.rts.find_by_id(r.rt_id);
            rt_numbers[r.rt_id] = found ? found->number : 0;
        }
        list.push_back({{"code", r.code},
                        {"name", r.applicant_name},
                        {"type", type_name(web.catalog, r.letter_type)},
                        {"rt", fmt::format("{:03d}", rt_numbers[r.rt_id])},
                        {"status", std::string(domain::describe_for_citizen(r.status))},
                        {"created", local_time_text(r.created_at, offset)},
                        {"late", is_late(r, web.catalog, now)}});
    }
    data["rows"] = list;
    if (rows.size() > static_cast<std::size_t>(kPageSize) && filter.name_prefix.empty()) {
        const auto& last = rows[kPageSize - 1];
        httplib::Params next = req.params;
        next.erase("sebelum");
        next.erase("id");
        next.emplace("sebelum", last.created_at);
        next.emplace("id", std::to_string(last.id));
        data["next"] = "/permohonan?" + httplib::detail::params_to_query_str(next);
    }
    web.page(res, "requests", data, session);
}

/// The form's values as posted (every parameter; RequestReview reads only its own keys).
std::map<std::string, std::string> posted_form(const httplib::Request& req) {
    std::map<std::string, std::string> form;
    for (const auto& [key, value] : req.params) form.emplace(key, value);
    return form;
}

/// The positions staff ticked in the review form; anything else named like a tick is refused.
Result<std::vector<int>> posted_ticks(const std::map<std::string, std::string>& form) {
    std::vector<int> positions;
    for (const auto& [name, value] : form) {
        if (name.rfind(kTickPrefix, 0) != 0) continue;
        const std::string position = name.substr(kTickPrefix.size());
        if (position.empty() || position.size() > 3 || !is_all_digits(position) || value != "1") {
            return Result<std::vector<int>>::failure(name, "Persyaratan tidak dikenal: pilih dari daftar persyaratan.");
        }
        positions.push_back(std::stoi(position));
    }
    return positions;
}

/// The review form: the letter's values as inputs (a choice as a list), with what staff just
/// typed when it was refused, and the signers when the user may issue.
json review_form(Web& web, const services::StaffSessionView& session, const domain::Request& r,
                 const config::LetterType& type, const std::vector<domain::RequirementItem>& checklist,
                 const std::map<std::string, std::string>& posted, bool may_issue) {
    const services::TypedText citizen_typed = services::TypedText::from_json(r.original_text_json);
    json values = json::array();
    for (const auto& v : services::RequestReview::values(r, type)) {
        auto it = posted.find(v.key);
        const std::string shown = it != posted.end() ? it->second : v.value;
        json row = {{"key", v.key}, {"label", v.label}, {"value", shown}};
        // What the citizen wrote, when the letter's text is the cleaned (or corrected) form of it.
        std::string original;
        if (v.kind == services::ReviewKind::purpose) original = citizen_typed.purpose;
        if (v.field) {
            auto found = citizen_typed.fields.find(v.field->key);
            if (found != citizen_typed.fields.end()) original = found->second;
        }
        if (!original.empty() && original != v.value) row["original"] = original;
        if (v.field && v.field->kind == config::FieldKind::choice) {
            json options = json::array();
            if (!v.field->required) options.push_back({{"value", ""}, {"selected", shown.empty()}});
            for (const auto& choice : v.field->choices) options.push_back({{"value", choice}, {"selected", choice == shown}});
            row["options"] = options;
            row["choice"] = true;
        } else {
            row["long"] = v.key == services::RequestReview::kPurposeKey ||
                          (v.field && v.field->max_length > config::kDefaultFieldMaxLength);
        }
        values.push_back(row);
    }
    // Ticks go with the same submit, so checked documents and Terbitkan are one click.
    json checks = json::array();
    for (const auto& item : checklist) {
        if (item.is_ticked()) continue;
        const std::string name = std::string(kTickPrefix) + std::to_string(item.position);
        checks.push_back({{"name", name},
                          {"position", std::to_string(item.position)},
                          {"text", item.text},
                          {"mandatory", item.mandatory},
                          {"checked", posted.count(name) > 0}});
    }
    json form = {{"code", r.code},     {"csrf", session.csrf_token}, {"values", values},
                 {"issue", may_issue}, {"original_by", r.channel == domain::Channel::whatsapp ? "Ditulis warga" : "Diketik di loket"},
                 {"checks", checks},   {"has_checks", !checks.empty()}};
    if (may_issue) {
        const config::Signer* preset = services::letter_signer(web.config, type, "");
        const json signers = signer_options(web.config, preset);
        form["signers"] = signers;
        form["choose_signer"] = signers.size() > 1;
        form["needs_passphrase"] = web.needs_passphrase();
    }
    return form;
}

/// The requirement checklist section: each item with its state, the file the citizen sent and
/// who ticked it; tick buttons for office staff while the request is open.
/// While the review form is shown, unticked items are ticked there (with the same submit).
json checklist_json(Web& web, db::Store& store, const services::StaffSessionView& session, const domain::Request& r,
                    const std::vector<domain::RequirementItem>& items, bool ticks_in_review) {
    if (items.empty()) return nullptr;
    const bool may_tick = Web::has_role(session.user, {StaffRole::operator_, StaffRole::lurah}) &&
                          !domain::is_final(r.status);
    json rows = json::array();
    for (const auto& item : items) {
        json row = {{"position", std::to_string(item.position)},
                    {"text", item.text},
                    {"document", item.kind == domain::RequirementKind::document},
                    {"kind", item.kind == domain::RequirementKind::document ? "dokumen"
                             : item.confirmed_by_rt                         ? "dicentang saat RT menyetujui"
                                                                            : "diperiksa petugas"},
                    {"mandatory", item.mandatory},
                    {"state", std::string(domain::describe(item.state))},
                    {"ticked", item.is_ticked()},
                    {"may_tick", may_tick && (item.is_ticked() || !ticks_in_review)}};
        if (item.is_ticked()) {
            row["ticked_by"] = *item.ticked_by;
            row["ticked_at"] = local_time_text(*item.ticked_at, web.config.kelurahan.utc_offset_minutes);
        }
        if (item.attachment_id) {
            if (auto attachment = store.attachments.find(*item.attachment_id)) {
                row["file"] = attachment_rows({*attachment}).at(0);
            }
        }
        rows.push_back(row);
    }
    json missing = json::array();
    for (const auto& item : services::unticked_mandatory(items)) missing.push_back(item.text);
    return {{"code", r.code}, {"csrf", session.csrf_token}, {"items", rows}, {"missing", missing},
            {"complete", missing.empty()}};
}

void show_detail(Web& web, db::Store& store, const services::StaffSessionView& session, const domain::Request& r,
                 httplib::Response& res, const std::string& flash, int status_code = 200,
                 const std::map<std::string, std::string>& posted = {}) {
    const int offset = web.config.kelurahan.utc_offset_minutes;
    const auto& user = session.user;
    json data = {{"title", "Permohonan " + r.code},
                 {"code", r.code},
                 {"status", std::string(domain::describe_for_citizen(r.status))},
                 {"type", type_name(web.catalog, r.letter_type)},
                 {"name", r.applicant_name},
                 {"purpose", r.purpose},
                 {"channel", r.channel == domain::Channel::whatsapp ? "WhatsApp" : "Loket"},
                 {"created", local_time_text(r.created_at, offset)},
                 {"flash", flash}};
    auto rt = store.rts.find_by_id(r.rt_id);
    data["rt"] = rt ? fmt::format("RT {:03d} / RW {:03d}", rt->number, rt->rw_number) : "";
    auto fields = json::parse(r.fields_json, nullptr, false);
    if (!fields.is_object()) fields = json::object();
    if (r.resident_id) {
        if (auto resident = store.residents.find_by_id(*r.resident_id)) {
            data["nik"] = resident->nik;
            data["address"] = resident->address;
        }
    } else {
        const services::NewcomerFields n = services::read_newcomer_fields(fields);
        data["address"] = n.address + " (warga pendatang)";
        if (!n.nik.empty()) data["nik"] = n.nik;
        if (auto born = domain::parse_date(n.birth_date)) {
            data["birth"] = (n.birth_place.empty() ? "" : n.birth_place + ", ") + domain::to_indonesian_long(*born);
        }
        if (!n.origin_address.empty()) data["origin_address"] = n.origin_address;
    }
    // Whoever may open this page (office staff, the request's own RT) may call the applicant.
    if (r.applicant_phone.size() >= 8 && r.applicant_phone.size() <= 15 && is_all_digits(r.applicant_phone)) {
        data["phone"] = r.applicant_phone;
    }
    // Text goes on the letter in official form; what was typed is shown beside it where it differs.
    const services::TypedText typed = services::TypedText::from_json(r.original_text_json);
    data["purpose_original"] = typed.purpose == r.purpose ? "" : typed.purpose;
    data["original_by"] = r.channel == domain::Channel::whatsapp ? "Ditulis warga" : "Diketik di loket";
    json field_rows = json::array();
    if (const config::LetterType* type = web.catalog.find(r.letter_type)) {
        for (const auto& field : type->fields) {
            if (fields.contains(field.key) && fields[field.key].is_string()) {
                const std::string value = fields[field.key].get<std::string>();
                auto original = typed.fields.find(field.key);
                const bool differs = original != typed.fields.end() && original->second != value;
                field_rows.push_back({{"key", field.key},
                                      {"label", field.label},
                                      {"value", value},
                                      {"original", differs ? original->second : ""}});
            }
        }
    }
    data["fields"] = field_rows;
    json attachments = attachment_rows(store.attachments.for_request(r.id));
    data["has_attachments"] = !attachments.empty();
    data["attachments"] = attachments;
    const auto checklist = store.requirements.for_request(r.id);
    const config::LetterType* type = web.catalog.find(r.letter_type);
    const bool office_staff = Web::has_role(user, {StaffRole::operator_, StaffRole::lurah});
    const bool review = type && office_staff && services::RequestReview::editable(r);
    data["checklist"] = checklist_json(web, store, session, r, checklist, review);
    data["requirements_override"] = data["checklist"].is_object() && !data["checklist"]["complete"].get<bool>();
    auto letter = store.letters.find_by_request(r.id);
    if (letter) {
        data["letter"] = {{"number", letter->number}, {"token", letter->verification_token},
                          {"revoked", letter->revoked_at.has_value()}};
    }
    json events = json::array();
    for (const auto& e : store.events.list_for(r.id)) {
        std::string who = e.actor.name.empty() ? (e.actor.kind == domain::ActorKind::citizen ? mask_phone(e.actor.id) : e.actor.id)
                                               : e.actor.name;
        events.push_back({{"at", local_time_text(e.at, offset)}, {"action", std::string(domain::describe_event(e.action))}, {"who", who}, {"note", e.note}});
    }
    data["events"] = events;
    if (auto booking = store.bookings.find(r.id)) {
        services::CollectionService collection(store, web.config, web.catalog);
        data["booking"] = fmt::format("{}, nomor antrean {}",
                                      collection.describe_slot(parse_utc(booking->slot_start).value_or(TimePoint{})),
                                      booking->queue_number);
    }

    const bool pending_rt = r.status == RequestStatus::submitted;
    json actions = {{"code", r.code}, {"csrf", session.csrf_token}};
    bool any = false;
    auto allow = [&](const char* name, bool condition, json value = true) {
        if (!condition) return;
        actions[name] = std::move(value);
        any = true;
    };
    allow("approve", pending_rt && (office_staff || user.role == StaffRole::rt),
          json{{"code", r.code}, {"csrf", session.csrf_token}, {"reason_required", user.role != StaffRole::rt}});
    allow("revise", (pending_rt && (office_staff || user.role == StaffRole::rt)) ||
                        (r.status == RequestStatus::rt_approved && office_staff));
    allow("reject", (pending_rt && (office_staff || user.role == StaffRole::rt)) ||
                        (r.status == RequestStatus::rt_approved && office_staff));
    allow("collect", r.status == RequestStatus::issued && office_staff);
    if (letter && !letter->revoked_at) {
        allow("revoke", Web::has_role(user, {StaffRole::lurah, StaffRole::admin}),
              json{{"token", letter->verification_token}, {"csrf", session.csrf_token}});
    }
    if (any) data["actions"] = actions;
    if (review) data["review"] = review_form(web, session, r, *type, checklist, posted, user.role == StaffRole::lurah);
    web.page(res, "request", data, session, status_code);
}

/// An RT decision's answer for a page: the chat reply speaks WhatsApp (*bold*, "ketik DAFTAR"
/// after a decision).
std::string web_text(const services::RtOutcome& outcome, services::RtDecision decision, const std::string& code) {
    using Kind = services::RtOutcome::Kind;
    if (outcome.kind == Kind::done) {
        switch (decision) {
            case services::RtDecision::approve:
                return "Permohonan " + code + " disetujui; pemohon sudah diberi tahu dan permohonan diteruskan ke kelurahan.";
            case services::RtDecision::reject:
                return "Permohonan " + code + " ditolak; pemohon sudah diberi tahu alasannya.";
            case services::RtDecision::revise:
                return "Permohonan " + code + " dikembalikan untuk diperbaiki; pemohon sudah diberi tahu catatannya.";
        }
    }
    if (outcome.kind == Kind::reason_required) return "Alasan atau catatan wajib diisi.";
    // The other answers (already decided, cancelled, own request) are plain sentences but for
    // the request code's *bold*.
    std::string text = outcome.reply;
    std::erase(text, '*');
    return text;
}

/// Setujui / Tolak / Perbaiki from the back office: the RT's own decision for an rt account,
/// on the RT's behalf (reason required) for operator and lurah before the RT acted, and the
/// kelurahan's own send-back or rejection after the RT approved.
std::string decide(Web& web, db::Store& store, const services::StaffSessionView& session, const domain::Request& r,
                   const std::string& what, const std::string& note) {
    db::WriteTransaction tx(store.db());
    auto current = store.requests.find_by_id(r.id);
    if (current && current->status == RequestStatus::rt_approved && what != "setujui") {
        if (trim(note).size() < 3) return "Catatan atau alasan wajib diisi.";
        const RequestStatus to = what == "tolak" ? RequestStatus::rejected : RequestStatus::needs_revision;
        services::RequestService(store, web.clock, web.config.kelurahan)
            .change_status_in_transaction(r.id, to,
                                          {domain::ActorKind::staff, session.user.username, session.user.full_name},
                                          std::string(trim(note)));
        std::string text =
            to == RequestStatus::rejected
                ? fmt::format("Mohon maaf, permohonan *{}* tidak dapat diproses kelurahan.\nAlasan: {}", r.code, trim(note))
                : fmt::format("Permohonan *{}* perlu diperbaiki.\nCatatan petugas kelurahan: {}\n\nBalas *perbaiki {}* "
                              "untuk mengirim perbaikannya.",
                              r.code, trim(note), r.code);
        if (!r.applicant_phone.empty()) {
            store.outbox.enqueue(messaging::message_to(r.applicant_phone, messaging::OutboundKind::text, text), r.id,
                                 format_utc(web.clock.now()));
        }
        tx.commit();
        return to == RequestStatus::rejected ? "Permohonan ditolak; pemohon sudah diberi tahu."
                                             : "Permohonan dikembalikan untuk diperbaiki; pemohon sudah diberi tahu.";
    }
    const services::RtDecision decision = what == "setujui" ? services::RtDecision::approve
                                          : what == "tolak" ? services::RtDecision::reject
                                                            : services::RtDecision::revise;
    auto outcome = services::RtReview(store, web.clock, web.config, web.catalog)
                       .decide_in_back_office(r.id, decision, session.user, note);
    tx.commit();
    return web_text(outcome, decision, r.code);
}

}  // namespace

void register_request_routes(http::SiteRoutes& server, Web& web) {
    server.Get("/permohonan", [&web](const httplib::Request& req, httplib::Response& res) {
        web.guarded(req, res, kAllStaff,
                    [&](db::Store& store, const services::StaffSessionView& session) { show_list(web, store, session, req, res); });
    });

    server.Get(R"(/permohonan/([A-Za-z0-9-]{1,24}))", [&web](const httplib::Request& req, httplib::Response& res) {
        web.guarded(req, res, kAllStaff, [&](db::Store& store, const services::StaffSessionView& session) {
            if (auto r = find_visible(web, store, session, req, res)) show_detail(web, store, session, *r, res, "");
        });
    });

    // Attachments: images shown inline on the detail page, documents downloaded.
    server.Get(R"(/lampiran/(\d{1,12}))", [&web](const httplib::Request& req, httplib::Response& res) {
        web.guarded(req, res, kAllStaff, [&](db::Store& store, const services::StaffSessionView& session) {
            auto attachment = store.attachments.find(std::stoll(req.matches[1]));
            auto request = attachment && attachment->request_id ? store.requests.find_by_id(*attachment->request_id)
                                                                : std::nullopt;
            // A complaint's photo is for the kelurahan's staff; a request's for those who may see the request.
            const bool complaint_photo = attachment && attachment->complaint_id && session.user.role != StaffRole::rt;
            if ((!complaint_photo && (!request || !may_see(session.user, *request))) || attachment->path.empty()) {
                return web.message(res, 404, "Tidak ditemukan", "Lampiran itu tidak ada.", session, "/permohonan");
            }
            std::ifstream in(attachment->path, std::ios::binary);
            std::stringstream bytes;
            bytes << in.rdbuf();
            if (!in) return web.message(res, 404, "Tidak ditemukan", "Berkas lampiran tidak ada.", session, "/permohonan");
            const bool image = attachment->mime_type.rfind("image/", 0) == 0;
            res.set_header("Content-Disposition", std::string(image ? "inline" : "attachment") + "; filename=\"lampiran-" +
                                                      std::to_string(attachment->id) + "\"");
            res.set_content(bytes.str(), attachment->mime_type.empty() ? "application/octet-stream" : attachment->mime_type);
        });
    });

    server.Post(R"(/permohonan/([A-Za-z0-9-]{1,24})/(setujui|tolak|perbaiki))",
                [&web](const httplib::Request& req, httplib::Response& res) {
                    web.guarded(req, res, {StaffRole::operator_, StaffRole::lurah, StaffRole::rt},
                                [&](db::Store& store, const services::StaffSessionView& session) {
                                    auto r = find_visible(web, store, session, req, res);
                                    if (!r) return;
                                    const std::string what = req.matches[2];
                                    const std::string note = param(req, "catatan");
                                    if (what == "tolak" && note.size() >= 3 && !Web::confirmed(req)) {
                                        return web.confirm(res, session, "Tolak permohonan " + r->code + "?",
                                                           "Permohonan " + r->applicant_name +
                                                               " ditolak dan pemohon diberi tahu alasannya. Penolakan "
                                                               "tidak dapat dibatalkan.",
                                                           req.path, "catatan", note, "Ya, tolak permohonan",
                                                           "/permohonan/" + r->code);
                                    }
                                    std::string flash = decide(web, store, session, *r, what, note);
                                    show_detail(web, store, session, *store.requests.find_by_id(r->id), res, flash);
                                });
                });

    // The review form posts to one of three: save the corrections, preview the letter as it
    // would be issued with them, or issue it (saving them first).
    server.Post(R"(/permohonan/([A-Za-z0-9-]{1,24})/(isi|pratinjau|terbitkan))",
                [&web](const httplib::Request& req, httplib::Response& res) {
        const std::string what = req.matches[2];
        auto review = [&](db::Store& store, const services::StaffSessionView& session) {
            auto r = find_visible(web, store, session, req, res);
            if (!r) return;
            const config::LetterType* type = web.catalog.find(r->letter_type);
            if (!type || !services::RequestReview::editable(*r)) {
                return show_detail(web, store, session, *r, res,
                                   "Surat hanya dapat diperiksa dan diterbitkan setelah permohonan disetujui RT.", 409);
            }
            const auto form = posted_form(req);
            auto reviewed = services::RequestReview::apply(*r, *type, form);
            if (!reviewed) return show_detail(web, store, session, *r, res, reviewed.error().message, 422, form);
            services::LetterService letters = web.letters(store);
            const services::IssueOptions options{param(req, "penandatangan"), param(req, "alasan_syarat"),
                                                 param(req, "passphrase")};
            if (what == "pratinjau") {
                auto pdf = letters.preview(reviewed.value().request, options);
                if (!pdf) return show_detail(web, store, session, *r, res, pdf.error().message, 422, form);
                res.set_header("Content-Disposition", "inline; filename=\"draf-" + r->code + ".pdf\"");
                return res.set_content(pdf.value(), "application/pdf");
            }
            const auto ticks = posted_ticks(form);
            if (!ticks) return show_detail(web, store, session, *r, res, ticks.error().message, 400, form);
            std::string flash;
            std::optional<std::string> refused;
            if (!reviewed.value().changes.empty() || !ticks.value().empty()) {
                db::WriteTransaction tx(store.db());
                if (!reviewed.value().changes.empty()) {
                    services::RequestReview(store, web.clock, web.config.kelurahan)
                        .save_in_transaction(reviewed.value(),
                                             {domain::ActorKind::staff, session.user.username, session.user.full_name});
                    flash = "Perubahan isi surat disimpan. ";
                }
                auto ticked = services::RequirementService(store, web.clock)
                                  .tick_all_in_transaction(r->id, ticks.value(), session.user);
                if (!ticked) refused = ticked.error().message;
                if (!refused) tx.commit();  // otherwise nothing of this submit is kept
            }
            if (refused) return show_detail(web, store, session, *r, res, *refused, 409, form);
            if (!ticks.value().empty()) flash += fmt::format("{} persyaratan dicentang. ", ticks.value().size());
            if (what == "isi") {
                if (flash.empty()) flash = "Tidak ada perubahan. ";
                return show_detail(web, store, session, *store.requests.find_by_id(r->id), res, flash);
            }
            auto issued = letters.issue(r->id, session.user, options);
            flash += issued ? "Surat terbit dengan nomor " + issued.value().number + ". PDF sudah dikirim ke WhatsApp pemohon."
                            : issued.error().message;
            show_detail(web, store, session, *store.requests.find_by_id(r->id), res, flash, issued ? 200 : 409);
        };
        if (what == "terbitkan") return web.guarded(req, res, {StaffRole::lurah}, review);
        web.guarded(req, res, {StaffRole::operator_, StaffRole::lurah}, review);
    });

    // Staff tick a requirement as checked (centang=1) or take the tick back (centang=0).
    server.Post(R"(/permohonan/([A-Za-z0-9-]{1,24})/syarat)", [&web](const httplib::Request& req, httplib::Response& res) {
        web.guarded(req, res, {StaffRole::operator_, StaffRole::lurah},
                    [&](db::Store& store, const services::StaffSessionView& session) {
                        auto r = find_visible(web, store, session, req, res);
                        if (!r) return;
                        const std::string position = param(req, "posisi");
                        const std::string tick = param(req, "centang");
                        if (!is_all_digits(position) || position.size() > 3 || (tick != "1" && tick != "0")) {
                            return show_detail(web, store, session, *r, res,
                                               "Persyaratan tidak dikenal: pilih dari daftar persyaratan.", 400);
                        }
                        db::WriteTransaction tx(store.db());
                        auto changed = services::RequirementService(store, web.clock)
                                           .set_ticked_in_transaction(r->id, std::stoi(position), tick == "1", session.user);
                        tx.commit();
                        std::string flash = changed ? (tick == "1" ? "Dicentang: " : "Centang dibatalkan: ") + changed->text
                                                    : changed.error().message;
                        show_detail(web, store, session, *store.requests.find_by_id(r->id), res, flash, changed ? 200 : 409);
                    });
    });

    server.Post(R"(/permohonan/([A-Za-z0-9-]{1,24})/diambil)", [&web](const httplib::Request& req, httplib::Response& res) {
        web.guarded(req, res, {StaffRole::operator_, StaffRole::lurah},
                    [&](db::Store& store, const services::StaffSessionView& session) {
                        auto r = find_visible(web, store, session, req, res);
                        if (!r) return;
                        db::WriteTransaction tx(store.db());
                        auto collected = services::CollectionService(store, web.config, web.catalog)
                                             .mark_collected_in_transaction(
                                                 r->id,
                                                 {domain::ActorKind::staff, session.user.username, session.user.full_name},
                                                 web.clock.now());
                        tx.commit();
                        show_detail(web, store, session, *store.requests.find_by_id(r->id), res,
                                    collected ? "Surat ditandai sudah diambil." : collected.error().message);
                    });
    });
}

}  // namespace ekel::office
