#include "backoffice/letters/pades_signature.h"

#include <doctest/doctest.h>

#include <cstdio>
#include <string>

#include "backoffice/letters/letter_pdf.h"
#include "backoffice/letters/sample_letter.h"
#include "backoffice/letters/signing_certificate.h"
#include "shared/util/error.h"
#include "tests/support/temp_dir.h"

// PAdES signatures checked the way an institution checks them: poppler's pdfsig against an NSS
// database that trusts a throwaway kelurahan CA, and OpenSSL's CAdES verification of the CMS.

TEST_SUITE_BEGIN("office");

using namespace ekel;

namespace {

struct Command {
    int status = 0;
    std::string output;
};

Command run(const std::string& command) {
    FILE* pipe = popen((command + " 2>&1").c_str(), "r");
    REQUIRE(pipe != nullptr);
    Command result;
    char buffer[4096];
    std::size_t read = 0;
    while ((read = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.output.append(buffer, read);
    result.status = pclose(pipe);
    return result;
}

void must_run(const std::string& command) {
    const Command done = run(command);
    INFO(command << "\n" << done.output);
    REQUIRE(done.status == 0);
}

/// A kelurahan CA, a signer certificate issued by it in a PKCS#12 file, and an NSS database
/// that trusts the CA for signatures (as a reader's PDF viewer would after importing it).
struct TestPki {
    test::TempDir dir;
    std::string p12 = dir.file("lurah.p12");
    std::string nss = "sql:" + dir.file("nssdb");

    TestPki() {
        const std::string d = "'" + dir.path().string() + "/";
        must_run("openssl req -x509 -newkey rsa:2048 -nodes -keyout " + d + "ca.key' -out " + d +
                 "ca.pem' -days 30 -subj '/O=Kelurahan Uji/CN=Kelurahan Uji CA' "
                 "-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign");
        must_run("openssl req -newkey rsa:2048 -nodes -keyout " + d + "lurah.key' -out " + d +
                 "lurah.csr' -subj '/O=Kelurahan Uji/CN=Lurah Uji'");
        dir.write("ext.cnf", "keyUsage=critical,digitalSignature,nonRepudiation\nextendedKeyUsage=emailProtection\n");
        must_run("openssl x509 -req -in " + d + "lurah.csr' -CA " + d + "ca.pem' -CAkey " + d +
                 "ca.key' -CAcreateserial -out " + d + "lurah.pem' -days 30 -extfile " + d + "ext.cnf'");
        must_run("openssl pkcs12 -export -inkey " + d + "lurah.key' -in " + d + "lurah.pem' -certfile " + d +
                 "ca.pem' -out '" + p12 + "' -passout pass:rahasia-uji");
        must_run("mkdir " + d + "nssdb' && certutil -N -d '" + nss + "' --empty-password");
        must_run("certutil -A -d '" + nss + "' -n 'Kelurahan Uji CA' -t C,C,C -i " + d + "ca.pem'");
    }

    std::string pdfsig(const std::string& pdf) {
        const std::string path = dir.write("checked.pdf", pdf);
        return run("TZ=UTC pdfsig -nssdir '" + nss + "' '" + path + "'").output;
    }
};

office::SignatureDetails details() {
    office::SignatureDetails d;
    d.signed_at = std::chrono::sys_days(std::chrono::year(2026) / 12 / 4) + std::chrono::hours(2);
    d.reason = "Surat keterangan Kelurahan Belimbing";
    d.location = "Bontang";
    return d;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("a signed letter is a PAdES B-B signature over the whole file that pdfsig trusts") {
    TestPki pki;
    const auto key = office::SigningKey::from_pkcs12(pki.p12, "rahasia-uji");
    CHECK(key.common_name() == "Lurah Uji");
    const std::string letter = office::render_letter_pdf(office::sample_letter());
    const std::string signed_letter = office::sign_pdf(letter, key, details());

    CHECK(signed_letter.compare(0, letter.size(), letter) == 0);  // an incremental update
    const std::string report = pki.pdfsig(signed_letter);
    CAPTURE(report);
    CHECK(contains(report, "Signature Type: ETSI.CAdES.detached"));
    CHECK(contains(report, "Signing Hash Algorithm: SHA-256"));
    CHECK(contains(report, "Total document signed"));
    CHECK(contains(report, "Signature Validation: Signature is Valid."));
    CHECK(contains(report, "Certificate Validation: Certificate is Trusted."));
    CHECK(contains(report, "Signer Certificate Common Name: Lurah Uji"));
    CHECK(contains(report, "Signing Time: Dec 04 2026 02:00:00"));  // /M: 10.00 WITA, shown in UTC
    // The text of the letter is unchanged for readers.
    const std::string path = pki.dir.write("text.pdf", signed_letter);
    CHECK(run("pdftotext '" + path + "' - | grep -c 'SURAT'").status == 0);
}

TEST_CASE("the CMS carries signing-certificate-v2 and no signing-time, and OpenSSL's CAdES check accepts it") {
    TestPki pki;
    const auto key = office::SigningKey::from_pkcs12(pki.p12, "rahasia-uji");
    const std::string signed_letter = office::sign_pdf(office::render_letter_pdf(office::sample_letter()), key, details());
    pki.dir.write("signed.pdf", signed_letter);
    const std::string d = "cd '" + pki.dir.path().string() + "' && ";
    // The /Contents as DER and the covered bytes, by the ByteRange, as a validator reads them.
    must_run(d + "pdfsig -dump signed.pdf > /dev/null");
    const Command attributes = run(d + "openssl cms -cmsout -print -inform DER -in signed.pdf.sig0 | grep 'object:'");
    CAPTURE(attributes.output);
    CHECK(contains(attributes.output, "id-smime-aa-signingCertificateV2"));
    CHECK(contains(attributes.output, "messageDigest"));
    CHECK(contains(attributes.output, "contentType"));
    CHECK_FALSE(contains(attributes.output, "signingTime"));
    must_run(d + "set -- $(grep -a -o '/ByteRange \\[[0-9 ]*' signed.pdf | tail -1 | tr -d '/ByteRange[') && "
                 "{ head -c $2 signed.pdf; tail -c $4 signed.pdf; } > covered.bin");
    const Command verified = run(d + "openssl cms -verify -binary -inform DER -in signed.pdf.sig0 -content covered.bin "
                                     "-CAfile ca.pem -purpose any -cades -out /dev/null");
    CAPTURE(verified.output);
    CHECK(verified.status == 0);
}

TEST_CASE("a signed letter changed by one byte is reported as altered") {
    TestPki pki;
    const auto key = office::SigningKey::from_pkcs12(pki.p12, "rahasia-uji");
    std::string altered = office::sign_pdf(office::render_letter_pdf(office::sample_letter()), key, details());
    const std::size_t at = altered.find("/Producer");
    REQUIRE(at != std::string::npos);
    altered[at + 1] = 'p';
    const std::string report = pki.pdfsig(altered);
    CAPTURE(report);
    CHECK(contains(report, "Signature Validation: Digest Mismatch."));
    CHECK_FALSE(contains(report, "Signature is Valid."));
}

TEST_CASE("a pilot CA and signer made by the office sign letters that pdfsig trusts once the CA is imported") {
    for (const std::string algorithm : {"p-256", "rsa-3072"}) {
        CAPTURE(algorithm);
        office::PilotSigner signer;
        signer.kelurahan = "Belimbing";
        signer.name = "Andi Wijaya, S.Sos.";
        signer.position = "Lurah";
        signer.nip = "197805122005011003";
        signer.algorithm = algorithm;
        const auto made = office::make_pilot_certificates(signer, "kata-sandi-pilot", details().signed_at);
        test::TempDir dir;
        const std::string p12 = dir.write("lurah.p12", made.signer_pkcs12);
        const std::string ca = dir.write("ca.pem", made.ca_pem);
        CHECK(made.ca_pem.find("PRIVATE KEY") == std::string::npos);
        const Command shown = run("openssl x509 -in '" + ca + "' -noout -fingerprint -sha256 -subject");
        CHECK(contains(shown.output, "Fingerprint=" + made.ca_fingerprint));
        CHECK(contains(shown.output, "CN = Kelurahan Belimbing CA"));

        const auto key = office::SigningKey::from_pkcs12(p12, "kata-sandi-pilot");
        CHECK(key.common_name() == "Andi Wijaya, S.Sos.");
        const std::string signed_letter =
            office::sign_pdf(office::render_letter_pdf(office::sample_letter()), key, details());
        const std::string nss = "sql:" + dir.file("nssdb");
        must_run("mkdir '" + dir.file("nssdb") + "' && certutil -N -d '" + nss + "' --empty-password");
        const std::string letter = dir.write("signed.pdf", signed_letter);
        CHECK(contains(run("pdfsig -nssdir '" + nss + "' '" + letter + "'").output, "Certificate issuer isn't Trusted."));
        must_run("certutil -A -d '" + nss + "' -n 'Kelurahan Belimbing CA' -t C,C,C -i '" + ca + "'");
        const std::string report = run("pdfsig -nssdir '" + nss + "' '" + letter + "'").output;
        CAPTURE(report);
        CHECK(contains(report, "Signature is Valid."));
        CHECK(contains(report, "Certificate is Trusted."));
        CHECK(contains(report, "Total document signed"));
    }
}

TEST_CASE("a signing key with the wrong password or a missing file is refused, naming the file") {
    TestPki pki;
    CHECK_THROWS_WITH_AS(office::SigningKey::from_pkcs12(pki.p12, "salah"),
                         doctest::Contains(("signing key " + pki.p12 + ": wrong password").c_str()), Error);
    CHECK_THROWS_WITH_AS(office::SigningKey::from_pkcs12(pki.dir.file("tidak-ada.p12"), "x"),
                         doctest::Contains("tidak-ada.p12: cannot be read"), Error);
}

TEST_SUITE_END();
