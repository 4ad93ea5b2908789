#include <doctest/doctest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "shared/db/store.h"
#include "shared/services/registry_import.h"
#include "shared/util/text.h"
#include "tests/support/bot_harness.h"
#include "tests/support/chat_phone.h"
#include "webhooks/envelope_builder.h"

TEST_SUITE_BEGIN("e2e");

using namespace ekel;
using test::all_text;
using test::ConversationFixture;
using test::find_code;
using test::has_button;
using test::list_ids;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

constexpr const char* kBudi = "6281299990000";   // verified; alone in his KK; RT 2
constexpr const char* kAhmad = "6281234567890";  // verified; head of a KK of three; RT 1
constexpr const char* kSitiNik = "6474035507880002";  // Ahmad's wife, born 15-07-1988

}  // namespace

TEST_CASE_FIXTURE(ConversationFixture, "a verified resident files an SKTM in one message, the documents and a confirmation") {
    test::Phone budi{h, kBudi};
    auto summary = budi.defer_documents(budi.say("Selamat pagi pak, saya mau urus sktm untuk berobat ibu saya di rumah sakit"));
    REQUIRE(has_button(summary, "confirm:send"));
    CHECK(all_text(summary).find("Surat Keterangan Tidak Mampu") != std::string::npos);
    CHECK(all_text(summary).find("Kesehatan") != std::string::npos);
    CHECK(all_text(summary).find("************0004") != std::string::npos);  // NIK masked
    auto done = budi.tap("confirm:send", "Kirim");
    std::string code = find_code(all_text(done));
    REQUIRE(!code.empty());
    CHECK(all_text(done).find("Ketua RT 002") != std::string::npos);
    db::Store store(h.config.database.target(), 5000);
    auto request = store.requests.find_by_code(code);
    REQUIRE(request);
    CHECK(request->letter_type == "sktm");
    CHECK(request->status == domain::RequestStatus::submitted);
    CHECK(request->applicant_name == "Budi Santoso");
    CHECK(store.rts.find_by_id(request->rt_id)->number == 2);
    CHECK(json::parse(request->fields_json)["keperluan_sktm"] == "Kesehatan");
    CHECK(store.events.list_for(request->id).size() == 1);

    // Status by code, typed in lower case; another phone learns nothing.
    auto status = budi.say("status " + to_lower_ascii(code));
    CHECK(all_text(status).find("menunggu persetujuan Ketua RT") != std::string::npos);
    test::Phone stranger{h, "6281355550000"};
    auto hidden = stranger.say("status " + code);
    CHECK(all_text(hidden).find("tidak kami temukan") != std::string::npos);
    CHECK(all_text(hidden).find("Tidak Mampu") == std::string::npos);
}

TEST_CASE_FIXTURE(ConversationFixture, "an unknown phone is linked to a resident by NIK and birth date") {
    test::Phone phone{h, "6281277770000"};
    auto ask = phone.say("mau urus surat domisili");
    CHECK(all_text(ask).find("NIK") != std::string::npos);
    auto ask_date = phone.say(kSitiNik);
    CHECK(all_text(ask_date).find("tanggal lahir") != std::string::npos);
    auto linked = phone.say("15-07-1988");
    CHECK(all_text(linked).find("data Anda cocok") != std::string::npos);
    // Siti's KK has three members: she is asked who the letter is for.
    CHECK(list_ids(linked).size() == 3);
    CHECK(count("SELECT COUNT(*) FROM resident_phones WHERE phone = '6281277770000' AND verified_by = 'nik_birth_date'") == 1);
}

TEST_CASE_FIXTURE(ConversationFixture, "three wrong birth dates lock the phone and reveal nothing about the NIK") {
    test::Phone phone{h, "6281288880000"};
    phone.say("mau urus sktm");
    phone.say(kSitiNik);
    auto first = all_text(phone.say("01-01-1990"));
    CHECK(first.find("belum cocok") != std::string::npos);
    CHECK(first.find("Siti") == std::string::npos);
    // A NIK that is valid but not in the registry gets the very same answer.
    phone.say("6474030101950007");
    auto second = all_text(phone.say("01-01-1990"));
    auto normalise = [](std::string s) {
        auto at = s.find("sisa ");
        return at == std::string::npos ? s : s.substr(0, at);
    };
    CHECK(normalise(first) == normalise(second));
    phone.say(kSitiNik);
    auto locked = all_text(phone.say("02-02-1991"));
    CHECK(locked.find("dikunci sementara") != std::string::npos);
    // Even the right answer is refused while locked.
    auto still = all_text(phone.say("mau urus sktm"));
    CHECK(still.find("dikunci sementara") != std::string::npos);
    CHECK(count("SELECT COUNT(*) FROM resident_phones WHERE phone = '6281288880000'") == 0);
    // An hour later the phone may try again.
    h.clock.advance(61min);
    auto again = all_text(phone.say("mau urus sktm"));
    CHECK(again.find("NIK") != std::string::npos);
}

