#include <fmt/format.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "backoffice/web/routes.h"
#include "shared/http/site_routes.h"
#include "backoffice/web/web.h"
#include "shared/db/store.h"
#include "shared/db/write_transaction.h"
#include "shared/domain/phone.h"
#include "shared/services/complaint_service.h"
#include "shared/util/text.h"
#include "shared/util/time.h"

// Complaints (pengaduan, UU 25/2009): the list with overdue ones highlighted, walk-in complaints,
// and the staff's replies, which reach WhatsApp complainants on WhatsApp.

namespace ekel::office {

using domain::StaffRole;
using nlohmann::json;

namespace {

constexpr auto kComplaintStaff = {StaffRole::admin, StaffRole::operator_, StaffRole::lurah};

json options(const std::vector<std::string>& values, const std::string& selected,
             std::string (*label)(const std::string&)) {
    json out = json::array();
    for (const auto& v : values) out.push_back({{"value", v}, {"label", label(v)}, {"selected", v == selected}});
    return out;
}

const std::vector<std::string>& statuses() {
    static const std::vector<std::string> all = {"diterima", "diproses", "selesai"};
    return all;
}

bool is_late(const db::Complaint& c, const std::string& now) { return c.status != "selesai" && c.due_at < now; }

void show_complaint(Web& web, db::Store& store, const services::StaffSessionView& session, httplib::Response& res,
                    const db::Complaint& c, const std::vector<std::string>& errors, const std::string& flash) {
    const int offset = web.config.kelurahan.utc_offset_minutes;
    json replies = json::array();
    for (const auto& r : store.complaints.replies(c.id)) {
        replies.push_back({{"at", local_time_text(r.created_at, offset)}, {"staff", r.staff}, {"text", r.text}});
    }
    const json attachments = attachment_rows(store.attachments.for_complaint(c.id));
    web.page(res, "complaint",
             {{"title", "Aduan " + c.code}, {"code", c.code}, {"text", c.text},
              {"created", local_time_text(c.created_at, offset)},
              {"channel", c.channel == "whatsapp" ? "WhatsApp" : "loket"}, {"due", local_time_text(c.due_at, offset)},
              {"late", is_late(c, format_utc(web.clock.now()))}, {"status_label", services::complaint_status_label(c.status)},
              {"categories", options(services::complaint_categories(), c.category, services::complaint_category_label)},
              {"statuses", options(statuses(), c.status, services::complaint_status_label)}, {"replies", replies},
              {"attachments", attachments}, {"has_attachments", !attachments.empty()},
              {"errors", errors}, {"has_errors", !errors.empty()}, {"flash", flash}},
             session, errors.empty() ? 200 : 400);
}

}  // namespace

void register_complaint_routes(http::SiteRoutes& server, Web& web) {
    server.Get("/aduan", [&web](const httplib::Request& req, httplib::Response& res) {
        web.guarded(req, res, kComplaintStaff, [&](db::Store& store, const services::StaffSessionView& session) {
            const int offset = web.config.kelurahan.utc_offset_minutes;
            std::string status = param(req, "status");
            if (!status.empty() && std::find(statuses().begin(), statuses().end(), status) == statuses().end()) status.clear();
            const std::string now = format_utc(web.clock.now());
            json complaints = json::array();
            for (const auto& c : store.complaints.list(status, 100)) {
                complaints.push_back({{"code", c.code}, {"category", services::complaint_category_label(c.category)},
                                      {"text", truncate_utf8(c.text, 120)},
                                      {"status", services::complaint_status_label(c.status)},
                                      {"due", local_time_text(c.due_at, offset)}, {"late", is_late(c, now)}});
            }
            web.page(res, "complaints",
                     {{"title", "Aduan"}, {"complaints", complaints},
                      {"statuses", options(statuses(), status, services::complaint_status_label)},
                      {"categories", options(services::complaint_categories(), "", services::complaint_category_label)}},
                     session);
        });
    });

    server.Post("/aduan/baru", [&web](const httplib::Request& req, httplib::Response& res) {
        web.guarded(req, res, kComplaintStaff, [&](db::Store& store, const services::StaffSessionView& session) {
            const std::string text = param(req, "isi");
            const std::string category = param(req, "kategori");
            const std::string phone = param(req, "hp");
            const auto& categories = services::complaint_categories();
            std::string problem;
            if (text.size() < 5) problem = "Isi aduan: tuliskan aduannya (paling sedikit 5 huruf).";
            if (std::find(categories.begin(), categories.end(), category) == categories.end()) {
                problem = "Kategori: pilih dari daftar.";
            }
            std::optional<std::string> normalised;
            if (!phone.empty()) {
                auto checked = domain::normalize_phone(phone);
                if (!checked) problem = "Nomor WhatsApp: " + checked.error().message + ".";
                else normalised = checked.value();
            }
            if (!problem.empty()) return web.message(res, 400, "Aduan belum dicatat", problem, session, "/aduan");
            db::Complaint complaint;
            complaint.channel = "walk_in";
            complaint.category = category;
            complaint.text = text;
            complaint.sender_key = normalised.value_or("");
            db::WriteTransaction tx(store.db());
            complaint = services::file_complaint_in_transaction(store, web.config, web.clock.now(), complaint);
            tx.commit();
            Web::redirect(res, "/aduan/" + complaint.code);
        });
    });

    server.Get(R"(/aduan/([A-Za-z0-9-]{1,24}))", [&web](const httplib::Request& req, httplib::Response& res) {
        web.guarded(req, res, kComplaintStaff, [&](db::Store& store, const services::StaffSessionView& session) {
            auto c = store.complaints.find_by_code(to_upper_ascii(req.matches[1].str()));
            if (!c) return web.message(res, 404, "Tidak ditemukan", "Aduan itu tidak ada.", session, "/aduan");
            show_complaint(web, store, session, res, *c, {}, "");
        });
    });

    server.Post(R"(/aduan/([A-Za-z0-9-]{1,24}))", [&web](const httplib::Request& req, httplib::Response& res) {
        web.guarded(req, res, kComplaintStaff, [&](db::Store& store, const services::StaffSessionView& session) {
            auto c = store.complaints.find_by_code(to_upper_ascii(req.matches[1].str()));
            if (!c) return web.message(res, 404, "Tidak ditemukan", "Aduan itu tidak ada.", session, "/aduan");
            auto updated = services::respond_to_complaint(
                store, web.config, web.clock.now(), c->code, session.user.username,
                {param(req, "kategori"), param(req, "status"), param(req, "tanggapan")});
            if (!updated) return show_complaint(web, store, session, res, *c, {updated.error().message}, "");
            show_complaint(web, store, session, res, updated.value(), {}, "Aduan diperbarui.");
        });
    });
}

}  // namespace ekel::office
