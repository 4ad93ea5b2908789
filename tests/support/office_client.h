#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "backoffice/office_app.h"
#include "shared/db/staff_audit_repository.h"
#include "shared/domain/request.h"
#include "tests/support/chat_phone.h"

namespace ekel::test {

/// A browser-like HTTP client for ekel-office on loopback: keeps the session cookie and sends the
/// CSRF token of the last page it saw with every form.
struct OfficeClient {
    explicit OfficeClient(int port);

    struct Page {
        int status = 0;
        std::string body;
        std::string location;
        std::string content_type;
        std::string security_policy;  ///< the Content-Security-Policy header
    };

    /// POST /login; true on the redirect that sets the session cookie.
    bool login(const std::string& username, const std::string& password);
    Page get(const std::string& path);
    /// POSTs a form; adds csrf=<token of the last page> unless the form has one.
    Page post(const std::string& path, std::map<std::string, std::string> form = {});
    /// The same with names that repeat, as several ticked check boxes send.
    Page post_repeated(const std::string& path, std::multimap<std::string, std::string> form);
    /// POSTs multipart/form-data with one file part and the CSRF token as a part.
    Page upload(const std::string& path, std::map<std::string, std::string> fields, const std::string& file_field,
                const std::string& filename, const std::string& content,
                const std::string& content_type = "text/csv");

    int port;
    std::string cookie;         ///< "ekel_session=…" or empty
    std::string device_cookie;  ///< "ekel_device=…" once logged in; sent with every login
    std::map<std::string, std::string> extra_headers;  ///< sent with every request
    std::string csrf;    ///< from the last page that had a form
    Page last;
};

/// Password of the staff accounts OfficeFixture creates.
constexpr const char* kPassword = "kata-sandi-uji-1";

/// The real bot (ConversationFixture: fake Graph API, registry of RT 1–3) plus ekel-office on a
/// loopback port over the same database, with accounts lurah, operator, admin and rt2 (RT 2).
struct OfficeFixture : ConversationFixture {
    OfficeFixture();
    ~OfficeFixture();
    /// A request of `rt_number` already approved by the RT (as on WhatsApp); returns its code.
    /// With `checklist`, filed as the bot files it: the catalogue's requirements, documents
    /// brought to the office, the RT's approval ticked by the approval.
    std::string approved_request(int rt_number, const std::string& name, const std::string& letter_type = "domisili",
                                 bool checklist = false);
    domain::Request request(const std::string& code);
    /// Starts ekel-office again with h.config as the test has changed it (e.g. [signing]).
    void restart_office();
    /// The staff audit trail, newest first.
    std::vector<db::StaffAuditEntry> audit();

    std::unique_ptr<office::OfficeApp> office;
    int port = 0;
};

/// The visible text of an HTML page (tags removed, whitespace collapsed), for assertions.
std::string page_text(const std::string& html);

}  // namespace ekel::test
