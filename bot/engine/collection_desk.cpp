#include "bot/engine/collection_desk.h"

#include <fmt/format.h>

#include <algorithm>

#include "bot/engine/turn.h"
#include "shared/services/collection_service.h"
#include "shared/services/survey_service.h"
#include "shared/util/text.h"
#include "shared/util/time.h"

namespace ekel::bot {

using messaging::ReplyKind;
using services::BookingOutcome;

namespace {

/// The words of a typed message without a request code, lower case.
std::string command_words(const Turn& turn) {
    std::string words = to_lower_ascii(trim(turn.text));
    if (turn.parsed.request_code) {
        auto at = to_lower_ascii(words).find(to_lower_ascii(*turn.parsed.request_code));
        if (at != std::string::npos) words.erase(at, turn.parsed.request_code->size());
    }
    return std::string(trim(words));
}

bool is_schedule_command(const std::string& words) {
    return words == "jadwal" || words == "ubah jadwal" || words == "pindah jadwal" || words == "ganti jadwal" ||
           words == "jadwal ambil" || words == "jadwal pengambilan" || words == "ambil surat";
}

}  // namespace

CollectionDesk::CollectionDesk(const config::Config& config, const config::LetterCatalog& catalog)
    : config_(config), catalog_(catalog) {}

bool CollectionDesk::handle(Turn& turn) {
    services::CollectionService collection(turn.store, config_, catalog_);
    if (const auto* slot = turn.tapped(ReplyKind::slot)) {
        book(turn, slot->arg, slot->detail);
        return true;
    }
    const auto kind = turn.reply ? turn.reply->kind : ReplyKind::menu;
    if (kind == ReplyKind::slot_day || kind == ReplyKind::slot_days || kind == ReplyKind::slot_move) {
        auto request = turn.store.requests.find_by_code(turn.reply->arg);
        if (!request || request->applicant_phone != turn.sender()) {
            turn.say("Permohonan itu tidak ditemukan di antara permohonan Anda.");
            return true;
        }
        if (kind == ReplyKind::slot_move) {
            offer_for_sender(turn, request->code);
            return true;
        }
        std::optional<domain::CivilDate> day;
        if (kind == ReplyKind::slot_day) {
            const std::string& d = turn.reply->detail;  // YYYYMMDD
            day = domain::parse_date(d.substr(0, 4) + "-" + d.substr(4, 2) + "-" + d.substr(6, 2));
        }
        turn.send(collection.day_offer(*request, turn.sender(), turn.now, day));
        return true;
    }
    // Typed commands only between conversations: inside one, a word is an answer.
    if (!turn.reply_id.empty() || !turn.between_flows() || !is_schedule_command(command_words(turn))) return false;
    return offer_for_sender(turn, turn.parsed.request_code.value_or(""));
}

bool CollectionDesk::offer_for_sender(Turn& turn, const std::string& code) {
    services::CollectionService collection(turn.store, config_, catalog_);
    std::vector<domain::Request> waiting;
    for (auto& r : turn.store.requests.list_for_applicant(turn.sender(), 50)) {
        if ((code.empty() || r.code == code) && r.status == domain::RequestStatus::issued && collection.needs_collection(r)) {
            waiting.push_back(r);
        }
    }
    if (waiting.empty()) {
        if (code.empty()) return false;  // "jadwal" may be a question about office hours
        auto request = turn.store.requests.find_by_code(code);
        const config::LetterType* type = request ? catalog_.find(request->letter_type) : nullptr;
        if (!request || request->applicant_phone != turn.sender()) {
            turn.say(fmt::format("Permohonan *{}* tidak ditemukan di antara permohonan Anda.", code));
        } else if (request->status == domain::RequestStatus::collected) {
            turn.say(fmt::format("Surat untuk permohonan *{}* sudah diambil. Terima kasih. 🙏", code));
        } else if (type && type->digital && request->status == domain::RequestStatus::issued) {
            turn.say(fmt::format("Surat *{}* berbentuk digital: PDF yang sudah kami kirim adalah suratnya dan sah dengan "
                                 "kode QR. Tidak perlu datang ke kantor.",
                                 code));
        } else {
            turn.say(fmt::format("Surat untuk permohonan *{}* belum terbit. Setelah terbit, kami kirimkan pilihan jadwal "
                                 "pengambilannya.",
                                 code));
        }
        return true;
    }
    if (waiting.size() > 1) {
        std::vector<messaging::ListRow> rows;
        for (const auto& r : waiting) {
            const config::LetterType* type = catalog_.find(r.letter_type);
            rows.push_back({messaging::encode({ReplyKind::slot_move, r.code}), r.code, truncate_utf8(type ? type->name : r.letter_type, 72)});
        }
        turn.list("Ada beberapa surat Anda yang menunggu diambil. Pilih suratnya:", "Pilih surat", rows);
        return true;
    }
    const domain::Request& request = waiting.front();
    std::string intro = "Jadwal pengambilan surat *" + request.code + "*.";
    if (auto booked = turn.store.bookings.find(request.id)) {
        intro = fmt::format("Jadwal Anda sekarang: {}, nomor antrean {}. Pilih waktu baru bila ingin pindah.",
                            collection.describe_slot(parse_utc(booked->slot_start).value_or(turn.now)),
                            booked->queue_number);
    }
    turn.send(collection.slot_offer(request, turn.sender(), turn.now, intro));
    return true;
}

void CollectionDesk::book(Turn& turn, const std::string& code, const std::string& slot) {
    services::CollectionService collection(turn.store, config_, catalog_);
    auto start = collection.parse_slot_id(slot);
    services::BookingResult result;
    if (start) result = collection.book_in_transaction(code, turn.sender(), *start, turn.now);
    switch (start ? result.outcome : BookingOutcome::unavailable) {
        case BookingOutcome::booked:
        case BookingOutcome::moved:
        case BookingOutcome::unchanged:
            return turn.send(collection.confirmation(result, turn.sender()));
        case BookingOutcome::full:
            return turn.send(collection.slot_offer(*result.request, turn.sender(), turn.now,
                                                   "Mohon maaf, waktu itu baru saja penuh. Silakan pilih waktu lain."));
        case BookingOutcome::unavailable:
            if (!result.request) {
                offer_for_sender(turn, code);
                return;
            }
            return turn.send(collection.slot_offer(*result.request, turn.sender(), turn.now,
                                                   "Mohon maaf, waktu itu sudah tidak tersedia. Silakan pilih waktu lain."));
        case BookingOutcome::not_found:
        case BookingOutcome::not_needed:
        case BookingOutcome::collected:
            offer_for_sender(turn, code);
            return;
    }
}

SurveyDesk::SurveyDesk(const config::Config& config) : config_(config) {}

bool SurveyDesk::handle(Turn& turn) {
    services::SurveyService survey(turn.store, config_);
    // Survey ids carry numbers of at most 12 digits (messaging::decode); element and score are
    // checked by the service, so an out-of-range number is just no answer.
    auto small = [](const std::string& digits) {
        return static_cast<int>(std::min<std::int64_t>(std::stoll(digits), 1000));
    };
    if (const auto* start = turn.tapped(ReplyKind::survey_start)) {
        survey.start(turn.sender(), start->number().value_or(0), turn.now);
        return true;
    }
    if (const auto* no = turn.tapped(ReplyKind::survey_decline)) {
        survey.decline(turn.sender(), no->number().value_or(0), turn.now);
        return true;
    }
    if (const auto* answer = turn.tapped(ReplyKind::survey_answer)) {
        survey.answer(turn.sender(), answer->number().value_or(0), small(answer->detail), small(answer->extra), turn.now);
        return true;
    }
    if (!turn.reply_id.empty() || !turn.between_flows()) return false;
    const std::string words = to_lower_ascii(trim(turn.text));
    if (words != "survei" && words != "survey" && words != "isi survei" && words != "lanjut survei") return false;
    survey.resume(turn.sender(), turn.now);
    return true;
}

}  // namespace ekel::bot
