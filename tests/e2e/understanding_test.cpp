// How the bot answers people as they really write (issue 13): typed choices, RT decisions in
// their own words, messages that are no request, questions, waiting, complaints only when
// confirmed, unclear messages and a person asked for. Signed webhooks against the real bot.
#include <doctest/doctest.h>

#include <algorithm>

#include "shared/db/connection.h"
#include "shared/db/store.h"
#include "tests/support/bot_harness.h"
#include "tests/support/chat_phone.h"

TEST_SUITE_BEGIN("e2e");

using namespace ekel;
using test::all_text;
using test::ConversationFixture;
using test::find_code;
using test::has_button;
using test::list_ids;

namespace {

constexpr const char* kBudi = "6281299990000";    // verified; alone in his KK; RT 2
constexpr const char* kRt2Head = "628110000021";  // Budi Santoso's RT head (no deputy)

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

struct UnderstandingFixture : ConversationFixture {
    std::string budi_files_sktm(test::Phone& budi) {
        budi.defer_documents(budi.say("pagi pak, mau urus sktm untuk berobat ibu saya"));
        std::string code = find_code(all_text(budi.tap("confirm:send", "Kirim")));
        REQUIRE(!code.empty());
        return code;
    }
    domain::RequestStatus status_of(const std::string& code) {
        db::Store store(h.config.database.target(), 5000);
        return store.requests.find_by_code(code)->status;
    }
    int events(const std::string& code, const std::string& action) {
        db::Store store(h.config.database.target(), 5000);
        int n = 0;
        for (const auto& e : store.events.list_for(store.requests.find_by_code(code)->id)) n += e.action == action;
        return n;
    }
    std::int64_t scalar(const std::string& sql) {
        db::Store store(h.config.database.target(), 5000);
        db::Statement q(store.db(), sql);
        q.executeStep();
        return q.getColumn(0).getInt64();
    }
};

}  // namespace

TEST_CASE_FIXTURE(UnderstandingFixture, "a typed number picks the row or button of the last list, and words answer yes") {
    test::Phone budi{h, kBudi};
    auto menu = budi.say("menu");
    const auto rows = list_ids(menu);
    REQUIRE(rows.size() >= 2);
    // "2" after the menu is its second letter type, not "belum memahami".
    auto second = budi.say("2");
    CHECK_FALSE(contains(all_text(second), "belum memahami"));
    CHECK(rows[1] == "type:sktm");
    // The SKTM asks what for, with buttons; "yang pertama" taps the first.
    auto purpose = budi.say("yang pertama");
    CHECK_FALSE(contains(all_text(purpose), "belum memahami"));
    // Whatever came next, "ya" or "1" at the summary sends it.
    purpose = budi.defer_documents(purpose);
    for (int i = 0; i < 4 && !has_button(purpose, "confirm:send"); ++i) {
        purpose = budi.defer_documents(budi.say("berobat ibu saya"));
    }
    REQUIRE(has_button(purpose, "confirm:send"));
    auto sent = budi.say("1");
    CHECK_FALSE(find_code(all_text(sent)).empty());
}

TEST_CASE_FIXTURE(UnderstandingFixture, "RT heads decide in their own words, with a loosely typed code or none") {
    test::Phone budi{h, kBudi};
    test::Phone head{h, kRt2Head};
    const std::string code = budi_files_sktm(budi);
    head.inbox();
    // Without a code, the only request waiting is offered for one tap, with the reason kept.
    auto offer = head.say("tidak setuju pak, orangnya sudah pindah");
    CHECK(contains(all_text(offer), "Maksud Anda menolak permohonan *" + code + "*"));
    REQUIRE(has_button(offer, "rt:reject:" + code));
    CHECK(status_of(code) == domain::RequestStatus::submitted);
    auto rejected = head.tap("rt:reject:" + code, "Ya, tolak");
    CHECK(status_of(code) == domain::RequestStatus::rt_rejected);
    CHECK(contains(all_text(budi.inbox()), "orangnya sudah pindah"));

    // A code typed with spaces and words around it; "pindah" in the reason is no moving letter.
    const std::string second = budi_files_sktm(budi);
    head.inbox();
    const std::string loose = "blb " + second.substr(4, 4) + " " + std::to_string(std::stoi(second.substr(9)));
    auto approved = head.say("oke saya setujui ya pak " + loose + " 🙏");
    CHECK(contains(all_text(approved), "disetujui"));
    CHECK(status_of(second) == domain::RequestStatus::rt_approved);
}

TEST_CASE_FIXTURE(UnderstandingFixture, "a decision word from a citizen between flows is no RT command") {
    test::Phone budi{h, kBudi};
    auto reply = budi.say("setuju");
    CHECK_FALSE(contains(all_text(reply), "tidak kami temukan"));
    CHECK(scalar("SELECT COUNT(*) FROM request_events WHERE action = 'rt_action_refused'") == 0);
}

