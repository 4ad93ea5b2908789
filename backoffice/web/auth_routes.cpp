#include <httplib.h>

#include "backoffice/web/routes.h"
#include "shared/http/site_routes.h"
#include "backoffice/web/web.h"
#include "shared/db/store.h"
#include "shared/util/time.h"

namespace ekel::office {

namespace {

std::string home_of(const domain::StaffUser& user) { return user.role == domain::StaffRole::rt ? "/permohonan" : "/"; }

void log_in(Web& web, const httplib::Request& req, httplib::Response& res) {
    const std::string username = req.has_param("username") ? req.get_param_value("username") : "";
    const std::string password = req.has_param("password") ? req.get_param_value("password") : "";
    if (username.empty() || password.empty() || username.size() > 64 || password.size() > 256) {
        return web.page(res, "login",
                        {{"title", "Masuk"}, {"username", username.substr(0, 64)},
                         {"error", "Isi nama pengguna dan kata sandi."}},
                        std::nullopt, 400);
    }
    auto store = web.stores.acquire();
    auto result = services::StaffAuth(*store, web.clock)
                      .login(username, password, web.address(req), Web::cookie(req, Web::kDeviceCookie));
    switch (result.kind) {
        case services::LoginResult::Kind::ok: {
            const std::string attributes = std::string("; Path=/; HttpOnly; SameSite=Strict") +
                                           (web.config.office.public_url.rfind("https://", 0) == 0 ? "; Secure" : "");
            res.set_header("Set-Cookie", std::string(Web::kSessionCookie) + "=" + result.token + attributes +
                                             "; Max-Age=28800");
            // A year: the browser stays known to the account (see StaffAuth::login).
            res.headers.emplace("Set-Cookie", std::string(Web::kDeviceCookie) + "=" + result.device_token +
                                                  attributes + "; Max-Age=31536000");
            return Web::redirect(res, home_of(*result.user));
        }
        case services::LoginResult::Kind::locked:
            return web.page(res, "login",
                            {{"title", "Masuk"}, {"username", username},
                             {"error", "Terlalu banyak percobaan yang gagal. Silakan coba lagi setelah " +
                                           local_time_text(result.locked_until, web.config.kelurahan.utc_offset_minutes) +
                                           "."}},
                            std::nullopt, 429);
        case services::LoginResult::Kind::invalid:
            break;
    }
    web.page(res, "login",
             {{"title", "Masuk"}, {"username", username}, {"error", "Nama pengguna atau kata sandi salah."}},
             std::nullopt, 401);
}

}  // namespace

void register_static_routes(http::SiteRoutes& server, Web& web) {
    server.Get("/static/app.css", [&web](const httplib::Request&, httplib::Response& res) {
        res.headers.erase("Cache-Control");  // replaces the default no-store: one answer, one policy
        res.set_header("Cache-Control", "max-age=3600");
        res.set_content(web.views.asset("app.css"), "text/css; charset=utf-8");
    });
}

void register_auth_routes(http::SiteRoutes& server, Web& web) {
    server.Get("/login", [&web](const httplib::Request& req, httplib::Response& res) {
        web.open(req, res, [&] {
            auto store = web.stores.acquire();
            if (auto current = web.session(req, *store)) return Web::redirect(res, home_of(current->user));
            web.page(res, "login", {{"title", "Masuk"}}, std::nullopt);
        });
    });

    server.Post("/login", [&web](const httplib::Request& req, httplib::Response& res) {
        web.open(req, res, [&] { log_in(web, req, res); });
    });

    server.Post("/logout", [&web](const httplib::Request& req, httplib::Response& res) {
        web.guarded(req, res,
                    {domain::StaffRole::admin, domain::StaffRole::operator_, domain::StaffRole::lurah,
                     domain::StaffRole::rt},
                    [&](db::Store& store, const services::StaffSessionView&) {
                        services::StaffAuth(store, web.clock)
                            .logout(Web::cookie(req, Web::kSessionCookie), web.address(req));
                        res.set_header("Set-Cookie", std::string(Web::kSessionCookie) +
                                                         "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
                        Web::redirect(res, "/login");
                    });
    });
}

}  // namespace ekel::office
