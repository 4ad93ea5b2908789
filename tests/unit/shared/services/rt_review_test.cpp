#include <doctest/doctest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "shared/config/letter_types.h"
#include "shared/db/store.h"
#include "shared/db/write_transaction.h"
#include "shared/services/request_service.h"
#include "shared/services/requirement_checklist.h"
#include "shared/services/rt_review.h"
#include "shared/util/time.h"
#include "tests/support/test_config.h"

TEST_SUITE_BEGIN("services");

using namespace ekel;
using domain::RequestStatus;
using services::RtDecision;
using services::RtOutcome;

namespace {

constexpr const char* kHeadPhone = "6281100000011";
constexpr const char* kDeputyPhone = "6281100000012";
constexpr const char* kOtherHeadPhone = "6281100000021";
constexpr const char* kCitizenPhone = "6281234567890";
constexpr const char* kStrangerPhone = "6281299999999";
constexpr const char* kNik = "6474011234567890";

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

struct RtReviewFixture : test::TempDatabase {
    RtReviewFixture()
        : store(config.database.target(), config.database.busy_timeout_ms),
          clock(*parse_utc("2026-11-27T02:00:00Z")),
          catalog(config::load_letter_types(test::repo_path("config/letter_types.toml"))),
          requests(store, clock, config.kelurahan),
          review(store, clock, config, catalog) {
        const std::string now = format_utc(clock.now());
        domain::Rw rw;
        rw.number = 1;
        rw.head_name = "Pak RW";
        rw.head_phone = "6281100000001";
        const auto rw_id = store.rts.upsert_rw(rw);

        domain::Rt rt;
        rt.number = 1;
        rt.rw_id = rw_id;
        rt.head_name = "Budi Santoso";
        rt.head_phone = kHeadPhone;
        rt.deputy_name = "Siti Rahma";
        rt.deputy_phone = kDeputyPhone;
        rt_id = store.rts.upsert_rt(rt, now);

        domain::Rt other;
        other.number = 2;
        other.rw_id = rw_id;
        other.head_name = "Andi Wijaya";
        other.head_phone = kOtherHeadPhone;
        other_rt_id = store.rts.upsert_rt(other, now);

        domain::Resident resident;
        resident.nik = kNik;
        resident.kk = "6474010000000001";
        resident.full_name = "Warga Contoh";
        resident.sex = 'P';
        resident.birth_place = "Bontang";
        resident.birth_date = domain::CivilDate{1990, 1, 1};
        resident.religion = "Islam";
        resident.marital_status = "Kawin";
        resident.occupation = "Wiraswasta";
        resident.address = "Jl. Belimbing No. 1";
        resident.rt_id = rt_id;
        db::WriteTransaction tx(store.db());
        store.residents.upsert(resident, now);
        tx.commit();
        resident_id = resident.id;
    }

    domain::Request submit(std::int64_t rt, bool with_resident = true) {
        services::NewRequest r;
        if (with_resident) r.resident_id = resident_id;
        r.applicant_name = "Warga Contoh";
        r.applicant_phone = kCitizenPhone;
        r.letter_type = "sktm";
        r.fields_json = R"({"keperluan_sktm":"Pendidikan"})";
        r.purpose = "sekolah anak";
        r.rt_id = rt;
        return requests.submit(r, citizen);
    }

    domain::Request submit_and_notify() {
        auto request = submit(rt_id);
        db::WriteTransaction tx(store.db());
        review.notify_submitted(request);
        tx.commit();
        return request;
    }

    RtOutcome decide(const std::string& code, RtDecision decision, const std::string& phone,
                     const std::string& note = "") {
        db::WriteTransaction tx(store.db());
        auto outcome = review.decide(code, decision, phone, note);
        tx.commit();
        return outcome;
    }

    std::vector<nlohmann::json> messages_to(const std::string& phone) {
        std::vector<nlohmann::json> out;
        for (const auto& row : store.outbox.list_for_recipient(phone, 0, 50)) {
            out.push_back(nlohmann::json::parse(row.payload_json));
        }
        return out;
    }

