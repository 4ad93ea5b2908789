#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "shared/db/store.h"
#include "shared/services/request_service.h"
#include "shared/util/text.h"
#include "shared/util/time.h"
#include "tests/support/bot_harness.h"
#include "tests/support/chat_phone.h"
#include "webhooks/envelope_builder.h"

// RT heads and deputies on WhatsApp against the real bot: the notification on submit, decisions
// by button and by command, the reason asked after a tap, the citizen's correction, permission
// checks, and the follow-up of slow RTs with a moved clock.

TEST_SUITE_BEGIN("e2e");

using namespace ekel;
using namespace std::chrono_literals;
using domain::RequestStatus;
using nlohmann::json;
using test::all_text;
using test::find_code;
using test::has_button;

namespace {

constexpr const char* kBudi = "6281299990000";        // citizen, RT 2, alone in his KK
constexpr const char* kAhmad = "6281234567890";       // citizen, RT 1, head of a KK of three
constexpr const char* kRt1Head = "6281100000011";     // Ahmad Saputra
constexpr const char* kRt1Deputy = "6281100000012";   // Siti Rahma
constexpr const char* kRt2Head = "628110000021";      // Budi Santoso (no deputy)
constexpr const char* kRt3Head = "6281100000031";     // Daeng Baso, RW 2
constexpr const char* kRw1Head = "6281100000100";     // Hasanuddin

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

struct RtFixture : test::ConversationFixture {
    /// Budi files an SKTM; returns its code. The RT 2 head's phone has read the notification.
    std::string budi_files_sktm(test::Phone& budi) {
        budi.defer_documents(budi.say("pagi pak, mau urus sktm untuk berobat ibu saya"));
        auto done = budi.tap("confirm:send", "Kirim");
        std::string code = find_code(all_text(done));
        REQUIRE(!code.empty());
        return code;
    }
    /// As budi_files_sktm, with both inboxes read: what follows is the RT head's decision.
    std::string budi_files_sktm_for(test::Phone& budi, test::Phone& head) {
        std::string code = budi_files_sktm(budi);
        head.inbox();
        budi.inbox();
        return code;
    }
    std::string ahmad_files_domicile(test::Phone& ahmad) {
        auto who = test::list_ids(ahmad.say("saya mau urus surat domisili untuk melamar kerja"));
        REQUIRE(!who.empty());
        auto choose = ahmad.tap(who[0], "Ahmad", true);  // the first row is the sender himself
        choose = ahmad.defer_documents(choose);
        for (int i = 0; i < 6 && !has_button(choose, "confirm:send"); ++i) {
            choose = ahmad.defer_documents(ahmad.say("melamar kerja"));
        }
        REQUIRE(has_button(choose, "confirm:send"));
        std::string code = find_code(all_text(ahmad.tap("confirm:send", "Kirim")));
        REQUIRE(!code.empty());
        return code;
    }
    domain::Request request(const std::string& code) {
        db::Store store(h.config.database.target(), 5000);
        auto found = store.requests.find_by_code(code);
        REQUIRE(found);
        return *found;
    }
    std::vector<domain::RequestEvent> events(const std::string& code) {
        db::Store store(h.config.database.target(), 5000);
        return store.events.list_for(request(code).id);
    }
    int count_events(const std::string& code, const std::string& action) {
        int n = 0;
        for (const auto& e : events(code)) n += e.action == action ? 1 : 0;
        return n;
    }
    /// Moves the clock to a WITA wall-clock time and runs a follow-up pass of the real scheduler.
    void follow_up_at(const std::string& utc) {
        h.clock.set(*parse_utc(utc));
        h.bot->run_follow_up_now();
    }
};

}  // namespace

