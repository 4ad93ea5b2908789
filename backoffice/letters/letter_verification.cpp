#include "backoffice/letters/letter_verification.h"

#include <fstream>
#include <sstream>

#include "shared/db/store.h"
#include "shared/util/password.h"

namespace ekel::office {

UploadedLetterCheck check_uploaded_letter(db::Store& store, const SignatureVerifier& verifier, std::string_view pdf) {
    UploadedLetterCheck check;
    check.issued = store.letters.find_by_pdf_sha256(sha256_hex(pdf));
    check.signature = verifier.verify(pdf);
    return check;
}

std::optional<SignatureVerdict> verify_issued_letter(const SignatureVerifier& verifier, const domain::Letter& letter) {
    std::ifstream in(letter.pdf_path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return verifier.verify(bytes.str());
}

}  // namespace ekel::office
