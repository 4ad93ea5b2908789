#include <doctest/doctest.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "shared/config/config.h"
#include "shared/config/letter_types.h"
#include "shared/db/store.h"
#include "shared/db/write_transaction.h"
#include "shared/services/letter_service.h"
#include "shared/services/request_service.h"
#include "shared/services/requirement_checklist.h"
#include "shared/util/password.h"
#include "shared/util/time.h"
#include "tests/support/test_config.h"

TEST_SUITE_BEGIN("services");

using namespace ekel;
using domain::RequestStatus;
using services::fill_placeholders;
using services::format_letter_number;

namespace {

constexpr const char* kCitizenPhone = "6281234567890";
const std::string kPdfBytes = "%PDF-1.4\nfake letter\n%%EOF\n";

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

bool is_lower_hex(const std::string& text) {
    return text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

/// Two types share the kelurahan-wide sequence, the third keeps its own.
const char* const kSharedScopeCatalog = R"toml(
[[letter_type]]
code = "alpha"
name = "Surat Alpha"
title = "SURAT ALPHA"
classification = "400.1"
target_hours = 24
number_scope = "shared"
body = "Untuk keperluan: {{purpose}}."

[[letter_type.requirement]]
text = "KTP-el pemohon"
kind = "check"

[[letter_type]]
code = "beta"
name = "Surat Beta"
title = "SURAT BETA"
classification = "400.2"
target_hours = 24
number_scope = "shared"
body = "Untuk keperluan: {{purpose}}."

[[letter_type.requirement]]
text = "KTP-el pemohon"
kind = "check"

[[letter_type]]
code = "gamma"
name = "Surat Gamma"
title = "SURAT GAMMA"
classification = "400.3"
target_hours = 24
body = "Untuk keperluan: {{purpose}}."

[[letter_type.requirement]]
text = "KTP-el pemohon"
kind = "check"
)toml";

/// Stands in for the PAdES signers (tested in tests/unit/backoffice): appends a mark naming the
/// signer, records what it was asked, and can fail or run something while "signing".
struct RecordingSigner : services::LetterSigner {
    bool needs_passphrase() const override { return passphrase; }
    Result<std::string> sign(const services::SigningRequest& request) const override {
        seen.push_back(request);
        if (while_signing) {
            auto task = std::move(while_signing);
            while_signing = nullptr;
            task();
        }
        if (!failure.empty()) return Result<std::string>::failure("tanda_tangan", failure);
        return request.pdf + "%signed " + request.signer->key + "\n";
    }
    std::string certificate_note() const override { return "Sertifikat uji."; }

    bool passphrase = false;
    std::string failure;
    mutable std::function<void()> while_signing;
    mutable std::vector<services::SigningRequest> seen;
};

std::string signed_bytes(const std::string& pdf, const std::string& key) { return pdf + "%signed " + key + "\n"; }

struct LetterFixture : test::TempDatabase {
    LetterFixture()
        : store(config.database.target(), config.database.busy_timeout_ms),
          clock(*parse_utc("2026-11-27T02:00:00Z")),
          catalog(config::load_letter_types(test::repo_path("config/letter_types.toml"))),
          shared_catalog(config::parse_letter_types(kSharedScopeCatalog, "test")),
          requests(store, clock, config.kelurahan),
          letters_dir(dir.file("letters")),
          signer(std::make_shared<RecordingSigner>()),
          signers{{"lurah", signer}, {"sekretaris", signer}},
          service(store, clock, config, catalog, renderer(), signers, letters_dir),
          shared_service(store, clock, config, shared_catalog, renderer(), signers, letters_dir) {
        const std::string now = format_utc(clock.now());
        rt_id = test::add_rt(store, 1, "Budi Santoso", "6281100000011");

        domain::Resident r;
        r.nik = "6474035208850002";
        r.kk = "6474030101100001";
        r.full_name = "Siti Aminah";
        r.sex = 'P';
        r.birth_place = "Bontang";
        r.birth_date = domain::CivilDate{1985, 8, 12};
        r.religion = "Islam";
        r.marital_status = "Kawin";
        r.occupation = "Wiraswasta";
        r.address = "Jl. Belimbing No. 1";
        r.rt_id = rt_id;
        db::WriteTransaction tx(store.db());
        store.residents.upsert(r, now);
        tx.commit();
        resident = *store.residents.find_by_id(r.id);
    }

    services::LetterService::Renderer renderer() {
        return [this](const domain::LetterDocument& doc) {
            rendered.push_back(doc);
            if (renderer_fails) throw std::runtime_error("renderer failed");
            return kPdfBytes;
        };
    }

    /// A request of `type` that the RT has approved.
    domain::Request approved(const std::string& type = "domisili", bool with_resident = true) {
        services::NewRequest n;
        if (with_resident) n.resident_id = resident.id;
        n.applicant_name = with_resident ? resident.full_name : "Pendatang Baru";
        n.applicant_phone = kCitizenPhone;
        n.letter_type = type;
        n.fields_json = with_resident ? "{}" : R"({"pendatang_alamat":"Jl. Kenari No. 5"})";
        n.purpose = "melamar kerja";
        n.rt_id = rt_id;
        auto request = requests.submit(n, citizen);
        return requests.change_status(request.id, RequestStatus::rt_approved, rt_head, "warga kami");
    }

    const config::Signer& lurah_signer() const { return config.signers.front(); }
    /// An RT-approved request of `type` filed with its requirement checklist (documents answered
    /// by position as given, the rest brought to the office).
    domain::Request approved_with_checklist(const std::string& type_code,
                                            const std::map<int, services::RequirementAnswer>& answers = {}) {
        auto request = filed_with_checklist(type_code, answers);
        return requests.change_status(request.id, RequestStatus::rt_approved, rt_head, "warga kami");
    }

    /// The same request as the citizen files it, still waiting for the RT.
    domain::Request filed_with_checklist(const std::string& type_code,
                                         const std::map<int, services::RequirementAnswer>& answers = {}) {
        services::NewRequest n;
        n.resident_id = resident.id;
        n.applicant_name = resident.full_name;
        n.applicant_phone = kCitizenPhone;
        n.letter_type = type_code;
        n.fields_json = R"({"keperluan_sktm":"Pendidikan"})";
        n.purpose = "pendaftaran sekolah";
        n.rt_id = rt_id;
        n.requirements = services::initial_checklist(type(type_code), answers);
        return requests.submit(n, citizen);
    }

    void tick_mandatory(std::int64_t request_id) {
        db::WriteTransaction tx(store.db());
        services::RequirementService ticks(store, clock);
        for (const auto& item : store.requirements.for_request(request_id)) {
            if (item.mandatory) REQUIRE(ticks.set_ticked_in_transaction(request_id, item.position, true, lurah));
        }
        tx.commit();
    }

    std::vector<domain::RequestEvent> events_named(std::int64_t request_id, const std::string& action) {
        std::vector<domain::RequestEvent> out;
        for (const auto& e : store.events.list_for(request_id)) {
            if (e.action == action) out.push_back(e);
        }
        return out;
    }