TEST_CASE_FIXTURE(RtFixture, "the RT head is told of a new request and approves it with one tap") {
    test::Phone budi{h, kBudi};
    test::Phone head{h, kRt2Head};
    std::string code = budi_files_sktm(budi);

    auto notice = head.inbox();
    REQUIRE(notice.size() == 1);
    const std::string text = all_text(notice);
    CHECK(contains(text, "Permohonan baru untuk RT 002"));
    CHECK(contains(text, code));
    CHECK(contains(text, "Surat Keterangan Tidak Mampu"));
    CHECK(contains(text, "Budi Santoso"));
    CHECK(contains(text, "************0004"));   // NIK masked but for the last 4 digits
    CHECK_FALSE(contains(text, "6474030203900004"));
    CHECK(contains(text, "Keperluan:"));
    CHECK(has_button(notice, "rt:approve:" + code));
    CHECK(has_button(notice, "rt:reject:" + code));
    CHECK(has_button(notice, "rt:revise:" + code));

    auto reply = head.tap("rt:approve:" + code, "Setujui");
    CHECK(contains(all_text(reply), "disetujui"));
    CHECK(request(code).status == RequestStatus::rt_approved);
    auto citizen = all_text(budi.inbox());
    CHECK(contains(citizen, "sudah disetujui Ketua RT 002"));
    // The decision, then the requirement it confirms ticked in the same RT head's name.
    const auto history = events(code);
    REQUIRE(history.size() >= 2);
    const auto& decided = history[history.size() - 2];
    CHECK(decided.to_status == RequestStatus::rt_approved);
    CHECK(decided.actor.kind == domain::ActorKind::rt);
    CHECK(decided.actor.id == kRt2Head);
    CHECK(decided.actor.name == "Budi Santoso (Ketua RT 002)");
    CHECK(history.back().action == "requirement_ticked");
    CHECK(history.back().note == "Persetujuan Ketua RT setempat");
    CHECK(history.back().actor.id == kRt2Head);
    // Meta accepted every message as valid: buttons, bodies and titles within its limits.
    CHECK(test::BotHarness::eventually([&] { return h.graph->accepted_messages().size() >= 4; }));
    CHECK(h.graph->validation_errors().empty());
}

TEST_CASE_FIXTURE(RtFixture, "a typed command with a lower-case code approves, and a second approval only reports who did it") {
    test::Phone budi{h, kBudi};
    test::Phone head{h, kRt2Head};
    std::string code = budi_files_sktm(budi);
    head.inbox();

    auto first = head.say("setuju " + to_lower_ascii(code));
    CHECK(contains(all_text(first), "disetujui"));
    CHECK(request(code).status == RequestStatus::rt_approved);

    auto again = head.say("SETUJU " + code);
    CHECK(contains(all_text(again), "sudah disetujui oleh Budi Santoso (Ketua RT 002) pada Jumat, 27 November 2026"));
    auto tapped = head.tap("rt:reject:" + code, "Tolak");  // a late tap on the old message
    CHECK(contains(all_text(tapped), "sudah disetujui oleh"));
    CHECK(count_events(code, "rt_approved") == 1);
    CHECK(count_events(code, "rt_rejected") == 0);
    CHECK(request(code).status == RequestStatus::rt_approved);
}

TEST_CASE_FIXTURE(RtFixture, "a request the citizen cancelled meanwhile is reported as cancelled to the RT") {
    test::Phone budi{h, kBudi};
    test::Phone head{h, kRt2Head};
    std::string code = budi_files_sktm(budi);
    REQUIRE(has_button(budi.say("batal " + code), "cancel:yes"));
    budi.tap("cancel:yes", "Ya, batalkan");
    REQUIRE(request(code).status == RequestStatus::cancelled);

    auto reply = head.tap("rt:approve:" + code, "Setujui");
    CHECK(contains(all_text(reply), "sudah dibatalkan oleh pemohon"));
    CHECK(request(code).status == RequestStatus::cancelled);
    CHECK(count_events(code, "rt_approved") == 0);
}

