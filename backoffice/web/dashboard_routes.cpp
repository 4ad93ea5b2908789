#include <fmt/format.h>
#include <httplib.h>

#include "backoffice/web/routes.h"
#include "shared/http/site_routes.h"
#include "backoffice/web/web.h"
#include "shared/db/store.h"
#include "shared/services/handoff_service.h"
#include "shared/services/report_service.h"
#include "shared/util/time.h"

namespace ekel::office {

using domain::RequestStatus;
using domain::StaffRole;
using nlohmann::json;

void register_dashboard_routes(http::SiteRoutes& server, Web& web) {
    server.Get("/", [&web](const httplib::Request& req, httplib::Response& res) {
        web.guarded(req, res, {StaffRole::admin, StaffRole::operator_, StaffRole::lurah, StaffRole::rt},
                    [&](db::Store& store, const services::StaffSessionView& session) {
                        if (session.user.role == StaffRole::rt) return Web::redirect(res, "/permohonan");
                        const int offset = web.config.kelurahan.utc_offset_minutes;
                        const TimePoint now = web.clock.now();
                        json counts = json::array();
                        for (const auto& [status, count] : store.requests.status_counts()) {
                            counts.push_back({{"status", std::string(domain::to_string(status))},
                                              {"label", std::string(domain::describe_for_citizen(status))},
                                              {"count", std::to_string(count)}});
                        }
                        // The kelurahan's queue, oldest RT approval first: the late ones are at the top.
                        json overdue = json::array();
                        for (const auto& r : store.requests.office_queue(200)) {
                            const config::LetterType* type = web.catalog.find(r.letter_type);
                            auto approved = r.rt_decided_at ? parse_utc(*r.rt_decided_at) : std::nullopt;
                            if (!services::past_office_target(type, approved, now)) continue;
                            overdue.push_back({{"code", r.code},
                                               {"name", r.applicant_name},
                                               {"type", type->name},
                                               {"approved", local_time_text(*r.rt_decided_at, offset)},
                                               {"target", fmt::format("{} jam", type->target_hours)}});
                            if (overdue.size() >= 20) break;
                        }
                        json escalated = json::array();
                        json handoffs = json::array();
                        for (const auto& notice : store.notices.list_open(40)) {
                            if (notice.kind == "citizen_handoff") {
                                handoffs.push_back({{"id", std::to_string(notice.id)}, {"text", notice.text},
                                                    {"at", local_time_text(notice.created_at, offset)}});
                                continue;
                            }
                            auto r = notice.request_id ? store.requests.find_by_id(*notice.request_id) : std::nullopt;
                            escalated.push_back({{"code", r ? r->code : ""}, {"text", notice.text}});
                        }
                        LocalTime local = to_local(now, offset);
                        using namespace std::chrono;
                        auto midnight = TimePoint(sys_days(year(local.date.year) / month(local.date.month) /
                                                           day(local.date.day))) -
                                        minutes(offset);
                        json issued = json::array();
                        auto letters = store.letters.issued_since(format_utc(midnight), 50);
                        for (const auto& l : letters) {
                            const config::LetterType* type = web.catalog.find(l.letter_type);
                            issued.push_back({{"number", l.number}, {"holder", l.holder_name},
                                              {"type", type ? type->name : l.letter_type}});
                        }
                        web.page(res, "dashboard",
                                 {{"title", "Beranda"},
                                  {"counts", counts},
                                  {"overdue", overdue},
                                  {"escalated", escalated},
                                  {"handoffs", handoffs},
                                  {"issued_today", issued},
                                  {"issued_today_count", std::to_string(letters.size())}},
                                 session);
                    });
    });
    // A staff answer to a citizen who asked for a person on WhatsApp.
    server.Post(R"(/warga-minta-petugas/(\d{1,12})/balas)", [&web](const httplib::Request& req, httplib::Response& res) {
        web.guarded(req, res, {StaffRole::admin, StaffRole::operator_, StaffRole::lurah},
                    [&](db::Store& store, const services::StaffSessionView& session) {
                        auto sent = services::answer_citizen(store, web.config, web.clock.now(),
                                                             std::stoll(req.matches[1].str()), session.user.username,
                                                             req.has_param("balasan") ? req.get_param_value("balasan") : "");
                        if (!sent) return web.message(res, 400, "Balasan belum terkirim", sent.error().message, session, "/");
                        web.message(res, 200, "Balasan terkirim",
                                    "Balasan Anda dikirim ke WhatsApp warga; permintaan ini ditutup.", session, "/");
                    });
    });
}

}  // namespace ekel::office
