#pragma once

#include "shared/config/config.h"

namespace httplib {
class Server;
}
namespace ekel::services {
class WebhookSink;
}

namespace ekel::whatsapp {

/// GET /webhooks/whatsapp: Meta's verification handshake.
/// POST /webhooks/whatsapp: signature check on the raw body, envelope parsing, and a 200 only
/// once every message in it is committed to the database.
void register_whatsapp_routes(httplib::Server& server, const config::WhatsAppConfig& whatsapp,
                              services::WebhookSink& intake);

}  // namespace ekel::whatsapp
