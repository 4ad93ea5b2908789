#include "tests/support/fake_graph_api.h"

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string_view>
#include <utility>

#include "shared/http/server.h"

namespace ekel::test {

namespace {

using nlohmann::json;

constexpr std::size_t kMaxUploadBytes = 128u * 1024 * 1024;

// ---- small helpers ------------------------------------------------------------------------------

/// Code points of a JSON string (nlohmann has already checked that it is valid UTF-8).
std::size_t code_points(std::string_view s) {
    std::size_t n = 0;
    for (char c : s) {
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
    }
    return n;
}

std::string sha256_hex(std::string_view data) {
    static constexpr std::array<std::uint32_t, 64> k = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};
    std::array<std::uint32_t, 8> h = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                      0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    std::string message(data);
    const std::uint64_t bit_length = static_cast<std::uint64_t>(data.size()) * 8;
    message += static_cast<char>(0x80);
    while (message.size() % 64 != 56) message += '\0';
    for (int i = 7; i >= 0; --i) message += static_cast<char>((bit_length >> (i * 8)) & 0xff);
    auto rotr = [](std::uint32_t x, int n) { return (x >> n) | (x << (32 - n)); };
    for (std::size_t chunk = 0; chunk < message.size(); chunk += 64) {
        std::array<std::uint32_t, 64> w{};
        for (std::size_t i = 0; i < 16; ++i) {
            for (std::size_t b = 0; b < 4; ++b) {
                w[i] = (w[i] << 8) | static_cast<unsigned char>(message[chunk + i * 4 + b]);
            }
        }
        for (std::size_t i = 16; i < 64; ++i) {
            const std::uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
            const std::uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16] + s0 + w[i - 7] + s1;
        }
        auto v = h;
        for (std::size_t i = 0; i < 64; ++i) {
            const std::uint32_t s1 = rotr(v[4], 6) ^ rotr(v[4], 11) ^ rotr(v[4], 25);
            const std::uint32_t ch = (v[4] & v[5]) ^ (~v[4] & v[6]);
            const std::uint32_t t1 = v[7] + s1 + ch + k[i] + w[i];
            const std::uint32_t s0 = rotr(v[0], 2) ^ rotr(v[0], 13) ^ rotr(v[0], 22);
            const std::uint32_t maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
            const std::uint32_t t2 = s0 + maj;
            v = {t1 + t2, v[0], v[1], v[2], v[3] + t1, v[4], v[5], v[6]};
        }
        for (std::size_t i = 0; i < 8; ++i) h[i] += v[i];
    }
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (std::uint32_t word : h) {
        for (int shift = 28; shift >= 0; shift -= 4) out += hex[(word >> shift) & 0xf];
    }
    return out;
}

std::string default_title(int code) {
    static const std::map<int, std::string> titles = {
        {0, "AuthException"},
        {1, "API Unknown"},
        {2, "API Service"},
        {4, "Application request limit reached"},
        {100, "Invalid parameter"},
        {190, "Invalid OAuth access token"},
        {80007, "Rate limit issues"},
        {130429, "Rate limit hit"},
        {131000, "Something went wrong"},
        {131008, "Required parameter is missing"},
        {131016, "Service unavailable"},
        {131026, "Message undeliverable"},
        {131047, "Re-engagement message"},
        {131048, "Spam rate limit hit"},
        {131053, "Media upload error"},
        {131056, "(Business Account, Consumer Account) pair rate limit hit"},
        {131057, "Account in maintenance mode"},
    };
    auto found = titles.find(code);
    return found == titles.end() ? "Scripted failure" : found->second;
}

bool is_e164(std::string_view s) {
    if (s.size() < 9 || s.size() > 16 || s[0] != '+' || s[1] < '1' || s[1] > '9') return false;
    for (char c : s.substr(1)) {
        if (c < '0' || c > '9') return false;
    }
    return true;
}

