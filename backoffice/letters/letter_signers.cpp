#include "backoffice/letters/letter_signers.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <fstream>
#include <iterator>

#include "backoffice/letters/bsre_client.h"
#include "shared/config/config_error.h"
#include "shared/util/error.h"
#include "shared/util/time.h"

namespace ekel::office {

LocalLetterSigner::LocalLetterSigner(SigningKey key) : key_(std::move(key)) {}

Result<std::string> LocalLetterSigner::sign(const services::SigningRequest& request) const {
    SignatureDetails details;
    details.signed_at = request.signed_at;
    details.utc_offset_minutes = request.utc_offset_minutes;
    details.reason = request.reason;
    details.location = request.location;
    try {
        return sign_pdf(request.pdf, key_, details);
    } catch (const Error& e) {
        spdlog::error("local signing failed: {}", e.what());
        return Result<std::string>::failure(services::kSigningField,
                                            "Surat belum diterbitkan: penandatanganan elektronik gagal. Hubungi admin "
                                            "sistem; catatan teknis ada di log server.");
    }
}

std::string LocalLetterSigner::certificate_note() const {
    return "Ditandatangani secara elektronik dengan sertifikat " + key_.common_name() +
           "; keasliannya dapat diperiksa di halaman verifikasi.";
}

namespace {

std::string signer_problem(const config::Config& config, const config::Signer& signer, const std::string& what) {
    return fmt::format("{}: [[signer]] {}: {}", config.source, signer.key, what);
}

std::shared_ptr<const services::LetterSigner> local_signer(const config::Config& config, const config::Signer& signer,
                                                           TimePoint now) {
    if (signer.pkcs12_password.empty()) {
        throw config::ConfigError(signer_problem(
            config, signer,
            fmt::format("set {} to the password of its PKCS#12 file {}", config::signer_password_variable(signer),
                        signer.pkcs12)));
    }
    try {
        SigningKey key = SigningKey::from_pkcs12(signer.pkcs12, signer.pkcs12_password);
        if (now < key.not_before() || now > key.not_after()) {
            throw config::ConfigError(signer_problem(
                config, signer,
                fmt::format("the certificate in {} is valid from {} to {} only; make or install a new one",
                            signer.pkcs12, format_utc(key.not_before()), format_utc(key.not_after()))));
        }
        return std::make_shared<LocalLetterSigner>(std::move(key));
    } catch (const config::ConfigError&) {
        throw;
    } catch (const Error& e) {
        throw config::ConfigError(signer_problem(
            config, signer, std::string(e.what()) + " (make a pilot key with `ekel-office signing-cert`)"));
    }
}

}  // namespace

services::LetterSigners make_letter_signers(const config::Config& config, TimePoint now) {
    services::LetterSigners signers;
    if (config.signing.method == "bsre") {
        // One client for every signer: BSrE tells them apart by the NIK in each request.
        BsreSettings settings;
        settings.base_url = config.signing.bsre_url;
        settings.username = config.signing.bsre_username;
        settings.password = config.signing.bsre_password;
        settings.timeout_ms = config.signing.bsre_timeout_seconds * 1000L;
        std::shared_ptr<const services::LetterSigner> bsre;
        try {
            bsre = std::make_shared<BsreSigner>(settings);
        } catch (const Error& e) {
            throw config::ConfigError(config.source + ": signing: " + e.what());
        }
        for (const auto& signer : config.signers) signers[signer.key] = bsre;
        return signers;
    }
    for (const auto& signer : config.signers) signers[signer.key] = local_signer(config, signer, now);
    return signers;
}

std::vector<std::string> trusted_certificate_authorities(const config::Config& config,
                                                         const services::LetterSigners& signers) {
    std::vector<std::string> pems;
    for (const auto& [key, signer] : signers) {
        if (const auto* local = dynamic_cast<const LocalLetterSigner*>(signer.get())) {
            for (auto& pem : local->key().chain_pems()) pems.push_back(std::move(pem));
        }
    }
    for (const auto& path : config.signing.trusted_certificates) {
        std::ifstream in(path, std::ios::binary);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (!in && !in.eof()) {
            throw config::ConfigError(config.source + ": signing.trusted_certificates: " + path + " cannot be read");
        }
        if (text.find("-----BEGIN CERTIFICATE-----") == std::string::npos) {
            throw config::ConfigError(config.source + ": signing.trusted_certificates: " + path +
                                      " holds no PEM certificate");
        }
        pems.push_back(std::move(text));
    }
    if (pems.empty()) {
        throw config::ConfigError(config.source +
                                  ": signing.trusted_certificates is empty and no signer's key file holds its CA "
                                  "certificate: list the PEM file of the CA that issues the signers' certificates, so "
                                  "the verification page can check letters");
    }
    return pems;
}

}  // namespace ekel::office