    domain::Letter issue(services::LetterService& with, std::int64_t request_id) {
        auto letter = with.issue(request_id, lurah);
        REQUIRE(letter);
        return letter.value();
    }

    std::vector<nlohmann::json> messages_to(const std::string& phone) {
        std::vector<nlohmann::json> out;
        for (const auto& row : store.outbox.list_for_recipient(phone, 0, 50)) {
            out.push_back(nlohmann::json::parse(row.payload_json));
        }
        return out;
    }

    std::int64_t count_rows(const std::string& table) {
        db::Statement q(store.db(), "SELECT COUNT(*) FROM " + table);
        q.executeStep();
        return q.getColumn(0).getInt64();
    }

    std::size_t files_in_letters_dir() const {
        if (!std::filesystem::exists(letters_dir)) return 0;
        std::size_t n = 0;
        for (const auto& entry : std::filesystem::directory_iterator(letters_dir)) {
            (void)entry;
            ++n;
        }
        return n;
    }

    const config::LetterType& type(const std::string& code) const { return *catalog.find(code); }

    db::Store store;
    ManualClock clock;
    config::LetterCatalog catalog;
    config::LetterCatalog shared_catalog;
    services::RequestService requests;
    std::string letters_dir;
    std::vector<domain::LetterDocument> rendered;
    bool renderer_fails = false;
    std::shared_ptr<RecordingSigner> signer;
    services::LetterSigners signers;
    services::LetterService service;
    services::LetterService shared_service;
    std::int64_t rt_id = 0;
    domain::Resident resident;
    domain::Actor citizen{domain::ActorKind::citizen, kCitizenPhone, "Siti Aminah"};
    domain::Actor rt_head{domain::ActorKind::rt, "6281100000011", "Budi Santoso (Ketua RT 001)"};
    domain::StaffUser lurah{1, "lurah", "Contoh Lurah", domain::StaffRole::lurah, std::nullopt, "", "", 0, std::nullopt,
                            false};
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// format_letter_number

TEST_CASE("the default number pattern gives classification, padded number, unit, roman month and year") {
    const std::string pattern(config::kDefaultNumberPattern);
    CHECK(format_letter_number(pattern, "400.12.2.1", 7, "KEL-BLB", {2026, 11, 27}) ==
          "400.12.2.1/007/KEL-BLB/XI/2026");
    CHECK(format_letter_number(pattern, "100.2.2.5", 42, "KEL-BLB", {2027, 1, 2}) == "100.2.2.5/042/KEL-BLB/I/2027");
    CHECK(format_letter_number(pattern, "400.12.2.1", 1234, "KEL-BLB", {2026, 4, 1}) ==
          "400.12.2.1/1234/KEL-BLB/IV/2026");
}

TEST_CASE("{nomor} is unpadded, {nomor:0N} pads to N digits and {bulan} has two digits") {
    const domain::CivilDate march{2026, 3, 9};
    CHECK(format_letter_number("{nomor}/{tahun}", "x", 7, "u", march) == "7/2026");
    CHECK(format_letter_number("{nomor:05}", "x", 7, "u", march) == "00007");
    CHECK(format_letter_number("{nomor:01}", "x", 7, "u", march) == "7");
    CHECK(format_letter_number("{bulan}", "x", 1, "u", march) == "03");
    CHECK(format_letter_number("{bulan}", "x", 1, "u", {2026, 12, 1}) == "12");
    CHECK(format_letter_number("{bulan_romawi}", "x", 1, "u", {2026, 9, 1}) == "IX");
    CHECK(format_letter_number("{bulan_romawi}", "x", 1, "u", {2026, 12, 1}) == "XII");
}

TEST_CASE("literal text around the tokens of a number pattern is kept") {
    CHECK(format_letter_number("SK-{nomor:04}/Kel.{kode_unit}/{bulan_romawi}-{tahun} (salinan)", "400", 7, "KEL-BLB",
                               {2026, 11, 27}) == "SK-0007/Kel.KEL-BLB/XI-2026 (salinan)");
    CHECK(format_letter_number("tanpa token", "400", 7, "KEL-BLB", {2026, 11, 27}) == "tanpa token");
}

// ---------------------------------------------------------------------------------------------
// fill_placeholders

TEST_CASE("known placeholders are replaced, with or without spaces inside the braces") {
    const std::map<std::string, std::string> values = {{"name", "Budi"}, {"resident.rt", "001"}};
    CHECK(fill_placeholders("Halo {{name}}!", values) == "Halo Budi!");
    CHECK(fill_placeholders("Halo {{ name }} dari RT {{resident.rt}}.", values) == "Halo Budi dari RT 001.");
    CHECK(fill_placeholders("{{name}}{{name}}", values) == "BudiBudi");
}

TEST_CASE("an unknown placeholder is shown as [key] instead of disappearing") {
    const std::map<std::string, std::string> values = {{"name", "Budi"}};
    CHECK(fill_placeholders("Nama: {{name}}, NIK: {{resident.nik}}", values) == "Nama: Budi, NIK: [resident.nik]");
    CHECK(fill_placeholders("{{  fields.anak_ke }}", values) == "[fields.anak_ke]");
}

TEST_CASE("a value that repeats the word before its placeholder does not print it twice") {
    const std::map<std::string, std::string> values = {
        {"place", "Di Rumah"}, {"to", "ke Samarinda"}, {"one", "di"}, {"name", "Dian Sastro"}};
    CHECK(fill_placeholders("berlokasi di {{place}}.", values) == "berlokasi di Rumah.");
    CHECK(fill_placeholders("pindah ke {{to}}.", values) == "pindah ke Samarinda.");
    CHECK(fill_placeholders("berlokasi di {{one}}.", values) == "berlokasi di di.");  // nothing would be left
    CHECK(fill_placeholders("oleh di {{name}}.", values) == "oleh di Dian Sastro.");   // a word, not a prefix
    CHECK(fill_placeholders("adi {{to}}.", values) == "adi ke Samarinda.");
}

TEST_CASE("text without placeholders or with an unclosed one is left as it is") {
    const std::map<std::string, std::string> values = {{"name", "Budi"}};
    CHECK(fill_placeholders("", values).empty());
    CHECK(fill_placeholders("Demikian surat ini dibuat.", values) == "Demikian surat ini dibuat.");
    CHECK(fill_placeholders("satu {kurung} saja", values) == "satu {kurung} saja");
    CHECK(fill_placeholders("Halo {{name", values) == "Halo {{name");
    CHECK(fill_placeholders("{{name}} lalu {{name", values) == "Budi lalu {{name");
}

TEST_CASE("a value that looks like a placeholder is not filled a second time") {
    const std::map<std::string, std::string> values = {{"name", "{{name}}"}, {"x", "[x]"}};
    CHECK(fill_placeholders("a {{name}} b", values) == "a {{name}} b");
}

// ---------------------------------------------------------------------------------------------
// compose

TEST_CASE_FIXTURE(LetterFixture, "a resident's letter lists the registry identity and fills the body") {
    domain::Request request;
    request.resident_id = resident.id;
    request.applicant_name = resident.full_name;
    request.letter_type = "domisili";
    request.purpose = "melamar kerja";
    request.rt_id = rt_id;
    request.rt_decided_at = "2026-11-26T03:00:00Z";
    const auto doc = service.compose(request, resident, type("domisili"), lurah_signer(), "400.12.2.1/007/KEL-BLB/XI/2026",
                                     clock.now(), "https://kel.example/verifikasi/abc");

    const std::vector<std::pair<std::string, std::string>> identity = {
        {"Nama", "Siti Aminah"},
        {"NIK", "6474035208850002"},
        {"Tempat/Tgl. Lahir", "Bontang, 12 Agustus 1985"},
        {"Jenis Kelamin", "Perempuan"},
        {"Agama", "Islam"},
        {"Status Perkawinan", "Kawin"},
        {"Pekerjaan", "Wiraswasta"},
        {"Alamat", "Jl. Belimbing No. 1, RT 001 RW 001"},
    };
    CHECK(doc.identity == identity);
    CHECK(doc.title == "SURAT KETERANGAN DOMISILI");
    CHECK(doc.number == "400.12.2.1/007/KEL-BLB/XI/2026");
    CHECK(doc.place_and_date == "Bontang, 27 November 2026");
    CHECK(doc.signer_name == config.kelurahan.lurah_name);
    CHECK(doc.signer_position == "Lurah Belimbing");
    CHECK(doc.verification_url == "https://kel.example/verifikasi/abc");
    CHECK(doc.letterhead == config.kelurahan.letterhead);

    REQUIRE(doc.paragraphs.size() == 4);
    CHECK(doc.paragraphs[0] ==
          "Berdasarkan pengantar Ketua RT 001 tanggal 26 November 2026, nama tersebut di atas benar berdomisili di "
          "alamat tersebut di atas, dalam wilayah Kelurahan Belimbing Kecamatan Bontang Barat Kota Bontang.");
    CHECK(doc.paragraphs[1] == "Surat keterangan ini diberikan untuk keperluan: melamar kerja.");
    CHECK(doc.paragraphs[2] == "Surat keterangan ini berlaku sampai dengan tanggal 27 Mei 2027.");
    for (const auto& p : doc.paragraphs) {
        CAPTURE(p);
        CHECK_FALSE(contains(p, "{{"));
        CHECK_FALSE(contains(p, "["));
    }
}

TEST_CASE_FIXTURE(LetterFixture, "the letterhead carries the configured logo and a contact line that leaves out empty parts") {
    domain::Request request;
    request.resident_id = resident.id;
    request.letter_type = "domisili";
    request.purpose = "melamar kerja";
    request.rt_id = rt_id;
    auto compose = [&] {
        return service.compose(request, resident, type("domisili"), lurah_signer(), "1", clock.now(), "https://kel.example/v/x");
    };
    REQUIRE(config.kelurahan.logo_png);
    const auto doc = compose();
    CHECK(doc.logo_png == config.kelurahan.logo_png);  // the bytes read at start, not a copy
    CHECK(doc.letterhead_address == config.kelurahan.address);
    CHECK(doc.letterhead_contact ==
          "Telepon (0548) 000000, Pos-el kel.belimbing@example.go.id, Laman belimbing.example.go.id");

    config.kelurahan.email.clear();
    CHECK(compose().letterhead_contact == "Telepon (0548) 000000, Laman belimbing.example.go.id");
    config.kelurahan.phone.clear();
    config.kelurahan.website.clear();
    CHECK(compose().letterhead_contact.empty());
    config.kelurahan.logo_png.reset();
    CHECK_FALSE(compose().logo_png);
}

TEST_CASE_FIXTURE(LetterFixture, "a male resident is printed as Laki-laki and the letter fields fill the body") {
    domain::Resident man = resident;
    man.sex = 'L';
    domain::Request request;
    request.resident_id = man.id;
    request.letter_type = "sktm";
    request.purpose = "sekolah anak";
    request.fields_json = R"({"keperluan_sktm":"Pendidikan"})";
    request.rt_id = rt_id;
    const auto doc = service.compose(request, man, type("sktm"), lurah_signer(), "n", clock.now(), "u");
    CHECK(doc.identity[3] == std::pair<std::string, std::string>{"Jenis Kelamin", "Laki-laki"});
    REQUIRE(doc.paragraphs.size() >= 2);
    CHECK(doc.paragraphs[1] == "Surat keterangan ini diberikan untuk keperluan: sekolah anak (bidang: Pendidikan).");
}

TEST_CASE_FIXTURE(LetterFixture, "a newcomer's letter uses the applicant's name and the address they gave") {
    domain::Request request;
    request.applicant_name = "Pendatang Baru";
    request.letter_type = "domisili";
    request.fields_json = R"({"pendatang_alamat":"Jl. Kenari No. 5"})";
    request.purpose = "melamar kerja";
    request.rt_id = rt_id;
    auto t = type("domisili");
    t.body = "Nama {{resident.full_name}} beralamat di {{resident.address}} RT {{resident.rt}} RW {{resident.rw}}.";
    const auto doc = service.compose(request, std::nullopt, t, lurah_signer(), "n", clock.now(), "u");

    const std::vector<std::pair<std::string, std::string>> identity = {
        {"Nama", "Pendatang Baru"},
        {"Alamat", "Jl. Kenari No. 5, RT 001 RW 001"},
    };
    CHECK(doc.identity == identity);
    REQUIRE(doc.paragraphs.size() == 1);
    CHECK(doc.paragraphs[0] == "Nama Pendatang Baru beralamat di Jl. Kenari No. 5 RT 001 RW 001.");
}

TEST_CASE_FIXTURE(LetterFixture, "a newcomer's identity table is as complete as a resident's, without gaps in the body") {
    domain::Request request;
    request.applicant_name = "Rina Marlina";
    request.letter_type = "pengantar_nikah";
    request.fields_json = R"({"pendatang_alamat":"Jl. Kenari No. 5","pendatang_nik":"3273015708900002",)"
                          R"("pendatang_tempat_lahir":"Bandung","pendatang_tanggal_lahir":"1990-08-17",)"
                          R"("pendatang_alamat_asal":"Jl. Merdeka No. 10, Kota Bandung",)"
                          R"("pendatang_status_perkawinan":"Belum Kawin"})";
    request.purpose = "menikah";
    request.rt_id = rt_id;
    auto t = type("pengantar_nikah");
    t.body = "{{resident.full_name}} NIK {{resident.nik}} lahir di {{resident.birth_place}} {{resident.birth_date}}, "
             "{{resident.sex}}, {{resident.marital_status}}.";
    const auto doc = service.compose(request, std::nullopt, t, lurah_signer(), "n", clock.now(), "u");

    const std::vector<std::pair<std::string, std::string>> identity = {
        {"Nama", "Rina Marlina"},
        {"NIK", "3273015708900002"},
        {"Tempat/Tgl. Lahir", "Bandung, 17 Agustus 1990"},
        {"Jenis Kelamin", "Perempuan"},
        {"Status Perkawinan", "Belum Kawin"},
        {"Alamat", "Jl. Kenari No. 5, RT 001 RW 001"},
        {"Alamat Asal", "Jl. Merdeka No. 10, Kota Bandung"},
    };
    CHECK(doc.identity == identity);
    REQUIRE(doc.paragraphs.size() == 1);
    CHECK(doc.paragraphs[0] ==
          "Rina Marlina NIK 3273015708900002 lahir di Bandung 17 Agustus 1990, Perempuan, Belum Kawin.");
}

TEST_CASE_FIXTURE(LetterFixture, "body paragraphs split on blank lines and a paragraph's line breaks become spaces") {
    domain::Request request;
    request.resident_id = resident.id;
    request.purpose = "melamar kerja";
    request.rt_id = rt_id;
    auto t = type("domisili");
    t.body = "Baris satu\n  baris dua  \nbaris tiga\n\n\n\nKeperluan {{purpose}}.\n   \n\tAkhir.  ";
    const auto doc = service.compose(request, resident, t, lurah_signer(), "n", clock.now(), "u");
    CHECK(doc.paragraphs ==
          std::vector<std::string>{"Baris satu baris dua baris tiga", "Keperluan melamar kerja.", "Akhir."});
}

TEST_CASE_FIXTURE(LetterFixture, "valid_until is the issue date plus the type's months, clamped to the month's end") {
    domain::Request request;
    request.resident_id = resident.id;
    request.rt_id = rt_id;
    auto t = type("domisili");
    REQUIRE(t.validity_months == 6);
    t.body = "{{valid_until}}";
    auto valid_until = [&](const char* issued_utc) {
        return service.compose(request, resident, t, lurah_signer(), "n", *parse_utc(issued_utc), "u").paragraphs.at(0);
    };
    CHECK(valid_until("2026-11-27T02:00:00Z") == "27 Mei 2027");
    CHECK(valid_until("2026-08-31T02:00:00Z") == "28 Februari 2027");
    CHECK(valid_until("2027-08-31T02:00:00Z") == "29 Februari 2028");
    // 16:30 UTC on 30 August is already 31 August in Bontang.
    CHECK(valid_until("2026-08-30T16:30:00Z") == "28 Februari 2027");

    t.validity_months = 1;
    CHECK(valid_until("2027-01-31T02:00:00Z") == "28 Februari 2027");
    CHECK(valid_until("2026-12-15T02:00:00Z") == "15 Januari 2027");
}

TEST_CASE_FIXTURE(LetterFixture, "the RT approval date is the day of rt_decided_at in WITA") {
    domain::Request request;
    request.resident_id = resident.id;
    request.rt_id = rt_id;
    auto t = type("domisili");
    t.body = "[{{rt_approval_date}}]";
    request.rt_decided_at = "2026-11-26T17:30:00Z";  // 27 November 01:30 WITA
    CHECK(service.compose(request, resident, t, lurah_signer(), "n", clock.now(), "u").paragraphs.at(0) == "[27 November 2026]");
    request.rt_decided_at = "2026-11-26T15:59:59Z";  // 26 November 23:59 WITA
    CHECK(service.compose(request, resident, t, lurah_signer(), "n", clock.now(), "u").paragraphs.at(0) == "[26 November 2026]");
    request.rt_decided_at.reset();
    CHECK(service.compose(request, resident, t, lurah_signer(), "n", clock.now(), "u").paragraphs.at(0) == "[]");
}

// ---------------------------------------------------------------------------------------------
// verification_url

TEST_CASE_FIXTURE(LetterFixture, "the verification link is built on office.public_url without a doubled slash") {
    config.office.public_url = "https://surat.belimbing.example.go.id";
    CHECK(service.verification_url("abc123") == "https://surat.belimbing.example.go.id/verifikasi/abc123");
    config.office.public_url = "https://surat.belimbing.example.go.id/";
    CHECK(service.verification_url("abc123") == "https://surat.belimbing.example.go.id/verifikasi/abc123");
    config.office.public_url = "https://surat.belimbing.example.go.id//";
    CHECK(service.verification_url("abc123") == "https://surat.belimbing.example.go.id/verifikasi/abc123");
}

// ---------------------------------------------------------------------------------------------
// issue

TEST_CASE_FIXTURE(LetterFixture, "only an RT-approved request can be issued; otherwise nothing is written") {
    services::NewRequest n;
    n.resident_id = resident.id;
    n.applicant_name = resident.full_name;
    n.applicant_phone = kCitizenPhone;
    n.letter_type = "domisili";
    n.purpose = "melamar kerja";
    n.rt_id = rt_id;
    auto submitted = requests.submit(n, citizen);
    const auto events_before = store.events.list_for(submitted.id).size();

    auto refused = service.issue(submitted.id, lurah);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().field == "request");
    CHECK(contains(refused.error().message, "disetujui RT"));
    CHECK(store.requests.find_by_id(submitted.id)->status == RequestStatus::submitted);
    CHECK_FALSE(store.letters.find_by_request(submitted.id).has_value());
    CHECK(store.events.list_for(submitted.id).size() == events_before);
    CHECK(count_rows("letters") == 0);
    CHECK(count_rows("letter_sequences") == 0);
    CHECK(files_in_letters_dir() == 0);
    CHECK(rendered.empty());
    CHECK(messages_to(kCitizenPhone).empty());

