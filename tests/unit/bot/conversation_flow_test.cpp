#include <doctest/doctest.h>

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bot/engine/conversation_engine.h"
#include "bot/engine/conversation_state.h"
#include "shared/config/letter_types.h"
#include "shared/config/letter_words.h"
#include "shared/db/store.h"
#include "shared/db/write_transaction.h"
#include "shared/services/registry_import.h"
#include "shared/util/time.h"
#include "tests/support/sql_value.h"
#include "tests/support/test_config.h"
#include "webhooks/envelope_builder.h"

TEST_SUITE_BEGIN("bot");

using namespace ekel;
using namespace std::chrono_literals;
using bot::State;
using nlohmann::json;

namespace {

constexpr const char* kBudi = "6281299990000";        // verified; alone in his KK; RT 2
constexpr const char* kStranger = "6281288887777";    // not in the registry
constexpr const char* kSitiNik = "6474035507880002";  // born 15-07-1988
constexpr const char* kRinaNik = "3273015708900002";  // not in the registry; a woman born 17-08-1990

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

/// ConversationEngine::handle on a temporary database with the fixture registry, a manual clock,
/// each message in its own transaction as the processor runs it.
struct EngineFixture : test::TempDatabase {
    EngineFixture()
        : store(config.database.target(), config.database.busy_timeout_ms),
          clock(*parse_utc("2026-11-27T02:00:00Z")),
          catalog(config::load_letter_catalog(config)) {
        SystemClock system;
        REQUIRE(services::import_rts(store, test::read_text_file(test::repo_path("tests/fixtures/csv/rt_good.csv")), system)
                    .ok());
        REQUIRE(services::import_residents(
                    store, test::read_text_file(test::repo_path("tests/fixtures/csv/residents_good.csv")), system)
                    .ok());
        engine = std::make_unique<bot::ConversationEngine>(config, catalog, clock);
    }

    std::vector<json> send(messaging::InboundMessage m) {
        clock.advance(15s);
        {
            db::WriteTransaction tx(store.db());
            engine->handle(m, store, clock.now());
            tx.commit();
        }
        engine->committed();
        std::vector<json> replies;
        for (const auto& row : store.outbox.list_for_recipient(m.sender_wa_id, last_seen, 50)) {
            replies.push_back(json::parse(row.payload_json));
            last_seen = row.id;
        }
        return replies;
    }

    messaging::InboundMessage base(const std::string& phone) {
        return whatsapp::text_message(phone, "wamid.unit." + std::to_string(++sequence), "", 1764200000, "Warga");
    }

    std::string say(const std::string& phone, const std::string& text) {
        auto m = base(phone);
        m.text = text;
        return all_text(send(m));
    }

    std::string photo(const std::string& phone, const std::string& media_id) {
        auto m = base(phone);
        m.kind = messaging::InboundKind::image;
        m.media = messaging::MediaRef{media_id, "image/jpeg", "c2hh", "", "", "", false};
        return all_text(send(m));
    }

    std::string tap(const std::string& phone, const std::string& id, const std::string& title, bool list = false) {
        auto m = base(phone);
        m.kind = list ? messaging::InboundKind::list_reply : messaging::InboundKind::button_reply;
        m.reply_id = id;
        m.text = title;
        return all_text(send(m));
    }

    static std::string all_text(const std::vector<json>& replies) {
        std::string text;
        for (const auto& r : replies) text += r.value("text", "") + "\n";
        return text;
    }

    State state(const std::string& phone) {
        auto record = store.conversations.find(phone);
        REQUIRE(record);
        auto parsed = bot::parse_state(record->state);
        REQUIRE(parsed);
        return *parsed;
    }

    bot::ConversationData data(const std::string& phone) {
        auto record = store.conversations.find(phone);
        REQUIRE(record);
        return bot::read_conversation_data(record->data_json);
    }

    void store_conversation(const std::string& phone, const std::string& state, const std::string& data_json) {
        store.conversations.save({phone, state, data_json, format_utc(clock.now())});
    }

    std::int64_t linked(const std::string& phone) {
        return test::sql_value(store.db(), "SELECT COUNT(*) FROM resident_phones WHERE phone = '" + phone + "'").getInt64();
    }

    db::Store store;
    ManualClock clock;
    config::LetterCatalog catalog;
    std::unique_ptr<bot::ConversationEngine> engine;
    std::int64_t last_seen = 0;
    int sequence = 0;
};

}  // namespace

