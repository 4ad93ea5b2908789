#include "bot/nlu/message_parser.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bot/nlu/parse_command.h"
#include "shared/config/letter_types.h"

using ekel::bot::nlu::Intent;
using ekel::bot::nlu::MessageParser;
using ekel::bot::nlu::ParsedMessage;

TEST_SUITE_BEGIN("nlu");

namespace {

const ekel::config::LetterCatalog& catalogue() {
    static const auto catalog =
        ekel::config::load_letter_types(std::string(EKEL_REPO_DIR) + "/config/letter_types.toml");
    return catalog;
}

const MessageParser& parser() {
    static const MessageParser instance(catalogue());
    return instance;
}

ParsedMessage parse(const std::string& text) { return parser().parse(text); }

struct IntentCase {
    const char* text;
    Intent intent;
    const char* letter_type;  // nullptr = none
};

void check_intents(const std::vector<IntentCase>& cases) {
    for (const auto& c : cases) {
        const std::string shown_input(c.text);
        CAPTURE(shown_input);
        const auto m = parse(c.text);
        CHECK(to_string(m.intent) == to_string(c.intent));
        if (c.letter_type == nullptr) {
            CHECK_FALSE(m.letter_type.has_value());
        } else {
            CHECK(m.letter_type.value_or("-") == c.letter_type);
        }
    }
}

}  // namespace

TEST_CASE("intent names round-trip") {
    for (int i = 0; i <= static_cast<int>(Intent::unknown); ++i) {
        const auto intent = static_cast<Intent>(i);
        CHECK(ekel::bot::nlu::parse_intent(to_string(intent)) == intent);
    }
    CHECK_FALSE(ekel::bot::nlu::parse_intent("nonsense").has_value());
}

TEST_CASE("letter types come from catalogue aliases, codes and descriptions") {
    check_intents({
        {"mau urus sktm", Intent::request_letter, "sktm"},
        {"surat keterangan tidak mampu", Intent::request_letter, "sktm"},
        {"surat miskin utk sekolah", Intent::request_letter, "sktm"},
        {"keringanan biaya rs, perlu surat apa?", Intent::ask_requirements, "sktm"},
        {"pak mo bikin surat pengantar buat skck", Intent::request_letter, "pengantar_skck"},
        {"buat kerja di luar kota, perlu skck", Intent::request_letter, "pengantar_skck"},
        {"minta surat buat acara 17an", Intent::request_letter, "keramaian"},
        {"surat izin buat nikahan anak", Intent::request_letter, "keramaian"},
        {"mau ngadain hajatan, perlu surat izin", Intent::request_letter, "keramaian"},
        {"ktp hilang butuh pengantar", Intent::request_letter, "pengantar_ktp_kk"},
        {"bikin kk baru", Intent::request_letter, "pengantar_ktp_kk"},
        {"kk sy mau pisah dr kk ortu", Intent::request_letter, "pengantar_ktp_kk"},
        {"orang tua meninggal, mau urus suratnya", Intent::request_letter, "kematian"},
        {"istri baru lahiran, mau urus surat", Intent::request_letter, "kelahiran"},
        {"mau urus akta anak", Intent::request_letter, "kelahiran"},
        {"mau nikah bulan depan", Intent::request_letter, "pengantar_nikah"},
        {"minta n1", Intent::request_letter, "pengantar_nikah"},
        {"mau urus na pak", Intent::request_letter, "pengantar_nikah"},
        {"mau bikin surat ket blm nikah", Intent::request_letter, "belum_menikah"},
        {"suket domisili usaha", Intent::request_letter, "usaha"},
        {"surat pindah domisili", Intent::request_letter, "pindah"},
        {"surat ahli waris", Intent::request_letter, "ahli_waris"},
        {"surat keterangan penghasilan ortu", Intent::request_letter, "penghasilan"},
        {"salah, maunya domisili bukan sktm", Intent::request_letter, "domisili"},
        {"mau urus surat pak", Intent::request_letter, nullptr},
    });
}

