#include "backoffice/letters/letter_pdf.h"
#include "backoffice/letters/sample_letter.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "shared/util/error.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_config.h"

using ekel::office::LetterDocument;
using ekel::office::render_letter_pdf;
using ekel::office::sample_letter;

namespace {


/// Runs a shell command and returns its standard output; fails the test on a non-zero exit.
std::string command_output(const std::string& command) {
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::string output;
    char buffer[4096];
    std::size_t read = 0;
    while ((read = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, read);
    const int status = pclose(pipe);
    INFO(command);
    REQUIRE(status == 0);
    return output;
}

/// Runs `tool ARGS FILE TAIL` on the PDF bytes written to a temporary file.
std::string run_on_pdf(const std::string& pdf, const std::string& tool_and_args,
                       const std::string& tail = "") {
    ekel::test::TempDir dir;
    const std::string path = dir.write("letter.pdf", pdf);
    return command_output(tool_and_args + " '" + path + "' " + tail + " 2>/dev/null");
}

std::string pdf_text(const std::string& pdf) { return run_on_pdf(pdf, "pdftotext -layout", "-"); }

/// Collapses every run of whitespace to one space: layout mode pads justified lines and columns.
std::string squash_whitespace(const std::string& text) {
    std::string out;
    bool in_space = false;
    for (char c : text) {
        const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\f' || c == '\r';
        if (space) {
            in_space = true;
            continue;
        }
        if (in_space && !out.empty()) out += ' ';
        in_space = false;
        out += c;
    }
    return out;
}

std::string without_whitespace(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c != ' ' && c != '\n' && c != '\t' && c != '\f' && c != '\r') out += c;
    }
    return out;
}

int page_count(const std::string& pdf) {
    const std::string info = run_on_pdf(pdf, "pdfinfo");
    std::smatch match;
    REQUIRE(std::regex_search(info, match, std::regex(R"(Pages:\s+(\d+))")));
    return std::stoi(match[1].str());
}

/// The right edge of the rightmost word, in points, as poppler measures it.
double rightmost_word_edge(const std::string& pdf) {
    const std::string boxes = run_on_pdf(pdf, "pdftotext -bbox", "-");
    const std::regex x_max(R"(xMax="([0-9.]+)\")");
    double edge = 0.0;
    for (auto it = std::sregex_iterator(boxes.begin(), boxes.end(), x_max); it != std::sregex_iterator();
         ++it) {
        edge = std::max(edge, std::stod((*it)[1].str()));
    }
    return edge;
}

/// Dark pixels on page 1 rasterised at 72 dpi in grey (one pixel per point).
long dark_pixels(const std::string& pdf) {
    const std::string image = run_on_pdf(pdf, "pdftoppm -gray -r 72 -singlefile");
    std::istringstream header(image);
    std::string magic;
    int width = 0;
    int height = 0;
    int max_value = 0;
    header >> magic >> width >> height >> max_value;
    REQUIRE(magic == "P5");
    const auto pixels_start = static_cast<std::size_t>(header.tellg()) + 1;  // one whitespace byte
    REQUIRE(image.size() >= pixels_start + static_cast<std::size_t>(width) * height);
    long dark = 0;
    for (std::size_t i = pixels_start; i < image.size(); ++i) {
        if (static_cast<unsigned char>(image[i]) < 128) ++dark;
    }
    return dark;
}

/// One row of `pdffonts`.
struct PdfFont {
    std::string name;      // "HPDFAA+LiberationSerif"
    std::string type;      // "TrueType", "CID TrueType", "Type 1" …
    std::string encoding;  // "WinAnsi", "Identity-H" …
    bool embedded = false;
};

std::vector<PdfFont> pdf_fonts(const std::string& pdf) {
    std::istringstream rows(run_on_pdf(pdf, "pdffonts"));
    std::vector<PdfFont> fonts;
    std::string row;
    for (int line = 1; std::getline(rows, row); ++line) {
        if (line <= 2) continue;  // the heading and its rule
        std::istringstream fields(row);
        const std::vector<std::string> words{std::istream_iterator<std::string>(fields), {}};
        // name, type (one or two words), encoding, emb, sub, uni, object number, generation
        REQUIRE(words.size() >= 8);
        const std::size_t n = words.size();
        PdfFont font{words[0], words[1], words[n - 6], words[n - 5] == "yes"};
        for (std::size_t i = 2; i < n - 6; ++i) font.type += " " + words[i];
        fonts.push_back(font);
    }
    return fonts;
}

