#pragma once

#include <string>
#include <utility>
#include <vector>

namespace ekel::office {

/// Everything printed on one letter, already filled in (no template logic here).
/// All strings are UTF-8; characters outside Windows-1252 are printed as '?'.
struct LetterDocument {
    /// Centred bold lines, e.g. {"PEMERINTAH KOTA BONTANG", "KECAMATAN BONTANG BARAT",
    /// "KELURAHAN BELIMBING"}; the last line is printed larger, as on official letterheads.
    std::vector<std::string> letterhead;
    /// Small line under the letterhead, e.g. "Jl. Brigjend Katamso No. 1, Belimbing, Bontang".
    std::string letterhead_address;
    /// "SURAT KETERANGAN DOMISILI" (printed bold, underlined, centred).
    std::string title;
    /// Printed as "Nomor: " + number under the title, e.g. "400.12.2.1/001/KEL-BLB/XI/2026".
    std::string number;
    /// Justified paragraph before the identity rows.
    std::string opening;
    /// Label/value rows aligned in two columns: {"Nama", "AHMAD SAPUTRA"}, {"NIK", "6474..."}, ...
    std::vector<std::pair<std::string, std::string>> identity;
    /// Body paragraphs, justified with a first-line indent and wrapped to the text width.
    /// A '\n' inside a paragraph forces a line break.
    std::vector<std::string> paragraphs;
    /// "Bontang, 27 November 2026" (first line of the signature block, right).
    std::string place_and_date;
    /// "Lurah Belimbing".
    std::string signer_position;
    /// Printed bold and underlined below a signature gap.
    std::string signer_name;
    /// Printed as "NIP. " + nip when not empty.
    std::string signer_nip;
    /// Encoded as a QR code at the bottom left; no QR when empty.
    std::string verification_url;
    /// Small text beside the QR, e.g. "Pindai kode QR untuk memeriksa keaslian surat ini."
    std::string verification_note;
};

/// Renders an A4 portrait PDF and returns its bytes. Bodies too long for one page continue on
/// further pages; the signature block and QR are kept together on the last page.
/// Throws ekel::Error (shared/util/error.h) on a libharu error or when the verification URL
/// is too long for a QR code.
/// Thread-safe: each call uses its own HPDF_Doc.
std::string render_letter_pdf(const LetterDocument& letter);

}  // namespace ekel::office
