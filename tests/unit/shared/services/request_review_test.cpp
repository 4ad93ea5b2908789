#include <doctest/doctest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "shared/config/letter_types.h"
#include "shared/db/store.h"
#include "shared/db/write_transaction.h"
#include "shared/services/request_review.h"
#include "shared/services/request_service.h"
#include "shared/util/time.h"
#include "tests/support/test_config.h"

TEST_SUITE_BEGIN("services");

using namespace ekel;
using domain::RequestStatus;
using services::RequestReview;

namespace {

struct ReviewFixture : test::TempDatabase {
    ReviewFixture()
        : store(config.database.target(), config.database.busy_timeout_ms),
          clock(*parse_utc("2026-11-27T02:00:00Z")),
          catalog(config::load_letter_types(test::repo_path("config/letter_types.toml"))),
          requests(store, clock, config.kelurahan) {
        rt_id = test::add_rt(store, 1, "Budi Santoso", "6281100000011");
    }

    /// An RT-approved request of a newcomer (no registry entry).
    domain::Request approved(const std::string& type, const std::string& fields_json, const std::string& purpose) {
        services::NewRequest n;
        n.applicant_name = "Pendatang Baru";
        n.applicant_phone = "6281234567890";
        n.letter_type = type;
        n.fields_json = fields_json;
        n.purpose = purpose;
        n.rt_id = rt_id;
        auto request = requests.submit(n, {domain::ActorKind::citizen, n.applicant_phone});
        return requests.change_status(request.id, RequestStatus::rt_approved, {domain::ActorKind::rt, "rt1"}, "");
    }

    const config::LetterType& type(const std::string& code) const { return *catalog.find(code); }

    db::Store store;
    ManualClock clock;
    config::LetterCatalog catalog;
    services::RequestService requests;
    std::int64_t rt_id = 0;
};

}  // namespace

TEST_CASE_FIXTURE(ReviewFixture, "the review form lists a newcomer's identity, the type's fields and the purpose") {
    auto r = approved("usaha", R"({"pendatang_alamat":"Jl. Kenari 5","nama_usaha":"Warung Berkah"})", "modal usaha");
    auto values = RequestReview::values(r, type("usaha"));
    REQUIRE(values.size() == 6 + type("usaha").fields.size() + 1);
    CHECK(values.front().key == "nama");
    CHECK(values.front().value == "Pendatang Baru");
    CHECK(values[1].key == "alamat");
    CHECK(values[1].value == "Jl. Kenari 5");
    CHECK(values[2].key == "nik");
    CHECK(values[5].key == "alamat_asal");
    CHECK(values[6].key == "isian.nama_usaha");
    CHECK(values[6].label == "Nama usaha");
    CHECK(values[6].value == "Warung Berkah");
    CHECK(values.back().key == "keperluan");
    CHECK(values.back().value == "modal usaha");
}

TEST_CASE_FIXTURE(ReviewFixture, "staff corrections are checked like the citizen's answers and audited with before, after and who") {
    auto r = approved("kematian", R"({"pendatang_alamat":"jl kenari 5"})", "urus akte");
    const auto events_before = store.events.list_for(r.id).size();
    auto reviewed = RequestReview::apply(r, type("kematian"),
                                         {{"keperluan", "  Pengurusan akta kematian "},
                                          {"alamat", "Jl. Kenari No. 5"},
                                          {"isian.tanggal_meninggal", "20-11-2026"},
                                          {"nama", "Pendatang Baru"},  // unchanged
                                          {"csrf", "ignored"}});
    REQUIRE(reviewed);
    REQUIRE(reviewed.value().changes.size() == 3);
    CHECK(reviewed.value().request.purpose == "Pengurusan akta kematian");
    auto fields = nlohmann::json::parse(reviewed.value().request.fields_json);
    CHECK(fields["pendatang_alamat"] == "Jl. Kenari No. 5");
    CHECK(fields["tanggal_meninggal"] == "20 November 2026");  // stored as the bot stores a date
    CHECK(store.requests.find_by_id(r.id)->purpose == "urus akte");  // applying stores nothing

    db::WriteTransaction tx(store.db());
    RequestReview(store, clock, config.kelurahan)
        .save_in_transaction(reviewed.value(), {domain::ActorKind::staff, "lurah", "Contoh Lurah"});
    tx.commit();
    auto stored = *store.requests.find_by_id(r.id);
    CHECK(stored.purpose == "Pengurusan akta kematian");
    CHECK(nlohmann::json::parse(stored.fields_json)["tanggal_meninggal"] == "20 November 2026");
    auto events = store.events.list_for(r.id);
    REQUIRE(events.size() == events_before + 3);
    std::map<std::string, std::string> notes;
    for (std::size_t i = events_before; i < events.size(); ++i) {
        CHECK(events[i].action == "content_edited");
        CHECK(events[i].actor.id == "lurah");
        CHECK(events[i].actor.name == "Contoh Lurah");
        notes[events[i].note.substr(0, events[i].note.find(':'))] = events[i].note;
    }
    CHECK(notes["Keperluan"] == "Keperluan: urus akte → Pengurusan akta kematian");
    CHECK(notes["Alamat"] == "Alamat: jl kenari 5 → Jl. Kenari No. 5");
    CHECK(notes["Tanggal meninggal"].find("- → 20 November 2026") != std::string::npos);
    CHECK(stored.status == RequestStatus::rt_approved);
}

