#include "shared/services/collection_service.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>

#include "shared/db/store.h"
#include "shared/db/write_transaction.h"
#include "shared/messaging/reply_id.h"
#include "shared/services/request_service.h"
#include "shared/services/requirement_checklist.h"
#include "shared/services/survey_service.h"
#include "shared/util/text.h"
#include "shared/util/time.h"

namespace ekel::services {

using domain::RequestStatus;
using namespace std::chrono;

namespace {

/// "Sen" for Monday: list rows are short.
std::string short_day_name(int iso_weekday) { return std::string(domain::indonesian_day_name(iso_weekday).substr(0, 3)); }

std::string compact_date(const domain::CivilDate& d) { return fmt::format("{:04d}{:02d}{:02d}", d.year, d.month, d.day); }

std::optional<domain::CivilDate> parse_compact_date(const std::string& text) {
    if (text.size() != 8 || !is_all_digits(text)) return std::nullopt;
    int y = std::stoi(text.substr(0, 4));
    auto m = static_cast<unsigned>(std::stoi(text.substr(4, 2)));
    auto d = static_cast<unsigned>(std::stoi(text.substr(6, 2)));
    if (!domain::is_valid_date(y, m, d)) return std::nullopt;
    return domain::CivilDate{y, m, d};
}


}  // namespace

CollectionService::CollectionService(db::Store& store, const config::Config& config,
                                     const config::LetterCatalog& catalog)
    : store_(store), config_(config), catalog_(catalog), office_(config.workflow, config.kelurahan.utc_offset_minutes) {}

bool CollectionService::needs_collection(const domain::Request& request) const {
    const config::LetterType* type = catalog_.find(request.letter_type);
    return type && type->needs_original;
}

std::vector<TimePoint> CollectionService::slots_of(const domain::CivilDate& date) const {
    std::vector<TimePoint> starts;
    LocalTime local{date, 12, 0, 0, domain::iso_weekday(date)};
    if (!office_.is_office_day(local)) return starts;
    const int length = config_.collection.slot_minutes;
    // Slots keep their place on the clock grid (queue numbers follow it); a slot that overlaps a
    // break (lunch, Friday prayers) is left out rather than shifted.
    auto overlaps_break = [&](int from, int to) {
        return std::any_of(config_.collection.breaks.begin(), config_.collection.breaks.end(),
                           [&](const config::CollectionBreak& pause) {
                               return (pause.iso_weekday == 0 || pause.iso_weekday == local.iso_weekday) &&
                                      from < pause.ends_minute && pause.starts_minute < to;
                           });
    };
    for (int m = office_.opens_minute(); m + length <= office_.closes_minute(); m += length) {
        if (overlaps_break(m, m + length)) continue;
        starts.push_back(local_to_utc(date, m, config_.kelurahan.utc_offset_minutes));
    }
    return starts;
}

std::vector<domain::CivilDate> CollectionService::bookable_days(TimePoint now) const {
    std::vector<domain::CivilDate> result;
    domain::CivilDate date = to_local(now, config_.kelurahan.utc_offset_minutes).date;
    // Holidays and days off can chain (Idul Fitri leave): look a generous span ahead.
    for (int i = 0; i < 90 && static_cast<int>(result.size()) < config_.collection.days_ahead; ++i) {
        if (!slots_of(date).empty()) result.push_back(date);
        date = domain::add_days(date, 1);
    }
    return result;
}

int CollectionService::slot_index(TimePoint start) const {
    LocalTime local = to_local(start, config_.kelurahan.utc_offset_minutes);
    return (local.hour * 60 + local.minute - office_.opens_minute()) / config_.collection.slot_minutes;
}

std::string CollectionService::slot_id(TimePoint start) const {
    LocalTime local = to_local(start, config_.kelurahan.utc_offset_minutes);
    return compact_date(local.date) + fmt::format("{:02d}{:02d}", local.hour, local.minute);
}

std::optional<TimePoint> CollectionService::parse_slot_id(const std::string& text) const {
    if (text.size() != 12 || !is_all_digits(text)) return std::nullopt;
    auto date = parse_compact_date(text.substr(0, 8));
    int hour = std::stoi(text.substr(8, 2));
    int minute = std::stoi(text.substr(10, 2));
    if (!date || hour > 23 || minute > 59) return std::nullopt;
    return local_to_utc(*date, hour * 60 + minute, config_.kelurahan.utc_offset_minutes);
}

std::string CollectionService::describe_slot(TimePoint start) const {
    LocalTime local = to_local(start, config_.kelurahan.utc_offset_minutes);
    const int minute = local.hour * 60 + local.minute;
    return fmt::format("{}, {} pukul {}–{} {}", domain::indonesian_day_name(local.iso_weekday),
                       domain::to_indonesian_long(local.date), clock_text(minute),
                       clock_text(minute + config_.collection.slot_minutes),
                       zone_abbreviation(config_.kelurahan.utc_offset_minutes));
}

std::string CollectionService::slot_hours(TimePoint start) const {
    LocalTime local = to_local(start, config_.kelurahan.utc_offset_minutes);
    const int minute = local.hour * 60 + local.minute;
    return clock_text(minute) + "–" + clock_text(minute + config_.collection.slot_minutes);
}

std::string CollectionService::describe_day(const domain::CivilDate& date) const {
    return std::string(domain::indonesian_day_name(domain::iso_weekday(date))) + ", " + domain::to_indonesian_long(date);
}

std::vector<CollectionSlot> CollectionService::open_slots(TimePoint now, std::optional<domain::CivilDate> day,
                                                          std::size_t limit) {
    std::vector<CollectionSlot> result;
    const TimePoint earliest = now + minutes(config_.collection.lead_minutes);
    const auto days_offered = bookable_days(now);
    if (days_offered.empty()) return result;
    const int offset = config_.kelurahan.utc_offset_minutes;
    const auto counts = store_.bookings.counts_between(format_utc(local_to_utc(days_offered.front(), 0, offset)),
                                                       format_utc(local_to_utc(days_offered.back(), 24 * 60, offset)));
    for (const auto& date : days_offered) {
        if (day && date != *day) continue;
        for (TimePoint start : slots_of(date)) {
            if (start < earliest) continue;
            auto found = counts.find(format_utc(start));
            const int free = config_.collection.slot_capacity - (found == counts.end() ? 0 : found->second);
            if (free <= 0) continue;
            result.push_back({start, free});
            if (result.size() >= limit) return result;
        }
    }
    return result;
}

std::vector<CollectionDay> CollectionService::open_days(TimePoint now) {
    std::vector<CollectionDay> days_left;
    for (const auto& slot : open_slots(now, std::nullopt, 100000)) {
        auto date = to_local(slot.start, config_.kelurahan.utc_offset_minutes).date;
        if (days_left.empty() || days_left.back().date != date) days_left.push_back({date, 0});
        days_left.back().free += slot.free;
    }
    return days_left;
}

messaging::ListRow CollectionService::slot_row(const std::string& code, const CollectionSlot& slot, bool with_day) const {
    LocalTime local = to_local(slot.start, config_.kelurahan.utc_offset_minutes);
    const std::string hours = slot_hours(slot.start);
    const std::string id = messaging::encode({messaging::ReplyKind::slot, code, slot_id(slot.start)});
    if (!with_day) return {id, hours, fmt::format("sisa {} tempat", slot.free)};
    // The time once: "Jum 04/12 08.00–09.00" (21 characters, within WhatsApp's 24 for a title).
    return {id, fmt::format("{} {:02d}/{:02d} {}", short_day_name(local.iso_weekday), local.date.day, local.date.month, hours),
            fmt::format("sisa {} tempat", slot.free)};
}

messaging::OutboundMessage CollectionService::slot_offer(const domain::Request& request, const std::string& recipient,
                                                         TimePoint now, const std::string& intro) {
    // Nine slots and a way to other days: WhatsApp shows at most ten rows.
    auto slots = open_slots(now, std::nullopt, 9);
    if (slots.empty()) {
        return messaging::message_to(
            recipient, messaging::OutboundKind::text,
            intro + "\n\nMohon maaf, semua jadwal pengambilan dalam " + std::to_string(config_.collection.days_ahead) +
                " hari kerja ke depan sudah penuh. Silakan datang ke kantor kelurahan pada jam layanan (" +
                office_.describe_schedule() + "), atau ketik *JADWAL " + request.code + "* besok untuk mencoba lagi.");
    }
    auto m = messaging::message_to(recipient, messaging::OutboundKind::list,
                                   intro + "\n\nPilih waktu pengambilan surat asli di Kantor Kelurahan " +
                                       config_.kelurahan.name + ". Anda mendapat nomor antrean, jadi tidak perlu antre lama.");
    m.list_button = "Pilih jadwal";
    messaging::ListSection section{"Jadwal terdekat", {}};
    for (const auto& slot : slots) section.rows.push_back(slot_row(request.code, slot, true));
    section.rows.push_back({messaging::encode({messaging::ReplyKind::slot_days, request.code}), "Hari lain…", "Pilih tanggal lain"});
    m.sections = {section};
    return m;
}

messaging::OutboundMessage CollectionService::day_offer(const domain::Request& request, const std::string& recipient,
                                                        TimePoint now, std::optional<domain::CivilDate> day) {
    auto m = messaging::message_to(recipient, messaging::OutboundKind::list, "");
    if (!day) {
        auto days_left = open_days(now);
        if (days_left.empty()) return slot_offer(request, recipient, now, "Jadwal pengambilan surat " + request.code + ".");
        if (days_left.size() > 10) days_left.resize(10);
        m.text = "Pilih tanggal pengambilan surat *" + request.code + "*:";
        m.list_button = "Pilih tanggal";
        messaging::ListSection section{"Hari kerja", {}};
        for (const auto& d : days_left) {
            section.rows.push_back({messaging::encode({messaging::ReplyKind::slot_day, request.code, compact_date(d.date)}),
                                    fmt::format("{}, {}", domain::indonesian_day_name(domain::iso_weekday(d.date)),
                                                fmt::format("{:02d}/{:02d}", d.date.day, d.date.month)),
                                    fmt::format("sisa {} tempat", d.free)});
        }
        m.sections = {section};
        return m;
    }
    auto slots = open_slots(now, day, 10);
    if (slots.empty()) return day_offer(request, recipient, now, std::nullopt);
    m.text = fmt::format("Pilih jam pengambilan surat *{}* pada {}:", request.code, domain::to_indonesian_long(*day));
    m.list_button = "Pilih jam";
    messaging::ListSection section{"Jam", {}};
    for (const auto& slot : slots) section.rows.push_back(slot_row(request.code, slot, false));
    m.sections = {section};
    return m;
}

BookingResult CollectionService::book_in_transaction(const std::string& code, const std::string& sender_key,
                                                     TimePoint slot_start, TimePoint now) {
    BookingResult result;
    auto request = store_.requests.find_by_code(code);
    if (!request || request->applicant_phone != sender_key) return result;
    result.request = request;
    if (request->status == RequestStatus::collected) {
        result.outcome = BookingOutcome::collected;
        return result;
    }
    if (request->status != RequestStatus::issued || !needs_collection(*request)) {
        result.outcome = BookingOutcome::not_needed;
        return result;
    }
    auto existing = store_.bookings.find(request->id);
    const std::string slot_text = format_utc(slot_start);
    if (existing && existing->slot_start == slot_text) {
        result.outcome = BookingOutcome::unchanged;
        result.booking = *existing;
        return result;
    }
    // Only a slot we offer: an aligned start on a bookable day. The lead time shapes the offer; a
    // slot offered stays bookable until it starts, so a citizen who taps a minute later is not refused.
    const auto local_date = to_local(slot_start, config_.kelurahan.utc_offset_minutes).date;
    const auto days_offered = bookable_days(now);
    const auto day_slots = slots_of(local_date);
    if (slot_start <= now ||
        std::find(days_offered.begin(), days_offered.end(), local_date) == days_offered.end() ||
        std::find(day_slots.begin(), day_slots.end(), slot_start) == day_slots.end()) {
        result.outcome = BookingOutcome::unavailable;
        return result;
    }
    auto taken = store_.bookings.taken_numbers(slot_text, request->id);
    const int capacity = config_.collection.slot_capacity;
    if (static_cast<int>(taken.size()) >= capacity) {
        result.outcome = BookingOutcome::full;
        return result;
    }
    const int first = slot_index(slot_start) * capacity + 1;
    int number = first;
    while (std::find(taken.begin(), taken.end(), number) != taken.end()) ++number;

    db::Booking booking{request->id, sender_key, slot_text, number, format_utc(now), existing ? existing->moves + 1 : 0,
                        std::nullopt};
    // Booked on the slot's own day after the morning reminder went out: this confirmation is the reminder.
    LocalTime local_now = to_local(now, config_.kelurahan.utc_offset_minutes);
    if (local_now.date == local_date && local_now.hour >= config_.collection.reminder_hour) booking.reminded_at = booking.booked_at;
    store_.bookings.save(booking);
    ManualClock at(now);
    RequestService(store_, at, config_.kelurahan)
        .record_in_transaction(request->id, {domain::ActorKind::citizen, sender_key, request->applicant_name},
                                     existing ? "collection_moved" : "collection_booked",
                                     fmt::format("{}, nomor antrean {}", describe_slot(slot_start), number));
    result.outcome = existing ? BookingOutcome::moved : BookingOutcome::booked;
    result.booking = booking;
    return result;
}

messaging::OutboundMessage CollectionService::confirmation(const BookingResult& result, const std::string& recipient) {
    const domain::Request& request = *result.request;
    const config::LetterType* type = catalog_.find(request.letter_type);
    auto start = parse_utc(result.booking.slot_start).value_or(TimePoint{});
    auto m = messaging::message_to(
        recipient, messaging::OutboundKind::buttons,
        fmt::format("{} ✅\n\nSurat: {} ({})\nWaktu: {}\nNomor antrean: *{}*\nTempat: Kantor Kelurahan {}{}\n\n{}\n"
                    "Kami ingatkan lagi pada pagi harinya. Bila berhalangan, tekan *Ubah jadwal* atau ketik *JADWAL {}*.",
                    result.outcome == BookingOutcome::moved ? "Jadwal pengambilan sudah kami pindahkan"
                                                            : "Jadwal pengambilan sudah tercatat",
                    type ? type->name : request.letter_type, request.code, describe_slot(start),
                    result.booking.queue_number, config_.kelurahan.name,
                    config_.kelurahan.address.empty() ? "" : ", " + config_.kelurahan.address,
                    what_to_bring(store_.requirements.for_request(request.id)), request.code));
    m.buttons = {{messaging::encode({messaging::ReplyKind::slot_move, request.code}), "Ubah jadwal"}};
    return m;
}

int CollectionService::send_reminders(TimePoint now) {
    LocalTime local = to_local(now, config_.kelurahan.utc_offset_minutes);
    if (local.hour < config_.collection.reminder_hour || !office_.is_office_day(local)) return 0;
    db::WriteTransaction tx(store_.db());
    const std::string now_text = format_utc(now);
    int sent = 0;
    const std::string day_end = format_utc(local_to_utc(local.date, 24 * 60, config_.kelurahan.utc_offset_minutes));
    for (const auto& due : store_.bookings.unreminded_between(now_text, day_end)) {
        const config::LetterType* type = catalog_.find(due.letter_type);
        auto start = parse_utc(due.booking.slot_start).value_or(now);
        auto m = messaging::message_to(
            due.booking.sender_key, messaging::OutboundKind::buttons,
            fmt::format("⏰ *Pengingat pengambilan surat*\nHari ini, {}, Anda dijadwalkan mengambil {} ({}) di Kantor "
                        "Kelurahan {}.\nNomor antrean: *{}*\n{}\nBila berhalangan, tekan *Ubah jadwal*.",
                        describe_slot(start), type ? type->name : due.letter_type, due.code, config_.kelurahan.name,
                        due.booking.queue_number, what_to_bring(store_.requirements.for_request(due.booking.request_id))));
        m.buttons = {{messaging::encode({messaging::ReplyKind::slot_move, due.code}), "Ubah jadwal"}};
        store_.outbox.enqueue(m, due.booking.request_id, now_text);
        store_.bookings.mark_reminded(due.booking.request_id, now_text);
        ++sent;
    }
    tx.commit();
    if (sent > 0) spdlog::info("collection reminders sent: {}", sent);
    return sent;
}

Result<domain::Request> CollectionService::mark_collected_in_transaction(std::int64_t request_id,
                                                                         const domain::Actor& staff, TimePoint now) {
    auto request = store_.requests.find_by_id(request_id);
    if (!request) return Result<domain::Request>::failure("request", "Permohonan tidak ditemukan.");
    if (!domain::can_transition(request->status, RequestStatus::collected)) {
        return Result<domain::Request>::failure("request", "Permohonan ini belum dapat ditandai sudah diambil.");
    }
    ManualClock at(now);
    auto collected = RequestService(store_, at, config_.kelurahan)
                         .change_status_in_transaction(request_id, RequestStatus::collected, staff, "");
    SurveyService(store_, config_).invite_in_transaction(collected, now);
    return collected;
}

}  // namespace ekel::services
