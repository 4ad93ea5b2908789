#include "tests/support/webdriver.h"

#include <httplib.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <unistd.h>

#include <array>
#include <optional>
#include <thread>
#include <utility>

#include "shared/util/error.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace ekel::test {

namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

const std::string kChromium = "/usr/bin/chromium";
const std::string kChromedriver = "/usr/bin/chromedriver";
/// W3C's key of an element reference in a JSON answer.
const std::string kElementKey = "element-6066-11e4-a52e-4f735466cecf";

constexpr auto kStartTimeout = 20s;
constexpr auto kHttpTimeout = 30s;
// Generous: the tests also run under AddressSanitizer beside other tests on two cores.
constexpr auto kFindTimeout = 15s;
constexpr auto kPollInterval = 100ms;

/// A WebDriver error answer ("no such element", "stale element reference", ...), kept apart so
/// the polling helpers can retry the ones that may go away.
class WebDriverError : public Error {
public:
    WebDriverError(std::string code, const std::string& what) : Error(what), code_(std::move(code)) {}
    const std::string& code() const { return code_; }
    /// The element was replaced by a navigation. Chromium reports this either as a stale
    /// reference or, when the page goes away during the command, as an inspector error.
    bool element_gone() const {
        return code_ == "stale element reference" ||
               (code_ == "unknown error" && std::string(what()).find("does not belong to the document") != std::string::npos);
    }

private:
    std::string code_;
};

/// chromedriver appends "\n  (Session info: chrome=...)" to every message.
std::string first_line(const std::string& message) {
    auto end = message.find('\n');
    return end == std::string::npos ? message : message.substr(0, end);
}

std::string tail(const std::string& text, std::size_t max_chars) {
    return text.size() <= max_chars ? text : "..." + text.substr(text.size() - max_chars);
}

std::string decode_base64(const std::string& text) {
    std::array<int, 256> value{};
    value.fill(-1);
    const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (std::size_t i = 0; i < alphabet.size(); ++i) value[static_cast<unsigned char>(alphabet[i])] = static_cast<int>(i);
    std::string out;
    out.reserve(text.size() / 4 * 3);
    unsigned buffer = 0;
    int bits = 0;
    for (char c : text) {
        if (c == '=') break;
        if (c == '\n' || c == '\r') continue;
        const int v = value[static_cast<unsigned char>(c)];
        if (v < 0) throw Error("WebDriver screenshot: invalid base64 character");
        buffer = (buffer << 6) | static_cast<unsigned>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((buffer >> bits) & 0xff);
        }
    }
    return out;
}

std::string string_or_empty(const json& value) { return value.is_string() ? value.get<std::string>() : ""; }

}  // namespace

struct Browser::Impl {
    TempDir dir;  // chromedriver's output and Chromium's profile; removed last
    int port = -1;
    std::unique_ptr<ChildProcess> driver;
    std::string session_id;

    Impl() = default;
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;
    ~Impl() { quit(); }

    std::string log() const { return driver ? driver->output() + driver->errors() : std::string(); }

    /// One WebDriver command; `what` names it in errors. Returns the answer's "value".
    json command(const std::string& method, const std::string& path, const json& body, const std::string& what,
                 std::chrono::milliseconds read_timeout = kHttpTimeout) {
        httplib::Client client("127.0.0.1", port);
        client.set_connection_timeout(5s);
        client.set_read_timeout(read_timeout);
        client.set_write_timeout(kHttpTimeout);
        httplib::Result res = method == "GET"      ? client.Get(path.c_str())
                              : method == "DELETE" ? client.Delete(path.c_str())
                                                   : client.Post(path.c_str(), body.dump(), "application/json");
        const std::string name = "WebDriver " + what;
        if (!res) throw Error(name + ": no answer from chromedriver (" + httplib::to_string(res.error()) + ")");
        json answer = json::parse(res->body, nullptr, false);
        if (answer.is_discarded() || !answer.is_object() || !answer.contains("value")) {
            throw Error(name + ": HTTP " + std::to_string(res->status) + " with an unexpected body: " +
                        tail(res->body, 300));
        }
        json& value = answer["value"];
        if (value.is_object() && value.contains("error")) {
            const std::string code = string_or_empty(value["error"]);
            std::string message = first_line(string_or_empty(value["message"]));
            throw WebDriverError(code, name + ": " + (message.empty() ? code : message));
        }
        if (res->status != 200) throw Error(name + ": HTTP " + std::to_string(res->status) + ": " + tail(res->body, 300));
        return std::move(value);
    }