namespace {

/// Three wrong birth dates for Siti's NIK: the phone is locked for an hour from the third.
void lock_phone(test::Phone& phone) {
    phone.say("mau urus sktm");
    for (const char* date : {"01-01-1990", "02-02-1991", "03-03-1992"}) {
        phone.say(kSitiNik);
        phone.say(date);
    }
}

std::string locked_until(ConversationFixture& f, const std::string& phone) {
    db::Store store(f.h.config.database.target(), 5000);
    return store.conversations.identity_check(phone).locked_until.value_or("");
}

}  // namespace

TEST_CASE_FIXTURE(ConversationFixture, "a locked phone is not identified by NIK and birth date written in a request") {
    test::Phone phone{h, "6281288880001"};
    lock_phone(phone);
    REQUIRE(!locked_until(*this, phone.number).empty());
    auto reply = all_text(phone.say("mau urus surat domisili, nik 6474035507880002, tanggal lahir 15-07-1988"));
    CHECK(reply.find("dikunci sementara") != std::string::npos);
    CHECK(reply.find("cocok") == std::string::npos);
    CHECK(count("SELECT COUNT(*) FROM resident_phones WHERE phone = '6281288880001'") == 0);
}

TEST_CASE_FIXTURE(ConversationFixture, "a locked phone at the NIK question is not identified by NIK and date together") {
    test::Phone phone{h, "6281288880002"};
    auto asked = all_text(phone.say("mau urus sktm"));
    REQUIRE(asked.find("NIK") != std::string::npos);
    // The phone is locked (by attempts elsewhere) while its conversation waits at the NIK question.
    {
        db::Store store(h.config.database.target(), 5000);
        store.db().exec("INSERT INTO identity_checks (sender_key, failures, locked_until, updated_at) VALUES "
                        "('6281288880002', 0, '2026-11-27T05:00:00Z', '2026-11-27T02:00:00Z')");
    }
    auto reply = all_text(phone.say("6474035507880002 15-07-1988"));
    CHECK(reply.find("dikunci sementara") != std::string::npos);
    CHECK(reply.find("cocok") == std::string::npos);
    CHECK(count("SELECT COUNT(*) FROM resident_phones WHERE phone = '6281288880002'") == 0);
}

TEST_CASE_FIXTURE(ConversationFixture, "attempts made while locked do not extend the lock") {
    test::Phone phone{h, "6281288880003"};
    lock_phone(phone);
    const std::string until = locked_until(*this, phone.number);
    REQUIRE(!until.empty());
    h.clock.advance(30min);
    for (const char* date : {"01-01-1990", "02-02-1991", "03-03-1992", "04-04-1993"}) {
        auto reply = all_text(phone.say(std::string("mau urus surat domisili, nik 6474035507880002, tanggal lahir ") + date));
        CHECK(reply.find("dikunci sementara") != std::string::npos);
    }
    CHECK(locked_until(*this, phone.number) == until);
    // When the lock ends the phone may try again, and the right pair links it.
    h.clock.advance(31min);
    auto again = all_text(phone.say("mau urus sktm"));
    CHECK(again.find("NIK") != std::string::npos);
    phone.say(kSitiNik);
    auto linked = all_text(phone.say("15-07-1988"));
    CHECK(linked.find("cocok") != std::string::npos);
    CHECK(count("SELECT COUNT(*) FROM resident_phones WHERE phone = '6281288880003'") == 1);
}

TEST_CASE_FIXTURE(ConversationFixture, "missing details are asked one at a time and a bad answer is asked again") {
    test::Phone budi{h, kBudi};
    auto q1 = all_text(budi.say("pak mau bikin surat keterangan usaha"));
    CHECK(q1.find("nama usaha") != std::string::npos);
    budi.say("Warung Makan Barokah");
    budi.say("Warung makan");
    budi.say("Jl. Pelita No. 5");
    auto year = all_text(budi.say("dua ribu sembilan belas"));
    CHECK(year.find("angka") != std::string::npos);
    auto purpose = all_text(budi.say("2019"));
    CHECK(purpose.find("keperluan") != std::string::npos);
    auto summary = budi.defer_documents(budi.say("pinjaman KUR ke bank"));
    REQUIRE(has_button(summary, "confirm:send"));
    CHECK(all_text(summary).find("Warung Makan Barokah") != std::string::npos);
    CHECK(all_text(summary).find("2019") != std::string::npos);
}

