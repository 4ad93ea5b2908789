#include <doctest/doctest.h>

#include <fstream>

#include "backoffice/letters/pades_signature.h"
#include "shared/db/store.h"
#include "shared/util/password.h"
#include "shared/util/text.h"
#include "tests/support/sql_value.h"
#include "tests/support/fake_bsre.h"
#include "tests/support/office_client.h"
#include "tests/support/pdfsig.h"
#include "tests/support/process.h"
#include "tests/support/test_config.h"

// Electronically signed letters through the running back office: what pdfsig says of an issued
// letter once the kelurahan's CA is trusted, batch signing, and a signer that cannot sign.

TEST_SUITE_BEGIN("e2e");

using namespace ekel;
using test::kPassword;
using test::OfficeClient;
using test::OfficeFixture;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string saved(const test::TempDir& dir, const std::string& name, const std::string& bytes) {
    const std::string path = dir.file(name);
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
}

}  // namespace

TEST_CASE_FIXTURE(OfficeFixture, "an issued letter carries a PAdES signature over the whole file that pdfsig trusts, with the block printed") {
    const std::string code = approved_request(1, "Siti Rahma Wati");
    OfficeClient lurah(port);
    REQUIRE(lurah.login("lurah", kPassword));
    lurah.get("/permohonan/" + code);
    REQUIRE(lurah.post("/permohonan/" + code + "/terbitkan").status == 200);
    db::Store store(h.config.database.target(), 5000);
    auto letter = store.letters.find_by_request(request(code).id);
    REQUIRE(letter);
    const std::string pdf = lurah.get("/surat/" + letter->verification_token + ".pdf").body;
    CHECK(sha256_hex(pdf) == letter->pdf_sha256);  // what is stored is what was signed

    test::TempDir dir;
    const std::string path = saved(dir, "surat.pdf", pdf);
    const std::string report = test::Pdfsig(test::test_signing_ca_pem()).report(path);
    INFO(report);
    CHECK(contains(report, "Signer Certificate Common Name: Lurah Uji"));
    CHECK(contains(report, "Signature Type: ETSI.CAdES.detached"));
    CHECK(contains(report, "Total document signed"));
    CHECK(contains(report, "Signature Validation: Signature is Valid."));
    CHECK(contains(report, "Certificate Validation: Certificate is Trusted."));

    // The visible block beside the QR: who, as what, when, and that it is electronic.
    const auto text = test::run_process("/usr/bin/pdftotext", {path, "-"}, {}, "/", dir.file("text"));
    CHECK(contains(text.out, "Ditandatangani secara elektronik"));
    CHECK(contains(text.out, "27 November 2026 pukul"));
    CHECK(contains(text.out, "WITA"));
    CHECK(contains(text.out, h.config.kelurahan.lurah_name));
    CHECK(contains(text.out, "NIP. " + h.config.kelurahan.lurah_nip));

    // One byte changed: pdfsig says the document was altered.
    std::string altered = pdf;
    const std::size_t producer = altered.find("/Producer");  // content streams are compressed: change the info
    REQUIRE(producer != std::string::npos);
    altered[producer + 1] = 'p';
    const std::string altered_report = test::Pdfsig(test::test_signing_ca_pem()).report(saved(dir, "ubah.pdf", altered));
    INFO(altered_report);
    CHECK(contains(altered_report, "Signature Validation: Digest Mismatch."));
}

TEST_CASE_FIXTURE(OfficeFixture, "the lurah signs several letters at once with a result for each") {
    const std::string first = approved_request(1, "Siti Rahma Wati");
    const std::string second = approved_request(2, "Budi Hartono");
    OfficeClient lurah(port);
    REQUIRE(lurah.login("lurah", kPassword));
    auto page = lurah.get("/surat/tandatangani");
    REQUIRE(page.status == 200);
    CHECK(contains(page.body, "id=\"pick-" + first + "\""));
    CHECK(contains(page.body, "id=\"pick-" + second + "\""));
    CHECK_FALSE(contains(page.body, "name=\"passphrase\""));  // local keys: nothing to type

    auto done = lurah.post_repeated("/surat/tandatangani", {{"permohonan", first}, {"permohonan", second}});
    REQUIRE(done.status == 200);
    const std::string text = test::page_text(done.body);
    CHECK(contains(text, "Terbit: 400.12.2.1/001/KEL-BLB/XI/2026"));
    CHECK(contains(text, "Terbit: 400.12.2.1/002/KEL-BLB/XI/2026"));
    CHECK(contains(text, "2 dari 2 surat terbit"));
    CHECK(request(first).status == domain::RequestStatus::issued);
    CHECK(request(second).status == domain::RequestStatus::issued);
    CHECK(contains(test::page_text(done.body), "Tidak ada surat yang menunggu tanda tangan."));

    // Only the lurah signs.
    OfficeClient clerk(port);
    REQUIRE(clerk.login("operator", kPassword));
    CHECK(clerk.get("/surat/tandatangani").status == 403);
}

