#pragma once

#include <array>
#include <functional>
#include <memory>
#include <string>

#include "bot/engine/collection_desk.h"
#include "bot/engine/command_flow.h"
#include "bot/engine/conversation_state.h"
#include "bot/engine/flood_guard.h"
#include "bot/engine/message_handler.h"
#include "bot/engine/request_flow.h"
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
/// business of RT heads and deputies to the RtDesk. State is kept per sender in SQLite, so a
/// restart resumes the conversation. Runs on the processor thread inside its transaction (see
/// MessageHandler).
///
/// This class coordinates: flood guard, loading and saving the conversation, the desks, the
/// commands that work at any point, and a table from State to the flow that reads the answer.
/// The flows are IdentityFlow, RequestFlow and CommandFlow.
class ConversationEngine final : public MessageHandler {
public:
    ConversationEngine(const config::Config& config, const config::LetterCatalog& catalog, const Clock& clock);
    ~ConversationEngine() override;
    ConversationEngine(const ConversationEngine&) = delete;
    ConversationEngine& operator=(const ConversationEngine&) = delete;

    void handle(const messaging::InboundMessage& message, db::Store& store, TimePoint now) override;
    void handle_failure(const messaging::InboundMessage& message, db::Store& store, TimePoint now) override;
    void committed() override;
    void rolled_back() override;

private:
    /// Who reads the answer in a state, and whether clear commands (menu, status, batal, aduan,
    /// syarat, info) are read first.
    struct Route {
        std::function<void(Turn&)> answer;
        bool commands_first = true;
    };

    void dispatch(Turn& turn);
    bool handle_global(Turn& turn, bool in_flow);
    void handle_idle(Turn& turn);
    void restart(Turn& turn);
    void understand(Turn& turn) const;
    /// The tapped reading of an unclear message, handled as if it had said so.
    void answer_clarification(Turn& turn);

    const config::Config& config_;
    nlu::MessageParser parser_;
    services::OfficeHours office_;
    FloodGuard flood_;
    RtDesk desk_;
    CollectionDesk collection_;
    SurveyDesk survey_;
    RequestFlow requests_;
    CommandFlow commands_;
    std::array<Route, kStateCount> routes_;
    Route restart_;
};

}  // namespace ekel::bot
