#include <fmt/format.h>
#include <httplib.h>

#include "backoffice/web/routes.h"
#include "backoffice/web/web.h"
#include "shared/db/store.h"
#include "shared/util/time.h"

namespace ekel::office {

using domain::RequestStatus;
using domain::StaffRole;
using nlohmann::json;

void register_dashboard_routes(httplib::Server& server, Web& web) {
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
                            if (!type || !approved || now - *approved <= std::chrono::hours(type->target_hours)) continue;
                            overdue.push_back({{"code", r.code},
                                               {"name", r.applicant_name},
                                               {"type", type->name},
                                               {"approved", local_time_text(*r.rt_decided_at, offset)},
                                               {"target", fmt::format("{} jam", type->target_hours)}});
                            if (overdue.size() >= 20) break;
                        }
                        json escalated = json::array();
                        for (const auto& notice : store.notices.list_open(20)) {
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
                                  {"issued_today", issued},
                                  {"issued_today_count", std::to_string(letters.size())}},
                                 session);
                    });
    });
}

}  // namespace ekel::office
