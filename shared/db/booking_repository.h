#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "shared/db/connection.h"

namespace ekel::db {

/// A booked collection slot for the signed original of a letter. slot_start is UTC text.
struct Booking {
    std::int64_t request_id = 0;
    std::string sender_key;
    std::string slot_start;
    int queue_number = 0;
    std::string booked_at;
    int moves = 0;
    std::optional<std::string> reminded_at;
};

/// One line of a day's collection schedule, with what staff need at the counter.
struct ScheduledCollection {
    Booking booking;
    std::string code;
    std::string applicant_name;
    std::string letter_type;
    std::string status;
};

/// Collection bookings. Never opens transactions: capacity is checked and the place taken inside
/// the caller's write transaction, which SQLite serializes.
class BookingRepository {
public:
    explicit BookingRepository(Connection& db);

    std::optional<Booking> find(std::int64_t request_id);
    /// Places taken in one slot (queue numbers), excluding one request's own booking.
    std::vector<int> taken_numbers(const std::string& slot_start, std::int64_t except_request_id);
    /// Bookings per slot start in [from, to).
    std::map<std::string, int> counts_between(const std::string& from, const std::string& to);
    /// Inserts, or moves an existing booking (counting the move and clearing its reminder).
    void save(const Booking& booking);
    /// The schedule for slots in [from, to), in time and queue order.
    std::vector<ScheduledCollection> schedule_between(const std::string& from, const std::string& to);
    /// Bookings of letters still waiting to be collected, slot in [from, to), not yet reminded.
    std::vector<ScheduledCollection> unreminded_between(const std::string& from, const std::string& to);
    void mark_reminded(std::int64_t request_id, const std::string& now);

private:
    Statement find_;
    Statement taken_;
    Statement counts_;
    Statement save_;
    Statement schedule_;
    Statement unreminded_;
    Statement mark_reminded_;
};

}  // namespace ekel::db