TEST_CASE_FIXTURE(UnderstandingFixture, "condolences, other institutions and spam start no request") {
    test::Phone budi{h, kBudi};
    auto condolence = budi.say("turut berduka atas meninggalnya ibunda pak lurah, semoga husnul khotimah");
    CHECK(contains(all_text(condolence), "Terima kasih atas pesannya"));
    auto police = budi.say("syarat bikin skck di polres apa aja ya?");
    CHECK(contains(all_text(police), "kepolisian"));
    auto spam = budi.say("pinjaman dana cepat tanpa agunan, klik link bit.ly/dana");
    CHECK(spam.empty());
    CHECK(scalar("SELECT COUNT(*) FROM requests") == 0);
    db::Store store(h.config.database.target(), 5000);
    CHECK(store.conversations.find(kBudi)->state == "idle");
}

TEST_CASE_FIXTURE(UnderstandingFixture, "a question is answered from the catalogue with a button to start") {
    test::Phone budi{h, kBudi};
    auto answer = budi.say("syarat surat keterangan usaha apa aja pak?");
    CHECK(contains(all_text(answer), "Syarat *Surat Keterangan Usaha*"));
    REQUIRE(has_button(answer, "type:usaha"));
    auto fee = budi.say("bikin sktm bayar ga?");
    CHECK(contains(all_text(fee), "gratis"));
    auto started = budi.tap("type:sktm", "Ajukan sekarang");
    CHECK(contains(all_text(started), "SKTM ini untuk bidang apa"));
}

TEST_CASE_FIXTURE(UnderstandingFixture, "waiting shows the status and offers to remind the RT once a day") {
    test::Phone budi{h, kBudi};
    test::Phone head{h, kRt2Head};
    const std::string code = budi_files_sktm(budi);
    head.inbox();
    auto status = budi.say("kok belum ada kabar ya pak");
    CHECK(contains(all_text(status), code));
    CHECK(scalar("SELECT COUNT(*) FROM complaints") == 0);
    REQUIRE(has_button(status, "remind:" + code));
    auto reminded = budi.tap("remind:" + code, "Ingatkan RT");
    CHECK(contains(all_text(reminded), "sudah kami ingatkan"));
    CHECK(contains(all_text(head.inbox()), code));
    auto again = budi.tap("remind:" + code, "Ingatkan RT");
    CHECK(contains(all_text(again), "sudah kami ingatkan hari ini"));
    CHECK(head.inbox().empty());
    CHECK(events(code, "citizen_reminder") == 1);
}

TEST_CASE_FIXTURE(UnderstandingFixture, "a complaint is filed only after the citizen confirms it") {
    test::Phone budi{h, kBudi};
    auto ask = budi.say("aduan: lampu jalan di gang 3 mati sudah seminggu");
    REQUIRE(has_button(ask, "complaint:yes"));
    CHECK(scalar("SELECT COUNT(*) FROM complaints") == 0);
    auto filed = budi.tap("complaint:yes", "Kirim aduan");
    CHECK(contains(all_text(filed), "ADU-"));
    CHECK(scalar("SELECT COUNT(*) FROM complaints") == 1);

    auto second = budi.say("petugasnya kasar sekali tadi pagi");
    REQUIRE(has_button(second, "complaint:yes"));
    auto kept = budi.say("tidak");
    CHECK(contains(all_text(kept), "tidak kami catat"));
    CHECK(scalar("SELECT COUNT(*) FROM complaints") == 1);
}

TEST_CASE_FIXTURE(UnderstandingFixture, "asking for a person leaves a notice for staff with the recent messages") {
    test::Phone budi{h, kBudi};
    budi.say("halo pak");
    auto handed = budi.say("bisa bicara dengan petugas?");
    CHECK(contains(all_text(handed), "sudah kami teruskan ke petugas"));
    db::Store store(h.config.database.target(), 5000);
    const auto notices = store.notices.list_open(10);
    REQUIRE(notices.size() == 1);
    CHECK(notices[0].kind == "citizen_handoff");
    CHECK(contains(notices[0].text, kBudi));
    CHECK(contains(notices[0].text, "halo pak"));
}

TEST_SUITE_END();

TEST_SUITE_BEGIN("e2e");