TEST_CASE_FIXTURE(EngineFixture, "the state and data of a conversation survive saving, loading and a new engine") {
    auto asked = say(kBudi, "mau urus surat keterangan usaha");
    CHECK(contains(asked, "nama usaha"));
    CHECK(state(kBudi) == State::collect_field);
    auto saved = data(kBudi);
    REQUIRE(saved.draft);
    CHECK(saved.draft->letter_type == "usaha");
    CHECK(saved.draft->applicant_id.has_value());
    CHECK_FALSE(saved.field.empty());

    // A restart: a new engine reads the stored conversation and goes on with the next question.
    engine = std::make_unique<bot::ConversationEngine>(config, catalog, clock);
    say(kBudi, "Warung Makan Barokah");
    auto after = data(kBudi);
    REQUIRE(after.draft);
    CHECK(after.draft->fields.size() == saved.draft->fields.size() + 1);
    CHECK(after.draft->letter_type == "usaha");
    CHECK(after.draft->said == saved.draft->said);
}

TEST_CASE_FIXTURE(EngineFixture, "a conversation stored by the previous release goes on where it stood") {
    auto budi = store.residents.find_by_verified_phone(kBudi);
    REQUIRE(budi.size() == 1);
    store_conversation(kBudi, "collect_purpose",
                       R"({"draft":{"letter_type":"sktm","said":" mau urus sktm","fields":{"keperluan_sktm":"Kesehatan"},)"
                       R"("applicant_id":)" + std::to_string(budi[0].id) + "}}");
    // The purpose answers the stored question; the documents of this release come next.
    auto first_document = say(kBudi, "berobat ibu ke rumah sakit");
    CHECK(contains(first_document, "Dokumen 1 dari 4"));
    CHECK(state(kBudi) == State::collect_document);
    for (int i = 0; i < 3; ++i) tap(kBudi, "doc:later", "Bawa ke kantor");
    auto summary = tap(kBudi, "doc:skip", "Tidak ada");
    CHECK(contains(summary, "Surat Keterangan Tidak Mampu"));
    CHECK(contains(summary, "Berobat ibu ke rumah sakit"));  // as it will stand on the letter
    CHECK(state(kBudi) == State::confirm);
    CHECK(data(kBudi).offered == std::vector<std::string>{"confirm:send", "confirm:edit", "confirm:cancel"});
}

TEST_CASE_FIXTURE(EngineFixture, "chat text is put in official form for the letter, and what was typed is filed beside it") {
    auto budi = store.residents.find_by_verified_phone(kBudi);
    REQUIRE(budi.size() == 1);
    store_conversation(kBudi, "collect_field",
                       R"({"draft":{"letter_type":"usaha","said":" sku","fields":{"nama_usaha":"Warung Berkah",)"
                       R"("jenis_usaha":"warung sembako"},"applicant_id":)" + std::to_string(budi[0].id) +
                           R"(},"field":"alamat_usaha"})");
    say(kBudi, "jl. pattimura no 5 rt 3 🙏");
    auto draft = data(kBudi).draft;
    REQUIRE(draft);
    CHECK(draft->fields["alamat_usaha"] == "Jl. Pattimura No. 5 RT 3");
    CHECK(draft->typed_fields["alamat_usaha"] == "jl. pattimura no 5 rt 3 🙏");
    say(kBudi, "2019");
    auto summary = say(kBudi, "minjam duit di bank bri");
    while (state(kBudi) == State::collect_document) summary = tap(kBudi, "doc:later", "Bawa ke kantor");
    CHECK(contains(summary, "Alamat usaha: Jl. Pattimura No. 5 RT 3"));
    CHECK(contains(summary, "Keperluan: Meminjam uang di bank BRI"));
    CHECK_FALSE(contains(summary, "minjam duit"));
    CHECK(data(kBudi).draft->typed_fields.count("jenis_usaha") == 0);  // typed as it stands

    tap(kBudi, "confirm:send", "Kirim");
    auto filed = store.requests.list_for_applicant(kBudi, 1);
    REQUIRE(filed.size() == 1);
    CHECK(filed[0].purpose == "Meminjam uang di bank BRI");
    CHECK(json::parse(filed[0].fields_json)["alamat_usaha"] == "Jl. Pattimura No. 5 RT 3");
    auto typed = json::parse(filed[0].original_text_json);
    CHECK(typed["purpose"] == "minjam duit di bank bri");
    CHECK(typed["fields"]["alamat_usaha"] == "jl. pattimura no 5 rt 3 🙏");
    CHECK_FALSE(typed["fields"].contains("nama_usaha"));
}

