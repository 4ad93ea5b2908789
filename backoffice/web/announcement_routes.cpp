#include <httplib.h>

#include <nlohmann/json.hpp>

#include "backoffice/web/routes.h"
#include "shared/http/site_routes.h"
#include "backoffice/web/web.h"
#include "shared/db/store.h"
#include "shared/services/announcement_service.h"
#include "shared/util/text.h"
#include "shared/util/time.h"

namespace ekel::office {

using domain::StaffRole;

namespace {

constexpr auto kPublishers = {StaffRole::admin, StaffRole::operator_, StaffRole::lurah};

void show(Web& web, db::Store& store, const services::StaffSessionView& session, httplib::Response& res,
          const std::string& error, const std::string& flash) {
    const int offset = web.config.kelurahan.utc_offset_minutes;
    nlohmann::json current = nlohmann::json::array();
    for (const auto& a : store.announcements.current(format_utc(web.clock.now()), 20)) {
        current.push_back({{"text", a.text}, {"published", local_time_text(a.published_at, offset)},
                           {"expires", local_time_text(a.expires_at, offset)},
                           {"recipients", std::to_string(a.recipients)}});
    }
    web.page(res, "announcements",
             {{"title", "Pengumuman"}, {"current", current},
              {"subscribers", std::to_string(store.announcements.subscribers().size())}, {"error", error},
              {"flash", flash}},
             session, error.empty() ? 200 : 400);
}

}  // namespace

void register_announcement_routes(http::SiteRoutes& server, Web& web) {
    server.Get("/pengumuman", [&web](const httplib::Request& req, httplib::Response& res) {
        web.guarded(req, res, kPublishers, [&](db::Store& store, const services::StaffSessionView& session) {
            show(web, store, session, res, "", "");
        });
    });
    server.Post("/pengumuman", [&web](const httplib::Request& req, httplib::Response& res) {
        web.guarded(req, res, kPublishers, [&](db::Store& store, const services::StaffSessionView& session) {
            const std::string days = req.has_param("berlaku") ? std::string(trim(req.get_param_value("berlaku"))) : "7";
            const int valid_days = is_all_digits(days) && days.size() <= 3 ? std::stoi(days) : 0;
            auto published = services::publish_announcement(store, web.config, web.clock.now(),
                                                             req.has_param("isi") ? req.get_param_value("isi") : "",
                                                             session.user.username, valid_days);
            if (!published) return show(web, store, session, res, published.error().message, "");
            show(web, store, session, res, "",
                 "Pengumuman dikirim ke " + std::to_string(published.value().recipients) + " pelanggan.");
        });
    });
}

}  // namespace ekel::office
