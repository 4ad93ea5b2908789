#include <fmt/format.h>
#include <httplib.h>

#include <fstream>
#include <sstream>

#include "backoffice/web/routes.h"
#include "backoffice/web/web.h"
#include "shared/db/store.h"
#include "shared/services/letter_service.h"
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

}  // namespace

void register_letter_routes(httplib::Server& server, Web& web) {
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
            web.page(res, "verify", data, std::nullopt);
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
                        services::LetterService letters(store, web.clock, web.config, web.catalog, web.render,
                                                        web.letters_dir);
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