TEST_CASE_FIXTURE(EngineFixture, "an unknown stored state restarts politely and is replaced") {
    store_conversation(kBudi, "ask_favourite_colour", R"({"self_id":"broken","draft":7})");
    auto reply = say(kBudi, "biru");
    CHECK(contains(reply, "mari kita mulai lagi"));
    CHECK(state(kBudi) == State::idle);
    CHECK_FALSE(data(kBudi).draft);
}

TEST_CASE_FIXTURE(EngineFixture, "each state's answer reaches its flow") {
    SUBCASE("identity: the NIK question, then the newcomer's name") {
        auto asked = say(kStranger, "mau urus surat domisili");
        CHECK(contains(asked, "NIK"));
        CHECK(state(kStranger) == State::identify_nik);
        CHECK(data(kStranger).offered == std::vector<std::string>{"newcomer"});
        auto name = tap(kStranger, "newcomer", "Saya warga pendatang");
        CHECK(contains(name, "nama lengkap"));
        CHECK(state(kStranger) == State::newcomer_name);
        say(kStranger, "rina wati");
        CHECK(state(kStranger) == State::newcomer_nik);
        CHECK(data(kStranger).draft->newcomer->name == "Rina Wati");
        say(kStranger, kRinaNik);
        CHECK(state(kStranger) == State::newcomer_birth_date);
        say(kStranger, "Bandung, 17-08-1990");
        CHECK(state(kStranger) == State::newcomer_address);
        CHECK(data(kStranger).draft->newcomer->birth_place == "Bandung");
        say(kStranger, "Jl. Pelita No. 5");
        CHECK(state(kStranger) == State::newcomer_rt);
        say(kStranger, "RT 2");
        CHECK(data(kStranger).draft->newcomer->rt == 2);
        CHECK(state(kStranger) == State::newcomer_origin);
        say(kStranger, "Jl. Merdeka No. 10, Kota Bandung");
        CHECK(data(kStranger).draft->newcomer->origin_address == "Jl. Merdeka No. 10, Kota Bandung");
        CHECK(state(kStranger) != State::newcomer_origin);
    }
    SUBCASE("request: the letter list, a tapped letter type, then its questions") {
        say(kBudi, "mau urus surat");
        CHECK(state(kBudi) == State::choose_letter_type);
        auto offered = data(kBudi).offered;
        REQUIRE(!offered.empty());
        CHECK(offered.front().rfind("type:", 0) == 0);
        tap(kBudi, "type:sktm", "Surat Keterangan Tidak Mampu", true);
        CHECK(data(kBudi).draft->letter_type == "sktm");
        CHECK(state(kBudi) != State::choose_letter_type);
    }
    SUBCASE("request: a malformed tapped choice is no choice") {
        say(kBudi, "mau urus sktm");
        REQUIRE(state(kBudi) == State::collect_field);
        auto again = tap(kBudi, "choice:99999999999999", "Kesehatan");
        CHECK(state(kBudi) == State::collect_field);
        CHECK(data(kBudi).draft->fields.empty());
        tap(kBudi, "choice:0", "Pendidikan");
        CHECK(data(kBudi).draft->fields.size() == 1);
    }
    SUBCASE("commands: a complaint asked for, then filed") {
        auto asked = say(kBudi, "aduan");
        CHECK(state(kBudi) == State::complaint_text);
        auto filed = say(kBudi, "Lampu jalan di depan gang 3 mati sejak seminggu");
        CHECK(contains(filed, "Aduan Anda sudah kami terima"));
        CHECK(state(kBudi) == State::idle);
        REQUIRE(data(kBudi).last_complaint);
        CHECK(!data(kBudi).last_complaint->code.empty());
    }
    SUBCASE("a typed number picks from the last list, but not from one offered long ago") {
        say(kBudi, "menu");
        REQUIRE(data(kBudi).offered.size() >= 2);
        CHECK(data(kBudi).offered[1] == "type:sktm");
        say(kBudi, "2");
        CHECK(state(kBudi) == State::collect_field);  // the SKTM's own question
        say(kBudi, "batal");
        say(kBudi, "menu");
        clock.advance(std::chrono::hours(2));
        say(kBudi, "2");
        CHECK(state(kBudi) == State::idle);
        CHECK_FALSE(data(kBudi).draft);
    }
    SUBCASE("commands: a clear command interrupts a question, a tap does not") {
        say(kBudi, "mau urus sktm");
        REQUIRE(state(kBudi) == State::collect_field);
        auto menu = say(kBudi, "menu");
        CHECK(contains(menu, "Berikut layanan"));
        CHECK(state(kBudi) == State::idle);
        CHECK_FALSE(data(kBudi).draft);
    }
}