TEST_CASE("intents of everyday messages") {
    check_intents({
        {"P", Intent::greeting, nullptr},
        {"Assalamualaikum pak rt", Intent::greeting, nullptr},
        {"pagi pak", Intent::greeting, nullptr},
        {"sore bu", Intent::greeting, nullptr},
        {"tabe pak", Intent::greeting, nullptr},
        {"assalamualaikum, mau urus sktm", Intent::request_letter, "sktm"},  // the request wins
        {"makasih pak rt 🙏", Intent::thanks, nullptr},
        {"ya", Intent::confirm, nullptr},
        {"iya betul", Intent::confirm, nullptr},
        {"ok kirim", Intent::confirm, nullptr},
        {"lanjut", Intent::confirm, nullptr},
        {"tidak", Intent::deny, nullptr},
        {"bukan itu", Intent::deny, nullptr},
        {"salah", Intent::deny, nullptr},
        {"jangan dulu", Intent::deny, nullptr},
        {"menu", Intent::help, nullptr},
        {"bantuan", Intent::help, nullptr},
        {"help", Intent::help, nullptr},
        {"syarat sktm", Intent::ask_requirements, "sktm"},
        {"apa saja syaratnya?", Intent::ask_requirements, nullptr},
        {"status", Intent::check_status, nullptr},
        {"cek status", Intent::check_status, nullptr},
        {"sudah sampai mana ya", Intent::check_status, nullptr},
        {"sdh jadi blm surat sy", Intent::check_status, nullptr},
        {"batal", Intent::cancel, nullptr},
        {"ga jadi pak, batal aja", Intent::cancel, nullptr},
        {"aduan lampu jalan mati", Intent::complaint, nullptr},
        {"kok lama bgt, udh 3 hari blm ada kabar", Intent::check_status, nullptr},
        {"mau lapor kematian bapak saya", Intent::request_letter, "kematian"},  // lapor + letter
        {"wkwkwk", Intent::unknown, nullptr},
        {"", Intent::unknown, nullptr},
    });
}

TEST_CASE("asking whether a letter can be had in one's situation asks for its requirements") {
    check_intents({
        {"kalau belum punya KK sendiri, boleh urus domisili?", Intent::ask_requirements,
         "domisili"},
        {"bisa urus sktm tanpa slip gaji?", Intent::ask_requirements, "sktm"},
        {"mau tanya, buat skck perlu kartu kuning juga kah", Intent::ask_requirements,
         "pengantar_skck"},
        // Not a question about the situation: a request with a note.
        {"tolong bikinkan surat domisili, ktp saya masih alamat lama", Intent::request_letter,
         "domisili"},
    });
}

TEST_CASE("office questions carry a topic") {
    const std::vector<std::pair<const char*, const char*>> cases = {
        {"jam buka kelurahan?", "hours"},
        {"kantor buka hari sabtu kah?", "hours"},
        {"biaya bikin sktm berapa?", "fee"},
        {"bayar kah?", "fee"},
        {"berapa lama prosesnya?", "duration"},
        {"brp hari jadinya", "duration"},
        {"estimasi selesai sku", "duration"},
        {"bisa kilat ga surat pindah", "duration"},
        {"how many days for an SKTM?", "duration"},
        {"sabaraha lawas surat pindah jadi?", "duration"},
        {"alamat kantor kelurahan", "location"},
        {"kantornya di mana?", "location"},
        {"siapa lurahnya?", "lurah"},
        {"nama pak lurah siapa", "lurah"},
    };
    for (const auto& [text, topic] : cases) {
        const std::string shown_input(text);
        CAPTURE(shown_input);
        const auto m = parse(text);
        CHECK(m.intent == Intent::ask_info);
        CHECK(m.info_topic.value_or("-") == topic);
    }
}

TEST_CASE("another place's hours and whereabouts are not the office's") {
    for (const char* text :
         {"apotek dekat sini buka jam berapa?", "kantor pos buka hari sabtu kah?",
          "pasar pagi di mana ya lokasinya"}) {
        CAPTURE(text);
        CHECK_FALSE(parser().parse_rules_only(text).info_topic.has_value());
    }
    const auto landmark =
        parser().parse_rules_only("kantor kelurahan yang dekat indomaret itu buka jam berapa?");
    CHECK(landmark.intent == Intent::ask_info);
    CHECK(landmark.info_topic == std::optional<std::string>("hours"));
}

TEST_CASE("withdrawing or stopping a request is a cancellation") {
    for (const char* text :
         {"tidak usah dilanjut ya pak surat pindahnya", "saya cabut permohonan sku saya",
          "tarik pengajuan domisili saya bu"}) {
        CAPTURE(text);
        CHECK(parser().parse_rules_only(text).intent == Intent::cancel);
    }
}

TEST_CASE("a letter told about in the past is no request") {
    CHECK(parser()
              .parse_rules_only("dulu waktu adik saya pindah, surat pindahnya cepat sekali")
              .intent == Intent::unknown);
    CHECK(parser().parse_rules_only("dulu saya mau bikin sktm lagi pak").intent ==
          Intent::request_letter);
}

