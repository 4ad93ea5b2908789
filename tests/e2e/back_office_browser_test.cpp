#include <doctest/doctest.h>

#include <fstream>

#include "shared/db/store.h"
#include "tests/support/office_client.h"
#include "tests/support/webdriver.h"

// The back office in a real browser (Debian's headless Chromium through chromedriver): what a
// lurah does every day, by the page's own forms and links, with no JavaScript on our side.

TEST_SUITE_BEGIN("e2e");

using namespace ekel;

namespace {

/// Logs in as the lurah by the login form and opens `code`'s page; issues it with the button
/// unless told not to.
void issue_as_lurah(test::Browser& browser, const std::string& base, const std::string& code, bool click_issue = true) {
    browser.open(base + "/login");
    browser.type("#username", "lurah");
    browser.type("#password", test::kPassword);
    browser.click("#login-submit");
    browser.find(".counts");  // the dashboard has loaded
    browser.open(base + "/permohonan/" + code);
    if (click_issue) browser.click("#action-issue");
}

}  // namespace

TEST_CASE_FIXTURE(test::OfficeFixture, "in a real browser the lurah logs in, issues a letter and opens its verification page") {
    REQUIRE_MESSAGE(test::Browser::available(), "Chromium is missing: run scripts/install-deps.sh");
    const std::string code = approved_request(1, "Siti Rahma Wati");
    const std::string base = "http://127.0.0.1:" + std::to_string(port);
    test::Browser browser;

    browser.open(base + "/permohonan");
    REQUIRE(browser.wait_for_url("/login"));  // not logged in yet
    browser.type("#username", "lurah");
    browser.type("#password", "salah sekali");
    browser.click("#login-submit");
    CHECK(browser.text("#login-error") == "Nama pengguna atau kata sandi salah.");
    browser.type("#username", "lurah");
    browser.type("#password", test::kPassword);
    browser.click("#login-submit");
    browser.find(".counts");  // the dashboard has loaded (waits for the redirect after the login)
    CHECK(browser.title().rfind("Beranda", 0) == 0);

    browser.open(base + "/permohonan/" + code);
    CHECK(browser.text("#status") == "disetujui Ketua RT, sedang diproses kelurahan");
    browser.click("#action-issue");
    const std::string number = browser.text("#letter-number");
    CHECK(number == "400.12.2.1/001/KEL-BLB/XI/2026");
    CHECK(browser.text("#status") == "surat sudah terbit");
    std::ofstream("back-office-detail.png", std::ios::binary) << browser.screenshot_png();

    browser.click("#letter-verify");
    REQUIRE(browser.wait_for_url("/verifikasi/"));
    CHECK(browser.text("#verdict").rfind("SAH", 0) == 0);
    CHECK(browser.text("#number") == number);
    CHECK(browser.text("#holder") == "Siti R**** W***");
    CHECK(browser.text("#signature") == "Tanda tangan elektronik sah, ditandatangani oleh Lurah Uji. Isi berkas tidak "
                                        "berubah sejak ditandatangani.");
    CHECK(browser.text("#signed-at").find("WITA") != std::string::npos);
    std::ofstream("back-office-verification.png", std::ios::binary) << browser.screenshot_png();
    CHECK(request(code).status == domain::RequestStatus::issued);

    // Whoever holds the PDF uploads it on the same page: the letter as issued, then one byte changed.
    db::Store store(h.config.database.target(), 5000);
    const auto letter = store.letters.find_by_request(request(code).id);
    REQUIRE(letter);
    browser.attach_file("#berkas", letter->pdf_path);
    browser.click("#check-upload");
    REQUIRE(browser.wait_for_url("/verifikasi/periksa"));
    CHECK(browser.text("#identical").rfind("Berkas ini sama persis, byte demi byte, dengan surat nomor " + number, 0) == 0);
    CHECK(browser.text("#signature").rfind("Tanda tangan elektronik sah", 0) == 0);

    test::TempDir dir;
    std::string altered = test::read_text_file(letter->pdf_path);
    const std::size_t producer = altered.find("/Producer");  // content streams are compressed: change the info
    REQUIRE(producer != std::string::npos);
    altered[producer + 1] = 'p';
    const std::string altered_path = dir.write("surat-diubah.pdf", altered);
    browser.attach_file("#berkas", altered_path);
    browser.click("#check-upload");
    CHECK(browser.wait_for_text("#signature", "Isi berkas sudah diubah setelah ditandatangani, sehingga tanda tangan "
                                              "elektroniknya tidak berlaku untuk berkas ini."));
    CHECK(browser.text("#identical").rfind("Berkas ini tidak sama dengan surat mana pun", 0) == 0);
    std::ofstream("back-office-upload-check.png", std::ios::binary) << browser.screenshot_png();
}

TEST_CASE_FIXTURE(test::OfficeFixture, "in a real browser the counter hands over a booked letter from the day's schedule, and the lurah's report shows charts") {
    REQUIRE_MESSAGE(test::Browser::available(), "Chromium is missing: run scripts/install-deps.sh");
    const std::string code = approved_request(2, "Siti Aminah", "sktm");
    const std::string base = "http://127.0.0.1:" + std::to_string(port);
    test::Browser browser;
    issue_as_lurah(browser, base, code);
    CHECK(browser.wait_for_text("#status", "surat sudah terbit"));  // the form posts, then the page reloads

    // The citizen books the first slot on WhatsApp.
    test::Phone siti{h, request(code).applicant_phone};
    auto slots = test::list_ids(siti.inbox());
    REQUIRE_FALSE(slots.empty());
    siti.tap(slots.front(), "Jum 27/11 11.00", true);

    browser.open(base + "/pengambilan?tanggal=2026-11-27");
    browser.click("#collected-" + code);
    CHECK(browser.text(".flash").find("ditandai sudah diambil") != std::string::npos);
    std::ofstream("back-office-collection.png", std::ios::binary) << browser.screenshot_png();
    CHECK(request(code).status == domain::RequestStatus::collected);

    browser.open(base + "/laporan?bulan=2026-11");
    CHECK(browser.text("#report-period") == "November 2026");
    CHECK(browser.exists("svg[role=img]"));
    std::ofstream("back-office-report.png", std::ios::binary) << browser.screenshot_png();
}