TEST_CASE_FIXTURE(EngineFixture, "a locked phone is identified by no path, and attempts while locked do not extend the lock") {
    say(kStranger, "mau urus sktm");
    for (const char* date : {"01-01-1990", "02-02-1991", "03-03-1992"}) {
        say(kStranger, kSitiNik);
        say(kStranger, date);
    }
    auto check = store.conversations.identity_check(kStranger);
    REQUIRE(check.locked_until);
    const std::string until = *check.locked_until;

    clock.advance(10min);
    SUBCASE("the right pair written in a request") {
        auto reply = say(kStranger, "mau urus surat domisili, nik 6474035507880002, tanggal lahir 15-07-1988");
        CHECK(contains(reply, "dikunci sementara"));
    }
    SUBCASE("the right pair at the NIK question, stored before the lock") {
        store_conversation(kStranger, "identify_nik", R"({"draft":{"letter_type":"sktm"}})");
        auto reply = say(kStranger, "6474035507880002 15-07-1988");
        CHECK(contains(reply, "dikunci sementara"));
    }
    SUBCASE("the right birth date for a NIK stored before the lock") {
        store_conversation(kStranger, "identify_birth_date", R"({"pending_nik":"6474035507880002"})");
        auto reply = say(kStranger, "15-07-1988");
        CHECK(contains(reply, "dikunci sementara"));
    }
    SUBCASE("the right pair on the newcomer path, stored before the lock") {
        store_conversation(kStranger, "newcomer_birth_date",
                           R"({"draft":{"newcomer":{"name":"Siti Rahma","nik":"6474035507880002"}}})");
        auto reply = say(kStranger, "Samarinda, 15-07-1988");
        CHECK(contains(reply, "dikunci sementara"));
    }
    SUBCASE("wrong pairs written in requests") {
        for (int i = 0; i < 4; ++i) {
            auto reply = say(kStranger, "mau urus surat domisili, nik 6474035507880002, tanggal lahir 0" +
                                            std::to_string(i + 1) + "-01-1990");
            CHECK(contains(reply, "dikunci sementara"));
        }
    }
    CHECK(linked(kStranger) == 0);
    CHECK(store.conversations.identity_check(kStranger).locked_until == until);
    CHECK(state(kStranger) == State::idle);
}

TEST_CASE_FIXTURE(EngineFixture, "a newcomer's NIK is checked as a resident's: its format, and its birth date") {
    say(kStranger, "mau urus surat domisili");
    tap(kStranger, "newcomer", "Saya warga pendatang");
    say(kStranger, "Rina Wati");
    REQUIRE(state(kStranger) == State::newcomer_nik);
    SUBCASE("a malformed NIK gets the precise reason and is asked again") {
        auto short_nik = say(kStranger, "327301570890");
        CHECK(contains(short_nik, "NIK"));
        CHECK(contains(short_nik, "16"));
        CHECK(state(kStranger) == State::newcomer_nik);
        auto bad_month = say(kStranger, "3273015713900002");
        CHECK(contains(bad_month, "Bulan lahir di NIK tidak valid"));
        CHECK(state(kStranger) == State::newcomer_nik);
        CHECK(data(kStranger).draft->newcomer->nik.empty());
    }
    SUBCASE("a birth date the NIK does not encode is a failed check, and the NIK is asked again") {
        say(kStranger, kRinaNik);
        auto mismatch = say(kStranger, "Bandung, 18-08-1990");
        CHECK(contains(mismatch, "belum cocok"));
        CHECK(contains(mismatch, "sisa 2 kali"));
        CHECK(state(kStranger) == State::newcomer_nik);
        CHECK(data(kStranger).draft->newcomer->nik.empty());
        CHECK(data(kStranger).draft->newcomer->birth_date.empty());
        CHECK(store.conversations.identity_check(kStranger).failures == 1);
        say(kStranger, kRinaNik);
        auto address = say(kStranger, "Bandung, 17-08-1990");
        CHECK(contains(address, "alamat tempat tinggal"));
        CHECK(data(kStranger).draft->newcomer->birth_date == "1990-08-17");
    }
    SUBCASE("a NIK in the registry is checked against the registry: a wrong date fails, the right one links") {
        say(kStranger, kSitiNik);
        auto wrong = say(kStranger, "Samarinda, 16-07-1988");
        CHECK(contains(wrong, "belum cocok"));
        CHECK(linked(kStranger) == 0);
        say(kStranger, kSitiNik);
        auto right = say(kStranger, "15-07-1988");
        CHECK(contains(right, "data Anda cocok"));
        CHECK(linked(kStranger) == 1);
    }
    SUBCASE("a birth date after today is refused") {
        say(kStranger, kRinaNik);
        auto future = say(kStranger, "17-08-2090");
        CHECK(contains(future, "tidak boleh sesudah hari ini"));
        CHECK(state(kStranger) == State::newcomer_birth_date);
    }
}