TEST_CASE_FIXTURE(RtFixture, "rejecting without a reason asks for one and sends it to the citizen") {
    test::Phone budi{h, kBudi};
    test::Phone head{h, kRt2Head};
    std::string code = budi_files_sktm_for(budi, head);

    auto asked = head.tap("rt:reject:" + code, "Tolak");
    CHECK(contains(all_text(asked), "alasan penolakan"));
    CHECK(request(code).status == RequestStatus::submitted);
    CHECK(budi.inbox().empty());

    auto typed = head.say("TOLAK " + code);  // the command without a reason asks too
    CHECK(contains(all_text(typed), "alasan penolakan"));

    auto done = head.say("Yang bersangkutan sudah pindah ke Samarinda sejak Agustus");
    CHECK(contains(all_text(done), "ditolak"));
    auto r = request(code);
    CHECK(r.status == RequestStatus::rt_rejected);
    CHECK(events(code).back().note == "Yang bersangkutan sudah pindah ke Samarinda sejak Agustus");
    auto told = all_text(budi.inbox());
    CHECK(contains(told, "tidak disetujui Ketua RT 002"));
    CHECK(contains(told, "Alasan: Yang bersangkutan sudah pindah ke Samarinda sejak Agustus"));

    // The head's next message is a normal one again, not taken as a reason.
    auto later = head.say("terima kasih");
    CHECK(contains(all_text(later), "Sama-sama"));
}

TEST_CASE_FIXTURE(RtFixture, "a reason that reads like a decision word is still the reason asked for") {
    test::Phone budi{h, kBudi};
    test::Phone head{h, kRt2Head};
    std::string code = budi_files_sktm_for(budi, head);
    head.tap("rt:revise:" + code, "Perbaiki");
    head.say("perbaiki dulu alamatnya");
    CHECK(request(code).status == RequestStatus::needs_revision);
    CHECK(contains(all_text(budi.inbox()), "perbaiki dulu alamatnya"));
}

TEST_CASE_FIXTURE(RtFixture, "Perbaiki sends the RT's note to the citizen, whose correction goes back to the same RT") {
    test::Phone budi{h, kBudi};
    test::Phone head{h, kRt2Head};
    std::string code = budi_files_sktm_for(budi, head);

    auto asked = head.tap("rt:revise:" + code, "Perbaiki");
    CHECK(contains(all_text(asked), "apa yang perlu diperbaiki"));
    head.say("Mohon lampirkan foto KK yang terbaru");
    CHECK(request(code).status == RequestStatus::needs_revision);

    auto note = budi.inbox();
    CHECK(contains(all_text(note), "Catatan Ketua RT 002: Mohon lampirkan foto KK yang terbaru"));
    REQUIRE(has_button(note, "fix:" + code));
    CHECK(has_button(note, "cancelreq:" + code));
    CHECK(contains(all_text(budi.say("status " + code)), "perlu diperbaiki"));

    auto start = budi.tap("fix:" + code, "Kirim perbaikan");
    CHECK(contains(all_text(start), "Mohon lampirkan foto KK yang terbaru"));
    h.graph->add_media("media-kk-baru", "image/jpeg", "JPEGDATA");
    auto photo = budi.photo("media-kk-baru");
    CHECK(contains(all_text(photo), "dilampirkan pada permohonan " + code));
    auto sent = budi.say("Sudah saya kirim foto KK yang baru, pak");
    CHECK(contains(all_text(sent), "sudah kami kirim kembali ke Ketua RT 002"));
    CHECK(request(code).status == RequestStatus::submitted);

    auto again = head.inbox();
    CHECK(contains(all_text(again), "Perbaikan dari pemohon: Sudah saya kirim foto KK yang baru, pak"));
    CHECK(contains(all_text(again), "Lampiran: 1 berkas"));
    CHECK(has_button(again, "rt:approve:" + code));

    // The RT asks for the attachment, gets it as a document, and approves.
    CHECK(test::BotHarness::eventually([&] {
        db::Store store(h.config.database.target(), 5000);
        auto files = store.attachments.for_request(request(code).id);
        return files.size() == 1 && files[0].status == "downloaded";
    }));
    auto files = head.say("lampiran " + code);
    bool document = false;
    for (const auto& m : files) document = document || m.value("kind", "") == "document";
    CHECK(document);
    head.say("SETUJU " + code);
    CHECK(request(code).status == RequestStatus::rt_approved);
    std::vector<std::string> path;
    for (const auto& e : events(code)) {
        if (e.to_status) path.push_back(std::string(domain::to_string(*e.to_status)));
    }
    CHECK(path == std::vector<std::string>{"submitted", "needs_revision", "submitted", "rt_approved"});
}

