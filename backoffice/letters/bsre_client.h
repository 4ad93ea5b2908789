#pragma once

#include <string>
#include <string_view>

#include "shared/services/letter_signer.h"
#include "shared/util/result.h"

namespace ekel::office {

/// The institution's BSrE "Esign Client Service" (esign.md §4), reached with the client
/// credentials it issued to E-Kelurahan (HTTP Basic). The credentials and the signer's
/// passphrase travel in every request: use https, or plain http only on a private network.
struct BsreSettings {
    std::string base_url;  ///< "https://esign.example.go.id" (a trailing slash is dropped)
    std::string username;  ///< the client id; never logged, never part of an error text
    std::string password;  ///< never logged, never part of an error text
    long connect_timeout_ms = 5000;
    long timeout_ms = 60000;  ///< the whole sign request, upload and signed PDF included
};

/// Why a sign request failed, for callers that branch (stop a batch after a wrong passphrase).
enum class BsreFailure {
    none,                 ///< signed
    invalid_request,      ///< not sent: no passphrase, no or malformed NIK, no PDF
    wrong_passphrase,     ///< status_code 2031; the same passphrase fails for every letter
    not_registered,       ///< status_code 2011: the NIK has no account at BSrE
    certificate_invalid,  ///< status_code 2021, or a certificate that expired or was revoked
    client_unauthorized,  ///< HTTP 401: E-Kelurahan's client credentials are wrong
    timeout,              ///< sent, no answer in time: BSrE may have signed; never retried here
    unreachable,          ///< no connection (refused, DNS, connect timeout): nothing was sent
    service_error,        ///< HTTP 5xx, another error answer, or the connection broke mid-way
    invalid_answer,       ///< HTTP 200 without a signed PDF (not JSON, no file, not a PDF)
};

/// "wrong_passphrase", … for log lines.
std::string_view to_string(BsreFailure failure);

/// One PDF to sign with an invisible signature.
struct BsreSignRequest {
    std::string nik;         ///< the signer's NIK registered at BSrE: 16 digits
    std::string passphrase;  ///< typed by the signer for this issuance; never stored or logged
    std::string pdf;         ///< the unsigned PDF
    std::string reason;      ///< signatureProperties[0].reason
    std::string location;    ///< signatureProperties[0].location
};

/// The outcome of one sign request. No field ever holds the passphrase or the client credentials.
struct BsreSignResult {
    BsreFailure failure = BsreFailure::none;
    std::string signed_pdf;  ///< when ok(): the PDF as BSrE signed it (starts with "%PDF-")
    /// When !ok(): a short, polite Indonesian sentence for the signer (Problem field
    /// "tanda_tangan").
    std::string message;
    /// When !ok(), for the log: HTTP status, BSrE's status_code and error text, or the network
    /// error. Runs of 12+ digits (a NIK) are masked.
    std::string detail;
    long http_status = 0;  ///< 0 when no HTTP answer arrived
    int status_code = 0;   ///< BSrE's "status_code", 0 when the answer had none

    bool ok() const { return failure == BsreFailure::none; }
};

/// Reads an answer of POST /api/v2/sign/pdf. HTTP 200 with {"file": ["<base64 PDF>"]} is a
/// success; anything else is classified by BSrE's status_code (2031, 2011, 2021), then its
/// "status" (NOT_REGISTERED, NO_CERTIFICATE, EXPIRED, REVOKED) and an error text about an
/// expired or revoked certificate, then the HTTP status (401, 5xx). Pure; the client uses it.
BsreSignResult read_bsre_sign_answer(long http_status, std::string_view body);

/// A client of the Esign Client Service's API v2 over libcurl. Thread-safe: each call uses its
/// own CURL handle. It logs nothing; its results carry no secret.
class BsreClient {
public:
    /// Throws ekel::Error (naming no secret) when base_url is not http(s) or carries
    /// credentials, a credential holds a line break or the username a ':', or a timeout is not
    /// positive.
    explicit BsreClient(BsreSettings settings);

    /// POST {base_url}/api/v2/sign/pdf with one PDF, as JSON. One attempt only: after a timeout
    /// the outcome at BSrE is unknown, so nothing is retried here.
    BsreSignResult sign_pdf(const BsreSignRequest& request) const;

private:
    BsreSettings settings_;
};

/// The `bsre` LetterSigner: BSrE signs each letter with the signer's certificate there, found by
/// config::Signer::nik, unlocked by the passphrase the signer types. Thread-safe.
class BsreSigner final : public services::LetterSigner {
public:
    /// Throws as BsreClient does.
    explicit BsreSigner(BsreSettings settings);

    bool needs_passphrase() const override { return true; }
    /// The signed PDF, or a Problem with BsreSignResult::message: field kPassphraseField when
    /// the signer must type the passphrase again (wrong or missing), else kSigningField.
    Result<std::string> sign(const services::SigningRequest& request) const override;
    std::string certificate_note() const override;

    /// sign() with the kind of failure. Checks that a passphrase was typed and the signer has a
    /// NIK before anything is sent. Logs one line per attempt: the signer's key, the masked NIK,
    /// and for a failure its kind and detail.
    BsreSignResult sign_letter(const services::SigningRequest& request) const;

private:
    BsreClient client_;
};

}  // namespace ekel::office