    auto missing = service.issue(987654, lurah);
    REQUIRE_FALSE(missing);
    CHECK(missing.error().field == "request");

    // An issued request cannot be issued twice.
    auto request = approved();
    issue(service, request.id);
    auto again = service.issue(request.id, lurah);
    REQUIRE_FALSE(again);
    CHECK(again.error().field == "request");
    CHECK(count_rows("letters") == 1);
}

TEST_CASE_FIXTURE(LetterFixture, "letter numbers are consecutive per year for a type with its own sequence") {
    std::vector<domain::Letter> letters;
    for (int i = 0; i < 3; ++i) letters.push_back(issue(shared_service, approved("gamma").id));
    CHECK(letters[0].sequence == 1);
    CHECK(letters[1].sequence == 2);
    CHECK(letters[2].sequence == 3);
    CHECK(letters[0].number == "400.3/001/KEL-BLB/XI/2026");
    CHECK(letters[1].number == "400.3/002/KEL-BLB/XI/2026");
    CHECK(letters[2].number == "400.3/003/KEL-BLB/XI/2026");
    for (const auto& l : letters) {
        CHECK(l.scope == "gamma");
        CHECK(l.year == 2026);
    }

    // Letters of the shared register do not advance gamma's sequence.
    issue(shared_service, approved("alpha").id);
    CHECK(issue(shared_service, approved("gamma").id).sequence == 4);
}

TEST_CASE_FIXTURE(LetterFixture, "a shared register started in a year with per-type letters continues after their highest number") {
    for (int i = 0; i < 3; ++i) issue(shared_service, approved("gamma").id);  // gamma keeps its own sequence
    auto alpha = issue(shared_service, approved("alpha").id);
    CHECK(alpha.sequence == 4);
    CHECK(alpha.number == "400.1/004/KEL-BLB/XI/2026");
    CHECK(issue(shared_service, approved("beta").id).sequence == 5);
}

TEST_CASE_FIXTURE(LetterFixture, "the shipped catalogue numbers every letter from one register, so no two letters share a number") {
    auto first = issue(service, approved("sktm").id);
    auto second = issue(service, approved("pengantar_skck").id);  // the same classification, 100.2.2.5
    auto third = issue(service, approved("domisili").id);
    CHECK(first.number == "100.2.2.5/001/KEL-BLB/XI/2026");
    CHECK(second.number == "100.2.2.5/002/KEL-BLB/XI/2026");
    CHECK(third.number == "400.12.2.1/003/KEL-BLB/XI/2026");
    CHECK(first.scope == "shared");
}

TEST_CASE_FIXTURE(LetterFixture, "types with number_scope = shared take their numbers from one sequence") {
    REQUIRE(shared_catalog.find("alpha")->number_scope == config::NumberScope::shared);
    auto a1 = issue(shared_service, approved("alpha").id);
    auto b1 = issue(shared_service, approved("beta").id);
    auto a2 = issue(shared_service, approved("alpha").id);
    auto g1 = issue(shared_service, approved("gamma").id);
    CHECK(a1.sequence == 1);
    CHECK(b1.sequence == 2);
    CHECK(a2.sequence == 3);
    CHECK(a1.scope == "shared");
    CHECK(b1.scope == "shared");
    CHECK(a1.number == "400.1/001/KEL-BLB/XI/2026");
    CHECK(b1.number == "400.2/002/KEL-BLB/XI/2026");
    CHECK(a2.number == "400.1/003/KEL-BLB/XI/2026");
    CHECK(g1.sequence == 1);
    CHECK(g1.scope == "gamma");
    CHECK(g1.number == "400.3/001/KEL-BLB/XI/2026");
}

TEST_CASE_FIXTURE(LetterFixture, "the sequence starts again at 1 in a new year in WITA") {
    issue(service, approved().id);
    issue(service, approved().id);
    // 31 December 16:30 UTC is 1 January 00:30 in Bontang.
    clock.set(*parse_utc("2026-12-31T16:30:00Z"));
    auto first = issue(service, approved().id);
    CHECK(first.year == 2027);
    CHECK(first.sequence == 1);
    CHECK(first.number == "400.12.2.1/001/KEL-BLB/I/2027");
    clock.set(*parse_utc("2027-03-02T02:00:00Z"));
    auto second = issue(service, approved().id);
    CHECK(second.sequence == 2);
    CHECK(second.number == "400.12.2.1/002/KEL-BLB/III/2027");
}

TEST_CASE_FIXTURE(LetterFixture, "issuing writes the rendered PDF with its SHA-256 and records the letter") {
    auto request = approved();
    auto letter = issue(service, request.id);

    const std::string signed_pdf = signed_bytes(kPdfBytes, "lurah");
    CHECK(letter.pdf_sha256 == sha256_hex(signed_pdf));
    CHECK(std::filesystem::path(letter.pdf_path).parent_path() == std::filesystem::path(letters_dir));
    REQUIRE(std::filesystem::exists(letter.pdf_path));
    CHECK(test::read_text_file(letter.pdf_path) == signed_pdf);
    CHECK(letter.verification_token.size() == 32);
    CHECK(is_lower_hex(letter.verification_token));
    CHECK(letter.issued_at == "2026-11-27T02:00:00Z");
    CHECK(letter.issued_by == "lurah");
    CHECK(letter.holder_name == "Siti Aminah");
    CHECK(letter.letter_type == "domisili");
    CHECK(letter.signer_name == config.kelurahan.lurah_name);

    REQUIRE(rendered.size() == 1);
    CHECK(rendered[0].number == letter.number);
    CHECK(rendered[0].verification_url == service.verification_url(letter.verification_token));

    auto stored = store.letters.find_by_token(letter.verification_token);
    REQUIRE(stored);
    CHECK(stored->id == letter.id);
    CHECK(stored->request_id == request.id);
    CHECK(stored->number == letter.number);
    CHECK(stored->pdf_sha256 == sha256_hex(signed_pdf));
    CHECK(stored->pdf_path == letter.pdf_path);
    CHECK_FALSE(stored->revoked_at.has_value());
}

TEST_CASE_FIXTURE(LetterFixture, "issuing marks the request issued with an event naming the letter number") {
    auto request = approved();
    clock.advance(std::chrono::hours(1));
    auto letter = issue(service, request.id);
    auto stored = store.requests.find_by_id(request.id);
    CHECK(stored->status == RequestStatus::issued);
    CHECK(stored->issued_at == std::optional<std::string>("2026-11-27T03:00:00Z"));
    auto events = store.events.list_for(request.id);
    REQUIRE_FALSE(events.empty());
    const auto& last = events.back();
    CHECK(last.action == "issued");
    CHECK(last.from_status == RequestStatus::rt_approved);
    CHECK(last.to_status == RequestStatus::issued);
    CHECK(last.actor.kind == domain::ActorKind::staff);
    CHECK(last.actor.id == "lurah");
    CHECK(contains(last.note, letter.number));
}

TEST_CASE_FIXTURE(LetterFixture, "the applicant gets the PDF on WhatsApp with the letter number in the caption") {
    auto request = approved();
    auto letter = issue(service, request.id);
    auto messages = messages_to(kCitizenPhone);
    REQUIRE(messages.size() == 1);
    const auto& m = messages[0];
    CHECK(m.at("kind") == "document");
    CHECK(m.at("document_path") == letter.pdf_path);
    CHECK(m.at("document_filename") == "domisili-" + request.code + ".pdf");
    const std::string caption = m.at("text").get<std::string>();
    CHECK(contains(caption, "Nomor: " + letter.number));
    CHECK(contains(caption, request.code));
    CHECK(contains(caption, service.verification_url(letter.verification_token)));
    // Domisili is digital: no trip to the office.
    CHECK_FALSE(contains(caption, "Surat asli"));
}

TEST_CASE_FIXTURE(LetterFixture, "a letter that needs the signed original comes with a list of collection slots") {
    auto letter = issue(service, approved("sktm").id);
    auto messages = messages_to(kCitizenPhone);
    REQUIRE(messages.size() == 2);
    CHECK(contains(messages[0].at("text").get<std::string>(), letter.number));
    CHECK(messages[1].at("kind") == "list");
    CHECK(contains(messages[1].at("text").get<std::string>(), "Surat asli bertanda tangan untuk permohonan"));
    CHECK_FALSE(messages[1].at("sections").at(0).at("rows").empty());
}

TEST_CASE_FIXTURE(LetterFixture, "a digital letter says the PDF is the letter and offers no slots") {
    issue(service, approved("domisili").id);
    auto messages = messages_to(kCitizenPhone);
    REQUIRE(messages.size() == 1);
    CHECK(contains(messages[0].at("text").get<std::string>(), "PDF ini adalah surat resmi yang sah dengan kode QR"));
}

TEST_CASE_FIXTURE(LetterFixture, "a renderer that throws leaves no letter, uses no number and keeps the request approved") {
    auto request = approved();
    const auto events_before = store.events.list_for(request.id).size();
    renderer_fails = true;
    CHECK_THROWS_AS(service.issue(request.id, lurah), std::runtime_error);

    CHECK_FALSE(store.letters.find_by_request(request.id).has_value());
    CHECK(count_rows("letters") == 0);
    CHECK(count_rows("letter_sequences") == 0);
    CHECK(store.requests.find_by_id(request.id)->status == RequestStatus::rt_approved);
    CHECK(store.events.list_for(request.id).size() == events_before);
    CHECK(messages_to(kCitizenPhone).empty());
    CHECK(files_in_letters_dir() == 0);

    renderer_fails = false;
    auto letter = issue(service, request.id);
    CHECK(letter.sequence == 1);
    CHECK(letter.number == "400.12.2.1/001/KEL-BLB/XI/2026");
    CHECK(store.requests.find_by_id(request.id)->status == RequestStatus::issued);
}

TEST_CASE_FIXTURE(LetterFixture, "the rendered letter is signed by the chosen signer at the issue time, with the block printed") {
    clock.advance(std::chrono::minutes(5));  // 02:05 UTC = 10.05 WITA
    auto letter = issue(service, approved().id);
    REQUIRE(signer->seen.size() == 1);
    const auto& asked = signer->seen[0];
    CHECK(asked.pdf == kPdfBytes);
    CHECK(asked.signer->key == "lurah");
    CHECK(asked.signed_at == clock.now());
    CHECK(asked.utc_offset_minutes == 8 * 60);
    CHECK(asked.reason == "SURAT KETERANGAN DOMISILI Kelurahan Belimbing");
    CHECK(asked.location == "Bontang");
    REQUIRE(rendered.size() == 1);
    CHECK(rendered[0].electronic_signature_time == "27 November 2026 pukul 10.05 WITA");
    CHECK(rendered[0].electronic_signature_note == "Sertifikat uji.");
    CHECK(test::read_text_file(letter.pdf_path) == signed_bytes(kPdfBytes, "lurah"));
}

TEST_CASE_FIXTURE(LetterFixture, "a signing failure leaves no letter, uses no number and keeps the request approved") {
    auto request = approved();
    const auto events_before = store.events.list_for(request.id).size();
    signer->failure = "Passphrase salah.";
    auto refused = service.issue(request.id, lurah);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message == "Passphrase salah.");
    CHECK(count_rows("letters") == 0);
    CHECK(count_rows("letter_sequences") == 0);
    CHECK(store.requests.find_by_id(request.id)->status == RequestStatus::rt_approved);
    CHECK(store.events.list_for(request.id).size() == events_before);
    CHECK(messages_to(kCitizenPhone).empty());
    CHECK(files_in_letters_dir() == 0);