bool is_bsuid(std::string_view s) {
    if (s.size() < 4 || s.size() > 131 || s[2] != '.') return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        const bool upper = c >= 'A' && c <= 'Z';
        const bool alnum = upper || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (i < 2 ? !upper : (i > 2 && !alnum)) return false;
    }
    return true;
}

// ---- body validation, as Meta's limits in whatsapp.md §2.2 -----------------------------------------

class Validator {
public:
    Validator(std::vector<std::string>& errors, const std::set<std::string>& media_ids)
        : errors_(errors), media_ids_(media_ids) {}

    void message(const json& body) {
        if (!body.is_object()) return fail("(body)", "must be a JSON object");
        const json* type_key = find(body, "type");
        only_keys(body, "", {"messaging_product", "recipient_type", "to", "recipient", "context",
                             "biz_opaque_callback_data", "type",
                             type_key != nullptr && type_key->is_string() ? type_key->get<std::string>() : ""});
        const json* product = find(body, "messaging_product");
        if (product == nullptr || *product != "whatsapp") fail("messaging_product", "must be \"whatsapp\"");
        if (const json* type = find(body, "recipient_type"); type != nullptr && *type != "individual") {
            fail("recipient_type", "must be \"individual\"");
        }
        const json* to = find(body, "to");
        const json* recipient = find(body, "recipient");
        if (to == nullptr && recipient == nullptr) fail("to", "required (or recipient)");
        if (to != nullptr && (!to->is_string() || !is_e164(to->get_ref<const std::string&>()))) {
            fail("to", "must be a phone number in E.164 form with a leading + (\"+6281234567890\")");
        }
        if (recipient != nullptr && (!recipient->is_string() || !is_bsuid(recipient->get_ref<const std::string&>()))) {
            fail("recipient", "must be a BSUID like \"ID.1234567890\"");
        }
        if (const json* context = find(body, "context")) {
            if (object(*context, "context")) {
                only_keys(*context, "context", {"message_id"});
                text(*context, "context", "message_id", 1, 256, true);
            }
        }
        text(body, "", "biz_opaque_callback_data", 1, 512, false);
        const json* type = find(body, "type");
        if (type == nullptr || !type->is_string()) return fail("type", "required");
        const std::string kind = type->get<std::string>();
        const json* content = find(body, kind);
        if (kind != "text" && kind != "interactive" && kind != "document" && kind != "image" && kind != "template") {
            return fail("type", "\"" + kind + "\" is not text, interactive, document, image or template");
        }
        if (content == nullptr) return fail(kind, "required for type \"" + kind + "\"");
        if (!object(*content, kind)) return;
        if (kind == "text") return text_message(*content);
        if (kind == "interactive") return interactive(*content);
        if (kind == "document") return media(*content, "document", {"id", "link", "filename", "caption"});
        if (kind == "image") return media(*content, "image", {"id", "link", "caption"});
        template_message(*content);
    }

private:
    void fail(const std::string& path, const std::string& what) { errors_.push_back(path + ": " + what); }

