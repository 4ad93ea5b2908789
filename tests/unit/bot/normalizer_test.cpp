#include "bot/nlu/normalizer.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "shared/config/letter_types.h"

using ekel::bot::nlu::clean_text;
using ekel::bot::nlu::edit_distance;
using ekel::bot::nlu::fold_word;
using ekel::bot::nlu::Normalizer;
using ekel::bot::nlu::PieceKind;

TEST_SUITE_BEGIN("nlu");

namespace {

struct Case {
    const char* input;
    const char* expected;
};

// The catalogue's aliases feed the vocabulary, as in the live bot.
const Normalizer& catalogue_normalizer() {
    static const Normalizer normalizer = [] {
        const auto catalog = ekel::config::load_letter_types(std::string(EKEL_REPO_DIR) +
                                                             "/config/letter_types.toml");
        std::vector<std::string> phrases;
        for (const auto& type : catalog.types)
            phrases.insert(phrases.end(), type.aliases.begin(), type.aliases.end());
        return Normalizer(phrases);
    }();
    return normalizer;
}

void check_cases(const std::vector<Case>& cases) {
    const Normalizer& normalizer = catalogue_normalizer();
    for (const auto& c : cases) {
        const std::string shown_input(c.input);
        CAPTURE(shown_input);
        CHECK(normalizer.canonical(c.input) == c.expected);
    }
}

}  // namespace

TEST_CASE("chat slang and abbreviations map to canonical words") {
    check_cases({
        {"sy mau urus", "saya mau urus"},
        {"sya pgn bkin srt", "saya mau buat surat"},
        {"aku mw ngurus sktm", "saya mau urus sktm"},
        {"gw mo bikin", "saya mau buat"},
        {"gmn caranya", "bagaimana cara"},
        {"gimana brp lama", "bagaimana berapa lama"},
        {"udh sdh udah blm", "sudah sudah sudah belum"},
        {"tdk gak ga nggak", "tidak tidak tidak tidak"},
        {"utk", "untuk"},
        {"suket domisili", "surat keterangan domisili"},
        {"sket usaha", "surat keterangan usaha"},
        {"srt ket usaha", "surat keterangan usaha"},
        {"kantor kel", "kantor kelurahan"},
        {"yg dgn tlg", "yang dengan tolong"},
        {"mksh", "terima kasih"},
        {"makasih pak", "terima kasih pak"},
        {"thx min", "terima kasih min"},
    });
}

TEST_CASE("regional words from East Kalimantan map to Indonesian") {
    check_cases({
        {"ulun handak maulah surat", "saya mau buat surat"},
        {"pian kawa kah", "anda bisa kah"},
        {"gasan sekolah", "untuk sekolah"},
        {"kada jadi", "tidak jadi"},
        {"ndik kawa mpai", "tidak bisa besok"},
        {"damel surat", "buat surat"},
        {"gawe surat", "buat surat"},
        {"piye carane", "bagaimana cara"},
        {"pripun syarate", "bagaimana syarat"},
        {"matur nuwun", "terima kasih"},
        {"kulo badhe", "saya mau"},
    });
}

TEST_CASE("Bugis and Makassar particles are stripped from known stems only") {
    check_cases({
        {"bisaji", "bisa"},
        {"kirimki", "kirim"},
        {"mauka", "mau"},
        {"adami", "ada sudah"},
        {"jadimi", "jadi sudah"},
        {"syaratnya", "syarat"},
        {"suratku", "surat"},
        {"bisakah", "bisa"},
        {"tanya", "tanya"},  // a word that merely ends like a particle
        {"hanya", "hanya"},
        {"fahmi", "fahmi"},  // unknown stem: left alone
    });
}

TEST_CASE("mapping is by whole token, never by substring") {
    check_cases({
        {"rt 3 rw 2", "rt 3 rw 2"},    // rw survives
        {"kk hilang", "kk hilang"},    // kk is Kartu Keluarga, not kakak
        {"keterangan", "keterangan"},  // "ket" must not eat the prefix
        {"ket", "keterangan"},
        {"ketua", "ketua"},
        {"kelurahan", "kelurahan"},  // "kel" only as a whole token
        {"syarat", "syarat"},        // "sy" only as a whole token
        {"gakin", "gakin"},          // "ga" only as a whole token
        {"bkn sktm", "bukan sktm"},
    });
}

TEST_CASE("letter elongation is stripped but legitimate doubles stay") {
    check_cases({
        {"pakkk", "pak"},
        {"tolongg", "tolong"},
        {"tolonggg pakkk", "tolong pak"},
        {"maaf", "maaf"},
        {"maaaaf", "maaf"},
        {"saat", "saat"},
        {"kk", "kk"},
        {"siaaap", "siap"},
        {"iyaaa", "ya"},
        {"halooo", "halo"},
        {"makasiiih", "terima kasih"},
        {"skkck", "skck"},
    });
}

TEST_CASE("glued words split only when both halves are known") {
    check_cases({
        {"mauurus sktm", "mau urus sktm"},
        {"suratdomisili", "surat domisili"},
        {"suratketerangan usaha", "surat keterangan usaha"},
        {"ktphilang", "ktp hilang"},
        {"surattidakmampu", "surat tidak mampu"},
        {"nama saya Dimas", "nama saya dimas"},  // a name inside a line is never split
    });
}

