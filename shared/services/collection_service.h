#pragma once

#include <optional>
#include <string>
#include <vector>

#include "shared/config/config.h"
#include "shared/config/letter_types.h"
#include "shared/db/booking_repository.h"
#include "shared/domain/date.h"
#include "shared/domain/request.h"
#include "shared/messaging/outbound_message.h"
#include "shared/services/office_hours.h"
#include "shared/util/clock.h"
#include "shared/util/result.h"

namespace ekel::db {
class Store;
}

namespace ekel::services {

/// A collection slot with room left.
struct CollectionSlot {
    TimePoint start;
    int free = 0;
};

/// An office day with room left in at least one of its slots.
struct CollectionDay {
    domain::CivilDate date;
    int free = 0;
};

enum class BookingOutcome {
    booked,         ///< a first booking
    moved,          ///< an existing booking moved to another slot
    unchanged,      ///< the same slot again (a double tap)
    full,           ///< the last place was just taken
    unavailable,    ///< not a slot we offer (past, outside office hours, in a break, too far ahead)
    not_found,      ///< no such request of this sender
    not_needed,     ///< a digital letter, or one not issued yet
    collected,      ///< the letter has already been collected
};

struct BookingResult {
    BookingOutcome outcome = BookingOutcome::not_found;
    std::optional<domain::Request> request;
    db::Booking booking;
};

/// Collection without queues: letters whose signed original must be collected get a slot in
/// office hours (length and capacity from [collection]), with a queue number unique for the day
/// (slot index × capacity + place in the slot, so numbers follow the clock). Holidays, days
/// off and slots overlapping a configured break ([collection] breaks) are skipped; a booking
/// made before a break was configured keeps its slot. Offers are WhatsApp lists whose row ids carry the request code and the local
/// slot time, so a tap works in any conversation state, even days later.
///
/// Row ids: "slot:<code>:<YYYYMMDDHHMM>" books; "slotday:<code>:<YYYYMMDD>" lists that day's
/// slots; "slotdays:<code>" lists the days; "slotmove:<code>" offers slots again (built and read
/// with messaging::encode / messaging::decode).
class CollectionService {
public:
    CollectionService(db::Store& store, const config::Config& config, const config::LetterCatalog& catalog);

    /// Whether this request's letter is collected at the office (its type needs the original).
    bool needs_collection(const domain::Request& request) const;

    /// Slots with room, earliest first: from lead_minutes after `now` through the next
    /// days_ahead office days; only those of `day` when given.
    std::vector<CollectionSlot> open_slots(TimePoint now, std::optional<domain::CivilDate> day, std::size_t limit);
    /// The office days offered, with the places left in each (days with none are left out).
    std::vector<CollectionDay> open_days(TimePoint now);

    /// The list that offers the next slots for a request (the last row leads to other days).
    /// `intro` opens the body. Without any room left, a text that says so.
    messaging::OutboundMessage slot_offer(const domain::Request& request, const std::string& recipient,
                                          TimePoint now, const std::string& intro);
    /// The slots of one day, or of the days offered when `day` is empty.
    messaging::OutboundMessage day_offer(const domain::Request& request, const std::string& recipient, TimePoint now,
                                         std::optional<domain::CivilDate> day);

    /// Books or moves the sender's request to the slot starting at `slot_start`. Runs inside the
    /// caller's write transaction, which makes the capacity check and the taking of the place
    /// one step: of two citizens racing for the last place, exactly one gets it.
    BookingResult book_in_transaction(const std::string& code, const std::string& sender_key, TimePoint slot_start,
                                      TimePoint now);

    /// The citizen's confirmation of a booking, with a button to move it.
    messaging::OutboundMessage confirmation(const BookingResult& result, const std::string& recipient);
    /// "Senin, 30 November 2026 pukul 09.00–10.00 WITA".
    std::string describe_slot(TimePoint start) const;
    /// "09.00–10.00", the hours of the slot starting at `start`.
    std::string slot_hours(TimePoint start) const;
    /// "Senin, 30 November 2026".
    std::string describe_day(const domain::CivilDate& date) const;

    /// Sends the morning reminders for today's slots (from reminder_hour on an office day), each
    /// once. Opens its own write transaction; returns the number sent.
    int send_reminders(TimePoint now);

    /// Marks a letter collected (staff at the counter) and invites the citizen to the
    /// satisfaction survey. Inside the caller's write transaction.
    Result<domain::Request> mark_collected_in_transaction(std::int64_t request_id, const domain::Actor& staff,
                                                          TimePoint now);

    const OfficeHours& office() const { return office_; }
    /// The start of a slot from its local id text "YYYYMMDDHHMM"; nothing when malformed.
    std::optional<TimePoint> parse_slot_id(const std::string& text) const;
    std::string slot_id(TimePoint start) const;

private:
    /// Every slot start of one day (empty when the office is closed that day).
    std::vector<TimePoint> slots_of(const domain::CivilDate& date) const;
    /// The office days a slot may be booked on, from the local date of `now`.
    std::vector<domain::CivilDate> bookable_days(TimePoint now) const;
    int slot_index(TimePoint start) const;
    /// A list row that books `slot`: "Sen 30/11 09.00" with the day, "09.00–10.00" without.
    messaging::ListRow slot_row(const std::string& code, const CollectionSlot& slot, bool with_day) const;

    db::Store& store_;
    const config::Config& config_;
    const config::LetterCatalog& catalog_;
    OfficeHours office_;
};

}  // namespace ekel::services