    static std::vector<std::string> button_ids(const nlohmann::json& message) {
        std::vector<std::string> ids;
        for (const auto& b : message.at("buttons")) ids.push_back(b.at("id").get<std::string>());
        return ids;
    }

    std::vector<domain::RequestEvent> events_named(std::int64_t request_id, const std::string& action) {
        std::vector<domain::RequestEvent> out;
        for (const auto& e : store.events.list_for(request_id)) {
            if (e.action == action) out.push_back(e);
        }
        return out;
    }

    RequestStatus stored_status(std::int64_t request_id) { return store.requests.find_by_id(request_id)->status; }

    db::Store store;
    ManualClock clock;
    config::LetterCatalog catalog;
    services::RequestService requests;
    services::RtReview review;
    std::int64_t rt_id = 0;
    std::int64_t other_rt_id = 0;
    std::int64_t resident_id = 0;
    domain::Actor citizen{domain::ActorKind::citizen, kCitizenPhone, "Warga Contoh"};
};

}  // namespace

TEST_CASE_FIXTURE(RtReviewFixture, "the head and the deputy of an RT are recognised with their role names") {
    auto head = services::officer_roles(store, kHeadPhone);
    REQUIRE(head.size() == 1);
    CHECK(head[0].rt.id == rt_id);
    CHECK(head[0].role == "Ketua RT 001");
    CHECK(head[0].actor.kind == domain::ActorKind::rt);
    CHECK(head[0].actor.id == kHeadPhone);
    CHECK(head[0].actor.name == "Budi Santoso (Ketua RT 001)");

    auto deputy = services::officer_roles(store, kDeputyPhone);
    REQUIRE(deputy.size() == 1);
    CHECK(deputy[0].role == "Wakil Ketua RT 001");
    CHECK(deputy[0].actor.name == "Siti Rahma (Wakil Ketua RT 001)");

    auto other = services::officer_roles(store, kOtherHeadPhone);
    REQUIRE(other.size() == 1);
    CHECK(other[0].rt.id == other_rt_id);
    CHECK(other[0].role == "Ketua RT 002");
}

TEST_CASE_FIXTURE(RtReviewFixture, "a phone that serves no RT has no roles") {
    CHECK(services::officer_roles(store, kCitizenPhone).empty());
    CHECK(services::officer_roles(store, "").empty());
}

TEST_CASE("RT labels, decision buttons and the unknown-request reply have fixed forms") {
    CHECK(services::rt_label(1) == "RT 001");
    CHECK(services::rt_label(12) == "RT 012");
    auto buttons = services::decision_buttons("BLB-2611-0001");
    REQUIRE(buttons.size() == 3);
    CHECK(buttons[0].id == "rt:approve:BLB-2611-0001");
    CHECK(buttons[0].title == "Setujui");
    CHECK(buttons[1].id == "rt:reject:BLB-2611-0001");
    CHECK(buttons[1].title == "Tolak");
    CHECK(buttons[2].id == "rt:revise:BLB-2611-0001");
    CHECK(buttons[2].title == "Perbaiki");
    auto reply = services::unknown_request_reply("  blb-2611-0042 ");
    CHECK(reply.find("*BLB-2611-0042*") != std::string::npos);
    CHECK(reply.find("tidak ditemukan") != std::string::npos);
}