    static std::string join(const std::string& path, const std::string& key) {
        return path.empty() ? key : path + "." + key;
    }
    static std::string at(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

    static const json* find(const json& object, const std::string& key) {
        if (!object.is_object()) return nullptr;
        auto found = object.find(key);
        return found == object.end() ? nullptr : &*found;
    }

    bool object(const json& value, const std::string& path) {
        if (value.is_object()) return true;
        fail(path, "must be an object");
        return false;
    }

    void only_keys(const json& object, const std::string& path, std::initializer_list<std::string> allowed) {
        for (const auto& item : object.items()) {
            if (std::find(allowed.begin(), allowed.end(), item.key()) == allowed.end()) {
                fail(join(path, item.key()), "unexpected key");
            }
        }
    }

    /// A string field of `min`..`max` code points; returns it (empty when absent or wrong).
    std::string text(const json& object, const std::string& path, const std::string& key, std::size_t min,
                     std::size_t max, bool required) {
        const json* value = find(object, key);
        const std::string where = join(path, key);
        if (value == nullptr) {
            if (required) fail(where, "required");
            return {};
        }
        if (!value->is_string()) {
            fail(where, "must be a string");
            return {};
        }
        const auto& s = value->get_ref<const std::string&>();
        const std::size_t n = code_points(s);
        if (n < min) fail(where, "must not be empty");
        if (n > max) fail(where, std::to_string(n) + " characters, at most " + std::to_string(max));
        return s;
    }

    void text_message(const json& content) {
        only_keys(content, "text", {"body", "preview_url"});
        text(content, "text", "body", 1, 4096, true);
        if (const json* preview = find(content, "preview_url"); preview != nullptr && !preview->is_boolean()) {
            fail("text.preview_url", "must be a boolean");
        }
    }

    void interactive(const json& content) {
        only_keys(content, "interactive", {"type", "header", "body", "footer", "action"});
        const std::string type = text(content, "interactive", "type", 1, 32, true);
        if (type != "button" && type != "list") {
            if (!type.empty()) fail("interactive.type", "only \"button\" and \"list\" are simulated");
            return;
        }
        const bool list = type == "list";
        if (const json* header = find(content, "header")) {
            if (object(*header, "interactive.header")) {
                const std::string header_type = text(*header, "interactive.header", "type", 1, 32, true);
                if (header_type == "text") {
                    only_keys(*header, "interactive.header", {"type", "text"});
                    text(*header, "interactive.header", "text", 1, 60, true);
                } else if (!list && (header_type == "image" || header_type == "video" || header_type == "document")) {
                    only_keys(*header, "interactive.header", {"type", header_type});
                    if (const json* m = find(*header, header_type); m != nullptr && object(*m, "interactive.header." + header_type)) {
                        media(*m, "interactive.header." + header_type, {"id", "link", "filename"});
                    } else if (m == nullptr) {
                        fail("interactive.header." + header_type, "required");
                    }
                } else if (!header_type.empty()) {
                    fail("interactive.header.type", list ? "a list header must be text" : "must be text, image, video or document");
                }
            }
        }
        const json* body = find(content, "body");
        if (body == nullptr) {
            fail("interactive.body", "required");
        } else if (object(*body, "interactive.body")) {
            only_keys(*body, "interactive.body", {"text"});
            text(*body, "interactive.body", "text", 1, list ? 4096 : 1024, true);
        }
        if (const json* footer = find(content, "footer"); footer != nullptr && object(*footer, "interactive.footer")) {
            only_keys(*footer, "interactive.footer", {"text"});
            text(*footer, "interactive.footer", "text", 1, 60, true);
        }
        const json* action = find(content, "action");
        if (action == nullptr) return fail("interactive.action", "required");
        if (!object(*action, "interactive.action")) return;
        list ? list_action(*action) : button_action(*action);
    }

    void button_action(const json& action) {
        only_keys(action, "interactive.action", {"buttons"});
        const json* buttons = find(action, "buttons");
        if (buttons == nullptr || !buttons->is_array()) return fail("interactive.action.buttons", "required array");
        if (buttons->empty() || buttons->size() > 3) {
            fail("interactive.action.buttons", std::to_string(buttons->size()) + " buttons, must be 1 to 3");
        }
        std::set<std::string> ids, titles;
        for (std::size_t i = 0; i < buttons->size(); ++i) {
            const std::string where = at("interactive.action.buttons", i);
            const json& button = (*buttons)[i];
            if (!object(button, where)) continue;
            only_keys(button, where, {"type", "reply"});
            if (const json* type = find(button, "type"); type == nullptr || *type != "reply") {
                fail(where + ".type", "must be \"reply\"");
            }
            const json* reply = find(button, "reply");
            if (reply == nullptr) {
                fail(where + ".reply", "required");
                continue;
            }
            if (!object(*reply, where + ".reply")) continue;
            only_keys(*reply, where + ".reply", {"id", "title"});
            const std::string id = text(*reply, where + ".reply", "id", 1, 256, true);
            const std::string title = text(*reply, where + ".reply", "title", 1, 20, true);
            if (!id.empty() && !ids.insert(id).second) fail(where + ".reply.id", "duplicate button id");
            if (!title.empty() && !titles.insert(title).second) fail(where + ".reply.title", "duplicate button title");
        }
    }

    void list_action(const json& action) {
        only_keys(action, "interactive.action", {"button", "sections"});
        text(action, "interactive.action", "button", 1, 20, true);
        const json* sections = find(action, "sections");
        if (sections == nullptr || !sections->is_array()) return fail("interactive.action.sections", "required array");
        if (sections->empty() || sections->size() > 10) {
            fail("interactive.action.sections", std::to_string(sections->size()) + " sections, must be 1 to 10");
        }
        std::size_t total_rows = 0;
        std::set<std::string> row_ids;
        for (std::size_t s = 0; s < sections->size(); ++s) {
            const std::string where = at("interactive.action.sections", s);
            const json& section = (*sections)[s];
            if (!object(section, where)) continue;
            only_keys(section, where, {"title", "rows"});
            text(section, where, "title", 1, 24, sections->size() > 1);
            const json* rows = find(section, "rows");
            if (rows == nullptr || !rows->is_array() || rows->empty()) {
                fail(where + ".rows", "must be an array with at least one row");
                continue;
            }
            total_rows += rows->size();
            for (std::size_t r = 0; r < rows->size(); ++r) {
                const std::string row_where = at(where + ".rows", r);
                const json& row = (*rows)[r];
                if (!object(row, row_where)) continue;
                only_keys(row, row_where, {"id", "title", "description"});
                const std::string id = text(row, row_where, "id", 1, 200, true);
                text(row, row_where, "title", 1, 24, true);
                text(row, row_where, "description", 0, 72, false);
                if (!id.empty() && !row_ids.insert(id).second) fail(row_where + ".id", "duplicate row id");
            }
        }
        if (total_rows > 10) {
            fail("interactive.action.sections", std::to_string(total_rows) + " rows in total, at most 10");
        }
    }

    void media(const json& content, const std::string& path, std::initializer_list<std::string> keys) {
        only_keys(content, path, keys);
        const json* id = find(content, "id");
        const json* link = find(content, "link");
        if ((id == nullptr) == (link == nullptr)) fail(path, "needs exactly one of id and link");
        if (id != nullptr) {
            const std::string value = text(content, path, "id", 1, 256, true);
            if (!value.empty() && media_ids_.count(value) == 0) fail(path + ".id", "unknown media id");
        }
        if (link != nullptr) {
            const std::string value = text(content, path, "link", 1, 2048, true);
            if (!value.empty() && !value.starts_with("https://") && !value.starts_with("http://")) {
                fail(path + ".link", "must be an http(s) URL");
            }
        }
        text(content, path, "filename", 1, 240, false);
        text(content, path, "caption", 0, 1024, false);
    }

    void template_message(const json& content) {
        only_keys(content, "template", {"name", "language", "components"});
        const std::string name = text(content, "template", "name", 1, 512, true);
        for (char c : name) {
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
                fail("template.name", "only lower-case letters, digits and underscores");
                break;
            }
        }
        const json* language = find(content, "language");
        if (language == nullptr) {
            fail("template.language", "required");
        } else if (object(*language, "template.language")) {
            only_keys(*language, "template.language", {"code", "policy"});
            text(*language, "template.language", "code", 1, 16, true);
        }
        const json* components = find(content, "components");
        if (components == nullptr) return;
        if (!components->is_array()) return fail("template.components", "must be an array");
        for (std::size_t c = 0; c < components->size(); ++c) {
            const std::string where = at("template.components", c);
            const json& component = (*components)[c];
            if (!object(component, where)) continue;
            only_keys(component, where, {"type", "parameters", "sub_type", "index"});
            const std::string type = text(component, where, "type", 1, 32, true);
            if (type != "body") {
                if (!type.empty()) fail(where + ".type", "only \"body\" components are simulated");
                continue;
            }
            const json* parameters = find(component, "parameters");
            if (parameters == nullptr || !parameters->is_array() || parameters->empty()) {
                fail(where + ".parameters", "must be a non-empty array");
                continue;
            }
            for (std::size_t p = 0; p < parameters->size(); ++p) {
                const std::string param_where = at(where + ".parameters", p);
                const json& parameter = (*parameters)[p];
                if (!object(parameter, param_where)) continue;
                only_keys(parameter, param_where, {"type", "text", "parameter_name"});
                if (const json* type_value = find(parameter, "type"); type_value == nullptr || *type_value != "text") {
                    fail(param_where + ".type", "only \"text\" parameters are simulated");
                    continue;
                }
                const std::string value = text(parameter, param_where, "text", 1, 1024, true);
                if (value.find_first_of("\n\t") != std::string::npos) {
                    fail(param_where + ".text", "Param text cannot have new-line/tab characters");
                }
                if (value.find("     ") != std::string::npos) {
                    fail(param_where + ".text", "Param text cannot have more than 4 consecutive spaces");
                }
            }
        }
    }

