#include "shared/domain/official_text.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "shared/config/letter_words.h"

TEST_SUITE_BEGIN("domain");

using ekel::domain::OfficialWords;
using ekel::domain::TextCase;
using ekel::domain::to_official_text;

namespace {

const OfficialWords& shipped_words() {
    static const OfficialWords words = ekel::config::load_letter_words(std::string(EKEL_REPO_DIR) + "/config/letter_words.toml");
    return words;
}

std::string clean(const std::string& text, TextCase text_case = TextCase::sentence) {
    return to_official_text(text, text_case, shipped_words());
}

struct Case {
    std::string typed;
    TextCase text_case;
    std::string official;
};

}  // namespace

TEST_CASE("chat abbreviations become official words, on whole words only, keeping a capital") {
    const std::vector<Case> cases = {
        {"sekolah anak sy", TextCase::sentence, "Sekolah anak saya"},
        {"minjam duit di bank bri", TextCase::sentence, "Meminjam uang di bank BRI"},
        {"Sy mau daftar krj yg baru", TextCase::phrase, "Saya mau daftar kerja yang baru"},
        {"bwt ngelamar krj dgn ijazah sma", TextCase::sentence, "Untuk melamar kerja dengan ijazah SMA"},
        {"anak sy blm sdh tdk", TextCase::phrase, "anak saya belum sudah tidak"},
        {"sytem", TextCase::phrase, "sytem"},              // "sy" inside a word is left alone
        {"syarat", TextCase::phrase, "syarat"},
        {"udh ada ktp dan kk", TextCase::phrase, "sudah ada KTP dan KK"},
        {"berobat ke rs", TextCase::sentence, "Berobat ke rumah sakit"},
        {"bantuan rp 500rb", TextCase::phrase, "bantuan Rp 500 ribu"},
        {"Rp10.000", TextCase::phrase, "Rp10.000"},
        {"sekolah anak2 di smp2", TextCase::phrase, "sekolah anak-anak di SMP 2"},
        {"ktp el", TextCase::phrase, "KTP el"},
        {"ektp hilang", TextCase::sentence, "KTP-el hilang"},
        {"daftar di pt pupuk kaltim", TextCase::sentence, "Daftar di PT pupuk kaltim"},
        {"tidak ada no hp", TextCase::phrase, "tidak ada no HP"},  // "no" without a number stays
    };
    for (const auto& c : cases) {
        CAPTURE(c.typed);
        CHECK(clean(c.typed, c.text_case) == c.official);
    }
}

TEST_CASE("title case writes addresses and business names as a letter does") {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"jl. pattimura no 5 rt 3", "Jl. Pattimura No. 5 RT 3"},
        {"jl.pattimura no.5 rt 03 rw 02", "Jl. Pattimura No. 5 RT 03 RW 02"},
        {"JLN MT HARYONO GG MELATI NO 12", "Jl. Mt Haryono Gg. Melati No. 12"},
        {"gg. mawar, kel. belimbing, kec. bontang barat", "Gg. Mawar, Kelurahan Belimbing, Kecamatan Bontang Barat"},
        {"warung makan berkah", "Warung Makan Berkah"},
        {"toko sumber rejeki dan jaya", "Toko Sumber Rejeki dan Jaya"},
        {"cv maju bersama", "CV Maju Bersama"},
        {"perum bukit sintuk blok c no 5a", "Perumahan Bukit Sintuk Blok C No. 5A"},
        {"di rumah", "Di Rumah"},
        {"siti nur'aini", "Siti Nur'aini"},
        {"rt3", "RT 3"},
    };
    for (const auto& [typed, official] : cases) {
        CAPTURE(typed);
        CHECK(clean(typed, TextCase::title) == official);
    }
}

TEST_CASE("sentence case capitalises the first word only; phrase case keeps the typing") {
    CHECK(clean("sekolah anak di SMA Negeri 1 Bontang") == "Sekolah anak di SMA Negeri 1 Bontang");
    CHECK(clean("SEKOLAH ANAK SAYA") == "Sekolah anak saya");  // all capitals is lowered first
    CHECK(clean("2 anak sekolah") == "2 anak sekolah");
    CHECK(clean("Bengkel Motor", TextCase::phrase) == "Bengkel Motor");
    CHECK(clean("BENGKEL MOTOR", TextCase::phrase) == "bengkel motor");
    CHECK(clean("usaha DI RT 5", TextCase::phrase) == "usaha DI RT 5");  // not all capitals
}

TEST_CASE("emoji and other pictographs are removed, accents, curly quotes and the rupiah sign kept") {
    CHECK(clean("mau sktm buat sekolah anak sy 🙏") == "Mau SKTM buat sekolah anak saya");
    CHECK(clean("sekolah 👍🏽 anak") == "Sekolah anak");                // skin tone
    CHECK(clean("keluarga 👨‍👩‍👧 sehat ❤️") == "Keluarga sehat");      // ZWJ sequence, U+FE0F
    CHECK(clean("✅ daftar ulang ☺︎") == "Daftar ulang");              // U+FE0E
    CHECK(clean("🇮🇩 merdeka") == "Merdeka");                          // regional indicators
    CHECK(clean("1️⃣ sekolah") == "1 sekolah");                         // keycap: the digit stays
    CHECK(clean("café “Bu Siti” – José", TextCase::phrase) == "café “Bu Siti” – José");
    CHECK(clean("André Müller", TextCase::title) == "André Müller");
    CHECK(clean("biaya Rp 50.000,-", TextCase::phrase) == "biaya Rp 50.000");
    CHECK(clean("biaya rp.50rb", TextCase::phrase) == "biaya Rp50 ribu");
    CHECK(clean("𝐬𝐞𝐤𝐨𝐥𝐚𝐡 anak") == "Sekolah anak");                  // "fancy text" letters
    CHECK(clean("sekolah\u200B anak\u00A0saya") == "Sekolah anak saya");
}

