#include "tests/support/office_client.h"

#include <httplib.h>

#include <regex>

namespace ekel::test {

namespace {

OfficeClient::Page to_page(const httplib::Result& res) {
    OfficeClient::Page page;
    if (!res) return page;
    page.status = res->status;
    page.body = res->body;
    page.location = res->get_header_value("Location");
    page.content_type = res->get_header_value("Content-Type");
    return page;
}

}  // namespace

OfficeClient::OfficeClient(int port_in) : port(port_in) {}

bool OfficeClient::login(const std::string& username, const std::string& password) {
    httplib::Client client("127.0.0.1", port);
    auto res = client.Post("/login", httplib::Params{{"username", username}, {"password", password}});
    last = to_page(res);
    if (!res || res->status != 303) return false;
    const std::string set = res->get_header_value("Set-Cookie");
    cookie = set.substr(0, set.find(';'));
    return cookie.size() > 20;
}

OfficeClient::Page OfficeClient::get(const std::string& path) {
    httplib::Client client("127.0.0.1", port);
    httplib::Headers headers;
    if (!cookie.empty()) headers.emplace("Cookie", cookie);
    last = to_page(client.Get(path.c_str(), headers));
    static const std::regex token(R"re(name="csrf" value="([0-9a-f]{64})")re");
    std::smatch m;
    if (std::regex_search(last.body, m, token)) csrf = m[1];
    return last;
}

OfficeClient::Page OfficeClient::post(const std::string& path, std::map<std::string, std::string> form) {
    httplib::Client client("127.0.0.1", port);
    httplib::Headers headers;
    if (!cookie.empty()) headers.emplace("Cookie", cookie);
    if (!form.count("csrf")) form["csrf"] = csrf;
    httplib::Params params(form.begin(), form.end());
    last = to_page(client.Post(path.c_str(), headers, params));
    return last;
}

OfficeClient::Page OfficeClient::upload(const std::string& path, std::map<std::string, std::string> fields,
                                       const std::string& file_field, const std::string& filename,
                                       const std::string& content) {
    httplib::Client client("127.0.0.1", port);
    httplib::Headers headers;
    if (!cookie.empty()) headers.emplace("Cookie", cookie);
    if (!fields.count("csrf")) fields["csrf"] = csrf;
    httplib::MultipartFormDataItems items;
    for (const auto& [name, value] : fields) items.push_back({name, value, "", ""});
    items.push_back({file_field, content, filename, "text/csv"});
    last = to_page(client.Post(path.c_str(), headers, items));
    return last;
}

std::string page_text(const std::string& html) {
    std::string text;
    bool in_tag = false;
    for (char c : html) {
        if (c == '<') in_tag = true;
        if (!in_tag) {
            bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
            if (!space || (!text.empty() && text.back() != ' ')) text += space ? ' ' : c;
        }
        if (c == '>') {
            in_tag = false;
            if (!text.empty() && text.back() != ' ') text += ' ';
        }
    }
    // The entities our pages use, so assertions can be written as people read the page.
    for (auto [entity, plain] : {std::pair{"&quot;", "\""}, {"&#39;", "'"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&amp;", "&"}}) {
        for (std::size_t at = text.find(entity); at != std::string::npos; at = text.find(entity, at + 1)) {
            text.replace(at, std::string(entity).size(), plain);
        }
    }
    return text;
}

}  // namespace ekel::test