/// The shipped placeholder emblem's bytes, as the configuration holds them.
std::shared_ptr<const std::string> emblem() {
    std::ifstream in(ekel::test::repo_path("config/emblem.png"), std::ios::binary);
    REQUIRE(in);
    return std::make_shared<const std::string>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// The rows of `pdfimages -list` after its two heading lines: one per image or soft mask.
std::vector<std::vector<std::string>> pdf_images(const std::string& pdf) {
    std::istringstream rows(run_on_pdf(pdf, "pdfimages -list"));
    std::vector<std::vector<std::string>> images;
    std::string row;
    for (int line = 1; std::getline(rows, row); ++line) {
        if (line <= 2 || row.empty()) continue;
        std::istringstream fields(row);
        images.emplace_back(std::istream_iterator<std::string>(fields), std::istream_iterator<std::string>());
    }
    return images;
}

/// The smallest xMin among the words of the PDF that `word` matches, in points.
double leftmost_edge_of(const std::string& pdf, const std::string& word) {
    const std::string boxes = run_on_pdf(pdf, "pdftotext -bbox", "-");
    const std::regex box(R"re(<word xMin="([0-9.]+)"[^>]*>([^<]*)</word>)re");
    double edge = 1e9;
    for (auto it = std::sregex_iterator(boxes.begin(), boxes.end(), box); it != std::sregex_iterator(); ++it) {
        if ((*it)[2].str() == word) edge = std::min(edge, std::stod((*it)[1].str()));
    }
    return edge;
}

// A4 width minus the 2 cm right margin, in points.
constexpr double kRightMarginEdge = 595.276 - 2.0 * 72.0 / 2.54;

}  // namespace

TEST_SUITE_BEGIN("office");

TEST_CASE("a rendered letter is a PDF document of one A4 page") {
    const std::string pdf = render_letter_pdf(sample_letter());
    REQUIRE(pdf.size() > 5);
    CHECK(pdf.substr(0, 5) == "%PDF-");
    CHECK(page_count(pdf) == 1);
    const std::string info = run_on_pdf(pdf, "pdfinfo");
    CHECK(info.find("595.276 x 841.89 pts (A4)") != std::string::npos);
}

TEST_CASE("the printed letter shows its title, number, holder, body, signer and NIP") {
    const LetterDocument letter = sample_letter();
    const std::string text = squash_whitespace(pdf_text(render_letter_pdf(letter)));
    CHECK(text.find("PEMERINTAH KOTA BONTANG") != std::string::npos);
    CHECK(text.find("Jl. Brigjend Katamso No. 1, Belimbing, Bontang") != std::string::npos);
    CHECK(text.find("SURAT KETERANGAN DOMISILI") != std::string::npos);
    CHECK(text.find("Nomor: 400.12.2.1/001/KEL-BLB/XI/2026") != std::string::npos);
    CHECK(text.find("Nama : AHMAD SAPUTRA") != std::string::npos);
    CHECK(text.find("NIK : 6474031208850001") != std::string::npos);
    CHECK(text.find("berlaku selama enam bulan sejak tanggal dikeluarkan.") != std::string::npos);
    CHECK(text.find("Bontang, 27 November 2026") != std::string::npos);
    CHECK(text.find("Drs. HENDRA WIJAYA, M.Si.") != std::string::npos);
    CHECK(text.find("NIP. 197501012000031001") != std::string::npos);
    CHECK(text.find("Pindai kode QR") != std::string::npos);
}

TEST_CASE("the document info names E-Kelurahan as creator and the letter title as title") {
    const std::string info = run_on_pdf(render_letter_pdf(sample_letter()), "pdfinfo");
    CHECK(info.find("Creator:         E-Kelurahan") != std::string::npos);
    CHECK(info.find("Title:           SURAT KETERANGAN DOMISILI") != std::string::npos);
}