TEST_CASE("a small word written twice is written once") {
    CHECK(clean("berlokasi di di rumah", TextCase::phrase) == "berlokasi di rumah");
    CHECK(clean("untuk untuk sekolah") == "Untuk sekolah");
    CHECK(clean("yg yang baru", TextCase::phrase) == "yang baru");
    CHECK(clean("di Di di pasar", TextCase::phrase) == "di pasar");
    CHECK(clean("anak anak saya", TextCase::phrase) == "anak anak saya");  // maybe plural: left as typed
}

TEST_CASE("spacing around punctuation is fixed and the ends carry no punctuation") {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"  sekolah   anak  ", "Sekolah anak"},
        {"sekolah anak , biar dapat beasiswa !!!", "Sekolah anak, agar dapat beasiswa"},
        {"sekolah,biar dapat beasiswa", "Sekolah, agar dapat beasiswa"},
        {"melamar kerja.", "Melamar kerja"},
        {"melamar kerja...", "Melamar kerja"},
        {"- melamar kerja ?", "Melamar kerja"},
        {"beasiswa ( kip ) kuliah", "Beasiswa (KIP) kuliah"},
        {"nilai 8,5 dan jam 19.00", "Nilai 8,5 dan jam 19.00"},
        {"gelar S.Sos.", "Gelar S.Sos"},
        {"Budi (anak)\nAni (istri)", "Budi (anak), Ani (istri)"},
        {"keperluan:\nsekolah", "Keperluan: sekolah"},
        {"sekolah?!?! anak", "Sekolah? anak"},
    };
    for (const auto& [typed, official] : cases) {
        CAPTURE(typed);
        CHECK(clean(typed) == official);
    }
}

TEST_CASE("odd input never throws: bad UTF-8 is dropped, nothing left is an empty text") {
    CHECK(clean("sekolah \xFF\xFE anak") == "Sekolah anak");
    CHECK(clean("\xC3") == "");
    CHECK(clean("\xED\xA0\x80 anak") == "Anak");  // a UTF-16 surrogate is not UTF-8
    CHECK(clean("🙏🙏🙏") == "");
    CHECK(clean("") == "");
    CHECK(clean("...!!!") == "");
    CHECK(clean(std::string("sekolah\0anak", 12)) == "Sekolahanak");
    CHECK(clean("\t\r\n") == "");
}

TEST_CASE("cleaning clean text changes nothing, for many inputs and every case") {
    std::vector<std::string> inputs = {
        "mau sktm buat sekolah anak sy 🙏", "minjam duit di bank", "berlokasi di di rumah", "jl. pattimura no 5 rt 3",
        "JLN. MT HARYONO NO.5", "Sy  ,mau  daftar!!", "sy2", "anak2nya", "no.5", "no . 5", "rt03rw02", "RT 3 ABC",
        "rt ABC", "X", "a", "Jl.", "jl.jl.jl", "di di di di", "yg yg", "50rb", "rp.50rb", "kel.", ".. ,, ;;",
        "( sekolah )", "“ sekolah ”", "'sekolah'", "Nur'aini", "nur ' aini", "anak-anak", "anak - anak", "ke2",
        "ke22", "sekolah2", "SEKOLAH2", "Ü", "ÜBER alles", "é", "\xFF", "1️⃣", "👨‍👩‍👧", "a\nb\nc", "a\n\nb",
        ",a", "a,", "a ,b", "1,5", "1 ,5", "19 . 00", "dr. siti", "dll.", "tdk,blm", "S.Sos.,M.Si", "Rp10.000,-",
        "kav 10", "km 5", "km", "no", "NO 5", "No.No.5", "( kip", "kip )", "[rt]", "a.b.c", "A.B.C",
        "gg.mawar.no.5", "sd1", "SD 1", "SMP-2", "ektp", "KTP-el", "ktp-EL", "ALM. BUDI", "almh siti",
        "sekolah\u2028anak", "—sekolah—", "•sekolah", "#sekolah", "sekolah …", "sekolah… anak",
    };
    // Every pair of inputs too, so tokens meet in many orders.
    const std::size_t base = inputs.size();
    for (std::size_t i = 0; i < base; ++i) {
        for (std::size_t j = 0; j < base; j += 7) inputs.push_back(inputs[i] + " " + inputs[j]);
        inputs.push_back(inputs[i] + inputs[(i * 13 + 5) % base]);
    }
    for (const auto& input : inputs) {
        for (TextCase text_case : {TextCase::sentence, TextCase::title, TextCase::phrase}) {
            const std::string once = clean(input, text_case);
            CAPTURE(input);
            CAPTURE(once);
            CHECK(clean(once, text_case) == once);
        }
    }
}

TEST_CASE("the text case names round-trip") {
    for (TextCase text_case : {TextCase::sentence, TextCase::title, TextCase::phrase}) {
        CHECK(ekel::domain::parse_text_case(ekel::domain::to_string(text_case)) == text_case);
    }
    CHECK_FALSE(ekel::domain::parse_text_case("upper"));
}

TEST_SUITE_END();