    std::vector<std::string>& errors_;
    const std::set<std::string>& media_ids_;
};

// ---- answers and connections ----------------------------------------------------------------------

void graph_error(httplib::Response& res, int status, int code, const std::string& title, const std::string& details,
                 int trace) {
    json error = {{"message", "(#" + std::to_string(code) + ") " + title},
                  {"type", "OAuthException"},
                  {"code", code},
                  {"fbtrace_id", "AFakeTrace" + std::to_string(trace)}};
    if (!details.empty()) error["error_data"] = {{"messaging_product", "whatsapp"}, {"details", details}};
    res.status = status;
    res.set_content(json{{"error", error}}.dump(), "application/json");
}

void html_error(httplib::Response& res, int status) {
    res.status = status;
    res.set_content("<html><head><title>" + std::to_string(status) + "</title></head><body><h1>" +
                        std::to_string(status) + " Service Unavailable</h1></body></html>",
                    "text/html");
}

/// The socket of the connection `req` came in on: the one whose local port is the server's and
/// whose peer is the client. 0.11.4 exposes no socket to handlers, so it is found by address.
int find_connection_socket(const httplib::Request& req) {
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd", error)) {
        int fd = -1;
        try {
            fd = std::stoi(entry.path().filename().string());
        } catch (const std::exception&) {
            continue;
        }
        sockaddr_in local{};
        sockaddr_in peer{};
        socklen_t length = sizeof(local);
        if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &length) != 0 || local.sin_family != AF_INET) continue;
        length = sizeof(peer);
        if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &length) != 0 || peer.sin_family != AF_INET) continue;
        if (ntohs(local.sin_port) == req.local_port && ntohs(peer.sin_port) == req.remote_port) return fd;
    }
    return -1;
}

