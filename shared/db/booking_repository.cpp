#include "shared/db/booking_repository.h"

#include "shared/db/statements.h"

namespace ekel::db {

namespace {

constexpr const char* kBookingColumns =
    "b.request_id, b.sender_key, b.slot_start, b.queue_number, b.booked_at, b.moves, b.reminded_at";

Booking read_booking(Statement& q) {
    return Booking{q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                   q.getColumn(3).getInt(),   q.getColumn(4).getString(), q.getColumn(5).getInt(),
                   optional_text(q.getColumn(6))};
}

ScheduledCollection read_scheduled(Statement& q) {
    return ScheduledCollection{read_booking(q), q.getColumn(7).getString(), q.getColumn(8).getString(),
                               q.getColumn(9).getString(), q.getColumn(10).getString()};
}

std::string scheduled_query(const std::string& where) {
    return std::string("SELECT ") + kBookingColumns +
           ", r.code, r.applicant_name, r.letter_type, r.status FROM collection_bookings b"
           " JOIN requests r ON r.id = b.request_id WHERE b.slot_start >= :from AND b.slot_start < :to" +
           where + " ORDER BY b.slot_start, b.queue_number";
}

}  // namespace

BookingRepository::BookingRepository(Connection& db)
    : find_(db, std::string("SELECT ") + kBookingColumns + " FROM collection_bookings b WHERE b.request_id = :id"),
      taken_(db,
             "SELECT queue_number FROM collection_bookings WHERE slot_start = :slot AND request_id <> :except"
             " ORDER BY queue_number"),
      counts_(db,
              "SELECT slot_start, COUNT(*) FROM collection_bookings WHERE slot_start >= :from AND slot_start < :to"
              " GROUP BY slot_start"),
      save_(db,
            "INSERT INTO collection_bookings (request_id, sender_key, slot_start, queue_number, booked_at, reminded_at)"
            " VALUES (:id, :sender, :slot, :number, :at, :reminded) ON CONFLICT(request_id) DO UPDATE SET"
            " slot_start = :slot, queue_number = :number, booked_at = :at, moves = collection_bookings.moves + 1,"
            " reminded_at = :reminded"),
      schedule_(db, scheduled_query("")),
      unreminded_(db, scheduled_query(" AND b.reminded_at IS NULL AND r.status = 'issued'")),
      mark_reminded_(db, "UPDATE collection_bookings SET reminded_at = :now WHERE request_id = :id") {}

std::optional<Booking> BookingRepository::find(std::int64_t request_id) {
    find_.bind(":id", request_id);
    return fetch_one(find_, read_booking);
}

std::vector<int> BookingRepository::taken_numbers(const std::string& slot_start, std::int64_t except_request_id) {
    taken_.bind(":slot", slot_start);
    taken_.bind(":except", except_request_id);
    return fetch_all(taken_, [](Statement& q) { return q.getColumn(0).getInt(); });
}

std::map<std::string, int> BookingRepository::counts_between(const std::string& from, const std::string& to) {
    counts_.bind(":from", from);
    counts_.bind(":to", to);
    std::map<std::string, int> counts;
    for (auto& [slot, n] : fetch_all(counts_, [](Statement& q) {
             return std::pair{q.getColumn(0).getString(), q.getColumn(1).getInt()};
         })) {
        counts[slot] = n;
    }
    return counts;
}

void BookingRepository::save(const Booking& b) {
    save_.reset();
    save_.bind(":id", b.request_id);
    save_.bind(":sender", b.sender_key);
    save_.bind(":slot", b.slot_start);
    save_.bind(":number", b.queue_number);
    save_.bind(":at", b.booked_at);
    bind_or_null(save_, ":reminded", b.reminded_at);
    save_.exec();
}

std::vector<ScheduledCollection> BookingRepository::schedule_between(const std::string& from, const std::string& to) {
    schedule_.bind(":from", from);
    schedule_.bind(":to", to);
    return fetch_all(schedule_, read_scheduled);
}

std::vector<ScheduledCollection> BookingRepository::unreminded_between(const std::string& from,
                                                                       const std::string& to) {
    unreminded_.bind(":from", from);
    unreminded_.bind(":to", to);
    return fetch_all(unreminded_, read_scheduled);
}

void BookingRepository::mark_reminded(std::int64_t request_id, const std::string& now) {
    mark_reminded_.reset();
    mark_reminded_.bind(":now", now);
    mark_reminded_.bind(":id", request_id);
    mark_reminded_.exec();
}

}  // namespace ekel::db