TEST_CASE_FIXTURE(RtReviewFixture, "a new request reaches the RT head and deputy with decision buttons and a masked NIK") {
    auto request = submit_and_notify();

    for (const char* phone : {kHeadPhone, kDeputyPhone}) {
        CAPTURE(phone);
        auto messages = messages_to(phone);
        REQUIRE(messages.size() == 1);
        const auto& m = messages[0];
        CHECK(m.at("kind") == "buttons");
        CHECK(button_ids(m) == std::vector<std::string>{"rt:approve:" + request.code, "rt:reject:" + request.code,
                                                        "rt:revise:" + request.code});
        const std::string text = m.at("text").get<std::string>();
        CHECK(contains(text, "Permohonan baru untuk RT 001"));
        CHECK(contains(text, request.code));
        CHECK(contains(text, "Surat Keterangan Tidak Mampu"));
        CHECK(contains(text, "Warga Contoh"));
        CHECK(contains(text, "************7890"));
        CHECK_FALSE(contains(text, kNik));
        CHECK_FALSE(contains(text, "647401"));
        CHECK(contains(text, "Bidang keperluan: Pendidikan"));
    }
    CHECK(messages_to(kOtherHeadPhone).empty());
    CHECK(messages_to(kCitizenPhone).empty());
}

TEST_CASE_FIXTURE(RtReviewFixture, "the RT's notification lists each document: sent, brought to the office or not had") {
    std::int64_t photo_id = 0;
    {
        db::WriteTransaction tx(store.db());
        db::Attachment photo;
        photo.sender_key = kCitizenPhone;
        photo.kind = "image";
        photo.media_id = "MEDIA-KK";
        photo_id = store.attachments.add_to_draft(photo, format_utc(clock.now()));
        tx.commit();
    }
    services::NewRequest r;
    r.resident_id = resident_id;
    r.applicant_name = "Warga Contoh";
    r.applicant_phone = kCitizenPhone;
    r.letter_type = "sktm";
    r.fields_json = R"({"keperluan_sktm":"Pendidikan"})";
    // A long purpose: the details give way, the checklist and the commands stay whole.
    r.purpose = std::string(400, 'x');
    r.rt_id = rt_id;
    using domain::RequirementState;
    r.requirements = services::initial_checklist(*catalog.find("sktm"), {{2, {RequirementState::sent, photo_id}},
                                                                         {4, {RequirementState::at_office, std::nullopt}},
                                                                         {5, {RequirementState::skipped, std::nullopt}}});
    auto request = requests.submit(r, citizen);
    {
        db::WriteTransaction tx(store.db());
        review.notify_submitted(request);
        tx.commit();
    }
    auto messages = messages_to(kHeadPhone);
    REQUIRE(messages.size() == 1);
    const std::string text = messages[0].at("text").get<std::string>();
    CAPTURE(text);
    CHECK(contains(text, "Dokumen persyaratan:\n"
                         "• Kartu Keluarga (KK): terkirim\n"
                         "• Surat pernyataan tidak mampu bermeterai Rp10.000: dibawa ke kantor\n"
                         "• Foto rumah tampak depan: dibawa ke kantor\n"
                         "• Surat dari sekolah/rumah sakit tujuan: tidak ada"));
    // Staff's own checks are not the RT's business.
    CHECK_FALSE(contains(text, "KTP-el pemohon"));
    CHECK(contains(text, "*PERBAIKI " + request.code + " <catatan>*"));
    CHECK(text.size() <= 1000);
}

TEST_CASE_FIXTURE(RtReviewFixture, "another person's NIK in a letter field is masked for the RT too") {
    services::NewRequest r;
    r.applicant_name = "Pendatang Baru";
    r.applicant_phone = kCitizenPhone;
    r.letter_type = "kematian";
    r.fields_json = R"({"nama_almarhum":"Almarhum Contoh","nik_almarhum":"6474019876543210"})";
    r.purpose = "mengurus akta kematian";
    r.rt_id = rt_id;
    auto request = requests.submit(r, citizen);

    const std::string text = review.describe_for_rt(request);
    CHECK(contains(text, "warga pendatang"));
    CHECK(contains(text, "Almarhum Contoh"));
    CHECK(contains(text, "************3210"));
    CHECK_FALSE(contains(text, "6474019876543210"));
}