/// Closes the connection without an answer: the client sees an empty reply. httplib's later write
/// fails with EPIPE (SIGPIPE is blocked on this worker thread). When the socket cannot be found,
/// answers 503 with an HTML page instead, which the client also treats as an outage.
void drop_connection(const httplib::Request& req, httplib::Response& res) {
    const int fd = find_connection_socket(req);
    if (fd >= 0 && ::shutdown(fd, SHUT_RDWR) == 0) {
        res.status = 503;  // never reaches the client
        return;
    }
    html_error(res, 503);
}

/// httplib 0.11.4 sends without MSG_NOSIGNAL; a write to a closed connection must not kill the tests.
void block_sigpipe_on_this_thread() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

bool bearer_ok(const httplib::Request& req, const std::string& token) {
    return req.get_header_value("Authorization") == "Bearer " + token;
}

struct Scripted {
    bool drop = false;
    int status = 0;
    int code = 0;
    std::string title;
};

struct StoredMedia {
    std::string mime_type;
    std::string bytes;
};

bool supported_upload_type(const std::string& mime) {
    static const std::set<std::string> types = {
        "application/pdf", "application/msword", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.ms-excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.ms-powerpoint", "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "text/plain", "image/jpeg", "image/png", "audio/ogg", "audio/mpeg", "audio/aac", "audio/mp4", "video/mp4",
        "video/3gpp", "image/webp"};
    return types.count(mime) > 0;
}

}  // namespace

