#pragma once

#include <SQLiteCpp/Database.h>

#include <string>

#include "shared/db/announcement_repository.h"
#include "shared/db/attachment_repository.h"
#include "shared/db/booking_repository.h"
#include "shared/db/complaint_repository.h"
#include "shared/db/conversation_repository.h"
#include "shared/db/database.h"
#include "shared/db/inbound_message_repository.h"
#include "shared/db/letter_repository.h"
#include "shared/db/meta_repository.h"
#include "shared/db/outbound_message_repository.h"
#include "shared/db/report_repository.h"
#include "shared/db/request_event_repository.h"
#include "shared/db/request_repository.h"
#include "shared/db/requirement_repository.h"
#include "shared/db/resident_repository.h"
#include "shared/db/rt_repository.h"
#include "shared/db/staff_audit_repository.h"
#include "shared/db/staff_notice_repository.h"
#include "shared/db/staff_repository.h"
#include "shared/db/staff_session_repository.h"
#include "shared/db/survey_repository.h"

namespace ekel::db {

/// One connection with its repositories. Owned by one thread at a time (SQLite's multi-thread
/// mode): each worker has its own Store. Statements are prepared on construction, so a schema
/// mismatch fails at start, not on the first request. The database must be migrated first.
class Store {
    // First member: the repositories below prepare their statements against it.
    SQLite::Database db_;

public:
    Store(const std::string& path, int busy_timeout_ms);
    explicit Store(const ConnectionSettings& settings);
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    SQLite::Database& db() { return db_; }

    ResidentRepository residents;
    RtRepository rts;
    RequestRepository requests;
    RequestEventRepository events;
    StaffRepository staff;
    MetaRepository meta;
    InboundMessageRepository inbound;
    OutboundMessageRepository outbox;
    ConversationRepository conversations;
    AttachmentRepository attachments;
    RequirementRepository requirements;
    ComplaintRepository complaints;
    StaffNoticeRepository notices;
    StaffSessionRepository sessions;
    StaffAuditRepository audit;
    LetterRepository letters;
    AnnouncementRepository announcements;
    BookingRepository bookings;
    SurveyRepository surveys;
    ReportRepository reports;
};

}  // namespace ekel::db
