#include "backoffice/letters/signing_certificate.h"

#include "backoffice/letters/openssl_handles.h"

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <fmt/format.h>

#include <memory>

#include "shared/util/error.h"

namespace ekel::office {

namespace {

using namespace openssl;

[[noreturn]] void fail(const std::string& what) {
    char text[256] = "unknown error";
    if (unsigned long code = ERR_get_error(); code != 0) ERR_error_string_n(code, text, sizeof text);
    ERR_clear_error();
    throw Error("signing certificate: " + what + ": " + text);
}

Pkey new_key(const std::string& algorithm) {
    EVP_PKEY* key = nullptr;
    if (algorithm == "rsa-3072") {
        key = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(3072));
    } else if (algorithm == "p-256") {
        key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
    } else {
        throw Error("signing certificate: algorithm must be rsa-3072 or p-256, not \"" + algorithm + "\"");
    }
    if (key == nullptr) fail("generating the " + algorithm + " key");
    return Pkey(key);
}

void add_name_entry(X509_NAME* name, const char* field, const std::string& value) {
    if (value.empty()) return;
    if (X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(value.c_str()),
                                   -1, -1, 0) != 1) {
        fail(std::string("setting ") + field);
    }
}

void add_extension(X509* cert, X509* issuer, int nid, const char* value) {
    X509V3_CTX context;
    X509V3_set_ctx(&context, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
    if (extension == nullptr || X509_add_ext(cert, extension, -1) != 1) fail(std::string("adding ") + value);
    X509_EXTENSION_free(extension);
}

/// A certificate for `subject_key` named `subject`, signed by `issuer_key` (self-signed when
/// `issuer` is null), valid from `now` for `days`.
Cert make_certificate(X509_NAME* subject, EVP_PKEY* subject_key, X509* issuer, EVP_PKEY* issuer_key, TimePoint now,
                      int days, bool ca) {
    Cert cert(X509_new());
    if (!cert) fail("allocating a certificate");
    X509_set_version(cert.get(), 2);
    BigNum serial(BN_new());
    if (!serial || BN_rand(serial.get(), 120, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1 ||
        BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get())) == nullptr) {
        fail("choosing a serial number");
    }
    time_t start = std::chrono::system_clock::to_time_t(std::chrono::time_point_cast<std::chrono::seconds>(now));
    X509_time_adj_ex(X509_getm_notBefore(cert.get()), 0, 0, &start);
    X509_time_adj_ex(X509_getm_notAfter(cert.get()), days, 0, &start);
    X509_set_subject_name(cert.get(), subject);
    X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : subject);
    X509_set_pubkey(cert.get(), subject_key);
    X509* signer = issuer ? issuer : cert.get();
    if (ca) {
        add_extension(cert.get(), signer, NID_basic_constraints, "critical,CA:TRUE,pathlen:0");
        add_extension(cert.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign");
    } else {
        add_extension(cert.get(), signer, NID_basic_constraints, "critical,CA:FALSE");
        add_extension(cert.get(), signer, NID_key_usage, "critical,digitalSignature,nonRepudiation");
        // Document signing (Microsoft) and e-mail protection, which PDF readers check for signers.
        add_extension(cert.get(), signer, NID_ext_key_usage, "1.3.6.1.4.1.311.10.3.12,emailProtection");
    }
    add_extension(cert.get(), signer, NID_subject_key_identifier, "hash");
    if (issuer) add_extension(cert.get(), signer, NID_authority_key_identifier, "keyid:always");
    if (X509_sign(cert.get(), issuer_key, EVP_sha256()) == 0) fail("signing the certificate");
    return cert;
}

std::string fingerprint(X509* cert) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (X509_digest(cert, EVP_sha256(), digest, &length) != 1) fail("computing the fingerprint");
    std::string out;
    for (unsigned int i = 0; i < length; ++i) out += fmt::format("{}{:02X}", i == 0 ? "" : ":", digest[i]);
    return out;
}

}  // namespace

PilotCertificates make_pilot_certificates(const PilotSigner& signer, const std::string& password, TimePoint now) {
    const std::string organisation = "Kelurahan " + signer.kelurahan;
    Pkey ca_key = new_key(signer.algorithm);
    Name ca_name(X509_NAME_new());
    add_name_entry(ca_name.get(), "C", "ID");
    add_name_entry(ca_name.get(), "O", organisation);
    add_name_entry(ca_name.get(), "CN", organisation + " CA");
    // The CA outlives the signer certificate by a year, so letters stay checkable after it expires.
    Cert ca = make_certificate(ca_name.get(), ca_key.get(), nullptr, ca_key.get(), now, signer.valid_days + 365, true);

    Pkey key = new_key(signer.algorithm);
    Name name(X509_NAME_new());
    add_name_entry(name.get(), "C", "ID");
    add_name_entry(name.get(), "O", organisation);
    add_name_entry(name.get(), "title", signer.position);
    add_name_entry(name.get(), "serialNumber", signer.nip.empty() ? "" : "NIP " + signer.nip);
    add_name_entry(name.get(), "CN", signer.name);
    Cert cert = make_certificate(name.get(), key.get(), ca.get(), ca_key.get(), now, signer.valid_days, false);
    ca_key.reset();  // nothing issues in this CA's name again

    CertList chain(sk_X509_new_null());  // the CA stays owned by `ca`
    if (!chain || sk_X509_push(chain.get(), ca.get()) == 0) fail("listing the chain");
    // OpenSSL 3 defaults: AES-256-CBC with PBKDF2 for the key and certificates, SHA-256 MAC.
    Pkcs12 p12(PKCS12_create(password.c_str(), signer.name.c_str(), key.get(), cert.get(), chain.get(), 0, 0, 0, 0, 0));
    if (!p12) fail("writing the PKCS#12");

    PilotCertificates out;
    unsigned char* der = nullptr;
    const int length = i2d_PKCS12(p12.get(), &der);
    if (length <= 0) fail("encoding the PKCS#12");
    out.signer_pkcs12.assign(reinterpret_cast<char*>(der), static_cast<std::size_t>(length));
    OPENSSL_free(der);
    Bio pem(BIO_new(BIO_s_mem()));
    if (!pem || PEM_write_bio_X509(pem.get(), ca.get()) != 1) fail("writing the CA certificate");
    char* data = nullptr;
    const long size = BIO_get_mem_data(pem.get(), &data);
    out.ca_pem.assign(data, static_cast<std::size_t>(size));
    out.ca_fingerprint = fingerprint(ca.get());
    return out;
}

}  // namespace ekel::office