struct FakeGraphApi::Impl {
    std::string phone_number_id;
    std::string token;
    std::string version;
    std::string base_url;

    mutable std::mutex mutex;
    std::deque<Scripted> script;
    bool offline = false;
    std::vector<GraphRequest> requests;
    std::vector<json> accepted;
    std::vector<std::string> errors;
    std::map<std::string, StoredMedia> media;
    std::vector<std::string> uploaded;
    long next_wamid = 1;
    long next_media = 1;
    int next_trace = 1;

    http::HttpServer server{"fake-graph-api", 8,
                            http::ServerLimits{.max_body_bytes = kMaxUploadBytes, .buffered_body_budget = 4 * kMaxUploadBytes},
                            {}};

    int trace() {
        std::lock_guard lock(mutex);
        return next_trace++;
    }

    void reject(httplib::Response& res, int status, int code, const std::string& title, const std::string& details) {
        {
            std::lock_guard lock(mutex);
            errors.push_back(details);
        }
        graph_error(res, status, code, title, details, trace());
    }

    /// Records the request; true when it is to be dropped because the fake is offline.
    bool arrive(const httplib::Request& req) {
        block_sigpipe_on_this_thread();
        std::lock_guard lock(mutex);
        requests.push_back({req.method, req.path, req.body, req.get_header_value("Authorization"),
                            req.get_header_value("Content-Type"), std::chrono::steady_clock::now()});
        return offline;
    }

    bool check_auth(const httplib::Request& req, httplib::Response& res) {
        if (bearer_ok(req, token)) return true;
        const std::string authorization = req.get_header_value("Authorization");
        reject(res, 401, 190, "Invalid OAuth access token",
               authorization.empty() ? "Authorization: missing bearer token" : "Authorization: wrong access token");
        return false;
    }

    bool check_phone_path(const httplib::Request& req, httplib::Response& res) {
        if (req.matches[1] == version && req.matches[2] == phone_number_id) return true;
        reject(res, 404, 100, "Invalid parameter",
               "path: Unsupported post request. Object with ID '" + std::string(req.matches[2]) +
                   "' does not exist (version " + std::string(req.matches[1]) + ")");
        return false;
    }