TEST_CASE("a signer without a NIP gets no NIP line") {
    LetterDocument letter = sample_letter();
    letter.signer_nip.clear();
    const std::string text = pdf_text(render_letter_pdf(letter));
    CHECK(text.find("NIP.") == std::string::npos);
    CHECK(text.find("Drs. HENDRA WIJAYA, M.Si.") != std::string::npos);
}

TEST_CASE("a body too long for one page continues on a second page with the signature at its end") {
    LetterDocument letter = sample_letter();
    letter.paragraphs.clear();
    for (int i = 1; i <= 9; ++i) {
        letter.paragraphs.push_back("Paragraf " + std::to_string(i) +
                                    ": warga tersebut telah tinggal di lingkungan RT 012 dan aktif "
                                    "mengikuti kegiatan gotong royong, posyandu, serta ronda malam "
                                    "bersama warga lainnya sejak beberapa tahun yang lalu.");
    }
    const std::string pdf = render_letter_pdf(letter);
    CHECK(page_count(pdf) == 2);
    const std::string first_page = squash_whitespace(run_on_pdf(pdf, "pdftotext -layout -l 1", "-"));
    const std::string second_page = squash_whitespace(run_on_pdf(pdf, "pdftotext -layout -f 2", "-"));
    CHECK(first_page.find("Paragraf 1: warga tersebut") != std::string::npos);
    CHECK(first_page.find("Halaman 1 dari 2") != std::string::npos);
    CHECK(second_page.find("Paragraf 9: warga tersebut") != std::string::npos);
    CHECK(second_page.find("NIP. 197501012000031001") != std::string::npos);
    CHECK(second_page.find("Halaman 2 dari 2") != std::string::npos);
}

TEST_CASE("accented Latin letters in UTF-8 input print correctly") {
    LetterDocument letter = sample_letter();
    letter.identity[0].second = "José Müller";
    letter.paragraphs.push_back("Keterangan tambahan: Françoise Ñoño – “kutipan” … 50 €.");
    const std::string text = squash_whitespace(pdf_text(render_letter_pdf(letter)));
    CHECK(text.find("José Müller") != std::string::npos);
    CHECK(text.find("Françoise Ñoño – “kutipan” … 50 €.") != std::string::npos);
}

TEST_CASE("accented names, curly quotes, the rupiah amount and dashes print as written, and emoji "
          "leave no trace") {
    LetterDocument letter = sample_letter();
    letter.identity[0].second = "José Müller 🙏";
    letter.paragraphs.push_back(
        "Catatan: “surat resmi” dan ‘salinan’, biaya Rp 10.000 – gratis 🙏 untuk keluarga "
        "👨‍👩‍👧 ini — terima kasih🙏.");
    const std::string raw = pdf_text(render_letter_pdf(letter));
    const std::string text = squash_whitespace(raw);
    CHECK(text.find("Nama : José Müller NIK") != std::string::npos);
    CHECK(text.find("Catatan: “surat resmi” dan ‘salinan’, biaya Rp 10.000 – gratis untuk "
                    "keluarga ini — terima kasih.") != std::string::npos);
    CHECK(raw.find('?') == std::string::npos);
    CHECK(raw.find("\xEF\xBF\xBD") == std::string::npos);  // nor U+FFFD
}

TEST_CASE("the letter font is Liberation Serif, embedded in the PDF") {
    const auto fonts = pdf_fonts(render_letter_pdf(sample_letter()));
    REQUIRE(fonts.size() == 2);  // regular and bold
    for (const auto& font : fonts) {
        CAPTURE(font.name);
        CHECK(font.name.find("LiberationSerif") != std::string::npos);
        CHECK(font.type == "TrueType");
        CHECK(font.encoding == "WinAnsi");
        CHECK(font.embedded);
    }
}