TEST_CASE_FIXTURE(EngineFixture, "a newcomer gives each fact once: the birth place apart only when the date came alone") {
    say(kStranger, "saya Rina Wati, NIK 3273015708900002, mau urus surat domisili untuk melamar kerja");
    auto asked = tap(kStranger, "newcomer", "Saya warga pendatang");
    CHECK(contains(asked, "Terima kasih, Rina Wati"));
    CHECK(contains(asked, "tempat dan tanggal lahir"));
    CHECK(state(kStranger) == State::newcomer_birth_date);
    auto place = say(kStranger, "17 Agustus 1990");
    CHECK(contains(place, "kota atau kabupaten"));
    CHECK(state(kStranger) == State::newcomer_birth_place);
    say(kStranger, "kab. bandung");
    CHECK(data(kStranger).draft->newcomer->birth_place == "Kab. Bandung");
    CHECK(state(kStranger) == State::newcomer_address);
    say(kStranger, "Jl. Pelita No. 5, RT 2");
    auto origin = say(kStranger, "Bandung");
    CHECK(contains(origin, "Alamat asal terlalu singkat"));
    auto summary = say(kStranger, "Jl. Merdeka No. 10, Kota Bandung");
    while (state(kStranger) == State::collect_document) summary = tap(kStranger, "doc:later", "Bawa ke kantor");
    CHECK(state(kStranger) == State::confirm);
    CHECK(contains(summary, "NIK: ************0002"));
    CHECK_FALSE(contains(summary, kRinaNik));
    CHECK(contains(summary, "Tempat/Tgl. Lahir: Kab. Bandung, 17 Agustus 1990"));
    CHECK(contains(summary, "Alamat asal: Jl. Merdeka No. 10, Kota Bandung"));
}

TEST_CASE_FIXTURE(EngineFixture, "a newcomer who writes NIK and birth date with the request is not checked against the registry first") {
    auto asked = say(kStranger, "saya warga pendatang, NIK 3273015708900002 lahir 17-08-1990, mau urus surat domisili");
    CHECK_FALSE(contains(asked, "belum cocok"));
    CHECK(data(kStranger).offered == std::vector<std::string>{"newcomer"});
    tap(kStranger, "newcomer", "Saya warga pendatang");
    CHECK(state(kStranger) == State::newcomer_name);
    auto next = say(kStranger, "Rina Wati");
    CHECK(contains(next, "kota atau kabupaten"));  // NIK and date are known: only the place is missing
    CHECK(data(kStranger).draft->newcomer->nik == kRinaNik);
    CHECK(data(kStranger).draft->newcomer->birth_date == "1990-08-17");
    CHECK(store.conversations.identity_check(kStranger).failures == 0);
}