TEST_CASE("a missing paper or the procedure asked about is no status question") {
    for (const char* text : {"belum ada kk sendiri, bisa minta sktm?", "gimana alur pengajuan surat pindah?",
                             "tahapan pengajuan domisili bagaimana ya"}) {
        CAPTURE(text);
        CHECK(parser().parse_rules_only(text).intent == Intent::ask_requirements);
    }
    CHECK(parser().parse_rules_only("sudah seminggu belum ada kabar, bisa dicek?").intent == Intent::check_status);
}

TEST_CASE("what to prepare, asked in chat spelling, is a requirements question") {
    for (const char* text : {"yg musti disiapin apa aja", "fotokopi ktp berapa lembar", "dokumen yg dibutuhin apa"}) {
        CAPTURE(text);
        CHECK(parser().parse_rules_only(text).intent == Intent::ask_requirements);
    }
    CHECK(parser().parse_rules_only("harus siapin uang berapa?").intent != Intent::ask_requirements);
}

TEST_CASE("a civil-registry document named beside a letter is what the letter needs") {
    const auto needs = parser().parse_rules_only("akta kelahiran harus dilampirkan untuk sktm?");
    CHECK(needs.letter_type == std::optional<std::string>("sktm"));
    const auto only_kk = parser().parse_rules_only("ktp saya hilang, cuma ada kk, bisa urus surat domisili?");
    CHECK(only_kk.letter_type == std::optional<std::string>("domisili"));
    // Alone, the document still names its own letter.
    CHECK(parser().parse_rules_only("mau urus akta kelahiran anak").letter_type == std::optional<std::string>("kelahiran"));
}

TEST_CASE("how long a letter stays valid is not how long it takes") {
    CHECK(parse("sktm berlaku berapa lama?").info_topic != std::optional<std::string>("duration"));
}

TEST_CASE("NIK is found in any common writing and validated") {
    const std::vector<std::pair<const char*, const char*>> cases = {
        {"nik 6474031208850001", "6474031208850001"},
        {"NIK: 6474.0312.0885.0001", "6474031208850001"},
        {"6474-0312-0885-0001", "6474031208850001"},
        {"6474 0312 0885 0001", "6474031208850001"},
        {"6474031208850001 nik", "6474031208850001"},
        {"nik istri saya 6474035507880002", "6474035507880002"},  // woman: day + 40
        {"no ktp 7371014404100003", "7371014404100003"},
    };
    for (const auto& [text, nik] : cases) {
        const std::string shown_input(text);
        CAPTURE(shown_input);
        CHECK(parse(text).nik.value_or("-") == nik);
    }
}

TEST_CASE("an invalid 16-digit number is never returned as NIK or KK") {
    for (const char* text : {"nik 6474033208850001", "6474031213850001", "6474031208850000",
                             "nik 1234567890123456", "9974031208850001"}) {
        const std::string shown_input(text);
        CAPTURE(shown_input);
        const auto m = parse(text);
        CHECK_FALSE(m.nik.has_value());
        CHECK_FALSE(m.kk.has_value());
        CHECK(m.intent == Intent::provide_data);
    }
    CHECK_FALSE(parse("kk 6474031502100000").kk.has_value());
    CHECK_FALSE(parse("kk 1111111111111111").kk.has_value());
}

TEST_CASE("KK numbers follow kk, no kk or kartu keluarga") {
    const std::vector<std::pair<const char*, const char*>> cases = {
        {"kk 6474031502100004", "6474031502100004"},
        {"no. KK: 6474 0315 0210 0004", "6474031502100004"},
        {"kartu keluarga 6474031502100004", "6474031502100004"},
        {"nkk 6474032003150002", "6474032003150002"},
    };
    for (const auto& [text, kk] : cases) {
        const std::string shown_input(text);
        CAPTURE(shown_input);
        const auto m = parse(text);
        CHECK(m.kk.value_or("-") == kk);
        CHECK_FALSE(m.nik.has_value());
    }
    const auto both = parse("nik 6474031208850001 kk 6474031502100004");
    CHECK(both.nik.value_or("-") == "6474031208850001");
    CHECK(both.kk.value_or("-") == "6474031502100004");
    const auto unlabeled = parse("6474031208850001 6474031502100004");
    CHECK(unlabeled.nik.value_or("-") == "6474031208850001");
    CHECK(unlabeled.kk.value_or("-") == "6474031502100004");
}

