#include "shared/services/rt_review.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "shared/db/store.h"
#include "shared/domain/date.h"
#include "shared/messaging/reply_id.h"
#include "shared/services/newcomer_fields.h"
#include "shared/services/request_service.h"
#include "shared/services/requirement_checklist.h"
#include "shared/util/masking.h"
#include "shared/util/text.h"
#include "shared/util/time.h"

namespace ekel::services {

using domain::RequestStatus;
using messaging::OutboundKind;

namespace {

// Meta allows 1024 characters in an interactive body; names and fields can be long.
constexpr std::size_t kBodyLimit = 1000;
// The request's details within a notification, so that the question and the typed commands after
// them survive (also in the fallback template, whose parameter holds 900 characters).
constexpr std::size_t kDetailsLimit = 600;
// At least this much of the details survives a long checklist.
constexpr std::size_t kMinDetails = 250;
constexpr std::size_t kChecklistLimit = 450;
constexpr std::size_t kMinReasonLength = 3;
const domain::Actor kScheduler{domain::ActorKind::system, "scheduler", "Sistem E-Kelurahan"};
// Requests named in one follow-up message to an officer; the rest are counted.
constexpr std::size_t kListedRequests = 10;

/// Requests grouped by the phone they concern, in the order the phones first appear.
struct PerRecipient {
    std::vector<std::pair<std::string, std::vector<const domain::Request*>>> items;
    std::unordered_map<std::string, std::size_t> index;

