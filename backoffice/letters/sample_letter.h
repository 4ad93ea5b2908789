#pragma once

#include "backoffice/letters/letter_pdf.h"

namespace ekel::office {

/// A typical one-page letter (8 identity rows, 3 paragraphs, a QR code): what the PDF tests and
/// the rendering benchmark print. Without a logo: callers that want one add the PNG bytes.
inline LetterDocument sample_letter() {
    LetterDocument letter;
    letter.letterhead = {"PEMERINTAH KOTA BONTANG", "KECAMATAN BONTANG BARAT", "KELURAHAN BELIMBING"};
    letter.letterhead_address = "Jl. Brigjend Katamso No. 1, Belimbing, Bontang";
    letter.letterhead_contact =
        "Telepon (0548) 21234, Pos-el kel.belimbing@example.go.id, Laman belimbing.example.go.id";
    letter.title = "SURAT KETERANGAN DOMISILI";
    letter.number = "400.12.2.1/001/KEL-BLB/XI/2026";
    letter.opening =
        "Yang bertanda tangan di bawah ini, Lurah Belimbing, Kecamatan Bontang Barat, Kota "
        "Bontang, menerangkan bahwa:";
    letter.identity = {
        {"Nama", "AHMAD SAPUTRA"},
        {"NIK", "6474031208850001"},
        {"Tempat/Tgl. Lahir", "Bontang, 12 Agustus 1985"},
        {"Jenis Kelamin", "Laki-laki"},
        {"Agama", "Islam"},
        {"Pekerjaan", "Karyawan Swasta"},
        {"Status Perkawinan", "Kawin"},
        {"Alamat", "Jl. Awang Long RT 012, Kelurahan Belimbing, Kecamatan Bontang Barat"},
    };
    letter.paragraphs = {
        "Orang tersebut di atas benar berdomisili di wilayah Kelurahan Belimbing, Kecamatan "
        "Bontang Barat, Kota Bontang, sesuai dengan surat pengantar Ketua RT 012 Nomor "
        "15/RT.012/XI/2026.",
        "Surat keterangan ini diberikan untuk keperluan pengurusan administrasi perbankan dan "
        "berlaku selama enam bulan sejak tanggal dikeluarkan.",
        "Demikian surat keterangan ini dibuat dengan sebenarnya untuk dapat dipergunakan "
        "sebagaimana mestinya.",
    };
    letter.place_and_date = "Bontang, 27 November 2026";
    letter.signer_position = "Lurah Belimbing";
    letter.signer_name = "Drs. HENDRA WIJAYA, M.Si.";
    letter.signer_nip = "197501012000031001";
    letter.verification_url = "https://kelurahan-belimbing.example.id/v/8f3a2c91";
    letter.verification_note = "Pindai kode QR untuk memeriksa keaslian surat ini.";
    return letter;
}

}  // namespace ekel::office
