#include "backoffice/letters/bsre_client.h"

#include <doctest/doctest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "backoffice/letters/letter_pdf.h"
#include "backoffice/letters/pades_signature.h"
#include "backoffice/letters/sample_letter.h"
#include "backoffice/letters/signing_certificate.h"
#include "tests/support/fake_bsre.h"
#include "tests/support/pdfsig.h"
#include "tests/support/temp_dir.h"

// The BSrE client against a loopback fake of the Esign Client Service that checks requests as the
// service would and signs for real with a pilot P-256 key.

TEST_SUITE_BEGIN("office");

using namespace ekel;
using nlohmann::json;

namespace {

constexpr const char* kNik = "6474031208850001";
constexpr const char* kUnknownNik = "6474035507900002";
constexpr const char* kPassphrase = "Kunci-Lurah#5521";
constexpr const char* kUsername = "ekel-klien-3391";
constexpr const char* kPassword = "Sandi-Klien!8824";
constexpr const char* kReason = "Surat Keterangan Domisili Kelurahan Belimbing";
constexpr const char* kLocation = "Bontang";

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

const std::string& letter() {
    static const std::string pdf = office::render_letter_pdf(office::sample_letter());
    return pdf;
}

/// A pilot CA and the lurah's P-256 key, and a fake Esign Client Service where the lurah has
/// an account with that key.
struct BsreFixture {
    test::TempDir dir;
    office::PilotCertificates pilot = make_pilot();
    test::FakeBsre fake{kUsername, kPassword};

    BsreFixture() { fake.add_account(kNik, kPassphrase, key()); }

    static office::PilotCertificates make_pilot() {
        office::PilotSigner signer;
        signer.kelurahan = "Belimbing";
        signer.name = "Andi Wijaya, S.Sos.";
        signer.position = "Lurah";
        signer.algorithm = "p-256";
        return office::make_pilot_certificates(signer, "sandi-p12",
                                               std::chrono::system_clock::now());
    }

    office::SigningKey key() const {
        return office::SigningKey::from_pkcs12(dir.write("lurah.p12", pilot.signer_pkcs12),
                                               "sandi-p12");
    }

    office::BsreSettings settings() const {
        office::BsreSettings s;
        s.base_url = fake.base_url();
        s.username = kUsername;
        s.password = kPassword;
        return s;
    }

    static office::BsreSignRequest request(std::string nik = kNik,
                                           std::string passphrase = kPassphrase) {
        return {std::move(nik), std::move(passphrase), letter(), kReason, kLocation};
    }

    office::BsreSignResult sign(const office::BsreSignRequest& r) const {
        return office::BsreClient(settings()).sign_pdf(r);
    }
};

/// A loopback port nothing listens on: bound, read, closed.
int closed_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    socklen_t length = sizeof address;
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    ::close(fd);
    return ntohs(address.sin_port);
}

/// Sends spdlog's default logger into a string for the lifetime of the object.
class LogCapture {
public:
    LogCapture() : previous_(spdlog::default_logger()) {
        auto logger = std::make_shared<spdlog::logger>(
            "bsre-test-capture", std::make_shared<spdlog::sinks::ostream_sink_mt>(out_));
        logger->set_level(spdlog::level::trace);
        spdlog::set_default_logger(logger);
    }
    ~LogCapture() { spdlog::set_default_logger(previous_); }
    LogCapture(const LogCapture&) = delete;
    LogCapture& operator=(const LogCapture&) = delete;
    std::string text() const { return out_.str(); }

private:
    std::ostringstream out_;
    std::shared_ptr<spdlog::logger> previous_;
};

void check_no_request_errors(const test::FakeBsre& fake) {
    const auto errors = fake.validation_errors();
    std::string listed;
    for (const auto& error : errors) listed += error + "\n";
    CAPTURE(listed);
    CHECK(errors.empty());
}

}  // namespace

