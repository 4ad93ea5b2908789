#include "bot/engine/conversation_engine.h"

#include <algorithm>
#include <stdexcept>

#include "bot/engine/basic_responder.h"
#include "bot/engine/turn.h"
#include "shared/db/store.h"
#include "shared/services/rt_review.h"
#include "shared/util/text.h"
#include "shared/util/time.h"

namespace ekel::bot {

using messaging::InboundKind;
using messaging::ReplyKind;
using nlu::Intent;

namespace {

std::size_t index(State state) { return static_cast<std::size_t>(state); }

// Below this confidence the bot asks which of two readings was meant rather than guess.
constexpr double kClarifyBelow = 0.5;
// The citizen's last messages kept for staff.
constexpr std::size_t kRecentMessages = 5;

/// The button that names a reading of an unclear message.
std::optional<messaging::ReplyButton> clarify_button(Intent intent) {
    const auto button = [&](const char* title) {
        return messaging::ReplyButton{messaging::encode({ReplyKind::clarify, std::string(nlu::to_string(intent))}), title};
    };
    switch (intent) {
        case Intent::request_letter:
            return button("Ajukan surat");
        case Intent::ask_requirements:
            return button("Tanya syarat");
        case Intent::ask_info:
            return button("Info kantor");
        case Intent::check_status:
            return button("Cek status");
        case Intent::complaint:
            return button("Ajukan aduan");
        case Intent::cancel:
            return button("Batalkan");
        case Intent::help:
            return button("Lihat menu");
        default:
            return std::nullopt;
    }
}


/// A page number from a tapped "Jenis surat lainnya…" row, kept small.
int page_of(const messaging::ReplyId& reply) {
    return static_cast<int>(std::min<std::int64_t>(reply.number().value_or(0), 1000));
}

}  // namespace

ConversationEngine::ConversationEngine(const config::Config& config, const config::LetterCatalog& catalog,
                                       const Clock& clock)
    : config_(config),
      parser_(catalog, config.kelurahan.code),
      office_(config.workflow, config.kelurahan.utc_offset_minutes),
      desk_(config, catalog, clock),
      collection_(config, catalog),
      survey_(config),
      requests_(config, catalog, clock, office_),
      commands_(config, catalog, clock, office_, requests_),
      restart_{[this](Turn& turn) { restart(turn); }, true} {
    IdentityFlow& identity = requests_.identity();
    auto to = [](auto& flow, auto member) { return [&flow, member](Turn& turn) { (flow.*member)(turn); }; };
    const std::pair<State, Route> routes[] = {
        {State::idle, {[this](Turn& turn) { handle_idle(turn); }, false}},
        {State::correction, {to(commands_, &CommandFlow::answer_correction), false}},
        {State::identify_nik, {to(identity, &IdentityFlow::answer_nik)}},
        {State::identify_birth_date, {to(identity, &IdentityFlow::answer_birth_date)}},
        {State::choose_identity, {to(identity, &IdentityFlow::answer_who)}},
        {State::newcomer_name, {to(identity, &IdentityFlow::answer_newcomer_name)}},
        {State::newcomer_address, {to(identity, &IdentityFlow::answer_newcomer_address)}},
        {State::newcomer_rt, {to(identity, &IdentityFlow::answer_newcomer_rt)}},
        {State::newcomer_nik, {to(identity, &IdentityFlow::answer_newcomer_nik)}},
        {State::newcomer_birth_date, {to(identity, &IdentityFlow::answer_newcomer_birth_date)}},
        {State::newcomer_birth_place, {to(identity, &IdentityFlow::answer_newcomer_birth_place)}},
        {State::newcomer_origin, {to(identity, &IdentityFlow::answer_newcomer_origin)}},
        {State::newcomer_detail, {to(requests_, &RequestFlow::answer_newcomer_detail)}},
        {State::choose_letter_type, {to(requests_, &RequestFlow::answer_letter_type)}},
        {State::choose_applicant, {to(requests_, &RequestFlow::answer_applicant)}},
        {State::collect_field, {to(requests_, &RequestFlow::answer_field)}},
        {State::collect_purpose, {to(requests_, &RequestFlow::answer_purpose)}},
        {State::confirm, {to(requests_, &RequestFlow::answer_confirm)}},
        {State::choose_edit, {to(requests_, &RequestFlow::answer_edit)}},
        {State::confirm_cancel, {to(commands_, &CommandFlow::answer_cancel)}},
        {State::complaint_text, {to(commands_, &CommandFlow::answer_complaint)}},
        {State::choose_requirements, {to(commands_, &CommandFlow::answer_requirements)}},
        // The RtDesk reads the reason of an RT officer, and takes a phone that is no officer
        // out of this state, so an answer here can only come from inconsistent data.
        {State::rt_reason, restart_},
        {State::confirm_complaint, {to(commands_, &CommandFlow::answer_complaint_confirmation)}},
        {State::clarify, {[this](Turn& turn) { answer_clarification(turn); }, false}},
        // "nanti saya bawa ke kantor" answers the document; only other words may be a command.
        {State::collect_document, {[this](Turn& turn) {
                                       if (requests_.answer_document(turn)) return;
                                       if (handle_global(turn, true)) return;
                                       requests_.remind_document(turn);
                                   },
                                   false}},
    };
    for (const auto& [state, route] : routes) routes_[index(state)] = route;
    for (std::size_t i = 0; i < routes_.size(); ++i) {
        if (!routes_[i].answer) {
            throw std::logic_error("conversation state without a route: " +
                                   std::string(to_string(static_cast<State>(i))));
        }
    }
}

ConversationEngine::~ConversationEngine() = default;

void ConversationEngine::handle(const messaging::InboundMessage& message, db::Store& store, TimePoint now) {
    if (message.kind == InboundKind::reaction) return;
    Turn turn(message, store, now);
    turn.text = std::string(trim(message.text));
    if (message.kind == InboundKind::button_reply || message.kind == InboundKind::list_reply) {
        turn.reply_id = message.reply_id;
        turn.reply = messaging::decode(turn.reply_id);
    }
    if (message.media && !message.media->caption.empty() && turn.text.empty()) turn.text = message.media->caption;

    // An RT head clearing a backlog taps Setujui on message after message: those taps are not a flood.
    const bool officer_tap = turn.reply && messaging::is_rt_reply(turn.reply->kind) &&
                             !services::officer_roles(store, turn.sender()).empty();
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
    std::string stored_state(to_string(State::idle));
    if (stored) {
        stored_state = stored->state;
        auto state = parse_state(stored->state);
        turn.state = state.value_or(State::idle);
        turn.unknown_state = !state;
        turn.data = read_conversation_data(stored->data_json);
    }

    // A conversation left alone too long is closed; the new message starts afresh.
    auto last = stored ? parse_utc(stored->updated_at) : std::nullopt;
    if (!turn.between_flows() && last &&
        now - *last > std::chrono::minutes(config_.workflow.conversation_idle_minutes)) {
        turn.say("Percakapan sebelumnya sudah kami tutup karena lama tidak ada balasan. Data yang belum dikirim "
                 "tidak disimpan.");
        turn.reset();
    }
    // A list or buttons offered that long ago is no longer what a typed "2" refers to.
    if (last && now - *last > std::chrono::minutes(config_.workflow.conversation_idle_minutes)) {
        turn.data.offered.clear();
    }

    dispatch(turn);

    // A state this version does not know, left as it was, is stored as it was.
    store.conversations.save({turn.sender(), turn.unknown_state ? stored_state : std::string(to_string(turn.state)),
                              write_conversation_data(turn.data), turn.now_text});
}

void ConversationEngine::handle_failure(const messaging::InboundMessage& message, db::Store& store, TimePoint now) {
    if (message.kind == InboundKind::reaction) return;
    Turn turn(message, store, now);
    turn.say("Mohon maaf, pesan Anda tidak dapat kami proses karena gangguan pada sistem kami. Gangguan ini sudah "
             "tercatat untuk petugas kelurahan. Silakan coba lagi nanti.");
}

void ConversationEngine::committed() { flood_.commit(); }

void ConversationEngine::rolled_back() { flood_.rollback(); }

void ConversationEngine::dispatch(Turn& turn) {
    const auto kind = turn.message.kind;
    if (kind == InboundKind::image || kind == InboundKind::document) {
        // A caption may be a complaint.
        if (!turn.text.empty()) understand(turn);
        if (commands_.take_media(turn) || requests_.take_attachment(turn)) return;
        return turn.say("Terima kasih, berkas sudah kami terima. Untuk melampirkannya pada permohonan surat, mulai "
                        "dulu permohonannya, misalnya ketik: *mau urus surat domisili*, lalu kirim fotonya.");
    }
    if (kind != InboundKind::text && kind != InboundKind::button_reply && kind != InboundKind::list_reply &&
        kind != InboundKind::template_button) {
        BasicResponder().handle(turn.message, turn.store, turn.now);
        return;
    }
    understand(turn);
    if (turn.reply_id.empty() && !turn.text.empty()) {
        auto& recent = turn.data.recent;
        const LocalTime local = to_local(turn.now, config_.kelurahan.utc_offset_minutes);
        recent.push_back(clock_text(local.hour * 60 + local.minute) + " " + truncate_utf8(turn.text, 200));
        if (recent.size() > kRecentMessages) recent.erase(recent.begin());
    }
    // "2", "yang kedua": the row or button of the last list or buttons message, as if tapped.
    if (turn.reply_id.empty() && turn.parsed.choice && *turn.parsed.choice >= 1 &&
        static_cast<std::size_t>(*turn.parsed.choice) <= turn.data.offered.size()) {
        turn.reply_id = turn.data.offered[static_cast<std::size_t>(*turn.parsed.choice) - 1];
        turn.reply = messaging::decode(turn.reply_id);
    }
    if (desk_.handle(turn) || collection_.handle(turn) || survey_.handle(turn)) return;
    // A decision word without a code from someone who is no RT officer is a plain yes or no.
    if (is_rt_decision(turn.parsed.intent) && !turn.parsed.request_code) {
        turn.parsed.intent = turn.parsed.alternative.value_or(Intent::unknown);
    }
    // Buttons of our notifications about a filed request work from any state.
    if (const auto* fix = turn.tapped(ReplyKind::fix)) {
        const std::string code = fix->arg;
        if (!turn.between_flows()) turn.reset();
        return commands_.start_correction(turn, code);
    }
    if (const auto* remind = turn.tapped(ReplyKind::remind_rt)) return commands_.remind_rt(turn, remind->arg);
    if (const auto* cancel = turn.tapped(ReplyKind::cancel_request)) {
        const std::string code = cancel->arg;
        if (!turn.between_flows()) turn.reset();
        return commands_.start_cancel(turn, code);
    }
    const Route& route = turn.unknown_state ? restart_ : routes_[index(turn.state)];
    // In the middle of a question a tap is always the answer; typed clear commands interrupt.
    if (route.commands_first && turn.reply_id.empty() && handle_global(turn, true)) return;
    route.answer(turn);
}

/// Requests that may come at any point. Returns true when the message was one of them.
bool ConversationEngine::handle_global(Turn& turn, bool in_flow) {
    const auto& p = turn.parsed;
    // In the middle of a question only clear commands interrupt; anything else is the answer.
    bool sure = !in_flow || p.confidence >= 0.8;
    switch (p.intent) {
        case Intent::help:
            if (!sure) return false;
            if (in_flow) turn.reset();
            if (p.info_topic == std::optional<std::string>("staff")) {
                commands_.hand_to_staff(turn);
            } else {
                commands_.show_menu(turn, "Berikut layanan yang tersedia.");
            }
            return true;
        case Intent::check_status:
            if (!sure || (in_flow && !p.request_code)) return false;
            commands_.send_status(turn, p.request_code.value_or(""));
            if (in_flow) turn.say("Permohonan yang sedang Anda isi masih tersimpan; silakan jawab pertanyaan sebelumnya.");
            return true;
        case Intent::cancel:
            if (!sure) return false;
            if (p.request_code) {
                if (in_flow) turn.reset();
                commands_.start_cancel(turn, *p.request_code);
            } else if (in_flow) {
                turn.reset();
                turn.say("Baik, permohonan yang sedang diisi dibatalkan. Ketik *menu* bila ingin mulai lagi.");
            } else {
                commands_.send_status(turn, "");
            }
            return true;
        case Intent::complaint:
            // Asked for after "aduan": the text is the complaint itself, read by its state.
            if (!sure || turn.state == State::complaint_text) return false;
            if (in_flow) turn.reset();
            if (p.free_text && !trim(*p.free_text).empty()) {
                commands_.propose_complaint(turn, *p.free_text);
            } else {
                commands_.ask_complaint(
                    turn, "Silakan tuliskan aduan Anda dalam satu pesan. Boleh sertakan lokasi dan waktu kejadian.");
            }
            return true;
        case Intent::ask_requirements:
            if (!sure || (in_flow && !p.letter_type)) return false;
            if (p.letter_type) {
                commands_.send_requirements(turn, *p.letter_type);
            } else {
                turn.go(State::choose_requirements);
                requests_.show_letter_list(turn, "Syarat surat apa yang ingin Anda ketahui?", 0);
            }
            return true;
        case Intent::ask_info:
            if (!sure) return false;
            commands_.send_info(turn, p.info_topic.value_or("hours"), p.letter_type);
            return true;
        default:
            return false;
    }
}

void ConversationEngine::handle_idle(Turn& turn) {
    const auto& p = turn.parsed;
    if (const auto* menu = turn.tapped(ReplyKind::menu)) {
        if (menu->arg == "status") return commands_.send_status(turn, "");
        if (menu->arg == "aduan") return commands_.ask_complaint(turn, "Silakan tuliskan aduan Anda dalam satu pesan.");
        if (menu->arg == "info") return commands_.send_info(turn, "hours");
    }
    if (const auto* type = turn.tapped(ReplyKind::letter_type)) {
        turn.draft().letter_type = type->arg;
        return requests_.next(turn);
    }
    if (const auto* page = turn.tapped(ReplyKind::letter_page)) {
        turn.go(State::choose_letter_type);
        return requests_.show_letter_list(turn, "Pilih jenis surat:", page_of(*page));
    }
    if (commands_.take_subscription(turn)) return;
    // Unsure between two readings: ask, with a button for each, rather than guess.
    if (p.confidence < kClarifyBelow && p.alternative && p.alternative != p.intent && !p.redirect) {
        auto first = clarify_button(p.intent);
        auto second = clarify_button(*p.alternative);
        if (first && second) {
            turn.data.clarify_text = truncate_utf8(turn.text, 1000);
            turn.go(State::clarify);
            return turn.buttons("Mohon maaf, maksud Bapak/Ibu yang mana?", {*first, *second});
        }
    }
    if (handle_global(turn, false)) return;
    switch (p.intent) {
        case Intent::request_letter:
        case Intent::provide_data:
            if (p.intent == Intent::provide_data && !p.letter_type && !p.nik) {
                return commands_.show_menu(turn, "Terima kasih. Data ini untuk keperluan apa? Silakan pilih layanan.");
            }
            return requests_.start(turn);
        case Intent::greeting:
            return commands_.greet(turn);
        case Intent::thanks:
            return turn.say("Sama-sama, senang dapat membantu. 🙏");
        case Intent::confirm:
        case Intent::deny:
            return turn.say("Baik. Ketik *menu* bila ada yang bisa kami bantu.");
        case Intent::rt_approve:
        case Intent::rt_reject:
        case Intent::rt_revise:
            return commands_.refuse_rt_command(turn);
        default:
            if (p.redirect) return commands_.redirect(turn, *p.redirect);
            return commands_.show_menu(turn, "Mohon maaf, kami belum memahami pesan Anda.");
    }
}

void ConversationEngine::answer_clarification(Turn& turn) {
    const auto* chosen = turn.tapped(ReplyKind::clarify);
    Intent intent = Intent::unknown;
    bool known = false;
    if (chosen) {
        if (auto parsed = nlu::parse_intent(chosen->arg)) {
            intent = *parsed;
            known = true;
        }
    }
    const std::string text = turn.data.clarify_text;
    turn.reset();
    if (!known || text.empty()) {
        // Typed instead of tapped: the new message is read afresh.
        turn.reply_id.clear();
        turn.reply.reset();
        return handle_idle(turn);
    }
    turn.text = text;
    turn.reply_id.clear();
    turn.reply.reset();
    understand(turn);
    turn.parsed.intent = intent;
    turn.parsed.confidence = 1;
    turn.parsed.alternative.reset();
    if (intent == Intent::complaint && !turn.parsed.free_text) turn.parsed.free_text = text;
    handle_idle(turn);
}

/// The message read with the kelurahan's date for "besok" and "lusa".
void ConversationEngine::understand(Turn& turn) const {
    turn.parsed = parser_.parse(turn.text, to_local(turn.now, config_.kelurahan.utc_offset_minutes).date);
}

/// A state this version does not know (an older version's, say): start over politely.
void ConversationEngine::restart(Turn& turn) {
    turn.reset();
    commands_.show_menu(turn, "Mohon maaf, mari kita mulai lagi.");
}

}  // namespace ekel::bot