TEST_CASE("RT and RW in their usual spellings") {
    struct Case {
        const char* text;
        std::optional<int> rt, rw;
    };
    const std::vector<Case> cases = {
        {"rt 5", 5, std::nullopt},    {"RT.005/RW.002", 5, 2},
        {"rt05", 5, std::nullopt},    {"rt05 rw02", 5, 2},
        {"RT 3 RW 1", 3, 1},          {"rt/rw 05/02", 5, 2},
        {"RT/RW: 003/001", 3, 1},     {"rt 05/02", 5, 2},
        {"rw 4", std::nullopt, 4},    {"Rt: 06 Rw: 03", 6, 3},
        {"rt tiga", 3, std::nullopt}, {"assalamualaikum pak rt", std::nullopt, std::nullopt},
    };
    for (const auto& c : cases) {
        const std::string shown_input(c.text);
        CAPTURE(shown_input);
        const auto m = parse(c.text);
        CHECK(m.rt == c.rt);
        CHECK(m.rw == c.rw);
    }
}

TEST_CASE("request codes in any letter case are returned upper case") {
    for (const char* text :
         {"BLB-2611-0042", "blb-2611-0042", "Blb-2611-0042", "cek status blb-2611-0042"}) {
        const std::string shown_input(text);
        CAPTURE(shown_input);
        const auto m = parse(text);
        CHECK(m.request_code.value_or("-") == "BLB-2611-0042");
        CHECK(m.intent == Intent::check_status);
    }
    CHECK_FALSE(parse("BLB-26-0042").request_code.has_value());
    const auto cancel = parse("batal BLB-2611-0042");
    CHECK(cancel.intent == Intent::cancel);
    CHECK(cancel.request_code.value_or("-") == "BLB-2611-0042");
}

TEST_CASE("dates are read in Indonesian formats and validated") {
    const std::vector<std::pair<const char*, const char*>> cases = {
        {"12-08-1985", "1985-08-12"},       {"12/08/1985", "1985-08-12"},
        {"12 agustus 1985", "1985-08-12"},  {"12 agt 1985", "1985-08-12"},
        {"1985-08-12", "1985-08-12"},       {"tgl lahir 5 Maret 1979", "1979-03-05"},
        {"lahir 3 Des 2000", "2000-12-03"}, {"12.08.1985", "1985-08-12"},
    };
    for (const auto& [text, iso] : cases) {
        const std::string shown_input(text);
        CAPTURE(shown_input);
        CHECK(parse(text).date.value_or("-") == iso);
    }
    CHECK_FALSE(parse("31-02-1985").date.has_value());
    CHECK_FALSE(parse("17 agustus").date.has_value());  // no year
}

TEST_CASE("names follow nama, a.n. and atas nama, as typed") {
    const std::vector<std::pair<const char*, const char*>> cases = {
        {"Nama: Siti Aminah", "Siti Aminah"},
        {"nama saya Budi Santoso mau bikin sktm", "Budi Santoso"},
        {"a.n. Rahmat Hidayat", "Rahmat Hidayat"},
        {"sktm atas nama Hj. Nurhayati, rt 3", "Hj. Nurhayati"},
        {"NAMA: DEWI KARTIKA SARI\nNIK 6474035507880002", "DEWI KARTIKA SARI"},
        {"surat kematian a.n. almarhum Abdul Rahman", "Abdul Rahman"},
        {"Budi Santoso\n6474031208850001\nrt 5", "Budi Santoso"},
    };
    for (const auto& [text, name] : cases) {
        const std::string shown_input(text);
        CAPTURE(shown_input);
        CHECK(parse(text).name.value_or("-") == name);
    }
    CHECK_FALSE(parse("Nama usaha: Warung Berkah").name.has_value());
    CHECK_FALSE(parse("surat waris utk balik nama sertifikat").name.has_value());
}

TEST_CASE("purpose follows untuk, buat, utk, gasan, keperluan but not 'mau buat'") {
    const std::vector<std::pair<const char*, const char*>> with = {
        {"sktm buat sekolah anak", "sekolah anak"},
        {"sy mau urus sktm utk daftar sekolah anak", "daftar sekolah anak"},
        {"sku gasan pinjam modal di bank", "pinjam modal di bank"},
        {"Keperluan: Melamar pekerjaan", "Melamar pekerjaan"},
        {"domisili untuk keperluan buka rekening, nik 6474031208850001", "buka rekening"},
        {"sktm buat sekolah anak ya pak", "sekolah anak"},
        {"buat daftar kuliah", "daftar kuliah"},
    };
    for (const auto& [text, purpose] : with) {
        const std::string shown_input(text);
        CAPTURE(shown_input);
        CHECK(parse(text).purpose.value_or("-") == purpose);
    }
    for (const char* text : {"mau buat sktm", "pak mo bikin surat pengantar buat skck",
                             "syarat untuk sktm apa", "sktm untuk anak saya", "bikin sktm"}) {
        const std::string shown_input(text);
        CAPTURE(shown_input);
        CHECK_FALSE(parse(text).purpose.has_value());
    }
}

