#pragma once

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "backoffice/web/views.h"
#include "shared/config/config.h"
#include "shared/config/letter_types.h"
#include "shared/db/attachment_repository.h"
#include "shared/domain/staff.h"
#include "backoffice/letters/pades_verification.h"
#include "shared/services/letter_service.h"
#include "shared/services/staff_auth.h"
#include "shared/util/clock.h"

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib
namespace ekel::db {
class Store;
class StorePool;
}  // namespace ekel::db

namespace ekel::office {

/// What every back-office handler needs: configuration, the store pool, the clock, the views,
/// and the translation of HTTP into sessions, roles, CSRF checks and pages. Handlers stay thin:
/// they read the request, call a service, and answer with a page or a redirect.
class Web {
public:
    Web(const config::Config& config, const config::LetterCatalog& catalog, db::StorePool& stores, const Clock& clock,
        std::string letters_dir, services::LetterService::Renderer render, services::LetterSigners signers);

    const config::Config& config;
    const config::LetterCatalog& catalog;
    db::StorePool& stores;
    const Clock& clock;
    const Views views;
    const std::string letters_dir;
    services::LetterService::Renderer render;  ///< the PDF renderer (backoffice/letters)
    const services::LetterSigners signers;     ///< every [[signer]]'s electronic signer
    /// Checks signatures for the public verification page, trusting the signers' CAs and
    /// signing.trusted_certificates. Null on the city's own site, which hands verification to the
    /// kelurahan that issued the letter.
    const std::shared_ptr<const SignatureVerifier> verifier;

    /// Whether issuing asks the signer for a passphrase (BSrE), on the issue and batch pages.
    bool needs_passphrase() const;
    /// The letter service of this deployment over `store`.
    services::LetterService letters(db::Store& store) const;

    static constexpr const char* kSessionCookie = "ekel_session";
    /// Marks a browser a staff member has logged in from (see StaffAuth::login).
    static constexpr const char* kDeviceCookie = "ekel_device";

    /// The logged-in staff member, or nothing (the handler then redirects to /login).
    std::optional<services::StaffSessionView> session(const httplib::Request& req, db::Store& store) const;

    // Every route that reads input enters through guarded() or open(). Both refuse, with a 400
    // page naming the field, a query parameter, form field or multipart text field that is not
    // UTF-8, so no handler ever sees one. (0.11.4's pre-routing handler runs before the body is
    // read, so it cannot do this for forms.)

    /// Runs `handler` for a logged-in user whose role is one of `roles`; answers a redirect to
    /// /login, a 403 page (recorded in the audit trail) or, for POST, a 403 on a wrong CSRF token.
    template <typename Handler>
    void guarded(const httplib::Request& req, httplib::Response& res, std::initializer_list<domain::StaffRole> roles,
                 Handler&& handler);
    /// As guarded(), with the session only: the store is given back before `handler(session)`
    /// runs, for pages that read other sites' databases (a request never holds two pooled handles).
    template <typename Handler>
    void guarded_without_store(const httplib::Request& req, httplib::Response& res,
                               std::initializer_list<domain::StaffRole> roles, Handler&& handler);
    /// Runs `handler()` for a route anyone may use (login, letter verification).
    template <typename Handler>
    void open(const httplib::Request& req, httplib::Response& res, Handler&& handler) const;

    void page(httplib::Response& res, const std::string& name, nlohmann::json data,
              const std::optional<services::StaffSessionView>& session, int status = 200) const;
    void message(httplib::Response& res, int status, const std::string& heading, const std::string& text,
                 const std::optional<services::StaffSessionView>& session, const std::string& back = "/") const;
    /// The page that asks once more before something that cannot be undone (rejecting a request,
    /// revoking a letter): what happens, the reason given, a red button that posts to `action`
    /// again with konfirmasi=ya, and Batal back to `back`.
    void confirm(httplib::Response& res, const services::StaffSessionView& session, const std::string& heading,
                 const std::string& text, const std::string& action, const std::string& reason_field,
                 const std::string& reason, const std::string& button, const std::string& back) const;
    /// Whether a destructive form was confirmed on that page.
    static bool confirmed(const httplib::Request& req);
    static void redirect(httplib::Response& res, const std::string& location);
    /// The client's address: the peer's, or, when the peer is a trusted proxy, the nearest address
    /// in X-Forwarded-For that is not itself a trusted proxy.
    std::string address(const httplib::Request& req) const;
    /// The value of cookie `name` (exact name, RFC 6265 pairs), or "".
    static std::string cookie(const httplib::Request& req, std::string_view name);
    /// Role check helper for a single action inside a page.
    static bool has_role(const domain::StaffUser& user, std::initializer_list<domain::StaffRole> roles);

private:
    /// False, having answered 400, when a value or name in the request is not UTF-8.
    bool readable(const httplib::Request& req, httplib::Response& res,
                  const std::optional<services::StaffSessionView>& session) const;
    bool authorise(const httplib::Request& req, httplib::Response& res, db::Store& store,
                   std::initializer_list<domain::StaffRole> roles, std::optional<services::StaffSessionView>& session);
};

/// "Senin, 30 November 2026 pukul 08.00" style local time for pages.
std::string local_time_text(const std::string& utc, int utc_offset_minutes);
std::string_view role_label(domain::StaffRole role);
/// A form or query value with surrounding spaces removed; "" when absent.
std::string param(const httplib::Request& req, const std::string& name);
/// The [[signer]]s as options of a "Penanda tangan" select, `preset` selected.
nlohmann::json signer_options(const config::Config& config, const config::Signer* preset);
/// Attachments as the request and complaint pages list them (photos inline once downloaded).
nlohmann::json attachment_rows(const std::vector<db::Attachment>& attachments);

}  // namespace ekel::office

#include "backoffice/web/web_impl.h"
