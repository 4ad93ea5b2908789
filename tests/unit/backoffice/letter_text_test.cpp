#include "backoffice/letters/letter_text.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "backoffice/letters/letter_font.h"

using ekel::office::fits_windows1252;
using ekel::office::GlyphCoverage;
using ekel::office::letter_fonts;
using ekel::office::printable_text;
using ekel::office::to_windows1252;

TEST_SUITE_BEGIN("office");

TEST_CASE("text the letter font has prints unchanged") {
    const GlyphCoverage& font = letter_fonts().coverage;
    const std::vector<std::string> texts = {
        "José Müller, Françoise Ñoño, Łukasz Wałęsa, Şükrü Çağlar",
        "“kutipan” ‘tunggal’ … Rp 10.000 – gratis — 50 € ± 2 °C",
        "Ελένη Παπαδοπούλου, Анна Иванова",
        "Rp\u00A010.000 (no-break space kept)",
        "baris satu\nbaris dua",
        "© ® ™ ♥ ☺",  // pictographic, but the font draws them
    };
    for (const auto& text : texts) {
        CAPTURE(text);
        CHECK(printable_text(text, font) == text);
    }
}

TEST_CASE("emoji, joiners and other invisible characters are dropped without leaving a gap") {
    const GlyphCoverage& font = letter_fonts().coverage;
    struct Case {
        std::string text;
        std::string printed;
    };
    const std::vector<Case> cases = {
        {"gratis 🙏 untuk", "gratis untuk"},
        {"keluarga 👨‍👩‍👧 bahagia", "keluarga bahagia"},  // a ZWJ sequence
        {"jempol 👍🏽 dua", "jempol dua"},                        // a skin tone modifier
        {"bendera 🇮🇩 merah putih", "bendera merah putih"},            // regional indicators
        {"Mantap👍Pak", "Mantap Pak"},                                 // between words: one space
        {"Terima kasih 🙏.", "Terima kasih."},                         // before punctuation: none
        {"(🙏) dan “🙏”", "() dan “”"},
        {"🙏 Halo 🙏", "Halo"},
        {"☺️ senyum", "☺ senyum"},  // the variation selector goes
        {"1️⃣ satu", "1 satu"},     // keycap: the digit stays
        {"zero\u200Bwidth\u2060join\uFEFF", "zerowidthjoin"},
        {"soft\u00ADhyphen", "softhyphen"},
        {"\u202Ekanan\u202C", "kanan"},
        {"bintang ★ centang ✓ selesai", "bintang centang selesai"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        CHECK(printable_text(c.text, font) == c.printed);
    }
}

TEST_CASE("control characters and other spaces become one space, never at a line's ends") {
    const GlyphCoverage& font = letter_fonts().coverage;
    struct Case {
        std::string text;
        std::string printed;
    };
    const std::vector<Case> cases = {
        {"A\tB\001C\177D", "A B C D"},
        {"kiri   kanan", "kiri kanan"},
        {"  awal dan akhir  ", "awal dan akhir"},
        {"baris  \n  berikut\r\n", "baris\nberikut\n"},
        {"em\u2003space\u3000ideo", "em space ideo"},
        {"alinea\u2029baru", "alinea\nbaru"},
        {"", ""},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        CHECK(printable_text(c.text, font) == c.printed);
    }
}

TEST_CASE("a character the font lacks gets a stand-in that reads the same, or is kept") {
    const GlyphCoverage& font = letter_fonts().coverage;
    struct Case {
        std::string text;
        std::string printed;
    };
    const std::vector<Case> cases = {
        {"Nguyễn Thị Ánh", "Nguyen Thi Ánh"},    // Vietnamese letters the font lacks: base letter
        {"Jose\u0301", "Jose"},                  // a combining accent the font cannot place
        {"𝐁𝐔𝐃𝐈 𝑠𝑎𝑛𝑡𝑜𝑠𝑜 𝟏𝟐", "BUDI santoso 12"},  // WhatsApp "fancy" letters
        {"ＲＴ　０１２", "RT 012"},              // fullwidth forms and space
        {"tel\u2012012 \u2043 ratio 1\u22362",
         "tel-012 - ratio 1:2"},  // figure dash, bullet, ratio
        {"Hawai\u02BBi, Ma\u02BCruf", "Hawai‘i, Ma’ruf"},
        {"10\u202Fkm", "10\u00A0km"},           // a narrow no-break space stays unbreakable
        {"李 明", "李 明"},                     // no stand-in: a missing-glyph box, text kept
        {"\xC3 x \xFF", "\uFFFD x \uFFFD"},     // bytes that are not UTF-8
        {"kuno 𓀀 huruf", "kuno \uFFFD huruf"},  // beyond U+FFFF, which libharu cannot show
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        CHECK(printable_text(c.text, font) == c.printed);
    }
}

TEST_CASE("text in Windows-1252 is recognised and converted byte for byte") {
    CHECK(fits_windows1252("José “kutipan” – Rp 10.000 € …\n"));
    CHECK(to_windows1252("José “x” – €") == "Jos\xE9 \x93x\x94 \x96 \x80");
    CHECK_FALSE(fits_windows1252("Łukasz"));
    CHECK_FALSE(fits_windows1252("李"));
    CHECK_FALSE(fits_windows1252("caf\xC3"));
    CHECK(to_windows1252("Ł\xC3") == "??");
}

TEST_SUITE_END();
