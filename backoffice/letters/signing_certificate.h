#pragma once

#include <string>

#include "shared/util/clock.h"

namespace ekel::office {

/// What a pilot signing certificate names (`ekel-office signing-cert`).
struct PilotSigner {
    std::string kelurahan;  ///< "Belimbing": the CA is "Kelurahan Belimbing CA"
    std::string name;       ///< the signer, e.g. "Andi Wijaya, S.Sos."
    std::string position;   ///< e.g. "Lurah"
    std::string nip;        ///< 18 digits, or empty
    std::string algorithm = "rsa-3072";  ///< or "p-256"
    int valid_days = 730;
};

/// A kelurahan CA and a signer certificate it issued, for a pilot before BSrE certificates.
/// The CA's private key exists only in memory while the signer certificate is made and is then
/// thrown away: nothing can issue more certificates in this CA's name.
struct PilotCertificates {
    std::string ca_pem;                ///< the CA certificate to publish
    std::string ca_fingerprint;        ///< SHA-256 of its DER, "AB:CD:…"
    std::string signer_pkcs12;         ///< key, certificate and CA, encrypted with the password
};

/// Throws ekel::Error for an unknown algorithm or an OpenSSL failure.
PilotCertificates make_pilot_certificates(const PilotSigner& signer, const std::string& password, TimePoint now);

}  // namespace ekel::office