    json session(const std::string& method, const std::string& suffix, const json& body = nullptr) {
        if (session_id.empty()) throw Error("WebDriver " + method + " " + suffix + ": no session");
        return command(method, "/session/" + session_id + suffix, body, method + " " + suffix);
    }

    /// A command on the element `id` that `css` found; errors show the selector, not the id.
    json element(const std::string& method, const std::string& id, const std::string& css, const std::string& suffix,
                 const json& body = nullptr) {
        return command(method, "/session/" + session_id + "/element/" + id + suffix, body,
                       method + " /element/<" + css + ">" + suffix);
    }

    std::optional<std::string> find_now(const std::string& css) {
        try {
            json found = session("POST", "/element", {{"using", "css selector"}, {"value", css}});
            return found.at(kElementKey).get<std::string>();
        } catch (const WebDriverError& e) {
            if (e.code() == "no such element") return std::nullopt;
            throw;
        }
    }

    std::string find(const std::string& css) {
        const auto deadline = Clock::now() + kFindTimeout;
        while (true) {
            if (auto id = find_now(css)) return *id;
            if (Clock::now() > deadline) break;
            std::this_thread::sleep_for(kPollInterval);
        }
        std::string where;
        try {
            where = " on " + string_or_empty(session("GET", "/url"));
        } catch (const Error&) {
        }
        throw Error("WebDriver: no element matches CSS selector \"" + css + "\"" + where + " after 15 s");
    }

    /// Finds `css` and runs `action` on its id, finding it again when the page replaced it meanwhile.
    template <typename Action>
    json with_element(const std::string& css, Action action) {
        const auto deadline = Clock::now() + kFindTimeout;
        while (true) {
            const std::string id = find(css);
            try {
                return action(id);
            } catch (const WebDriverError& e) {
                if (!e.element_gone() || Clock::now() > deadline) throw;
            }
            std::this_thread::sleep_for(kPollInterval);
        }
    }

    void start() {
        port = free_port();
        if (port <= 0) throw Error("WebDriver: no free loopback port for chromedriver");
        driver = std::make_unique<ChildProcess>(kChromedriver, std::vector<std::string>{"--port=" + std::to_string(port)},
                                                std::map<std::string, std::string>{}, dir.path().string(),
                                                dir.file("chromedriver"));
        const auto deadline = Clock::now() + kStartTimeout;
        while (true) {
            if (auto code = driver->wait(0ms)) {
                throw Error("chromedriver exited with " + std::to_string(*code) + " before it was ready: " +
                            tail(log(), 2000));
            }
            try {
                json status = command("GET", "/status", nullptr, "GET /status", 2s);
                if (status.value("ready", false)) break;
            } catch (const Error&) {
                // not listening yet
            }
            if (Clock::now() > deadline) {
                throw Error("chromedriver on port " + std::to_string(port) + " not ready after 20 s: " +
                            tail(log(), 2000));
            }
            std::this_thread::sleep_for(50ms);
        }

        const json capabilities = {
            {"alwaysMatch",
             {{"browserName", "chrome"},
              {"goog:chromeOptions",
               {{"binary", kChromium},
                {"args",
                 {"--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900",
                  "--user-data-dir=" + dir.file("chromium-profile")}}}}}}};
        try {
            json created = command("POST", "/session", {{"capabilities", capabilities}}, "POST /session");
            session_id = created.at("sessionId").get<std::string>();
        } catch (const std::exception& e) {
            throw Error(std::string(e.what()) + "\nchromedriver output: " + tail(log(), 2000));
        }
        // WebDriver's page load timeout is 300 s by default; fail well before our HTTP timeout.
        session("POST", "/timeouts", {{"pageLoad", 25000}, {"script", 25000}, {"implicit", 0}});
    }