    signer->failure.clear();
    CHECK(issue(service, request.id).number == "400.12.2.1/001/KEL-BLB/XI/2026");
}

TEST_CASE_FIXTURE(LetterFixture, "a number taken by another issue while a letter was signed is not reused: it is signed again") {
    auto first = approved();
    auto second = approved();
    // While the first letter is at the signer (as during a slow BSrE call), the second is issued.
    signer->while_signing = [&] { CHECK(issue(service, second.id).sequence == 1); };
    auto letter = issue(service, first.id);
    CHECK(letter.sequence == 2);
    CHECK(letter.number == "400.12.2.1/002/KEL-BLB/XI/2026");
    REQUIRE(rendered.size() == 3);  // first with 001 (dropped), second with 001, first again with 002
    CHECK(rendered[0].number == "400.12.2.1/001/KEL-BLB/XI/2026");
    CHECK(rendered[2].number == letter.number);
    CHECK(count_rows("letters") == 2);
    CHECK(files_in_letters_dir() == 2);  // the dropped attempt was never written
}

TEST_CASE_FIXTURE(LetterFixture, "a request corrected while its letter was signed is signed again with the correction") {
    auto request = approved();
    signer->while_signing = [&] {
        db::WriteTransaction tx(store.db());
        const auto current = *store.requests.find_by_id(request.id);
        store.requests.update_details(request.id, current.applicant_name, current.fields_json, "mendaftar sekolah",
                                      format_utc(clock.now()));
        tx.commit();
    };
    auto letter = issue(service, request.id);
    REQUIRE(rendered.size() == 2);
    std::string body;
    for (const auto& paragraph : rendered[1].paragraphs) body += paragraph;
    CHECK(contains(body, "mendaftar sekolah"));
    CHECK(letter.sequence == 1);
}

