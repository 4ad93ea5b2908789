#include "webhooks/whatsapp_routes.h"

#include <httplib.h>
#include <sodium.h>
#include <spdlog/spdlog.h>

#include <semaphore>

#include "shared/services/inbound_intake.h"
#include "webhooks/envelope_parser.h"
#include "webhooks/signature.h"

namespace ekel::whatsapp {

namespace {

constexpr const char* kPath = "/webhooks/whatsapp";
// Meta's usual envelopes are a few KiB. One this large (hundreds of messages, or hostile) costs
// several times its size while it is parsed and stored, so only two are handled at a time; a third
// is answered 503 at once (Meta delivers it again later) rather than holding a worker meanwhile.
constexpr std::size_t kLargeBody = 64 * 1024;
std::counting_semaphore<2> large_bodies(2);

/// One of the two places for large bodies, held while it lives; small bodies need none.
class LargeBodyTurn {
public:
    explicit LargeBodyTurn(std::size_t bytes) : needed_(bytes > kLargeBody), held_(needed_ && large_bodies.try_acquire()) {}
    ~LargeBodyTurn() {
        if (held_) large_bodies.release();
    }
    LargeBodyTurn(const LargeBodyTurn&) = delete;
    LargeBodyTurn& operator=(const LargeBodyTurn&) = delete;

    bool granted() const { return !needed_ || held_; }

private:
    bool needed_;
    bool held_;
};

bool same_secret(const std::string& a, const std::string& b) {
    return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

void answer(httplib::Response& res, int status, const std::string& json) {
    res.status = status;
    res.set_content(json, "application/json");
}

}  // namespace

void register_whatsapp_routes(httplib::Server& server, const config::WhatsAppConfig& whatsapp,
                              services::WebhookSink& intake) {
    server.Get(kPath, [&whatsapp](const httplib::Request& req, httplib::Response& res) {
        if (req.get_param_value("hub.mode") == "subscribe" &&
            same_secret(req.get_param_value("hub.verify_token"), whatsapp.verify_token) &&
            req.has_param("hub.challenge")) {
            res.set_content(req.get_param_value("hub.challenge"), "text/plain");
            return;
        }
        spdlog::warn("webhook verification refused (mode or verify token did not match)");
        res.status = 403;
        res.set_content("Forbidden", "text/plain");
    });

    server.Post(kPath, [&whatsapp, &intake](const httplib::Request& req, httplib::Response& res) {
        if (!req.has_header("X-Hub-Signature-256")) {
            spdlog::warn("webhook without X-Hub-Signature-256 refused ({} bytes)", req.body.size());
            return answer(res, 401, R"({"error":"missing signature"})");
        }
        if (!verify_signature(req.body, req.get_header_value("X-Hub-Signature-256"), whatsapp.app_secret)) {
            spdlog::warn("webhook with a wrong signature refused ({} bytes)", req.body.size());
            return answer(res, 403, R"({"error":"invalid signature"})");
        }
        LargeBodyTurn turn(req.body.size());
        if (!turn.granted()) {
            res.set_header("Retry-After", "1");
            return answer(res, 503, R"({"error":"busy with other large deliveries; retry"})");
        }
        auto envelope = parse_envelope(req.body);
        if (!envelope) {
            const std::string reason = envelope.error().field + ": " + envelope.error().message;
            spdlog::warn("webhook body refused: {}", reason);
            intake.reject(reason, req.body);
            return answer(res, 400, std::string(R"({"error":"not a WhatsApp webhook envelope"})"));
        }
        services::IntakeBatch batch;
        for (auto& item : envelope.value().messages) {
            batch.messages.push_back({std::move(item.message), std::move(item.stored_json)});
        }
        batch.statuses = std::move(envelope.value().statuses);
        services::IntakeResult result;
        try {
            result = intake.accept(std::move(batch));
        } catch (const std::exception& e) {
            // Not committed (the database is down or failing over): never a 200 without a commit;
            // Meta delivers it again, and its message ids make the redelivery harmless.
            spdlog::error("webhook not stored: {}", e.what());
            res.set_header("Retry-After", "5");
            return answer(res, 503, R"({"error":"not stored; retry"})");
        }
        if (result.duplicates > 0) spdlog::debug("webhook: {} duplicate message(s) acknowledged", result.duplicates);
        answer(res, 200, R"({"status":"received"})");
    });
}

}  // namespace ekel::whatsapp