TEST_CASE_FIXTURE(RtFixture, "the head of another RT and a plain citizen are refused, nothing changes, and the attempts are recorded") {
    test::Phone budi{h, kBudi};
    test::Phone other_head{h, kRt3Head};
    test::Phone ahmad{h, kAhmad};
    std::string code = budi_files_sktm(budi);

    auto refused = other_head.say("SETUJU " + code);
    CHECK(contains(all_text(refused), "tidak ditemukan di antara permohonan RT Anda"));
    // The same words as for a code that does not exist: nothing is revealed.
    auto unknown = other_head.say("SETUJU BLB-2611-0999");
    CHECK(contains(all_text(unknown), "tidak ditemukan di antara permohonan RT Anda"));
    auto peek = other_head.say("INFO " + code);
    CHECK_FALSE(contains(all_text(peek), "Budi Santoso"));
    auto tap = other_head.tap("rt:approve:" + code, "Setujui");  // a forwarded button
    CHECK(contains(all_text(tap), "tidak ditemukan"));

    auto citizen = ahmad.say("setuju " + code);
    CHECK(contains(all_text(citizen), "hanya dapat dipakai oleh Ketua RT"));

    CHECK(request(code).status == RequestStatus::submitted);
    CHECK(count_events(code, "rt_action_refused") == 4);
    for (const auto& e : events(code)) {
        if (e.action == "rt_action_refused" && e.actor.id == kRt3Head) CHECK(e.actor.kind == domain::ActorKind::rt);
        if (e.action == "rt_action_refused" && e.actor.id == kAhmad) CHECK(e.actor.kind == domain::ActorKind::citizen);
    }
}

TEST_CASE_FIXTURE(RtFixture, "the deputy may act, the head then hears who did, and DAFTAR lists what still waits") {
    test::Phone ahmad{h, kAhmad};
    test::Phone head{h, kRt1Head};
    test::Phone deputy{h, kRt1Deputy};
    std::string first = ahmad_files_domicile(ahmad);
    std::string second = ahmad_files_domicile(ahmad);
    CHECK(has_button(deputy.inbox(), "rt:approve:" + first));
    head.inbox();

    auto list = deputy.say("daftar");
    auto ids = test::list_ids(list);
    REQUIRE(ids.size() == 2);
    CHECK(ids[0] == "rt:open:" + first);  // oldest first
    CHECK(ids[1] == "rt:open:" + second);
    auto details = deputy.tap("rt:open:" + first, first, true);
    CHECK(contains(all_text(details), "Ahmad"));
    CHECK(has_button(details, "rt:approve:" + first));

    deputy.tap("rt:approve:" + first, "Setujui");
    CHECK(request(first).status == RequestStatus::rt_approved);
    CHECK(events(first).back().actor.name == "Siti Rahma (Wakil Ketua RT 001)");
    CHECK(contains(all_text(head.inbox()), "sudah disetujui oleh Siti Rahma (Wakil Ketua RT 001)"));
    CHECK(contains(all_text(ahmad.inbox()), "sudah disetujui Wakil Ketua RT 001"));
    auto late = head.say("setuju " + first);
    CHECK(contains(all_text(late), "sudah disetujui oleh Siti Rahma (Wakil Ketua RT 001)"));

    auto rest = test::list_ids(head.say("DAFTAR"));
    CHECK(rest == std::vector<std::string>{"rt:open:" + second});
}

