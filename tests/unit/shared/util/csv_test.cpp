#include "shared/util/csv.h"

#include <doctest/doctest.h>

#include <cstddef>
#include <string>
#include <vector>

using ekel::CsvTable;
using ekel::parse_csv;

TEST_SUITE_BEGIN("util");

namespace {

std::vector<std::size_t> row_lines(const CsvTable& table) {
    std::vector<std::size_t> lines;
    for (const auto& row : table.rows) lines.push_back(row.line);
    return lines;
}

}  // namespace

TEST_CASE("a comma-separated file gives a lower-case header and rows with their line numbers") {
    const auto table = parse_csv(
        "NIK, Nama Lengkap ,RT\n6474031208850001,Budi,012\n"
        "6474035208850002,Siti,013\n");
    REQUIRE(table);
    CHECK(table->delimiter == ',');
    CHECK(table->header == std::vector<std::string>{"nik", "nama lengkap", "rt"});
    REQUIRE(table->rows.size() == 2);
    CHECK(table->rows[0].cells == std::vector<std::string>{"6474031208850001", "Budi", "012"});
    CHECK(table->rows[1].cells == std::vector<std::string>{"6474035208850002", "Siti", "013"});
    CHECK(row_lines(*table) == std::vector<std::size_t>{2, 3});
}

TEST_CASE("the delimiter is the one that occurs more often outside quotes in the header") {
    struct Case {
        std::string text;
        char delimiter;
    };
    const std::vector<Case> cases = {
        {"nik;nama;rt\n1;Budi, S.Pd;2\n", ';'}, {"\"nama, lengkap\";nik\nBudi;1\n", ';'},
        {"\"a;b;c\",nik\nx,1\n", ','},          {"nik\n1\n", ','},
        {"\n\nnik;nama\n1;Budi\n", ';'},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        const auto table = parse_csv(c.text);
        REQUIRE_MESSAGE(table, (table ? "" : table.error().message));
        CHECK(table->delimiter == c.delimiter);
        CHECK(table->rows.size() == 1);
    }
}

TEST_CASE("an Excel export with BOM, semicolons and CRLF line ends is read") {
    const auto table = parse_csv("\xEF\xBB\xBFNIK;Nama\r\n6474031208850001;Budi\r\n");
    REQUIRE(table);
    CHECK(table->delimiter == ';');
    CHECK(table->header == std::vector<std::string>{"nik", "nama"});
    REQUIRE(table->rows.size() == 1);
    CHECK(table->rows[0].cells == std::vector<std::string>{"6474031208850001", "Budi"});
}

TEST_CASE("LF, CRLF and lone CR line ends each count as one line") {
    for (const std::string end : {"\n", "\r\n", "\r"}) {
        CAPTURE(end.size());
        const auto table = parse_csv("a,b" + end + "1,2" + end + end + "3,4" + end);
        REQUIRE(table);
        CHECK(row_lines(*table) == std::vector<std::size_t>{2, 4});
        CHECK(table->rows[1].cells == std::vector<std::string>{"3", "4"});
    }
}

TEST_CASE("quoted cells keep delimiters, doubled quotes, spaces and line breaks") {
    const auto table = parse_csv(
        "nama,alamat,catatan\n"
        "\"Budi, S.Pd\",\"Jl. \"\"Mawar\"\" No. 5\",\"  spasi  \"\n"
        "Siti,\"RT 012\r\nBelimbing\nBontang\",x\n"
        "Ani,Kanaan,y\n");
    REQUIRE(table);
    REQUIRE(table->rows.size() == 3);
    CHECK(table->rows[0].cells ==
          std::vector<std::string>{"Budi, S.Pd", "Jl. \"Mawar\" No. 5", "  spasi  "});
    CHECK(table->rows[1].cells[1] == "RT 012\nBelimbing\nBontang");
    // The embedded line breaks still count, so the next row is where an editor shows it.
    CHECK(row_lines(*table) == std::vector<std::size_t>{2, 3, 6});
}

TEST_CASE("unquoted cells are trimmed and quotes may be surrounded by spaces") {
    const auto table = parse_csv("a;b;c\n  x\t; \"y \" ;z  \n");
    REQUIRE(table);
    REQUIRE(table->rows.size() == 1);
    CHECK(table->rows[0].cells == std::vector<std::string>{"x", "y ", "z"});
}

TEST_CASE("blank lines and rows of bare delimiters are skipped but still counted") {
    const auto table = parse_csv("\nnik;nama\n\n1;Budi\n;\n   \n2;Siti");
    REQUIRE(table);
    CHECK(table->header == std::vector<std::string>{"nik", "nama"});
    CHECK(row_lines(*table) == std::vector<std::size_t>{4, 7});
}

