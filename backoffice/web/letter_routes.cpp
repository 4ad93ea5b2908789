#include <fmt/format.h>
#include <httplib.h>

#include <fstream>
#include <map>
#include <sstream>

#include "backoffice/letters/letter_verification.h"
#include "backoffice/web/routes.h"
#include "shared/http/site_routes.h"
#include "backoffice/web/web.h"
#include "shared/db/store.h"
#include "shared/services/letter_service.h"
#include "shared/services/office_hours.h"
#include "shared/util/password.h"
#include "shared/services/requirement_checklist.h"
#include "shared/util/text.h"

namespace ekel::office {

using domain::StaffRole;

namespace {

/// "Ahmad Saputra" → "Ahmad S******": enough to match a printed letter, not to learn a name.
std::string mask_name(const std::string& name) {
    std::string out;
    std::size_t word = 0;
    bool word_start = true;
    for (char ch : name) {
        const auto c = static_cast<unsigned char>(ch);
        if (ch == ' ') {
            out += ' ';
            ++word;
            word_start = true;
            continue;
        }
        const bool continuation = (c & 0xC0) == 0x80;
        if (word == 0 || word_start || (continuation && out.back() != '*')) {
            out += ch;  // the first name whole, and the first letter of the others
            if (!continuation) word_start = false;
        } else if (!continuation) {
            out += '*';
        }
    }
    return out;
}

bool is_token(const std::string& text) {
    return text.size() == 32 && std::all_of(text.begin(), text.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

void not_found(Web& web, httplib::Response& res) {
    web.message(res, 404, "Surat tidak ditemukan",
                "Kode verifikasi ini tidak dikenal. Periksa kembali alamat yang Anda pindai.", std::nullopt, "/login");
}

/// The batch signing page: requests ready to sign (RT-approved, every mandatory requirement
/// ticked), oldest approval first, and the results of the batch just signed.
void show_sign_batch(Web& web, db::Store& store, const services::StaffSessionView& session, httplib::Response& res,
                     const nlohmann::json& results = nlohmann::json::array(), int issued_count = 0) {
    using nlohmann::json;
    json ready = json::array();
    for (const auto& r : store.requests.office_queue(200)) {
        if (ready.size() >= services::LetterService::kMaxBatch) break;
        if (!services::unticked_mandatory(store.requirements.for_request(r.id)).empty()) continue;
        const config::LetterType* type = web.catalog.find(r.letter_type);
        ready.push_back({{"code", r.code},
                         {"name", r.applicant_name},
                         {"type", type ? type->name : r.letter_type},
                         {"approved", r.rt_decided_at ? local_time_text(*r.rt_decided_at, web.config.kelurahan.utc_offset_minutes)
                                                      : ""}});
    }
    const json signers = signer_options(web.config, nullptr);
    web.page(res, "sign_batch",
             {{"title", "Tandatangani surat"},
              {"ready", ready},
              {"has_ready", !ready.empty()},
              {"signers", signers},
              {"choose_signer", signers.size() > 1},
              {"needs_passphrase", web.needs_passphrase()},
              {"results", results},
              {"has_results", !results.empty()},
              {"issued_count", issued_count},
              {"total", results.size()}},
             session);
}

}  // namespace

void register_letter_routes(http::SiteRoutes& server, Web& web) {
    server.Get("/surat/tandatangani", [&web](const httplib::Request& req, httplib::Response& res) {
        web.guarded(req, res, {StaffRole::lurah}, [&](db::Store& store, const services::StaffSessionView& session) {
            show_sign_batch(web, store, session, res);
        });
    });

    // One passphrase for every letter chosen; each letter is issued on its own, and a signing
    // failure stops the rest (LetterService::issue_many).
    server.Post("/surat/tandatangani", [&web](const httplib::Request& req, httplib::Response& res) {
        web.guarded(req, res, {StaffRole::lurah}, [&](db::Store& store, const services::StaffSessionView& session) {
            std::vector<std::int64_t> ids;
            std::map<std::int64_t, domain::Request> chosen;
            const auto count = req.get_param_value_count("permohonan");
            for (std::size_t i = 0; i < count && ids.size() < services::LetterService::kMaxBatch; ++i) {
                auto r = store.requests.find_by_code(req.get_param_value("permohonan", i));
                if (!r || chosen.count(r->id) > 0) continue;
                ids.push_back(r->id);
                chosen.emplace(r->id, std::move(*r));
            }
            if (ids.empty()) {
                return web.message(res, 400, "Belum ada yang dipilih",
                                   "Pilih minimal satu permohonan untuk ditandatangani.", session, "/surat/tandatangani");
            }
            const services::IssueOptions options{param(req, "penandatangan"), "", param(req, "passphrase")};
            nlohmann::json results = nlohmann::json::array();
            int issued = 0;
            for (const auto& result : web.letters(store).issue_many(ids, session.user, options)) {
                const domain::Request& r = chosen.at(result.request_id);
                if (result.letter) ++issued;
                results.push_back({{"code", r.code},
                                   {"name", r.applicant_name},
                                   {"issued", result.letter.has_value()},
                                   {"number", result.letter ? result.letter->number : ""},
                                   {"problem", result.problem}});
            }
            show_sign_batch(web, store, session, res, results, issued);
        });
    });

    server.Get(R"(/verifikasi/([^/]{1,64}))", [&web](const httplib::Request& req, httplib::Response& res) {
        web.open(req, res, [&] {
            const std::string token = req.matches[1];
            if (!is_token(token)) return not_found(web, res);
            auto store = web.stores.acquire();
            auto letter = store->letters.find_by_token(token);
            if (!letter) return not_found(web, res);
            const auto& k = web.config.kelurahan;
            const config::LetterType* type = web.catalog.find(letter->letter_type);
            nlohmann::json data = {{"title", "Verifikasi surat"},
                                   {"number", letter->number},
                                   {"type", type ? type->name : letter->letter_type},
                                   {"issued", local_time_text(letter->issued_at, k.utc_offset_minutes)},
                                   {"holder", mask_name(letter->holder_name)},
                                   {"kecamatan", k.kecamatan},
                                   {"kota", k.kota},
                                   {"sha256", letter->pdf_sha256},
                                   {"valid", !letter->revoked_at.has_value()},
                                   {"revoked", letter->revoked_at.has_value()}};
            if (letter->revoked_at) data["revoked_at"] = local_time_text(*letter->revoked_at, k.utc_offset_minutes);
            data["signer"] = letter->signer_name;
            data["signer_position"] = letter->signer_position;
            data["signed_at"] = local_time_text(letter->issued_at, k.utc_offset_minutes) + " " +
                                services::zone_abbreviation(k.utc_offset_minutes);
            const auto signature = verify_issued_letter(*web.verifier, *letter);
            data["signature_valid"] = signature && signature->status == SignatureVerdict::Status::valid;
            data["signature"] = signature ? describe_for_public(*signature)
                                          : "Berkas surat tidak ditemukan di server; tanda tangannya tidak dapat diperiksa.";
            web.page(res, "verify", data, std::nullopt);
        });
    });

    // Anyone may check a PDF they hold: is it byte for byte a letter we issued, and is its
    // signature valid. A plain form (no JavaScript); nothing is stored.
    server.Get("/verifikasi", [&web](const httplib::Request& req, httplib::Response& res) {
        web.open(req, res, [&] { web.page(res, "verify_upload", {{"title", "Periksa berkas surat"}}, std::nullopt); });
    });
    server.Post("/verifikasi/periksa", [&web](const httplib::Request& req, httplib::Response& res) {
        web.open(req, res, [&] {
            const std::string pdf = req.has_file("berkas") ? req.get_file_value("berkas").content : "";
            nlohmann::json data = {{"title", "Periksa berkas surat"}};
            if (pdf.empty()) {
                data["problem"] = "Pilih berkas PDF surat yang akan diperiksa.";
                return web.page(res, "verify_upload", data, std::nullopt, 400);
            }
            auto store = web.stores.acquire();
            const UploadedLetterCheck check = check_uploaded_letter(*store, *web.verifier, pdf);
            const auto& k = web.config.kelurahan;
            data["checked"] = true;
            data["identical"] = check.issued.has_value();
            data["signature_valid"] = check.signature.status == SignatureVerdict::Status::valid;
            data["signature"] = describe_for_public(check.signature);
            data["sha256"] = sha256_hex(pdf);
            if (check.issued) {
                const config::LetterType* type = web.catalog.find(check.issued->letter_type);
                data["number"] = check.issued->number;
                data["type"] = type ? type->name : check.issued->letter_type;
                data["issued"] = local_time_text(check.issued->issued_at, k.utc_offset_minutes);
                data["token"] = check.issued->verification_token;
                data["revoked"] = check.issued->revoked_at.has_value();
                if (check.issued->revoked_at) data["revoked_at"] = local_time_text(*check.issued->revoked_at, k.utc_offset_minutes);
            }
            web.page(res, "verify_upload", data, std::nullopt);
        });
    });

    server.Get(R"(/surat/([0-9a-f]{32})\.pdf)", [&web](const httplib::Request& req, httplib::Response& res) {
        web.guarded(req, res, {StaffRole::admin, StaffRole::operator_, StaffRole::lurah, StaffRole::rt},
                    [&](db::Store& store, const services::StaffSessionView& session) {
                        auto letter = store.letters.find_by_token(req.matches[1]);
                        auto request = letter ? store.requests.find_by_id(letter->request_id) : std::nullopt;
                        if (!letter || !request ||
                            (session.user.role == StaffRole::rt && session.user.rt_id != request->rt_id)) {
                            return web.message(res, 404, "Tidak ditemukan", "Surat itu tidak ada.", session);
                        }
                        std::ifstream in(letter->pdf_path, std::ios::binary);
                        std::stringstream bytes;
                        bytes << in.rdbuf();
                        if (!in) return web.message(res, 500, "Berkas hilang", "Berkas PDF surat ini tidak ditemukan.", session);
                        res.set_header("Content-Disposition",
                                       "attachment; filename=\"" + letter->letter_type + "-" + request->code + ".pdf\"");
                        res.set_content(bytes.str(), "application/pdf");
                    });
    });

    server.Post(R"(/surat/([0-9a-f]{32})/cabut)", [&web](const httplib::Request& req, httplib::Response& res) {
        web.guarded(req, res, {StaffRole::lurah, StaffRole::admin},
                    [&](db::Store& store, const services::StaffSessionView& session) {
                        auto letter = store.letters.find_by_token(req.matches[1]);
                        auto request = letter ? store.requests.find_by_id(letter->request_id) : std::nullopt;
                        if (!request) return web.message(res, 404, "Tidak ditemukan", "Surat itu tidak ada.", session);
                        const std::string reason = param(req, "alasan");
                        if (reason.size() >= 5 && !letter->revoked_at && !Web::confirmed(req)) {
                            return web.confirm(res, session, "Cabut surat " + letter->number + "?",
                                               "Surat ini tidak berlaku lagi sejak dicabut: halaman verifikasinya "
                                               "menyatakan DICABUT, dan pemohon diberi tahu alasannya. Pencabutan "
                                               "tidak dapat dibatalkan.",
                                               req.path, "alasan", reason, "Ya, cabut surat", "/permohonan/" + request->code);
                        }
                        services::LetterService letters = web.letters(store);
                        auto result = letters.revoke(req.matches[1], session.user, reason);
                        if (!result) {
                            return web.message(res, 400, "Belum dicabut", result.error().message, session,
                                               "/permohonan/" + request->code);
                        }
                        Web::redirect(res, "/permohonan/" + request->code);
                    });
    });
}

}  // namespace ekel::office
