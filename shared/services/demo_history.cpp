#include "shared/services/demo_history.h"
#include "shared/services/demo_words.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <random>

#include "shared/db/store.h"
#include "shared/db/write_transaction.h"
#include "shared/services/collection_service.h"
#include "shared/services/demo_seed.h"
#include "shared/services/complaint_service.h"
#include "shared/services/request_service.h"
#include "shared/services/survey_service.h"
#include "shared/util/time.h"

namespace ekel::services {

namespace {

using Dice = demo_words::DemoDice;
using domain::RequestStatus;
using namespace std::chrono;

// Letter types whose fields the history can fill sensibly; both digital letters and letters
// collected at the office.
constexpr std::array kTypes = {"domisili", "sktm", "pengantar_skck", "belum_menikah", "pengantar_ktp_kk", "domisili"};
constexpr std::array kPurposes = {"melamar kerja", "sekolah anak", "berobat di RSUD", "mendaftar kuliah",
                                  "mengurus BPJS", "membuka rekening bank"};
constexpr std::array kComplaints = {
    std::pair{"infrastruktur", "Lampu jalan di gang depan masjid mati sejak minggu lalu."},
    std::pair{"kebersihan", "Sampah di pinggir jalan dekat pasar belum diangkut tiga hari."},
    std::pair{"layanan_surat", "Antrean di kantor kelurahan pagi tadi lama sekali."},
    std::pair{"keamanan", "Sering ada balap liar malam hari di jalan utama."},
    std::pair{"petugas", "Petugas loket sangat membantu, terima kasih."},
    std::pair{"infrastruktur", "Drainase di depan rumah tersumbat, air meluap saat hujan."},
};

/// A moment `hours` of office time after `from` (the office acts only when it is open).
TimePoint office_later(const OfficeHours& office, TimePoint from, int hours) {
    TimePoint t = office.next_opening(from);
    for (int h = 0; h < hours; ++h) t = office.next_opening(t + std::chrono::hours(1));
    return t;
}

std::string fields_for(const config::LetterType& type, Dice& dice) {
    nlohmann::json fields = nlohmann::json::object();
    for (const auto& field : type.fields) {
        if (!field.required) continue;
        if (!field.choices.empty()) {
            fields[field.key] = field.choices[static_cast<std::size_t>(dice.between(0, static_cast<int>(field.choices.size()) - 1))];
        }
    }
    return fields.dump();
}

/// Scores of a satisfied-but-honest citizen: mostly 3 and 4, now and then a 2.
bool answer_survey(db::Store& store, const std::string& phone, TimePoint at, Dice& dice) {
    auto survey = store.surveys.open_for(phone);
    if (!survey) return false;
    for (int element = 1; element <= 9; ++element) {
        const int roll = dice.between(1, 20);
        const int score = roll <= 2 ? 2 : roll <= 11 ? 3 : 4;
        store.surveys.answer(survey->id, element, score, element == 9 ? "completed" : "answering",
                             format_utc(at + minutes(element)));
    }
    return true;
}

}  // namespace

DemoHistoryReport seed_demo_history(db::Store& store, const config::Config& config, const config::LetterCatalog& catalog,
                                    LetterService::Renderer render, const LetterSigners& signers,
                                    const std::string& letters_dir, TimePoint now, int variant) {
    DemoHistoryReport report;
    Dice dice(20261127);
    OfficeHours office(config.workflow, config.kelurahan.utc_offset_minutes);
    auto lurah = store.staff.find_by_username("lurah");
    auto operator_ = store.staff.find_by_username("operator");
    if (!lurah || !operator_) return report;
    const domain::Actor counter{domain::ActorKind::staff, operator_->username, operator_->full_name};

    std::vector<std::pair<std::string, domain::Resident>> applicants;
    for (int family = 1; family <= 500; ++family) {
        const std::string phone = demo_family_phone(variant, family);
        auto residents = store.residents.find_by_verified_phone(phone);
        if (!residents.empty()) applicants.emplace_back(phone, residents.front());
    }
    // Drawn first, then played in time order: a real register numbers requests and letters in the
    // order they happen.
    struct Filing {
        TimePoint at;
        std::string phone;
        domain::Resident resident;
        const config::LetterType* type;
        domain::Rt rt;
    };
    std::vector<Filing> filings;
    for (std::size_t k = 0; k < 90 && !applicants.empty(); ++k) {
        const auto& [phone, resident] = applicants[(k * 7) % applicants.size()];
        const config::LetterType* type = catalog.find(dice.pick(kTypes));
        if (!type) continue;
        auto rt = store.rts.find_by_id(resident.rt_id);
        if (!rt) continue;

        // Filed in office hours, spread over the past six weeks, more of them lately.
        const int days_ago = std::min(dice.between(0, 42), dice.between(0, 42));
        const auto day = to_local(now - hours(24 * days_ago), config.kelurahan.utc_offset_minutes).date;
        TimePoint filed = office.next_opening(
            local_to_utc(day, office.opens_minute() + dice.between(0, office.closes_minute() - office.opens_minute() - 30),
                         config.kelurahan.utc_offset_minutes));
        if (filed >= now) continue;
        filings.push_back({filed, phone, resident, type, *rt});
    }
    std::stable_sort(filings.begin(), filings.end(), [](const Filing& a, const Filing& b) { return a.at < b.at; });

    struct Issue {
        TimePoint at;
        std::int64_t request_id;
        const config::LetterType* type;
        std::string phone;
    };
    std::vector<Issue> issues;
    for (const Filing& f : filings) {
        ManualClock clock(f.at);
        RequestService requests(store, clock, config.kelurahan);
        NewRequest n;
        n.resident_id = f.resident.id;
        n.applicant_name = f.resident.full_name;
        n.applicant_phone = f.phone;
        n.letter_type = f.type->code;
        n.fields_json = fields_for(*f.type, dice);
        n.purpose = dice.pick(kPurposes);
        n.rt_id = f.rt.id;
        n.channel = dice.between(1, 5) == 1 ? domain::Channel::walk_in : domain::Channel::whatsapp;
        const auto request = requests.submit(n, {domain::ActorKind::citizen, f.phone, f.resident.full_name});
        ++report.requests;

        // The RT answers within a few office hours; a slow RT sometimes takes days.
        const bool slow_rt = f.rt.number % 4 == 0;
        TimePoint decided = office_later(office, f.at, slow_rt ? dice.between(6, 30) : dice.between(1, 6));
        if (decided >= now) continue;  // still waiting for the RT
        clock.set(decided);
        const domain::Actor rt_head{domain::ActorKind::rt, f.rt.head_phone,
                                    fmt::format("{} (Ketua RT {:03d})", f.rt.head_name, f.rt.number)};
        if (dice.between(1, 14) == 1) {
            requests.change_status(request.id, RequestStatus::rt_rejected, rt_head,
                                   "Pemohon sudah pindah dan tidak tinggal di RT ini lagi.");
            continue;
        }
        requests.change_status(request.id, RequestStatus::rt_approved, rt_head, "warga kami");

        TimePoint issued_at = office_later(office, decided, dice.between(1, 12));
        if (issued_at >= now) continue;  // on the lurah's desk
        issues.push_back({issued_at, request.id, f.type, f.phone});
    }
    std::stable_sort(issues.begin(), issues.end(), [](const Issue& a, const Issue& b) { return a.at < b.at; });

    for (const Issue& issue : issues) {
        ManualClock clock(issue.at);
        if (!LetterService(store, clock, config, catalog, render, signers, letters_dir).issue(issue.request_id, *lurah)) continue;
        ++report.letters;

        SurveyService surveys(store, config);
        if (issue.type->needs_original) {
            TimePoint collected_at = office_later(office, issue.at, dice.between(2, 20));
            if (collected_at >= now) continue;  // waiting at the office
            db::WriteTransaction tx(store.db());
            CollectionService(store, config, catalog).mark_collected_in_transaction(issue.request_id, counter, collected_at);
            ++report.collected;
            if (dice.between(1, 3) != 1 && answer_survey(store, issue.phone, collected_at + hours(1), dice)) ++report.surveys;
            tx.commit();
        } else if (dice.between(1, 2) == 1) {
            // A digital letter that reached the phone: invited, and answered.
            db::WriteTransaction tx(store.db());
            if (surveys.invite_in_transaction(*store.requests.find_by_id(issue.request_id), issue.at + minutes(5)) &&
                answer_survey(store, issue.phone, issue.at + hours(2), dice)) {
                ++report.surveys;
            }
            tx.commit();
        }
    }

    for (std::size_t i = 0; i < kComplaints.size(); ++i) {
        const TimePoint at = office.next_opening(now - hours(24 * static_cast<int>(3 + i * 6)));
        db::Complaint complaint;
        complaint.sender_key = fmt::format("62812000{:05d}", 10 + i);
        complaint.category = kComplaints[i].first;
        complaint.text = kComplaints[i].second;
        {
            db::WriteTransaction tx(store.db());
            complaint = file_complaint_in_transaction(store, config, at, complaint);
            tx.commit();
        }
        ++report.complaints;
        if (i % 2 == 1) {
            respond_to_complaint(store, config, at + hours(26), complaint.code, operator_->username,
                                 {complaint.category, i == 1 ? "selesai" : "diproses",
                                  "Terima kasih, sudah kami teruskan ke petugas terkait."});
        }
    }
    return report;
}

}  // namespace ekel::services
