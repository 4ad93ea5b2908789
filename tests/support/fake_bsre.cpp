#include "tests/support/fake_bsre.h"

#include <httplib.h>
#include <nlohmann/json.hpp>
#include <signal.h>

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <ctime>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>
#include <utility>

#include "shared/http/server.h"

namespace ekel::test {

namespace {

using nlohmann::json;

constexpr const char* kSignPath = "/api/v2/sign/pdf";
constexpr std::size_t kMaxBodyBytes = 64u * 1024 * 1024;
constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Spring Boot's timestamp: "2026-12-04T05:18:49.000+00:00".
std::string spring_timestamp() {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S.000+00:00", &utc);
    return text;
}

/// The body Spring Boot's default error controller writes.
void spring_error(httplib::Response& res, int status, const std::string& error,
                  const std::string& path, const std::string& message = "") {
    json body = {
        {"timestamp", spring_timestamp()}, {"status", status}, {"error", error}, {"path", path}};
    if (!message.empty()) body["message"] = message;
    res.status = status;
    res.set_content(body.dump(), "application/json");
}

/// The Esign Client Service's own error shape (esign.md §4.3).
void esign_error(httplib::Response& res, int status, int status_code, const std::string& error,
                 const std::string& state = "") {
    json body = {{"error", error}, {"status_code", status_code}};
    if (!state.empty()) body["status"] = state;
    res.status = status;
    res.set_content(body.dump(), "application/json");
}

/// httplib 0.11.4 sends without MSG_NOSIGNAL; an answer to a client that gave up must not kill the
/// tests.
void block_sigpipe_on_this_thread() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

bool is_nik(const std::string& text) {
    return text.size() == 16 &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool non_empty_string(const json& body, const char* key) {
    auto found = body.find(key);
    return found != body.end() && found->is_string() &&
           !found->get_ref<const std::string&>().empty();
}

struct Account {
    std::string passphrase;
    std::shared_ptr<const office::SigningKey> key;
    FakeBsre::Certificate certificate = FakeBsre::Certificate::valid;
};

struct Scripted {
    std::chrono::milliseconds delay{0};
    bool answer = false;
    int status = 0;
    std::string body;
    std::string content_type;
};

/// The checks of step 4 (see the header): what the service would refuse with 400.
std::vector<std::string> shape_errors(const json& body) {
    std::vector<std::string> errors;
    if (!body.is_object()) return {"(body): must be a JSON object"};
    static const std::set<std::string> top_keys = {
        "nik", "email", "passphrase", "totp", "signatureProperties", "file"};
    for (const auto& item : body.items()) {
        if (!top_keys.contains(item.key())) errors.push_back(item.key() + ": unexpected key");
    }
    const bool has_nik = body.contains("nik");
    const bool has_email = body.contains("email");
    if (has_nik == has_email) errors.push_back("nik: exactly one of nik and email is required");
    if (has_nik && (!body["nik"].is_string() || !is_nik(body["nik"].get<std::string>()))) {
        errors.push_back("nik: must be a string of 16 digits");
    }
    if (has_email && !non_empty_string(body, "email"))
        errors.push_back("email: must be a non-empty string");
    for (const char* key : {"passphrase", "totp"}) {
        if (body.contains(key) && !body[key].is_string())
            errors.push_back(std::string(key) + ": must be a string");
    }
    if (non_empty_string(body, "passphrase") == non_empty_string(body, "totp")) {
        errors.push_back("passphrase: exactly one of passphrase and totp must be non-empty");
    }

    static const std::set<std::string> property_keys = {
        "tampilan", "imageBase64", "page",     "originX", "originY",    "width",
        "height",   "tag",         "location", "reason",  "contactInfo"};
    auto properties = body.find("signatureProperties");
    if (properties == body.end() || !properties->is_array() || properties->empty()) {
        errors.push_back("signatureProperties: must be a non-empty array");
    } else {
        for (std::size_t i = 0; i < properties->size(); ++i) {
            const json& p = (*properties)[i];
            const std::string where = "signatureProperties[" + std::to_string(i) + "]";
            if (!p.is_object()) {
                errors.push_back(where + ": must be an object");
                continue;
            }
            for (const auto& item : p.items()) {
                if (!property_keys.contains(item.key()))
                    errors.push_back(where + "." + item.key() + ": unexpected key");
            }
            const json* tampilan = p.contains("tampilan") ? &p["tampilan"] : nullptr;
            if (tampilan == nullptr || (*tampilan != "VISIBLE" && *tampilan != "INVISIBLE")) {
                errors.push_back(where + ".tampilan: must be \"VISIBLE\" or \"INVISIBLE\"");
            } else if (*tampilan == "VISIBLE" && !non_empty_string(p, "imageBase64")) {
                errors.push_back(where + ".imageBase64: required for a VISIBLE signature");
            }
            for (const char* key : {"reason", "location", "contactInfo", "tag", "imageBase64"}) {
                if (p.contains(key) && !p[key].is_string())
                    errors.push_back(where + "." + key + ": must be a string");
            }
        }
    }

    auto file = body.find("file");
    if (file == body.end() || !file->is_array() || file->size() != 1) {
        errors.push_back("file: must be an array of exactly one base64 string");
    } else if (!(*file)[0].is_string() ||
               !base64_decode((*file)[0].get_ref<const std::string&>())) {
        errors.push_back("file[0]: must be a base64 string");
    }
    return errors;
}

}  // namespace

std::string base64_encode(std::string_view bytes) {
    std::string out;
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        const std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
        std::uint32_t chunk = 0;
        for (std::size_t j = 0; j < 3; ++j) {
            chunk = chunk << 8 | (j < n ? static_cast<unsigned char>(bytes[i + j]) : 0u);
        }
        for (std::size_t j = 0; j < 4; ++j) {
            out += j <= n ? kAlphabet[(chunk >> (18 - 6 * j)) & 63] : '=';
        }
    }
    return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
    if (text.size() % 4 != 0) return std::nullopt;
    std::string out;
    for (std::size_t i = 0; i < text.size(); i += 4) {
        std::uint32_t chunk = 0;
        int padding = 0;
        for (std::size_t j = 0; j < 4; ++j) {
            const char c = text[i + j];
            const bool last_group = i + 4 == text.size();
            if (c == '=' && last_group && j >= 2) {
                ++padding;
                chunk <<= 6;
                continue;
            }
            if (padding > 0) return std::nullopt;  // "=" followed by data
            const char* at = std::char_traits<char>::find(kAlphabet, 64, c);
            if (at == nullptr) return std::nullopt;
            chunk = chunk << 6 | static_cast<std::uint32_t>(at - kAlphabet);
        }
        out += static_cast<char>(chunk >> 16 & 0xff);
        if (padding < 2) out += static_cast<char>(chunk >> 8 & 0xff);
        if (padding < 1) out += static_cast<char>(chunk & 0xff);
    }
    return out;
}

struct FakeBsre::Impl {
    std::string username;
    std::string password;
    std::string base_url;