TEST_CASE_FIXTURE(RtFixture, "an RT head is also a citizen, but nobody approves their own request") {
    {
        db::Store store(h.config.database.target(), 5000);
        auto budi = store.residents.find_by_nik("6474030203900004");
        REQUIRE(budi);
        store.residents.add_verified_phone(budi->id, kRt2Head, domain::PhoneVerification::staff, "2026-11-27T01:00:00Z");
    }
    test::Phone head{h, kRt2Head};
    auto summary = head.defer_documents(head.say("mau urus sktm untuk sekolah anak"));
    REQUIRE(has_button(summary, "confirm:send"));
    auto done = head.tap("confirm:send", "Kirim");
    std::string code = find_code(all_text(done));
    REQUIRE(!code.empty());
    // RT 2 has no deputy: the request goes to the staff queue at once, not to the head himself.
    CHECK(contains(all_text(done), "petugas kelurahan akan memeriksa dan memproses"));
    CHECK_FALSE(has_button(done, "rt:approve:" + code));
    CHECK(request(code).escalated_at.has_value());
    {
        db::Store store(h.config.database.target(), 5000);
        auto notices = store.notices.list_open(10);
        REQUIRE(notices.size() == 1);
        CHECK(contains(notices[0].text, "diajukan oleh pengurus RT 002 sendiri"));
    }
    auto refused = head.say("setuju " + code);
    CHECK(contains(all_text(refused), "Anda ajukan sendiri"));
    CHECK(request(code).status == RequestStatus::submitted);
    CHECK(contains(all_text(head.say("status " + code)), "menunggu persetujuan Ketua RT"));
    CHECK(test::list_ids(head.say("daftar")).empty());
}

TEST_CASE_FIXTURE(RtFixture, "an RT head clearing a backlog with 25 quick taps is not muted as a flood") {
    std::vector<std::string> codes;
    {
        db::Store store(h.config.database.target(), 5000);
        services::RequestService requests(store, h.clock, h.config.kelurahan);
        auto rt = store.rts.find_by_number(1);
        REQUIRE(rt);
        for (int i = 0; i < 25; ++i) {
            services::NewRequest r;
            r.applicant_name = "Warga " + std::to_string(i);
            r.applicant_phone = "62813000000" + std::to_string(10 + i);
            r.letter_type = "domisili";
            r.purpose = "melamar kerja";
            r.rt_id = rt->id;
            codes.push_back(requests.submit(r, {domain::ActorKind::citizen, r.applicant_phone}).code);
        }
    }
    std::vector<messaging::InboundMessage> taps;
    for (std::size_t i = 0; i < codes.size(); ++i) {
        auto m = whatsapp::text_message(kRt1Head, "wamid.burst." + std::to_string(i), "", 1764200000, "Ketua RT");
        m.kind = messaging::InboundKind::button_reply;
        m.reply_id = "rt:approve:" + codes[i];
        m.text = "Setujui";
        taps.push_back(m);
    }
    auto before = h.bot->processed_messages();
    REQUIRE(h.post_messages(taps) == 200);
    REQUIRE(test::BotHarness::eventually([&] { return h.bot->processed_messages() >= before + taps.size(); }));
    for (const auto& code : codes) CHECK(request(code).status == RequestStatus::rt_approved);
    test::Phone head{h, kRt1Head};
    CHECK_FALSE(contains(all_text(head.inbox()), "terlalu banyak"));
}

