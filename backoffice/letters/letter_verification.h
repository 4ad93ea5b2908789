#pragma once

#include <optional>
#include <string_view>

#include "backoffice/letters/pades_verification.h"
#include "shared/domain/letter.h"

namespace ekel::db {
class Store;
}

namespace ekel::office {

/// What the public upload check finds out about a PDF someone holds.
struct UploadedLetterCheck {
    std::optional<domain::Letter> issued;  ///< the letter whose issued PDF is byte-for-byte this file
    SignatureVerdict signature;            ///< the file's own signature, checked independently
};

/// Compares the file with every letter issued (by SHA-256) and verifies its signature.
UploadedLetterCheck check_uploaded_letter(db::Store& store, const SignatureVerifier& verifier, std::string_view pdf);

/// The signature of an issued letter's stored PDF; nothing when the file is not there.
std::optional<SignatureVerdict> verify_issued_letter(const SignatureVerifier& verifier, const domain::Letter& letter);

}  // namespace ekel::office