TEST_CASE_FIXTURE(EngineFixture, "a newcomer is asked a resident fact only when the letter prints it") {
    store_conversation(kStranger, "newcomer_origin",
                       R"({"draft":{"letter_type":"pengantar_nikah","newcomer":{"name":"Rina Wati","address":"Jl. Pelita 5",)"
                       R"("rt":2,"nik":"3273015708900002","birth_date":"1990-08-17","birth_place":"Bandung"}}})");
    auto asked = say(kStranger, "Jl. Merdeka No. 10, Kota Bandung");
    CHECK(contains(asked, "status perkawinan"));
    CHECK(state(kStranger) == State::newcomer_detail);
    tap(kStranger, "choice:0", "Belum Kawin");
    CHECK(data(kStranger).draft->newcomer->details.at("marital_status") == "Belum Kawin");
    CHECK(state(kStranger) == State::collect_field);  // the letter's own questions follow
}

TEST_CASE_FIXTURE(EngineFixture, "a newcomer draft stored by the previous release is asked its NIK before the summary") {
    store_conversation(kStranger, "collect_purpose",
                       R"({"draft":{"letter_type":"domisili","newcomer":{"name":"Rina Wati","address":"Jl. Pelita 5","rt":2}}})");
    auto asked = say(kStranger, "melamar kerja");
    CHECK(contains(asked, "NIK"));
    CHECK(state(kStranger) == State::newcomer_nik);
    CHECK(data(kStranger).draft->purpose == "Melamar kerja");
}

TEST_CASE_FIXTURE(EngineFixture, "each document is asked in turn: a photo answers it, the office visit defers it, an optional one may be skipped") {
    auto first = say(kBudi, "saya mau urus sktm untuk berobat ibu saya di rumah sakit");
    CAPTURE(first);
    CHECK(contains(first, "Dokumen 1 dari 4: *Kartu Keluarga (KK)*\nSilakan kirim foto Kartu Keluarga (KK) Anda"));
    CHECK(state(kBudi) == State::collect_document);
    CHECK(data(kBudi).document == 2);
    CHECK(data(kBudi).offered == std::vector<std::string>{"doc:later"});  // mandatory: it cannot be skipped

    auto after_photo = photo(kBudi, "MEDIA-KK-1");
    CHECK(contains(after_photo, "Foto untuk *Kartu Keluarga (KK)* diterima"));
    CHECK(contains(after_photo, "Dokumen 2 dari 4: *Surat pernyataan tidak mampu bermeterai Rp10.000*"));
    auto drafted = store.attachments.draft(kBudi);
    REQUIRE(drafted.size() == 1);
    REQUIRE(data(kBudi).draft->documents.count(2) == 1);
    CHECK(data(kBudi).draft->documents.at(2) == bot::DocumentAnswer{"sent", drafted[0].id});

    // A promise to send later is no answer; the office visit is.
    auto again = say(kBudi, "nanti saya kirim ya");
    CHECK(contains(again, "Mohon kirim foto atau PDF dokumennya"));
    CHECK(data(kBudi).document == 3);
    auto deferred = say(kBudi, "nanti saya bawa ke kantor");
    CHECK(contains(deferred, "dibawa saat Anda ke kantor kelurahan"));
    CHECK(data(kBudi).draft->documents.at(3).state == "at_office");

    // "tidak ada" does not skip a mandatory document.
    auto mandatory = say(kBudi, "tidak ada");
    CHECK(contains(mandatory, "Dokumen ini wajib"));
    CHECK(data(kBudi).document == 4);
    auto optional = tap(kBudi, "doc:later", "Bawa ke kantor");
    CHECK(contains(optional, "Dokumen 4 dari 4: *Surat dari sekolah/rumah sakit tujuan* (bila ada)"));
    CHECK(data(kBudi).offered == std::vector<std::string>{"doc:later", "doc:skip"});

    auto summary = tap(kBudi, "doc:skip", "Tidak ada");
    CAPTURE(summary);
    CHECK(state(kBudi) == State::confirm);
    CHECK(contains(summary, "Persyaratan:\n"
                            "• Persetujuan Ketua RT setempat: menunggu persetujuan Ketua RT\n"
                            "• KTP-el pemohon: diperiksa petugas\n"
                            "• Kartu Keluarga (KK): terkirim\n"
                            "• Surat pernyataan tidak mampu bermeterai Rp10.000: dibawa ke kantor\n"
                            "• Foto rumah tampak depan: dibawa ke kantor\n"
                            "• Surat dari sekolah/rumah sakit tujuan: tidak ada"));
    CHECK_FALSE(contains(summary, "lainnya"));

    tap(kBudi, "confirm:send", "Kirim");
    CHECK(state(kBudi) == State::idle);
    const auto request_id = test::sql_value(store.db(), "SELECT MAX(id) FROM requests").getInt64();
    auto checklist = store.requirements.for_request(request_id);
    REQUIRE(checklist.size() == 6);
    using domain::RequirementState;
    CHECK(checklist[0].state == RequirementState::check);
    CHECK(checklist[1].state == RequirementState::check);
    CHECK(checklist[2].state == RequirementState::sent);
    CHECK(checklist[2].attachment_id == drafted[0].id);
    CHECK(store.attachments.find(drafted[0].id)->request_id == request_id);
    CHECK(checklist[3].state == RequirementState::at_office);
    CHECK(checklist[4].state == RequirementState::at_office);
    CHECK(checklist[5].state == RequirementState::skipped);
    CHECK_FALSE(checklist[5].mandatory);
    for (const auto& item : checklist) CHECK_FALSE(item.is_ticked());
}