TEST_CASE_FIXTURE(RtFixture, "a slow RT is reminded after 8 office hours, escalated after 24, and gets a morning digest; nights and holidays are quiet") {
    // Tuesday 1 December 2026 is a holiday in this test.
    h.bot->stop();
    h.config.workflow.holidays = {"2026-12-01"};
    h.restart();

    test::Phone ahmad{h, kAhmad};
    test::Phone head{h, kRt1Head};
    test::Phone deputy{h, kRt1Deputy};
    test::Phone rw_head{h, kRw1Head};
    std::string code = ahmad_files_domicile(ahmad);  // Friday 27 November, 10:0x WITA
    head.inbox();
    deputy.inbox();
    ahmad.inbox();

    follow_up_at("2026-11-27T12:00:00Z");  // Friday 20:00 WITA: night
    follow_up_at("2026-11-28T02:00:00Z");  // Saturday 10:00 WITA: day off
    CHECK(head.inbox().empty());

    follow_up_at("2026-11-29T23:30:00Z");  // Monday 07:30 WITA: digest time, office not open yet
    auto digest = head.inbox();
    REQUIRE(digest.size() == 1);
    CHECK(contains(all_text(digest), "Selamat pagi, Bapak/Ibu Ahmad Saputra"));
    CHECK(contains(all_text(digest), "1 permohonan menunggu persetujuan Anda di RT 001, tertua 3 hari"));
    CHECK(has_button(digest, "rt:list"));
    follow_up_at("2026-11-30T01:00:00Z");  // Monday 09:00 WITA: 7 office hours so far
    CHECK(head.inbox().empty());           // no second digest, no reminder yet

    follow_up_at("2026-11-30T02:10:00Z");  // Monday 10:10 WITA: past 8 office hours
    auto reminder = head.inbox();
    REQUIRE(reminder.size() == 1);
    CHECK(contains(all_text(reminder), "Pengingat"));
    CHECK(has_button(reminder, "rt:approve:" + code));
    CHECK(has_button(deputy.inbox(), "rt:approve:" + code));
    CHECK(count_events(code, "rt_reminded") == 1);
    follow_up_at("2026-11-30T05:00:00Z");  // a later pass does not remind again
    CHECK(head.inbox().empty());
    CHECK(ahmad.inbox().empty());  // the citizen hears nothing of reminders

    follow_up_at("2026-12-01T02:00:00Z");  // the holiday: no digest, no escalation
    follow_up_at("2026-12-01T07:00:00Z");
    CHECK(head.inbox().empty());
    follow_up_at("2026-12-02T07:00:00Z");  // Wednesday 15:00 WITA: 21 office hours (not 29: the holiday)
    auto wednesday = all_text(head.inbox());
    CHECK(contains(wednesday, "tertua 5 hari"));  // Wednesday's digest (sent in this first pass of the day)
    CHECK_FALSE(contains(wednesday, "kami teruskan ke kelurahan"));
    CHECK(request(code).escalated_at == std::nullopt);

    follow_up_at("2026-12-03T03:00:00Z");  // Thursday 11:00 WITA: 25 office hours
    CHECK(request(code).escalated_at.has_value());
    CHECK(contains(all_text(rw_head.inbox()), "belum ditanggapi Ketua RT 001 (Ahmad Saputra)"));
    CHECK(contains(all_text(ahmad.inbox()), "sudah kami teruskan ke petugas kelurahan"));
    CHECK(contains(all_text(head.inbox()), "kami teruskan ke kelurahan"));
    CHECK(count_events(code, "escalated") == 1);
    {
        db::Store store(h.config.database.target(), 5000);
        auto notices = store.notices.list_open(10);
        REQUIRE(notices.size() == 1);
        CHECK(notices[0].request_id == request(code).id);
    }
    follow_up_at("2026-12-03T05:00:00Z");
    CHECK(count_events(code, "escalated") == 1);

    // The RT can still decide; the staff notice is then closed.
    h.clock.set(*parse_utc("2026-12-03T05:30:00Z"));
    head.say("setuju " + code);
    CHECK(request(code).status == RequestStatus::rt_approved);
    db::Store store(h.config.database.target(), 5000);
    CHECK(store.notices.list_open(10).empty());
}

TEST_SUITE_END();