TEST_CASE_FIXTURE(RtReviewFixture, "the RT sees a newcomer's masked NIK, birth and origin, and the full number to call") {
    services::NewRequest r;
    r.applicant_name = "Rina Marlina";
    r.applicant_phone = kCitizenPhone;
    r.letter_type = "domisili";
    r.fields_json = R"({"pendatang_alamat":"Jl. Kenari No. 5","pendatang_nik":"3273015708900002",)"
                    R"("pendatang_tempat_lahir":"Bandung","pendatang_tanggal_lahir":"1990-08-17",)"
                    R"("pendatang_alamat_asal":"Jl. Merdeka No. 10, Kota Bandung"})";
    r.purpose = "melamar kerja";
    r.rt_id = rt_id;
    auto request = requests.submit(r, citizen);

    const std::string text = review.describe_for_rt(request);
    CHECK(contains(text, "NIK: ************0002"));
    CHECK_FALSE(contains(text, "3273015708900002"));
    CHECK(contains(text, "Tempat/Tgl. Lahir: Bandung, 17 Agustus 1990"));
    CHECK(contains(text, "Alamat: Jl. Kenari No. 5"));
    CHECK(contains(text, "Alamat asal: Jl. Merdeka No. 10, Kota Bandung"));
    CHECK(contains(text, "Telepon pemohon: +6281234567890 (https://wa.me/6281234567890)"));
}

TEST_CASE_FIXTURE(RtReviewFixture, "the head's approval moves the request on and tells the citizen and the deputy") {
    auto request = submit_and_notify();
    clock.advance(std::chrono::hours(1));

    auto outcome = decide(request.code, RtDecision::approve, kHeadPhone);
    CHECK(outcome.kind == RtOutcome::Kind::done);
    REQUIRE(outcome.request);
    CHECK(outcome.request->status == RequestStatus::rt_approved);
    CHECK(contains(outcome.reply, request.code));
    CHECK(contains(outcome.reply, "disetujui"));
    CHECK(stored_status(request.id) == RequestStatus::rt_approved);
    CHECK(store.requests.find_by_id(request.id)->rt_decided_at == std::optional<std::string>("2026-11-27T03:00:00Z"));

    auto approvals = events_named(request.id, "rt_approved");
    REQUIRE(approvals.size() == 1);
    CHECK(approvals[0].actor.kind == domain::ActorKind::rt);
    CHECK(approvals[0].actor.id == kHeadPhone);
    CHECK(approvals[0].actor.name == "Budi Santoso (Ketua RT 001)");
    CHECK(approvals[0].from_status == RequestStatus::submitted);

    auto to_citizen = messages_to(kCitizenPhone);
    REQUIRE(to_citizen.size() == 1);
    CHECK(to_citizen[0].at("kind") == "text");
    CHECK(contains(to_citizen[0].at("text").get<std::string>(), request.code));
    CHECK(contains(to_citizen[0].at("text").get<std::string>(), "disetujui Ketua RT 001"));

    auto to_deputy = messages_to(kDeputyPhone);
    REQUIRE(to_deputy.size() == 2);  // the notification, then the colleague's decision
    CHECK(to_deputy[1].at("kind") == "text");
    CHECK(contains(to_deputy[1].at("text").get<std::string>(), "sudah disetujui oleh Budi Santoso (Ketua RT 001)"));
    // The head answered in the chat; he gets no extra message.
    CHECK(messages_to(kHeadPhone).size() == 1);
}

TEST_CASE_FIXTURE(RtReviewFixture, "the deputy's approval is told to the head under the deputy's name") {
    auto request = submit_and_notify();
    auto outcome = decide(request.code, RtDecision::approve, kDeputyPhone);
    CHECK(outcome.kind == RtOutcome::Kind::done);
    auto approvals = events_named(request.id, "rt_approved");
    REQUIRE(approvals.size() == 1);
    CHECK(approvals[0].actor.name == "Siti Rahma (Wakil Ketua RT 001)");
    auto to_head = messages_to(kHeadPhone);
    REQUIRE(to_head.size() == 2);
    CHECK(contains(to_head[1].at("text").get<std::string>(), "sudah disetujui oleh Siti Rahma (Wakil Ketua RT 001)"));
    CHECK(messages_to(kDeputyPhone).size() == 1);
}