TEST_CASE_FIXTURE(ReviewFixture, "a wrong correction names the field and changes nothing") {
    auto r = approved("kematian", "{}", "urus akte");
    auto bad_date = RequestReview::apply(r, type("kematian"), {{"isian.tanggal_meninggal", "kemarin sore"}});
    REQUIRE_FALSE(bad_date);
    CHECK(bad_date.error().field == "isian.tanggal_meninggal");
    CHECK(bad_date.error().message.rfind("Tanggal meninggal", 0) == 0);

    auto bad_nik = RequestReview::apply(r, type("kematian"), {{"nik", "12345"}});
    REQUIRE_FALSE(bad_nik);
    CHECK(bad_nik.error().field == "nik");
    CHECK(bad_nik.error().message.rfind("NIK", 0) == 0);
    auto nik = RequestReview::apply(r, type("kematian"), {{"nik", "6474 0352 0885 0002"}, {"tanggal_lahir", "12-08-1985"}});
    REQUIRE(nik);
    CHECK(nlohmann::json::parse(nik.value().request.fields_json)["pendatang_nik"] == "6474035208850002");
    CHECK(nlohmann::json::parse(nik.value().request.fields_json)["pendatang_tanggal_lahir"] == "1985-08-12");

    auto empty = RequestReview::apply(r, type("kematian"), {{"keperluan", "   "}});
    REQUIRE_FALSE(empty);
    CHECK(empty.error().message == "Keperluan tidak boleh kosong.");

    auto not_utf8 = RequestReview::apply(r, type("kematian"), {{"keperluan", "akta \xff\xfe"}});
    REQUIRE_FALSE(not_utf8);
    CHECK(not_utf8.error().field == "keperluan");

    auto too_long = RequestReview::apply(r, type("kematian"), {{"keperluan", std::string(201, 'a')}});
    REQUIRE_FALSE(too_long);
    CHECK(too_long.error().message == "Keperluan terlalu panjang.");
}

TEST_CASE_FIXTURE(ReviewFixture, "a choice is corrected to one of its options only, and nothing typed means no change") {
    auto r = approved("sktm", R"({"keperluan_sktm":"Pendidikan"})", "sekolah anak");
    const auto& field = *type("sktm").find_field("keperluan_sktm");
    auto other = RequestReview::apply(r, type("sktm"), {{"isian.keperluan_sktm", field.choices.back()}});
    REQUIRE(other);
    CHECK(nlohmann::json::parse(other.value().request.fields_json)["keperluan_sktm"] == field.choices.back());

    auto unknown = RequestReview::apply(r, type("sktm"), {{"isian.keperluan_sktm", "Jalan-jalan"}});
    CHECK_FALSE(unknown);

    auto same = RequestReview::apply(r, type("sktm"), {});
    REQUIRE(same);
    CHECK(same.value().changes.empty());
}

TEST_CASE_FIXTURE(ReviewFixture, "only a request the RT approved and not yet issued can be reviewed") {
    auto r = approved("domisili", "{}", "melamar kerja");
    CHECK(RequestReview::editable(r));
    r.status = RequestStatus::submitted;
    CHECK_FALSE(RequestReview::editable(r));
    r.status = RequestStatus::issued;
    CHECK_FALSE(RequestReview::editable(r));
}

TEST_SUITE_END();