TEST_CASE_FIXTURE(LetterFixture, "the passphrase typed for a BSrE signer reaches the signer and is stored nowhere") {
    signer->passphrase = true;
    services::IssueOptions options;
    options.passphrase = "rahasia-lurah-123";
    REQUIRE(service.issue(approved().id, lurah, options));
    REQUIRE(signer->seen.size() == 1);
    CHECK(signer->seen[0].passphrase == "rahasia-lurah-123");
    db::Statement dump(store.db(), "SELECT COUNT(*) FROM request_events WHERE note LIKE '%rahasia-lurah%'");
    REQUIRE(dump.executeStep());
    CHECK(dump.getColumn(0).getInt() == 0);
    if (!test::on_postgresql()) CHECK_FALSE(contains(test::read_text_file(config.database.path), "rahasia-lurah"));
}

TEST_CASE_FIXTURE(LetterFixture, "a batch issues each ready letter in order and reports the one that cannot be issued") {
    auto first = approved();
    auto waiting = filed_with_checklist("domisili");  // the RT has not decided yet
    auto third = approved();
    auto results = service.issue_many({first.id, waiting.id, third.id}, lurah, {});
    REQUIRE(results.size() == 3);
    REQUIRE(results[0].letter);
    CHECK(results[0].letter->sequence == 1);
    CHECK_FALSE(results[1].letter);
    CHECK(results[1].attempted);
    CHECK(contains(results[1].problem, "sudah disetujui RT"));
    REQUIRE(results[2].letter);
    CHECK(results[2].letter->sequence == 2);
    CHECK(signer->seen.size() == 2);
}

