#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace ekel::messaging {

/// What a button or list row of ours asks for. The id strings come back from WhatsApp when the
/// person taps; they are stored in conversations and outbox rows, so their spelling never changes.
enum class ReplyKind {
    menu,            ///< "menu:status" | "menu:aduan" | "menu:info"
    letter_type,     ///< "type:<letter type code>"
    letter_page,     ///< "types:page:<n>"
    self,            ///< "self:<resident id>": who of the residents of this phone is writing
    applicant,       ///< "applicant:<resident id>"
    choice,          ///< "choice:<index>" of a choice field
    edit,            ///< "edit:<field key>" | "edit:purpose" | "edit:type"
    confirm,         ///< "confirm:send" | "confirm:edit" | "confirm:cancel"
    cancel,          ///< "cancel:yes" | "cancel:no"
    newcomer,        ///< "newcomer"
    fix,             ///< "fix:<request code>": the applicant starts a correction
    cancel_request,  ///< "cancelreq:<request code>"
    rt_approve,      ///< "rt:approve:<request code>"
    rt_reject,       ///< "rt:reject:<request code>"
    rt_revise,       ///< "rt:revise:<request code>"
    rt_open,         ///< "rt:open:<request code>"
    rt_files,        ///< "rt:files:<request code>"
    rt_list,         ///< "rt:list"
    slot,            ///< "slot:<request code>:<YYYYMMDDHHMM local>"
    slot_day,        ///< "slotday:<request code>:<YYYYMMDD>"
    slot_days,       ///< "slotdays:<request code>"
    slot_move,       ///< "slotmove:<request code>"
    survey_start,    ///< "ikm:start:<survey id>"
    survey_decline,  ///< "ikm:no:<survey id>"
    survey_answer,   ///< "ikm:<survey id>:<element>:<score>"
    remind_rt,       ///< "remind:<request code>": the applicant asks us to remind the RT
    complaint,       ///< "complaint:yes" | "complaint:no": file the text as a complaint?
    clarify,         ///< "clarify:<intent>": which reading of an unclear message was meant
    staff,           ///< "staff": talk to a person at the office
    fix_field,       ///< "fixfield:<field key>" | "fixfield:purpose": what a correction changes
    document,        ///< "doc:later" (bring it to the office) | "doc:skip" (an optional one not had)
};

/// A reply id, taken apart. `arg` is the code, key, word or number after the prefix ("" for
/// newcomer and rt:list); `detail` the slot or day (slot, slot_day) or the element
/// (survey_answer); `extra` the score (survey_answer).
struct ReplyId {
    ReplyId() = default;
    ReplyId(ReplyKind k, std::string a = {}, std::string d = {}, std::string e = {})
        : kind(k), arg(std::move(a)), detail(std::move(d)), extra(std::move(e)) {}

    ReplyKind kind = ReplyKind::menu;
    std::string arg;
    std::string detail;
    std::string extra;

    /// `arg` as a number; nullopt unless it is one (decode checks that for the numeric kinds).
    std::optional<std::int64_t> number() const;

    bool operator==(const ReplyId&) const = default;
};

/// The id string of `reply`; decode(encode(r)) == r for every r that decode accepts.
std::string encode(const ReplyId& reply);

/// Reads an id that came back from WhatsApp. A malformed id (unknown prefix, a word that is not
/// one of the kind's, a number of more than 12 digits, a code longer than 23 characters or with
/// other characters than letters, digits, '-', '_' and '.') is nullopt: no choice, never trusted.
std::optional<ReplyId> decode(std::string_view id);

/// The reply ids of RT officers' buttons (a backlog cleared tap after tap is no flood).
bool is_rt_reply(ReplyKind kind);

}  // namespace ekel::messaging
