#include <httplib.h>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "backoffice/web/routes.h"
#include "shared/http/site_routes.h"
#include "backoffice/web/web.h"
#include "shared/db/store.h"
#include "shared/db/write_transaction.h"
#include "shared/domain/request_status.h"
#include "shared/services/collection_service.h"
#include "shared/util/text.h"
#include "shared/util/time.h"

namespace ekel::office {

using domain::StaffRole;

namespace {

constexpr auto kCounterStaff = {StaffRole::admin, StaffRole::operator_, StaffRole::lurah};
constexpr std::size_t kUnbookedShown = 50;

void show(Web& web, db::Store& store, const services::StaffSessionView& session, const httplib::Request& req,
          httplib::Response& res, const std::string& flash) {
    const int offset = web.config.kelurahan.utc_offset_minutes;
    services::CollectionService collection(store, web.config, web.catalog);
    domain::CivilDate date = to_local(web.clock.now(), offset).date;
    if (const std::string asked_text = param(req, "tanggal"); !asked_text.empty()) {
        auto asked = domain::parse_date(asked_text);
        if (!asked) {
            return web.message(res, 400, "Tanggal tidak dikenali",
                               "Isian 'tanggal' harus berformat TTTT-BB-HH, misalnya 2026-11-30.", session,
                               "/pengambilan");
        }
        date = *asked;
    }
    const TimePoint day_start = local_to_utc(date, 0, offset);
    const TimePoint day_end = local_to_utc(date, 24 * 60, offset);
    nlohmann::json slots = nlohmann::json::array();
    int total = 0;
    int collected = 0;
    for (const auto& row : store.bookings.schedule_between(format_utc(day_start), format_utc(day_end))) {
        auto start = parse_utc(row.booking.slot_start).value_or(day_start);
        const std::string time = collection.slot_hours(start);
        if (slots.empty() || slots.back()["time"] != time) slots.push_back({{"time", time}, {"rows", nlohmann::json::array()}});
        const config::LetterType* type = web.catalog.find(row.letter_type);
        auto status = domain::parse_request_status(row.status);
        const bool done = status == domain::RequestStatus::collected;
        const bool waiting = status == domain::RequestStatus::issued;
        slots.back()["rows"].push_back({{"queue", std::to_string(row.booking.queue_number)}, {"code", row.code},
                                        {"name", row.applicant_name}, {"type", type ? type->name : row.letter_type},
                                        {"status", status ? std::string(domain::describe_for_citizen(*status)) : row.status},
                                        {"done", done}, {"waiting", waiting}});
        ++total;
        if (done) ++collected;
    }
    for (auto& slot : slots) slot["count"] = std::to_string(slot["rows"].size()) + "/" + std::to_string(web.config.collection.slot_capacity);

    // Letters waiting at the office whose holder has not picked a slot (or has no WhatsApp).
    nlohmann::json unbooked = nlohmann::json::array();
    db::RequestFilter issued;
    issued.status = domain::RequestStatus::issued;
    for (const auto& r : store.requests.search(issued, 500)) {
        if (unbooked.size() >= kUnbookedShown) break;
        if (!collection.needs_collection(r) || store.bookings.find(r.id)) continue;
        const config::LetterType* type = web.catalog.find(r.letter_type);
        unbooked.push_back({{"code", r.code}, {"name", r.applicant_name}, {"type", type ? type->name : r.letter_type},
                            {"issued", r.issued_at ? local_time_text(*r.issued_at, offset) : ""}});
    }
    const LocalTime noon = to_local(local_to_utc(date, 12 * 60, offset), offset);
    web.page(res, "collection",
             {{"title", "Jadwal pengambilan"}, {"date", domain::to_iso(date)},
              {"date_text", collection.describe_day(date)}, {"prev", domain::to_iso(domain::add_days(date, -1))},
              {"next", domain::to_iso(domain::add_days(date, 1))}, {"closed", !collection.office().is_office_day(noon)},
              {"slots", slots}, {"total", std::to_string(total)}, {"collected", std::to_string(collected)},
              {"unbooked", unbooked}, {"flash", flash}},
             session);
}

}  // namespace

void register_collection_routes(http::SiteRoutes& server, Web& web) {
    server.Get("/pengambilan", [&web](const httplib::Request& req, httplib::Response& res) {
        web.guarded(req, res, kCounterStaff, [&](db::Store& store, const services::StaffSessionView& session) {
            show(web, store, session, req, res, "");
        });
    });
    server.Post(R"(/pengambilan/([A-Za-z0-9-]{1,24})/diambil)", [&web](const httplib::Request& req, httplib::Response& res) {
        web.guarded(req, res, kCounterStaff, [&](db::Store& store, const services::StaffSessionView& session) {
            auto request = store.requests.find_by_code(req.matches[1]);
            if (!request) return web.message(res, 404, "Tidak ditemukan", "Permohonan tidak ditemukan.", session, "/pengambilan");
            db::WriteTransaction tx(store.db());
            auto collected = services::CollectionService(store, web.config, web.catalog)
                                 .mark_collected_in_transaction(
                                     request->id, {domain::ActorKind::staff, session.user.username, session.user.full_name},
                                     web.clock.now());
            tx.commit();
            show(web, store, session, req, res,
                 collected ? "Surat " + request->code + " atas nama " + request->applicant_name + " ditandai sudah diambil."
                           : collected.error().message);
        });
    });
}

}  // namespace ekel::office
