#include "tests/support/office_client.h"

#include <httplib.h>

#include <doctest/doctest.h>

#include <regex>

#include "shared/db/store.h"
#include "shared/services/request_service.h"
#include "shared/services/requirement_checklist.h"
#include "shared/services/staff_service.h"

namespace ekel::test {

namespace {

OfficeClient::Page to_page(const httplib::Result& res) {
    OfficeClient::Page page;
    if (!res) return page;
    page.status = res->status;
    page.body = res->body;
    page.location = res->get_header_value("Location");
    page.content_type = res->get_header_value("Content-Type");
    page.security_policy = res->get_header_value("Content-Security-Policy");
    return page;
}

httplib::Headers request_headers(const OfficeClient& client, const std::string& cookies) {
    httplib::Headers out(client.extra_headers.begin(), client.extra_headers.end());
    if (!cookies.empty()) out.emplace("Cookie", cookies);
    return out;
}

}  // namespace

OfficeClient::OfficeClient(int port_in) : port(port_in) {}

bool OfficeClient::login(const std::string& username, const std::string& password) {
    httplib::Client client("127.0.0.1", port);
    auto res = client.Post("/login", request_headers(*this, device_cookie),
                           httplib::Params{{"username", username}, {"password", password}});
    last = to_page(res);
    if (!res || res->status != 303) return false;
    for (auto [at, end] = res->headers.equal_range("Set-Cookie"); at != end; ++at) {
        const std::string pair = at->second.substr(0, at->second.find(';'));
        if (pair.rfind("ekel_session=", 0) == 0) cookie = pair;
        if (pair.rfind("ekel_device=", 0) == 0) device_cookie = pair;
    }
    return cookie.size() > 20;
}

OfficeClient::Page OfficeClient::get(const std::string& path) {
    httplib::Client client("127.0.0.1", port);
    const httplib::Headers headers = request_headers(*this, cookie);
    last = to_page(client.Get(path.c_str(), headers));
    static const std::regex token(R"re(name="csrf" value="([0-9a-f]{64})")re");
    std::smatch m;
    if (std::regex_search(last.body, m, token)) csrf = m[1];
    return last;
}

OfficeClient::Page OfficeClient::post(const std::string& path, std::map<std::string, std::string> form) {
    return post_repeated(path, std::multimap<std::string, std::string>(form.begin(), form.end()));
}

OfficeClient::Page OfficeClient::post_repeated(const std::string& path, std::multimap<std::string, std::string> form) {
    httplib::Client client("127.0.0.1", port);
    const httplib::Headers headers = request_headers(*this, cookie);
    if (!form.count("csrf")) form.emplace("csrf", csrf);
    httplib::Params params(form.begin(), form.end());
    last = to_page(client.Post(path.c_str(), headers, params));
    return last;
}

OfficeClient::Page OfficeClient::upload(const std::string& path, std::map<std::string, std::string> fields,
                                       const std::string& file_field, const std::string& filename,
                                       const std::string& content, const std::string& content_type) {
    httplib::Client client("127.0.0.1", port);
    const httplib::Headers headers = request_headers(*this, cookie);
    if (!fields.count("csrf")) fields["csrf"] = csrf;
    httplib::MultipartFormDataItems items;
    for (const auto& [name, value] : fields) items.push_back({name, value, "", ""});
    items.push_back({file_field, content, filename, content_type});
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

OfficeFixture::OfficeFixture() {
    h.config.office.port = 0;
    db::Store store(h.config.database.target(), 5000);
    for (auto [username, role] : {std::pair{"lurah", "lurah"}, {"operator", "operator"}, {"admin", "admin"}}) {
        REQUIRE(services::add_staff_user(store, h.clock,
                                         {username, std::string("Petugas ") + username, role, std::nullopt, kPassword})
                    .has_value());
    }
    REQUIRE(services::add_staff_user(store, h.clock, {"rt2", "Budi Santoso", "rt", 2, kPassword}).has_value());
    office = std::make_unique<office::OfficeApp>(h.config, h.clock);
    port = office->start();
}

OfficeFixture::~OfficeFixture() { office->stop(); }

void OfficeFixture::restart_office() {
    office->stop();
    office.reset();  // one OfficeApp per database at a time
    office = std::make_unique<office::OfficeApp>(h.config, h.clock);
    port = office->start();
}

std::string OfficeFixture::approved_request(int rt_number, const std::string& name, const std::string& letter_type,
                                            bool checklist) {
    db::Store store(h.config.database.target(), 5000);
    services::RequestService requests(store, h.clock, h.config.kelurahan);
    services::NewRequest r;
    r.applicant_name = name;
    r.applicant_phone = "6281355500" + std::to_string(100 + rt_number);
    r.letter_type = letter_type;
    r.purpose = "melamar kerja";
    r.rt_id = store.rts.find_by_number(rt_number)->id;
    if (checklist) {
        const auto catalog = config::load_letter_types(h.config.letter_types_path);
        r.requirements = services::initial_checklist(*catalog.find(letter_type));
    }
    auto filed = requests.submit(r, {domain::ActorKind::citizen, r.applicant_phone});
    requests.change_status(filed.id, domain::RequestStatus::rt_approved, {domain::ActorKind::rt, "62811", "Ketua"}, "");
    return filed.code;
}

domain::Request OfficeFixture::request(const std::string& code) {
    db::Store store(h.config.database.target(), 5000);
    return *store.requests.find_by_code(code);
}

std::vector<db::StaffAuditEntry> OfficeFixture::audit() {
    db::Store store(h.config.database.target(), 5000);
    return store.audit.recent(50);
}

}  // namespace ekel::test