TEST_CASE_FIXTURE(ConversationFixture, "a resident can request a letter for a member of the same family") {
    test::Phone ahmad{h, kAhmad};
    auto who = ahmad.say("assalamualaikum, mau urus sktm buat sekolah anak");
    auto ids = list_ids(who);
    REQUIRE(ids.size() == 3);
    db::Store store(h.config.database.target(), 5000);
    auto child = store.residents.find_by_nik("7371014404100003");
    REQUIRE(child);
    auto summary = ahmad.defer_documents(ahmad.tap("applicant:" + std::to_string(child->id), "Nur Aisyah", true));
    REQUIRE(has_button(summary, "confirm:send"));
    CHECK(all_text(summary).find("Nur Aisyah") != std::string::npos);
    CHECK(all_text(summary).find("Pendidikan") != std::string::npos);
    auto done = ahmad.tap("confirm:send", "Kirim");
    auto request = store.requests.find_by_code(find_code(all_text(done)));
    REQUIRE(request);
    CHECK(request->resident_id == child->id);
    CHECK(request->applicant_phone == kAhmad);
}

TEST_CASE_FIXTURE(ConversationFixture, "a photo sent during a request is attached to it and downloaded") {
    h.graph->add_media("MEDIA-KTP-1", "image/jpeg", std::string("\xFF\xD8\xFF\xE0 fake jpeg", 14));
    test::Phone budi{h, kBudi};
    budi.say("mau urus sktm untuk berobat");
    auto got = budi.photo("MEDIA-KTP-1");
    CHECK(all_text(got).find("Foto untuk *Kartu Keluarga (KK)* diterima") != std::string::npos);
    REQUIRE(has_button(budi.defer_documents(got), "confirm:send"));
    auto done = budi.tap("confirm:send", "Kirim");
    db::Store store(h.config.database.target(), 5000);
    auto request = store.requests.find_by_code(find_code(all_text(done)));
    REQUIRE(request);
    REQUIRE(test::BotHarness::eventually([&] {
        auto files = store.attachments.for_request(request->id);
        return files.size() == 1 && files[0].status == "downloaded";
    }));
    auto file = store.attachments.for_request(request->id)[0];
    CHECK(std::filesystem::exists(file.path));
    CHECK(file.path.find("media") != std::string::npos);
}

TEST_CASE_FIXTURE(ConversationFixture, "cancelling in the middle of a request files nothing") {
    test::Phone budi{h, kBudi};
    budi.say("mau urus surat keterangan usaha");
    auto cancelled = all_text(budi.say("batal"));
    CHECK(cancelled.find("dibatalkan") != std::string::npos);
    CHECK(count("SELECT COUNT(*) FROM requests") == 0);
    auto fresh = budi.say("halo");
    CHECK(all_text(fresh).find("Selamat datang") != std::string::npos);
}

TEST_CASE_FIXTURE(ConversationFixture, "requirements, office information and complaints are answered at any time") {
    test::Phone phone{h, "6281344440000"};
    auto syarat = all_text(phone.say("apa saja syarat surat domisili?"));
    CHECK(syarat.find("Syarat *Surat Keterangan Domisili*") != std::string::npos);
    CHECK(syarat.find("gratis") != std::string::npos);
    auto hours = all_text(phone.say("jam buka kantor kelurahan?"));
    CHECK(hours.find("08.00") != std::string::npos);
    auto ask = phone.say("aduan lampu jalan di gang mawar mati sudah seminggu");
    CHECK(has_button(ask, "complaint:yes"));  // filed only once confirmed
    auto complaint = all_text(phone.tap("complaint:yes", "Kirim aduan"));
    CHECK(complaint.find("ADU-2611-0001") != std::string::npos);
    CHECK(count("SELECT COUNT(*) FROM complaints WHERE text LIKE '%lampu jalan%'") == 1);
}

TEST_CASE_FIXTURE(ConversationFixture, "a restart of the bot in the middle of a conversation resumes it") {
    test::Phone budi{h, kBudi};
    auto q1 = all_text(budi.say("mau urus surat keterangan usaha"));
    CHECK(q1.find("nama usaha") != std::string::npos);
    h.restart();
    auto q2 = all_text(budi.say("Warung Makan Barokah"));
    CHECK(q2.find("bidang apa") != std::string::npos);  // the next question: the business line
}