TEST_CASE("RT-head commands keep the reason and nothing else") {
    const auto approve = parse("SETUJU BLB-2611-0042");
    CHECK(approve.intent == Intent::rt_approve);
    CHECK(approve.request_code.value_or("-") == "BLB-2611-0042");
    CHECK_FALSE(approve.free_text.has_value());

    const auto reject = parse("tolak blb-2611-0042 bukan warga saya, rt 3");
    CHECK(reject.intent == Intent::rt_reject);
    CHECK(reject.free_text.value_or("-") == "bukan warga saya, rt 3");
    CHECK_FALSE(reject.rt.has_value());  // data inside the reason is not the message's data

    const auto revise = parse("Perbaiki BLB-2611-0042: foto KTP buram");
    CHECK(revise.intent == Intent::rt_revise);
    CHECK(revise.free_text.value_or("-") == "foto KTP buram");

    // Alone, a decision word may be a citizen's yes or no: the alternative reading says so.
    CHECK(parse("setuju").alternative == Intent::confirm);
    CHECK(parse("tolak").alternative == Intent::deny);
}

TEST_CASE("complaints keep the text after the keyword") {
    const auto m = parse("aduan: jalan di RT 5 berlubang parah");
    CHECK(m.intent == Intent::complaint);
    CHECK(m.free_text.value_or("-") == "jalan di RT 5 berlubang parah");
    CHECK(m.rt == 5);
    const auto lapor = parse("lapor pak, sampah tidak diangkut");
    CHECK(lapor.free_text.value_or("-") == "sampah tidak diangkut");
    const auto plain = parse("lampu jalan depan gg 3 mati");
    CHECK(plain.intent == Intent::complaint);
    CHECK(plain.free_text.value_or("-") == "lampu jalan depan gg 3 mati");
}

TEST_CASE("a message that only carries data is provide_data") {
    for (const char* text : {"6474031208850001", "rt 3", "12 agustus 1985", "Nama: Siti Aminah",
                             "Budi Santoso", "Jl. Mawar No. 12 RT 03 RW 01",
                             "untuk melamar pekerjaan", "iya, nik saya 6474031208850001"}) {
        const std::string shown_input(text);
        CAPTURE(shown_input);
        CHECK(parse(text).intent == Intent::provide_data);
    }
}

TEST_CASE("one message can carry a request and all its data") {
    const auto m = parse("sktm buat sekolah anak, nik 6474031208850001, rt 3");
    CHECK(m.intent == Intent::request_letter);
    CHECK(m.letter_type.value_or("-") == "sktm");
    CHECK(m.purpose.value_or("-") == "sekolah anak");
    CHECK(m.nik.value_or("-") == "6474031208850001");
    CHECK(m.rt == 3);
    CHECK(m.confidence > 0.8);

    const auto dump = parse(
        "SKTM\nNama : Sri Wahyuni\nNIK : 6474 0361 0295 0005\nNo KK : 6474 0315 0210 0004\n"
        "RT/RW : 02/01\nUntuk : pendaftaran SMA");
    CHECK(dump.intent == Intent::request_letter);
    CHECK(dump.name.value_or("-") == "Sri Wahyuni");
    CHECK(dump.nik.value_or("-") == "6474036102950005");
    CHECK(dump.kk.value_or("-") == "6474031502100004");
    CHECK(dump.rt == 2);
    CHECK(dump.rw == 1);
    CHECK(dump.purpose.value_or("-") == "pendaftaran SMA");
}

TEST_CASE("typos, elongation and regional speech still reach the right letter") {
    check_intents({
        {"surat keterngan tdk mampu", Intent::request_letter, "sktm"},
        {"mw bkin srt ket domisli", Intent::request_letter, "domisili"},
        {"sy mau mengurus surat pengatar skck", Intent::request_letter, "pengantar_skck"},
        {"tolongg pakkk sktm nya", Intent::request_letter, "sktm"},
        {"mauurus sktm", Intent::request_letter, "sktm"},
        {"ulun handak maulah surat domisili, kawa kah?", Intent::request_letter, "domisili"},
        {"tabe pak, mauka urus surat keterangan usaha, bisaji?", Intent::request_letter, "usaha"},
        {"sudah jadimi suratku pak?", Intent::check_status, nullptr},
        {"piye carane ngurus sktm?", Intent::ask_requirements, "sktm"},
    });
}