    mutable std::mutex mutex;
    std::condition_variable stopping_changed;
    bool stopping = false;
    std::deque<Scripted> script;
    std::map<std::string, Account> accounts;
    std::vector<BsreRequest> requests;
    std::vector<std::string> errors;
    int signed_count = 0;

    http::HttpServer server{"fake-bsre",
                            4,
                            http::ServerLimits{.max_body_bytes = kMaxBodyBytes,
                                               .buffered_body_budget = 2 * kMaxBodyBytes},
                            {}};

    void reject(const std::string& what) {
        std::lock_guard lock(mutex);
        errors.push_back(what);
    }

    /// Records the request and takes the next scripted step, waiting out its delay.
    std::optional<Scripted> arrive(const httplib::Request& req) {
        block_sigpipe_on_this_thread();
        std::unique_lock lock(mutex);
        requests.push_back({req.method, req.path, req.body, req.get_header_value("Authorization"),
                            req.get_header_value("Content-Type"),
                            std::chrono::steady_clock::now()});
        if (script.empty()) return std::nullopt;
        Scripted next = std::move(script.front());
        script.pop_front();
        if (next.delay.count() > 0)
            stopping_changed.wait_for(lock, next.delay, [this] { return stopping; });
        return next;
    }

    bool authorized(const httplib::Request& req) const {
        const std::string header = req.get_header_value("Authorization");
        if (!header.starts_with("Basic ")) return false;
        const auto credentials = base64_decode(std::string_view(header).substr(6));
        return credentials && *credentials == username + ":" + password;
    }