TEST_CASE_FIXTURE(ConversationFixture, "a filed request is cancelled by code only after confirmation") {
    test::Phone budi{h, kBudi};
    budi.defer_documents(budi.say("mau urus sktm untuk berobat"));
    std::string code = find_code(all_text(budi.tap("confirm:send", "Kirim")));
    REQUIRE(!code.empty());
    auto ask = budi.say("batal " + to_lower_ascii(code));
    REQUIRE(has_button(ask, "cancel:yes"));
    auto kept = all_text(budi.tap("cancel:no", "Tidak"));
    CHECK(kept.find("tidak dibatalkan") != std::string::npos);
    budi.say("batal " + code);
    auto done = all_text(budi.tap("cancel:yes", "Ya, batalkan"));
    CHECK(done.find("sudah dibatalkan") != std::string::npos);
    db::Store store(h.config.database.target(), 5000);
    auto request = store.requests.find_by_code(code);
    CHECK(request->status == domain::RequestStatus::cancelled);
    CHECK(store.events.list_for(request->id).back().actor.kind == domain::ActorKind::citizen);
    auto again = all_text(budi.say("batal " + code));
    CHECK(again.find("tidak dapat dibatalkan") != std::string::npos);
}

TEST_CASE_FIXTURE(ConversationFixture, "a newcomer not in the registry files a request with NIK, birth, address, RT and origin") {
    test::Phone phone{h, "6281366660000"};
    phone.say("mau urus surat domisili, saya baru pindah");
    auto name = all_text(phone.tap("newcomer", "Saya warga pendatang"));
    CHECK(name.find("nama lengkap") != std::string::npos);
    auto nik = all_text(phone.say("rina marlina"));
    CHECK(nik.find("Terima kasih, Rina Marlina") != std::string::npos);
    CHECK(nik.find("NIK") != std::string::npos);
    auto bad_nik = all_text(phone.say("3273015708900"));
    CHECK(bad_nik.find("NIK harus 16 angka") != std::string::npos);
    auto birth = all_text(phone.say("3273015708900002"));
    CHECK(birth.find("tempat dan tanggal lahir") != std::string::npos);
    auto address = all_text(phone.say("Bandung, 17-08-1990"));
    CHECK(address.find("alamat tempat tinggal") != std::string::npos);
    phone.say("Jl. Pelita Gg. Melati No. 9");
    auto wrong_rt = all_text(phone.say("RT 40"));
    CHECK(wrong_rt.find("tidak ada") != std::string::npos);
    auto origin = all_text(phone.say("rt 3"));
    CHECK(origin.find("alamat asal") != std::string::npos);
    auto next = phone.defer_documents(phone.say("Jl. Merdeka No. 10, Kel. Sukajadi, Kota Bandung"));
    auto summary = has_button(next, "confirm:send") ? next : phone.defer_documents(phone.say("melamar kerja"));
    REQUIRE(has_button(summary, "confirm:send"));
    const std::string shown = all_text(summary);
    CHECK(shown.find("Rina Marlina (warga pendatang)") != std::string::npos);
    CHECK(shown.find("NIK: ************0002") != std::string::npos);
    CHECK(shown.find("3273015708900002") == std::string::npos);
    CHECK(shown.find("Tempat/Tgl. Lahir: Bandung, 17 Agustus 1990") != std::string::npos);
    CHECK(shown.find("Alamat asal: Jl. Merdeka No. 10, Kel. Sukajadi, Kota Bandung") != std::string::npos);
    auto done = phone.tap("confirm:send", "Kirim");
    db::Store store(h.config.database.target(), 5000);
    auto request = store.requests.find_by_code(find_code(all_text(done)));
    REQUIRE(request);
    CHECK_FALSE(request->resident_id.has_value());
    CHECK(store.rts.find_by_id(request->rt_id)->number == 3);
    const json fields = json::parse(request->fields_json);
    CHECK(fields["pendatang_alamat"] == "Jl. Pelita Gg. Melati No. 9");
    CHECK(fields["pendatang_nik"] == "3273015708900002");
    CHECK(fields["pendatang_tempat_lahir"] == "Bandung");
    CHECK(fields["pendatang_tanggal_lahir"] == "1990-08-17");
    CHECK(fields["pendatang_alamat_asal"] == "Jl. Merdeka No. 10, Kel. Sukajadi, Kota Bandung");
}

TEST_CASE_FIXTURE(ConversationFixture, "a conversation idle for half an hour is closed and the next message starts fresh") {
    test::Phone budi{h, kBudi};
    budi.say("mau urus surat keterangan usaha");
    h.clock.advance(31min);
    auto fresh = all_text(budi.say("halo"));
    CHECK(fresh.find("sudah kami tutup") != std::string::npos);
    CHECK(fresh.find("Selamat datang") != std::string::npos);
}

TEST_SUITE_END();
