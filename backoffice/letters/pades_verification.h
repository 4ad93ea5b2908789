#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shared/util/clock.h"

namespace ekel::office {

/// What the last signature of a PDF says about the file.
struct SignatureVerdict {
    enum class Status {
        none,       ///< no signature (/ByteRange) in the file
        valid,      ///< covers the whole file, unchanged, signer chains to a trusted CA at the signing time
        altered,    ///< signed bytes changed, or bytes added after the signed range
        untrusted,  ///< unchanged, but the signer does not chain to a trusted CA at the signing time
        damaged,    ///< not a PDF, or a /ByteRange or CMS that cannot be read: nothing can be concluded
    };
    Status status = Status::none;
    std::string signer_name;             ///< signer certificate's CN (UTF-8), empty if unknown; a claim unless valid
    std::optional<TimePoint> signed_at;  ///< the /Sig's /M, when present and parseable; a claim unless valid
    bool covers_whole_document = false;  ///< the /ByteRange starts at 0 and ends at the end of the file
    std::string detail;                  ///< English, technical, for logs (never shown to citizens)
};

/// "none", "valid", "altered", "untrusted", "damaged": for logs.
std::string_view to_string(SignatureVerdict::Status status);

/// Checks the last PAdES / PDF signature of a file (adbe.pkcs7.detached or ETSI.CAdES.detached)
/// against a fixed set of trusted CA certificates. The chain is evaluated at the time in the
/// signature's /M (the signer's claim; there is no timestamp), so a letter stays valid after its
/// certificate expires. Any trusted certificate is an anchor (an intermediate CA may be given
/// alone). Revocation is not checked. Input is untrusted: every offset is bounds-checked and
/// files over kMaxPdfBytes are reported as damaged without being read.
class SignatureVerifier {
public:
    static constexpr std::size_t kMaxPdfBytes = 64 * 1024 * 1024;

    /// Trusts every certificate in the PEM texts (one or more per text). Throws ekel::Error when a
    /// text holds no readable certificate or when no text is given.
    explicit SignatureVerifier(const std::vector<std::string>& trusted_ca_pems);
    SignatureVerifier(SignatureVerifier&&) noexcept;
    SignatureVerifier& operator=(SignatureVerifier&&) noexcept;
    ~SignatureVerifier();

    /// Never throws for bad input. Const and safe to call from several threads at once.
    SignatureVerdict verify(std::string_view pdf) const;

private:
    struct Trust;
    std::unique_ptr<Trust> trust_;
};

/// The verdict in plain Indonesian for a citizen, e.g. "Tanda tangan elektronik sah,
/// ditandatangani oleh Andi Wijaya, S.Sos. …". Names the signer only for a valid signature.
std::string describe_for_public(const SignatureVerdict& verdict);

}  // namespace ekel::office
