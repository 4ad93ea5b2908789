#include <fmt/format.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "backoffice/web/routes.h"
#include "shared/http/site_routes.h"
#include "backoffice/web/web.h"
#include "shared/db/store.h"
#include "shared/db/write_transaction.h"
#include "shared/domain/date.h"
#include "shared/domain/nik.h"
#include "shared/domain/phone.h"
#include "shared/services/letter_fields.h"
#include "shared/services/newcomer_fields.h"
#include "shared/services/request_service.h"
#include "shared/services/requirement_checklist.h"
#include "shared/services/rt_review.h"
#include "shared/util/text.h"
#include "shared/util/time.h"

// The desk (loket): staff file a request for a citizen who came in person, has no WhatsApp, or
// cannot use it today. Same numbering, audit trail and RT step as WhatsApp; a paper RT cover
// letter can stand in for the RT's approval, with a recorded note.

namespace ekel::office {

using domain::StaffRole;
using nlohmann::json;

namespace {

constexpr auto kDeskStaff = {StaffRole::operator_, StaffRole::lurah};

/// A newcomer's identity typed at the desk, checked as the bot checks it on WhatsApp: a valid
/// NIK not in the registry, the birth date it codes, the birth place and the origin address.
services::NewcomerFields desk_newcomer(Web& web, db::Store& store, const httplib::Request& req,
                                       std::vector<std::string>& errors) {
    services::NewcomerFields n;
    n.address = truncate_utf8(std::string(trim(param(req, "alamat"))), 200);
    n.origin_address = truncate_utf8(std::string(trim(param(req, "alamat_asal"))), 200);
    n.birth_place = std::string(trim(param(req, "tempat_lahir")));
    n.nik = std::string(trim(param(req, "nik")));
    auto nik = domain::parse_nik(n.nik);
    if (!nik) {
        errors.push_back("NIK: " + nik.error().message + ".");
    } else if (store.residents.find_by_nik(n.nik)) {
        errors.push_back("NIK: sudah terdaftar sebagai warga; cari namanya di halaman loket.");
    }
    const auto born = domain::parse_date(trim(param(req, "tgl_lahir")));
    if (!born) {
        errors.push_back("Tanggal lahir: tulis seperti 17-08-1990.");
    } else if (*born > to_local(web.clock.now(), web.config.kelurahan.utc_offset_minutes).date) {
        errors.push_back("Tanggal lahir: tidak boleh sesudah hari ini.");
    } else if (nik && !domain::nik_matches_birth_date(nik.value(), *born)) {
        errors.push_back("Tanggal lahir: tidak sesuai dengan NIK; periksa kembali KTP-nya.");
    } else {
        n.birth_date = domain::to_iso(*born);
    }
    if (n.birth_place.size() < 3 || n.birth_place.size() > 50) {
        errors.push_back("Tempat lahir: tulis nama kota atau kabupaten (3 sampai 50 huruf).");
    }
    if (n.origin_address.size() < 10) {
        errors.push_back("Alamat asal: tulis jalan atau desa, kelurahan, dan kota atau kabupaten asal.");
    }
    return n;
}

json type_options(const config::LetterCatalog& catalog, const std::string& selected) {
    json types = json::array();
    for (const auto& t : catalog.types) types.push_back({{"value", t.code}, {"label", t.name}, {"selected", t.code == selected}});
    return types;
}

json resident_json(const domain::Resident& r) {
    return {{"id", std::to_string(r.id)},
            {"name", r.full_name},
            {"nik", r.nik},
            {"address", fmt::format("{}, RT {:03d} RW {:03d}", r.address, r.rt_number, r.rw_number)}};
}

/// The form for one letter type, with what was typed and the problems found.
void show_form(Web& web, db::Store& store, const services::StaffSessionView& session, const httplib::Request& req,
               httplib::Response& res, const config::LetterType& type, const std::vector<std::string>& errors) {
    json data = {{"title", "Loket: " + type.name}, {"type", type.code}, {"type_name", type.name},
                 {"keperluan", param(req, "keperluan")}, {"hp", param(req, "hp")},
                 {"rt_kertas", param(req, "rt_kertas") == "1"}, {"alasan_rt", param(req, "alasan_rt")},
                 {"errors", errors}, {"has_errors", !errors.empty()}};
    const std::string resident_id = param(req, "penduduk");
    if (is_all_digits(resident_id) && resident_id.size() < 12) {
        if (auto r = store.residents.find_by_id(std::stoll(resident_id))) data["resident"] = resident_json(*r);
    }
    if (!data.contains("resident")) {
        data["newcomer"] = {{"nama", param(req, "nama")},
                            {"nik", param(req, "nik")},
                            {"tempat_lahir", param(req, "tempat_lahir")},
                            {"tgl_lahir", param(req, "tgl_lahir")},
                            {"alamat", param(req, "alamat")},
                            {"rt", param(req, "rt")},
                            {"alamat_asal", param(req, "alamat_asal")}};
    }
    json fields = json::array();
    for (const auto& field : type.fields) {
        const std::string typed = param(req, "f_" + field.key);
        json choices = json::array();
        for (const auto& choice : field.choices) choices.push_back({{"text", choice}, {"selected", choice == typed}});
        fields.push_back({{"key", field.key}, {"label", field.label}, {"value", typed},
                          {"has_choices", !field.choices.empty()}, {"choices", choices},
                          {"hint", field.kind == config::FieldKind::date ? "contoh: 17-08-2026" : ""}});
    }
    data["fields"] = fields;
    json requirements = json::array();
    for (std::size_t i = 0; i < type.requirements.size(); ++i) {
        const auto& requirement = type.requirements[i];
        requirements.push_back({{"position", std::to_string(i)}, {"text", requirement.text},
                                {"mandatory", requirement.mandatory},
                                {"checked", param(req, "syarat_" + std::to_string(i)) == "1"}});
    }
    data["requirements"] = requirements;
    web.page(res, "walk_in_form", data, session, errors.empty() ? 200 : 400);
}

}  // namespace

void register_walk_in_routes(http::SiteRoutes& server, Web& web) {
    server.Get("/loket", [&web](const httplib::Request& req, httplib::Response& res) {
        web.guarded(req, res, kDeskStaff, [&](db::Store& store, const services::StaffSessionView& session) {
            const std::string q = param(req, "q");
            std::string type = param(req, "jenis");
            if (!web.catalog.find(type)) type = web.catalog.types.front().code;
            json residents = json::array();
            if (is_all_digits(q) && q.size() == 16) {
                if (auto r = store.residents.find_by_nik(q)) residents.push_back(resident_json(*r));
            } else if (q.size() >= 2) {
                for (const auto& r : store.residents.search_by_name(q, 20)) residents.push_back(resident_json(r));
            }
            for (auto& r : residents) r["type"] = type;
            web.page(res, "walk_in",
                     {{"title", "Loket"}, {"q", q}, {"type", type}, {"types", type_options(web.catalog, type)},
                      {"searched", !q.empty()}, {"residents", residents}},
                     session);
        });
    });

    server.Get("/loket/baru", [&web](const httplib::Request& req, httplib::Response& res) {
        web.guarded(req, res, kDeskStaff, [&](db::Store& store, const services::StaffSessionView& session) {
            const config::LetterType* type = web.catalog.find(param(req, "jenis"));
            if (!type) return web.message(res, 400, "Jenis surat tidak dikenal", "Pilih jenis surat dari daftar.", session, "/loket");
            show_form(web, store, session, req, res, *type, {});
        });
    });

    server.Post("/loket/baru", [&web](const httplib::Request& req, httplib::Response& res) {
        web.guarded(req, res, kDeskStaff, [&](db::Store& store, const services::StaffSessionView& session) {
            const config::LetterType* type = web.catalog.find(param(req, "jenis"));
            if (!type) return web.message(res, 400, "Jenis surat tidak dikenal", "Pilih jenis surat dari daftar.", session, "/loket");
            std::vector<std::string> errors;
            services::NewRequest input;
            input.letter_type = type->code;
            input.channel = domain::Channel::walk_in;
            json fields = json::object();

            const std::string resident_id = param(req, "penduduk");
            if (!resident_id.empty()) {
                auto resident = is_all_digits(resident_id) && resident_id.size() < 12
                                    ? store.residents.find_by_id(std::stoll(resident_id))
                                    : std::nullopt;
                if (!resident) {
                    errors.push_back("Warga: data warga tidak ditemukan; cari ulang di halaman loket.");
                } else {
                    input.resident_id = resident->id;
                    input.applicant_name = resident->full_name;
                    input.rt_id = resident->rt_id;
                }
            } else {
                const std::string name = param(req, "nama");
                const std::string address = param(req, "alamat");
                const std::string rt = param(req, "rt");
                if (name.size() < 3 || name.size() > 100) errors.push_back("Nama lengkap: isi 3 sampai 100 huruf.");
                if (address.size() < 5) errors.push_back("Alamat: tulis jalan, gang dan nomor rumah.");
                auto found = is_all_digits(rt) && rt.size() <= 3 ? store.rts.find_by_number(std::stoi(rt)) : std::nullopt;
                if (!found) errors.push_back("Nomor RT: RT \"" + rt + "\" tidak ada di kelurahan ini.");
                input.applicant_name = name;
                input.rt_id = found ? found->id : 0;
                services::write_newcomer_fields(desk_newcomer(web, store, req, errors), fields);
            }
            // What staff type goes on the letter in the same official form as a citizen's text;
            // what they typed is kept beside it when that differs.
            services::TypedText typed_text;
            for (const auto& field : type->fields) {
                const std::string typed = param(req, "f_" + field.key);
                if (typed.empty() && !field.required) continue;
                auto checked = services::official_field_answer(field, typed, web.catalog.words);
                if (checked) {
                    fields[field.key] = checked.value();
                    if (field.kind == config::FieldKind::text && trim(typed) != checked.value()) {
                        typed_text.fields[field.key] = std::string(trim(typed));
                    }
                } else {
                    errors.push_back(field.label + ": " + checked.error().message);
                }
            }
            const std::string typed_purpose = truncate_utf8(std::string(trim(param(req, "keperluan"))), services::kMaxPurposeBytes);
            input.purpose = services::official_purpose(typed_purpose, web.catalog.words);
            if (input.purpose.size() < 3) errors.push_back("Keperluan: tuliskan untuk apa surat ini.");
            if (input.purpose != typed_purpose) typed_text.purpose = typed_purpose;
            input.original_text_json = typed_text.to_json();
            const std::string phone = param(req, "hp");
            if (!phone.empty()) {
                auto normalised = domain::normalize_phone(phone);
                if (!normalised) errors.push_back("Nomor WhatsApp: " + normalised.error().message + ".");
                else input.applicant_phone = normalised.value();
            }
            const bool paper = param(req, "rt_kertas") == "1";
            const std::string paper_note = param(req, "alasan_rt");
            if (paper && paper_note.size() < 5) {
                errors.push_back("Keterangan pengantar kertas: tulis nama Ketua RT dan tanggal pengantarnya.");
            }
            if (!errors.empty()) return show_form(web, store, session, req, res, *type, errors);

            input.fields_json = fields.dump();
            // At the desk the citizen has the papers in hand: the documents are at the office (an
            // optional one not ticked is not had), and what staff checked is ticked in their name.
            std::map<int, services::RequirementAnswer> answers;
            std::vector<int> checked;
            for (std::size_t i = 0; i < type->requirements.size(); ++i) {
                const int position = static_cast<int>(i);
                const bool seen = param(req, "syarat_" + std::to_string(i)) == "1";
                if (seen) checked.push_back(position);
                answers[position] = {seen || type->requirements[i].mandatory ? domain::RequirementState::at_office
                                                                             : domain::RequirementState::skipped,
                                     std::nullopt};
            }
            input.requirements = services::initial_checklist(*type, answers);
            const domain::Actor staff{domain::ActorKind::staff, session.user.username, session.user.full_name};
            db::WriteTransaction tx(store.db());
            services::RequestService requests(store, web.clock, web.config.kelurahan);
            domain::Request request = requests.submit_in_transaction(input, staff);
            services::RequirementService ticks(store, web.clock);
            for (int position : checked) ticks.set_ticked_in_transaction(request.id, position, true, session.user);
            if (paper) {
                requests.change_status_in_transaction(request.id, domain::RequestStatus::rt_approved, staff,
                                                      "pengantar RT kertas: " + paper_note);
            } else {
                services::RtReview(store, web.clock, web.config, web.catalog).notify_submitted(request);
            }
            if (!input.applicant_phone.empty()) {
                store.outbox.enqueue(
                    messaging::message_to(input.applicant_phone, messaging::OutboundKind::text,
                                          fmt::format("Permohonan {} Anda sudah dicatat di loket Kelurahan {} dengan "
                                                      "kode *{}*. Cek kapan saja dengan membalas *status {}*.",
                                                      type->name, web.config.kelurahan.name, request.code, request.code)),
                    request.id, format_utc(web.clock.now()));
            }
            tx.commit();
            Web::redirect(res, "/permohonan/" + request.code);
        });
    });
}

}  // namespace ekel::office