TEST_CASE("BSrE signs a PDF: a PAdES-signed letter back; the service saw exactly our JSON and auth") {
    BsreFixture f;
    const office::BsreSignResult result = f.sign(BsreFixture::request());
    CAPTURE(result.detail);
    REQUIRE(result.ok());
    CHECK(result.failure == office::BsreFailure::none);
    CHECK(result.message.empty());
    CHECK(result.http_status == 200);
    CHECK(result.signed_pdf.compare(0, letter().size(), letter()) == 0);  // an incremental update
    CHECK(contains(result.signed_pdf, "/ETSI.CAdES.detached"));
    CHECK(f.fake.signed_count() == 1);
    check_no_request_errors(f.fake);

    const auto requests = f.fake.requests();
    REQUIRE(requests.size() == 1);
    CHECK(requests[0].method == "POST");
    CHECK(requests[0].path == "/api/v2/sign/pdf");
    CHECK(requests[0].authorization ==
          "Basic " + test::base64_encode(std::string(kUsername) + ":" + kPassword));
    CHECK(requests[0].content_type == "application/json");
    const json expected = {
        {"nik", kNik},
        {"passphrase", kPassphrase},
        {"signatureProperties",
         json::array({{{"tampilan", "INVISIBLE"}, {"reason", kReason}, {"location", kLocation}}})},
        {"file", json::array({test::base64_encode(letter())})}};
    const json sent = json::parse(requests[0].body, nullptr, false);
    CHECK(sent == expected);

    // As a reader checks it: pdfsig with the pilot CA trusted.
    const std::string report = test::Pdfsig(f.dir.write("ca.pem", f.pilot.ca_pem))
                                   .report(f.dir.write("signed.pdf", result.signed_pdf));
    CAPTURE(report);
    CHECK(contains(report, "Signature Type: ETSI.CAdES.detached"));
    CHECK(contains(report, "Signature Validation: Signature is Valid."));
    CHECK(contains(report, "Certificate Validation: Certificate is Trusted."));
    CHECK(contains(report, "Total document signed"));
    CHECK(contains(report, "Signer Certificate Common Name: Andi Wijaya, S.Sos."));
}

TEST_CASE("BSrE: a wrong passphrase (2031) asks the signer to retype it") {
    BsreFixture f;
    const auto result = f.sign(BsreFixture::request(kNik, "Kunci-Salah#0000"));
    CHECK(result.failure == office::BsreFailure::wrong_passphrase);
    CHECK(result.http_status == 400);
    CHECK(result.status_code == 2031);
    CHECK(result.message == "Passphrase salah. Periksa lalu ketik ulang; surat belum diterbitkan.");
    CHECK(contains(result.detail, "Passphrase anda salah"));
    CHECK(result.signed_pdf.empty());
    CHECK(f.fake.signed_count() == 0);
    check_no_request_errors(f.fake);
}

TEST_CASE("BSrE: an expired, revoked or missing certificate (2021) sends the signer to the admin") {
    BsreFixture f;
    SUBCASE("expired") {
        f.fake.set_certificate(kNik, test::FakeBsre::Certificate::expired);
        const auto result = f.sign(BsreFixture::request());
        CHECK(result.failure == office::BsreFailure::certificate_invalid);
        CHECK(result.status_code == 2021);
        CHECK(result.message ==
              "Sertifikat elektronik penanda tangan sudah tidak berlaku (kedaluwarsa atau "
              "dicabut). Hubungi admin TTE/BSrE; surat belum diterbitkan.");
    }
    SUBCASE("revoked") {
        f.fake.set_certificate(kNik, test::FakeBsre::Certificate::revoked);
        const auto result = f.sign(BsreFixture::request());
        CHECK(result.failure == office::BsreFailure::certificate_invalid);
        CHECK(contains(result.message, "kedaluwarsa atau dicabut"));
    }
    SUBCASE("no certificate yet") {
        f.fake.set_certificate(kNik, test::FakeBsre::Certificate::none);
        const auto result = f.sign(BsreFixture::request());
        CHECK(result.failure == office::BsreFailure::certificate_invalid);
        CHECK(result.message ==
              "Penanda tangan belum memiliki sertifikat elektronik yang aktif di BSrE. Hubungi "
              "admin TTE/BSrE; surat belum diterbitkan.");
    }
    CHECK(f.fake.signed_count() == 0);
    check_no_request_errors(f.fake);
}

TEST_CASE("BSrE: a NIK without an account (2011) is reported as not registered") {
    BsreFixture f;
    const auto result = f.sign(BsreFixture::request(kUnknownNik));
    CHECK(result.failure == office::BsreFailure::not_registered);
    CHECK(result.status_code == 2011);
    CHECK(result.message ==
          "NIK penanda tangan belum terdaftar di layanan tanda tangan elektronik BSrE. Hubungi "
          "admin TTE/BSrE; surat belum diterbitkan.");
    CHECK_FALSE(contains(result.detail, kUnknownNik));  // NIK digits are masked in the log detail
    check_no_request_errors(f.fake);
}

