#include "bot/engine/conversation_engine.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "bot/engine/basic_responder.h"
#include "bot/engine/turn.h"
#include "shared/db/store.h"
#include "shared/domain/nik.h"
#include "shared/domain/phone.h"
#include "shared/services/complaint_service.h"
#include "shared/services/letter_fields.h"
#include "shared/services/request_service.h"
#include "shared/services/rt_review.h"
#include "shared/util/masking.h"
#include "shared/util/text.h"
#include "shared/util/time.h"

namespace ekel::bot {

using nlohmann::json;
using messaging::InboundKind;
using nlu::Intent;

namespace {

constexpr int kMaxIdentityFailures = 3;
constexpr auto kIdentityLock = std::chrono::hours(1);
// Photos sent this soon after a complaint are attached to it.
constexpr auto kComplaintPhotoWindow = std::chrono::minutes(30);

// States of a conversation, as stored.
constexpr const char* kIdentifyNik = "identify_nik";
constexpr const char* kIdentifyBirthDate = "identify_birth_date";
constexpr const char* kChooseIdentity = "choose_identity";
constexpr const char* kChooseLetterType = "choose_letter_type";
constexpr const char* kChooseApplicant = "choose_applicant";
constexpr const char* kNewcomerName = "newcomer_name";
constexpr const char* kNewcomerAddress = "newcomer_address";
constexpr const char* kNewcomerRt = "newcomer_rt";
constexpr const char* kCollectField = "collect_field";
constexpr const char* kCollectPurpose = "collect_purpose";
constexpr const char* kConfirm = "confirm";
constexpr const char* kChooseEdit = "choose_edit";
constexpr const char* kConfirmCancel = "confirm_cancel";
constexpr const char* kComplaintText = "complaint_text";
constexpr const char* kChooseRequirements = "choose_requirements";
constexpr const char* kCorrection = "correction";

std::string title_case(const std::string& name) {
    std::string out = to_lower_ascii(name);
    bool start = true;
    for (char& c : out) {
        if (start && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        start = (c == ' ' || c == '.' || c == '\'' || c == '-');
    }
    return out;
}

/// Lower case with punctuation as spaces and a space at each end, for whole-word searches.
std::string word_view(const std::string& text) {
    std::string out = " ";
    for (char c : to_lower_ascii(text)) {
        bool word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (static_cast<unsigned char>(c) >= 0x80);
        out += word ? c : ' ';
    }
    return out + " ";
}

/// Fills choice fields whose hint words appear in what the citizen already wrote.
void prefill_choices(json& draft, const config::LetterType& type) {
    const std::string said = word_view(draft.value("said", "") + " " + draft.value("purpose", ""));
    for (const auto& field : type.fields) {
        if (field.kind != config::FieldKind::choice || (draft.contains("fields") && draft["fields"].contains(field.key))) {
            continue;
        }
        for (std::size_t i = 0; i < field.choice_hints.size(); ++i) {
            bool hit = std::any_of(field.choice_hints[i].begin(), field.choice_hints[i].end(),
                                   [&](const std::string& hint) { return said.find(" " + hint + " ") != std::string::npos; });
            if (hit) {
                draft["fields"][field.key] = field.choices[i];
                break;
            }
        }
    }
}

/// The number after a reply-id prefix ("applicant:42" → 42); reply ids come back from WhatsApp,
/// so a malformed one is treated as no choice rather than trusted.
std::int64_t id_number(const std::string& id, std::size_t prefix_length) {
    std::string digits = id.substr(std::min(prefix_length, id.size()));
    if (!is_all_digits(digits) || digits.size() > 12) return -1;
    return std::stoll(digits);
}

std::string rt_text(int number) { return fmt::format("RT {:03d}", number); }

std::string duration_text(int hours) {
    if (hours <= 24) return "1 hari kerja";
    return fmt::format("{} hari kerja", (hours + 23) / 24);
}

/// A request this phone filed; nullopt both for an unknown code and for someone else's request,
/// so the answers cannot tell the two apart.
std::optional<domain::Request> own_request(db::Store& store, const std::string& code, const std::string& phone) {
    auto request = store.requests.find_by_code(code);
    if (!request || request->applicant_phone != phone) return std::nullopt;
    return request;
}

/// The photo or document of this message, as an attachment of the sender's request draft.
db::Attachment attachment_of(const Turn& turn) {
    const auto& media = *turn.message.media;
    db::Attachment attachment;
    attachment.sender_key = turn.sender();
    attachment.kind = turn.message.kind == InboundKind::image ? "image" : "document";
    attachment.media_id = media.media_id;
    attachment.mime_type = media.mime_type;
    attachment.caption = media.caption;
    attachment.filename = media.filename;
    return attachment;
}

}  // namespace

ConversationEngine::ConversationEngine(const config::Config& config, const config::LetterCatalog& catalog,
                                       const Clock& clock)
    : config_(config),
      catalog_(catalog),
      clock_(clock),
      parser_(catalog),
      office_(config.workflow, config.kelurahan.utc_offset_minutes),
      desk_(config, catalog, clock),
      collection_(config, catalog),
      survey_(config) {}

ConversationEngine::~ConversationEngine() = default;

void ConversationEngine::handle(const messaging::InboundMessage& message, db::Store& store, TimePoint now) {
    if (message.kind == InboundKind::reaction) return;
    Turn turn{message, store, now, format_utc(now), {}, json::object(), "", "", {}};
    turn.text = std::string(trim(message.text));
    if (message.kind == InboundKind::button_reply || message.kind == InboundKind::list_reply) {
        turn.reply_id = message.reply_id;
    }
    if (message.media && !message.media->caption.empty() && turn.text.empty()) turn.text = message.media->caption;

    // An RT head clearing a backlog taps Setujui on message after message: those taps are not a flood.
    const bool officer_tap =
        turn.reply_id.rfind("rt:", 0) == 0 && !services::officer_roles(store, turn.sender()).empty();
    switch (officer_tap ? FloodGuard::Verdict::handle : flood_.check(turn.sender(), turn.text + "|" + turn.reply_id, now)) {
        case FloodGuard::Verdict::ignore:
            return;
        case FloodGuard::Verdict::notify:
            turn.say("Mohon maaf, pesan Anda terlalu banyak dalam waktu singkat. Silakan tunggu beberapa menit, "
                     "lalu kirim lagi.");
            return;
        case FloodGuard::Verdict::handle:
            break;
    }

    auto stored = store.conversations.find(turn.sender());
    turn.record = stored.value_or(db::ConversationRecord{turn.sender(), kIdle, "{}", turn.now_text});
    turn.data = json::parse(turn.record.data_json, nullptr, false);
    if (turn.data.is_discarded() || !turn.data.is_object()) turn.data = json::object();

    // A conversation left alone too long is closed; the new message starts afresh.
    auto last = parse_utc(turn.record.updated_at);
    if (turn.record.state != kIdle && last &&
        now - *last > std::chrono::minutes(config_.workflow.conversation_idle_minutes)) {
        turn.say("Percakapan sebelumnya sudah kami tutup karena lama tidak ada balasan. Data yang belum dikirim "
                 "tidak disimpan.");
        reset(turn);
    }

    dispatch(turn);

    turn.record.data_json = turn.data.dump();
    turn.record.updated_at = turn.now_text;
    store.conversations.save(turn.record);
}

void ConversationEngine::handle_failure(const messaging::InboundMessage& message, db::Store& store, TimePoint now) {
    if (message.kind == InboundKind::reaction) return;
    Turn turn{message, store, now, format_utc(now), {}, json::object(), "", "", {}};
    turn.say("Mohon maaf, pesan Anda tidak dapat kami proses karena gangguan pada sistem kami. Gangguan ini sudah "
             "tercatat untuk petugas kelurahan. Silakan coba lagi nanti.");
}

void ConversationEngine::committed() { flood_.commit(); }

void ConversationEngine::rolled_back() { flood_.rollback(); }

void ConversationEngine::reset(Turn& turn) {
    turn.store.attachments.discard_draft(turn.sender());
    json keep = json::object();
    for (const char* key : {"self_id", "last_complaint"}) {
        if (turn.data.contains(key)) keep[key] = turn.data[key];
    }
    turn.data = keep;
    turn.go(kIdle);
}

void ConversationEngine::dispatch(Turn& turn) {
    const auto kind = turn.message.kind;
    if ((kind == InboundKind::image || kind == InboundKind::document) && turn.record.state == kCorrection) {
        auto request = own_request(turn.store, turn.data.value("correction_code", ""), turn.sender());
        if (!request) return reset(turn);
        turn.store.attachments.add_to_draft(attachment_of(turn), turn.now_text);
        turn.store.attachments.attach_draft(turn.sender(), request->id, turn.now_text);
        return turn.say(fmt::format("{} diterima dan dilampirkan pada permohonan {}. Sekarang kirim pesan perbaikannya.",
                                    kind == InboundKind::image ? "Foto" : "Dokumen", request->code));
    }
    if ((kind == InboundKind::image || kind == InboundKind::document) && take_complaint_photo(turn)) return;
    if (kind == InboundKind::image || kind == InboundKind::document) {
        bool in_request = turn.record.state != kIdle && turn.data.contains("draft");
        if (!in_request) {
            turn.say("Terima kasih, berkas sudah kami terima. Untuk melampirkannya pada permohonan surat, mulai dulu "
                     "permohonannya, misalnya ketik: *mau urus surat domisili*, lalu kirim fotonya.");
            return;
        }
        turn.store.attachments.add_to_draft(attachment_of(turn), turn.now_text);
        auto count = turn.store.attachments.draft(turn.sender()).size();
        turn.say(fmt::format("{} diterima dan dilampirkan pada permohonan Anda ({} lampiran).",
                             kind == InboundKind::image ? "Foto" : "Dokumen", count));
        if (turn.record.state == kConfirm) ask_confirmation(turn);
        return;
    }
    if (kind != InboundKind::text && kind != InboundKind::button_reply && kind != InboundKind::list_reply &&
        kind != InboundKind::template_button) {
        BasicResponder().handle(turn.message, turn.store, turn.now);
        return;
    }
    turn.parsed = parser_.parse(turn.text);
    if (desk_.handle(turn) || collection_.handle(turn) || survey_.handle(turn)) return;
    // Buttons of our notifications about a filed request work from any state.
    if (turn.reply_id.rfind("fix:", 0) == 0 || turn.reply_id.rfind("cancelreq:", 0) == 0) {
        const bool fix = turn.reply_id[0] == 'f';
        std::string code = turn.reply_id.substr(fix ? 4 : 10);
        if (turn.record.state != kIdle) reset(turn);
        return fix ? start_correction(turn, code) : start_cancel(turn, code);
    }
    if (turn.record.state == kIdle) {
        handle_idle(turn);
    } else if (turn.record.state == kCorrection) {
        take_correction(turn);
    } else if (!turn.reply_id.empty() || !handle_global(turn, true)) {
        handle_flow_answer(turn);
    }
}

/// Requests that may come at any point. Returns true when the message was one of them.
bool ConversationEngine::handle_global(Turn& turn, bool in_flow) {
    const auto& p = turn.parsed;
    // In the middle of a question only clear commands interrupt; anything else is the answer.
    bool sure = !in_flow || p.confidence >= 0.8;
    switch (p.intent) {
        case Intent::help:
            if (!sure) return false;
            if (in_flow) reset(turn);
            show_menu(turn, "Berikut layanan yang tersedia.");
            return true;
        case Intent::check_status:
            if (!sure || (in_flow && !p.request_code)) return false;
            send_status(turn, p.request_code.value_or(""));
            if (in_flow) turn.say("Permohonan yang sedang Anda isi masih tersimpan; silakan jawab pertanyaan sebelumnya.");
            return true;
        case Intent::cancel:
            if (!sure) return false;
            if (p.request_code) {
                if (in_flow) reset(turn);
                start_cancel(turn, *p.request_code);
            } else if (in_flow) {
                reset(turn);
                turn.say("Baik, permohonan yang sedang diisi dibatalkan. Ketik *menu* bila ingin mulai lagi.");
            } else {
                send_status(turn, "");
            }
            return true;
        case Intent::complaint:
            if (!sure) return false;
            if (in_flow) reset(turn);
            if (p.free_text && !trim(*p.free_text).empty()) {
                file_complaint(turn, *p.free_text);
            } else {
                turn.go(kComplaintText);
                turn.say("Silakan tuliskan aduan Anda dalam satu pesan. Boleh sertakan lokasi dan waktu kejadian.");
            }
            return true;
        case Intent::ask_requirements:
            if (!sure || (in_flow && !p.letter_type)) return false;
            if (p.letter_type) {
                send_requirements(turn, *p.letter_type);
            } else {
                turn.go(kChooseRequirements);
                show_letter_list(turn, "Syarat surat apa yang ingin Anda ketahui?", 0);
            }
            return true;
        case Intent::ask_info:
            if (!sure) return false;
            send_info(turn, p.info_topic.value_or("hours"));
            return true;
        default:
            return false;
    }
}

void ConversationEngine::handle_idle(Turn& turn) {
    const auto& p = turn.parsed;
    if (turn.reply_id.rfind("menu:", 0) == 0) {
        std::string choice = turn.reply_id.substr(5);
        if (choice == "status") return send_status(turn, "");
        if (choice == "aduan") {
            turn.go(kComplaintText);
            return turn.say("Silakan tuliskan aduan Anda dalam satu pesan.");
        }
        if (choice == "info") return send_info(turn, "hours");
    }
    if (turn.reply_id.rfind("type:", 0) == 0) {
        turn.draft()["letter_type"] = turn.reply_id.substr(5);
        return continue_request(turn);
    }
    if (turn.reply_id.rfind("types:page:", 0) == 0) {
        turn.go(kChooseLetterType);
        return show_letter_list(turn, "Pilih jenis surat:", static_cast<int>(std::max<std::int64_t>(0, id_number(turn.reply_id, 11))));
    }
    if (handle_global(turn, false)) return;
    // Announcements are opt-in, and opting out is always honoured.
    const std::string word = to_lower_ascii(trim(turn.text));
    if (word == "langganan" || word == "langganan pengumuman") {
        turn.store.announcements.subscribe(turn.sender(), turn.now_text);
        return turn.say("Terima kasih, Anda akan menerima pengumuman Kelurahan " + config_.kelurahan.name +
                        " di WhatsApp. Balas *BERHENTI* kapan saja untuk berhenti.");
    }
    if (word == "berhenti" || word == "berhenti langganan" || word == "stop") {
        turn.store.announcements.unsubscribe(turn.sender(), turn.now_text);
        return turn.say("Baik, Anda tidak akan menerima pengumuman lagi. Balas *LANGGANAN* bila ingin menerimanya "
                        "kembali.");
    }
    switch (p.intent) {
        case Intent::request_letter:
        case Intent::provide_data:
            if (p.intent == Intent::provide_data && !p.letter_type && !p.nik) {
                return show_menu(turn, "Terima kasih. Data ini untuk keperluan apa? Silakan pilih layanan.");
            }
            return start_request(turn);
        case Intent::greeting:
            return greet(turn);
        case Intent::thanks:
            return turn.say("Sama-sama, senang dapat membantu. 🙏");
        case Intent::confirm:
        case Intent::deny:
            return turn.say("Baik. Ketik *menu* bila ada yang bisa kami bantu.");
        case Intent::rt_approve:
        case Intent::rt_reject:
        case Intent::rt_revise:
            return refuse_rt_command(turn);
        default:
            return show_menu(turn, "Mohon maaf, kami belum memahami pesan Anda.");
    }
}

void ConversationEngine::greet(Turn& turn) {
    std::string name = turn.message.profile_name.empty() ? "" : " " + truncate_utf8(turn.message.profile_name, 40);
    turn.say(fmt::format("Halo{} 👋 Selamat datang di layanan WhatsApp Kelurahan {}.\nTuliskan keperluan Anda, "
                         "misalnya: *mau urus SKTM untuk sekolah anak*, atau ketik *menu*.",
                         name, config_.kelurahan.name));
}

void ConversationEngine::show_menu(Turn& turn, const std::string& intro) {
    turn.say(intro + "\n\nAnda bisa langsung menulis keperluan, misalnya *mau urus surat domisili*.\n"
                     "• *syarat sktm*: persyaratan surat\n• *status*: cek permohonan Anda\n"
                     "• *batal <kode>*: batalkan permohonan\n• *aduan <isi>*: sampaikan pengaduan\n"
                     "• *jam buka*, *alamat*: info kantor\n• *langganan*: terima pengumuman kelurahan");
    show_letter_list(turn, "Atau pilih jenis surat:", 0);
}

void ConversationEngine::show_letter_list(Turn& turn, const std::string& body, int page) {
    std::vector<messaging::ListRow> rows;
    const auto& types = catalog_.types;
    std::size_t first = static_cast<std::size_t>(page) * (kListRows - 1);
    for (std::size_t i = first; i < types.size() && rows.size() < kListRows - 1; ++i) {
        rows.push_back({"type:" + types[i].code, truncate_utf8(types[i].name, 60), ""});
    }
    if (first + rows.size() < types.size()) {
        rows.push_back({"types:page:" + std::to_string(page + 1), "Jenis surat lainnya…", ""});
    }
    turn.list(body, "Pilih surat", rows);
}

void ConversationEngine::send_requirements(Turn& turn, const std::string& code) {
    const config::LetterType* type = catalog_.find(code);
    if (!type) return show_menu(turn, "Jenis surat itu belum tersedia.");
    std::string text = "Syarat *" + type->name + "*:";
    for (std::size_t i = 0; i < type->requirements.size(); ++i) {
        text += fmt::format("\n{}. {}", i + 1, type->requirements[i]);
    }
    text += "\nBiaya: " + (type->fee == 0 ? std::string("gratis") : fmt::format("Rp{}", type->fee));
    text += "\nLama proses: ±" + duration_text(type->target_hours);
    text += type->needs_original ? "\nSurat asli diambil di kantor kelurahan." : "\nSurat dikirim sebagai PDF ber-QR.";
    text += "\n\nKetik *mau urus " + type->code + "* untuk mengajukan.";
    turn.say(text);
}

void ConversationEngine::send_info(Turn& turn, const std::string& topic) {
    const auto& k = config_.kelurahan;
    if (topic == "location") {
        return turn.say("Kantor Kelurahan " + k.name + ": " + k.address +
                        (k.phone.empty() ? "" : "\nTelepon: " + k.phone));
    }
    if (topic == "lurah") return turn.say("Lurah " + k.name + ": " + k.lurah_name + ".");
    if (topic == "fee") {
        bool all_free = std::all_of(catalog_.types.begin(), catalog_.types.end(),
                                    [](const config::LetterType& t) { return t.fee == 0; });
        return turn.say(all_free ? "Semua layanan surat di kelurahan tidak dipungut biaya (gratis)."
                                 : "Biaya tiap surat ada di keterangan syaratnya. Ketik *syarat <jenis surat>*.");
    }
    if (topic == "duration") {
        return turn.say("Sebagian besar surat selesai dalam 1 hari kerja setelah disetujui Ketua RT. Ketik "
                        "*syarat <jenis surat>* untuk lama proses tiap surat.");
    }
    std::string text = "Jam layanan kantor: " + office_.describe_schedule() +
                       ".\nLewat WhatsApp permohonan bisa dikirim kapan saja.";
    for (const auto& a : turn.store.announcements.current(turn.now_text, 3)) text += "\n\n📢 Pengumuman: " + a.text;
    if (!office_.is_open(turn.now)) {
        text += "\nSaat ini kantor tutup; buka lagi " + office_.describe(office_.next_opening(turn.now)) + ".";
    }
    turn.say(text);
}

void ConversationEngine::send_status(Turn& turn, const std::string& code) {
    const std::string phone = turn.sender();
    if (!code.empty()) {
        auto request = own_request(turn.store, code, phone);
        if (!request) {
            return turn.say("Permohonan dengan kode " + to_upper_ascii(code) +
                            " tidak kami temukan untuk nomor ini. Periksa kembali kodenya.");
        }
        const config::LetterType* type = catalog_.find(request->letter_type);
        return turn.say(fmt::format("Permohonan *{}* ({}): {}.", request->code, type ? type->name : request->letter_type,
                                    domain::describe_for_citizen(request->status)));
    }
    auto requests = turn.store.requests.list_for_applicant(phone, 5);
    if (requests.empty()) {
        return turn.say("Belum ada permohonan dari nomor ini. Ketik *menu* untuk mulai mengajukan surat.");
    }
    std::string text = "Permohonan Anda:";
    for (const auto& r : requests) {
        const config::LetterType* type = catalog_.find(r.letter_type);
        text += fmt::format("\n• *{}* {}: {}", r.code, type ? type->name : r.letter_type,
                            domain::describe_for_citizen(r.status));
    }
    turn.say(text);
}

void ConversationEngine::start_cancel(Turn& turn, const std::string& code) {
    auto request = own_request(turn.store, code, turn.sender());
    if (!request) {
        return turn.say("Permohonan dengan kode " + to_upper_ascii(code) + " tidak kami temukan untuk nomor ini.");
    }
    if (!domain::can_transition(request->status, domain::RequestStatus::cancelled)) {
        return turn.say(fmt::format("Permohonan {} sudah {}, jadi tidak dapat dibatalkan lagi.", request->code,
                                    domain::describe_for_citizen(request->status)));
    }
    turn.data["cancel_code"] = request->code;
    turn.go(kConfirmCancel);
    turn.buttons("Yakin membatalkan permohonan *" + request->code + "*?",
                 {{"cancel:yes", "Ya, batalkan"}, {"cancel:no", "Tidak"}});
}

/// RT commands from a phone that is no RT officer: the applicant's own "perbaiki <kode>" starts
/// their correction; anything else is refused (and the attempt recorded).
void ConversationEngine::refuse_rt_command(Turn& turn) {
    const auto& p = turn.parsed;
    const std::string code = p.request_code.value_or("");
    auto own = own_request(turn.store, code, turn.sender());
    if (p.intent == Intent::rt_revise && own && own->status == domain::RequestStatus::needs_revision) {
        return start_correction(turn, code);
    }
    auto decision = p.intent == Intent::rt_approve  ? services::RtDecision::approve
                    : p.intent == Intent::rt_reject ? services::RtDecision::reject
                                                    : services::RtDecision::revise;
    turn.say(services::RtReview(turn.store, clock_, config_, catalog_)
                 .decide(code, decision, turn.sender(), p.free_text.value_or(""))
                 .reply);
}

void ConversationEngine::start_correction(Turn& turn, const std::string& code) {
    auto request = own_request(turn.store, code, turn.sender());
    if (!request) {
        return turn.say("Permohonan dengan kode " + to_upper_ascii(code) + " tidak kami temukan untuk nomor ini.");
    }
    if (request->status != domain::RequestStatus::needs_revision) {
        return turn.say(fmt::format("Permohonan {} saat ini {}; tidak ada yang perlu diperbaiki.", request->code,
                                    domain::describe_for_citizen(request->status)));
    }
    std::string note = services::RtReview(turn.store, clock_, config_, catalog_).revision_note(*request);
    turn.data["correction_code"] = request->code;
    turn.go(kCorrection);
    turn.say(fmt::format("Perbaikan permohonan *{}*.\nCatatan dari RT: {}\n\nSilakan kirim perbaikannya dalam satu "
                         "pesan. Bila diminta dokumen, kirim fotonya dulu, lalu pesan perbaikannya. Ketik *batal* bila "
                         "belum siap.",
                         request->code, note));
}

void ConversationEngine::take_correction(Turn& turn) {
    const std::string code = turn.data.value("correction_code", "");
    auto request = own_request(turn.store, code, turn.sender());
    const auto& p = turn.parsed;
    if (!request || request->status != domain::RequestStatus::needs_revision) {
        reset(turn);
        return turn.say("Permohonan " + code + " sudah tidak menunggu perbaikan.");
    }
    if ((p.intent == Intent::cancel || p.intent == Intent::deny) && !p.request_code && trim(turn.text).size() <= 12) {
        reset(turn);
        return turn.buttons(fmt::format("Baik. Permohonan *{}* masih menunggu perbaikan dari Anda.", code),
                            {{"fix:" + code, "Kirim perbaikan"}, {"cancelreq:" + code, "Batalkan permohonan"}});
    }
    if (trim(turn.text).size() < 3) return turn.say("Mohon tuliskan perbaikannya dalam satu pesan.");
    auto rt = turn.store.rts.find_by_id(request->rt_id);
    services::RtReview(turn.store, clock_, config_, catalog_)
        .resubmit(*request, {domain::ActorKind::citizen, turn.sender(), request->applicant_name + " (pemohon)"},
                  turn.text);
    reset(turn);
    turn.say(fmt::format("Terima kasih. Perbaikan permohonan *{}* sudah kami kirim kembali ke Ketua {}; kami kabari "
                         "bila sudah diperiksa.",
                         code, services::rt_label(rt ? rt->number : 0)));
}

bool ConversationEngine::take_complaint_photo(Turn& turn) {
    const std::string noun = turn.message.kind == InboundKind::image ? "Foto" : "Dokumen";
    if (turn.record.state == kComplaintText) {
        turn.store.attachments.add_to_draft(attachment_of(turn), turn.now_text);
        if (!turn.text.empty()) {
            file_complaint(turn, turn.text);
        } else {
            turn.say(noun + " diterima dan akan dilampirkan pada aduan Anda. Sekarang tuliskan aduannya dalam satu pesan.");
        }
        return true;
    }
    if (turn.record.state != kIdle) return false;
    // "aduan lampu jalan mati" written as the photo's caption files the complaint with the photo.
    if (!turn.text.empty()) {
        auto parsed = parser_.parse(turn.text);
        if (parsed.intent != Intent::complaint || !parsed.free_text || trim(*parsed.free_text).empty()) return false;
        turn.store.attachments.add_to_draft(attachment_of(turn), turn.now_text);
        file_complaint(turn, *parsed.free_text);
        return true;
    }
    // A photo sent right after a complaint belongs to it.
    const json& last = turn.data.value("last_complaint", json::object());
    auto filed_at = parse_utc(last.value("at", ""));
    if (!filed_at || turn.now - *filed_at > kComplaintPhotoWindow) return false;
    turn.store.attachments.add_to_draft(attachment_of(turn), turn.now_text);
    turn.store.attachments.attach_draft_to_complaint(turn.sender(), last.value("id", std::int64_t{0}), turn.now_text);
    turn.say(fmt::format("{} diterima dan dilampirkan pada aduan *{}*. Terima kasih.", noun, last.value("code", "")));
    return true;
}

void ConversationEngine::file_complaint(Turn& turn, const std::string& text) {
    db::Complaint complaint;
    complaint.sender_key = turn.sender();
    complaint.text = text;
    auto residents = turn.store.residents.find_by_verified_phone(turn.sender());
    if (residents.size() == 1) complaint.resident_id = residents[0].id;
    complaint = services::file_complaint_in_transaction(turn.store, config_, turn.now, complaint);
    const int photos = turn.store.attachments.attach_draft_to_complaint(turn.sender(), complaint.id, turn.now_text);
    turn.go(kIdle);
    turn.data["last_complaint"] = {{"id", complaint.id}, {"code", complaint.code}, {"at", turn.now_text}};
    auto due = parse_utc(complaint.due_at);
    turn.say(fmt::format("Aduan Anda sudah kami terima dengan kode *{}*{}. Petugas akan menanggapi paling lambat {}. "
                         "Terima kasih atas masukan Anda. Foto pendukung boleh dikirim sesudah pesan ini.",
                         complaint.code, photos > 0 ? fmt::format(" ({} lampiran)", photos) : "",
                         domain::to_indonesian_long(to_local(due.value_or(turn.now), config_.kelurahan.utc_offset_minutes).date)));
}

// ----------------------------------------------------------------------------------------------
// Letter requests

void ConversationEngine::start_request(Turn& turn) {
    const auto& p = turn.parsed;
    json& draft = turn.draft();
    if (p.letter_type) draft["letter_type"] = *p.letter_type;
    draft["said"] = truncate_utf8(draft.value("said", "") + " " + turn.text, 1000);
    if (p.purpose && !trim(*p.purpose).empty()) draft["purpose"] = truncate_utf8(std::string(trim(*p.purpose)), 200);
    // Data given together with the request is used for the identity check.
    if (p.nik) turn.data["pending_nik"] = *p.nik;
    if (p.date) turn.data["pending_birth_date"] = *p.date;
    continue_request(turn);
}

/// Asks the next missing thing, or the confirmation when nothing is missing.
void ConversationEngine::continue_request(Turn& turn) {
    json& draft = turn.draft();
    const bool newcomer = draft.contains("newcomer");
    std::vector<domain::Resident> mine;
    if (!newcomer) {
        mine = turn.store.residents.find_by_verified_phone(turn.sender());
        if (mine.empty()) {
            if (turn.data.contains("pending_nik") && turn.data.contains("pending_birth_date")) {
                std::string nik = turn.data["pending_nik"];
                std::string date = turn.data["pending_birth_date"];
                turn.data.erase("pending_nik");
                turn.data.erase("pending_birth_date");
                return check_identity(turn, nik, date);
            }
            return ask_identity(turn);
        }
        if (mine.size() > 1 && !turn.data.contains("self_id")) {
            std::vector<messaging::ListRow> rows;
            for (const auto& r : mine) rows.push_back({"self:" + std::to_string(r.id), truncate_utf8(r.full_name, 24), ""});
            turn.go(kChooseIdentity);
            return turn.list("Nomor ini terdaftar untuk beberapa orang. Anda siapa?", "Pilih nama", rows);
        }
    }
    if (!draft.contains("letter_type") || !catalog_.find(draft["letter_type"].get<std::string>())) {
        turn.go(kChooseLetterType);
        return show_letter_list(turn, "Surat apa yang ingin Anda urus?", 0);
    }
    const config::LetterType& type = *catalog_.find(draft["letter_type"].get<std::string>());
    prefill_choices(draft, type);
    if (!newcomer && !draft.contains("applicant_id")) {
        std::int64_t self_id = turn.data.contains("self_id") ? turn.data["self_id"].get<std::int64_t>() : mine[0].id;
        auto self = turn.store.residents.find_by_id(self_id);
        if (!self) return reset(turn);
        auto family = turn.store.residents.family_of(self->kk);
        if (family.size() <= 1) {
            draft["applicant_id"] = self->id;
        } else {
            std::vector<messaging::ListRow> rows;
            rows.push_back({"applicant:" + std::to_string(self->id), truncate_utf8(self->full_name, 24), "Saya sendiri"});
            for (const auto& member : family) {
                if (member.id == self->id || rows.size() >= kListRows) continue;
                rows.push_back({"applicant:" + std::to_string(member.id), truncate_utf8(member.full_name, 24),
                                member.family_role.empty() ? "Anggota keluarga" : member.family_role});
            }
            turn.go(kChooseApplicant);
            return turn.list("*" + type.name + "* ini untuk siapa?", "Pilih nama", rows);
        }
    }
    const json& fields = draft.contains("fields") ? draft["fields"] : json::object();
    for (const auto& field : type.fields) {
        if (field.required && !fields.contains(field.key)) return ask_field(turn, field);
    }
    if (!draft.contains("purpose")) {
        turn.go(kCollectPurpose);
        return turn.say("Surat ini untuk keperluan apa? Misalnya: *melamar kerja*, *pendaftaran sekolah anak*.");
    }
    ask_confirmation(turn);
}

bool ConversationEngine::refuse_while_locked(Turn& turn) {
    auto check = turn.store.conversations.identity_check(turn.sender());
    if (!check.locked_until || *check.locked_until <= turn.now_text) return false;
    auto until = parse_utc(*check.locked_until);
    reset(turn);
    turn.say("Demi keamanan data, verifikasi dari nomor ini dikunci sementara sampai " +
             (until ? office_.describe(*until) : *check.locked_until) +
             ". Silakan coba lagi nanti atau datang ke kantor kelurahan.");
    return true;
}

void ConversationEngine::ask_identity(Turn& turn) {
    if (refuse_while_locked(turn)) return;
    turn.go(kIdentifyNik);
    turn.buttons("Nomor ini belum terhubung dengan data kependudukan. Untuk keamanan, mohon kirim *NIK* Anda "
                 "(16 angka sesuai KTP).",
                 {{"newcomer", "Saya warga pendatang"}});
}

void ConversationEngine::check_identity(Turn& turn, const std::string& nik, const std::string& birth_date) {
    // Every path to a check (the NIK question, NIK and date written in a request) ends here, so
    // a locked phone cannot guess on, and its guesses neither link it nor extend the lock.
    if (refuse_while_locked(turn)) return;
    auto resident = turn.store.residents.find_by_nik(nik);
    auto date = domain::parse_date(birth_date);
    if (resident && date && resident->birth_date == *date) {
        turn.store.residents.add_verified_phone(resident->id, turn.sender(), domain::PhoneVerification::nik_birth_date,
                                                turn.now_text);
        turn.store.conversations.clear_identity_failures(turn.sender(), turn.now_text);
        turn.data["self_id"] = resident->id;
        turn.say("Terima kasih, data Anda cocok. Nomor ini sekarang terhubung dengan data Anda.");
        return continue_request(turn);
    }
    // Never say which part did not match, or whether the NIK exists.
    auto lock_until = format_utc(turn.now + kIdentityLock);
    auto check = turn.store.conversations.record_identity_failure(turn.sender(), kMaxIdentityFailures, lock_until,
                                                                  turn.now_text);
    spdlog::info("identity check failed for {} (NIK {})", mask_phone(turn.sender()), mask_nik(nik));
    if (check.locked_until && *check.locked_until > turn.now_text) {
        reset(turn);
        return turn.say("Data yang Anda kirim belum cocok dengan data kami. Demi keamanan data, verifikasi dari nomor "
                        "ini dikunci sementara sampai " +
                        office_.describe(turn.now + kIdentityLock) +
                        ". Silakan coba lagi nanti atau datang ke kantor kelurahan.");
    }
    turn.go(kIdentifyNik);
    turn.say(fmt::format("Data yang Anda kirim belum cocok dengan data kami. Silakan kirim NIK Anda lagi "
                         "(sisa {} kali percobaan).",
                         kMaxIdentityFailures - check.failures));
}

void ConversationEngine::ask_field(Turn& turn, const config::LetterField& field) {
    turn.data["field"] = field.key;
    turn.go(kCollectField);
    if (field.kind == config::FieldKind::choice) {
        if (field.choices.size() <= 3) {
            std::vector<messaging::ReplyButton> buttons;
            for (std::size_t i = 0; i < field.choices.size(); ++i) {
                buttons.push_back({"choice:" + std::to_string(i), truncate_utf8(field.choices[i], 20)});
            }
            return turn.buttons(field.prompt, buttons);
        }
        std::vector<messaging::ListRow> rows;
        for (std::size_t i = 0; i < field.choices.size(); ++i) {
            rows.push_back({"choice:" + std::to_string(i), truncate_utf8(field.choices[i], 24), ""});
        }
        return turn.list(field.prompt, "Pilih", rows);
    }
    std::string hint;
    if (field.kind == config::FieldKind::date) hint = " (contoh: 17-08-2026)";
    turn.say(field.prompt + hint);
}

void ConversationEngine::ask_confirmation(Turn& turn) {
    json& draft = turn.draft();
    const config::LetterType& type = *catalog_.find(draft["letter_type"].get<std::string>());
    std::string text = "Mohon periksa ringkasan permohonan:\n• Jenis: " + type.name;
    if (draft.contains("newcomer")) {
        const json& n = draft["newcomer"];
        text += "\n• Pemohon: " + n.value("name", "") + " (warga pendatang)\n• Alamat: " + n.value("address", "") +
                "\n• " + rt_text(n.value("rt", 0));
    } else if (auto applicant = turn.store.residents.find_by_id(draft["applicant_id"].get<std::int64_t>())) {
        text += fmt::format("\n• Pemohon: {} (NIK {})\n• Alamat: {}, {} RW {:03d}", applicant->full_name,
                            mask_nik(applicant->nik), applicant->address, rt_text(applicant->rt_number),
                            applicant->rw_number);
    }
    for (const auto& field : type.fields) {
        if (draft.contains("fields") && draft["fields"].contains(field.key)) {
            text += "\n• " + field.label + ": " + draft["fields"][field.key].get<std::string>();
        }
    }
    text += "\n• Keperluan: " + draft.value("purpose", "");
    auto attachments = turn.store.attachments.draft(turn.sender()).size();
    if (attachments > 0) text += fmt::format("\n• Lampiran: {} berkas", attachments);
    text += "\n\nSyarat yang dibawa/diperiksa: " + type.requirements.front() +
            (type.requirements.size() > 1 ? fmt::format(" dan {} lainnya", type.requirements.size() - 1) : "") + ".";
    turn.go(kConfirm);
    turn.buttons(truncate_utf8(text, 1000), {{"confirm:send", "Kirim"}, {"confirm:edit", "Ubah"}, {"confirm:cancel", "Batal"}});
}

void ConversationEngine::submit_request(Turn& turn) {
    json& draft = turn.draft();
    const config::LetterType& type = *catalog_.find(draft["letter_type"].get<std::string>());
    services::NewRequest input;
    input.letter_type = type.code;
    input.purpose = draft.value("purpose", "");
    input.applicant_phone = turn.sender();
    input.channel = domain::Channel::whatsapp;
    json fields = draft.contains("fields") ? draft["fields"] : json::object();
    int rt_number = 0;
    if (draft.contains("newcomer")) {
        const json& n = draft["newcomer"];
        input.applicant_name = n.value("name", "");
        rt_number = n.value("rt", 0);
        fields["pendatang_alamat"] = n.value("address", "");
        auto rt = turn.store.rts.find_by_number(rt_number);
        if (!rt) return reset(turn);
        input.rt_id = rt->id;
    } else {
        auto applicant = turn.store.residents.find_by_id(draft["applicant_id"].get<std::int64_t>());
        if (!applicant) return reset(turn);
        input.resident_id = applicant->id;
        input.applicant_name = applicant->full_name;
        input.rt_id = applicant->rt_id;
        rt_number = applicant->rt_number;
    }
    input.fields_json = fields.dump();
    services::RequestService requests(turn.store, clock_, config_.kelurahan);
    domain::Request request = requests.submit_in_transaction(input, {domain::ActorKind::citizen, turn.sender()});
    turn.store.attachments.attach_draft(turn.sender(), request.id, turn.now_text);
    auto reviewer = services::RtReview(turn.store, clock_, config_, catalog_).notify_submitted(request);
    std::string next = reviewer ? fmt::format("Selanjutnya {} akan memeriksa permohonan ini, lalu petugas kelurahan "
                                              "memprosesnya. Perkiraan selesai: {} setelah disetujui RT.",
                                              *reviewer, duration_text(type.target_hours))
                                : fmt::format("Karena persetujuan {} tidak dapat diberikan lewat WhatsApp, petugas "
                                              "kelurahan akan memeriksa dan memproses permohonan ini.",
                                              rt_text(rt_number));
    std::string text = fmt::format(
        "Permohonan Anda sudah kami terima ✅\nKode: *{}*\n\n{}\nCek kapan saja dengan mengetik *status {}*.",
        request.code, next, request.code);
    if (!office_.is_open(turn.now)) {
        text += "\n\nKantor sedang tutup; petugas akan memproses mulai " +
                office_.describe(office_.next_opening(turn.now)) + ".";
    }
    turn.say(text);
    reset(turn);  // the draft's attachments now belong to the request, so nothing is discarded
}

// ----------------------------------------------------------------------------------------------
// Answers to the question the bot asked last

void ConversationEngine::handle_flow_answer(Turn& turn) {
    const std::string state = turn.record.state;
    const auto& p = turn.parsed;
    const std::string& id = turn.reply_id;

    if (state == kConfirmCancel) {
        std::string code = turn.data.value("cancel_code", "");
        bool yes = id == "cancel:yes" || (id.empty() && p.intent == Intent::confirm);
        bool no = id == "cancel:no" || (id.empty() && p.intent == Intent::deny);
        if (!yes && !no) {
            return turn.buttons("Mohon pilih: batalkan permohonan *" + code + "*?",
                                {{"cancel:yes", "Ya, batalkan"}, {"cancel:no", "Tidak"}});
        }
        reset(turn);
        if (no) return turn.say("Baik, permohonan " + code + " tidak dibatalkan.");
        auto request = turn.store.requests.find_by_code(code);
        if (!request || !domain::can_transition(request->status, domain::RequestStatus::cancelled)) {
            return turn.say("Permohonan " + code + " sudah tidak dapat dibatalkan.");
        }
        services::RequestService requests(turn.store, clock_, config_.kelurahan);
        requests.change_status_in_transaction(request->id, domain::RequestStatus::cancelled,
                                              {domain::ActorKind::citizen, turn.sender()}, "dibatalkan lewat WhatsApp");
        return turn.say("Permohonan " + code + " sudah dibatalkan.");
    }

    if (state == kComplaintText) {
        if (trim(turn.text).size() < 5) return turn.say("Mohon tuliskan isi aduan Anda dengan lebih lengkap.");
        return file_complaint(turn, turn.text);
    }

    if (state == kChooseRequirements) {
        std::string code = id.rfind("type:", 0) == 0 ? id.substr(5) : p.letter_type.value_or("");
        if (id.rfind("types:page:", 0) == 0) return show_letter_list(turn, "Pilih jenis surat:", static_cast<int>(std::max<std::int64_t>(0, id_number(id, 11))));
        reset(turn);
        if (code.empty()) return show_menu(turn, "Jenis surat itu belum kami kenali.");
        return send_requirements(turn, code);
    }

    if (state == kIdentifyNik) {
        if (id == "newcomer" || (id.empty() && to_lower_ascii(turn.text).find("pendatang") != std::string::npos)) {
            turn.draft()["newcomer"] = json::object();
            turn.go(kNewcomerName);
            return turn.say("Baik. Mohon kirim *nama lengkap* Anda sesuai KTP.");
        }
        std::string digits;
        for (char c : turn.text) {
            if (c >= '0' && c <= '9') digits += c;
        }
        std::string nik = p.nik.value_or(digits);
        auto valid = domain::parse_nik(nik);
        if (!valid) return turn.say(valid.error().message + ". Mohon kirim ulang NIK Anda (16 angka).");
        turn.data["pending_nik"] = nik;
        if (p.date) return check_identity(turn, nik, *p.date);
        turn.go(kIdentifyBirthDate);
        return turn.say("Terima kasih. Sekarang kirim *tanggal lahir* Anda, contoh: 17-08-1985.");
    }

    if (state == kIdentifyBirthDate) {
        auto date = p.date ? domain::parse_date(*p.date) : domain::parse_date(std::string(trim(turn.text)));
        if (!date) {
            return turn.say("Format tanggal belum tepat. Mohon kirim tanggal lahir seperti contoh: 17-08-1985.");
        }
        std::string nik = turn.data.value("pending_nik", "");
        turn.data.erase("pending_nik");
        return check_identity(turn, nik, domain::to_iso(*date));
    }

    if (state == kChooseIdentity) {
        if (id.rfind("self:", 0) == 0) {
            std::int64_t chosen = id_number(id, 5);
            for (const auto& r : turn.store.residents.find_by_verified_phone(turn.sender())) {
                if (r.id == chosen) turn.data["self_id"] = chosen;
            }
        }
        return continue_request(turn);
    }

    if (state == kChooseLetterType) {
        if (id.rfind("types:page:", 0) == 0) {
            return show_letter_list(turn, "Pilih jenis surat:", static_cast<int>(std::max<std::int64_t>(0, id_number(id, 11))));
        }
        std::string code = id.rfind("type:", 0) == 0 ? id.substr(5) : p.letter_type.value_or("");
        if (code.empty() || !catalog_.find(code)) {
            return show_letter_list(turn, "Maaf, jenis surat itu belum kami kenali. Silakan pilih dari daftar:", 0);
        }
        turn.draft()["letter_type"] = code;
        if (p.purpose && !turn.draft().contains("purpose")) turn.draft()["purpose"] = *p.purpose;
        return continue_request(turn);
    }

    if (state == kChooseApplicant) {
        if (id.rfind("applicant:", 0) == 0) {
            std::int64_t chosen = id_number(id, 10);
            auto mine = turn.store.residents.find_by_verified_phone(turn.sender());
            std::optional<domain::Resident> self;
            if (turn.data.contains("self_id")) {
                self = turn.store.residents.find_by_id(turn.data["self_id"].get<std::int64_t>());
            } else if (!mine.empty()) {
                self = mine[0];
            }
            auto member = turn.store.residents.find_by_id(chosen);
            // Only members of the same Kartu Keluarga.
            if (self && member && member->kk == self->kk) turn.draft()["applicant_id"] = chosen;
        }
        return continue_request(turn);
    }

    if (state == kNewcomerName) {
        std::string name(trim(p.name.value_or(turn.text)));
        if (name.size() < 3 || name.size() > 100 || std::any_of(name.begin(), name.end(), ::isdigit)) {
            return turn.say("Mohon kirim nama lengkap Anda (huruf saja), sesuai KTP.");
        }
        turn.draft()["newcomer"]["name"] = title_case(name);
        turn.go(kNewcomerAddress);
        return turn.say("Terima kasih. Sekarang kirim *alamat tempat tinggal* Anda di Kelurahan " +
                        config_.kelurahan.name + " (jalan, gang, nomor rumah).");
    }

    if (state == kNewcomerAddress) {
        std::string address(trim(turn.text));
        if (address.size() < 5) return turn.say("Alamat terlalu singkat. Mohon tulis jalan, gang dan nomor rumah.");
        turn.draft()["newcomer"]["address"] = truncate_utf8(address, 200);
        turn.go(kNewcomerRt);
        return turn.say("Anda tinggal di RT berapa? (contoh: RT 5)");
    }

    if (state == kNewcomerRt) {
        std::optional<int> rt = p.rt;
        if (!rt && is_all_digits(trim(turn.text)) && trim(turn.text).size() <= 3) rt = std::stoi(std::string(trim(turn.text)));
        if (!rt || !turn.store.rts.find_by_number(*rt)) {
            return turn.say(fmt::format("Nomor RT itu tidak ada di Kelurahan {}. Mohon kirim nomor RT Anda, contoh: RT 5.",
                                        config_.kelurahan.name));
        }
        turn.draft()["newcomer"]["rt"] = *rt;
        return continue_request(turn);
    }

    if (state == kCollectField) {
        const config::LetterType* type = catalog_.find(turn.draft().value("letter_type", ""));
        const config::LetterField* field = type ? type->find_field(turn.data.value("field", "")) : nullptr;
        if (!field) return continue_request(turn);
        // A tapped choice comes back as "choice:<index>"; the parser's ISO date beats the raw words.
        std::string answer = std::string(trim(turn.text));
        if (field->kind == config::FieldKind::choice && id.rfind("choice:", 0) == 0) {
            answer = std::to_string(id_number(id, 7) + 1);
        } else if (field->kind == config::FieldKind::date && p.date) {
            answer = *p.date;
        }
        auto checked = services::check_field_answer(*field, answer);
        const std::string problem = checked ? "" : checked.error().message;
        const std::string value = checked ? checked.value() : "";
        if (!problem.empty()) {
            turn.say(problem);
            return ask_field(turn, *field);
        }
        turn.draft()["fields"][field->key] = value;
        turn.data.erase("field");
        if (turn.data.value("editing", false)) {
            turn.data.erase("editing");
            return ask_confirmation(turn);
        }
        return continue_request(turn);
    }

    if (state == kCollectPurpose) {
        std::string purpose(trim(p.purpose.value_or(turn.text)));
        if (purpose.size() < 3) return turn.say("Mohon tuliskan keperluan surat ini, misalnya *melamar kerja*.");
        turn.draft()["purpose"] = truncate_utf8(purpose, 200);
        turn.data.erase("editing");
        return continue_request(turn);
    }

    if (state == kConfirm) {
        bool send = id == "confirm:send" || (id.empty() && p.intent == Intent::confirm);
        bool edit = id == "confirm:edit" || (id.empty() && to_lower_ascii(turn.text).find("ubah") != std::string::npos);
        bool cancel = id == "confirm:cancel" || (id.empty() && (p.intent == Intent::deny || p.intent == Intent::cancel));
        if (send) return submit_request(turn);
        if (cancel) {
            reset(turn);
            return turn.say("Permohonan dibatalkan dan tidak dikirim. Ketik *menu* bila ingin mulai lagi.");
        }
        if (edit) {
            const config::LetterType& type = *catalog_.find(turn.draft()["letter_type"].get<std::string>());
            std::vector<messaging::ListRow> rows;
            for (const auto& field : type.fields) rows.push_back({"edit:" + field.key, truncate_utf8(field.label, 24), ""});
            rows.push_back({"edit:purpose", "Keperluan", ""});
            rows.push_back({"edit:type", "Jenis surat", ""});
            turn.go(kChooseEdit);
            return turn.list("Bagian mana yang ingin diubah?", "Pilih bagian", rows);
        }
        return ask_confirmation(turn);
    }

    if (state == kChooseEdit) {
        std::string what = id.rfind("edit:", 0) == 0 ? id.substr(5) : "";
        json& draft = turn.draft();
        turn.data["editing"] = true;
        if (what == "purpose") {
            draft.erase("purpose");
            turn.go(kCollectPurpose);
            return turn.say("Silakan tulis keperluan yang baru.");
        }
        if (what == "type") {
            draft.erase("letter_type");
            draft.erase("fields");
            turn.data.erase("editing");
            return continue_request(turn);
        }
        const config::LetterType* type = catalog_.find(draft.value("letter_type", ""));
        const config::LetterField* field = type ? type->find_field(what) : nullptr;
        if (!field) return ask_confirmation(turn);
        return ask_field(turn, *field);
    }

    // Unknown state (an older version's, say): start over politely.
    reset(turn);
    show_menu(turn, "Mohon maaf, mari kita mulai lagi.");
}

}  // namespace ekel::bot