TEST_CASE_FIXTURE(RtReviewFixture, "the approving officer is told how many other requests still wait") {
    auto first = submit_and_notify();
    submit_and_notify();
    auto outcome = decide(first.code, RtDecision::approve, kHeadPhone);
    CHECK(contains(outcome.reply, "Masih ada 1 permohonan lain menunggu"));
}

TEST_CASE_FIXTURE(RtReviewFixture, "reject or revise without a reason asks for one and changes nothing") {
    auto request = submit_and_notify();
    const auto events_before = store.events.list_for(request.id).size();

    for (auto decision : {RtDecision::reject, RtDecision::revise}) {
        for (const char* note : {"", "   ", " ok "}) {
            CAPTURE(note);
            auto outcome = decide(request.code, decision, kHeadPhone, note);
            CHECK(outcome.kind == RtOutcome::Kind::reason_required);
            CHECK(contains(outcome.reply, request.code));
        }
    }
    auto reject = decide(request.code, RtDecision::reject, kHeadPhone);
    CHECK(contains(reject.reply, "alasan penolakan"));
    auto revise = decide(request.code, RtDecision::revise, kHeadPhone);
    CHECK(contains(revise.reply, "apa yang perlu diperbaiki"));

    CHECK(stored_status(request.id) == RequestStatus::submitted);
    CHECK(store.events.list_for(request.id).size() == events_before);
    CHECK(messages_to(kCitizenPhone).empty());
    CHECK(messages_to(kDeputyPhone).size() == 1);
}

TEST_CASE_FIXTURE(RtReviewFixture, "a rejection with a reason closes the request and passes the reason on") {
    auto request = submit_and_notify();
    auto outcome = decide(request.code, RtDecision::reject, kHeadPhone, "  Bukan warga RT kami  ");
    CHECK(outcome.kind == RtOutcome::Kind::done);
    auto stored = store.requests.find_by_id(request.id);
    CHECK(stored->status == RequestStatus::rt_rejected);
    CHECK(stored->closed_at.has_value());
    auto rejections = events_named(request.id, "rt_rejected");
    REQUIRE(rejections.size() == 1);
    CHECK(rejections[0].note == "Bukan warga RT kami");
    auto to_citizen = messages_to(kCitizenPhone);
    REQUIRE(to_citizen.size() == 1);
    CHECK(contains(to_citizen[0].at("text").get<std::string>(), "Alasan: Bukan warga RT kami"));
}

TEST_CASE_FIXTURE(RtReviewFixture, "a second decision is answered with who decided first, and records nothing new") {
    auto request = submit_and_notify();
    decide(request.code, RtDecision::approve, kHeadPhone);
    const auto events_after_first = store.events.list_for(request.id).size();
    const auto citizen_messages = messages_to(kCitizenPhone).size();

    clock.advance(std::chrono::hours(2));
    auto again = decide(request.code, RtDecision::approve, kDeputyPhone);
    CHECK(again.kind == RtOutcome::Kind::already_decided);
    CHECK(contains(again.reply, "sudah disetujui oleh Budi Santoso (Ketua RT 001)"));
    CHECK(contains(again.reply, "Jumat, 27 November 2026 pukul 10.00 WITA"));

    auto reject = decide(request.code, RtDecision::reject, kHeadPhone, "berubah pikiran");
    CHECK(reject.kind == RtOutcome::Kind::already_decided);
    CHECK(stored_status(request.id) == RequestStatus::rt_approved);

    CHECK(events_named(request.id, "rt_approved").size() == 1);
    CHECK(store.events.list_for(request.id).size() == events_after_first);
    CHECK(messages_to(kCitizenPhone).size() == citizen_messages);
}