TEST_CASE("BSrE: wrong client credentials (HTTP 401) are the app's problem, not the signer's") {
    BsreFixture f;
    office::BsreSettings wrong = f.settings();
    wrong.password = "Sandi-Lama!1111";
    const auto result = office::BsreClient(wrong).sign_pdf(BsreFixture::request());
    CHECK(result.failure == office::BsreFailure::client_unauthorized);
    CHECK(result.http_status == 401);
    CHECK(result.message ==
          "Layanan tanda tangan elektronik BSrE menolak akun aplikasi E-Kelurahan. Mohon hubungi "
          "admin aplikasi; surat belum diterbitkan.");
    CHECK(f.fake.validation_errors() ==
          std::vector<std::string>{"Authorization: wrong client credentials"});
    CHECK(f.fake.signed_count() == 0);

    // The fake answers as Spring Security does.
    httplib::Client raw(f.fake.base_url());
    const auto answer = raw.Post("/api/v2/sign/pdf", "{}", "application/json");
    REQUIRE(answer);
    CHECK(answer->status == 401);
    const json body = json::parse(answer->body, nullptr, false);
    CHECK(body["status"] == 401);
    CHECK(body["error"] == "Unauthorized");
    CHECK(body["path"] == "/api/v2/sign/pdf");
    CHECK(body["timestamp"].is_string());
}

TEST_CASE("BSrE: a service slower than the timeout is given up on in time and not asked again") {
    BsreFixture f;
    office::BsreSettings quick = f.settings();
    quick.timeout_ms = 300;
    f.fake.delay_next(std::chrono::seconds(2));
    const auto started = std::chrono::steady_clock::now();
    const auto result = office::BsreClient(quick).sign_pdf(BsreFixture::request());
    const auto took = std::chrono::steady_clock::now() - started;
    CHECK(took < std::chrono::milliseconds(1200));
    CHECK(result.failure == office::BsreFailure::timeout);
    CHECK(result.http_status == 0);
    CHECK(result.message ==
          "Layanan tanda tangan elektronik BSrE tidak menjawab dalam 1 detik. Surat belum "
          "diterbitkan; coba lagi sebentar lagi.");
    CHECK(f.fake.requests().size() == 1);  // the outcome is unknown: no automatic second sign
}

TEST_CASE("BSrE: a service that cannot be reached is reported as unreachable") {
    office::BsreSettings settings;
    settings.username = kUsername;
    settings.password = kPassword;
    settings.connect_timeout_ms = 2000;
    settings.timeout_ms = 3000;
    SUBCASE("connection refused") {
        settings.base_url = "http://127.0.0.1:" + std::to_string(closed_port());
    }
    SUBCASE("unknown host") { settings.base_url = "http://esign.bsre.invalid"; }
    const auto result = office::BsreClient(settings).sign_pdf(BsreFixture::request());
    CAPTURE(result.detail);
    CHECK(result.failure == office::BsreFailure::unreachable);
    CHECK(result.http_status == 0);
    CHECK(result.message ==
          "Layanan tanda tangan elektronik BSrE tidak dapat dihubungi. Surat belum diterbitkan; "
          "coba lagi sebentar lagi, atau hubungi admin aplikasi bila masih gagal.");
}