TEST_CASE_FIXTURE(LetterFixture, "a wrong passphrase stops a batch: the letters after it are not tried") {
    auto first = approved();
    auto second = approved();
    struct WrongPassphrase : RecordingSigner {
        Result<std::string> sign(const services::SigningRequest& request) const override {
            seen.push_back(request);
            return Result<std::string>::failure(services::kPassphraseField, "Passphrase salah.");
        }
    };
    auto wrong = std::make_shared<WrongPassphrase>();
    services::LetterSigners with_wrong{{"lurah", wrong}};
    services::LetterService batch(store, clock, config, catalog, renderer(), with_wrong, letters_dir);
    auto results = batch.issue_many({first.id, second.id}, lurah, {});
    REQUIRE(results.size() == 2);
    CHECK(results[0].problem == "Passphrase salah.");
    CHECK(results[0].attempted);
    CHECK_FALSE(results[1].attempted);
    CHECK(contains(results[1].problem, "Tidak diproses"));
    CHECK(wrong->seen.size() == 1);
    CHECK(count_rows("letters") == 0);
}

// ---------------------------------------------------------------------------------------------
// revoke

TEST_CASE_FIXTURE(LetterFixture, "a letter signed for the lurah says a.n. Lurah above the signer's position and keeps it") {
    auto request = approved();
    auto letter = service.issue(request.id, lurah, {"sekretaris", "", ""});
    REQUIRE(letter);
    const config::Signer& sekretaris = *config::find_signer(config, "sekretaris");
    REQUIRE_FALSE(rendered.empty());
    CHECK(rendered.back().signer_on_behalf == "a.n. Lurah Belimbing");
    CHECK(rendered.back().signer_position == "Sekretaris Kelurahan");
    CHECK(rendered.back().signer_name == sekretaris.name);
    CHECK(rendered.back().signer_nip == sekretaris.nip);
    CHECK(letter.value().signer_position == "a.n. Lurah Belimbing, Sekretaris Kelurahan");
    CHECK(letter.value().signer_name == sekretaris.name);

    // The lurah signs in person: no "a.n." line.
    issue(service, approved().id);
    CHECK(rendered.back().signer_on_behalf.empty());
    CHECK(rendered.back().signer_position == "Lurah Belimbing");
}