TEST_CASE("a letter name spelled out by voice typing becomes the word it spells") {
    check_cases({
        {"es ka te em buat berobat", "sktm untuk berobat"},
        {"minta ka te pe baru", "minta ktp baru"},
        {"urus es ka be em", "urus skbm"},
        {"do mi si li", "domisili"},
        {"Es Ka Ce Ka", "skck"},
        // Short words that spell nothing stay apart, and a comma breaks a run.
        {"ke ka te ibu", "ke ka te ibu"},
        {"di be ka", "di be ka"},
        {"es ka, te em", "surat keterangan te em"},
    });
}

TEST_CASE("typos are corrected against the closed domain vocabulary only") {
    check_cases({
        {"keterngan", "keterangan"},
        {"domisli", "domisili"},
        {"pengatar", "pengantar"},
        {"kelurhan", "kelurahan"},
        {"kelurahn", "kelurahan"},
        {"persyratan", "persyaratan"},
        {"keteranagn", "keterangan"},  // transposition
        {"kematain", "kematian"},
        {"posisi berkas", "posisi berkas"},  // a real word is not "corrected" into "polisi"
        {"sura", "sura"},                    // short words are never corrected
        {"6474031208850001", "6474031208850001"},
        {"Sutarti mau", "sutarti mau"},  // Title-case inside a line: a name, left alone
    });
}

TEST_CASE("buat is the verb before a letter and 'for' elsewhere") {
    check_cases({
        {"mau buat sktm", "mau buat sktm"},
        {"sktm buat sekolah anak", "sktm untuk sekolah anak"},
        {"buat sktm", "buat sktm"},
        {"buat sekolah anak", "untuk sekolah anak"},
        {"saya buat surat", "saya buat surat"},
        {"sktm saya buat kuliah", "sktm saya untuk kuliah"},
        {"bikin surat buat acara 17an", "buat surat untuk acara 17an"},
    });
}

TEST_CASE("case folding covers accents, full-width and fancy-font letters") {
    CHECK(fold_word("SKTM") == "sktm");
    CHECK(fold_word("José") == "jose");
    CHECK(fold_word("Ma'ruf") == "maruf");
    CHECK(fold_word("ĀŁŻ") == "alz");
    const Normalizer& normalizer = catalogue_normalizer();
    CHECK(
        normalizer.canonical("\xF0\x9D\x90\x87\xF0\x9D\x90\x9A\xF0\x9D\x90\xA5\xF0\x9D\x90\xA8") ==
        "halo");  // 𝐇𝐚𝐥𝐨
    CHECK(normalizer.canonical("ＳＫＴＭ") == "sktm");
}

TEST_CASE("emoji and symbols are stripped and punctuation runs collapse") {
    const Normalizer& normalizer = catalogue_normalizer();
    const auto text = normalizer.normalize("makasih pak rt 🙏🏽👍!!! ✅");
    CHECK(text.text() == "terima kasih pak rt");
    CHECK(text.data == "makasih pak rt !!!");
    std::size_t punct = 0;
    for (const auto& piece : text.pieces) {
        if (piece.kind == PieceKind::punct) {
            ++punct;
            CHECK(piece.folded == "!");
        }
    }
    CHECK(punct == 1);
    CHECK(normalizer.canonical("🙏") == "");
}

TEST_CASE("the data view keeps digits, codes, case and line breaks") {
    const Normalizer& normalizer = catalogue_normalizer();
    const auto text = normalizer.normalize(
        "  Nama:  Budi   Santoso \r\nNIK 6474 0312 0885 0001\nkode BLB-2611-0042 😀");
    CHECK(text.data == "Nama: Budi Santoso\nNIK 6474 0312 0885 0001\nkode BLB-2611-0042");
    CHECK(text.text() == "nama budi santoso nik 6474 0312 0885 0001 kode blb 2611 0042");
    // Slices give the characters as typed.
    std::size_t budi = 0, santoso = 0;
    for (std::size_t i = 0; i < text.pieces.size(); ++i) {
        if (text.pieces[i].folded == "budi") budi = i;
        if (text.pieces[i].folded == "santoso") santoso = i;
    }
    CHECK(text.slice(budi, santoso) == "Budi Santoso");
}

TEST_CASE("label and digits written together are separate pieces") {
    const Normalizer& normalizer = catalogue_normalizer();
    CHECK(normalizer.canonical("rt05rw02") == "rt 05 rw 02");
    CHECK(normalizer.canonical("RT.005/RW.002") == "rt 005 rw 002");
    CHECK(normalizer.canonical("17an n1") == "17an n1");  // other mixed words stay whole
    CHECK(normalizer.canonical("kira2 surat2") == "kira surat");
}

TEST_CASE("clean_text always returns valid UTF-8") {
    CHECK(clean_text("\xFF\xFE"
                     "abc\xC3") == "abc");
    CHECK(clean_text("a\xE2\x80\x8B"
                     "b") == "ab");  // zero-width space dropped
    CHECK(clean_text("caf\xC3\xA9") == "caf\xC3\xA9");
    CHECK(clean_text("") == "");
    CHECK(clean_text(std::string(20000, 'a')).size() == 8192);
}

TEST_CASE("edit distance counts transpositions and stops at the bound") {
    CHECK(edit_distance("domisli", "domisili", 2) == 1);
    CHECK(edit_distance("keteranagn", "keterangan", 2) == 1);
    CHECK(edit_distance("abc", "abc", 1) == 0);
    CHECK(edit_distance("sktm", "domisili", 2) == 3);
    CHECK(edit_distance("", "abc", 5) == 3);
}

TEST_SUITE_END();
