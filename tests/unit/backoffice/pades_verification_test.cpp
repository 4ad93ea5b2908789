#include "backoffice/letters/pades_verification.h"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "backoffice/letters/letter_pdf.h"
#include "backoffice/letters/pades_signature.h"
#include "backoffice/letters/sample_letter.h"
#include "backoffice/letters/signing_certificate.h"
#include "shared/util/error.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

// Signatures made by our signer, by `openssl cms -sign` and by poppler's pdfsig, checked by the
// verifier behind the public verification page; then the same files changed, cut and broken.

namespace doctest {
template <>
struct StringMaker<ekel::office::SignatureVerdict::Status> {
    static String convert(ekel::office::SignatureVerdict::Status status) {
        return String(std::string(ekel::office::to_string(status)).c_str());
    }
};
}  // namespace doctest

TEST_SUITE_BEGIN("office");

using namespace ekel;
using Status = office::SignatureVerdict::Status;

namespace {

constexpr const char* kPassword = "kata-sandi-uji";

TimePoint utc(int year, unsigned month, unsigned day, int hour = 0, int minute = 0) {
    return std::chrono::sys_days(std::chrono::year(year) / month / day) + std::chrono::hours(hour) +
           std::chrono::minutes(minute);
}

/// 10.00 WITA on 4 December 2026.
const TimePoint kSigningTime = utc(2026, 12, 4, 2);

/// A kelurahan CA and its signer, made the way `ekel-office signing-cert` makes them.
struct Pilot {
    office::PilotCertificates made;
    office::SigningKey key;
};

Pilot make_pilot(const std::string& kelurahan, const std::string& name, TimePoint now, int valid_days = 730,
                 const std::string& algorithm = "p-256") {
    office::PilotSigner signer;
    signer.kelurahan = kelurahan;
    signer.name = name;
    signer.position = "Lurah";
    signer.algorithm = algorithm;
    signer.valid_days = valid_days;
    office::PilotCertificates made = office::make_pilot_certificates(signer, kPassword, now);
    const test::TempDir dir;
    office::SigningKey key = office::SigningKey::from_pkcs12(dir.write("signer.p12", made.signer_pkcs12), kPassword);
    return Pilot{std::move(made), std::move(key)};
}

const std::string& letter() {
    static const std::string pdf = office::render_letter_pdf(office::sample_letter());
    return pdf;
}

std::string sign_letter(const Pilot& pilot, TimePoint at = kSigningTime, int utc_offset_minutes = 8 * 60) {
    office::SignatureDetails details;
    details.signed_at = at;
    details.utc_offset_minutes = utc_offset_minutes;
    details.reason = "Surat keterangan Kelurahan Belimbing";
    details.location = "Bontang";
    return office::sign_pdf(letter(), pilot.key, details);
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

/// The offsets of the signature's hex string: '<' at `open`, '>' at `close`.
struct Gap {
    std::size_t open = 0;
    std::size_t close = 0;
};

Gap contents_gap(const std::string& pdf) {
    const std::size_t key = pdf.rfind("/Contents <");
    REQUIRE(key != std::string::npos);
    Gap gap;
    gap.open = key + 10;
    gap.close = pdf.find('>', gap.open);
    REQUIRE(gap.close != std::string::npos);
    return gap;
}

/// The DER length of the CMS at the start of the hex string (a definite-length SEQUENCE).
std::size_t der_length(const std::string& pdf, const Gap& gap) {
    const std::string head = pdf.substr(gap.open + 1, 8);
    REQUIRE(head.substr(0, 4) == "3082");  // SEQUENCE, two length bytes
    return 4 + std::stoul(head.substr(4, 4), nullptr, 16);
}

/// Runs a program (by absolute path, no shell) in `dir`.
test::RunResult run(const test::TempDir& dir, const std::string& program, const std::vector<std::string>& args) {
    static int runs = 0;
    return test::run_process(program, args, {}, dir.path().string(), dir.file("run-" + std::to_string(++runs)));
}

void must_run(const test::TempDir& dir, const std::string& program, const std::vector<std::string>& args) {
    const test::RunResult done = run(dir, program, args);
    INFO(program << "\n" << done.out << done.err);
    REQUIRE(done.exit_code == 0);
}

std::string hex_upper(const std::string& bytes) {
    std::string out;
    for (unsigned char c : bytes) out += fmt::format("{:02X}", c);
    return out;
}

/// A one-object PDF whose signature dictionary is written by hand and signed with
/// `openssl cms -sign` by the pilot's signer: a producer other than ours, with any /M text.
/// `gap_key` names the entry whose hex string the /ByteRange leaves out.
class HandMadeSignature {
public:
    explicit HandMadeSignature(const Pilot& pilot) {
        const std::string p12 = dir_.write("signer.p12", pilot.made.signer_pkcs12);
        must_run(dir_, "/usr/bin/openssl",
                 {"pkcs12", "-in", p12, "-passin", std::string("pass:") + kPassword, "-clcerts", "-nokeys", "-out",
                  dir_.file("signer.pem")});
        must_run(dir_, "/usr/bin/openssl",
                 {"pkcs12", "-in", p12, "-passin", std::string("pass:") + kPassword, "-nocerts", "-nodes", "-out",
                  dir_.file("signer.key")});
    }

    std::string pdf(const std::string& m, const std::string& extra_entries = "",
                    const std::string& gap_key = "/Contents") const {
        const std::string placeholder = "[0 0000000000 0000000000 0000000000]";
        std::string pdf = "%PDF-1.7\n1 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached";
        if (!m.empty()) pdf += " /M " + m;
        pdf += extra_entries + " /ByteRange " + placeholder + " " + gap_key + " <";
        const std::size_t b = pdf.size() - 1;
        pdf += std::string(8192, '0') + "> >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
        const std::size_t c = b + 8192 + 2;
        const std::string range = fmt::format("[0 {:010} {:010} {:010}]", b, c, pdf.size() - c);
        pdf.replace(pdf.find(placeholder), placeholder.size(), range);

        dir_.write("covered.bin", pdf.substr(0, b) + pdf.substr(c));
        must_run(dir_, "/usr/bin/openssl",
                 {"cms", "-sign", "-binary", "-md", "sha256", "-nosmimecap", "-outform", "DER", "-in",
                  dir_.file("covered.bin"), "-signer", dir_.file("signer.pem"), "-inkey", dir_.file("signer.key"),
                  "-out", dir_.file("signature.der")});
        const std::string hex = hex_upper(test::read_text_file(dir_.file("signature.der")));
        REQUIRE(hex.size() <= 8192);
        pdf.replace(b + 1, hex.size(), hex);
        return pdf;
    }

private:
    test::TempDir dir_;
};

}  // namespace

TEST_CASE("a signed letter is valid, names its signer, and is dated by its /M") {
    const Pilot pilot = make_pilot("Belimbing", "Andi Wijaya, S.Sos.", kSigningTime - std::chrono::hours(24));
    const office::SignatureVerifier verifier({pilot.made.ca_pem});
    const office::SignatureVerdict verdict = verifier.verify(sign_letter(pilot));
    CAPTURE(verdict.detail);
    CHECK(verdict.status == Status::valid);
    CHECK(verdict.signer_name == "Andi Wijaya, S.Sos.");
    REQUIRE(verdict.signed_at.has_value());
    CHECK(*verdict.signed_at == kSigningTime);
    CHECK(verdict.covers_whole_document);
    CHECK(office::describe_for_public(verdict) ==
          "Tanda tangan elektronik sah, ditandatangani oleh Andi Wijaya, S.Sos. Isi berkas tidak berubah sejak "
          "ditandatangani.");

    SUBCASE("in any zone: /M with +07'00', +00'00' and -03'30' is the same moment") {
        for (const int offset : {7 * 60, 0, -(3 * 60 + 30)}) {
            CAPTURE(offset);
            const auto zoned = verifier.verify(sign_letter(pilot, kSigningTime, offset));
            CHECK(zoned.status == Status::valid);
            REQUIRE(zoned.signed_at.has_value());
            CHECK(*zoned.signed_at == kSigningTime);
        }
    }
    SUBCASE("a name outside ASCII comes back as UTF-8") {
        const Pilot other = make_pilot("Belimbing", "Yohanes Rafaél Sitompul", kSigningTime - std::chrono::hours(24));
        const auto named = office::SignatureVerifier({other.made.ca_pem}).verify(sign_letter(other));
        CHECK(named.status == Status::valid);
        CHECK(named.signer_name == "Yohanes Rafaél Sitompul");
    }
}

TEST_CASE("a letter changed by one byte after signing is altered") {
    const Pilot pilot = make_pilot("Belimbing", "Andi Wijaya, S.Sos.", kSigningTime - std::chrono::hours(24));
    const office::SignatureVerifier verifier({pilot.made.ca_pem});
    std::string changed = sign_letter(pilot);
    const Gap gap = contents_gap(changed);

    SUBCASE("in the letter itself") {
        changed[letter().size() / 2] ^= 0x01;
    }
    SUBCASE("in the signature dictionary's update, after the signature value") {
        const std::size_t at = changed.find("endobj", gap.close);
        REQUIRE(at != std::string::npos);
        changed[at] = 'E';
    }
    SUBCASE("in the signature value itself") {
        const std::size_t last = gap.open + 2 * der_length(changed, gap);  // the last hex digit of the DER
        changed[last] = changed[last] == '0' ? '1' : '0';
    }
    const office::SignatureVerdict verdict = verifier.verify(changed);
    CAPTURE(verdict.detail);
    CHECK(verdict.status == Status::altered);
    CHECK(verdict.covers_whole_document);
    CHECK(verdict.signer_name == "Andi Wijaya, S.Sos.");  // what the signature claims
    CHECK(contains(verdict.detail, "do not match"));
    const std::string told = office::describe_for_public(verdict);
    CHECK(told == "Isi berkas sudah diubah setelah ditandatangani, sehingga tanda tangan elektroniknya tidak berlaku "
                  "untuk berkas ini.");
    CHECK_FALSE(contains(told, "Andi"));
}

TEST_CASE("bytes added after the signed range make a letter altered and not signed as a whole") {
    const Pilot pilot = make_pilot("Belimbing", "Andi Wijaya, S.Sos.", kSigningTime - std::chrono::hours(24));
    const office::SignatureVerifier verifier({pilot.made.ca_pem});
    const std::string signed_letter = sign_letter(pilot);
    for (const std::string& added : {std::string("\n"), std::string("4 0 obj\n<< /Type /Page >>\nendobj\n%%EOF\n")}) {
        CAPTURE(added);
        const office::SignatureVerdict verdict = verifier.verify(signed_letter + added);
        CAPTURE(verdict.detail);
        CHECK(verdict.status == Status::altered);
        CHECK_FALSE(verdict.covers_whole_document);
        CHECK(contains(verdict.detail, fmt::format("{} bytes were added", added.size())));
    }
}

TEST_CASE("a letter whose signer another kelurahan's CA did not issue is untrusted") {
    const Pilot pilot = make_pilot("Belimbing", "Andi Wijaya, S.Sos.", kSigningTime - std::chrono::hours(24));
    const Pilot other = make_pilot("Api-Api", "Budi Santoso", kSigningTime - std::chrono::hours(24));
    const std::string signed_letter = sign_letter(pilot);

    const office::SignatureVerdict verdict = office::SignatureVerifier({other.made.ca_pem}).verify(signed_letter);
    CAPTURE(verdict.detail);
    CHECK(verdict.status == Status::untrusted);
    CHECK(verdict.covers_whole_document);
    CHECK(verdict.signer_name == "Andi Wijaya, S.Sos.");
    CHECK(contains(verdict.detail, "self-signed certificate in certificate chain"));  // its own CA, not ours
    const std::string told = office::describe_for_public(verdict);
    CHECK(contains(told, "tidak dapat dipastikan"));
    CHECK_FALSE(contains(told, "Andi"));  // a claim only: never shown as the signer

    // Trusting both CAs, as two texts or as one text with two certificates, makes it valid.
    CHECK(office::SignatureVerifier({other.made.ca_pem, pilot.made.ca_pem}).verify(signed_letter).status ==
          Status::valid);
    CHECK(office::SignatureVerifier({other.made.ca_pem + pilot.made.ca_pem}).verify(signed_letter).status ==
          Status::valid);
}

TEST_CASE("a letter stays valid after its certificate expires, judged at the signing time in /M") {
    // Issued on 1 January 2020 for 30 days; today is years later.
    const Pilot pilot = make_pilot("Belimbing", "Andi Wijaya, S.Sos.", utc(2020, 1, 1), 30);
    const office::SignatureVerifier verifier({pilot.made.ca_pem});

    const auto in_time = verifier.verify(sign_letter(pilot, utc(2020, 1, 15, 3)));
    CAPTURE(in_time.detail);
    CHECK(in_time.status == Status::valid);
    CHECK(in_time.signed_at == utc(2020, 1, 15, 3));

    const auto after_expiry = verifier.verify(sign_letter(pilot, utc(2020, 3, 1)));
    CAPTURE(after_expiry.detail);
    CHECK(after_expiry.status == Status::untrusted);
    CHECK(contains(after_expiry.detail, "certificate has expired"));

    const auto before_issue = verifier.verify(sign_letter(pilot, utc(2019, 12, 31)));
    CAPTURE(before_issue.detail);
    CHECK(before_issue.status == Status::untrusted);
    CHECK(contains(before_issue.detail, "certificate is not yet valid"));
}

TEST_CASE("an unsigned letter, and a file that is not a PDF, are told apart") {
    const Pilot pilot = make_pilot("Belimbing", "Andi Wijaya, S.Sos.", kSigningTime - std::chrono::hours(24));
    const office::SignatureVerifier verifier({pilot.made.ca_pem});

    const office::SignatureVerdict unsigned_letter = verifier.verify(letter());
    CHECK(unsigned_letter.status == Status::none);
    CHECK_FALSE(unsigned_letter.covers_whole_document);
    CHECK(office::describe_for_public(unsigned_letter) == "Berkas ini tidak memuat tanda tangan elektronik.");

    for (const std::string& not_pdf : {std::string(), std::string("GIF89a /ByteRange [0 1 2 3]"),
                                      std::string(office::SignatureVerifier::kMaxPdfBytes + 1, ' ')}) {
        const office::SignatureVerdict verdict = verifier.verify(not_pdf);
        CAPTURE(verdict.detail);
        CHECK(verdict.status == Status::damaged);
    }
}

TEST_CASE("a signed letter cut short anywhere is damaged or unsigned, and is never read past its end") {
    const Pilot pilot = make_pilot("Belimbing", "Andi Wijaya, S.Sos.", kSigningTime - std::chrono::hours(24));
    const office::SignatureVerifier verifier({pilot.made.ca_pem});
    const std::string signed_letter = sign_letter(pilot);
    const std::size_t key = signed_letter.find("/ByteRange");
    REQUIRE(key != std::string::npos);
    // Each cut is its own allocation, so ASan sees any read past the end.
    for (std::size_t length = 0; length < signed_letter.size(); length += length < key ? 97 : 7) {
        const std::string cut = signed_letter.substr(0, length);
        const office::SignatureVerdict verdict = verifier.verify(cut);
        CAPTURE(length);
        CAPTURE(verdict.detail);
        if (length < 5) {
            CHECK(verdict.status == Status::damaged);  // not even "%PDF-"
        } else if (length < key + 10) {
            CHECK(verdict.status == Status::none);  // the unsigned letter and part of its update
        } else {
            CHECK(verdict.status == Status::damaged);
            CHECK_FALSE(verdict.covers_whole_document);
        }
    }
}

TEST_CASE("a broken /ByteRange is damaged") {
    const Pilot pilot = make_pilot("Belimbing", "Andi Wijaya, S.Sos.", kSigningTime - std::chrono::hours(24));
    const office::SignatureVerifier verifier({pilot.made.ca_pem});
    const std::string signed_letter = sign_letter(pilot);
    const Gap gap = contents_gap(signed_letter);
    // The signer writes the /ByteRange into a fixed-width, space-padded placeholder.
    const std::size_t width = std::string_view("/ByteRange [0 0000000000 0000000000 0000000000]").size();
    const std::size_t at = signed_letter.find("/ByteRange");
    const std::size_t size = signed_letter.size();
    const std::size_t b = gap.open;
    const std::size_t c = gap.close + 1;
    std::string written = fmt::format("/ByteRange [0 {} {} {}]", b, c, size - c);
    written.resize(width, ' ');
    REQUIRE(signed_letter.substr(at, width) == written);

    struct Case {
        std::string name;
        std::string range;
        std::string detail;
    };
    const std::vector<Case> cases = {
        {"not starting at 0", fmt::format("/ByteRange [1 {} {} {}]", b - 1, c, size - c), "does not start at byte 0"},
        {"the gap reversed", fmt::format("/ByteRange [0 {} {} {}]", c, b, size - b), "skips nothing"},
        {"ending past the file", fmt::format("/ByteRange [0 {} {} {}]", b, c, size - c + 1), "past the end"},
        {"a gap one byte short", fmt::format("/ByteRange [0 {} {} {}]", b + 1, c, size - c), "not one hex string"},
        {"a gap one byte long", fmt::format("/ByteRange [0 {} {} {}]", b - 1, c, size - c), "not one hex string"},
        {"not numbers", fmt::format("/ByteRange [0 {} x{} {}]", b, c, size - c), "none followed by [a b c d]"},
        {"three numbers", fmt::format("/ByteRange [0 {} {}]", b, c), "none followed by [a b c d]"},
        {"negative", fmt::format("/ByteRange [0 {} {} -{}]", b, c, size - c), "none followed by [a b c d]"},
        {"huge", "/ByteRange [0 99999999999999999999 1 1]", "none followed by [a b c d]"},
    };
    for (const Case& test : cases) {
        CAPTURE(test.name);
        std::string broken = signed_letter;
        std::string range = test.range;
        REQUIRE(range.size() <= width);
        range.resize(width, ' ');
        broken.replace(at, width, range);
        const office::SignatureVerdict verdict = verifier.verify(broken);
        CAPTURE(verdict.detail);
        CHECK(verdict.status == Status::damaged);
        CHECK(contains(verdict.detail, test.detail));
        CHECK(office::describe_for_public(verdict) ==
              "Berkas ini bukan PDF yang utuh, atau tanda tangan elektroniknya rusak sehingga tidak dapat diperiksa.");
    }
}

TEST_CASE("a signature value that is not a CMS is damaged") {
    const Pilot pilot = make_pilot("Belimbing", "Andi Wijaya, S.Sos.", kSigningTime - std::chrono::hours(24));
    const office::SignatureVerifier verifier({pilot.made.ca_pem});
    const std::string signed_letter = sign_letter(pilot);
    const Gap gap = contents_gap(signed_letter);
    const std::size_t digits = gap.close - gap.open - 1;
    const std::string der_hex = signed_letter.substr(gap.open + 1, 2 * der_length(signed_letter, gap));

    struct Case {
        std::string name;
        std::string hex;
        std::string detail;
    };
    std::string not_hex = signed_letter.substr(gap.open + 1, digits);
    not_hex[100] = 'G';
    std::string garbage;
    while (garbage.size() < digits) garbage += "DEADBEEF";
    const std::vector<Case> cases = {
        {"a letter that is not a hex digit", not_hex, "not a hex digit"},
        {"only the zero padding", std::string(digits, '0'), "not a CMS"},
        {"random bytes", garbage.substr(0, digits), "not a CMS"},
        {"the first half of the CMS", der_hex.substr(0, der_hex.size() / 2), "not a CMS"},
        {"something after the CMS", der_hex + "FF", "not zero padding"},
    };
    for (const Case& test : cases) {
        CAPTURE(test.name);
        std::string broken = signed_letter;
        std::string hex = test.hex;
        hex.resize(digits, '0');
        broken.replace(gap.open + 1, digits, hex);
        const office::SignatureVerdict verdict = verifier.verify(broken);
        CAPTURE(verdict.detail);
        CHECK(verdict.status == Status::damaged);
        CHECK(contains(verdict.detail, test.detail));
    }
}

TEST_CASE("a signature made by openssl cms -sign is checked the same way, with /M in any PDF date form") {
    const Pilot pilot = make_pilot("Belimbing", "Andi Wijaya, S.Sos.", kSigningTime - std::chrono::hours(24));
    const office::SignatureVerifier verifier({pilot.made.ca_pem});
    const HandMadeSignature hand(pilot);

    struct Case {
        std::string m;
        std::optional<TimePoint> signed_at;
    };
    const std::vector<Case> cases = {
        {"(D:20261204100000+08'00')", kSigningTime},
        {"(D:20261204100000+08'00)", kSigningTime},
        {"(D:20261204020000Z)", kSigningTime},
        {"(D:20261204020000Z00'00')", kSigningTime},
        {"(D:20261204020000)", kSigningTime},
        {"(20261204020000Z)", kSigningTime},
        {"(D:2026120402)", kSigningTime},
        {"(D:20261203213000-04'30')", kSigningTime},
        {"<443A32303236313230343032303030305A>", kSigningTime},  // "D:20261204020000Z" as a hex string
        {"(D:20261304020000Z)", std::nullopt},                   // month 13
        {"(D:20260230020000Z)", std::nullopt},                   // 30 February
        {"(D:20261204020000+08'00'x)", std::nullopt},
        {"(kemarin)", std::nullopt},
        {"", std::nullopt},  // no /M: the chain is judged now, when the certificate is valid too
    };
    for (const Case& test : cases) {
        CAPTURE(test.m);
        const office::SignatureVerdict verdict = verifier.verify(hand.pdf(test.m));
        CAPTURE(verdict.detail);
        CHECK(verdict.status == Status::valid);
        CHECK(verdict.signer_name == "Andi Wijaya, S.Sos.");
        CHECK(verdict.signed_at == test.signed_at);
    }

    SUBCASE("a /ByteRange whose gap is not the dictionary's /Contents is damaged, though the CMS matches") {
        const std::string elsewhere = hand.pdf("(D:20261204020000Z)", " /Contents <00>", "/Other");
        const office::SignatureVerdict verdict = verifier.verify(elsewhere);
        CAPTURE(verdict.detail);
        CHECK(verdict.status == Status::damaged);
        CHECK(contains(verdict.detail, "not the /Contents"));
    }
    SUBCASE("a signature dictionary nested too deep, or with an unclosed string, is damaged without a crash") {
        for (const std::string& entries :
             {" /Deep " + std::string(100000, '[') + std::string(100000, ']'), std::string(" /Reason (((((")}) {
            const office::SignatureVerdict verdict = verifier.verify(hand.pdf("(D:20261204020000Z)", entries));
            CAPTURE(verdict.detail);
            CHECK(verdict.status == Status::damaged);
            CHECK(contains(verdict.detail, "not in a readable dictionary"));
        }
    }
}

TEST_CASE("a letter signed by poppler's pdfsig verifies as valid") {
    // pdfsig 22.12 signs with RSA keys only ("unable update signature" with P-256), in the
    // adbe.pkcs7.detached form, with a BER (indefinite-length) CMS and /M in UTC.
    const TimePoint before = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    const Pilot pilot = make_pilot("Belimbing", "Andi Wijaya", before - std::chrono::hours(1), 730, "rsa-3072");
    const test::TempDir dir;
    const std::string nss = "sql:" + dir.file("nssdb");
    std::filesystem::create_directory(dir.file("nssdb"));
    must_run(dir, "/usr/bin/certutil", {"-N", "-d", nss, "--empty-password"});
    must_run(dir, "/usr/bin/pk12util",
             {"-i", dir.write("signer.p12", pilot.made.signer_pkcs12), "-d", nss, "-W", kPassword});
    const std::string unsigned_path = dir.write("letter.pdf", letter());
    const std::string signed_path = dir.file("signed.pdf");
    must_run(dir, "/usr/bin/pdfsig", {"-nssdir", nss, "-add-signature", "-nick", "Andi Wijaya", unsigned_path, signed_path});
    const TimePoint after = std::chrono::system_clock::now();
    const std::string signed_letter = test::read_text_file(signed_path);
    REQUIRE(contains(signed_letter, "/SubFilter /adbe.pkcs7.detached"));

    const office::SignatureVerifier verifier({pilot.made.ca_pem});
    const office::SignatureVerdict verdict = verifier.verify(signed_letter);
    CAPTURE(verdict.detail);
    CHECK(verdict.status == Status::valid);
    CHECK(verdict.signer_name == "Andi Wijaya");
    CHECK(verdict.covers_whole_document);
    REQUIRE(verdict.signed_at.has_value());
    CHECK(*verdict.signed_at >= before);
    CHECK(*verdict.signed_at <= after);

    std::string changed = signed_letter;
    changed[letter().size() / 2] ^= 0x01;  // pdfsig also keeps the original bytes in front
    CHECK(verifier.verify(changed).status == Status::altered);
}

TEST_CASE("trusted CA texts without a readable certificate are refused") {
    const Pilot pilot = make_pilot("Belimbing", "Andi Wijaya, S.Sos.", kSigningTime - std::chrono::hours(24));
    std::string broken = pilot.made.ca_pem;
    broken.replace(broken.find('\n') + 40, 4, "*!*!");
    auto trusting = [](const std::vector<std::string>& pems) { return office::SignatureVerifier(pems); };
    CHECK_THROWS_WITH_AS(trusting({}), "signature verifier: no trusted CA certificate given", Error);
    CHECK_THROWS_WITH_AS(trusting({""}), "signature verifier: trusted CA text 1 of 1 holds no PEM certificate", Error);
    CHECK_THROWS_WITH_AS(trusting({pilot.made.ca_pem, "bukan sertifikat"}),
                         "signature verifier: trusted CA text 2 of 2 holds no PEM certificate", Error);
    CHECK_THROWS_WITH_AS(trusting({pilot.made.ca_pem + broken}),
                         doctest::Contains("trusted CA text 1 of 1: certificate 2 is unreadable"), Error);
    CHECK_NOTHROW(trusting({pilot.made.ca_pem}));
}

TEST_CASE("the public words name the signer only for a valid signature") {
    office::SignatureVerdict verdict;
    verdict.signer_name = "Andi Wijaya, S.Sos.";
    verdict.status = Status::valid;
    CHECK(contains(office::describe_for_public(verdict), "Tanda tangan elektronik sah, ditandatangani oleh Andi Wijaya"));
    verdict.signer_name.clear();
    CHECK(office::describe_for_public(verdict) ==
          "Tanda tangan elektronik sah. Isi berkas tidak berubah sejak ditandatangani.");
    verdict.signer_name = "Andi Wijaya, S.Sos.";
    for (const Status status : {Status::none, Status::altered, Status::untrusted, Status::damaged}) {
        CAPTURE(status);
        verdict.status = status;
        const std::string told = office::describe_for_public(verdict);
        CHECK_FALSE(told.empty());
        CHECK_FALSE(contains(told, "Andi"));
        CHECK_FALSE(contains(told, " sah"));
    }
}

TEST_SUITE_END();
