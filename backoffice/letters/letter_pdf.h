#pragma once

#include <string>

#include "shared/domain/letter.h"

namespace ekel::office {

/// What is printed: the domain's filled-in letter (all strings UTF-8; characters outside
/// Windows-1252 print as '?'). A '\n' inside a paragraph forces a line break; an empty
/// verification_url prints no QR code.
using LetterDocument = domain::LetterDocument;

/// Renders an A4 portrait PDF and returns its bytes. Bodies too long for one page continue on
/// further pages; the signature block and QR are kept together on the last page.
/// Throws ekel::Error (shared/util/error.h) on a libharu error or when the verification URL
/// is too long for a QR code.
/// Thread-safe: each call uses its own HPDF_Doc.
std::string render_letter_pdf(const LetterDocument& letter);

}  // namespace ekel::office