TEST_CASE("text outside Windows-1252 prints with the embedded font in UTF-8, justified to the "
          "margin") {
    LetterDocument letter = sample_letter();
    letter.identity[0].second = "ŁUKASZ DĄBROWSKI";
    letter.paragraphs.push_back(
        "Saksi: Ελένη Παπαδοπούλου dan Анна Иванова, keduanya warga negara asing yang tinggal di "
        "Kelurahan Belimbing; ejaan nama Őrsi Ābele dan Şükrü Çağlar mengikuti paspor masing-masing "
        "sebagaimana tercantum dalam dokumen kependudukan.");
    const std::string pdf = render_letter_pdf(letter);
    const std::string raw = pdf_text(pdf);
    const std::string text = squash_whitespace(raw);
    CHECK(text.find("Nama : ŁUKASZ DĄBROWSKI") != std::string::npos);
    CHECK(text.find("Saksi: Ελένη Παπαδοπούλου dan Анна Иванова, keduanya") != std::string::npos);
    CHECK(text.find("ejaan nama Őrsi Ābele dan Şükrü Çağlar mengikuti") != std::string::npos);
    CHECK(raw.find('?') == std::string::npos);
    const double edge = rightmost_word_edge(pdf);
    CHECK(edge > kRightMarginEdge - 20.0);  // justified lines still reach the margin
    CHECK(edge <= kRightMarginEdge + 0.5);
    const auto fonts = pdf_fonts(pdf);
    REQUIRE(fonts.size() == 2);
    for (const auto& font : fonts) {
        CAPTURE(font.name);
        CHECK(font.name.find("LiberationSerif") != std::string::npos);
        CHECK(font.type == "CID TrueType");
        CHECK(font.encoding == "Identity-H");
        CHECK(font.embedded);
    }
}

TEST_CASE("a long word of multi-byte characters is cut between characters") {
    LetterDocument letter = sample_letter();
    std::string long_word;
    for (int i = 0; i < 150; ++i) long_word += i % 2 == 0 ? "ł" : "ā";  // two bytes each
    letter.paragraphs.push_back("Awal " + long_word + " akhir.");
    std::string long_value = "https://example.id/";
    for (int i = 0; i < 100; ++i) long_value += "ж";
    letter.identity.emplace_back("Tautan", long_value);
    const std::string pdf = render_letter_pdf(letter);
    CHECK(rightmost_word_edge(pdf) <= kRightMarginEdge + 0.5);
    const std::string text = without_whitespace(pdf_text(pdf));
    CHECK(text.find("Awal" + long_word + "akhir.") != std::string::npos);
    CHECK(text.find(long_value) != std::string::npos);
}

TEST_CASE("characters the font lacks never print as question marks, and malformed UTF-8 is "
          "survived") {
    LetterDocument letter = sample_letter();
    // 李 has no glyph: a missing-glyph box, but the PDF's text keeps it. The stray byte is U+FFFD.
    letter.identity[0].second = "AHMAD 李 SAPUTRA 🙂 \xC3 END\t\x01 Nguyễn";
    const std::string raw = pdf_text(render_letter_pdf(letter));
    CHECK(squash_whitespace(raw).find("AHMAD 李 SAPUTRA \xEF\xBF\xBD END Nguyen") !=
          std::string::npos);
    CHECK(raw.find('?') == std::string::npos);
}

TEST_CASE("justified body text and long values never pass the right margin") {
    LetterDocument letter = sample_letter();
    letter.identity.emplace_back(
        "Keterangan", "Nilai yang sangat panjang sekali sehingga harus dipecah menjadi beberapa "
                      "baris di kolom kanan tabel identitas pemohon surat keterangan ini");
    letter.paragraphs.push_back(
        "Kalimat-kalimat ini sengaja dibuat panjang dengan kata-kata berukuran berbeda: a, di, "
        "pemberdayaan, kesejahteraan, pertanggungjawaban, WWWWWWWW, mmmmmmmm, iiiiiiii, serta "
        "angka 1234567890 agar setiap baris diratakan kiri-kanan hingga tepat di margin.");
    const std::string pdf = render_letter_pdf(letter);
    const double edge = rightmost_word_edge(pdf);
    CHECK(edge > kRightMarginEdge - 20.0);  // justified lines do reach the margin
    CHECK(edge <= kRightMarginEdge + 0.5);
}

TEST_CASE("a word longer than a line is cut across lines instead of overflowing") {
    LetterDocument letter = sample_letter();
    const std::string long_word(400, 'W');
    letter.paragraphs.push_back("Awal " + long_word + " akhir.");
    letter.identity.emplace_back("Tautan", "https://example.id/" + std::string(200, 'x'));
    const std::string pdf = render_letter_pdf(letter);
    CHECK(rightmost_word_edge(pdf) <= kRightMarginEdge + 0.5);
    const std::string text = without_whitespace(pdf_text(pdf));
    CHECK(text.find("Awal" + long_word + "akhir.") != std::string::npos);
}

