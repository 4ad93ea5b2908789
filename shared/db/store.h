#pragma once

#include <memory>
#include <string>

#include "shared/db/announcement_repository.h"
#include "shared/db/attachment_repository.h"
#include "shared/db/booking_repository.h"
#include "shared/db/complaint_repository.h"
#include "shared/db/conversation_repository.h"
#include "shared/db/connection.h"
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

/// One connection (SQLite or PostgreSQL) with its repositories. Owned by one thread at a time:
/// each worker has its own Store. On SQLite statements are prepared on construction, so a schema
/// mismatch fails at start; PostgreSQL prepares each on its first use. The database must be
/// migrated first.
class Store {
    // First member: the repositories below prepare their statements against it.
    std::unique_ptr<Connection> db_;

public:
    Store(const std::string& path, int busy_timeout_ms);
    explicit Store(const ConnectionSettings& settings);
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    Connection& db() { return *db_; }

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