TEST_CASE("to_json prints every field on one line, null when absent") {
    const auto json = ekel::bot::nlu::to_json(parse("sktm buat sekolah anak, rt 3"));
    CHECK(json.find('\n') == std::string::npos);
    const auto j = nlohmann::json::parse(json);
    CHECK(j["intent"] == "request_letter");
    CHECK(j["letter_type"] == "sktm");
    CHECK(j["rt"] == 3);
    CHECK(j["rt"].is_number_integer());
    CHECK(j["nik"].is_null());
    CHECK(j["kk"].is_null());
    CHECK(j["rw"].is_null());
    CHECK(j["request_code"].is_null());
    CHECK(j["date"].is_null());
    CHECK(j["name"].is_null());
    CHECK(j["purpose"] == "sekolah anak");
    CHECK(j["confidence"].is_number());
}

TEST_CASE("the parse command prints one JSON object per argument set or per stdin line") {
    std::istringstream none;
    std::ostringstream single;
    CHECK(ekel::bot::nlu::run_parse_command(catalogue(), {"mau", "urus", "sktm"}, none, single) ==
          0);
    CHECK(nlohmann::json::parse(single.str())["letter_type"] == "sktm");

    std::istringstream lines("halo\nsyarat skck\r\n\nBLB-2611-0042\n");
    std::ostringstream many;
    CHECK(ekel::bot::nlu::run_parse_command(catalogue(), {}, lines, many) == 0);
    std::istringstream out(many.str());
    std::vector<std::string> intents;
    for (std::string line; std::getline(out, line);)
        intents.push_back(nlohmann::json::parse(line)["intent"]);
    CHECK(intents ==
          std::vector<std::string>{"greeting", "ask_requirements", "unknown", "check_status"});
}

TEST_CASE("scoring a corpus prints totals only, and the misses only when asked") {
    const std::string path = std::string(EKEL_REPO_DIR) + "/tests/fixtures/nlu/train.tsv";
    std::ostringstream totals, listed, err;
    CHECK(ekel::bot::nlu::run_corpus_command(catalogue(), path, "", false, totals, err) == 0);
    CHECK(totals.str().find("messages") != std::string::npos);
    CHECK(totals.str().find("train.tsv:") == std::string::npos);
    CHECK(ekel::bot::nlu::run_corpus_command(catalogue(), path, "", true, listed, err) == 0);
    CHECK(listed.str().find("train.tsv:") != std::string::npos);
}

TEST_CASE("the parse command answers text that is not UTF-8 with an error line and exit status 1") {
    std::istringstream none;
    std::ostringstream single;
    CHECK(ekel::bot::nlu::run_parse_command(catalogue(), {"surat", "Ma\x92ruf"}, none, single) == 1);
    CHECK(nlohmann::json::parse(single.str())["error"] == "Pesan bukan teks UTF-8 yang sah, jadi tidak diproses.");

    std::istringstream lines("halo\nsktm buat Ma\x92ruf\r\nsyarat skck\n");
    std::ostringstream many;
    CHECK(ekel::bot::nlu::run_parse_command(catalogue(), {}, lines, many) == 1);
    std::istringstream out(many.str());
    std::vector<nlohmann::json> results;
    for (std::string line; std::getline(out, line);) results.push_back(nlohmann::json::parse(line));
    REQUIRE(results.size() == 3);
    CHECK(results[0]["intent"] == "greeting");
    CHECK(results[1]["error"] == "Baris 2 bukan teks UTF-8 yang sah, jadi tidak diproses.");
    CHECK(results[2]["intent"] == "ask_requirements");
}

TEST_CASE("one parser serves several threads at once with identical results") {
    const std::vector<std::string> messages = {
        "sktm buat sekolah anak, nik 6474031208850001, rt 3", "syarat skck", "SETUJU BLB-2611-0042",
        "ulun handak maulah surat domisili", "Nama: Siti Aminah\nNIK 6474035507880002"};
    std::vector<std::string> expected;
    for (const auto& m : messages) expected.push_back(ekel::bot::nlu::to_json(parse(m)));
    std::vector<std::thread> threads;
    std::vector<int> mismatches(4, 0);
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (int round = 0; round < 200; ++round) {
                for (std::size_t i = 0; i < messages.size(); ++i) {
                    if (ekel::bot::nlu::to_json(parse(messages[i])) != expected[i]) ++mismatches[t];
                }
            }
        });
    }
    for (auto& thread : threads) thread.join();
    CHECK(mismatches == std::vector<int>(4, 0));
}

TEST_CASE("hostile input is handled without throwing") {
    std::string junk;
    for (int i = 0; i < 3000; ++i) junk += static_cast<char>((i * 37) % 256);
    CHECK_NOTHROW(parse(junk));
    CHECK_NOTHROW(parse(std::string(100000, '6')));
    CHECK_NOTHROW(parse("----///...:::"));
    CHECK_NOTHROW(ekel::bot::nlu::to_json(parse(junk)));
    CHECK(parse(std::string(5000, 'a')).intent == Intent::unknown);
}