TEST_CASE("BSrE: HTTP 500 and answers without a signed PDF are service failures") {
    BsreFixture f;
    SUBCASE("a PDF the service cannot read answers 500") {
        office::BsreSignRequest broken = BsreFixture::request();
        broken.pdf = "%PDF-1.7\nnot really a PDF\n";
        const auto result = f.sign(broken);
        CHECK(result.failure == office::BsreFailure::service_error);
        CHECK(result.http_status == 500);
        CHECK(result.message ==
              "Layanan tanda tangan elektronik BSrE sedang mengalami gangguan (kode 500). Surat "
              "belum diterbitkan; coba lagi sebentar lagi.");
        REQUIRE(f.fake.validation_errors().size() == 1);
        CHECK(contains(f.fake.validation_errors()[0], "file[0]: cannot be signed"));
    }
    SUBCASE("a proxy's HTML error page") {
        f.fake.answer_next(502, "<html><body>Bad Gateway</body></html>", "text/html");
        const auto result = f.sign(BsreFixture::request());
        CHECK(result.failure == office::BsreFailure::service_error);
        CHECK(contains(result.message, "(kode 502)"));
    }
    SUBCASE("HTTP 200 that is not JSON") {
        f.fake.answer_next(200, "<html>OK</html>", "text/html");
        const auto result = f.sign(BsreFixture::request());
        CHECK(result.failure == office::BsreFailure::invalid_answer);
        CHECK(result.message ==
              "Jawaban layanan tanda tangan elektronik BSrE tidak berisi surat yang sudah "
              "ditandatangani. Mohon hubungi admin aplikasi; surat belum diterbitkan.");
    }
    SUBCASE("HTTP 200 whose file is not a PDF") {
        f.fake.answer_next(
            200,
            json{{"time", 12}, {"file", {test::base64_encode("<html>not a pdf</html>")}}}.dump());
        const auto result = f.sign(BsreFixture::request());
        CHECK(result.failure == office::BsreFailure::invalid_answer);
        CHECK(contains(result.detail, "not a PDF"));
    }
    SUBCASE("HTTP 200 with an empty file list") {
        f.fake.answer_next(200, R"({"time": 12, "file": []})");
        CHECK(f.sign(BsreFixture::request()).failure == office::BsreFailure::invalid_answer);
    }
    CHECK(f.fake.signed_count() == 0);
}

TEST_CASE("BSrE answers are classified by status_code, then status and wording, then HTTP status") {
    struct Row {
        long http_status;
        std::string body;
        office::BsreFailure failure;
        std::string message_part;
    };
    using F = office::BsreFailure;
    const std::vector<Row> rows = {
        {400, R"({"error":"Passphrase anda salah","status_code":2031})", F::wrong_passphrase,
         "Passphrase salah"},
        {200, R"({"error":"Passphrase anda salah","status_code":2031})", F::wrong_passphrase,
         "Passphrase salah"},
        {400, R"({"error":"Passphrase anda salah","status_code":"2031"})", F::wrong_passphrase,
         "Passphrase salah"},
        {400, R"({"error":"User tidak terdaftar","status_code":2011})", F::not_registered,
         "belum terdaftar"},
        {404, R"({"message":"NIK tidak ditemukan","status":"NOT_REGISTERED"})", F::not_registered,
         "belum terdaftar"},
        {400, R"({"error":"Sertifikat tidak ditemukan","status_code":2021})",
         F::certificate_invalid, "belum memiliki"},
        {400, R"({"status":"NO_CERTIFICATE","status_code":2021})", F::certificate_invalid,
         "belum memiliki"},
        {400, R"({"error":"Certificate expired","status_code":2021})", F::certificate_invalid,
         "kedaluwarsa atau dicabut"},
        {400, R"({"error":"Sertifikat sudah kadaluarsa","status_code":2099})",
         F::certificate_invalid, "kedaluwarsa atau"},
        {400, R"({"error":"Sertifikat user telah dicabut","status_code":2098})",
         F::certificate_invalid, "dicabut"},
        {400, R"({"message":"user certificate revoked"})", F::certificate_invalid, "dicabut"},
        {400, R"({"status":"REVOKED"})", F::certificate_invalid, "kedaluwarsa atau dicabut"},
        {400, R"({"status":"EXPIRED","status_code":2040})", F::certificate_invalid,
         "kedaluwarsa atau dicabut"},
        {401,
         R"({"timestamp":"2026-12-04T05:00:00.000+00:00","status":401,"error":"Unauthorized","path":"/api/v2/sign/pdf"})",
         F::client_unauthorized, "akun aplikasi"},
        {401, "", F::client_unauthorized, "akun aplikasi"},
        {400, R"({"error":"Session expired","status_code":4001})", F::service_error,
         "menolak permintaan ini (kode 400)"},
        {500,
         R"({"timestamp":"x","status":500,"error":"Internal Server Error","path":"/api/v2/sign/pdf"})",
         F::service_error, "gangguan (kode 500)"},
        {503, "Service Unavailable", F::service_error, "gangguan (kode 503)"},
        {200, "", F::invalid_answer, "tidak berisi surat"},
        {200, R"({"time":1})", F::invalid_answer, "tidak berisi surat"},
        {200, R"({"time":1,"file":["%%%"]})", F::invalid_answer, "tidak berisi surat"},
        {200, R"({"time":1,"file":[42]})", F::invalid_answer, "tidak berisi surat"},
    };
    for (const auto& row : rows) {
        CAPTURE(row.http_status);
        CAPTURE(row.body);
        const auto result = office::read_bsre_sign_answer(row.http_status, row.body);
        CHECK(office::to_string(result.failure) == office::to_string(row.failure));
        CHECK(contains(result.message, row.message_part));
        CHECK(result.signed_pdf.empty());
    }
    // A MIME-style base64 answer (line breaks) is read too.
    std::string wrapped = test::base64_encode(letter());
    for (std::size_t at = 76; at < wrapped.size(); at += 78) wrapped.insert(at, "\r\n");
    const auto success =
        office::read_bsre_sign_answer(200, json{{"time", 5}, {"file", {wrapped}}}.dump());
    REQUIRE(success.ok());
    CHECK(success.signed_pdf == letter());
}

