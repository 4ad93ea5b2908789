#include "shared/services/survey_service.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "shared/db/store.h"
#include "shared/db/write_transaction.h"
#include "shared/messaging/reply_id.h"
#include "shared/domain/ikm.h"
#include "shared/util/time.h"

namespace ekel::services {

namespace {

constexpr auto kDeliveryLookBack = std::chrono::hours(24 * 7);

int next_unanswered(const db::Survey& survey) {
    for (int i = 0; i < domain::kIkmElements; ++i) {
        if (survey.answers[static_cast<std::size_t>(i)] == 0) return i + 1;
    }
    return 0;
}

}  // namespace

SurveyService::SurveyService(db::Store& store, const config::Config& config) : store_(store), config_(config) {}

void SurveyService::say(const std::string& sender, const std::string& text, TimePoint now) {
    store_.outbox.enqueue(messaging::message_to(sender, messaging::OutboundKind::text, text), std::nullopt,
                          format_utc(now));
}

bool SurveyService::invite_in_transaction(const domain::Request& request, TimePoint now) {
    if (!config_.survey.enabled || request.applicant_phone.empty()) return false;
    const std::string since = format_utc(now - std::chrono::hours(24) * config_.survey.quiet_days);
    if (store_.surveys.invited_since(request.applicant_phone, since)) return false;
    auto id = store_.surveys.insert(request.id, request.applicant_phone, format_utc(now));
    if (!id) return false;
    auto m = messaging::message_to(
        request.applicant_phone, messaging::OutboundKind::buttons,
        fmt::format("Terima kasih sudah memakai layanan Kelurahan {} untuk permohonan *{}*. 🙏\n\nBersediakah Anda "
                    "mengisi survei kepuasan singkat? Ada 9 pertanyaan pilihan, kira-kira 2 menit. Jawaban Anda tidak "
                    "dikaitkan dengan nama Anda dalam laporan, dan membantu kami memperbaiki layanan.",
                    config_.kelurahan.name, request.code));
    m.buttons = {{messaging::encode({messaging::ReplyKind::survey_start, std::to_string(*id)}), "Isi survei"},
                 {messaging::encode({messaging::ReplyKind::survey_decline, std::to_string(*id)}), "Tidak, terima kasih"}};
    store_.outbox.enqueue(m, request.id, format_utc(now));
    return true;
}

int SurveyService::invite_delivered(TimePoint now, const std::function<bool(const domain::Request&)>& is_digital) {
    if (!config_.survey.enabled) return 0;
    db::WriteTransaction tx(store_.db());
    int invited = 0;
    for (const auto& delivered : store_.surveys.delivered_without_survey(format_utc(now - kDeliveryLookBack), 200)) {
        auto request = store_.requests.find_by_id(delivered.request_id);
        if (!request || !is_digital(*request)) continue;
        if (invite_in_transaction(*request, now)) ++invited;
    }
    tx.commit();
    return invited;
}

void SurveyService::ask(const std::string& sender, std::int64_t survey_id, int element, TimePoint now) {
    const auto& e = domain::ikm_elements()[static_cast<std::size_t>(element - 1)];
    auto m = messaging::message_to(sender, messaging::OutboundKind::list,
                                   fmt::format("*Survei kepuasan ({}/{})*\n{}", element, domain::kIkmElements, e.question));
    m.list_button = "Pilih jawaban";
    messaging::ListSection section{"Jawaban", {}};
    // Best first: the list reads like the printed questionnaire read from the top.
    for (int score = domain::kIkmAnswers; score >= 1; --score) {
        section.rows.push_back({messaging::encode({messaging::ReplyKind::survey_answer, std::to_string(survey_id),
                                                    std::to_string(element), std::to_string(score)}),
                                std::string(e.answers[static_cast<std::size_t>(score - 1)]), ""});
    }
    m.sections = {section};
    store_.outbox.enqueue(m, std::nullopt, format_utc(now));
}

void SurveyService::start(const std::string& sender, std::int64_t survey_id, TimePoint now) {
    auto survey = store_.surveys.find(survey_id);
    if (!survey || survey->sender_key != sender) return say(sender, "Survei ini tidak ditemukan.", now);
    if (survey->status == "completed") return say(sender, "Survei ini sudah Anda isi. Terima kasih! 🙏", now);
    if (survey->status == "invited" || survey->status == "declined") {
        store_.surveys.set_status(survey_id, "answering", format_utc(now));
    }
    ask(sender, survey_id, next_unanswered(*survey), now);
}

void SurveyService::decline(const std::string& sender, std::int64_t survey_id, TimePoint now) {
    auto survey = store_.surveys.find(survey_id);
    if (!survey || survey->sender_key != sender) return say(sender, "Survei ini tidak ditemukan.", now);
    if (survey->status == "completed") return say(sender, "Survei ini sudah Anda isi. Terima kasih! 🙏", now);
    store_.surveys.set_status(survey_id, "declined", format_utc(now));
    say(sender, "Baik, tidak apa-apa. Terima kasih sudah memakai layanan kami. 🙏", now);
}

void SurveyService::answer(const std::string& sender, std::int64_t survey_id, int element, int score, TimePoint now) {
    auto survey = store_.surveys.find(survey_id);
    if (!survey || survey->sender_key != sender) return say(sender, "Survei ini tidak ditemukan.", now);
    if (survey->status == "completed") return say(sender, "Survei ini sudah Anda isi. Terima kasih! 🙏", now);
    if (element < 1 || element > domain::kIkmElements || score < 1 || score > domain::kIkmAnswers) {
        return ask(sender, survey_id, std::max(1, next_unanswered(*survey)), now);
    }
    survey->answers[static_cast<std::size_t>(element - 1)] = score;
    const int next = next_unanswered(*survey);
    store_.surveys.answer(survey_id, element, score, next == 0 ? "completed" : "answering", format_utc(now));
    if (next != 0) return ask(sender, survey_id, next, now);
    say(sender,
        "Terima kasih atas penilaian Anda! 🙏 Hasil survei kami laporkan kepada Lurah setiap bulan untuk "
        "memperbaiki layanan. Bila ada keluhan, ketik *aduan* lalu tuliskan keluhan Anda.",
        now);
}

void SurveyService::resume(const std::string& sender, TimePoint now) {
    auto survey = store_.surveys.open_for(sender);
    if (!survey) return say(sender, "Tidak ada survei yang menunggu jawaban Anda. Terima kasih! 🙏", now);
    start(sender, survey->id, now);
}

}  // namespace ekel::services
