#pragma once

#include <memory>
#include <string>

#include "bot/engine/collection_desk.h"
#include "bot/engine/flood_guard.h"
#include "bot/engine/message_handler.h"
#include "bot/engine/rt_desk.h"
#include "bot/nlu/message_parser.h"
#include "shared/config/config.h"
#include "shared/config/letter_types.h"
#include "shared/services/office_hours.h"

namespace ekel::bot {

struct Turn;

/// The citizen conversation on WhatsApp: understands free text, identifies the person (a verified
/// phone, or NIK + birth date with lock-out), asks only for what is missing, one question at a
/// time, and files a complete letter request routed to the applicant's RT (and tells the RT).
/// Also answers menu, requirements, office information, status, cancellation and complaints at
/// any point, takes the citizen's correction when the RT sends a request back, and hands RT
/// business of RT heads and deputies to the RtDesk. State is
/// kept per sender in SQLite, so a restart resumes the conversation. Runs on the processor thread
/// inside its transaction (see MessageHandler).
class ConversationEngine final : public MessageHandler {
public:
    ConversationEngine(const config::Config& config, const config::LetterCatalog& catalog, const Clock& clock);
    ~ConversationEngine() override;

    void handle(const messaging::InboundMessage& message, db::Store& store, TimePoint now) override;
    void handle_failure(const messaging::InboundMessage& message, db::Store& store, TimePoint now) override;
    void committed() override;
    void rolled_back() override;

private:
    void dispatch(Turn& turn);
    bool handle_global(Turn& turn, bool in_flow);
    void handle_idle(Turn& turn);
    void handle_flow_answer(Turn& turn);

    void greet(Turn& turn);
    void show_menu(Turn& turn, const std::string& intro);
    void show_letter_list(Turn& turn, const std::string& purpose_of_list, int page);
    void send_requirements(Turn& turn, const std::string& letter_type);
    void send_info(Turn& turn, const std::string& topic);
    void send_status(Turn& turn, const std::string& code);
    void start_cancel(Turn& turn, const std::string& code);
    void refuse_rt_command(Turn& turn);
    void start_correction(Turn& turn, const std::string& code);
    void take_correction(Turn& turn);
    void file_complaint(Turn& turn, const std::string& text);
    /// A photo or document for a complaint being written, just filed, or filed by its caption.
    bool take_complaint_photo(Turn& turn);

    void start_request(Turn& turn);
    void continue_request(Turn& turn);
    void ask_identity(Turn& turn);
    /// Links the phone when NIK and birth date match. Refused while the phone is locked, whatever
    /// the path to it, and such attempts do not extend the lock.
    void check_identity(Turn& turn, const std::string& nik, const std::string& birth_date);
    /// Ends the turn with the lock message when the phone is locked; true then.
    bool refuse_while_locked(Turn& turn);
    void ask_field(Turn& turn, const config::LetterField& field);
    void ask_confirmation(Turn& turn);
    void submit_request(Turn& turn);
    void reset(Turn& turn);

    const config::Config& config_;
    const config::LetterCatalog& catalog_;
    const Clock& clock_;
    nlu::MessageParser parser_;
    services::OfficeHours office_;
    FloodGuard flood_;
    RtDesk desk_;
    CollectionDesk collection_;
    SurveyDesk survey_;
};

}  // namespace ekel::bot