TEST_CASE("the BSrE LetterSigner signs with the signer's NIK, needs a passphrase, and names BSrE") {
    BsreFixture f;
    const office::BsreSigner signer(f.settings());
    CHECK(signer.needs_passphrase());
    CHECK(signer.certificate_note() ==
          "Dokumen ini ditandatangani secara elektronik menggunakan sertifikat elektronik yang "
          "diterbitkan oleh Balai Besar Sertifikasi Elektronik (BSrE), Badan Siber dan Sandi "
          "Negara.");
    config::Signer lurah{"lurah", "Andi Wijaya, S.Sos.", "", "Lurah Belimbing", false, "", "", "", kNik};
    services::SigningRequest request;
    request.pdf = letter();
    request.signer = &lurah;
    request.reason = kReason;
    request.location = kLocation;

    SUBCASE("signs") {
        request.passphrase = kPassphrase;
        const Result<std::string> signed_letter = signer.sign(request);
        REQUIRE(signed_letter);
        CHECK(signed_letter->compare(0, letter().size(), letter()) == 0);
        REQUIRE(f.fake.requests().size() == 1);
        CHECK(json::parse(f.fake.requests()[0].body)["nik"] == kNik);
    }
    SUBCASE("without a passphrase nothing is sent") {
        const Result<std::string> refused = signer.sign(request);
        REQUIRE_FALSE(refused);
        CHECK(refused.error().field == services::kPassphraseField);
        CHECK(refused.error().message ==
              "Ketik passphrase tanda tangan elektronik Anda untuk menerbitkan surat.");
        CHECK(signer.sign_letter(request).failure == office::BsreFailure::invalid_request);
        CHECK(f.fake.requests().empty());
    }
    SUBCASE("a signer without a NIK is refused before anything is sent") {
        lurah.nik.clear();
        request.passphrase = kPassphrase;
        const Result<std::string> refused = signer.sign(request);
        REQUIRE_FALSE(refused);
        CHECK(refused.error().field == "tanda_tangan");
        CHECK(contains(refused.error().message,
                       "NIK Andi Wijaya, S.Sos. untuk tanda tangan elektronik BSrE belum diatur"));
        CHECK(f.fake.requests().empty());
    }
    SUBCASE("a wrong passphrase is a Problem for the signer, and its kind stays visible") {
        request.passphrase = "Kunci-Salah#0000";
        const Result<std::string> refused = signer.sign(request);
        REQUIRE_FALSE(refused);
        CHECK(refused.error().field == services::kPassphraseField);
        CHECK(refused.error().message ==
              "Passphrase salah. Periksa lalu ketik ulang; surat belum diterbitkan.");
        CHECK(signer.sign_letter(request).failure == office::BsreFailure::wrong_passphrase);
    }
}

