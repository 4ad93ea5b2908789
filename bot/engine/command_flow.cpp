#include "bot/engine/command_flow.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "bot/engine/request_flow.h"
#include "bot/engine/turn.h"
#include "bot/engine/wording.h"
#include "bot/nlu/message_parser.h"
#include "shared/services/collection_service.h"
#include "shared/services/complaint_service.h"
#include "shared/services/letter_fields.h"
#include "shared/services/request_service.h"
#include "shared/services/rt_review.h"
#include "shared/util/text.h"
#include "shared/util/time.h"

namespace ekel::bot {

using messaging::InboundKind;
using messaging::ReplyKind;
using nlu::Intent;

namespace {

// Photos sent this soon after a complaint are attached to it.
constexpr auto kComplaintPhotoWindow = std::chrono::minutes(30);

/// A request this phone filed; nullopt both for an unknown code and for someone else's request,
/// so the answers cannot tell the two apart.
std::optional<domain::Request> own_request(db::Store& store, const std::string& code, const std::string& phone) {
    auto request = store.requests.find_by_code(code);
    if (!request || request->applicant_phone != phone) return std::nullopt;
    return request;
}

/// The office that handles what a redirect names, in the words citizens know.
std::string_view institution(std::string_view where) {
    static const std::pair<std::string_view, std::string_view> kPlaces[] = {
        {"polisi", "kepolisian (Polres/Polsek); pengantar SKCK dari kelurahan bisa diurus di sini"},
        {"bpn", "Kantor Pertanahan (BPN)"},
        {"imigrasi", "Kantor Imigrasi"},
        {"bpjs", "kantor BPJS Kesehatan atau BPJS Ketenagakerjaan"},
        {"dukcapil", "Disdukcapil; surat pengantar KTP/KK dari kelurahan bisa diurus di sini"},
        {"pengadilan", "Pengadilan Agama atau Pengadilan Negeri"},
        {"kua", "KUA kecamatan; surat pengantar nikah dari kelurahan bisa diurus di sini"},
        {"samsat", "Samsat"},
        {"pajak", "Bapenda (PBB) atau kantor pajak (KPP)"},
    };
    for (const auto& [key, place] : kPlaces) {
        if (key == where) return place;
    }
    return {};
}

std::vector<messaging::ReplyButton> cancel_buttons() {
    return {{messaging::encode({ReplyKind::cancel, "yes"}), "Ya, batalkan"},
            {messaging::encode({ReplyKind::cancel, "no"}), "Tidak"}};
}

}  // namespace

CommandFlow::CommandFlow(const config::Config& config, const config::LetterCatalog& catalog, const Clock& clock,
                         const services::OfficeHours& office, RequestFlow& requests)
    : config_(config), catalog_(catalog), clock_(clock), office_(office), requests_(requests) {}

void CommandFlow::greet(Turn& turn) {
    std::string name = turn.message.profile_name.empty() ? "" : " " + truncate_utf8(turn.message.profile_name, 40);
    turn.say(fmt::format("Halo{} 👋 Selamat datang di layanan WhatsApp Kelurahan {}.\nTuliskan keperluan Anda, "
                         "misalnya: *mau urus SKTM untuk sekolah anak*, atau ketik *menu*.",
                         name, config_.kelurahan.name));
}

void CommandFlow::show_menu(Turn& turn, const std::string& intro) {
    turn.say(intro + "\n\nAnda bisa langsung menulis keperluan, misalnya *mau urus surat domisili*.\n"
                     "• *syarat sktm*: persyaratan surat\n• *status*: cek permohonan Anda\n"
                     "• *batal <kode>*: batalkan permohonan\n• *aduan <isi>*: sampaikan pengaduan\n"
                     "• *jam buka*, *alamat*: info kantor\n• *langganan*: terima pengumuman kelurahan");
    requests_.show_letter_list(turn, "Atau pilih jenis surat:", 0);
}

void CommandFlow::send_requirements(Turn& turn, const std::string& code) {
    const config::LetterType* type = catalog_.find(code);
    if (!type) return show_menu(turn, "Jenis surat itu belum tersedia.");
    std::string text = "Syarat *" + type->name + "*:";
    bool documents = false;
    for (std::size_t i = 0; i < type->requirements.size(); ++i) {
        const config::LetterRequirement& requirement = type->requirements[i];
        const bool document = requirement.kind == domain::RequirementKind::document;
        documents = documents || document;
        text += fmt::format("\n{}. {}{}", i + 1, requirement.text,
                            !requirement.mandatory ? " (bila ada)" : document ? "" : " (diperiksa petugas)");
    }
    if (documents) text += "\nDokumen dapat dikirim sebagai foto/PDF saat mengajukan lewat WhatsApp, atau dibawa ke kantor.";
    text += "\nBiaya: " + (type->fee == 0 ? std::string("gratis") : fmt::format("Rp{}", type->fee));
    text += "\nLama proses: ±" + duration_text(type->target_hours);
    text += type->needs_original ? "\nSurat asli diambil di kantor kelurahan." : "\nSurat dikirim sebagai PDF ber-QR.";
    offer_to_start(turn, *type, text);
}

void CommandFlow::offer_to_start(Turn& turn, const config::LetterType& type, const std::string& text) {
    turn.buttons(truncate_utf8(text, 1000), {{messaging::encode({ReplyKind::letter_type, type.code}), "Ajukan sekarang"}});
}

void CommandFlow::send_letter_info(Turn& turn, const config::LetterType& type, const std::string& topic) {
    std::string text;
    if (topic == "fee") {
        text = "Biaya *" + type.name + "*: " + (type.fee == 0 ? std::string("gratis") : fmt::format("Rp{}", type.fee)) + ".";
    } else if (topic == "duration") {
        text = "*" + type.name + "* selesai ±" + duration_text(type.target_hours) + " setelah disetujui Ketua RT.";
    } else {
        text = "*" + type.name + "* " +
               (type.needs_original ? "diambil aslinya di kantor kelurahan; kami kirimkan jadwal pengambilannya."
                                    : "dikirim sebagai PDF ber-QR lewat WhatsApp ini; tidak perlu datang ke kantor.");
    }
    offer_to_start(turn, type, text);
}

void CommandFlow::send_info(Turn& turn, const std::string& topic, const std::optional<std::string>& letter_type) {
    const auto& k = config_.kelurahan;
    const config::LetterType* type = letter_type ? catalog_.find(*letter_type) : nullptr;
    if (type && (topic == "fee" || topic == "duration" || topic == "collection")) {
        return send_letter_info(turn, *type, topic);
    }
    if (topic == "collection") {
        return turn.say("Sebagian surat dikirim sebagai PDF ber-QR lewat WhatsApp ini dan sah tanpa datang ke kantor; "
                        "surat yang perlu aslinya diambil di kantor sesuai jadwal yang kami kirimkan. Ketik *syarat "
                        "<jenis surat>* untuk keterangan tiap surat.");
    }
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

void CommandFlow::send_status(Turn& turn, const std::string& code) {
    const std::string phone = turn.sender();
    std::vector<domain::Request> requests;
    if (!code.empty()) {
        auto request = own_request(turn.store, code, phone);
        if (!request) {
            return turn.say("Permohonan dengan kode " + to_upper_ascii(code) +
                            " tidak kami temukan untuk nomor ini. Periksa kembali kodenya.");
        }
        requests.push_back(*request);
    } else {
        requests = turn.store.requests.list_for_applicant(phone, 5);
    }
    if (requests.empty()) {
        return turn.say("Belum ada permohonan dari nomor ini. Ketik *menu* untuk mulai mengajukan surat.");
    }
    std::string text = requests.size() == 1 ? "" : "Permohonan Anda:";
    std::vector<messaging::ReplyButton> reminders;
    for (const auto& r : requests) {
        const config::LetterType* type = catalog_.find(r.letter_type);
        const std::string name = type ? type->name : r.letter_type;
        const std::string status(domain::describe_for_citizen(r.status));
        text += requests.size() == 1 ? fmt::format("Permohonan *{}* ({}): {}.", r.code, name, status)
                                     : fmt::format("\n• *{}* {}: {}", r.code, name, status);
        // A letter waiting at the office: when its holder has booked to collect it.
        if (r.status == domain::RequestStatus::issued) {
            const auto booking = turn.store.bookings.find(r.id);
            const auto slot = booking ? parse_utc(booking->slot_start) : std::nullopt;
            if (slot) {
                text += fmt::format(" Jadwal ambil: {}, nomor antrean {}.",
                                    services::CollectionService(turn.store, config_, catalog_).describe_slot(*slot),
                                    booking->queue_number);
            }
        }
        // Waiting for the RT: the applicant may have us remind them.
        if (r.status == domain::RequestStatus::submitted && reminders.size() < 3) {
            reminders.push_back({messaging::encode({ReplyKind::remind_rt, r.code}),
                                 truncate_utf8("Ingatkan RT " + r.code.substr(r.code.size() > 9 ? r.code.size() - 9 : 0), 20)});
        }
    }
    if (reminders.empty()) return turn.say(text);
    turn.buttons(truncate_utf8(text + "\n\nMasih menunggu persetujuan Ketua RT? Kami bisa mengingatkan beliau.", 1000),
                 reminders);
}

void CommandFlow::start_cancel(Turn& turn, const std::string& code) {
    auto request = own_request(turn.store, code, turn.sender());
    if (!request) {
        return turn.say("Permohonan dengan kode " + to_upper_ascii(code) + " tidak kami temukan untuk nomor ini.");
    }
    if (!domain::can_transition(request->status, domain::RequestStatus::cancelled)) {
        return turn.say(fmt::format("Permohonan {} sudah {}, jadi tidak dapat dibatalkan lagi.", request->code,
                                    domain::describe_for_citizen(request->status)));
    }
    turn.data.cancel_code = request->code;
    turn.go(State::confirm_cancel);
    turn.buttons("Yakin membatalkan permohonan *" + request->code + "*?", cancel_buttons());
}

void CommandFlow::answer_cancel(Turn& turn) {
    const auto& p = turn.parsed;
    const std::string code = turn.data.cancel_code;
    const bool typed = turn.reply_id.empty();
    bool yes = turn.tapped(ReplyKind::cancel, "yes") || (typed && p.intent == Intent::confirm);
    bool no = turn.tapped(ReplyKind::cancel, "no") || (typed && p.intent == Intent::deny);
    if (!yes && !no) return turn.buttons("Mohon pilih: batalkan permohonan *" + code + "*?", cancel_buttons());
    turn.reset();
    if (no) return turn.say("Baik, permohonan " + code + " tidak dibatalkan.");
    auto request = turn.store.requests.find_by_code(code);
    if (!request || !domain::can_transition(request->status, domain::RequestStatus::cancelled)) {
        return turn.say("Permohonan " + code + " sudah tidak dapat dibatalkan.");
    }
    services::RequestService requests(turn.store, clock_, config_.kelurahan);
    requests.change_status_in_transaction(request->id, domain::RequestStatus::cancelled,
                                          {domain::ActorKind::citizen, turn.sender()}, "dibatalkan lewat WhatsApp");
    turn.say("Permohonan " + code + " sudah dibatalkan.");
}

void CommandFlow::refuse_rt_command(Turn& turn) {
    const auto& p = turn.parsed;
    const std::string code = p.request_code.value_or("");
    auto own = own_request(turn.store, code, turn.sender());
    // The applicant's own "perbaiki <kode>" starts their correction; anything else is refused
    // (and the attempt recorded).
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

void CommandFlow::start_correction(Turn& turn, const std::string& code) {
    auto request = own_request(turn.store, code, turn.sender());
    if (!request) {
        return turn.say("Permohonan dengan kode " + to_upper_ascii(code) + " tidak kami temukan untuk nomor ini.");
    }
    if (request->status != domain::RequestStatus::needs_revision) {
        return turn.say(fmt::format("Permohonan {} saat ini {}; tidak ada yang perlu diperbaiki.", request->code,
                                    domain::describe_for_citizen(request->status)));
    }
    std::string note = services::RtReview(turn.store, clock_, config_, catalog_).revision_note(*request);
    turn.data.correction_code = request->code;
    turn.data.field.clear();
    turn.go(State::correction);
    turn.say(fmt::format("Perbaikan permohonan *{}*.\nCatatan dari RT: {}\n\nSilakan kirim perbaikannya dalam satu "
                         "pesan. Bila diminta dokumen, kirim fotonya dulu, lalu pesan perbaikannya. Ketik *batal* bila "
                         "belum siap.",
                         request->code, note));
    // Data on the letter is corrected where it stands: pick the part, then give the right value.
    const config::LetterType* type = catalog_.find(request->letter_type);
    std::vector<messaging::ListRow> rows;
    for (const auto& field : type ? type->fields : std::vector<config::LetterField>{}) {
        if (rows.size() + 1 < kListRows) rows.push_back({messaging::encode({ReplyKind::fix_field, field.key}),
                                                         truncate_utf8(field.label, 24), ""});
    }
    rows.push_back({messaging::encode({ReplyKind::fix_field, "purpose"}), "Keperluan", ""});
    turn.list("Bila yang salah adalah isian surat, pilih bagiannya:", "Pilih bagian", rows);
}

/// The new value of the part picked in a correction: stored on the request, and told to the RT
/// as before → after. False when the answer was not right (asked again).
bool CommandFlow::correct_field(Turn& turn, const domain::Request& request, std::string& change) {
    const config::LetterType* type = catalog_.find(request.letter_type);
    nlohmann::json fields = nlohmann::json::parse(request.fields_json, nullptr, false);
    if (!fields.is_object()) fields = nlohmann::json::object();
    std::string purpose = request.purpose;
    // Corrections go on the letter in official form too; what was typed is kept for staff.
    services::TypedText typed = services::TypedText::from_json(request.original_text_json);
    if (turn.data.field == "purpose") {
        const std::string as_typed = truncate_utf8(std::string(trim(turn.parsed.purpose.value_or(turn.text))),
                                                   services::kMaxPurposeBytes);
        const std::string value = services::official_purpose(as_typed, catalog_.words);
        if (value.size() < 3) {
            turn.say("Mohon tuliskan keperluan yang benar, misalnya *melamar kerja*.");
            return false;
        }
        change = "Keperluan: " + purpose + " → " + value;
        purpose = value;
        typed.purpose = value == as_typed ? "" : as_typed;
    } else {
        const config::LetterField* field = type ? type->find_field(turn.data.field) : nullptr;
        if (!field) return true;
        auto checked = requests_.read_field_answer(turn, *field);
        if (!checked) {
            turn.say(checked.error().message);
            requests_.prompt_field(turn, *field);
            return false;
        }
        const std::string before = fields.value(field->key, std::string("-"));
        change = field->label + ": " + before + " → " + checked.value();
        fields[field->key] = checked.value();
        const std::string as_typed(trim(turn.text));
        if (field->kind == config::FieldKind::text && as_typed != checked.value()) {
            typed.fields[field->key] = as_typed;
        } else {
            typed.fields.erase(field->key);
        }
    }
    turn.store.requests.update_details(request.id, request.applicant_name, fields.dump(), purpose, turn.now_text);
    turn.store.requests.update_original_text(request.id, typed.to_json());
    return true;
}

void CommandFlow::answer_correction(Turn& turn) {
    const std::string code = turn.data.correction_code;
    auto request = own_request(turn.store, code, turn.sender());
    const auto& p = turn.parsed;
    if (!request || request->status != domain::RequestStatus::needs_revision) {
        turn.reset();
        return turn.say("Permohonan " + code + " sudah tidak menunggu perbaikan.");
    }
    if ((p.intent == Intent::cancel || p.intent == Intent::deny) && !p.request_code && trim(turn.text).size() <= 12) {
        turn.reset();
        return turn.buttons(fmt::format("Baik. Permohonan *{}* masih menunggu perbaikan dari Anda.", code),
                            {{messaging::encode({ReplyKind::fix, code}), "Kirim perbaikan"},
                             {messaging::encode({ReplyKind::cancel_request, code}), "Batalkan permohonan"}});
    }
    if (const auto* part = turn.tapped(ReplyKind::fix_field)) {
        const config::LetterType* type = catalog_.find(request->letter_type);
        const config::LetterField* field = type ? type->find_field(part->arg) : nullptr;
        if (part->arg != "purpose" && !field) return turn.say("Mohon pilih bagian dari daftar.");
        turn.data.field = part->arg;
        if (field) return requests_.prompt_field(turn, *field);
        return turn.say("Tulis keperluan yang benar.");
    }
    std::string correction = turn.text;
    if (!turn.data.field.empty()) {
        if (!correct_field(turn, *request, correction)) return;
    } else if (trim(turn.text).size() < 3) {
        return turn.say("Mohon tuliskan perbaikannya dalam satu pesan.");
    }
    auto rt = turn.store.rts.find_by_id(request->rt_id);
    services::RtReview(turn.store, clock_, config_, catalog_)
        .resubmit(*turn.store.requests.find_by_id(request->id),
                  {domain::ActorKind::citizen, turn.sender(), request->applicant_name + " (pemohon)"}, correction);
    turn.reset();
    turn.say(fmt::format("Terima kasih. Perbaikan permohonan *{}* sudah kami kirim kembali ke Ketua {}; kami kabari "
                         "bila sudah diperiksa.",
                         code, services::rt_label(rt ? rt->number : 0)));
}

void CommandFlow::ask_complaint(Turn& turn, const std::string& prompt) {
    turn.go(State::complaint_text);
    turn.say(prompt);
}

void CommandFlow::answer_complaint(Turn& turn) {
    if (trim(turn.text).size() < 5) return turn.say("Mohon tuliskan isi aduan Anda dengan lebih lengkap.");
    file_complaint(turn, turn.text);
}

void CommandFlow::propose_complaint(Turn& turn, const std::string& text) {
    turn.data.pending_complaint = truncate_utf8(text, 2000);
    turn.go(State::confirm_complaint);
    turn.buttons("Kirim pesan ini sebagai *aduan* kepada petugas kelurahan?\n\n“" + truncate_utf8(text, 300) + "”",
                 {{messaging::encode({ReplyKind::complaint, "yes"}), "Kirim aduan"},
                  {messaging::encode({ReplyKind::complaint, "no"}), "Tidak"}});
}

void CommandFlow::answer_complaint_confirmation(Turn& turn) {
    const auto& p = turn.parsed;
    const bool yes = turn.tapped(ReplyKind::complaint, "yes") || (turn.reply_id.empty() && p.intent == Intent::confirm);
    const bool no = turn.tapped(ReplyKind::complaint, "no") ||
                    (turn.reply_id.empty() && (p.intent == Intent::deny || p.intent == Intent::cancel));
    const std::string text = turn.data.pending_complaint;
    if (yes && !text.empty()) return file_complaint(turn, text);
    if (no || text.empty()) {
        turn.reset();
        return turn.say("Baik, pesan itu tidak kami catat sebagai aduan. Ketik *menu* bila ada yang bisa kami bantu.");
    }
    turn.buttons("Mohon pilih: kirim sebagai aduan?", {{messaging::encode({ReplyKind::complaint, "yes"}), "Kirim aduan"},
                                                        {messaging::encode({ReplyKind::complaint, "no"}), "Tidak"}});
}

void CommandFlow::redirect(Turn& turn, const std::string& where) {
    if (where == "spam") return;  // chain messages and spam get nothing
    if (where == "social") {
        return turn.say("Terima kasih atas pesannya 🙏 Layanan WhatsApp ini untuk surat-menyurat Kelurahan " +
                        config_.kelurahan.name + ", cek status, dan aduan. Ketik *menu* untuk melihat layanannya.");
    }
    const std::string_view place = institution(where);
    if (place.empty()) return show_menu(turn, "Mohon maaf, kami belum memahami pesan Anda.");
    turn.say(fmt::format("Urusan itu dilayani oleh {}. Kelurahan {} melayani surat keterangan dan surat pengantar; "
                         "ketik *menu* untuk melihat daftarnya.",
                         place, config_.kelurahan.name));
}

void CommandFlow::hand_to_staff(Turn& turn) {
    db::StaffNotice notice;
    notice.kind = "citizen_handoff";
    notice.sender_key = turn.sender();
    std::string text = fmt::format("Warga dengan nomor {} meminta dihubungi petugas.", turn.sender());
    if (!turn.message.profile_name.empty()) text += " Nama di WhatsApp: " + truncate_utf8(turn.message.profile_name, 60) + ".";
    text += "\nPesan terakhir:";
    for (const auto& line : turn.data.recent) text += "\n- " + line;
    notice.text = text;
    notice.created_at = turn.now_text;
    turn.store.notices.add(notice);
    turn.say(office_.is_open(turn.now)
                 ? "Baik, permintaan Anda sudah kami teruskan ke petugas kelurahan. Petugas akan membalas di WhatsApp ini."
                 : "Baik, permintaan Anda sudah kami teruskan ke petugas kelurahan. Kantor sedang tutup; petugas akan "
                   "membalas di WhatsApp ini mulai " +
                       office_.describe(office_.next_opening(turn.now)) + ".");
}

void CommandFlow::remind_rt(Turn& turn, const std::string& code) {
    auto request = own_request(turn.store, code, turn.sender());
    if (!request || request->status != domain::RequestStatus::submitted) {
        return turn.say("Permohonan " + to_upper_ascii(code) + " tidak sedang menunggu persetujuan RT.");
    }
    const int offset = config_.kelurahan.utc_offset_minutes;
    const auto today = to_local(turn.now, offset).date;
    for (const auto& event : turn.store.events.list_for(request->id)) {
        auto at = parse_utc(event.at);
        if (event.action == "citizen_reminder" && at && to_local(*at, offset).date == today) {
            return turn.say("Ketua RT sudah kami ingatkan hari ini tentang permohonan *" + request->code +
                            "*. Besok Anda bisa meminta pengingat lagi bila belum ada keputusan.");
        }
    }
    services::RtReview(turn.store, clock_, config_, catalog_).send_reminders({*request});
    domain::RequestEvent event;
    event.request_id = request->id;
    event.at = turn.now_text;
    event.actor = {domain::ActorKind::citizen, turn.sender(), request->applicant_name + " (pemohon)"};
    event.action = "citizen_reminder";
    event.note = "pemohon meminta RT diingatkan";
    turn.store.events.append(event);
    turn.say("Baik, Ketua RT sudah kami ingatkan tentang permohonan *" + request->code + "*. Kami kabari bila sudah "
             "diputuskan.");
}

void CommandFlow::answer_requirements(Turn& turn) {
    if (const auto* page = turn.tapped(ReplyKind::letter_page)) {
        return requests_.show_letter_list(turn, "Pilih jenis surat:", static_cast<int>(std::min<std::int64_t>(page->number().value_or(0), 1000)));
    }
    const auto* tapped = turn.tapped(ReplyKind::letter_type);
    std::string code = tapped ? tapped->arg : turn.parsed.letter_type.value_or("");
    turn.reset();
    if (code.empty()) return show_menu(turn, "Jenis surat itu belum kami kenali.");
    send_requirements(turn, code);
}

bool CommandFlow::take_subscription(Turn& turn) {
    // Announcements are opt-in, and opting out is always honoured.
    const std::string word = to_lower_ascii(trim(turn.text));
    if (word == "langganan" || word == "langganan pengumuman") {
        turn.store.announcements.subscribe(turn.sender(), turn.now_text);
        turn.say("Terima kasih, Anda akan menerima pengumuman Kelurahan " + config_.kelurahan.name +
                 " di WhatsApp. Balas *BERHENTI* kapan saja untuk berhenti.");
        return true;
    }
    if (word == "berhenti" || word == "berhenti langganan" || word == "stop") {
        turn.store.announcements.unsubscribe(turn.sender(), turn.now_text);
        turn.say("Baik, Anda tidak akan menerima pengumuman lagi. Balas *LANGGANAN* bila ingin menerimanya "
                 "kembali.");
        return true;
    }
    return false;
}

bool CommandFlow::take_media(Turn& turn) {
    const std::string noun = turn.message.kind == InboundKind::image ? "Foto" : "Dokumen";
    if (turn.state == State::correction) {
        auto request = own_request(turn.store, turn.data.correction_code, turn.sender());
        if (!request) {
            turn.reset();
            return true;
        }
        turn.store.attachments.add_to_draft(turn.attachment(), turn.now_text);
        turn.store.attachments.attach_draft(turn.sender(), request->id, turn.now_text);
        turn.say(fmt::format("{} diterima dan dilampirkan pada permohonan {}. Sekarang kirim pesan perbaikannya.",
                             noun, request->code));
        return true;
    }
    if (turn.state == State::complaint_text) {
        turn.store.attachments.add_to_draft(turn.attachment(), turn.now_text);
        if (!turn.text.empty()) {
            file_complaint(turn, turn.text);
        } else {
            turn.say(noun + " diterima dan akan dilampirkan pada aduan Anda. Sekarang tuliskan aduannya dalam satu pesan.");
        }
        return true;
    }
    if (!turn.between_flows()) return false;
    // "aduan lampu jalan mati" written as the photo's caption files the complaint with the photo.
    if (!turn.text.empty()) {
        const auto& parsed = turn.parsed;
        if (parsed.intent != Intent::complaint || !parsed.free_text || trim(*parsed.free_text).empty()) return false;
        turn.store.attachments.add_to_draft(turn.attachment(), turn.now_text);
        file_complaint(turn, *parsed.free_text);
        return true;
    }
    // A photo sent right after a complaint belongs to it.
    const LastComplaint last = turn.data.last_complaint.value_or(LastComplaint{});
    auto filed_at = parse_utc(last.at);
    if (!filed_at || turn.now - *filed_at > kComplaintPhotoWindow) return false;
    turn.store.attachments.add_to_draft(turn.attachment(), turn.now_text);
    turn.store.attachments.attach_draft_to_complaint(turn.sender(), last.id, turn.now_text);
    turn.say(fmt::format("{} diterima dan dilampirkan pada aduan *{}*. Terima kasih.", noun, last.code));
    return true;
}

void CommandFlow::file_complaint(Turn& turn, const std::string& text) {
    db::Complaint complaint;
    complaint.sender_key = turn.sender();
    complaint.text = text;
    auto residents = turn.store.residents.find_by_verified_phone(turn.sender());
    if (residents.size() == 1) complaint.resident_id = residents[0].id;
    complaint = services::file_complaint_in_transaction(turn.store, config_, turn.now, complaint);
    const int photos = turn.store.attachments.attach_draft_to_complaint(turn.sender(), complaint.id, turn.now_text);
    turn.go(State::idle);
    turn.data.last_complaint = LastComplaint{complaint.id, complaint.code, turn.now_text};
    auto due = parse_utc(complaint.due_at);
    turn.say(fmt::format("Aduan Anda sudah kami terima dengan kode *{}*{}. Petugas akan menanggapi paling lambat {}. "
                         "Terima kasih atas masukan Anda. Foto pendukung boleh dikirim sesudah pesan ini.",
                         complaint.code, photos > 0 ? fmt::format(" ({} lampiran)", photos) : "",
                         domain::to_indonesian_long(to_local(due.value_or(turn.now), config_.kelurahan.utc_offset_minutes).date)));
}

}  // namespace ekel::bot