TEST_CASE_FIXTURE(RtReviewFixture, "an officer of another RT is refused with the neutral reply and the refusal is recorded") {
    auto request = submit_and_notify();
    auto outcome = decide(request.code, RtDecision::approve, kOtherHeadPhone);
    CHECK(outcome.kind == RtOutcome::Kind::unknown);
    CHECK(outcome.reply == services::unknown_request_reply(request.code));
    CHECK(stored_status(request.id) == RequestStatus::submitted);
    CHECK(events_named(request.id, "rt_approved").empty());

    auto refusals = events_named(request.id, "rt_action_refused");
    REQUIRE(refusals.size() == 1);
    CHECK(refusals[0].actor.kind == domain::ActorKind::rt);
    CHECK(refusals[0].actor.id == kOtherHeadPhone);
    CHECK(contains(refusals[0].note, "SETUJU"));
    CHECK(contains(refusals[0].note, "bukan pengurus RT permohonan ini"));
    CHECK_FALSE(refusals[0].to_status.has_value());
    CHECK(messages_to(kCitizenPhone).empty());
}

TEST_CASE_FIXTURE(RtReviewFixture, "a phone that is no RT officer may not decide, and the attempt is recorded") {
    auto request = submit_and_notify();
    auto outcome = decide(request.code, RtDecision::reject, kStrangerPhone, "tidak kenal");
    CHECK(outcome.kind == RtOutcome::Kind::unknown);
    CHECK(outcome.reply == "Perintah ini hanya dapat dipakai oleh Ketua RT atau Wakil Ketua RT yang terdaftar.");
    CHECK(stored_status(request.id) == RequestStatus::submitted);

    auto refusals = events_named(request.id, "rt_action_refused");
    REQUIRE(refusals.size() == 1);
    CHECK(refusals[0].actor.kind == domain::ActorKind::citizen);
    CHECK(refusals[0].actor.id == kStrangerPhone);
    CHECK(contains(refusals[0].note, "TOLAK"));
    CHECK(contains(refusals[0].note, "nomor ini bukan pengurus RT"));
}

TEST_CASE_FIXTURE(RtReviewFixture, "an unknown code gets the neutral reply and no event") {
    auto request = submit_and_notify();
    auto outcome = decide("BLB-2611-9999", RtDecision::approve, kHeadPhone);
    CHECK(outcome.kind == RtOutcome::Kind::unknown);
    CHECK(outcome.reply == services::unknown_request_reply("BLB-2611-9999"));
    CHECK(store.events.list_for(request.id).size() == 1);
}

TEST_CASE_FIXTURE(RtReviewFixture, "a request the citizen cancelled is answered as cancelled") {
    auto request = submit_and_notify();
    clock.advance(std::chrono::minutes(30));
    requests.change_status(request.id, RequestStatus::cancelled, citizen, "salah pilih");
    const auto events_before = store.events.list_for(request.id).size();

    auto outcome = decide(request.code, RtDecision::approve, kHeadPhone);
    CHECK(outcome.kind == RtOutcome::Kind::cancelled);
    CHECK(contains(outcome.reply, "sudah dibatalkan oleh pemohon"));
    CHECK(contains(outcome.reply, "pukul 10.30 WITA"));
    CHECK(stored_status(request.id) == RequestStatus::cancelled);
    CHECK(store.events.list_for(request.id).size() == events_before);
}

TEST_CASE_FIXTURE(RtReviewFixture, "sending a request back gives the citizen fix and cancel buttons and keeps the note") {
    auto request = submit_and_notify();
    auto outcome = decide(request.code, RtDecision::revise, kDeputyPhone, "Foto KK belum jelas");
    CHECK(outcome.kind == RtOutcome::Kind::done);
    CHECK(stored_status(request.id) == RequestStatus::needs_revision);

    auto to_citizen = messages_to(kCitizenPhone);
    REQUIRE(to_citizen.size() == 1);
    CHECK(to_citizen[0].at("kind") == "buttons");
    CHECK(button_ids(to_citizen[0]) == std::vector<std::string>{"fix:" + request.code, "cancelreq:" + request.code});
    CHECK(contains(to_citizen[0].at("text").get<std::string>(), "Foto KK belum jelas"));

    auto to_head = messages_to(kHeadPhone);
    REQUIRE(to_head.size() == 2);
    CHECK(contains(to_head[1].at("text").get<std::string>(),
                   "dikembalikan untuk diperbaiki oleh Siti Rahma (Wakil Ketua RT 001)"));

    auto stored = store.requests.find_by_id(request.id);
    CHECK(review.revision_note(*stored) == "Foto KK belum jelas");
    CHECK(review.revision_note(request) == "Foto KK belum jelas");

    auto again = decide(request.code, RtDecision::approve, kHeadPhone);
    CHECK(again.kind == RtOutcome::Kind::already_decided);
    CHECK(contains(again.reply, "menunggu perbaikan"));
}

