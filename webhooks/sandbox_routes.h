#pragma once

#include <functional>
#include <string>

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
/// In a city, `kelurahan=BLB` (or `kelurahan=kota` for the city's own number's newcomers) picks
/// the database; `stores_of("")` is the default one.
using SandboxStores = std::function<db::StorePool*(const std::string& kelurahan)>;
void register_sandbox_routes(httplib::Server& server, SandboxStores stores_of);

}  // namespace ekel::whatsapp