    void add(const std::string& phone, const domain::Request& request) {
        auto [it, fresh] = index.emplace(phone, items.size());
        if (fresh) items.push_back({phone, {}});
        items[it->second].second.push_back(&request);
    }
};

RequestStatus target_status(RtDecision decision) {
    switch (decision) {
        case RtDecision::approve:
            return RequestStatus::rt_approved;
        case RtDecision::reject:
            return RequestStatus::rt_rejected;
        case RtDecision::revise:
            break;
    }
    return RequestStatus::needs_revision;
}

std::string_view command_word(RtDecision decision) {
    switch (decision) {
        case RtDecision::approve:
            return "SETUJU";
        case RtDecision::reject:
            return "TOLAK";
        case RtDecision::revise:
            break;
    }
    return "PERBAIKI";
}

bool is_rt_decision(const std::optional<RequestStatus>& status) {
    return status == RequestStatus::rt_approved || status == RequestStatus::rt_rejected ||
           status == RequestStatus::needs_revision;
}

std::string greeting(int hour) {
    if (hour < 11) return "Selamat pagi";
    if (hour < 15) return "Selamat siang";
    if (hour < 18) return "Selamat sore";
    return "Selamat malam";
}

/// The typed commands, for when the buttons are not shown (a template outside WhatsApp's 24-hour
/// window carries only text).
std::string command_hint(const std::string& code) {
    return fmt::format("\nBisa juga dibalas: *SETUJU {0}*, *TOLAK {0} <alasan>*, atau *PERBAIKI {0} <catatan>*.", code);
}

long days_between(const domain::CivilDate& from, const domain::CivilDate& to) {
    using namespace std::chrono;
    auto a = sys_days(year(from.year) / month(from.month) / day(from.day));
    auto b = sys_days(year(to.year) / month(to.month) / day(to.day));
    return (b - a).count();
}

}  // namespace

std::string rt_label(int number) { return fmt::format("RT {:03d}", number); }

std::vector<messaging::ReplyButton> decision_buttons(const std::string& code) {
    using messaging::ReplyKind;
    return {{messaging::encode({ReplyKind::rt_approve, code}), "Setujui"},
            {messaging::encode({ReplyKind::rt_reject, code}), "Tolak"},
            {messaging::encode({ReplyKind::rt_revise, code}), "Perbaiki"}};
}

std::string unknown_request_reply(const std::string& code) {
    return fmt::format(
        "Permohonan *{}* tidak ditemukan di antara permohonan RT Anda. Periksa kembali kodenya, atau ketik *DAFTAR* "
        "untuk melihat permohonan yang menunggu.",
        to_upper_ascii(trim(code)));
}

std::vector<RtOfficer> officer_roles(db::Store& store, const std::string& phone) {
    std::vector<RtOfficer> roles;
    if (phone.empty()) return roles;
    for (const auto& rt : store.rts.find_by_officer_phone(phone)) {
        bool head = rt.head_phone == phone;
        std::string role = (head ? "Ketua " : "Wakil Ketua ") + rt_label(rt.number);
        std::string name = head ? rt.head_name : rt.deputy_name;
        roles.push_back({rt, {domain::ActorKind::rt, phone, fmt::format("{} ({})", name, role)}, role, phone});
    }
    return roles;
}

RtReview::RtReview(db::Store& store, const Clock& clock, const config::Config& config,
                   const config::LetterCatalog& catalog)
    : store_(store),
      clock_(clock),
      config_(config),
      catalog_(catalog),
      office_(config.workflow, config.kelurahan.utc_offset_minutes) {}

std::string RtReview::type_name(const domain::Request& request) const {
    const config::LetterType* type = catalog_.find(request.letter_type);
    return type ? type->name : request.letter_type;
}

std::string RtReview::when(const std::string& utc_text) const {
    auto at = parse_utc(utc_text);
    return at ? office_.describe(*at) : utc_text;
}

std::vector<std::string> RtReview::officer_phones(const domain::Rt& rt) const {
    std::vector<std::string> phones;
    if (!rt.head_phone.empty()) phones.push_back(rt.head_phone);
    if (!rt.deputy_phone.empty() && rt.deputy_phone != rt.head_phone) phones.push_back(rt.deputy_phone);
    return phones;
}

void RtReview::send_text(const std::string& recipient, const std::string& text, const domain::Request& request) {
    if (recipient.empty()) return;
    store_.outbox.enqueue(messaging::message_to(recipient, OutboundKind::text, text), request.id,
                          format_utc(clock_.now()));
}

void RtReview::send_decision_buttons(const std::string& phone, const std::string& body, const domain::Request& request) {
    auto m = messaging::message_to(phone, OutboundKind::buttons, truncate_utf8(body, kBodyLimit));
    m.buttons = decision_buttons(request.code);
    store_.outbox.enqueue(m, request.id, format_utc(clock_.now()));
}

std::string RtReview::describe_for_rt(const domain::Request& request) {
    auto rt = store_.rts.find_by_id(request.rt_id);
    const int rt_number = rt ? rt->number : 0;
    auto fields = nlohmann::json::parse(request.fields_json, nullptr, false);
    if (!fields.is_object()) fields = nlohmann::json::object();

    std::string text = fmt::format("Kode: *{}*\nJenis: {}", request.code, type_name(request));
    std::optional<domain::Resident> resident;
    if (request.resident_id) resident = store_.residents.find_by_id(*request.resident_id);
    if (resident) {
        text += fmt::format("\nPemohon: {}\nNIK: {}\nAlamat: {}, {} RW {:03d}", resident->full_name,
                            mask_nik(resident->nik), resident->address, rt_label(resident->rt_number),
                            resident->rw_number);
    } else {
        const NewcomerFields n = read_newcomer_fields(fields);
        text += fmt::format("\nPemohon: {} (warga pendatang, belum ada di data kelurahan)", request.applicant_name);
        if (!n.nik.empty()) text += "\nNIK: " + mask_nik(n.nik);
        if (auto born = domain::parse_date(n.birth_date)) {
            text += "\nTempat/Tgl. Lahir: " + (n.birth_place.empty() ? "" : n.birth_place + ", ") +
                    domain::to_indonesian_long(*born);
        }
        text += fmt::format("\nAlamat: {}, {}", n.address.empty() ? "-" : n.address, rt_label(rt_number));
        if (!n.origin_address.empty()) text += "\nAlamat asal: " + n.origin_address;
    }
    // The RT officer may want to call before deciding: the full number, tappable in WhatsApp.
    // A WhatsApp id is the number in E.164 digits; a business-scoped user id is no number to call.
    const std::string& phone = request.applicant_phone;
    if (phone.size() >= 8 && phone.size() <= 15 && is_all_digits(phone)) {
        text += fmt::format("\nTelepon pemohon: +{} (https://wa.me/{})", phone, phone);
    }
    text += "\nKeperluan: " + request.purpose;
    if (const config::LetterType* type = catalog_.find(request.letter_type)) {
        for (const auto& field : type->fields) {
            if (!fields.contains(field.key) || !fields[field.key].is_string()) continue;
            std::string value = fields[field.key].get<std::string>();
            // Another person's NIK in a field (a deceased parent, a spouse) is personal data too.
            if (field.kind == config::FieldKind::nik) value = mask_nik(value);
            text += "\n" + field.label + ": " + value;
        }
    }
    auto attachments = store_.attachments.for_request(request.id).size();
    if (attachments > 0) {
        text += fmt::format("\nLampiran: {} berkas (ketik *LAMPIRAN {}* untuk menerimanya)", attachments, request.code);
    }
    text += "\nDiajukan: " + when(request.created_at);
    return text;
}

std::vector<std::string> RtReview::deciders(const domain::Rt& rt, const domain::Request& request) const {
    auto phones = officer_phones(rt);
    std::erase(phones, request.applicant_phone);  // nobody approves their own cover letter
    return phones;
}

std::optional<std::string> RtReview::notify_submitted(const domain::Request& request) {
    auto rt = store_.rts.find_by_id(request.rt_id);
    if (!rt) return std::nullopt;
    auto phones = deciders(*rt, request);
    if (phones.empty()) {
        const std::string why = officer_phones(*rt).empty()
                                    ? "pengurus " + rt_label(rt->number) + " belum punya nomor WhatsApp terdaftar"
                                    : "diajukan oleh pengurus " + rt_label(rt->number) + " sendiri";
        hand_to_staff(request, *rt, why);
        return std::nullopt;
    }
    // The documents the citizen sent or will bring; the details give way to them, as the RT
    // judges the request by both.
    std::string documents = checklist_lines(store_.requirements.for_request(request.id), true);
    if (!documents.empty()) documents = "\n\nDokumen persyaratan:\n" + truncate_utf8(documents, kChecklistLimit);
    const std::string heading = "📋 *Permohonan baru untuk " + rt_label(rt->number) + "*\n";
    const std::string ask =
        "\n\nMohon diperiksa, lalu pilih *Setujui*, *Tolak*, atau *Perbaiki*." + command_hint(request.code);
    const std::size_t fixed = heading.size() + documents.size() + ask.size();
    const std::size_t details_limit = std::min(kDetailsLimit, fixed < kBodyLimit ? kBodyLimit - fixed : 0);
    std::string body = heading + truncate_utf8(describe_for_rt(request), std::max(details_limit, kMinDetails)) +
                       documents + ask;
    for (const auto& phone : phones) send_decision_buttons(phone, body, request);
    bool only_deputy = phones.size() == 1 && phones[0] != rt->head_phone;
    return (only_deputy ? "Wakil Ketua " : "Ketua ") + rt_label(rt->number);
}

void RtReview::hand_to_staff(const domain::Request& request, const domain::Rt& rt, const std::string& why) {
    const std::string now = format_utc(clock_.now());
    db::StaffNotice notice;
    notice.kind = "rt_escalation";
    notice.request_id = request.id;
    notice.created_at = now;
    notice.text = fmt::format("Permohonan {} ({}, {}, {}): {}. Petugas dapat memutuskan atas nama RT dengan alasan "
                              "yang tercatat.",
                              request.code, request.applicant_name, type_name(request), rt_label(rt.number), why);
    store_.notices.add(notice);
    domain::Request updated = request;
    updated.escalated_at = now;
    store_.requests.update_status(updated);
    RequestService(store_, clock_, config_.kelurahan)
        .record_in_transaction(request.id, kScheduler, "escalated", why + "; diteruskan ke petugas kelurahan");
}

RtOutcome RtReview::decide(const std::string& code, RtDecision decision, const std::string& phone,
                           const std::string& note) {
    RtOutcome outcome;
    auto request = store_.requests.find_by_code(code);
    auto roles = officer_roles(store_, phone);
    auto mine = request ? std::find_if(roles.begin(), roles.end(),
                                       [&](const RtOfficer& r) { return r.rt.id == request->rt_id; })
                        : roles.end();
    if (mine != roles.end()) return act(*request, decision, *mine, note);
    if (request) record_refusal(*request, phone, "perintah " + std::string(command_word(decision)));
    outcome.reply = roles.empty() ? "Perintah ini hanya dapat dipakai oleh Ketua RT atau Wakil Ketua RT yang terdaftar."
                                  : unknown_request_reply(code);
    return outcome;
}

RtOutcome RtReview::decide_on_behalf(std::int64_t request_id, RtDecision decision, const domain::Actor& staff,
                                     const std::string& reason) {
    auto request = store_.requests.find_by_id(request_id);
    auto rt = request ? store_.rts.find_by_id(request->rt_id) : std::nullopt;
    if (!rt) return {RtOutcome::Kind::unknown, request, "Permohonan tidak ditemukan."};
    RtOfficer officer{*rt, staff, "petugas kelurahan atas nama Ketua " + rt_label(rt->number), ""};
    officer.actor.name = fmt::format("{} ({})", staff.name.empty() ? staff.id : staff.name, officer.role);
    if (request->status == RequestStatus::submitted && trim(reason).size() < kMinReasonLength) {
        return {RtOutcome::Kind::reason_required, request, "Alasan wajib diisi bila memutuskan atas nama RT."};
    }
    return act(*request, decision, officer, reason);
}

RtOutcome RtReview::decide_in_back_office(std::int64_t request_id, RtDecision decision, const domain::StaffUser& user,
                                          const std::string& note) {
    if (user.role != domain::StaffRole::rt) {
        return decide_on_behalf(request_id, decision,
                                {domain::ActorKind::staff, user.username, user.full_name.empty() ? user.username : user.full_name},
                                note);
    }
    auto request = store_.requests.find_by_id(request_id);
    auto rt = request ? store_.rts.find_by_id(request->rt_id) : std::nullopt;
    if (!rt || !user.rt_id || *user.rt_id != rt->id) {
        return {RtOutcome::Kind::unknown, request, "Permohonan tidak ditemukan di antara permohonan RT Anda."};
    }
    const std::string role = "Ketua " + rt_label(rt->number);
    // An RT account is the RT head's (its role and name say so): the head's phone is theirs.
    RtOfficer officer{*rt,
                      {domain::ActorKind::rt, "web:" + user.username,
                       fmt::format("{} ({})", user.full_name.empty() ? rt->head_name : user.full_name, role)},
                      role, rt->head_phone};
    return act(*request, decision, officer, note);
}

RtOutcome RtReview::act(const domain::Request& request, RtDecision decision, const RtOfficer& officer,
                        const std::string& raw_note) {
    if (request.status != RequestStatus::submitted) return explain(request);
    if (!officer.phone.empty() && request.applicant_phone == officer.phone) {
        RequestService(store_, clock_, config_.kelurahan)
            .record_in_transaction(request.id, officer.actor, "rt_action_refused",
                                   "perintah " + std::string(command_word(decision)) +
                                       " ditolak: permohonan diajukan oleh pengurus RT itu sendiri");
        return {RtOutcome::Kind::unknown, request,
                fmt::format("Permohonan *{}* Anda ajukan sendiri, jadi keputusannya diambil oleh pengurus RT yang lain "
                            "atau petugas kelurahan.",
                            request.code)};
    }

    const std::string note = truncate_utf8(std::string(trim(raw_note)), 1000);
    if (decision == RtDecision::reject && note.size() < kMinReasonLength) {
        return {RtOutcome::Kind::reason_required, request,
                fmt::format("Mohon tuliskan *alasan penolakan* permohonan *{}* ({}) dalam satu pesan. Alasan ini "
                            "akan kami sampaikan kepada pemohon. Ketik *batal* bila tidak jadi.",
                            request.code, request.applicant_name)};
    }
    if (decision == RtDecision::revise && note.size() < kMinReasonLength) {
        return {RtOutcome::Kind::reason_required, request,
                fmt::format("Mohon tuliskan *apa yang perlu diperbaiki* pemohon pada permohonan *{}* ({}) dalam satu "
                            "pesan. Catatan ini akan kami sampaikan kepada pemohon. Ketik *batal* bila tidak jadi.",
                            request.code, request.applicant_name)};
    }

    RequestService requests(store_, clock_, config_.kelurahan);
    domain::Request updated =
        requests.change_status_in_transaction(request.id, target_status(decision), officer.actor, note);
    store_.notices.resolve_for_request(request.id, format_utc(clock_.now()));

    const std::string type = type_name(request);
    const std::string& by = officer.role;
    std::string to_citizen;
    std::string to_officer;
    std::string to_colleague;
    switch (decision) {
        case RtDecision::approve:
            to_citizen = fmt::format(
                "Kabar baik: permohonan *{}* ({}) sudah disetujui {} ✅\nSekarang permohonan diproses petugas "
                "kelurahan; kami kabari lagi bila surat sudah terbit.",
                request.code, type, by);
            to_officer = fmt::format(
                "✅ Permohonan *{}* atas nama {} disetujui. Pemohon sudah kami beri tahu, dan permohonan diteruskan ke "
                "kelurahan.",
                request.code, request.applicant_name);
            to_colleague = fmt::format("Permohonan *{}* atas nama {} sudah disetujui oleh {}.", request.code,
                                       request.applicant_name, officer.actor.name);
            break;
        case RtDecision::reject:
            to_citizen = fmt::format(
                "Mohon maaf, permohonan *{}* ({}) tidak disetujui {}.\nAlasan: {}\n\nBila ada yang kurang jelas, "
                "silakan hubungi Ketua RT Anda. Anda dapat mengajukan permohonan baru kapan saja.",
                request.code, type, by, note);
            to_officer = fmt::format("Permohonan *{}* atas nama {} ditolak. Alasannya sudah kami sampaikan kepada pemohon.",
                                     request.code, request.applicant_name);
            to_colleague = fmt::format("Permohonan *{}* atas nama {} sudah ditolak oleh {}. Alasan: {}", request.code,
                                       request.applicant_name, officer.actor.name, note);
            break;
        case RtDecision::revise:
            to_citizen = fmt::format(
                "Permohonan *{}* ({}) perlu diperbaiki.\nCatatan {}: {}\n\nTekan *Kirim perbaikan*, lalu tuliskan "
                "perbaikannya (foto dokumen juga boleh). Setelah itu permohonan kami kirim kembali ke Ketua RT.",
                request.code, type, by, note);
            to_officer = fmt::format(
                "Permohonan *{}* atas nama {} kami kembalikan kepada pemohon untuk diperbaiki. Setelah diperbaiki, "
                "permohonan akan kami kirim lagi kepada Anda.",
                request.code, request.applicant_name);
            to_colleague = fmt::format("Permohonan *{}* atas nama {} dikembalikan untuk diperbaiki oleh {}. Catatan: {}",
                                       request.code, request.applicant_name, officer.actor.name, note);
            break;
    }

    if (decision == RtDecision::revise) {
        auto m = messaging::message_to(request.applicant_phone, OutboundKind::buttons, truncate_utf8(to_citizen, kBodyLimit));
        m.buttons = {{messaging::encode({messaging::ReplyKind::fix, request.code}), "Kirim perbaikan"},
                     {messaging::encode({messaging::ReplyKind::cancel_request, request.code}), "Batalkan permohonan"}};
        if (!request.applicant_phone.empty()) store_.outbox.enqueue(m, request.id, format_utc(clock_.now()));
    } else {
        send_text(request.applicant_phone, to_citizen, request);
    }
    for (const auto& phone : officer_phones(officer.rt)) {
        if (officer.actor.kind != domain::ActorKind::rt || phone != officer.actor.id) {
            send_text(phone, to_colleague, request);
        }
    }
    if (officer.actor.kind == domain::ActorKind::rt) {
        auto backlog = store_.requests.rt_backlog(officer.rt.id);
        if (backlog.pending > 0) {
            to_officer += fmt::format("\n\nMasih ada {} permohonan lain menunggu. Ketik *DAFTAR* untuk melihatnya.",
                                      backlog.pending);
        }
    }
    return {RtOutcome::Kind::done, updated, to_officer};
}

void RtReview::record_refusal(const domain::Request& request, const std::string& phone, const std::string& what) {
    auto roles = officer_roles(store_, phone);
    domain::Actor actor = roles.empty() ? domain::Actor{domain::ActorKind::citizen, phone, ""} : roles.front().actor;
    std::string why = roles.empty() ? "nomor ini bukan pengurus RT" : "bukan pengurus RT permohonan ini";
    RequestService(store_, clock_, config_.kelurahan)
        .record_in_transaction(request.id, actor, "rt_action_refused", what + " ditolak: " + why);
    spdlog::info("{} refused {} on {}", mask_phone(phone), what, request.code);
}

RtOutcome RtReview::explain(const domain::Request& request) {
    if (request.status == RequestStatus::cancelled) {
        return {RtOutcome::Kind::cancelled, request,
                fmt::format("Permohonan *{}* sudah dibatalkan oleh pemohon pada {}, jadi tidak perlu ditindaklanjuti.",
                            request.code, when(request.closed_at.value_or(request.updated_at)))};
    }
    std::optional<domain::RequestEvent> decision;
    for (const auto& event : store_.events.list_for(request.id)) {
        if (is_rt_decision(event.to_status)) decision = event;
    }
    std::string who = decision && !decision->actor.name.empty() ? decision->actor.name : "pengurus RT";
    std::string at = decision ? when(decision->at) : "";
    std::string text;
    switch (request.status) {
        case RequestStatus::rt_approved:
            text = fmt::format("Permohonan *{}* sudah disetujui oleh {} pada {}.", request.code, who, at);
            break;
        case RequestStatus::rt_rejected:
            text = fmt::format("Permohonan *{}* sudah ditolak oleh {} pada {}.", request.code, who, at);
            break;
        case RequestStatus::needs_revision:
            text = fmt::format(
                "Permohonan *{}* sudah dikembalikan untuk diperbaiki oleh {} pada {}; kini menunggu perbaikan dari "
                "pemohon.",
                request.code, who, at);
            break;
        default:
            text = decision && decision->to_status == RequestStatus::rt_approved
                       ? fmt::format("Permohonan *{}* sudah disetujui oleh {} pada {}, dan kini {}.", request.code, who,
                                     at, domain::describe_for_citizen(request.status))
                       : fmt::format("Permohonan *{}* sudah {}.", request.code,
                                     domain::describe_for_citizen(request.status));
    }
    return {RtOutcome::Kind::already_decided, request, text};
}

domain::Request RtReview::resubmit(const domain::Request& request, const domain::Actor& citizen,
                                   const std::string& correction) {
    RequestService requests(store_, clock_, config_.kelurahan);
    const std::string note = truncate_utf8(std::string(trim(correction)), 1000);
    domain::Request updated = requests.change_status_in_transaction(request.id, RequestStatus::submitted, citizen, note);
    if (auto rt = store_.rts.find_by_id(updated.rt_id)) {
        std::string body = "🔁 *Perbaikan permohonan untuk " + rt_label(rt->number) + "*\nPerbaikan dari pemohon: " +
                           truncate_utf8(note, 200) + "\n\n" + truncate_utf8(describe_for_rt(updated), kDetailsLimit) +
                           "\n\nMohon diperiksa lagi, lalu pilih *Setujui*, *Tolak*, atau *Perbaiki*." +
                           command_hint(updated.code);
        auto phones = deciders(*rt, updated);
        for (const auto& phone : phones) send_decision_buttons(phone, body, updated);
        if (phones.empty()) hand_to_staff(updated, *rt, "perbaikan dari pemohon; tidak ada pengurus RT lain yang dapat memutuskan");
    }
    return updated;
}

std::string RtReview::revision_note(const domain::Request& request) {
    std::string note;
    for (const auto& event : store_.events.list_for(request.id)) {
        if (event.to_status == RequestStatus::needs_revision) note = event.note;
    }
    return note;
}

std::vector<domain::Request> RtReview::awaiting(const std::string& phone, int limit) {
    std::vector<domain::Request> all;
    for (const auto& role : officer_roles(store_, phone)) {
        for (auto& request : store_.requests.list_awaiting_rt(role.rt.id, limit + 1)) {
            if (request.applicant_phone != phone) all.push_back(std::move(request));
        }
    }
    std::stable_sort(all.begin(), all.end(), [](const domain::Request& a, const domain::Request& b) {
        return a.rt_pending_since.value_or(a.created_at) < b.rt_pending_since.value_or(b.created_at);
    });
    if (all.size() > static_cast<std::size_t>(limit)) all.resize(static_cast<std::size_t>(limit));
    return all;
}

const domain::Rt* RtReview::rt_of(const domain::Request& request) {
    auto found = rts_.find(request.rt_id);
    if (found == rts_.end()) found = rts_.emplace(request.rt_id, store_.rts.find_by_id(request.rt_id)).first;
    return found->second ? &*found->second : nullptr;
}

std::string RtReview::request_lines(const std::vector<const domain::Request*>& requests, bool with_rt) {
    std::string lines;
    for (std::size_t i = 0; i < requests.size() && i < kListedRequests; ++i) {
        const domain::Request& r = *requests[i];
        const domain::Rt* rt = with_rt ? rt_of(r) : nullptr;
        lines += fmt::format("\n• *{}* ({}{}, {})", r.code, rt ? rt_label(rt->number) + ", " : "", r.applicant_name,
                             type_name(r));
    }
    if (requests.size() > kListedRequests) lines += fmt::format("\n… dan {} lainnya", requests.size() - kListedRequests);
    return lines;
}

void RtReview::send_reminders(const std::vector<domain::Request>& requests) {
    const std::string now = format_utc(clock_.now());
    PerRecipient waiting;
    for (const auto& request : requests) {
        const domain::Rt* rt = rt_of(request);
        if (!rt) continue;
        for (const auto& phone : deciders(*rt, request)) waiting.add(phone, request);
        store_.requests.mark_reminded(request.id, now);
        RequestService(store_, clock_, config_.kelurahan)
            .record_in_transaction(request.id, kScheduler, "rt_reminded", "pengingat dikirim ke pengurus " + rt_label(rt->number));
    }
    for (const auto& [phone, list] : waiting.items) {
        if (list.size() == 1) {
            const domain::Request& request = *list.front();
            send_decision_buttons(
                phone,
                fmt::format("⏰ *Pengingat*\nPermohonan *{}* ({}, {}) menunggu keputusan Anda sejak {}.\nKetik *INFO {}* "
                            "untuk rinciannya, atau pilih langsung:",
                            request.code, request.applicant_name, type_name(request),
                            when(request.rt_pending_since.value_or(request.created_at)), request.code),
                request);
            continue;
        }
        auto m = messaging::message_to(
            phone, OutboundKind::buttons,
            truncate_utf8(fmt::format("⏰ *Pengingat*\n{} permohonan menunggu keputusan Anda:{}\nKetik *DAFTAR* atau tekan "
                                      "tombol di bawah untuk memilihnya.",
                                      list.size(), request_lines(list, false)),
                          kBodyLimit));
        m.buttons = {{messaging::encode({messaging::ReplyKind::rt_list}), "Lihat daftar"}};
        store_.outbox.enqueue(m, std::nullopt, now);
    }
}

void RtReview::escalate(const std::vector<Overdue>& overdue) {
    const std::string now = format_utc(clock_.now());
    PerRecipient officers, rw_heads;
    std::unordered_map<std::string, long> fewest_hours;  // per recipient: "more than N office hours"
    auto note_hours = [&](const std::string& phone, long hours) {
        auto [it, fresh] = fewest_hours.emplace(phone, hours);
        if (!fresh) it->second = std::min(it->second, hours);
    };
    for (const auto& [request, waited] : overdue) {
        const domain::Rt* rt = rt_of(request);
        if (!rt) continue;
        const long hours = static_cast<long>(waited.count() / 60);
        const std::string rt_text = rt_label(rt->number);

        db::StaffNotice notice;
        notice.kind = "rt_escalation";
        notice.request_id = request.id;
        notice.created_at = now;
        notice.text = fmt::format(
            "Permohonan {} ({}, {}, {}) belum ditanggapi Ketua {} ({}) selama {} jam kerja. Petugas dapat memutuskan "
            "atas nama RT dengan alasan yang tercatat.",
            request.code, request.applicant_name, type_name(request), rt_text, rt_text, rt->head_name, hours);
        store_.notices.add(notice);

        std::string told = "petugas kelurahan";
        auto rw = rws_.find(rt->rw_number);
        if (rw == rws_.end()) rw = rws_.emplace(rt->rw_number, store_.rts.find_rw_by_number(rt->rw_number)).first;
        if (rw->second && !rw->second->head_phone.empty()) {
            rw_heads.add(rw->second->head_phone, request);
            note_hours(rw->second->head_phone, hours);
            told += fmt::format(" dan Ketua RW {:03d}", rw->second->number);
        }
        for (const auto& phone : deciders(*rt, request)) {
            officers.add(phone, request);
            note_hours(phone, hours);
        }
        send_text(request.applicant_phone,
                  fmt::format("Mohon maaf, permohonan *{}* ({}) belum ditanggapi Ketua {}. Permohonan sudah kami "
                              "teruskan ke petugas kelurahan agar tetap diproses; kami kabari perkembangannya.",
                              request.code, type_name(request), rt_text),
                  request);

        store_.requests.mark_escalated(request.id, now);
        RequestService(store_, clock_, config_.kelurahan)
            .record_in_transaction(request.id, kScheduler, "escalated",
                                   fmt::format("diteruskan ke {} setelah {} jam kerja tanpa tanggapan RT", told, hours));
    }
    for (const auto& [phone, list] : rw_heads.items) {
        const domain::Request& first = *list.front();
        const domain::Rt* rt = rt_of(first);
        auto rw = rws_.at(rt->rw_number);
        const std::string greeting_line = fmt::format("Yth. Bapak/Ibu {}, Ketua RW {:03d}.",
                                                      rw->head_name.empty() ? "Ketua RW" : rw->head_name, rw->number);
        if (list.size() == 1) {
            send_text(phone,
                      fmt::format("{}\nPermohonan *{}* dari warga {} ({}, {}) belum ditanggapi Ketua {} ({}) selama {} "
                                  "jam kerja. Mohon bantu mengingatkan. Petugas kelurahan juga sudah kami beri tahu.",
                                  greeting_line, first.code, rt_label(rt->number), first.applicant_name,
                                  type_name(first), rt_label(rt->number), rt->head_name, fewest_hours[phone]),
                      first);
            continue;
        }
        store_.outbox.enqueue(
            messaging::message_to(phone, OutboundKind::text,
                                  fmt::format("{}\n{} permohonan warga belum ditanggapi Ketua RT-nya selama lebih dari {} "
                                              "jam kerja:{}\nMohon bantu mengingatkan. Petugas kelurahan juga sudah kami "
                                              "beri tahu.",
                                              greeting_line, list.size(), fewest_hours[phone], request_lines(list, true))),
            std::nullopt, now);
    }
    for (const auto& [phone, list] : officers.items) {
        const domain::Request& first = *list.front();
        if (list.size() == 1) {
            send_text(phone,
                      fmt::format("Permohonan *{}* ({}) belum ditanggapi selama {} jam kerja, jadi kami teruskan ke "
                                  "kelurahan. Anda masih dapat memutuskannya di sini.",
                                  first.code, first.applicant_name, fewest_hours[phone]),
                      first);
            continue;
        }
        store_.outbox.enqueue(
            messaging::message_to(phone, OutboundKind::text,
                                  fmt::format("{} permohonan belum ditanggapi selama lebih dari {} jam kerja, jadi kami "
                                              "teruskan ke kelurahan:{}\nAnda masih dapat memutuskannya di sini: ketik "
                                              "*DAFTAR*.",
                                              list.size(), fewest_hours[phone], request_lines(list, false))),
            std::nullopt, now);
    }
}

void RtReview::send_digest(const domain::Rt& rt, std::int64_t pending, const std::string& oldest_since) {
    const std::string phone = rt.head_phone.empty() ? rt.deputy_phone : rt.head_phone;
    const std::string name = rt.head_phone.empty() ? rt.deputy_name : rt.head_name;
    if (phone.empty() || pending <= 0) return;
    const int offset = config_.kelurahan.utc_offset_minutes;
    LocalTime today = to_local(clock_.now(), offset);
    auto oldest = parse_utc(oldest_since);
    long age = oldest ? days_between(to_local(*oldest, offset).date, today.date) : 0;
    std::string age_text = age <= 0 ? "tertua dari hari ini" : fmt::format("tertua {} hari", age);
    auto m = messaging::message_to(
        phone, OutboundKind::buttons,
        fmt::format("{}, Bapak/Ibu {}.\n{} permohonan menunggu persetujuan Anda di {}, {}. Ketik *DAFTAR* atau tekan "
                    "tombol di bawah untuk melihatnya.",
                    greeting(today.hour), name, pending, rt_label(rt.number), age_text));
    m.buttons = {{messaging::encode({messaging::ReplyKind::rt_list}), "Lihat daftar"}};
    store_.outbox.enqueue(m, std::nullopt, format_utc(clock_.now()));
}

}  // namespace ekel::services