TEST_CASE("BSrE: no passphrase or client credential in any message, log line or exception") {
    BsreFixture f;
    const std::string basic = test::base64_encode(std::string(kUsername) + ":" + kPassword);
    std::vector<std::string>
        texts;  // every message and detail, every log line, every exception text
    LogCapture log;
    auto collect = [&](const office::BsreSignResult& result) {
        CAPTURE(office::to_string(result.failure));
        CHECK_FALSE(result.ok());
        CHECK_FALSE(result.message.empty());
        texts.push_back(result.message);
        texts.push_back(result.detail);
    };
    const office::BsreSigner signer(f.settings());
    config::Signer lurah{"lurah", "Andi Wijaya, S.Sos.", "", "Lurah Belimbing", false, "", "", "", kNik};
    auto sign_as = [&](const config::Signer& who, const std::string& passphrase,
                       const office::BsreSigner& with) {
        services::SigningRequest request;
        request.pdf = letter();
        request.signer = &who;
        request.passphrase = passphrase;
        request.reason = kReason;
        request.location = kLocation;
        const auto result = with.sign_letter(request);
        collect(result);
        const Result<std::string> as_problem = with.sign(request);
        REQUIRE_FALSE(as_problem);
        texts.push_back(as_problem.error().message);
    };

    // The signer's passphrase: wrong, then the right one with every other failure.
    sign_as(lurah, "Kunci-Salah#0000", signer);
    config::Signer stranger = lurah;
    stranger.nik = kUnknownNik;
    sign_as(stranger, kPassphrase, signer);
    f.fake.set_certificate(kNik, test::FakeBsre::Certificate::expired);
    sign_as(lurah, kPassphrase, signer);
    f.fake.set_certificate(kNik, test::FakeBsre::Certificate::valid);
    {
        office::BsreSettings wrong = f.settings();
        wrong.password = "Sandi-Lama!1111";
        sign_as(lurah, kPassphrase, office::BsreSigner(wrong));
    }
    {
        office::BsreSettings quick = f.settings();
        quick.timeout_ms = 300;
        f.fake.delay_next(std::chrono::seconds(2));
        collect(office::BsreClient(quick).sign_pdf(BsreFixture::request()));
    }
    {
        office::BsreSettings nowhere = f.settings();
        nowhere.base_url = "http://127.0.0.1:" + std::to_string(closed_port());
        sign_as(lurah, kPassphrase, office::BsreSigner(nowhere));
    }
    {
        office::BsreSignRequest broken = BsreFixture::request();
        broken.pdf = "%PDF-1.7\nnot really a PDF\n";
        collect(office::BsreClient(f.settings()).sign_pdf(broken));
    }
    f.fake.answer_next(200, "<html>OK</html>", "text/html");
    collect(office::BsreClient(f.settings()).sign_pdf(BsreFixture::request()));
    // A service that echoes what it was sent: the detail is scrubbed.
    f.fake.answer_next(
        400, json{{"error", std::string("Passphrase ") + kPassphrase + " salah untuk " + kUsername +
                                ":" + kPassword + " (" + basic + ")"},
                  {"status_code", 2031}}
                 .dump());
    f.fake.answer_next(
        400, json{{"error", std::string("Passphrase ") + kPassphrase + " salah untuk " + kUsername +
                                ":" + kPassword + " (" + basic + ")"},
                  {"status_code", 2031}}
                 .dump());
    sign_as(lurah, kPassphrase, signer);
    CHECK(contains(texts[texts.size() - 2], "[disembunyikan]"));
    // Refused before sending.
    sign_as(lurah, "", signer);
    config::Signer without_nik = lurah;
    without_nik.nik.clear();
    sign_as(without_nik, kPassphrase, signer);

    // Settings that are refused name no secret either.
    for (const std::string& url :
         {std::string("http://") + kUsername + ":" + kPassword + "@127.0.0.1:9",
          std::string("ftp://127.0.0.1/") + kPassword}) {
        office::BsreSettings bad = f.settings();
        bad.base_url = url;
        try {
            office::BsreClient client(bad);
            FAIL("settings accepted: " << url);
        } catch (const std::exception& e) {
            texts.emplace_back(e.what());
        }
    }
    {
        office::BsreSettings bad = f.settings();
        bad.password = std::string(kPassword) + "\n";
        try {
            office::BsreClient client(bad);
            FAIL("a password with a line break was accepted");
        } catch (const std::exception& e) {
            texts.emplace_back(e.what());
        }
    }

    texts.push_back(log.text());
    CHECK(contains(log.text(), "wrong_passphrase"));  // the log lines were captured
    for (const auto& text : texts) {
        CAPTURE(text);
        CHECK_FALSE(contains(text, kPassphrase));
        CHECK_FALSE(contains(text, kPassword));
        CHECK_FALSE(contains(text, kUsername));
        CHECK_FALSE(contains(text, basic));
        CHECK_FALSE(contains(text, kNik));  // NIK only masked
    }
}

TEST_SUITE_END();
