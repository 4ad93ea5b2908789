#include "webhooks/sandbox_routes.h"

#include <httplib.h>

#include <nlohmann/json.hpp>

#include "shared/db/store_pool.h"
#include "shared/util/text.h"

namespace ekel::whatsapp {

void register_sandbox_routes(httplib::Server& server, SandboxStores stores_of) {
    server.Get("/sandbox/messages", [stores_of](const httplib::Request& req, httplib::Response& res) {
        const std::string to = req.get_param_value("to");
        const std::string after = req.has_param("after") ? req.get_param_value("after") : "0";
        if (to.empty() || !is_all_digits(after) || after.size() > 18) {
            res.status = 400;
            res.set_content(R"json({"error":"parameters: to (recipient) and after (a message id)"})json", "application/json");
            return;
        }
        db::StorePool* stores = stores_of(req.get_param_value("kelurahan"));
        if (!stores) {
            res.status = 404;
            res.set_content(R"json({"error":"kelurahan: no such kelurahan code"})json", "application/json");
            return;
        }
        auto store = stores->acquire();
        nlohmann::json rows = nlohmann::json::array();
        for (const auto& row : store->outbox.list_for_recipient(to, std::stoll(after), 100)) {
            rows.push_back({{"id", row.id},
                            {"status", row.status},
                            {"message", nlohmann::json::parse(row.payload_json)},
                            {"error_code", row.error_code},
                            {"error_title", row.error_title}});
        }
        res.set_content(rows.dump(), "application/json");
    });
}

}  // namespace ekel::whatsapp