TEST_CASE("a long letterhead line wraps and stays centred within the margins") {
    LetterDocument letter = sample_letter();
    letter.letterhead.back() =
        "KELURAHAN DENGAN NAMA YANG SANGAT PANJANG SEKALI SEHINGGA TIDAK MUAT DALAM SATU BARIS";
    const std::string pdf = render_letter_pdf(letter);
    CHECK(rightmost_word_edge(pdf) <= kRightMarginEdge + 0.5);
    CHECK(squash_whitespace(pdf_text(pdf)).find("TIDAK MUAT DALAM SATU BARIS") != std::string::npos);
}

TEST_CASE("the letterhead shows the logo once, left of the lines, and the contact line under the address") {
    LetterDocument letter = sample_letter();
    letter.logo_png = emblem();
    letter.letterhead_address =
        "Jalan Letjend S. Parman Nomor 1, Kelurahan Belimbing, Kecamatan Bontang Barat, Kota Bontang, Kalimantan "
        "Timur 75313";  // long enough to wrap: it must wrap clear of the logo
    const std::string pdf = render_letter_pdf(letter);

    // One image at the emblem's own 200 × 240 pixels, in RGB (laid on the white of the paper).
    const auto images = pdf_images(pdf);
    REQUIRE(images.size() == 1);
    CHECK(images[0][2] == "image");
    CHECK(images[0][3] == "200");
    CHECK(images[0][4] == "240");
    CHECK(images[0][5] == "rgb");
    // Every letterhead word starts right of the logo: 2.5 cm margin + 2.0 cm logo + 0.3 cm gap.
    const double logo_right = 2.5 * 72.0 / 2.54 + 200.0 / 240.0 * 2.4 * 72.0 / 2.54;
    for (const char* word : {"PEMERINTAH", "KELURAHAN", "Jalan", "Timur", "Telepon"}) {
        CAPTURE(word);
        CHECK(leftmost_edge_of(pdf, word) > logo_right);
    }
    const std::string text = squash_whitespace(pdf_text(pdf));
    CHECK(text.find("Telepon (0548) 21234, Pos-el kel.belimbing@example.go.id, Laman "
                    "belimbing.example.go.id") != std::string::npos);
    CHECK(text.find("Timur 75313 Telepon") != std::string::npos);  // under the address, before the rule

    // The logo is drawn and its data decodes: a logo's worth more dark pixels than without it.
    LetterDocument without_logo = letter;
    without_logo.logo_png.reset();
    CHECK(pdf_images(render_letter_pdf(without_logo)).empty());
    CHECK(dark_pixels(pdf) - dark_pixels(render_letter_pdf(without_logo)) > 1500);
}

TEST_CASE("a logo whose image data is damaged is named as a problem instead of aborting") {
    CHECK_FALSE(ekel::office::letter_logo_problem(*emblem()).has_value());
    std::string cut = *emblem();
    cut.resize(cut.size() / 2);  // the header is fine, the image data stops half-way
    const auto cut_problem = ekel::office::letter_logo_problem(cut);
    REQUIRE(cut_problem.has_value());
    CHECK(cut_problem->starts_with("damaged PNG data: "));
    std::string flipped = *emblem();
    flipped[flipped.size() / 2] = static_cast<char>(flipped[flipped.size() / 2] ^ 0x55);  // a CRC error
    REQUIRE(ekel::office::letter_logo_problem(flipped).has_value());
    const auto garbage = ekel::office::letter_logo_problem("not a png at all");
    REQUIRE(garbage.has_value());
    CHECK(garbage->starts_with("not a readable PNG: "));
    // A letter given such bytes anyway fails with an error instead of taking the process down.
    LetterDocument letter = sample_letter();
    letter.logo_png = std::make_shared<const std::string>(cut);
    CHECK_THROWS_AS(render_letter_pdf(letter), ekel::Error);
}