TEST_CASE_FIXTURE(UnderstandingFixture, "a correction after Perbaiki changes the stored value and the RT sees before and after") {
    test::Phone budi{h, kBudi};
    test::Phone head{h, kRt2Head};
    const std::string code = budi_files_sktm(budi);  // "untuk berobat": Kesehatan
    head.inbox();
    head.say("PERBAIKI " + code + " bidangnya harusnya pendidikan");
    auto told = budi.inbox();
    REQUIRE(has_button(told, "fix:" + code));
    auto parts = budi.tap("fix:" + code, "Kirim perbaikan");
    const auto rows = list_ids(parts);
    REQUIRE(std::find(rows.begin(), rows.end(), "fixfield:keperluan_sktm") != rows.end());
    auto asked = budi.tap("fixfield:keperluan_sktm", "Bidang keperluan", true);
    CHECK(contains(all_text(asked), "SKTM ini untuk bidang apa"));
    auto sent = budi.tap("choice:0", "Pendidikan");
    CHECK(contains(all_text(sent), "sudah kami kirim kembali"));
    db::Store store(h.config.database.target(), 5000);
    const auto request = *store.requests.find_by_code(code);
    CHECK(request.status == domain::RequestStatus::submitted);
    CHECK(contains(request.fields_json, "\"keperluan_sktm\":\"Pendidikan\""));
    CHECK(contains(all_text(head.inbox()), "Bidang keperluan: Kesehatan → Pendidikan"));
}

TEST_SUITE_END();

TEST_SUITE_BEGIN("e2e");

TEST_CASE_FIXTURE(UnderstandingFixture, "a newcomer's name, NIK and RT given in the first message are not asked again") {
    test::Phone rudi{h, "6281366660000"};
    auto ask = rudi.say("selamat siang, saya Rudi Hartono, nik 3273011208850003, warga baru di RT 3, mau urus surat "
                        "domisili untuk melamar kerja");
    REQUIRE(has_button(ask, "newcomer"));
    auto birth = rudi.tap("newcomer", "Saya warga pendatang");
    CHECK(contains(all_text(birth), "Terima kasih, Rudi Hartono"));
    CHECK(contains(all_text(birth), "tempat dan tanggal lahir"));
    CHECK_FALSE(contains(all_text(birth), "NIK"));
    auto address = rudi.say("Bandung, 12-08-1985");
    CHECK(contains(all_text(address), "alamat tempat tinggal"));
    auto origin = rudi.say("Jl. Mawar Gang 2 No. 7");
    CHECK_FALSE(contains(all_text(origin), "RT berapa"));
    CHECK(contains(all_text(origin), "alamat asal"));
    auto next = rudi.defer_documents(rudi.say("Jl. Sudirman No. 1, Kota Bandung"));
    REQUIRE(has_button(next, "confirm:send"));
    CHECK(contains(all_text(next), "Rudi Hartono (warga pendatang)"));
    CHECK(contains(all_text(next), "************0003"));
    CHECK(contains(all_text(next), "RT 003"));
    // Each question was asked once.
    const std::string all = all_text(ask) + all_text(birth) + all_text(address) + all_text(origin) + all_text(next);
    CHECK(all.find("nama lengkap") == std::string::npos);
    CHECK(all.find("16 angka sesuai KTP, juga") == std::string::npos);
}

TEST_SUITE_END();

TEST_SUITE_BEGIN("e2e");

TEST_CASE_FIXTURE(UnderstandingFixture, "two letters in one message: the first is filed, then the second is offered") {
    test::Phone budi{h, kBudi};
    auto summary = budi.defer_documents(budi.say("pagi pak, mau urus sktm sama surat domisili sekalian untuk berobat ibu"));
    REQUIRE(has_button(summary, "confirm:send"));
    CHECK(contains(all_text(summary), "Surat Keterangan Tidak Mampu"));
    auto filed = budi.tap("confirm:send", "Kirim");
    CHECK_FALSE(find_code(all_text(filed)).empty());
    REQUIRE(has_button(filed, "type:domisili"));
    auto second = budi.tap("type:domisili", "Ajukan juga");
    CHECK_FALSE(contains(all_text(second), "belum memahami"));
}

TEST_SUITE_END();

TEST_SUITE_BEGIN("e2e");

TEST_CASE_FIXTURE(UnderstandingFixture,
                  "business name, kind and year written in the first message are not asked again") {
    test::Phone budi{h, kBudi};
    auto asked = budi.say(
        "mau urus sku untuk pinjaman bank. usaha saya bengkel motor, namanya Bengkel Jaya Abadi, "
        "sejak tahun 2019");
    const std::string text = all_text(asked);
    CHECK(contains(text, "alamat tempat usahanya"));
    CHECK_FALSE(contains(text, "nama usaha"));
    auto summary = budi.defer_documents(budi.say("Jl. Brigjen Katamso No. 5, RT 2"));
    REQUIRE(has_button(summary, "confirm:send"));
    const std::string shown = all_text(summary);
    CHECK(contains(shown, "Bengkel Jaya Abadi"));
    CHECK(contains(shown, "bengkel motor"));
    CHECK(contains(shown, "2019"));
}

TEST_CASE_FIXTURE(UnderstandingFixture, "a letter's own name is no business name or kind") {
    test::Phone budi{h, kBudi};
    auto asked = budi.say("mau urus surat keterangan usaha saya untuk modal");
    CHECK(contains(all_text(asked), "Apa nama usaha"));
}

TEST_SUITE_END();