TEST_CASE_FIXTURE(OfficeFixture, "with BSrE the lurah types the passphrase: a wrong one or an expired certificate leaves no letter and no number") {
    const std::string nik = "6474031208800001";
    test::FakeBsre bsre("ekel-klien", "rahasia-klien-bsre");
    bsre.add_account(nik, "passphrase-benar", office::SigningKey::from_pkcs12(test::test_signing_pkcs12(),
                                                                               test::kTestSigningPassword));
    h.config.signing.method = "bsre";
    h.config.signing.bsre_url = bsre.base_url();
    h.config.signing.bsre_username = "ekel-klien";
    h.config.signing.bsre_password = "rahasia-klien-bsre";
    h.config.signing.bsre_timeout_seconds = 10;
    h.config.signing.trusted_certificates = {test::test_signing_ca_pem()};  // stands in for BSrE's root
    for (auto& signer : h.config.signers) signer.nik = nik;
    restart_office();

    const std::string code = approved_request(1, "Siti Rahma Wati");
    OfficeClient lurah(port);
    REQUIRE(lurah.login("lurah", kPassword));
    CHECK(contains(lurah.get("/permohonan/" + code).body, "name=\"passphrase\""));
    db::Store store(h.config.database.target(), 5000);
    const auto rows = [&](const std::string& table) { return test::sql_value(store.db(), "SELECT COUNT(*) FROM " + table).getInt(); };

    auto wrong = lurah.post("/permohonan/" + code + "/terbitkan", {{"passphrase", "passphrase-keliru"}});
    CHECK(wrong.status == 409);
    CHECK(contains(test::page_text(wrong.body), "Passphrase salah"));
    CHECK_FALSE(contains(wrong.body, "passphrase-keliru"));  // never echoed back into the page
    CHECK(rows("letters") == 0);
    CHECK(rows("letter_sequences") == 0);
    CHECK(request(code).status == domain::RequestStatus::rt_approved);

    bsre.set_certificate(nik, test::FakeBsre::Certificate::expired);
    lurah.get("/permohonan/" + code);
    auto expired = lurah.post("/permohonan/" + code + "/terbitkan", {{"passphrase", "passphrase-benar"}});
    CHECK(expired.status == 409);
    CHECK(contains(test::page_text(expired.body), "kedaluwarsa"));
    CHECK(rows("letters") == 0);

    bsre.set_certificate(nik, test::FakeBsre::Certificate::valid);
    lurah.get("/permohonan/" + code);
    auto issued = lurah.post("/permohonan/" + code + "/terbitkan", {{"passphrase", "passphrase-benar"}});
    CHECK(issued.status == 200);
    auto letter = store.letters.find_by_request(request(code).id);
    REQUIRE(letter);
    CHECK(letter->number == "400.12.2.1/001/KEL-BLB/XI/2026");  // the failed attempts used no number
    CHECK(bsre.validation_errors().empty());
    // BSrE's signature over our rendered letter (with its block and the BSrE sentence), as stored.
    const std::string pdf = test::read_text_file(letter->pdf_path);
    test::TempDir dir;
    const auto text = test::run_process("/usr/bin/pdftotext", {saved(dir, "surat.pdf", pdf), "-"}, {}, "/", dir.file("t"));
    CHECK(contains(text.out, "Balai Besar Sertifikasi Elektronik (BSrE)"));
    CHECK(contains(test::page_text(OfficeClient(port).get("/verifikasi/" + letter->verification_token).body),
                   "Tanda tangan elektronik sah"));
    // The passphrases went to BSrE only: nothing of them in the database.
    for (const char* secret : {"passphrase-keliru", "passphrase-benar", "rahasia-klien-bsre"}) {
        if (!test::on_postgresql()) CHECK_FALSE(contains(test::read_text_file(h.config.database.path), secret));
    }

    // A batch with a wrong passphrase stops at the first letter: BSrE is not asked again.
    const std::string second = approved_request(2, "Budi Hartono");
    const std::string third = approved_request(3, "Rina Marlina");
    const auto asked_before = bsre.requests().size();
    lurah.get("/surat/tandatangani");
    auto batch = lurah.post_repeated("/surat/tandatangani",
                                     {{"permohonan", second}, {"permohonan", third}, {"passphrase", "keliru-lagi"}});
    const std::string batch_text = test::page_text(batch.body);
    CHECK(contains(batch_text, "Passphrase salah"));
    CHECK(contains(batch_text, "Tidak diproses"));
    CHECK(contains(batch_text, "0 dari 2 surat terbit"));
    CHECK(bsre.requests().size() == asked_before + 1);
}

TEST_CASE("a signer whose key cannot be opened stops ekel-office at start with one line naming the signer") {
    test::TempDir dir;
    const std::string config = test::repo_path("config/ekelurahan.toml");
    auto start = [&](std::map<std::string, std::string> env, const std::string& run) {
        env.emplace("EKEL_DATABASE_PATH", dir.file("x.db"));
        env.emplace("EKEL_OFFICE_PORT", std::to_string(test::free_port()));
        return test::run_process(EKEL_OFFICE_BINARY, {"--config", config, "serve"}, env, test::repo_path(""),
                                 dir.file(run));
    };
    auto missing = start({}, "missing");
    CHECK(missing.exit_code == 78);
    CHECK(missing.err.starts_with("ekel-office: " + config + ": [[signer]] lurah: signing key " + dir.file("signing/lurah.p12") +
                                  ": cannot be read"));
    CHECK(contains(missing.err, "ekel-office signing-cert"));

    std::filesystem::create_directories(dir.file("signing"));
    std::filesystem::copy_file(test::test_signing_pkcs12(), dir.file("signing/lurah.p12"));
    auto wrong = start({{"EKEL_SIGNER_LURAH_PASSWORD", "bukan-kata-sandinya"}}, "wrong");
    CHECK(wrong.exit_code == 78);
    CHECK(wrong.err.starts_with("ekel-office: " + config + ": [[signer]] lurah: signing key " + dir.file("signing/lurah.p12") +
                                ": wrong password or damaged file"));
    CHECK_FALSE(contains(wrong.err, "bukan-kata-sandinya"));
}

TEST_SUITE_END();