TEST_SUITE_END();

TEST_SUITE_BEGIN("nlu");

TEST_CASE("request codes typed loosely are read in full, with the kelurahan's code when left out") {
    const MessageParser parser(catalogue(), "BLB");
    for (const char* text : {"setuju blb 2611 0003", "setuju blb-2611-3", "setuju BLB\xE2\x80\x93" "2611\xE2\x80\x93" "0003",
                             "setuju 2611-0003", "setuju blb2611-0003", "setuju blb_2611_0003", "setuju 2611 0003"}) {
        CAPTURE(text);
        CHECK(parser.parse(text).request_code == std::optional<std::string>("BLB-2611-0003"));
    }
    // Another kelurahan's code in the strict form is kept as typed.
    CHECK(parser.parse("status BTS-2611-0042").request_code == std::optional<std::string>("BTS-2611-0042"));
    // Phone numbers, dates and short pairs are no codes.
    for (const char* text : {"hp saya 0812-3456-7890", "lahir 12-08-1985", "rt 3 rw 12", "2612 5", "nomor 0812 3456"}) {
        CAPTURE(text);
        CHECK_FALSE(parser.parse(text).request_code.has_value());
    }
}

TEST_CASE("RT decisions are read with words around them, and without a code") {
    struct Case {
        const char* text;
        Intent intent;
        const char* code;
        const char* reason;
    };
    const Case cases[] = {
        {"oke saya setujui ya pak BLB-2611-0003 \xF0\x9F\x99\x8F", Intent::rt_approve, "BLB-2611-0003", nullptr},
        {"tidak setuju BLB-2611-0003, orangnya sudah pindah", Intent::rt_reject, "BLB-2611-0003",
         "orangnya sudah pindah"},
        {"acc blb 2611 3", Intent::rt_approve, "BLB-2611-0003", nullptr},
        {"revisi 2611-0003 KK buram", Intent::rt_revise, "BLB-2611-0003", "KK buram"},
        {"kembalikan ke warga, fotonya gelap blb-2612-0045", Intent::rt_revise, "BLB-2612-0045", nullptr},
        {"gak bisa saya setujui, orangnya sudah meninggal", Intent::rt_reject, nullptr, "orangnya sudah meninggal"},
        {"setuju pak", Intent::rt_approve, nullptr, nullptr},
        {"tolak", Intent::rt_reject, nullptr, nullptr},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        const auto parsed = parse(c.text);
        CHECK(parsed.intent == c.intent);
        CHECK(parsed.request_code == (c.code ? std::optional<std::string>(c.code) : std::nullopt));
        if (c.reason) CHECK(parsed.free_text == std::optional<std::string>(c.reason));
        // A reason that mentions a letter names no letter.
        CHECK_FALSE(parsed.letter_type.has_value());
    }
    // Without a code a decision may be a citizen's yes or no: the alternative says so.
    CHECK(parse("setuju pak").alternative == Intent::confirm);
    // Citizens asking about a decision are not deciding.
    CHECK(parse("sudah disetujui belum ya bu rt?").intent == Intent::check_status);
}

TEST_CASE("a typed number or ordinal picks a row") {
    const std::pair<const char*, int> cases[] = {{"1", 1},     {"2.", 2},          {"no 3", 3},   {"satu", 1},
                                                 {"yang kedua", 2}, {"pertama", 1}, {"pilih 3", 3}, {"option 2", 2},
                                                 // regional: Bugis particles, Javanese, Sundanese, Banjar
                                                 {"nomor tiga ji", 3}, {"sing kaping papat", 4}, {"nu kadua", 2},
                                                 {"nang partama pian", 1}, {"I'll go with two", 2},
                                                 {"Mohon maaf, saya memilih nomor dua, Bapak.", 2}};
    for (const auto& [text, number] : cases) {
        CAPTURE(text);
        const auto parsed = parse(text);
        CHECK(parsed.intent == Intent::provide_data);
        CHECK(parsed.choice == std::optional<int>(number));
    }
    CHECK_FALSE(parse("rt 3").choice.has_value());
    CHECK_FALSE(parse("mau 2 surat").choice.has_value());
}

