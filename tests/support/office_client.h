#pragma once

#include <map>
#include <string>

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
    };

    /// POST /login; true on the redirect that sets the session cookie.
    bool login(const std::string& username, const std::string& password);
    Page get(const std::string& path);
    /// POSTs a form; adds csrf=<token of the last page> unless the form has one.
    Page post(const std::string& path, std::map<std::string, std::string> form = {});
    /// POSTs multipart/form-data with one file part and the CSRF token as a part.
    Page upload(const std::string& path, std::map<std::string, std::string> fields, const std::string& file_field,
                const std::string& filename, const std::string& content);

    int port;
    std::string cookie;  ///< "ekel_session=…" or empty
    std::string csrf;    ///< from the last page that had a form
    Page last;
};

/// The visible text of an HTML page (tags removed, whitespace collapsed), for assertions.
std::string page_text(const std::string& html);

}  // namespace ekel::test
