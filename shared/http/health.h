#pragma once

#include <nlohmann/json_fwd.hpp>

#include <functional>
#include <string>

namespace httplib {
class Server;
}

namespace ekel::db {
class StorePool;
}

namespace ekel::http {

/// GET /healthz: JSON with the service name, version, schema version and whether the database
/// answers; `add_details` lets a service add its own fields (outbox backlog, token state …).
void register_health_routes(httplib::Server& server, const std::string& service, db::StorePool& stores,
                            std::function<void(nlohmann::json&)> add_details = {});

/// The program version (from CMake).
const char* program_version();

}  // namespace ekel::http
