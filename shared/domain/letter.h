#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ekel::domain {

/// Everything printed on one letter, already filled in; the PDF renderer only lays it out.
struct LetterDocument {
    std::vector<std::string> letterhead;  ///< "PEMERINTAH KOTA BONTANG", "KECAMATAN …", "KELURAHAN …"
    std::string letterhead_address;       ///< the small line under the letterhead
    std::string letterhead_contact;       ///< "Telepon …, Pos-el …, Laman …" under it; empty: none
    /// PNG bytes of the logo printed left of the letterhead (shared, read once at start); null: none.
    std::shared_ptr<const std::string> logo_png;
    std::string title;                    ///< "SURAT KETERANGAN DOMISILI"
    std::string number;                   ///< printed as "Nomor: " + number
    std::string opening;                  ///< "Yang bertanda tangan di bawah ini, … menerangkan bahwa:"
    std::vector<std::pair<std::string, std::string>> identity;  ///< label / value rows
    std::vector<std::string> paragraphs;
    std::string place_and_date;  ///< "Bontang, 27 November 2026"
    std::string signer_on_behalf;  ///< "a.n. Lurah Belimbing" when someone signs for the lurah
    std::string signer_position;
    std::string signer_name;
    std::string signer_nip;
    /// "4 Desember 2026 pukul 14.05 WITA" when the letter is signed electronically: a framed
    /// "Ditandatangani secara elektronik" with this time fills the room of a wet signature.
    /// Empty: an unsigned letter (a draft).
    std::string electronic_signature_time;
    std::string electronic_signature_note;  ///< who vouches for the certificate, under the QR note
    bool draft = false;             ///< a preview: "DRAF" across every page, no number, no QR
    std::string verification_url;   ///< encoded in the QR code
    std::string verification_note;  ///< printed beside the QR code

    bool operator==(const LetterDocument&) const = default;
};

/// An issued letter. The number, signer and hash are a snapshot: later staff or profile changes
/// never alter a letter already issued.
struct Letter {
    std::int64_t id = 0;
    std::int64_t request_id = 0;
    std::string number;
    std::string scope;
    int year = 0;
    int sequence = 0;
    std::string letter_type;
    std::string holder_name;
    std::string signer_name;
    std::string signer_position;  ///< as printed, with "a.n. Lurah …, " in front when signed for the lurah
    std::string signer_nip;
    std::string issued_at;
    std::string issued_by;
    std::string verification_token;
    std::string pdf_path;
    std::string pdf_sha256;
    std::optional<std::string> revoked_at;
    std::optional<std::string> revoked_reason;
    std::optional<std::string> revoked_by;
};

}  // namespace ekel::domain