TEST_CASE_FIXTURE(RtReviewFixture, "a request never sent back has no revision note") {
    auto request = submit_and_notify();
    CHECK(review.revision_note(request).empty());
}

TEST_CASE_FIXTURE(RtReviewFixture, "a corrected request goes back to the RT with a fresh waiting time") {
    auto request = submit_and_notify();
    {
        db::WriteTransaction tx(store.db());
        review.send_reminders({request});
        tx.commit();
    }
    REQUIRE(store.requests.find_by_id(request.id)->rt_reminded_at.has_value());
    decide(request.code, RtDecision::revise, kHeadPhone, "Foto KK belum jelas");
    const auto head_before = messages_to(kHeadPhone).size();

    clock.advance(std::chrono::hours(3));
    domain::Request updated;
    {
        db::WriteTransaction tx(store.db());
        updated = review.resubmit(*store.requests.find_by_id(request.id), citizen, "  Sudah saya kirim ulang foto KK ");
        tx.commit();
    }
    CHECK(updated.status == RequestStatus::submitted);
    auto stored = store.requests.find_by_id(request.id);
    CHECK(stored->status == RequestStatus::submitted);
    CHECK(stored->rt_pending_since == std::optional<std::string>("2026-11-27T05:00:00Z"));
    CHECK_FALSE(stored->rt_reminded_at.has_value());

    auto resubmitted = events_named(request.id, "submitted");
    REQUIRE(resubmitted.size() == 2);
    CHECK(resubmitted[1].from_status == RequestStatus::needs_revision);
    CHECK(resubmitted[1].note == "Sudah saya kirim ulang foto KK");

    for (const char* phone : {kHeadPhone, kDeputyPhone}) {
        CAPTURE(phone);
        auto messages = messages_to(phone);
        REQUIRE_FALSE(messages.empty());
        const auto& last = messages.back();
        CHECK(last.at("kind") == "buttons");
        CHECK(button_ids(last) == std::vector<std::string>{"rt:approve:" + request.code, "rt:reject:" + request.code,
                                                           "rt:revise:" + request.code});
        CHECK(contains(last.at("text").get<std::string>(), "Perbaikan dari pemohon: Sudah saya kirim ulang foto KK"));
    }
    CHECK(messages_to(kHeadPhone).size() == head_before + 1);

    // The RT can decide again.
    auto outcome = decide(request.code, RtDecision::approve, kHeadPhone);
    CHECK(outcome.kind == RtOutcome::Kind::done);
}