    void quit() noexcept {
        if (!driver) return;
        try {
            if (!session_id.empty()) command("DELETE", "/session/" + session_id, nullptr, "DELETE /session");
        } catch (...) {
        }
        session_id.clear();
        try {
            // Closes any session left and makes chromedriver exit.
            command("GET", "/shutdown", nullptr, "GET /shutdown", 5s);
        } catch (...) {
        }
        try {
            if (!driver->wait(5s)) {
                driver->signal(SIGTERM);
                driver->wait(2s);  // ~ChildProcess kills it if it is still there
            }
        } catch (...) {
        }
    }
};

Browser::Browser() : impl_(std::make_unique<Impl>()) { impl_->start(); }

Browser::~Browser() = default;

bool Browser::available() {
    return access(kChromium.c_str(), X_OK) == 0 && access(kChromedriver.c_str(), X_OK) == 0;
}

void Browser::open(const std::string& url) { impl_->session("POST", "/url", {{"url", url}}); }

std::string Browser::url() { return string_or_empty(impl_->session("GET", "/url")); }

std::string Browser::title() { return string_or_empty(impl_->session("GET", "/title")); }

std::size_t Browser::window_count() {
    const json handles = impl_->session("GET", "/window/handles");
    return handles.is_array() ? handles.size() : 0;
}

std::string Browser::page_source() { return string_or_empty(impl_->session("GET", "/source")); }

std::string Browser::find(const std::string& css) { return impl_->find(css); }

bool Browser::exists(const std::string& css) {
    json found = impl_->session("POST", "/elements", {{"using", "css selector"}, {"value", css}});
    return found.is_array() && !found.empty();
}

void Browser::type(const std::string& css, const std::string& text) {
    impl_->with_element(css, [&](const std::string& id) {
        impl_->element("POST", id, css, "/clear", json::object());
        return impl_->element("POST", id, css, "/value", {{"text", text}});
    });
}

void Browser::attach_file(const std::string& css, const std::string& path) {
    // A file input takes the path as its keystrokes; clearing it first is not allowed.
    impl_->with_element(css, [&](const std::string& id) { return impl_->element("POST", id, css, "/value", {{"text", path}}); });
}

void Browser::click(const std::string& css) {
    impl_->with_element(css, [&](const std::string& id) { return impl_->element("POST", id, css, "/click", json::object()); });
}

std::string Browser::text(const std::string& css) {
    return string_or_empty(
        impl_->with_element(css, [&](const std::string& id) { return impl_->element("GET", id, css, "/text"); }));
}

std::string Browser::attribute(const std::string& css, const std::string& name) {
    return string_or_empty(impl_->with_element(
        css, [&](const std::string& id) { return impl_->element("GET", id, css, "/attribute/" + name); }));
}

void Browser::set_window_size(int width, int height) {
    impl_->session("POST", "/window/rect", {{"width", width}, {"height", height}});
}

json Browser::execute(const std::string& script) {
    return impl_->session("POST", "/execute/sync", {{"script", script}, {"args", json::array()}});
}

bool Browser::wait_for_text(const std::string& css, const std::string& expected, std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (true) {
        if (exists(css) && text(css) == expected) return true;
        if (Clock::now() > deadline) return false;
        std::this_thread::sleep_for(kPollInterval);
    }
}

bool Browser::wait_for_url(const std::string& part, std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (true) {
        if (url().find(part) != std::string::npos) return true;
        if (Clock::now() > deadline) return false;
        std::this_thread::sleep_for(kPollInterval);
    }
}

std::string Browser::screenshot_png() { return decode_base64(string_or_empty(impl_->session("GET", "/screenshot"))); }

std::string Browser::driver_log() const { return impl_->log(); }

}  // namespace ekel::test
