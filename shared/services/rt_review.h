#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "shared/config/config.h"
#include "shared/config/letter_types.h"
#include "shared/domain/neighbourhood.h"
#include "shared/domain/request.h"
#include "shared/domain/staff.h"
#include "shared/messaging/outbound_message.h"
#include "shared/services/office_hours.h"
#include "shared/util/clock.h"

namespace ekel::db {
class Store;
}

namespace ekel::services {

/// What an RT may decide on a request: the old paper cover letter (surat pengantar RT), or not.
enum class RtDecision { approve, reject, revise };

/// Someone answering for an RT: its head or deputy (recognised by phone from the registry), or a
/// kelurahan staff member acting on the RT's behalf.
struct RtOfficer {
    domain::Rt rt;
    domain::Actor actor;  ///< kind rt (phone) or staff (username); name with the role then held
    std::string role;     ///< "Ketua RT 001", "Wakil Ketua RT 001", "petugas kelurahan"
    /// The officer's own WhatsApp number, on WhatsApp and in the back office alike, so that
    /// nobody decides on a request they filed themselves; empty for kelurahan staff.
    std::string phone;
};

/// The RTs a phone serves as head or deputy (usually one; none for ordinary citizens).
std::vector<RtOfficer> officer_roles(db::Store& store, const std::string& phone);

/// The result of an attempt, with the polite answer for the person who tried.
struct RtOutcome {
    enum class Kind {
        done,             ///< the decision was recorded and everyone told
        reason_required,  ///< reject/revise without a reason: ask for one, nothing changed
        unknown,          ///< no such request, or not this person's RT (the same words for both)
        already_decided,  ///< decided before (by them or someone else); answered with who and when
        cancelled,        ///< the citizen cancelled it meanwhile
    };
    Kind kind = Kind::unknown;
    std::optional<domain::Request> request;
    std::string reply;
};

/// The RT step of a request: notifying the RT, the decision and its permission checks, the
/// citizen's correction after "Perbaiki", and the messages every party receives. All writes
/// (status, audit event, outbox messages) go through the caller's open write transaction.
class RtReview {
public:
    RtReview(db::Store& store, const Clock& clock, const config::Config& config, const config::LetterCatalog& catalog);

    /// Tells the RT's head and deputy about a newly filed request, with Setujui/Tolak/Perbaiki,
    /// and returns who will decide ("Ketua RT 001"). Nobody decides on their own request: when no
    /// other officer has a phone, the request goes straight to the staff queue (nullopt).
    std::optional<std::string> notify_submitted(const domain::Request& request);

    /// An RT officer's decision, by phone. Refuses (and records the refusal) when the phone is not
    /// the head or deputy of the request's RT; answers a second attempt with the current state.
    RtOutcome decide(const std::string& code, RtDecision decision, const std::string& phone, const std::string& note);

    /// Staff decide for a slow RT in the back office; a reason is always required.
    RtOutcome decide_on_behalf(std::int64_t request_id, RtDecision decision, const domain::Actor& staff,
                               const std::string& reason);

    /// A decision from the back office: an `rt` account decides as its RT (same rules as on
    /// WhatsApp, refused for another RT); other roles decide on the RT's behalf with a reason.
    RtOutcome decide_in_back_office(std::int64_t request_id, RtDecision decision, const domain::StaffUser& user,
                                    const std::string& note);

    /// The citizen's correction after "Perbaiki": back to `submitted` and to the same RT.
    domain::Request resubmit(const domain::Request& request, const domain::Actor& citizen, const std::string& correction);

    /// Where a request stands, for an RT officer asking about it: who decided and when, or that
    /// the citizen cancelled it (kinds already_decided and cancelled).
    RtOutcome explain(const domain::Request& request);

    /// Records that a phone was refused a look at or an action on a request (the audit trail
    /// keeps attempts, not only changes).
    void record_refusal(const domain::Request& request, const std::string& phone, const std::string& what);

    /// What the RT wrote when sending a request back ("" when none).
    std::string revision_note(const domain::Request& request);

    /// The request as the RT sees it: code, type, applicant, masked NIK, address, fields, attachments.
    std::string describe_for_rt(const domain::Request& request);
    /// Requests waiting for any RT this phone serves, longest waiting first.
    std::vector<domain::Request> awaiting(const std::string& phone, int limit);

    /// Reminds the officers who may decide `requests` (waiting, not yet reminded) that they still
    /// wait: the scheduler's first step. Each officer gets one message: the request with its
    /// buttons when it is the only one, otherwise a list of them and a button to DAFTAR, so a
    /// backlog is one message, not one per request.
    void send_reminders(const std::vector<domain::Request>& requests);
    /// Hands requests a slow RT left unanswered to the staff queue (one notice each), tells each
    /// citizen, and tells each RT officer and RW head once, listing their requests. `waited` is
    /// the office time each RT had.
    struct Overdue {
        domain::Request request;
        std::chrono::minutes waited{0};
    };
    void escalate(const std::vector<Overdue>& overdue);
    /// The morning digest to an RT head: how many requests wait and the oldest one's age.
    void send_digest(const domain::Rt& rt, std::int64_t pending, const std::string& oldest_since);

    const OfficeHours& office() const { return office_; }

private:
    RtOutcome act(const domain::Request& request, RtDecision decision, const RtOfficer& officer, const std::string& note);
    void send_decision_buttons(const std::string& phone, const std::string& body, const domain::Request& request);
    void send_text(const std::string& recipient, const std::string& text, const domain::Request& request);
    /// The RT of a request, read once per batch.
    const domain::Rt* rt_of(const domain::Request& request);
    /// "• *BLB-2611-0001* (Budi Santoso, Surat Keterangan Domisili)" lines, at most 10.
    std::string request_lines(const std::vector<const domain::Request*>& requests, bool with_rt);
    std::vector<std::string> officer_phones(const domain::Rt& rt) const;
    /// Officer phones that may decide on this request (not the applicant's own).
    std::vector<std::string> deciders(const domain::Rt& rt, const domain::Request& request) const;
    void hand_to_staff(const domain::Request& request, const domain::Rt& rt, const std::string& why);
    std::string type_name(const domain::Request& request) const;
    std::string when(const std::string& utc_text) const;

    db::Store& store_;
    const Clock& clock_;
    const config::Config& config_;
    const config::LetterCatalog& catalog_;
    OfficeHours office_;
    std::unordered_map<std::int64_t, std::optional<domain::Rt>> rts_;
    std::unordered_map<int, std::optional<domain::Rw>> rws_;
};

/// "RT 001".
std::string rt_label(int number);
/// Setujui / Tolak / Perbaiki for a request; the ids come back when the RT taps one.
std::vector<messaging::ReplyButton> decision_buttons(const std::string& code);
/// The neutral answer to an RT officer about a code that is unknown or of another RT.
std::string unknown_request_reply(const std::string& code);

}  // namespace ekel::services
