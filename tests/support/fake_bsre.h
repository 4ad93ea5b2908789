#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backoffice/letters/pades_signature.h"

namespace ekel::test {

/// One request as the fake received it (the Authorization value included: this is a test double).
struct BsreRequest {
    std::string method, path, body;
    std::string authorization;
    std::string content_type;
    std::chrono::steady_clock::time_point at;
};

/// A loopback stand-in for an institution's BSrE Esign Client Service, API v2 (esign.md §4.3).
/// One route, POST /api/v2/sign/pdf, checked in the order a Spring service would:
///   1. HTTP Basic with the client credentials, on every path → 401 Spring-style
///      {"timestamp","status":401,"error":"Unauthorized","path"} (+ WWW-Authenticate);
///   2. the path (404) and method (405), Spring-style;
///   3. Content-Type application/json (415);
///   4. the JSON: exactly one of nik (16 digits) / email, exactly one of passphrase / totp
///      non-empty, signatureProperties an array of objects with tampilan VISIBLE|INVISIBLE
///      (VISIBLE with an imageBase64; only the documented keys), file an array of exactly one
///      base64 string → 400 Spring-style with a "message";
///   5. the account: an unknown NIK → 400 {"error":"User tidak terdaftar","status_code":2011};
///      a certificate that is not valid → 400 with status_code 2021 (see Certificate);
///      a wrong passphrase → 400 {"error":"Passphrase anda salah","status_code":2031};
///   6. the PDF: empty, not a PDF, or one sign_pdf cannot update → 500 Spring-style;
/// and then really signs: office::sign_pdf with the account's key, reason and location from
/// signatureProperties[0], answering 200 {"time": <ms>, "file": ["<base64 signed PDF>"]}.
/// Codes 2031, 2011 and 2021 are the ones public clients handle; the answers for an expired
/// or revoked certificate (code, "status", wording) and the HTTP status of these errors are
/// unverified guesses. TOTP is not simulated (a totp answers 400). Every rejection at steps
/// 1-4 and 6 is listed in validation_errors(); a well-behaved client causes none.
class FakeBsre {
public:
    enum class Certificate {
        valid,
        none,     ///< 2021, status NO_CERTIFICATE
        expired,  ///< 2021, status EXPIRED, "Sertifikat anda sudah kedaluwarsa" [unverified]
        revoked,  ///< 2021, status REVOKED, "Sertifikat anda sudah dicabut (revoked)" [unverified]
    };

    /// Accepts Basic auth with exactly these client credentials.
    FakeBsre(std::string username, std::string password);
    ~FakeBsre();
    FakeBsre(const FakeBsre&) = delete;
    FakeBsre& operator=(const FakeBsre&) = delete;

    /// "http://127.0.0.1:<port>"
    std::string base_url() const;

    /// Registers a BSrE user: `nik`, unlocked by `passphrase`, signing with `key`.
    void add_account(std::string nik, std::string passphrase, office::SigningKey key);
    /// Changes an account's certificate; throws std::out_of_range for an unknown NIK.
    void set_certificate(const std::string& nik, Certificate state);

    /// The next request waits `delay` after it is recorded and before it is answered, as a slow
    /// service would. Cut short when the fake is destroyed.
    void delay_next(std::chrono::milliseconds delay);
    /// The next request is answered with exactly this, after it is recorded and before any check.
    void answer_next(int http_status, std::string body,
                     std::string content_type = "application/json");

    std::vector<BsreRequest> requests() const;           ///< all received, rejected ones too
    std::vector<std::string> validation_errors() const;  ///< "<where>: <what the service rejected>"
    int signed_count() const;                            ///< PDFs signed and returned

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Standard base64 with padding, as BSrE's JSON carries files.
std::string base64_encode(std::string_view bytes);
/// Strict: only the standard alphabet, padding only at the end, a length that is a multiple of 4.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace ekel::test
