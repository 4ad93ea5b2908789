#include "backoffice/web/web.h"

#include "backoffice/letters/letter_signers.h"

#include <fmt/format.h>
#include <httplib.h>

#include <algorithm>

#include "shared/db/store.h"
#include "shared/util/password.h"
#include "shared/util/text.h"
#include "shared/util/time.h"

namespace ekel::office {

namespace {

/// The name of the first query parameter, form field or multipart text field whose name or
/// value is not UTF-8, made showable; file contents are the importer's to judge.
std::optional<std::string> unreadable_field(const httplib::Request& req) {
    for (const auto& [name, value] : req.params) {
        if (!is_valid_utf8(name) || !is_valid_utf8(value)) return replace_invalid_utf8(name);
    }
    for (const auto& [name, part] : req.files) {
        const bool text_field = part.filename.empty();
        if (!is_valid_utf8(name) || (text_field && !is_valid_utf8(part.content))) {
            return replace_invalid_utf8(name);
        }
    }
    return std::nullopt;
}

/// The path of the page the form was on, which browsers send under Referrer-Policy same-origin;
/// the home page when there is none.
std::string back_link(const httplib::Request& req) {
    const std::string referer = req.get_header_value("Referer");
    const auto scheme = referer.find("://");
    if (scheme == std::string::npos || !is_valid_utf8(referer)) return "/";
    const auto path = referer.find('/', scheme + 3);
    return path == std::string::npos ? "/" : referer.substr(path);
}

}  // namespace

std::string_view role_label(domain::StaffRole role) {
    switch (role) {
        case domain::StaffRole::admin:
            return "admin";
        case domain::StaffRole::operator_:
            return "operator";
        case domain::StaffRole::lurah:
            return "lurah";
        case domain::StaffRole::camat:
            return "camat";
        case domain::StaffRole::kota:
            return "pemerintah kota";
        case domain::StaffRole::kota_admin:
            return "admin kota";
        case domain::StaffRole::rt:
            break;
    }
    return "ketua RT";
}

std::string local_time_text(const std::string& utc, int utc_offset_minutes) {
    auto at = parse_utc(utc);
    if (!at) return utc;
    LocalTime local = to_local(*at, utc_offset_minutes);
    return domain::to_indonesian_long(local.date) + fmt::format(" {:02d}.{:02d}", local.hour, local.minute);
}

Web::Web(const config::Config& config_in, const config::LetterCatalog& catalog_in, db::StorePool& stores_in,
         const Clock& clock_in, std::string letters_dir_in, services::LetterService::Renderer render_in,
         services::LetterSigners signers_in)
    : config(config_in),
      catalog(catalog_in),
      stores(stores_in),
      clock(clock_in),
      letters_dir(std::move(letters_dir_in)),
      render(std::move(render_in)),
      signers(std::move(signers_in)),
      // The city's own site signs nothing and hands verification to the kelurahan that issued the
      // letter, so it needs no certificate authority of its own.
      verifier(config.city_site ? nullptr
                                : std::make_shared<SignatureVerifier>(trusted_certificate_authorities(config, signers))) {}

nlohmann::json signer_options(const config::Config& config, const config::Signer* preset) {
    nlohmann::json options = nlohmann::json::array();
    for (const auto& signer : config.signers) {
        options.push_back({{"key", signer.key},
                           {"label", (signer.on_behalf ? "a.n. Lurah — " : "") + signer.position + " (" + signer.name + ")"},
                           {"selected", &signer == preset}});
    }
    return options;
}

bool Web::needs_passphrase() const {
    return std::any_of(signers.begin(), signers.end(), [](const auto& entry) { return entry.second->needs_passphrase(); });
}

services::LetterService Web::letters(db::Store& store) const {
    return services::LetterService(store, clock, config, catalog, render, signers, letters_dir);
}

std::optional<services::StaffSessionView> Web::session(const httplib::Request& req, db::Store& store) const {
    const std::string token = cookie(req, kSessionCookie);
    if (token.empty()) return std::nullopt;
    return services::StaffAuth(store, clock).session(token);
}

std::string Web::cookie(const httplib::Request& req, std::string_view name) {
    const std::string header = req.get_header_value("Cookie");
    std::string_view rest = header;
    while (!rest.empty()) {
        const std::size_t end = std::min(rest.find(';'), rest.size());
        const std::string_view pair = trim(rest.substr(0, end));
        rest.remove_prefix(std::min(end + 1, rest.size()));
        const std::size_t equals = pair.find('=');
        if (equals == std::string_view::npos || trim(pair.substr(0, equals)) != name) continue;
        return std::string(trim(pair.substr(equals + 1)));
    }
    return "";
}

std::string Web::address(const httplib::Request& req) const {
    const auto& proxies = config.office.trusted_proxies;
    const auto trusted = [&](std::string_view ip) {
        return std::find(proxies.begin(), proxies.end(), ip) != proxies.end();
    };
    if (!trusted(req.remote_addr)) return req.remote_addr;
    // Each proxy appends the address it received from; read from the right, past our proxies.
    const std::string forwarded = req.get_header_value("X-Forwarded-For");
    std::string_view rest = forwarded;
    while (!rest.empty()) {
        const std::size_t comma = rest.rfind(',');
        const std::string_view hop = trim(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(0, comma);
        if (hop.empty() || trusted(hop)) continue;
        return is_ip_address(hop) ? std::string(hop) : req.remote_addr;
    }
    return req.remote_addr;
}

bool Web::has_role(const domain::StaffUser& user, std::initializer_list<domain::StaffRole> roles) {
    return std::find(roles.begin(), roles.end(), user.role) != roles.end();
}

bool Web::readable(const httplib::Request& req, httplib::Response& res,
                   const std::optional<services::StaffSessionView>& current) const {
    const auto field = unreadable_field(req);
    if (!field) return true;
    message(res, 400, "Isian tidak dapat dibaca",
            "Isian «" + *field +
                "» berisi karakter yang tidak dapat dibaca (bukan UTF-8). "
                "Periksa isinya lalu kirim lagi.",
            current, back_link(req));
    return false;
}

bool Web::authorise(const httplib::Request& req, httplib::Response& res, db::Store& store,
                    std::initializer_list<domain::StaffRole> roles, std::optional<services::StaffSessionView>& current) {
    current = session(req, store);
    if (!current) {
        redirect(res, "/login");
        return false;
    }
    if (req.method == "POST") {
        // A file upload carries its fields as multipart parts, not as parameters.
        const std::string sent = req.has_param("csrf")  ? req.get_param_value("csrf")
                                 : req.has_file("csrf") ? req.get_file_value("csrf").content
                                                        : "";
        if (!constant_time_equal(sent, current->csrf_token)) {
            services::StaffAuth(store, clock).audit(current->user.username, "csrf_rejected", req.path, "", address(req));
            message(res, 403, "Permintaan ditolak",
                    "Formulir ini sudah kedaluwarsa atau tidak berasal dari halaman ini. Muat ulang halaman lalu coba lagi.",
                    current);
            return false;
        }
    }
    // Kelurahan accounts live in their kelurahan's database and city accounts in the city's, so
    // neither can appear on the other's site; refuse one anyway rather than trust that.
    if (domain::is_city_role(current->user.role) != config.city_site) {
        redirect(res, "/login");
        return false;
    }
    if (!has_role(current->user, roles)) {
        services::StaffAuth(store, clock).audit(current->user.username, "forbidden", req.method + " " + req.path, "",
                                                address(req));
        message(res, 403, "Tidak diizinkan", "Peran Anda tidak mengizinkan tindakan ini.", current);
        return false;
    }
    return true;
}

void Web::page(httplib::Response& res, const std::string& name, nlohmann::json data,
               const std::optional<services::StaffSessionView>& current, int status) const {
    data["kelurahan"] = config.kelurahan.name;
    data["site"] = (config.city_site ? "Kota " : "Kelurahan ") + config.kelurahan.name;
    if (current) {
        const domain::StaffUser& user = current->user;
        nlohmann::json shown = {{"name", user.full_name.empty() ? user.username : user.full_name},
                                {"role_label", std::string(role_label(user.role))},
                                {"csrf", current->csrf_token}};
        if (config.city_site) {
            shown["is_city"] = true;
            shown["is_kota_admin"] = user.role == domain::StaffRole::kota_admin;
        } else {
            shown["can_dashboard"] = user.role != domain::StaffRole::rt;
            shown["can_walk_in"] = has_role(user, {domain::StaffRole::operator_, domain::StaffRole::lurah});
            shown["is_admin"] = user.role == domain::StaffRole::admin;
            shown["can_sign"] = user.role == domain::StaffRole::lurah;
        }
        data["user"] = std::move(shown);
        data["csrf"] = current->csrf_token;
    }
    res.status = status;
    res.set_content(views.page(name, data), "text/html; charset=utf-8");
}

void Web::message(httplib::Response& res, int status, const std::string& heading, const std::string& text,
                  const std::optional<services::StaffSessionView>& current, const std::string& back) const {
    page(res, "message", {{"title", heading}, {"heading", heading}, {"text", text}, {"back", back}}, current, status);
}

void Web::confirm(httplib::Response& res, const services::StaffSessionView& session, const std::string& heading,
                  const std::string& text, const std::string& action, const std::string& reason_field,
                  const std::string& reason, const std::string& button, const std::string& back) const {
    page(res, "confirm",
         {{"title", heading}, {"heading", heading}, {"text", text}, {"action", action}, {"reason_field", reason_field},
          {"reason", reason}, {"button", button}, {"back", back}, {"csrf", session.csrf_token}},
         session);
}

bool Web::confirmed(const httplib::Request& req) {
    return req.has_param("konfirmasi") && req.get_param_value("konfirmasi") == "ya";
}

void Web::redirect(httplib::Response& res, const std::string& location) {
    res.status = 303;
    res.set_header("Location", location);
}

std::string param(const httplib::Request& req, const std::string& name) {
    return req.has_param(name) ? std::string(trim(req.get_param_value(name))) : "";
}

nlohmann::json attachment_rows(const std::vector<db::Attachment>& attachments) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& a : attachments) {
        const bool ready = a.status == "downloaded" && !a.path.empty();
        rows.push_back({{"id", std::to_string(a.id)},
                        {"name", a.filename.empty() ? (a.kind == "image" ? "foto" : "dokumen") : a.filename},
                        {"caption", a.caption},
                        {"image", ready && a.mime_type.rfind("image/", 0) == 0},
                        {"ready", ready},
                        {"status", ready ? "" : "belum diterima sistem"}});
    }
    return rows;
}

}  // namespace ekel::office
