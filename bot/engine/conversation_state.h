#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ekel::bot {

/// Where a citizen's conversation stands: the question the bot asked last. Stored by name
/// (to_string), so the names never change.
enum class State {
    idle,                 ///< between flows: typed commands are read as commands only here
    identify_nik,         ///< asked for the NIK (or "warga pendatang")
    identify_birth_date,  ///< asked for the birth date that goes with pending_nik
    choose_identity,      ///< several residents share this phone: which one is writing
    choose_letter_type,
    choose_applicant,  ///< the letter is for whom in the family
    newcomer_name,
    newcomer_address,
    newcomer_rt,
    collect_field,  ///< asked for the draft's field `field`
    collect_purpose,
    confirm,  ///< the summary with Kirim / Ubah / Batal
    choose_edit,
    confirm_cancel,  ///< "batalkan permohonan cancel_code?"
    complaint_text,
    choose_requirements,
    correction,  ///< waiting for the applicant's correction of correction_code
    rt_reason,   ///< an RT officer's reason for Tolak or Perbaiki (RtDesk)
    confirm_complaint,  ///< "Kirim sebagai aduan?" for pending_complaint
    clarify,            ///< which of two readings the citizen meant (clarify_text)
    newcomer_nik,
    newcomer_birth_date,   ///< "tempat dan tanggal lahir"; the place may come with the date
    newcomer_birth_place,  ///< the date came without a place
    newcomer_origin,       ///< alamat asal
    newcomer_detail,       ///< a resident fact the letter's body prints (`field`: its key)
    collect_document,   ///< asked for the document at position `document` of the letter type
};

constexpr std::size_t kStateCount = static_cast<std::size_t>(State::collect_document) + 1;

std::string_view to_string(State state);
/// The state stored as `text`; nullopt for a name this version does not know.
std::optional<State> parse_state(std::string_view text);

struct LastComplaint {
    std::int64_t id = 0;
    std::string code;
    std::string at;  ///< UTC, format_utc
    bool operator==(const LastComplaint&) const = default;
};

/// A citizen without a registry entry applying for a letter ("warga pendatang").
struct Newcomer {
    std::string name;
    std::string address;
    int rt = 0;  ///< 0 until asked
    std::string nik;             ///< checked with the birth date, as for residents
    std::string birth_date;      ///< ISO
    std::string birth_place;
    std::string origin_address;  ///< alamat asal
    /// Resident facts a letter's body prints ("marital_status" -> "Kawin"), asked only then.
    std::map<std::string, std::string> details;
    bool operator==(const Newcomer&) const = default;
};

/// The citizen's answer to one document the letter type requires.
struct DocumentAnswer {
    std::string state;  ///< domain::RequirementState by name: sent, at_office or skipped
    std::optional<std::int64_t> attachment_id;  ///< sent: the photo or PDF
    bool operator==(const DocumentAnswer&) const = default;
};

/// The letter request being filled in.
struct Draft {
    std::optional<std::string> letter_type;
    std::string said;  ///< what the citizen wrote when asking, for prefilling choice fields
    std::optional<std::string> purpose;
    std::map<std::string, std::string> fields;  ///< field key -> checked answer, text in official form
    /// What the citizen typed, where it differs from the official form in purpose / fields.
    std::optional<std::string> typed_purpose;
    std::map<std::string, std::string> typed_fields;
    std::optional<std::int64_t> applicant_id;   ///< a resident in the family of the writer
    std::optional<Newcomer> newcomer;           ///< set: the applicant is a newcomer
    std::optional<std::string> other_letter_type;  ///< a second letter asked for, offered after this one
    std::optional<std::string> said_name;  ///< a name the citizen gave ("saya Budi"), not asked again
    std::optional<int> said_rt;            ///< an RT the citizen gave, not asked again
    std::map<int, DocumentAnswer> documents;  ///< requirement position -> answer
    bool operator==(const Draft&) const = default;
};

/// A Tolak or Perbaiki waiting for the RT officer's reason; or a decision typed without a code,
/// proposed for the one request waiting, with the reason already given.
struct RtPending {
    std::string code;
    int decision = 0;  ///< services::RtDecision as a number
    std::string note;
    bool operator==(const RtPending&) const = default;
};

/// What a conversation remembers between messages. Stored as JSON with the keys of the first
/// release (read_conversation_data / write_conversation_data), so stored conversations load
/// unchanged.
struct ConversationData {
    std::optional<std::int64_t> self_id;  ///< which of the phone's residents is writing
    std::optional<LastComplaint> last_complaint;
    std::optional<Draft> draft;
    std::optional<std::string> pending_nik;         ///< NIK awaiting its birth date
    std::optional<std::string> pending_birth_date;  ///< ISO date given with a request
    std::string cancel_code;                        ///< confirm_cancel: the request to cancel
    std::string correction_code;                    ///< correction: the request sent back
    std::string field;                              ///< collect_field: the key asked for
    std::optional<int> document;                    ///< collect_document: the requirement asked for
    bool editing = false;                           ///< the answer goes back to the summary
    std::optional<RtPending> rt_pending;            ///< rt_reason: the decision awaiting a reason
    std::optional<State> rt_resume;                 ///< the citizen state an RT question interrupted
    std::optional<RtPending> rt_proposed;           ///< a code-less decision offered for a tap
    std::string pending_complaint;                  ///< confirm_complaint: the text to file
    std::string clarify_text;                       ///< clarify: the message that was unclear
    /// The citizen's last few messages ("HH.MM text"), for staff when the citizen asks for a person.
    std::vector<std::string> recent;
    /// The reply ids of the buttons or rows of the last list or buttons message sent to this
    /// phone, in order (so a typed "2" can be read as the second).
    std::vector<std::string> offered;

    bool operator==(const ConversationData&) const = default;
};

/// Reads stored data; bad JSON, a non-object or values of the wrong type give defaults, never
/// an exception.
ConversationData read_conversation_data(std::string_view json_text);
/// The JSON text to store; keys whose value is the default are left out.
std::string write_conversation_data(const ConversationData& data);

}  // namespace ekel::bot