TEST_CASE_FIXTURE(LetterFixture, "a letter type's default signer signs unless another is chosen; an unknown one uses no number") {
    issue(service, approved("pengantar_skck").id);  // the catalogue names the sekretaris for it
    CHECK(rendered.back().signer_position == "Sekretaris Kelurahan");
    REQUIRE(service.issue(approved("pengantar_skck").id, lurah, {"lurah", "", ""}));
    CHECK(rendered.back().signer_position == "Lurah Belimbing");

    const auto request = approved();
    const auto rendered_before = rendered.size();
    auto refused = service.issue(request.id, lurah, {"bendahara", "", ""});
    REQUIRE_FALSE(refused);
    CHECK(refused.error().field == "penandatangan");
    CHECK(rendered.size() == rendered_before);
    CHECK(store.requests.find_by_id(request.id)->status == RequestStatus::rt_approved);
    CHECK_FALSE(store.letters.find_by_request(request.id).has_value());
    CHECK(issue(service, request.id).sequence == 3);  // the refusal used no number
}

TEST_CASE_FIXTURE(LetterFixture, "a preview is the letter as it would be issued, marked draft, without number or QR, and stores nothing") {
    auto request = approved();
    request.purpose = "Pendaftaran sekolah anak";  // an unsaved correction from the review form
    auto pdf = service.preview(request, {});
    REQUIRE(pdf);
    CHECK(pdf.value() == kPdfBytes);
    REQUIRE(rendered.size() == 1);
    const auto& doc = rendered.back();
    CHECK(doc.draft);
    CHECK(doc.verification_url.empty());
    CHECK(doc.number.find("diterbitkan") != std::string::npos);
    CHECK(doc.paragraphs.at(1) == "Surat keterangan ini diberikan untuk keperluan: Pendaftaran sekolah anak.");
    CHECK(count_rows("letters") == 0);
    CHECK(count_rows("letter_sequences") == 0);
    CHECK(files_in_letters_dir() == 0);
    CHECK(messages_to(kCitizenPhone).empty());
    CHECK(store.requests.find_by_id(request.id)->purpose == "melamar kerja");

    auto unknown = service.preview(request, {"bendahara", "", ""});
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().field == "penandatangan");
}

TEST_CASE_FIXTURE(LetterFixture, "revoking needs a reason of at least five characters") {
    auto letter = issue(service, approved().id);
    for (const char* reason : {"", "     ", "abcd", "  abcd  "}) {
        CAPTURE(reason);
        auto refused = service.revoke(letter.verification_token, lurah, reason);
        REQUIRE_FALSE(refused);
        CHECK(refused.error().field == "reason");
    }
    CHECK_FALSE(store.letters.find_by_token(letter.verification_token)->revoked_at.has_value());

    auto ok = service.revoke(letter.verification_token, lurah, "salah");
    REQUIRE(ok);
    CHECK(ok->revoked_at.has_value());
}

TEST_CASE_FIXTURE(LetterFixture, "a letter is revoked once, with the reason, the staff member and an audit entry") {
    auto letter = issue(service, approved().id);
    clock.advance(std::chrono::hours(2));
    auto revoked = service.revoke(letter.verification_token, lurah, "  Salah ketik nama pemohon  ");
    REQUIRE(revoked);
    CHECK(revoked->revoked_at == std::optional<std::string>("2026-11-27T04:00:00Z"));
    CHECK(revoked->revoked_reason == std::optional<std::string>("Salah ketik nama pemohon"));
    CHECK(revoked->revoked_by == std::optional<std::string>("lurah"));
    auto stored = store.letters.find_by_token(letter.verification_token);
    CHECK(stored->revoked_reason == std::optional<std::string>("Salah ketik nama pemohon"));

    clock.advance(std::chrono::hours(1));
    auto again = service.revoke(letter.verification_token, lurah, "dicabut lagi");
    REQUIRE_FALSE(again);
    CHECK(again.error().field == "letter");
    CHECK(contains(again.error().message, "sudah dicabut"));
    stored = store.letters.find_by_token(letter.verification_token);
    CHECK(stored->revoked_at == std::optional<std::string>("2026-11-27T04:00:00Z"));
    CHECK(stored->revoked_reason == std::optional<std::string>("Salah ketik nama pemohon"));

    std::vector<db::StaffAuditEntry> revocations;
    for (const auto& e : store.audit.recent(50)) {
        if (e.action == "letter_revoked") revocations.push_back(e);
    }
    REQUIRE(revocations.size() == 1);
    CHECK(revocations[0].username == "lurah");
    CHECK(revocations[0].subject == letter.number);
    CHECK(revocations[0].detail == "Salah ketik nama pemohon");
    CHECK(revocations[0].at == "2026-11-27T04:00:00Z");
}

TEST_CASE_FIXTURE(LetterFixture, "revoking an unknown token is an error and audits nothing") {
    auto refused = service.revoke("00000000000000000000000000000000", lurah, "alasan yang cukup");
    REQUIRE_FALSE(refused);
    CHECK(refused.error().field == "letter");
    CHECK(store.audit.recent(10).empty());
}