    /// Steps 1-3 for any request; true when it may go on.
    bool admitted(const httplib::Request& req, httplib::Response& res, bool known_path, bool post) {
        if (!authorized(req)) {
            reject(std::string("Authorization: ") + (req.get_header_value("Authorization").empty()
                                                         ? "missing"
                                                         : "wrong client credentials"));
            res.set_header("WWW-Authenticate", "Basic realm=\"Realm\"");
            spring_error(res, 401, "Unauthorized", req.path);
            return false;
        }
        if (!known_path) {
            reject("path: unknown path " + req.path);
            spring_error(res, 404, "Not Found", req.path);
            return false;
        }
        if (!post) {
            reject("method: " + req.method + " instead of POST");
            spring_error(res, 405, "Method Not Allowed", req.path);
            return false;
        }
        const std::string content_type = req.get_header_value("Content-Type");
        if (content_type != "application/json" && !content_type.starts_with("application/json;")) {
            reject("Content-Type: \"" + content_type + "\" instead of application/json");
            spring_error(res, 415, "Unsupported Media Type", req.path);
            return false;
        }
        return true;
    }

    void on_sign(const httplib::Request& req, httplib::Response& res) {
        const auto begun = std::chrono::steady_clock::now();
        if (auto scripted = arrive(req); scripted && scripted->answer) {
            res.status = scripted->status;
            res.set_content(scripted->body, scripted->content_type.c_str());
            return;
        }
        if (!admitted(req, res, true, true)) return;
        const json body = json::parse(req.body, nullptr, false);
        if (body.is_discarded()) {
            reject("(body): not JSON");
            return spring_error(res, 400, "Bad Request", req.path, "JSON parse error");
        }
        if (const auto problems = shape_errors(body); !problems.empty()) {
            std::string joined;
            for (const auto& problem : problems) joined += (joined.empty() ? "" : "; ") + problem;
            {
                std::lock_guard lock(mutex);
                errors.insert(errors.end(), problems.begin(), problems.end());
            }
            return spring_error(res, 400, "Bad Request", req.path, joined);
        }

        // Step 5: the account.
        Account account;
        {
            std::lock_guard lock(mutex);
            auto found = body.contains("nik") ? accounts.find(body["nik"].get<std::string>())
                                              : accounts.end();
            if (found == accounts.end()) return esign_error(res, 400, 2011, "User tidak terdaftar");
            account = found->second;
        }
        switch (account.certificate) {
            case Certificate::valid:
                break;
            case Certificate::none:
                return esign_error(res, 400, 2021, "User belum memiliki sertifikat elektronik",
                                   "NO_CERTIFICATE");
            case Certificate::expired:
                return esign_error(res, 400, 2021, "Sertifikat anda sudah kedaluwarsa", "EXPIRED");
            case Certificate::revoked:
                return esign_error(res, 400, 2021, "Sertifikat anda sudah dicabut (revoked)",
                                   "REVOKED");
        }
        if (!body.contains("passphrase") || !body["passphrase"].is_string() ||
            body["passphrase"].get<std::string>().empty()) {
            reject("totp: one-time codes are not simulated");
            return spring_error(res, 400, "Bad Request", req.path,
                                "TOTP is not simulated by the fake");
        }
        if (body["passphrase"].get<std::string>() != account.passphrase) {
            return esign_error(res, 400, 2031, "Passphrase anda salah");
        }

        // Step 6: the PDF, signed for real.
        const std::string pdf = *base64_decode(body["file"][0].get<std::string>());
        if (!pdf.starts_with("%PDF-")) {
            reject("file[0]: " + std::string(pdf.empty() ? "empty" : "not a PDF"));
            return spring_error(res, 500, "Internal Server Error", req.path);
        }
        const json& properties = body["signatureProperties"][0];
        office::SignatureDetails details;
        details.signed_at = std::chrono::system_clock::now();
        details.utc_offset_minutes = 7 * 60;  // the service's clock (WIB)
        details.reason = properties.value("reason", "");
        details.location = properties.value("location", "");
        std::string signed_pdf;
        try {
            signed_pdf = office::sign_pdf(pdf, *account.key, details);
        } catch (const std::exception& e) {
            reject(std::string("file[0]: cannot be signed: ") + e.what());
            return spring_error(res, 500, "Internal Server Error", req.path);
        }
        {
            std::lock_guard lock(mutex);
            ++signed_count;
        }
        const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - begun);
        res.set_content(
            json{{"time", elapsed.count()}, {"file", json::array({base64_encode(signed_pdf)})}}
                .dump(),
            "application/json");
    }