    void on_messages(const httplib::Request& req, httplib::Response& res) {
        std::optional<Scripted> scripted;
        {
            std::lock_guard lock(mutex);
            if (!script.empty()) {
                scripted = script.front();
                script.pop_front();
            }
        }
        if (scripted && scripted->drop) return drop_connection(req, res);
        if (scripted) {
            if (scripted->code < 0) return html_error(res, scripted->status);
            return graph_error(res, scripted->status, scripted->code,
                               scripted->title.empty() ? default_title(scripted->code) : scripted->title, "", trace());
        }
        if (!check_phone_path(req, res) || !check_auth(req, res)) return;
        const std::string content_type = req.get_header_value("Content-Type");
        if (!content_type.starts_with("application/json")) {
            return reject(res, 400, 100, "Invalid parameter", "Content-Type: must be application/json");
        }
        const json body = json::parse(req.body, nullptr, false);
        if (body.is_discarded()) return reject(res, 400, 100, "Invalid parameter", "(body): not valid JSON");
        std::vector<std::string> problems;
        {
            std::set<std::string> known;
            {
                std::lock_guard lock(mutex);
                for (const auto& [id, stored] : media) known.insert(id);
            }
            Validator(problems, known).message(body);
        }
        if (!problems.empty()) {
            std::string details;
            for (const auto& problem : problems) details += (details.empty() ? "" : "; ") + problem;
            {
                std::lock_guard lock(mutex);
                errors.insert(errors.end(), problems.begin(), problems.end());
            }
            return graph_error(res, 400, 100, "Invalid parameter", details, trace());
        }
        std::string wamid;
        {
            std::lock_guard lock(mutex);
            wamid = "wamid.FAKE" + std::to_string(next_wamid++);
            accepted.push_back(body);
        }
        json contact;
        if (body.contains("to")) {
            const std::string to = body["to"].get<std::string>();
            contact = {{"input", to}, {"wa_id", to.substr(1)}};
        } else {
            const std::string recipient = body["recipient"].get<std::string>();
            contact = {{"input", recipient}, {"user_id", recipient}};
        }
        json answer = {{"messaging_product", "whatsapp"},
                       {"contacts", json::array({contact})},
                       {"messages", json::array({{{"id", wamid}}})}};
        res.set_content(answer.dump(), "application/json");
    }

    void on_upload(const httplib::Request& req, httplib::Response& res) {
        if (!check_phone_path(req, res) || !check_auth(req, res)) return;
        if (!req.is_multipart_form_data()) {
            return reject(res, 400, 100, "Invalid parameter", "Content-Type: must be multipart/form-data");
        }
        if (!req.has_file("messaging_product") || req.get_file_value("messaging_product").content != "whatsapp") {
            return reject(res, 400, 100, "Invalid parameter", "messaging_product: must be \"whatsapp\"");
        }
        if (!req.has_file("file")) return reject(res, 400, 100, "Invalid parameter", "file: required");
        const auto file = req.get_file_value("file");
        if (file.content_type.empty()) return reject(res, 400, 100, "Invalid parameter", "file: needs a content type");
        if (file.content.empty()) return reject(res, 400, 100, "Invalid parameter", "file: empty");
        if (req.has_file("type") && req.get_file_value("type").content != file.content_type) {
            return reject(res, 400, 131053, "Media upload error", "type: does not match the file's content type");
        }
        if (!supported_upload_type(file.content_type)) {
            return reject(res, 400, 131053, "Media upload error", "file: unsupported type " + file.content_type);
        }
        const std::size_t limit = file.content_type.starts_with("image/") ? 5u * 1024 * 1024 : 100u * 1024 * 1024;
        if (file.content.size() > limit) return reject(res, 400, 131053, "Media upload error", "file: too large");
        std::string id;
        {
            std::lock_guard lock(mutex);
            id = std::to_string(1000000000000000L + next_media++);
            media[id] = {file.content_type, file.content};
            uploaded.push_back(id);
        }
        res.set_content(json{{"id", id}}.dump(), "application/json");
    }

    void on_media_lookup(const httplib::Request& req, httplib::Response& res) {
        const std::string requested_version = req.matches[1];
        const std::string id = req.matches[2];
        if (requested_version != version) {
            return reject(res, 404, 100, "Invalid parameter", "path: unknown version " + requested_version);
        }
        if (!check_auth(req, res)) return;
        if (req.has_param("phone_number_id") && req.get_param_value("phone_number_id") != phone_number_id) {
            return reject(res, 400, 100, "Invalid parameter", "phone_number_id: does not own this media");
        }
        StoredMedia stored;
        {
            std::lock_guard lock(mutex);
            auto found = media.find(id);
            if (found == media.end()) {
                errors.push_back("path: unknown media id " + id);
                graph_error(res, 400, 100, "Invalid parameter",
                            "Unsupported get request. Object with ID '" + id + "' does not exist", next_trace++);
                return;
            }
            stored = found->second;
        }
        json answer = {{"messaging_product", "whatsapp"},
                       {"url", base_url + "/media-download/" + id},
                       {"mime_type", stored.mime_type},
                       {"sha256", sha256_hex(stored.bytes)},
                       {"file_size", stored.bytes.size()},
                       {"id", id}};
        res.set_content(answer.dump(), "application/json");
    }

