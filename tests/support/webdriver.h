#pragma once

#include <chrono>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

namespace ekel::test {

/// chromedriver on a free loopback port plus one headless Chromium session; both end with the object.
/// A minimal W3C WebDriver client (cpp-httplib + nlohmann/json). Every failure, whether chromedriver
/// answers with a WebDriver error or does not answer at all, throws ekel::Error naming the command.
class Browser {
public:
    /// Starts chromedriver, waits until GET /status says ready (20 s) and opens a session with a
    /// headless Chromium whose profile lives in a TempDir. Throws ekel::Error (with the tail of
    /// chromedriver's output) when either step fails.
    Browser();
    /// DELETE /session/{id}, then stops chromedriver. Never throws.
    ~Browser();
    Browser(const Browser&) = delete;
    Browser& operator=(const Browser&) = delete;

    /// True when /usr/bin/chromium and /usr/bin/chromedriver exist.
    static bool available();

    /// Navigates and waits for the page load (as WebDriver does; page load timeout 25 s).
    void open(const std::string& url);
    std::string url();
    std::string title();
    std::string page_source();
    /// Open windows and tabs (a form with formtarget="_blank" opens one).
    std::size_t window_count();

    /// CSS selector → element id; throws ekel::Error naming the selector when absent (after waiting
    /// up to 15 s, polling).
    std::string find(const std::string& css);
    /// No waiting.
    bool exists(const std::string& css);
    /// Clears the element, then sends the text as keystrokes.
    void type(const std::string& css, const std::string& text);
    /// Chooses the file at `path` (absolute) in an <input type="file">.
    void attach_file(const std::string& css, const std::string& path);
    void click(const std::string& css);
    /// The rendered text of the element.
    std::string text(const std::string& css);
    /// The attribute's value; "" when the element has no such attribute.
    std::string attribute(const std::string& css, const std::string& name);
    /// Waits (polling, up to timeout) until the current URL contains `part`.
    bool wait_for_url(const std::string& part, std::chrono::milliseconds timeout = std::chrono::seconds(10));
    /// Waits (polling, up to timeout) until the element's text is `expected`: after a click that
    /// submits a form, the old page may still be there for a moment.
    bool wait_for_text(const std::string& css, const std::string& expected,
                       std::chrono::milliseconds timeout = std::chrono::seconds(10));
    /// Resizes the browser window (CSS pixels of the window, not of the viewport).
    void set_window_size(int width, int height);
    /// Runs `script` (a function body; "return …" gives the value) in the page.
    nlohmann::json execute(const std::string& script);
    /// Decoded bytes of GET /session/{id}/screenshot (a PNG of the viewport).
    std::string screenshot_png();

    /// chromedriver's stdout and stderr so far (for failure messages).
    std::string driver_log() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace ekel::test