    void on_other(const httplib::Request& req, httplib::Response& res) {
        if (auto scripted = arrive(req); scripted && scripted->answer) {
            res.status = scripted->status;
            res.set_content(scripted->body, scripted->content_type.c_str());
            return;
        }
        admitted(req, res, req.path == kSignPath, req.method == "POST");
    }
};

FakeBsre::FakeBsre(std::string username, std::string password) : impl_(std::make_unique<Impl>()) {
    impl_->username = std::move(username);
    impl_->password = std::move(password);
    Impl* impl = impl_.get();
    auto sign = [impl](const httplib::Request& req, httplib::Response& res) {
        impl->on_sign(req, res);
    };
    auto other = [impl](const httplib::Request& req, httplib::Response& res) {
        impl->on_other(req, res);
    };
    auto& routes = impl_->server.routes();
    routes.Post(kSignPath, sign);
    routes.Get(R"(.*)", other);
    routes.Post(R"(.*)", other);
    routes.Put(R"(.*)", other);
    routes.Delete(R"(.*)", other);
    const int port = impl_->server.bind("127.0.0.1", 0);
    impl_->base_url = "http://127.0.0.1:" + std::to_string(port);
    impl_->server.start();
}

FakeBsre::~FakeBsre() {
    {
        std::lock_guard lock(impl_->mutex);
        impl_->stopping = true;
    }
    impl_->stopping_changed.notify_all();
    impl_->server.stop();
}

std::string FakeBsre::base_url() const { return impl_->base_url; }

void FakeBsre::add_account(std::string nik, std::string passphrase, office::SigningKey key) {
    std::lock_guard lock(impl_->mutex);
    impl_->accounts[std::move(nik)] =
        Account{std::move(passphrase), std::make_shared<const office::SigningKey>(std::move(key)),
                Certificate::valid};
}

void FakeBsre::set_certificate(const std::string& nik, Certificate state) {
    std::lock_guard lock(impl_->mutex);
    impl_->accounts.at(nik).certificate = state;
}

void FakeBsre::delay_next(std::chrono::milliseconds delay) {
    std::lock_guard lock(impl_->mutex);
    impl_->script.push_back({delay, false, 0, {}, {}});
}

void FakeBsre::answer_next(int http_status, std::string body, std::string content_type) {
    std::lock_guard lock(impl_->mutex);
    impl_->script.push_back({std::chrono::milliseconds(0), true, http_status, std::move(body),
                             std::move(content_type)});
}

std::vector<BsreRequest> FakeBsre::requests() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->requests;
}

std::vector<std::string> FakeBsre::validation_errors() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->errors;
}

int FakeBsre::signed_count() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->signed_count;
}

}  // namespace ekel::test