TEST_CASE("relative dates resolve against the local date, and only when it is given") {
    const ekel::domain::CivilDate thursday{2026, 12, 3};
    CHECK(parser().parse("acaranya besok", thursday).date == std::optional<std::string>("2026-12-04"));
    CHECK(parser().parse("acaranya lusa", thursday).date == std::optional<std::string>("2026-12-05"));
    CHECK(parser().parse("minggu depan", thursday).date == std::optional<std::string>("2026-12-10"));
    CHECK(parser().parse("senin depan bu", thursday).date == std::optional<std::string>("2026-12-07"));
    CHECK(parser().parse("tanggal 20", thursday).date == std::optional<std::string>("2026-12-20"));
    CHECK(parser().parse("tanggal 1", thursday).date == std::optional<std::string>("2027-01-01"));
    CHECK(parser().parse("acaranya sabtu ini", thursday).date == std::optional<std::string>("2026-12-05"));
    CHECK(parser().parse("party this saturday", thursday).date == std::optional<std::string>("2026-12-05"));
    CHECK(parser().parse("acaranya hari minggu ini", thursday).date == std::optional<std::string>("2026-12-06"));
    CHECK_FALSE(parser().parse("minggu ini sibuk", thursday).date.has_value());  // this week, no day
    // Javanese, Banjar and Sundanese: sesuk/isuk (tomorrow), dino iki (today), kamari (yesterday).
    CHECK(parser().parse("acarane sesuk", thursday).date == std::optional<std::string>("2026-12-04"));
    CHECK(parser().parse("bapak pupus kamari", thursday).date == std::optional<std::string>("2026-12-02"));
    CHECK(parser().parse("anakku lair dino iki", thursday).date == std::optional<std::string>("2026-12-03"));
    CHECK_FALSE(parser().parse("mbah sedo wulan wingi", thursday).date.has_value());  // last month
    CHECK(parser().parse("a bazaar on 19 dec", thursday).date == std::optional<std::string>("2026-12-19"));
    CHECK_FALSE(parser().parse("balapan liar setiap malam minggu", thursday).date.has_value());
    CHECK_FALSE(parser().parse("acaranya besok").date.has_value());
}

TEST_CASE("other institutions, spam and condolences start no request and say where they belong") {
    const std::pair<const char*, const char*> cases[] = {
        {"syarat bikin skck di polres apa aja ya?", "polisi"},
        {"sertifikat tanah saya hilang, ngurusnya ke mana?", "bpn"},
        {"mau bikin paspor buat umroh", "imigrasi"},
        {"turut berduka atas meninggalnya ibunda pak lurah", "social"},
        {"selamat atas kelahiran putri pertamanya bu", "social"},
        {"pinjaman dana cepat tanpa agunan, klik link ini", "spam"},
    };
    for (const auto& [text, where] : cases) {
        CAPTURE(text);
        const auto parsed = parse(text);
        CHECK(parsed.intent == Intent::unknown);
        CHECK(parsed.redirect == std::optional<std::string>(where));
        CHECK_FALSE(parsed.letter_type.has_value());
    }
    // Our own cover letter for it is a request.
    CHECK(parse("mau bikin surat pengantar skck").intent == Intent::request_letter);
    // Their paper as a document for our letter is a requirements question.
    for (const char* text : {"fotokopi NPWP wajib dilampirkan?", "paspor perlu dibawa?"}) {
        CAPTURE(text);
        const auto parsed = parse(text);
        CHECK(parsed.intent == Intent::ask_requirements);
        CHECK_FALSE(parsed.redirect.has_value());
    }
    CHECK(parse("perlu apa aja buat bikin paspor?").redirect ==
          std::optional<std::string>("imigrasi"));
}

TEST_CASE("waiting is status, a person asked for is help with topic staff, and a self-introduction gives a name") {
    CHECK(parse("kok belum ada kabar ya pak").intent == Intent::check_status);
    CHECK(parse("udah seminggu belum jadi juga suratnya").intent == Intent::check_status);
    // Where the request is: the rules read these as status by themselves.
    for (const char* text :
         {"lagi di tahap mana ya permohonan sku saya", "berkas saya masih di lurah kah?",
          "urutan saya ke berapa ya pak", "kok tertahan di rt terus"}) {
        CAPTURE(text);
        CHECK(parser().parse_rules_only(text).intent == Intent::check_status);
    }
    CHECK(parse("petugasnya kasar sekali").intent == Intent::complaint);
    for (const char* text : {"bicara dengan petugas", "admin", "operator", "bisa sambungkan ke petugas?"}) {
        CAPTURE(text);
        const auto parsed = parse(text);
        CHECK(parsed.intent == Intent::help);
        CHECK(parsed.info_topic == std::optional<std::string>("staff"));
    }
    CHECK(parse("saya Budi").name == std::optional<std::string>("Budi"));
    CHECK(parse("my name is Jonathan").name == std::optional<std::string>("Jonathan"));
}

TEST_SUITE_END();
