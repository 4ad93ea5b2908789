#pragma once

#include <string>
#include <vector>

#include "backoffice/letters/pades_signature.h"
#include "shared/config/config.h"
#include "shared/services/letter_signer.h"

namespace ekel::office {

/// signing.method "local": a PKCS#12 key on this server signs with a PAdES B-B signature.
class LocalLetterSigner : public services::LetterSigner {
public:
    explicit LocalLetterSigner(SigningKey key);

    bool needs_passphrase() const override { return false; }
    Result<std::string> sign(const services::SigningRequest& request) const override;
    std::string certificate_note() const override;

    const SigningKey& key() const { return key_; }

private:
    SigningKey key_;
};

/// Every [[signer]]'s signer for signing.method, checked before the office serves: a local key
/// that cannot be read, has no password in the environment or whose certificate is not valid at
/// `now` is a ConfigError naming the signer and what to do.
services::LetterSigners make_letter_signers(const config::Config& config, TimePoint now);

/// The certificate authorities whose signatures the verification page accepts: each local
/// signer's chain and signing.trusted_certificates (PEM text each). Throws ConfigError naming an
/// unreadable file.
std::vector<std::string> trusted_certificate_authorities(const config::Config& config,
                                                         const services::LetterSigners& signers);

}  // namespace ekel::office
