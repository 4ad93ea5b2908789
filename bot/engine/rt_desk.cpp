#include "bot/engine/rt_desk.h"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

#include "bot/engine/turn.h"
#include "shared/util/text.h"
#include "shared/util/time.h"

namespace ekel::bot {

using messaging::ReplyKind;
using nlu::Intent;
using services::RtDecision;

namespace {

enum class Verb { none, approve, reject, revise, list, info, files };

struct Command {
    Verb verb = Verb::none;
    std::string code;
    std::string note;
};

/// The RT buttons and list rows of ours (rt:approve:<code>, rt:open:<code>, rt:list …).
Command from_reply(const messaging::ReplyId& reply) {
    switch (reply.kind) {
        case ReplyKind::rt_approve:
            return {Verb::approve, reply.arg, ""};
        case ReplyKind::rt_reject:
            return {Verb::reject, reply.arg, ""};
        case ReplyKind::rt_revise:
            return {Verb::revise, reply.arg, ""};
        case ReplyKind::rt_open:
            return {Verb::info, reply.arg, ""};
        case ReplyKind::rt_files:
            return {Verb::files, reply.arg, ""};
        case ReplyKind::rt_list:
            return {Verb::list, "", ""};
        default:
            return {};
    }
}

std::string first_word(const std::string& text) {
    std::string lower = to_lower_ascii(trim(text));
    auto end = lower.find_first_of(" \t\n:,");
    return lower.substr(0, end);
}

std::size_t word_count(const std::string& text) {
    std::size_t words = 0;
    bool in_word = false;
    for (char c : text) {
        bool space = c == ' ' || c == '\t' || c == '\n';
        if (!space && !in_word) ++words;
        in_word = !space;
    }
    return words;
}

Command from_text(const Turn& turn) {
    const auto& p = turn.parsed;
    const std::string code = p.request_code.value_or("");
    const std::string note = p.free_text.value_or("");
    switch (p.intent) {
        case Intent::rt_approve:
            return {Verb::approve, code, ""};
        case Intent::rt_reject:
            return {Verb::reject, code, note};
        case Intent::rt_revise:
            return {Verb::revise, code, note};
        default:
            break;
    }
    const std::string word = first_word(turn.text);
    if (word == "daftar" && word_count(turn.text) <= 3 && code.empty()) return {Verb::list, "", ""};
    if (code.empty()) return {};
    if (word == "info" || word == "detail" || word == "rincian" || word == "lihat") return {Verb::info, code, ""};
    if (word == "lampiran" || word == "berkas") return {Verb::files, code, ""};
    return {};
}

bool is_never_mind(const Turn& turn) {
    static const std::vector<std::string> kWords = {"batal", "tidak jadi", "gak jadi", "ga jadi", "nggak jadi",
                                                    "ngga jadi", "cancel", "batalkan"};
    std::string lower = to_lower_ascii(trim(turn.text));
    while (!lower.empty() && (lower.back() == '.' || lower.back() == '!')) lower.pop_back();
    return std::find(kWords.begin(), kWords.end(), lower) != kWords.end();
}

std::string file_extension(const std::string& mime) {
    if (mime == "image/jpeg") return "jpg";
    if (mime == "image/png") return "png";
    if (mime == "image/webp") return "webp";
    if (mime == "application/pdf") return "pdf";
    return "bin";
}

int decision_number(RtDecision decision) { return static_cast<int>(decision); }

RtDecision decision_from(int number) {
    switch (number) {
        case 1:
            return RtDecision::reject;
        case 2:
            return RtDecision::revise;
        default:
            return RtDecision::approve;
    }
}

/// The officer role of this phone for the request's RT, or nothing.
std::optional<services::RtOfficer> officer_for(db::Store& store, const std::string& phone, const domain::Request& request) {
    for (auto& role : services::officer_roles(store, phone)) {
        if (role.rt.id == request.rt_id) return role;
    }
    return std::nullopt;
}

}  // namespace

RtDesk::RtDesk(const config::Config& config, const config::LetterCatalog& catalog, const Clock& clock)
    : config_(config), catalog_(catalog), clock_(clock) {}

bool RtDesk::handle(Turn& turn) {
    const bool awaiting = turn.state == State::rt_reason;
    // A tap is read by its id (a malformed id is no command); typed words by what they say.
    Command command = turn.reply_id.empty()                                      ? from_text(turn)
                      : turn.reply && messaging::is_rt_reply(turn.reply->kind) ? from_reply(*turn.reply)
                      : turn.reply                                             ? from_text(turn)
                                                                               : Command{};
    bool decision = command.verb == Verb::approve || command.verb == Verb::reject || command.verb == Verb::revise;
    // Asked for a reason, words that read like a decision without a code ("mohon lampirkan foto
    // KK", "perbaiki alamatnya") are that reason, not a new command.
    if (awaiting && decision && command.code.empty() && turn.reply_id.empty()) {
        command = Command{};
        decision = false;
    }
    if (command.verb == Verb::none && !awaiting) return false;
    // An officer answering a question of their own citizen conversation ("setuju" to Kirim?)
    // decides nothing: a decision without a code counts only between flows.
    if (decision && command.code.empty() && turn.reply_id.empty() && !awaiting && turn.state != State::idle) {
        return false;
    }
    if (services::officer_roles(turn.store, turn.sender()).empty()) {
        if (awaiting) leave_reason_state(turn);
        return false;
    }
    services::RtReview review(turn.store, clock_, config_, catalog_);

    if (command.verb == Verb::none) {
        // The reason asked for after a Tolak or Perbaiki tap.
        const RtPending pending = turn.data.rt_pending.value_or(RtPending{});
        const std::string code = pending.code;
        if (is_never_mind(turn)) {
            leave_reason_state(turn);
            turn.say("Baik, tidak jadi. Permohonan *" + code + "* tetap menunggu keputusan Anda.");
            return true;
        }
        decide(turn, review, code, decision_from(pending.decision), turn.text);
        return true;
    }
    if (awaiting) leave_reason_state(turn);  // a new command replaces the open question
    // The tap that confirms a decision typed without a code keeps the reason typed with it.
    if (turn.data.rt_proposed) {
        const RtPending proposed = *turn.data.rt_proposed;
        turn.data.rt_proposed.reset();
        if (decision && !turn.reply_id.empty() && proposed.code == command.code && command.note.empty()) {
            command.note = proposed.note;
        }
    }

    switch (command.verb) {
        case Verb::approve:
            decide(turn, review, command.code, RtDecision::approve, "");
            break;
        case Verb::reject:
            decide(turn, review, command.code, RtDecision::reject, command.note);
            break;
        case Verb::revise:
            decide(turn, review, command.code, RtDecision::revise, command.note);
            break;
        case Verb::list:
            show_pending(turn, review);
            break;
        case Verb::info:
            show_request(turn, review, command.code);
            break;
        case Verb::files:
            send_attachments(turn, review, command.code);
            break;
        case Verb::none:
            break;
    }
    return true;
}

void RtDesk::decide(Turn& turn, services::RtReview& review, const std::string& code, RtDecision decision,
                    const std::string& note) {
    if (code.empty()) return propose(turn, review, decision, note);
    auto outcome = review.decide(code, decision, turn.sender(), note);
    if (outcome.kind == services::RtOutcome::Kind::reason_required) {
        if (turn.state != State::rt_reason) turn.data.rt_resume = turn.state;
        turn.data.rt_pending = RtPending{outcome.request->code, decision_number(decision), ""};
        turn.go(State::rt_reason);
    } else if (turn.state == State::rt_reason) {
        leave_reason_state(turn);
    }
    turn.say(outcome.reply);
}

/// A decision typed without a code: for the one request waiting, a button to confirm it; for
/// several, the list to pick from.
void RtDesk::propose(Turn& turn, services::RtReview& review, RtDecision decision, const std::string& note) {
    auto waiting = review.awaiting(turn.sender(), 2);
    if (waiting.size() != 1) {
        if (waiting.empty()) {
            turn.say("Tidak ada permohonan yang menunggu keputusan Anda. Terima kasih! 🙏");
        } else {
            show_pending(turn, review);
        }
        return;
    }
    const domain::Request& request = waiting.front();
    const config::LetterType* type = catalog_.find(request.letter_type);
    const auto [verb, kind, title] =
        decision == RtDecision::approve  ? std::tuple{"menyetujui", ReplyKind::rt_approve, "Ya, setujui"}
        : decision == RtDecision::reject ? std::tuple{"menolak", ReplyKind::rt_reject, "Ya, tolak"}
                                         : std::tuple{"mengembalikan untuk perbaikan", ReplyKind::rt_revise, "Ya, kembalikan"};
    turn.data.rt_proposed = RtPending{request.code, decision_number(decision), truncate_utf8(note, 500)};
    std::string body = fmt::format("Maksud Anda {} permohonan *{}* ({}, {})?", verb, request.code, request.applicant_name,
                                   type ? type->name : request.letter_type);
    if (!note.empty()) body += "\nAlasan: " + truncate_utf8(note, 300);
    turn.buttons(truncate_utf8(body, 1000), {{messaging::encode({kind, request.code}), title},
                                             {messaging::encode({ReplyKind::rt_open, request.code}), "Lihat rincian"}});
}

void RtDesk::leave_reason_state(Turn& turn) {
    const State resume = turn.data.rt_resume.value_or(State::idle);
    turn.go(resume == State::rt_reason ? State::idle : resume);
    turn.data.rt_pending.reset();
    turn.data.rt_resume.reset();
}

void RtDesk::show_pending(Turn& turn, services::RtReview& review) {
    auto requests = review.awaiting(turn.sender(), static_cast<int>(kListRows));
    if (requests.empty()) {
        turn.say("Tidak ada permohonan yang menunggu keputusan Anda. Terima kasih! 🙏");
        return;
    }
    std::int64_t total = 0;
    for (const auto& role : services::officer_roles(turn.store, turn.sender())) {
        total += turn.store.requests.rt_backlog(role.rt.id).pending;
    }
    const int offset = config_.kelurahan.utc_offset_minutes;
    std::vector<messaging::ListRow> rows;
    for (const auto& r : requests) {
        const config::LetterType* type = catalog_.find(r.letter_type);
        auto since = parse_utc(r.rt_pending_since.value_or(r.created_at));
        std::string date = since ? fmt::format("{:02d}/{:02d}", to_local(*since, offset).date.day,
                                               to_local(*since, offset).date.month)
                                 : "";
        rows.push_back({messaging::encode({ReplyKind::rt_open, r.code}), r.code,
                        truncate_utf8(fmt::format("{} · {} · sejak {}", r.applicant_name,
                                                  type ? type->name : r.letter_type, date),
                                      72)});
    }
    std::string body =
        static_cast<std::size_t>(total) > rows.size()
            ? fmt::format("{} permohonan menunggu keputusan Anda. Berikut {} yang paling lama menunggu; pilih untuk "
                          "melihat rinciannya:",
                          total, rows.size())
            : fmt::format("{} permohonan menunggu keputusan Anda, yang paling lama di atas. Pilih untuk melihat "
                          "rinciannya:",
                          total);
    turn.list(body, "Lihat permohonan", rows);
}

void RtDesk::show_request(Turn& turn, services::RtReview& review, const std::string& code) {
    auto request = turn.store.requests.find_by_code(code);
    if (!request || !officer_for(turn.store, turn.sender(), *request)) {
        if (request) review.record_refusal(*request, turn.sender(), "permintaan rincian");
        turn.say(services::unknown_request_reply(code));
        return;
    }
    if (request->status != domain::RequestStatus::submitted) {
        turn.say(review.explain(*request).reply);
        return;
    }
    turn.buttons(truncate_utf8(review.describe_for_rt(*request) + "\n\nPilih keputusan Anda:", 1000),
                 services::decision_buttons(request->code));
}

void RtDesk::send_attachments(Turn& turn, services::RtReview& review, const std::string& code) {
    auto request = turn.store.requests.find_by_code(code);
    if (!request || !officer_for(turn.store, turn.sender(), *request)) {
        if (request) review.record_refusal(*request, turn.sender(), "permintaan lampiran");
        turn.say(services::unknown_request_reply(code));
        return;
    }
    auto attachments = turn.store.attachments.for_request(request->id);
    if (attachments.empty()) {
        turn.say("Permohonan *" + request->code + "* tidak memiliki lampiran.");
        return;
    }
    std::size_t missing = 0;
    std::vector<messaging::OutboundMessage> documents;
    for (const auto& a : attachments) {
        if (a.status != "downloaded" || a.path.empty()) {
            ++missing;
            continue;
        }
        auto m = turn.reply_message(messaging::OutboundKind::document,
                            fmt::format("Lampiran {} dari {}, permohonan {}", documents.size() + 1, attachments.size(),
                                        request->code));
        m.document_path = a.path;
        m.document_filename = a.filename.empty()
                                  ? fmt::format("{}-lampiran-{}.{}", request->code, documents.size() + 1,
                                                file_extension(a.mime_type))
                                  : a.filename;
        documents.push_back(m);
    }
    std::string text = fmt::format("Berikut {} lampiran permohonan *{}*.", documents.size(), request->code);
    if (missing > 0) {
        text = documents.empty() ? fmt::format("Lampiran permohonan *{}* belum dapat dikirim karena berkasnya belum "
                                               "selesai diterima sistem. Silakan coba lagi beberapa saat lagi.",
                                               request->code)
                                 : text + fmt::format(" {} lampiran lain belum selesai diterima sistem; silakan coba "
                                                      "lagi nanti.",
                                                      missing);
    }
    turn.say(text);
    for (const auto& m : documents) turn.send(m);
}

}  // namespace ekel::bot