    void on_media_download(const httplib::Request& req, httplib::Response& res) {
        if (!bearer_ok(req, token)) {
            {
                std::lock_guard lock(mutex);
                errors.push_back("Authorization: media download without the bearer token");
            }
            res.status = 401;
            res.set_content("Unauthorized", "text/plain");
            return;
        }
        std::lock_guard lock(mutex);
        auto found = media.find(std::string(req.matches[1]));
        if (found == media.end()) {
            res.status = 404;
            res.set_content("Not Found", "text/plain");
            return;
        }
        res.set_content(found->second.bytes, found->second.mime_type.c_str());
    }
};

FakeGraphApi::FakeGraphApi(std::string phone_number_id, std::string access_token, std::string api_version)
    : impl_(std::make_unique<Impl>()) {
    impl_->phone_number_id = std::move(phone_number_id);
    impl_->token = std::move(access_token);
    impl_->version = std::move(api_version);
    Impl* impl = impl_.get();
    auto route = [impl](void (Impl::*handler)(const httplib::Request&, httplib::Response&)) {
        return [impl, handler](const httplib::Request& req, httplib::Response& res) {
            if (impl->arrive(req)) return drop_connection(req, res);
            (impl->*handler)(req, res);
        };
    };
    auto unknown = [impl](const httplib::Request& req, httplib::Response& res) {
        if (impl->arrive(req)) return drop_connection(req, res);
        impl->reject(res, 404, 100, "Invalid parameter", "path: unknown path " + req.path);
    };
    auto& routes = impl_->server.routes();
    routes.Post(R"(/([^/]+)/([^/]+)/messages)", route(&Impl::on_messages));
    routes.Post(R"(/([^/]+)/([^/]+)/media)", route(&Impl::on_upload));
    routes.Get(R"(/media-download/([^/]+))", route(&Impl::on_media_download));
    routes.Get(R"(/([^/]+)/([^/]+))", route(&Impl::on_media_lookup));
    routes.Get(R"(.*)", unknown);
    routes.Post(R"(.*)", unknown);
    routes.Put(R"(.*)", unknown);
    routes.Delete(R"(.*)", unknown);
    const int port = impl_->server.bind("127.0.0.1", 0);
    impl_->base_url = "http://127.0.0.1:" + std::to_string(port);
    impl_->server.start();
}

FakeGraphApi::~FakeGraphApi() { impl_->server.stop(); }

std::string FakeGraphApi::base_url() const { return impl_->base_url; }

void FakeGraphApi::fail_next(int http_status, int error_code, std::string title, int times) {
    std::lock_guard lock(impl_->mutex);
    for (int i = 0; i < times; ++i) impl_->script.push_back({false, http_status, error_code, title});
}

void FakeGraphApi::drop_next_connections(int times) {
    std::lock_guard lock(impl_->mutex);
    for (int i = 0; i < times; ++i) impl_->script.push_back({true, 0, 0, {}});
}

void FakeGraphApi::set_offline(bool offline) {
    std::lock_guard lock(impl_->mutex);
    impl_->offline = offline;
}

std::vector<GraphRequest> FakeGraphApi::requests() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->requests;
}

std::vector<nlohmann::json> FakeGraphApi::accepted_messages() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->accepted;
}

std::vector<std::string> FakeGraphApi::validation_errors() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->errors;
}

void FakeGraphApi::add_media(std::string media_id, std::string mime_type, std::string bytes) {
    std::lock_guard lock(impl_->mutex);
    impl_->media[std::move(media_id)] = {std::move(mime_type), std::move(bytes)};
}

std::vector<std::string> FakeGraphApi::uploaded_media() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->uploaded;
}

}  // namespace ekel::test