TEST_CASE_FIXTURE(RtReviewFixture, "staff may decide on behalf of the RT only with a reason") {
    auto request = submit_and_notify();
    const domain::Actor staff{domain::ActorKind::staff, "operator", "Rina"};
    const auto events_before = store.events.list_for(request.id).size();

    RtOutcome without;
    {
        db::WriteTransaction tx(store.db());
        without = review.decide_on_behalf(request.id, RtDecision::approve, staff, "  ");
        tx.commit();
    }
    CHECK(without.kind == RtOutcome::Kind::reason_required);
    CHECK(stored_status(request.id) == RequestStatus::submitted);
    CHECK(store.events.list_for(request.id).size() == events_before);

    RtOutcome with;
    {
        db::WriteTransaction tx(store.db());
        with = review.decide_on_behalf(request.id, RtDecision::approve, staff, "RT tidak dapat dihubungi");
        tx.commit();
    }
    CHECK(with.kind == RtOutcome::Kind::done);
    CHECK(stored_status(request.id) == RequestStatus::rt_approved);
    auto approvals = events_named(request.id, "rt_approved");
    REQUIRE(approvals.size() == 1);
    CHECK(approvals[0].actor.kind == domain::ActorKind::staff);
    CHECK(approvals[0].actor.id == "operator");
    CHECK(approvals[0].actor.name == "Rina (petugas kelurahan atas nama Ketua RT 001)");
    CHECK(approvals[0].note == "RT tidak dapat dihubungi");

    // Both RT officers learn that the kelurahan decided for them.
    for (const char* phone : {kHeadPhone, kDeputyPhone}) {
        CAPTURE(phone);
        auto messages = messages_to(phone);
        REQUIRE(messages.size() == 2);
        CHECK(contains(messages[1].at("text").get<std::string>(), "sudah disetujui oleh Rina"));
    }
    REQUIRE(messages_to(kCitizenPhone).size() == 1);

    RtOutcome missing;
    {
        db::WriteTransaction tx(store.db());
        missing = review.decide_on_behalf(987654, RtDecision::approve, staff, "alasan apa saja");
        tx.commit();
    }
    CHECK(missing.kind == RtOutcome::Kind::unknown);
}

TEST_CASE_FIXTURE(RtReviewFixture, "an RT decision resolves the open staff notice about the request") {
    auto request = submit_and_notify();
    auto unrelated = submit_and_notify();
    {
        db::WriteTransaction tx(store.db());
        for (auto id : {request.id, unrelated.id}) {
            db::StaffNotice notice;
            notice.kind = "rt_escalation";
            notice.request_id = id;
            notice.text = "belum ditanggapi";
            notice.created_at = format_utc(clock.now());
            store.notices.add(notice);
        }
        tx.commit();
    }
    REQUIRE(store.notices.list_open(10).size() == 2);

    decide(request.code, RtDecision::approve, kHeadPhone);
    auto open = store.notices.list_open(10);
    REQUIRE(open.size() == 1);
    CHECK(open[0].request_id == unrelated.id);
}

TEST_CASE_FIXTURE(RtReviewFixture, "an officer sees the requests waiting for the RTs they serve, longest waiting first") {
    auto first = submit(rt_id);
    clock.advance(std::chrono::hours(1));
    auto second = submit(rt_id);
    auto elsewhere = submit(other_rt_id);
    clock.advance(std::chrono::hours(1));
    auto decided = submit(rt_id);
    decide(decided.code, RtDecision::approve, kHeadPhone);

    auto waiting = review.awaiting(kDeputyPhone, 10);
    REQUIRE(waiting.size() == 2);
    CHECK(waiting[0].code == first.code);
    CHECK(waiting[1].code == second.code);
    CHECK(review.awaiting(kDeputyPhone, 1).size() == 1);

    auto other = review.awaiting(kOtherHeadPhone, 10);
    REQUIRE(other.size() == 1);
    CHECK(other[0].code == elsewhere.code);
    CHECK(review.awaiting(kStrangerPhone, 10).empty());
}

TEST_CASE_FIXTURE(RtReviewFixture, "explaining a decided request names who decided and when") {
    auto request = submit_and_notify();
    decide(request.code, RtDecision::reject, kDeputyPhone, "Bukan warga kami");
    auto outcome = review.explain(*store.requests.find_by_id(request.id));
    CHECK(outcome.kind == RtOutcome::Kind::already_decided);
    CHECK(outcome.reply == "Permohonan *" + request.code +
                               "* sudah ditolak oleh Siti Rahma (Wakil Ketua RT 001) pada Jumat, 27 November 2026 "
                               "pukul 10.00 WITA.");
}

TEST_SUITE_END();
