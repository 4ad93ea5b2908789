#pragma once

#include <map>
#include <memory>
#include <string>

#include "shared/config/config.h"
#include "shared/util/clock.h"
#include "shared/util/result.h"

namespace ekel::services {

/// The Problem fields of signing failures: a wrong passphrase (or one-time code), and every other
/// failure of the signer or its service.
inline constexpr const char* kPassphraseField = "passphrase";
inline constexpr const char* kSigningField = "tanda_tangan";

/// What a signer needs to sign one rendered letter.
struct SigningRequest {
    std::string pdf;                  ///< the rendered, unsigned letter
    const config::Signer* signer = nullptr;
    TimePoint signed_at;              ///< the issue time, also printed in the visible block
    int utc_offset_minutes = 8 * 60;  ///< the kelurahan's zone for the signing time (WITA)
    std::string reason;               ///< "Surat Keterangan Domisili Kelurahan Belimbing"
    std::string location;             ///< "Bontang"
    /// BSrE only: typed by the signer for this issuance (or batch). Never stored or logged.
    std::string passphrase;
};

/// Signs issued letters with a PAdES signature: `local` (a PKCS#12 key on this server) or `bsre`
/// (BSrE's e-sign service). Implementations live in the back office (OpenSSL, libcurl).
/// sign() is called from several request threads at once.
class LetterSigner {
public:
    virtual ~LetterSigner() = default;
    /// True when the signer types a passphrase (or one-time code) for each issuance.
    virtual bool needs_passphrase() const = 0;
    /// The signed PDF, or a Problem (field kPassphraseField or kSigningField) in Indonesian
    /// words for staff.
    virtual Result<std::string> sign(const SigningRequest& request) const = 0;
    /// Printed under the visible signature block: who vouches for the certificate.
    virtual std::string certificate_note() const = 0;
};

/// Every [[signer]]'s signer, by key.
using LetterSigners = std::map<std::string, std::shared_ptr<const LetterSigner>>;

}  // namespace ekel::services