TEST_CASE("cells are found by column name, ignoring case and spaces in the name") {
    const auto table = parse_csv("NIK,Nama\n6474031208850001,Budi\n");
    REQUIRE(table);
    CHECK(table->column_index("nama") == std::optional<std::size_t>{1});
    CHECK(table->column_index(" NIK ") == std::optional<std::size_t>{0});
    CHECK_FALSE(table->column_index("rt").has_value());
    const std::string* name = table->cell(table->rows.at(0), "Nama");
    REQUIRE(name != nullptr);
    CHECK(*name == "Budi");
    CHECK(table->cell(table->rows.at(0), "rt") == nullptr);
}

TEST_CASE("a file with only a header gives a table without rows") {
    const auto table = parse_csv("nik,nama\r\n");
    REQUIRE(table);
    CHECK(table->header.size() == 2);
    CHECK(table->rows.empty());
}

TEST_CASE("a malformed file is rejected with the line staff must fix") {
    struct Case {
        std::string text;
        std::string message;
    };
    const std::vector<Case> cases = {
        {"", "berkas CSV kosong"},
        {"\xEF\xBB\xBF\r\n\r\n", "berkas CSV kosong"},
        {"nik,nama,nik\n1,a,2\n", "kolom 'nik' muncul dua kali"},
        {"NIK,nama, nik \n1,a,2\n", "kolom 'nik' muncul dua kali"},
        {"nik,,nama\n1,a,b\n", "baris 1: kolom ke-2 di baris judul tidak bernama"},
        {"a,b\n1,2\n3,\"unterminated\n4,5\n", "baris 3: tanda kutip tidak ditutup"},
        {"a,b\n1,\"x\n\"\n3,4\n5,\"y\n", "baris 5: tanda kutip tidak ditutup"},
        {"a,b\n1,\"x\"y\n", "baris 2: ada teks setelah tanda kutip penutup"},
        {"a,b,c\n1,2,3\n1,2\n\n1,2,3,4\n",
         "baris 3: ada 2 kolom, seharusnya 3; "
         "baris 5: ada 4 kolom, seharusnya 3"},
        {"a;b\n\"x\ny\";1;2\n", "baris 2: ada 3 kolom, seharusnya 2"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        const auto table = parse_csv(c.text);
        REQUIRE_FALSE(table);
        CHECK(table.error().field == "csv");
        CAPTURE(table.error().message);
        CHECK(table.error().message.find(c.message) != std::string::npos);
    }
}

TEST_CASE("a file that is not UTF-8 is read as Windows-1252 when it can be, and refused naming each bad cell otherwise") {
    const auto utf8 = parse_csv("nama;alamat\nMa\xE2\x80\x99ruf;Jl. Mawar\n");
    REQUIRE(utf8);
    CHECK(utf8->encoding == ekel::CsvEncoding::utf8);

    const auto converted = parse_csv("Nama;Alamat\r\nMa\x92ruf;Jl. Caf\xE9\r\n");
    REQUIRE(converted);
    CHECK(converted->encoding == ekel::CsvEncoding::windows1252);
    CHECK(converted->rows.at(0).cells == std::vector<std::string>{"Ma\xE2\x80\x99ruf", "Jl. Caf\xC3\xA9"});

    struct Case {
        std::string what;
        std::string text;
        std::string cells;
    };
    const std::vector<Case> cases = {
        {"UTF-8 beside a stray byte", "nama,alamat\nMa\xE2\x80\x99ruf,Jl. Mawar\nSiti,Gg. \xFF\n",
         "baris 3, kolom alamat."},
        {"a byte Windows-1252 leaves undefined", "nama,alamat\nBudi,x\x81\n", "baris 2, kolom alamat."},
        {"several cells, a header among them", "nama,al\x81mat\nBudi\x90,x\n\nSiti,y\x9D\n",
         "baris 1, kolom ke-2; baris 2, kolom nama; baris 4, kolom al\xEF\xBF\xBDmat."},
    };
    for (const auto& c : cases) {
        CAPTURE(c.what);
        const auto table = parse_csv(c.text);
        REQUIRE_FALSE(table);
        CHECK(table.error().field == "csv");
        CAPTURE(table.error().message);
        CHECK(table.error().message.find("bukan UTF-8") != std::string::npos);
        CHECK(table.error().message.find(c.cells) != std::string::npos);
    }
}

TEST_CASE("a file with many ragged rows lists the first ten and counts the rest") {
    std::string text = "a,b\n";
    for (int i = 0; i < 12; ++i) text += "1,2,3\n";
    const auto table = parse_csv(text);
    REQUIRE_FALSE(table);
    const std::string& message = table.error().message;
    CAPTURE(message);
    CHECK(message.find("baris 11: ada 3 kolom") != std::string::npos);
    CHECK(message.find("baris 12:") == std::string::npos);
    CHECK(message.find("dan 2 baris lain") != std::string::npos);
}

TEST_SUITE_END();