// ---------------------------------------------------------------------------------------------
// Requirements

TEST_CASE_FIXTURE(LetterFixture, "a letter is not issued while a mandatory requirement is unticked, and nothing is written") {
    auto request = approved_with_checklist("sktm");
    auto refused = service.issue(request.id, lurah);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().field == "requirements");
    const std::string message = refused.error().message;
    CAPTURE(message);
    CHECK(contains(message, "persyaratan wajib belum dicentang"));
    CHECK_FALSE(contains(message, "Persetujuan Ketua RT setempat"));  // the RT's approval ticked it
    CHECK(contains(message, "KTP-el pemohon"));
    CHECK(contains(message, "Surat pernyataan tidak mampu bermeterai Rp10.000"));
    CHECK_FALSE(contains(message, "Surat dari sekolah"));  // optional
    // A blank or too short reason is no override.
    CHECK_FALSE(service.issue(request.id, lurah, {"", "   ", ""}));
    CHECK_FALSE(service.issue(request.id, lurah, {"", "ok", ""}));
    CHECK(count_rows("letters") == 0);
    CHECK(store.requests.find_by_id(request.id)->status == RequestStatus::rt_approved);
    CHECK(messages_to(kCitizenPhone).empty());
    CHECK(rendered.empty());
}

TEST_CASE_FIXTURE(LetterFixture, "with every mandatory requirement ticked the letter is issued, each tick in the history by name") {
    auto request = approved_with_checklist("sktm");
    tick_mandatory(request.id);
    auto letter = service.issue(request.id, lurah);
    REQUIRE(letter);
    CHECK(store.requests.find_by_id(request.id)->status == RequestStatus::issued);
    CHECK(events_named(request.id, "requirements_overridden").empty());
    auto ticks = events_named(request.id, "requirement_ticked");
    REQUIRE(ticks.size() == 5);  // the optional school letter needs no tick
    CHECK(ticks[0].note == "Persetujuan Ketua RT setempat");
    CHECK(ticks[0].actor.id == rt_head.id);  // ticked by the approval itself
    for (std::size_t i = 1; i < ticks.size(); ++i) {
        CHECK(ticks[i].actor.kind == domain::ActorKind::staff);
        CHECK(ticks[i].actor.id == "lurah");
        CHECK(ticks[i].actor.name == "Contoh Lurah");
    }
    for (const auto& item : store.requirements.for_request(request.id)) {
        CAPTURE(item.text);
        CHECK(item.is_ticked() == item.mandatory);
        if (item.is_ticked()) CHECK(item.ticked_by == (item.confirmed_by_rt ? rt_head.name : "lurah"));
    }
}

TEST_CASE_FIXTURE(LetterFixture, "the RT's approval ticks the requirement it confirms in the RT's name, and nothing else") {
    auto request = filed_with_checklist("sktm");
    for (const auto& item : store.requirements.for_request(request.id)) CHECK_FALSE(item.is_ticked());

    requests.change_status(request.id, RequestStatus::rt_approved, rt_head, "warga kami");
    const auto items = store.requirements.for_request(request.id);
    REQUIRE(items.size() == type("sktm").requirements.size());
    for (const auto& item : items) {
        CAPTURE(item.text);
        CHECK(item.confirmed_by_rt == (item.text == "Persetujuan Ketua RT setempat"));
        CHECK(item.is_ticked() == item.confirmed_by_rt);
    }
    CHECK(items[0].ticked_by == rt_head.name);
    CHECK(items[0].ticked_at == format_utc(clock.now()));
    auto ticks = events_named(request.id, "requirement_ticked");
    REQUIRE(ticks.size() == 1);
    CHECK(ticks[0].actor.kind == domain::ActorKind::rt);
    CHECK(ticks[0].note == "Persetujuan Ketua RT setempat");
}

TEST_CASE_FIXTURE(LetterFixture, "an override reason issues the letter without the ticks and is recorded with what was missing") {
    auto request = approved_with_checklist("sktm");
    {
        db::WriteTransaction tx(store.db());
        REQUIRE(services::RequirementService(store, clock).set_ticked_in_transaction(request.id, 0, true, lurah));
        tx.commit();
    }
    auto letter = service.issue(request.id, lurah, {"", "  Surat pernyataan asli diperiksa saat pengambilan  ", ""});
    REQUIRE(letter);
    auto overrides = events_named(request.id, "requirements_overridden");
    REQUIRE(overrides.size() == 1);
    CHECK(overrides[0].actor.id == "lurah");
    CHECK(overrides[0].note ==
          "belum dicentang: KTP-el pemohon; Kartu Keluarga (KK); Surat pernyataan tidak mampu bermeterai Rp10.000; "
          "Foto rumah tampak depan. Alasan: Surat pernyataan asli diperiksa saat pengambilan");
    CHECK(store.requests.find_by_id(request.id)->status == RequestStatus::issued);
}

TEST_CASE_FIXTURE(LetterFixture, "a request filed before checklists existed is issued as before") {
    auto letter = service.issue(approved("sktm").id, lurah);
    CHECK(letter);
}

TEST_CASE_FIXTURE(LetterFixture, "the collection offer lists the KTP-el and every document the citizen brings to the office") {
    std::int64_t kk_photo = 0;
    {
        db::WriteTransaction tx(store.db());
        db::Attachment photo;
        photo.sender_key = kCitizenPhone;
        photo.kind = "image";
        photo.media_id = "MEDIA-KK";
        kk_photo = store.attachments.add_to_draft(photo, format_utc(clock.now()));
        tx.commit();
    }
    using domain::RequirementState;
    // SKTM: 2 = KK (sent), 3 = statement (brought), 4 = house photo (brought), 5 = school letter (not had).
    auto request = approved_with_checklist("sktm", {{2, {RequirementState::sent, kk_photo}},
                                                    {3, {RequirementState::at_office, std::nullopt}},
                                                    {4, {RequirementState::at_office, std::nullopt}},
                                                    {5, {RequirementState::skipped, std::nullopt}}});
    {
        // The house photo was shown at the counter and ticked: no need to bring it again.
        db::WriteTransaction tx(store.db());
        REQUIRE(services::RequirementService(store, clock).set_ticked_in_transaction(request.id, 4, true, lurah));
        tx.commit();
    }
    REQUIRE(service.issue(request.id, lurah, {"", "pernyataan dibawa saat pengambilan", ""}));
    auto messages = messages_to(kCitizenPhone);
    REQUIRE(messages.size() == 2);
    const std::string offer = messages[1].at("text").get<std::string>();
    CAPTURE(offer);
    CHECK(contains(offer, "Mohon bawa:\n• KTP-el asli\n• Surat pernyataan tidak mampu bermeterai Rp10.000"));
    CHECK_FALSE(contains(offer, "Foto rumah"));
    CHECK_FALSE(contains(offer, "Kartu Keluarga"));
    CHECK_FALSE(contains(offer, "Surat dari sekolah"));
}

TEST_SUITE_END();