TEST_CASE_FIXTURE(EngineFixture, "at a document question batal still cancels, and nothing is filed") {
    say(kBudi, "saya mau urus sktm untuk berobat ibu saya di rumah sakit");
    REQUIRE(state(kBudi) == State::collect_document);
    auto cancelled = say(kBudi, "batal");
    CHECK(contains(cancelled, "dibatalkan"));
    CHECK(state(kBudi) == State::idle);
    CHECK_FALSE(data(kBudi).draft);
    CHECK(test::sql_value(store.db(), "SELECT COUNT(*) FROM requests").getInt64() == 0);

    // "tidak jadi" holds "tidak" (the optional document's "no"), yet it cancels.
    say(kBudi, "saya mau urus sktm untuk berobat ibu saya di rumah sakit");
    for (int i = 0; i < 3; ++i) tap(kBudi, "doc:later", "Bawa ke kantor");
    REQUIRE(data(kBudi).document == 5);
    CHECK(contains(say(kBudi, "tidak jadi"), "dibatalkan"));
    CHECK(state(kBudi) == State::idle);
}

TEST_CASE_FIXTURE(EngineFixture, "from the summary the documents can be given again, and other edits still return to the summary") {
    say(kBudi, "saya mau urus sktm untuk berobat ibu saya di rumah sakit");
    for (int i = 0; i < 3; ++i) tap(kBudi, "doc:later", "Bawa ke kantor");
    tap(kBudi, "doc:skip", "Tidak ada");
    REQUIRE(state(kBudi) == State::confirm);

    tap(kBudi, "confirm:edit", "Ubah");
    const auto offered = data(kBudi).offered;
    CHECK(std::find(offered.begin(), offered.end(), "edit:documents") != offered.end());
    auto asked = tap(kBudi, "edit:documents", "Dokumen persyaratan", true);
    CHECK(contains(asked, "Dokumen 1 dari 4: *Kartu Keluarga (KK)*"));
    photo(kBudi, "MEDIA-KK-2");
    photo(kBudi, "MEDIA-PERNYATAAN-2");
    tap(kBudi, "doc:later", "Bawa ke kantor");
    auto summary = tap(kBudi, "doc:skip", "Tidak ada");
    CHECK(contains(summary, "• Kartu Keluarga (KK): terkirim"));
    CHECK(contains(summary, "• Surat pernyataan tidak mampu bermeterai Rp10.000: terkirim"));
    CHECK(contains(summary, "• Foto rumah tampak depan: dibawa ke kantor"));

    // Only what is not sent is asked again.
    tap(kBudi, "confirm:edit", "Ubah");
    auto again = tap(kBudi, "edit:documents", "Dokumen persyaratan", true);
    CHECK(contains(again, "Dokumen 3 dari 4: *Foto rumah tampak depan*"));
    tap(kBudi, "doc:later", "Bawa ke kantor");
    tap(kBudi, "doc:skip", "Tidak ada");
    REQUIRE(state(kBudi) == State::confirm);

    tap(kBudi, "confirm:edit", "Ubah");
    tap(kBudi, "edit:purpose", "Keperluan", true);
    auto edited = say(kBudi, "pengobatan di RSUD Taman Husada");
    CHECK(state(kBudi) == State::confirm);
    CHECK(contains(edited, "Keperluan: Pengobatan di RSUD Taman Husada"));
    CHECK(contains(edited, "• Surat pernyataan tidak mampu bermeterai Rp10.000: terkirim"));
}

TEST_SUITE_END();
