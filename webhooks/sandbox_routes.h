#pragma once

namespace httplib {
class Server;
}
namespace ekel::db {
class StorePool;
}

namespace ekel::whatsapp {

/// GET /sandbox/messages?to=PHONE&after=ID: what the bot "sent" to a phone with the sandbox
/// provider (our own outbox form, oldest first). Registered only when whatsapp.provider is
/// "sandbox": it exists for `ekel-bot chat` and demos, never with a real WhatsApp account.
void register_sandbox_routes(httplib::Server& server, db::StorePool& stores);

}  // namespace ekel::whatsapp