TEST_CASE("the same logo bytes in many letters are prepared once and give identical letters") {
    LetterDocument letter = sample_letter();
    letter.logo_png = emblem();
    const std::string first = render_letter_pdf(letter);
    CHECK(render_letter_pdf(letter) == first);
    LetterDocument copy = letter;  // another pointer to equal bytes: prepared again, same result
    copy.logo_png = emblem();
    CHECK(render_letter_pdf(copy) == first);
}

TEST_CASE("the verification URL is drawn as a QR code beside the signature") {
    LetterDocument without_qr = sample_letter();
    without_qr.verification_url.clear();
    const long dark_without = dark_pixels(render_letter_pdf(without_qr));
    const long dark_with = dark_pixels(render_letter_pdf(sample_letter()));
    // The symbol is 2.5 cm (about 71 px at 72 dpi) square and roughly half dark.
    CHECK(dark_with - dark_without > 1500);
    CHECK(dark_with - dark_without < 71 * 71);
}

TEST_CASE("a draft carries DRAF across the page behind the text, and the a.n. line sits above the position") {
    LetterDocument letter = sample_letter();
    letter.signer_on_behalf = "a.n. Lurah Belimbing";
    letter.signer_position = "Sekretaris Kelurahan";
    const std::string final_text = squash_whitespace(pdf_text(render_letter_pdf(letter)));
    CHECK(final_text.find("DRAF") == std::string::npos);
    const auto on_behalf = final_text.find("a.n. Lurah Belimbing");
    REQUIRE(on_behalf != std::string::npos);
    CHECK(final_text.find("Sekretaris Kelurahan,", on_behalf) != std::string::npos);

    letter.draft = true;
    const std::string draft = render_letter_pdf(letter);
    // Rotated, the mark's letters come out of pdftotext one per line.
    std::string raw = run_on_pdf(draft, "pdftotext -raw", "-");
    std::erase_if(raw, [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
    CHECK(raw.rfind("DRAF", 0) == 0);
    // Light grey, so the letter stays readable: the page gets only a little darker.
    const long dark_final = dark_pixels(render_letter_pdf(sample_letter()));
    CHECK(dark_pixels(draft) - dark_final < dark_final / 10);
    CHECK(squash_whitespace(pdf_text(draft)).find(squash_whitespace(letter.paragraphs.front()).substr(0, 40)) !=
          std::string::npos);
}

TEST_CASE("a 300-character verification URL still fits in the QR code") {
    LetterDocument letter = sample_letter();
    const std::string prefix = "https://kelurahan-belimbing.example.id/verifikasi?token=";
    letter.verification_url = prefix + std::string(300 - prefix.size(), 'a');
    REQUIRE(letter.verification_url.size() == 300);
    std::string pdf;
    REQUIRE_NOTHROW(pdf = render_letter_pdf(letter));
    CHECK(page_count(pdf) == 1);
}

TEST_CASE("a verification URL too long for any QR code is reported as ekel::Error") {
    LetterDocument letter = sample_letter();
    letter.verification_url = "https://example.id/" + std::string(4000, 'a');
    CHECK_THROWS_AS(render_letter_pdf(letter), ekel::Error);
}

TEST_CASE("a libharu error, such as a title too long for the document info, surfaces as ekel::Error") {
    LetterDocument letter;
    letter.title = std::string(70000, 'A');  // PDF strings stop at 65535 bytes in libharu
    CHECK_THROWS_WITH_AS(render_letter_pdf(letter), doctest::Contains("libharu error 0x105B"),
                         ekel::Error);
}

TEST_CASE("an empty letter still renders a valid page") {
    const std::string pdf = render_letter_pdf(LetterDocument{});
    CHECK(pdf.substr(0, 5) == "%PDF-");
    CHECK(page_count(pdf) == 1);
}

TEST_CASE("letters rendered on two threads at once are identical to one rendered alone") {
    const LetterDocument letter = sample_letter();
    const std::string expected = render_letter_pdf(letter);
    std::vector<std::string> rendered(2 * 25);
    std::vector<std::thread> threads;
    for (int t = 0; t < 2; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 25; ++i) rendered[t * 25 + i] = render_letter_pdf(letter);
        });
    }
    for (auto& thread : threads) thread.join();
    for (const auto& pdf : rendered) CHECK(pdf == expected);
}

TEST_SUITE_END();