TEST_CASE_FIXTURE(test::OfficeFixture, "in a real browser the lurah corrects, previews and issues a letter in two clicks on a phone and a desktop") {
    // Filed as the bot files it: the RT's approval ticked itself, the KTP-el and KK are open.
    REQUIRE_MESSAGE(test::Browser::available(), "Chromium is missing: run scripts/install-deps.sh");
    const std::string base = "http://127.0.0.1:" + std::to_string(port);
    test::Browser browser;
    auto fits = [&browser] {
        const auto sizes = browser.execute(
            "return [document.documentElement.scrollWidth, document.documentElement.clientWidth];");
        return sizes.is_array() && sizes[0].get<int>() <= sizes[1].get<int>();
    };
    for (const int width : {390, 1280}) {
        CAPTURE(width);
        const std::string code = approved_request(width == 390 ? 1 : 2, "Siti Rahma Wati", "domisili", true);
        browser.set_window_size(width, 900);
        if (width == 390) {
            issue_as_lurah(browser, base, code, /*click_issue=*/false);
        } else {
            // The desk checked the KTP-el and the KK before the lurah opens the request.
            test::OfficeClient desk(port);
            REQUIRE(desk.login("operator", test::kPassword));
            for (const char* position : {"1", "2"}) {
                desk.get("/permohonan/" + code);
                REQUIRE(desk.post("/permohonan/" + code + "/syarat", {{"posisi", position}, {"centang", "1"}}).status == 200);
            }
            browser.open(base + "/permohonan/" + code);
            CHECK_FALSE(browser.exists("#check-1"));  // nothing mandatory left to tick
            CHECK_FALSE(browser.exists("#check-2"));
            CHECK(browser.exists("#check-3"));  // the optional letter from the place of origin
        }
        CHECK(fits());
        const std::string shot = "review-" + std::to_string(width);
        std::ofstream(shot + "-1-form.png", std::ios::binary) << browser.screenshot_png();

        if (width == 390) {
            // The lurah checked the KTP-el and KK herself: ticked in the form, sent with Terbitkan.
            CHECK_FALSE(browser.exists("#check-0"));  // the RT's approval ticked itself
            browser.click("#check-1");
            browser.click("#check-2");
        }
        browser.type("#v-keperluan", "Melamar pekerjaan di Bontang");
        const std::size_t windows = browser.window_count();
        browser.click("#action-preview");  // click 1: the draft PDF in a new tab
        CHECK(browser.window_count() == windows + 1);
        CHECK(fits());
        browser.click("#action-issue");  // click 2: issued with the correction, sent to the citizen
        REQUIRE(browser.wait_for_text("#status", "surat sudah terbit"));
        CHECK(fits());
        std::ofstream(shot + "-2-issued.png", std::ios::binary) << browser.screenshot_png();
        CHECK(request(code).purpose == "Melamar pekerjaan di Bontang");
        CHECK(request(code).status == domain::RequestStatus::issued);
        CHECK(browser.text("#requirements-complete") == "Semua persyaratan wajib sudah diperiksa.");
    }
}

TEST_CASE_FIXTURE(test::OfficeFixture, "every back-office page, the verification page included, fits a phone's width and a desktop's") {
    REQUIRE_MESSAGE(test::Browser::available(), "Chromium is missing: run scripts/install-deps.sh");
    const std::string code = approved_request(2, "Siti Aminah Nurhaliza", "sktm");
    const std::string base = "http://127.0.0.1:" + std::to_string(port);
    test::Browser browser;
    browser.set_window_size(360, 900);
    issue_as_lurah(browser, base, code);
    REQUIRE(browser.wait_for_text("#status", "surat sudah terbit"));
    const std::string verification = browser.attribute("#letter-verify", "href");
    REQUIRE_FALSE(verification.empty());

    const std::vector<std::string> pages = {"/",           "/permohonan", "/permohonan/" + code, "/aduan",
                                            "/laporan",    "/pengambilan", "/penduduk",          "/impor",
                                            "/pengumuman", "/loket",       "/status"};
    for (const int width : {360, 1280}) {
        browser.set_window_size(width, 900);
        for (std::size_t i = 0; i <= pages.size(); ++i) {
            const std::string url = base + (i < pages.size() ? pages[i] : verification);
            CAPTURE(width);
            CAPTURE(url);
            browser.open(url);
            const auto sizes = browser.execute(
                "return [document.documentElement.scrollWidth, document.documentElement.clientWidth];");
            REQUIRE(sizes.is_array());
            CHECK(sizes[0].get<int>() <= sizes[1].get<int>());  // no sideways scrolling
            if (i < pages.size() && pages[i] == "/permohonan") {
                // A table row is a card on a phone: each value says which column it is.
                const auto label = browser.execute(
                    "return getComputedStyle(document.querySelector('td[data-label]'), '::before').content;");
                CHECK(label.get<std::string>() == (width < 600 ? "\"Kode: \"" : "none"));
            }
            std::ofstream("width-" + std::to_string(width) + "-page-" + std::to_string(i) + ".png", std::ios::binary)
                << browser.screenshot_png();
        }
    }
}

TEST_SUITE_END();
