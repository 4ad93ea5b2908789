#pragma once

namespace ekel::http {
class SiteRoutes;
}

namespace ekel::office {

class Web;

void register_static_routes(http::SiteRoutes& server, Web& web);
/// GET/POST /login, POST /logout.
void register_auth_routes(http::SiteRoutes& server, Web& web);
/// GET / (dashboard).
void register_dashboard_routes(http::SiteRoutes& server, Web& web);
/// GET /permohonan (list), GET /permohonan/<kode> (detail), POST actions on a request.
void register_request_routes(http::SiteRoutes& server, Web& web);
/// GET /loket, GET/POST /loket/baru: requests filed at the desk.
void register_walk_in_routes(http::SiteRoutes& server, Web& web);
/// GET /penduduk, GET/POST /penduduk/<id>, GET/POST /impor: the registry.
void register_registry_routes(http::SiteRoutes& server, Web& web);
/// GET /aduan, POST /aduan/baru, GET/POST /aduan/<kode>: complaints.
void register_complaint_routes(http::SiteRoutes& server, Web& web);
/// GET/POST /pengumuman: announcements to WhatsApp subscribers.
void register_announcement_routes(http::SiteRoutes& server, Web& web);
/// GET /pengambilan: the day's collection schedule (letters collected at the office by slot).
void register_collection_routes(http::SiteRoutes& server, Web& web);
/// GET /laporan, GET /laporan/unduh: reports for the lurah, with CSV and XLSX export.
void register_report_routes(http::SiteRoutes& server, Web& web);
/// GET /status: the system's health for admins.
void register_status_routes(http::SiteRoutes& server, Web& web);
/// GET /surat/<token>.pdf, POST /surat/<token>/cabut, and the public GET /verifikasi/<token>.
void register_letter_routes(http::SiteRoutes& server, Web& web);

}  // namespace ekel::office
