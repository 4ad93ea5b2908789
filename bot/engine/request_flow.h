#pragma once

#include <string>

#include "bot/engine/conversation_state.h"
#include "bot/engine/identity_flow.h"
#include "shared/config/config.h"
#include "shared/config/letter_types.h"
#include "shared/services/office_hours.h"
#include "shared/util/clock.h"
#include "shared/util/result.h"

namespace ekel::bot {

struct Turn;

/// A letter request: asks only for what is missing (who, which letter, for whom in the family,
/// the letter's fields, the purpose), one question at a time, then shows a summary to send, edit
/// or cancel, and files the request routed to the applicant's RT (and tells the RT).
class RequestFlow {
public:
    RequestFlow(const config::Config& config, const config::LetterCatalog& catalog, const Clock& clock,
                const services::OfficeHours& office);

    /// A request written in free text: what it says goes into the draft.
    void start(Turn& turn);
    /// Asks the next missing thing, or the confirmation when nothing is missing.
    void next(Turn& turn);
    /// The letter types as a list (page by page), for a request or a question about requirements.
    void show_letter_list(Turn& turn, const std::string& body, int page);
    /// A photo or document sent during a request; false when no request is being filled in.
    bool take_attachment(Turn& turn);

    IdentityFlow& identity() { return identity_; }

    // Answers, one per state.
    void answer_letter_type(Turn& turn);
    void answer_applicant(Turn& turn);
    void answer_field(Turn& turn);
    void answer_purpose(Turn& turn);
    void answer_confirm(Turn& turn);
    void answer_edit(Turn& turn);
    /// A newcomer's answer to a resident fact the letter's body prints (status perkawinan …).
    void answer_newcomer_detail(Turn& turn);
    /// A tap or typed words answering the document asked for: "Bawa ke kantor" / "nanti saya
    /// bawa ke kantor" defers it, "Tidak ada" skips an optional one. False when the message is
    /// neither (a question, a command) and was left unanswered.
    bool answer_document(Turn& turn);
    /// Asks again for the document the conversation waits for, saying how to answer.
    void remind_document(Turn& turn);

    /// Sends a field's question (buttons or a list for a choice, one example for a date).
    void prompt_field(Turn& turn, const config::LetterField& field);
    /// The answer to a field's question in this turn, checked (a tap, the parsed date, or words),
    /// in the form it has on the letter (text cleaned with the catalogue's word list).
    Result<std::string> read_field_answer(const Turn& turn, const config::LetterField& field) const;

private:
    void ask_field(Turn& turn, const config::LetterField& field);
    void ask_document(Turn& turn, const config::LetterType& type, int position, const std::string& before = {});
    /// Records the answer to the document asked for and moves on.
    void take_document_answer(Turn& turn, DocumentAnswer answer, const std::string& said);
    void ask_confirmation(Turn& turn);
    void submit(Turn& turn);

    const config::Config& config_;
    const config::LetterCatalog& catalog_;
    const Clock& clock_;
    const services::OfficeHours& office_;
    IdentityFlow identity_;
};

}  // namespace ekel::bot
