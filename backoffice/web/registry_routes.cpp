#include <fmt/format.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "backoffice/web/routes.h"
#include "shared/http/site_routes.h"
#include "backoffice/web/web.h"
#include "shared/db/store.h"
#include "shared/db/write_transaction.h"
#include "shared/domain/phone.h"
#include "shared/services/registry_import.h"
#include "shared/util/masking.h"
#include "shared/util/text.h"
#include "shared/util/time.h"

// The registry: residents and RTs, searched and viewed by staff, edited and imported by admins.
// Every edit is in the staff audit trail with the fields it changed.

namespace ekel::office {

using domain::StaffRole;
using nlohmann::json;

namespace {

constexpr auto kRegistryReaders = {StaffRole::admin, StaffRole::operator_, StaffRole::lurah};
constexpr std::size_t kMaxImportBytes = 8u << 20;

std::optional<domain::Resident> resident_of(db::Store& store, const std::string& id) {
    if (!is_all_digits(id) || id.size() > 12) return std::nullopt;
    return store.residents.find_by_id(std::stoll(id));
}

void show_resident(Web& web, const services::StaffSessionView& session, httplib::Response& res,
                   const domain::Resident& r, const std::vector<std::string>& errors, const std::string& flash) {
    web.page(res, "resident",
             {{"title", r.full_name}, {"id", std::to_string(r.id)}, {"name", r.full_name}, {"nik", r.nik}, {"kk", r.kk},
              {"birth", r.birth_place + ", " + domain::to_indonesian_long(r.birth_date)}, {"address", r.address},
              {"rt", std::to_string(r.rt_number)}, {"occupation", r.occupation}, {"marital_status", r.marital_status},
              {"can_edit", session.user.role == StaffRole::admin}, {"errors", errors}, {"has_errors", !errors.empty()},
              {"flash", flash}},
             session, errors.empty() ? 200 : 400);
}

std::string rt_title(const domain::Rt& rt) { return fmt::format("RT {:03d}", rt.number); }

void show_rt(Web& web, const services::StaffSessionView& session, httplib::Response& res, const domain::Rt& rt,
             const std::vector<std::string>& errors, const std::string& flash) {
    web.page(res, "rt",
             {{"title", rt_title(rt)}, {"number", fmt::format("{:03d}", rt.number)}, {"rw", fmt::format("{:03d}", rt.rw_number)},
              {"head", rt.head_name}, {"head_phone", rt.head_phone}, {"deputy", rt.deputy_name},
              {"deputy_phone", rt.deputy_phone}, {"can_edit", session.user.role == StaffRole::admin}, {"errors", errors},
              {"has_errors", !errors.empty()}, {"flash", flash}},
             session, errors.empty() ? 200 : 400);
}

}  // namespace

void register_registry_routes(http::SiteRoutes& server, Web& web) {
    server.Get("/penduduk", [&web](const httplib::Request& req, httplib::Response& res) {
        web.guarded(req, res, kRegistryReaders, [&](db::Store& store, const services::StaffSessionView& session) {
            const std::string q = param(req, "q");
            std::vector<domain::Resident> found;
            if (is_all_digits(q) && q.size() == 16) {
                if (auto r = store.residents.find_by_nik(q)) found.push_back(*r);
            } else if (q.size() >= 2) {
                found = store.residents.search_by_name(q, 50);
            }
            json residents = json::array();
            for (const auto& r : found) {
                residents.push_back({{"id", std::to_string(r.id)}, {"name", r.full_name}, {"nik", r.nik}, {"kk", r.kk},
                                     {"address", fmt::format("{}, RT {:03d} RW {:03d}", r.address, r.rt_number,
                                                             r.rw_number)}});
            }
            json rts = json::array();
            for (const auto& rt : store.rts.list()) {
                rts.push_back({{"number", fmt::format("{:03d}", rt.number)}, {"rw", fmt::format("{:03d}", rt.rw_number)},
                               {"head", rt.head_name}, {"head_phone", rt.head_phone}, {"deputy", rt.deputy_name},
                               {"deputy_phone", rt.deputy_phone}});
            }
            web.page(res, "residents",
                     {{"title", "Data penduduk"}, {"q", q}, {"residents", residents}, {"rts", rts},
                      {"can_import", session.user.role == StaffRole::admin}},
                     session);
        });
    });

    server.Get(R"(/penduduk/(\d{1,12}))", [&web](const httplib::Request& req, httplib::Response& res) {
        web.guarded(req, res, kRegistryReaders, [&](db::Store& store, const services::StaffSessionView& session) {
            auto r = resident_of(store, req.matches[1]);
            if (!r) return web.message(res, 404, "Tidak ditemukan", "Warga itu tidak ada.", session, "/penduduk");
            show_resident(web, session, res, *r, {}, "");
        });
    });

    server.Post(R"(/penduduk/(\d{1,12}))", [&web](const httplib::Request& req, httplib::Response& res) {
        web.guarded(req, res, {StaffRole::admin}, [&](db::Store& store, const services::StaffSessionView& session) {
            auto r = resident_of(store, req.matches[1]);
            if (!r) return web.message(res, 404, "Tidak ditemukan", "Warga itu tidak ada.", session, "/penduduk");
            domain::Resident updated = *r;
            std::vector<std::string> errors;
            updated.full_name = param(req, "nama");
            updated.address = param(req, "alamat");
            updated.occupation = param(req, "pekerjaan");
            updated.marital_status = param(req, "status_kawin");
            if (updated.full_name.size() < 3 || updated.full_name.size() > 100) errors.push_back("Nama lengkap: isi 3 sampai 100 huruf.");
            if (updated.address.size() < 5) errors.push_back("Alamat: tulis jalan, gang dan nomor rumah.");
            if (updated.occupation.empty()) errors.push_back("Pekerjaan: tidak boleh kosong.");
            if (updated.marital_status.empty()) errors.push_back("Status perkawinan: tidak boleh kosong.");
            const std::string rt = param(req, "rt");
            auto found = is_all_digits(rt) && rt.size() <= 3 ? store.rts.find_by_number(std::stoi(rt)) : std::nullopt;
            if (!found) errors.push_back("Nomor RT: RT \"" + rt + "\" tidak ada di kelurahan ini.");
            if (!errors.empty()) return show_resident(web, session, res, updated, errors, "");
            updated.rt_id = found->id;

            std::vector<std::string> changed;
            if (updated.full_name != r->full_name) changed.push_back("nama");
            if (updated.address != r->address) changed.push_back("alamat");
            if (updated.rt_id != r->rt_id) changed.push_back(fmt::format("RT {} → {}", r->rt_number, found->number));
            if (updated.occupation != r->occupation) changed.push_back("pekerjaan");
            if (updated.marital_status != r->marital_status) changed.push_back("status perkawinan");
            const std::string now = format_utc(web.clock.now());
            db::WriteTransaction tx(store.db());
            store.residents.upsert(updated, now);
            db::StaffAuditEntry entry{0, now, session.user.username, "resident_updated", mask_nik(r->nik),
                                      changed.empty() ? "tidak ada perubahan" : fmt::format("{}", fmt::join(changed, ", ")),
                                      web.address(req)};
            store.audit.append(entry);
            tx.commit();
            show_resident(web, session, res, *store.residents.find_by_id(r->id), {}, "Perubahan disimpan.");
        });
    });

    server.Get(R"(/rt/(\d{1,3}))", [&web](const httplib::Request& req, httplib::Response& res) {
        web.guarded(req, res, kRegistryReaders, [&](db::Store& store, const services::StaffSessionView& session) {
            auto rt = store.rts.find_by_number(std::stoi(req.matches[1]));
            if (!rt) return web.message(res, 404, "Tidak ditemukan", "RT itu tidak ada.", session, "/penduduk");
            show_rt(web, session, res, *rt, {}, "");
        });
    });

    server.Post(R"(/rt/(\d{1,3}))", [&web](const httplib::Request& req, httplib::Response& res) {
        web.guarded(req, res, {StaffRole::admin}, [&](db::Store& store, const services::StaffSessionView& session) {
            auto rt = store.rts.find_by_number(std::stoi(req.matches[1]));
            if (!rt) return web.message(res, 404, "Tidak ditemukan", "RT itu tidak ada.", session, "/penduduk");
            domain::Rt updated = *rt;
            std::vector<std::string> errors;
            updated.head_name = param(req, "ketua");
            updated.deputy_name = param(req, "wakil");
            if (updated.head_name.size() < 3) errors.push_back("Nama Ketua RT: isi nama lengkap.");
            auto phone_of = [&](const std::string& key, const std::string& label, std::string& out) {
                const std::string typed = param(req, key);
                out.clear();
                if (typed.empty()) return;
                auto phone = domain::normalize_phone(typed);
                if (!phone) errors.push_back(label + ": " + phone.error().message + ".");
                else out = phone.value();
            };
            phone_of("hp_ketua", "WhatsApp Ketua RT", updated.head_phone);
            phone_of("hp_wakil", "WhatsApp Wakil", updated.deputy_phone);
            if (!updated.deputy_phone.empty() && updated.deputy_name.empty()) errors.push_back("Nama Wakil: isi bila nomornya diisi.");
            if (!errors.empty()) return show_rt(web, session, res, updated, errors, "");
            const std::string now = format_utc(web.clock.now());
            db::WriteTransaction tx(store.db());
            store.rts.upsert_rt(updated, now);
            db::StaffAuditEntry entry{0, now, session.user.username, "rt_updated", rt_title(*rt),
                                      fmt::format("ketua {} ({}), wakil {} ({})", updated.head_name,
                                                  mask_phone(updated.head_phone), updated.deputy_name,
                                                  mask_phone(updated.deputy_phone)),
                                      web.address(req)};
            store.audit.append(entry);
            tx.commit();
            show_rt(web, session, res, *store.rts.find_by_number(rt->number), {}, "Perubahan disimpan.");
        });
    });

    server.Get("/impor", [&web](const httplib::Request& req, httplib::Response& res) {
        web.guarded(req, res, {StaffRole::admin}, [&](db::Store&, const services::StaffSessionView& session) {
            web.page(res, "import", {{"title", "Impor CSV"}}, session);
        });
    });

    server.Post("/impor", [&web](const httplib::Request& req, httplib::Response& res) {
        web.guarded(req, res, {StaffRole::admin}, [&](db::Store& store, const services::StaffSessionView& session) {
            const std::string kind = req.has_file("jenis") ? std::string(trim(req.get_file_value("jenis").content)) : "";
            const std::string csv = req.has_file("berkas") ? req.get_file_value("berkas").content : "";
            std::vector<std::string> errors;
            if (kind != "penduduk" && kind != "rt") errors.push_back("Jenis data: pilih penduduk atau RT.");
            if (csv.empty()) errors.push_back("Berkas CSV: pilih berkas yang akan diimpor.");
            if (csv.size() > kMaxImportBytes) errors.push_back("Berkas CSV: terlalu besar (lebih dari 8 MB).");
            std::string done;
            std::string note;
            if (errors.empty()) {
                auto report = kind == "rt" ? services::import_rts(store, csv, web.clock)
                                           : services::import_residents(store, csv, web.clock);
                for (const auto& e : report.errors) errors.push_back(services::format_row_error(e));
                note = report.note;
                if (report.ok()) {
                    done = fmt::format("{} baris diimpor: {} baru, {} diperbarui, {} nomor HP ditambahkan.", report.rows,
                                       report.inserted, report.updated, report.phones_added);
                }
                services::StaffAuth(store, web.clock)
                    .audit(session.user.username, report.ok() ? "registry_imported" : "registry_import_refused", kind,
                           report.ok() ? done : fmt::format("{} baris bermasalah", report.errors.size()), web.address(req));
            }
            web.page(res, "import",
                     {{"title", "Impor CSV"}, {"note", note}, {"done", done}, {"errors", errors},
                      {"has_errors", !errors.empty()}},
                     session, errors.empty() ? 200 : 400);
        });
    });
}

}  // namespace ekel::office
