#include "bot/city_router.h"

#include <spdlog/spdlog.h>

#include "shared/db/city_repository.h"

namespace ekel::bot {

CityRouter::CityRouter(const config::CityConfig& city, std::vector<services::InboundIntake*> kelurahan,
                       services::InboundIntake& city_intake)
    : city_(city), kelurahan_(std::move(kelurahan)), city_intake_(city_intake) {
    if (city.routing != config::WhatsAppRouting::city_number) return;
    for (const auto& k : city.kelurahan) {
        registries_.push_back(
            std::make_unique<db::CitizenLookup>(k.config.database.target(), k.config.database.busy_timeout_ms));
    }
    chosen_ = std::make_unique<db::ChosenKelurahanLookup>(city.city.database.target(), city.city.database.busy_timeout_ms);
}

CityRouter::~CityRouter() = default;

std::optional<std::size_t> CityRouter::kelurahan_of_number(const std::string& phone_number_id) const {
    const auto* k = city_.by_phone_number_id(phone_number_id);
    if (!k) return std::nullopt;
    return static_cast<std::size_t>(k - city_.kelurahan.data());
}

std::optional<std::size_t> CityRouter::kelurahan_of_sender(const std::string& sender_key) {
    if (sender_key.empty()) return std::nullopt;
    // The registry decides; a phone in two registries (a family that moved) goes to the first
    // in the city file.
    for (std::size_t i = 0; i < registries_.size(); ++i) {
        if (registries_[i]->knows(sender_key)) return i;
    }
    if (auto code = chosen_->kelurahan_of(sender_key)) {
        if (const auto* k = city_.find(*code)) return static_cast<std::size_t>(k - city_.kelurahan.data());
    }
    return std::nullopt;
}

services::IntakeResult CityRouter::accept(services::IntakeBatch batch) {
    const bool by_number = city_.routing == config::WhatsAppRouting::per_kelurahan;
    std::vector<services::IntakeBatch> parts(kelurahan_.size() + 1);  // the last one is the city's
    std::vector<std::string> strangers;  // messages to a number that is no kelurahan's
    for (auto& m : batch.messages) {
        auto k = by_number ? kelurahan_of_number(m.message.phone_number_id) : kelurahan_of_sender(m.message.sender_key());
        if (!k && by_number) {
            strangers.push_back(std::move(m.stored_json));
            continue;
        }
        parts[k.value_or(kelurahan_.size())].messages.push_back(std::move(m));
    }
    for (auto& s : batch.statuses) {
        const std::string& recipient = s.recipient_id.empty() ? s.recipient_user_id : s.recipient_id;
        auto k = by_number ? kelurahan_of_number(s.phone_number_id) : kelurahan_of_sender(recipient);
        parts[k.value_or(kelurahan_.size())].statuses.push_back(std::move(s));
    }
    for (auto& body : strangers) {
        spdlog::warn("webhook: a message to a number that is no kelurahan's kept aside");
        city_intake_.reject("phone_number_id belongs to no [[kelurahan]] of the city file", std::move(body));
    }
    services::IntakeResult total;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (parts[i].messages.empty() && parts[i].statuses.empty()) continue;
        auto& intake = i < kelurahan_.size() ? *kelurahan_[i] : city_intake_;
        const auto result = intake.accept(std::move(parts[i]));
        total.stored += result.stored;
        total.duplicates += result.duplicates;
        total.statuses_applied += result.statuses_applied;
    }
    return total;
}

void CityRouter::reject(std::string reason, std::string body) { city_intake_.reject(std::move(reason), std::move(body)); }

}  // namespace ekel::bot
