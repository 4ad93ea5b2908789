#pragma once

#include <optional>
#include <string>

#include "shared/domain/letter.h"

namespace ekel::office {

/// What is printed: the domain's filled-in letter (all strings UTF-8; emoji are left out and
/// characters the font lacks get a stand-in, see printable_text in letter_text.h). A '\n' inside
/// a paragraph forces a line break; an empty verification_url prints no QR code.
using LetterDocument = domain::LetterDocument;

/// Renders an A4 portrait PDF and returns its bytes, with Liberation Serif embedded. The logo is
/// decoded and compressed once per distinct logo_png pointer, then reused by every letter. Bodies too
/// long for one page continue on further pages; the signature block and QR are kept together on
/// the last page.
/// Throws ekel::Error (shared/util/error.h) on a libharu error, when the verification URL
/// is too long for a QR code, or when the font is not installed (as require_letter_fonts).
/// Thread-safe: each call uses its own HPDF_Doc.
std::string render_letter_pdf(const LetterDocument& letter);

/// Why these PNG bytes cannot be embedded as the letterhead logo ("not a readable PNG: …",
/// "damaged PNG data: …"), or nothing when they can; for the check of kelurahan.logo at start-up
/// (render_letter_pdf throws the same as ekel::Error).
std::optional<std::string> letter_logo_problem(const std::string& png);

/// Throws ekel::Error naming the missing file and the Debian package to install when the fonts
/// letters are printed in are not there; for a check at start-up.
void require_letter_fonts();

}  // namespace ekel::office
