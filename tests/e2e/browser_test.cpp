#include <doctest/doctest.h>
#include <httplib.h>

#include <chrono>
#include <string>
#include <thread>

#include "shared/util/error.h"
#include "tests/support/webdriver.h"

TEST_SUITE_BEGIN("e2e");

using ekel::test::Browser;
using namespace std::chrono_literals;

namespace {

std::string escape_html(const std::string& text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

/// A two-page site on a free loopback port: GET / is a form posting `q` to /echo, which shows it.
class FormSite {
public:
    FormSite() {
        // Chromium keeps connections alive; stop() waits for idle ones to time out (5 s by default).
        server_.set_keep_alive_timeout(1);
        server_.Get("/", [](const httplib::Request&, httplib::Response& res) {
            res.set_content(R"(<!doctype html>
<html><head><meta charset="utf-8"><title>Formulir uji</title></head>
<body><form method="post" action="/echo">
<label for="q">Pesan</label> <input type="text" id="q" name="q" value="teks lama">
<button type="submit" id="kirim">Kirim</button>
</form></body></html>)",
                            "text/html; charset=utf-8");
        });
        server_.Post("/echo", [](const httplib::Request& req, httplib::Response& res) {
            res.set_content("<!doctype html><html><head><meta charset=\"utf-8\"><title>Gema</title></head><body>"
                            "<p id=\"echo\">" +
                                escape_html(req.get_param_value("q")) + "</p><a href=\"/\">Kembali</a></body></html>",
                            "text/html; charset=utf-8");
        });
        port_ = server_.bind_to_any_port("127.0.0.1");
        REQUIRE(port_ > 0);
        thread_ = std::thread([this] { server_.listen_after_bind(); });
        // 0.11.4 has no wait_until_ready, and stop() is a no-op until is_running() turns true
        // (listen_after_bind sets it first thing).
        while (!server_.is_running()) std::this_thread::sleep_for(1ms);
    }
    ~FormSite() {
        server_.stop();
        thread_.join();
    }
    FormSite(const FormSite&) = delete;
    FormSite& operator=(const FormSite&) = delete;

    std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }

private:
    httplib::Server server_;
    std::thread thread_;
    int port_ = -1;
};

}  // namespace

TEST_CASE("a headless Chromium fills in and submits a form served on loopback") {
    REQUIRE_MESSAGE(Browser::available(),
                    "/usr/bin/chromium or /usr/bin/chromedriver is missing: scripts/install-deps.sh installs the "
                    "Debian packages chromium and chromium-driver, so this setup is broken");
    FormSite site;
    Browser browser;

    browser.open(site.url("/"));
    CHECK(browser.url() == site.url("/"));
    CHECK(browser.title() == "Formulir uji");
    CHECK(browser.page_source().find("action=\"/echo\"") != std::string::npos);
    CHECK(browser.exists("input[name=q]"));
    CHECK_FALSE(browser.exists("#echo"));
    CHECK(browser.attribute("#q", "value") == "teks lama");
    CHECK(browser.attribute("#q", "placeholder") == "");
    CHECK(browser.text("label[for=q]") == "Pesan");
    // chromedriver's own errors become ekel::Error naming the command (an invalid selector fails at once).
    CHECK_THROWS_WITH_AS(browser.find("input[["), doctest::Contains("invalid selector"), ekel::Error);

    browser.type("input[name=q]", "Halo Belimbing");
    browser.click("#kirim");
    REQUIRE_MESSAGE(browser.wait_for_url("/echo"), "still on " << browser.url());
    CHECK(browser.title() == "Gema");
    CHECK(browser.text("#echo") == "Halo Belimbing");

    const std::string png = browser.screenshot_png();
    CHECK(png.size() > 1000);
    CHECK(png.starts_with("\x89PNG\r\n\x1a\n"));

    // Following a link: back to the form.
    browser.click("a[href='/']");
    CHECK_FALSE(browser.find("#kirim").empty());
    CHECK(browser.url() == site.url("/"));
}

TEST_SUITE_END();
