#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "shared/util/clock.h"

namespace ekel::office {

/// A signer's private key with its certificate and chain, read from a PKCS#12 file. The key
/// stays in memory only; nothing of it is written anywhere.
class SigningKey {
public:
    /// Throws ekel::Error naming the file when it cannot be read, the password is wrong, or it
    /// holds no key and certificate.
    static SigningKey from_pkcs12(const std::string& path, const std::string& password);

    SigningKey(SigningKey&&) noexcept;
    SigningKey& operator=(SigningKey&&) noexcept;
    ~SigningKey();

    /// The signer certificate's common name (CN), e.g. "Lurah Belimbing".
    std::string common_name() const;
    /// The other certificates of the file (the issuing CA and any intermediates), PEM each.
    std::vector<std::string> chain_pems() const;
    /// The signer certificate's validity period.
    TimePoint not_before() const;
    TimePoint not_after() const;

    struct Parts;
    const Parts& parts() const { return *parts_; }

private:
    explicit SigningKey(std::unique_ptr<Parts> parts);
    std::unique_ptr<Parts> parts_;
};

/// What the signature dictionary says besides the CMS.
struct SignatureDetails {
    TimePoint signed_at;                 ///< written as /M in the kelurahan's zone
    int utc_offset_minutes = 8 * 60;     ///< WITA
    std::string reason;                  ///< /Reason, e.g. "Surat keterangan Kelurahan Belimbing"
    std::string location;                ///< /Location, e.g. "Bontang"
};

/// Signs a PDF rendered by our libharu code with a PAdES baseline B-B signature (ETSI EN 319
/// 142-1): an incremental update with a /Sig dictionary (/SubFilter /ETSI.CAdES.detached) whose
/// /ByteRange covers the whole file but the signature value, and a detached CMS over those bytes
/// with content-type, message-digest and ESS signing-certificate-v2 (SHA-256) and no
/// signing-time. The original bytes are kept unchanged in front. Throws ekel::Error when the
/// PDF is not one it can update (not a classic xref table, an /AcroForm already present).
std::string sign_pdf(std::string_view pdf, const SigningKey& key, const SignatureDetails& details);

}  // namespace ekel::office
