#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "shared/config/city_config.h"
#include "shared/services/inbound_intake.h"

namespace ekel::db {
class CitizenLookup;
class ChosenKelurahanLookup;
}

namespace ekel::bot {

/// A city's webhook deliveries, split between the kelurahan's intakes: by the business number a
/// message was sent to (a number per kelurahan), or on one city number by the sender: the
/// kelurahan whose registry, RT list, conversations or requests know them, else the kelurahan
/// they chose, else the city's own intake, whose handler asks them (KelurahanChooser).
/// Each part is committed by its own intake before the delivery is acknowledged; a retry after a
/// failed part stores the others' messages no second time (message ids are unique per database).
class CityRouter final : public services::WebhookSink {
public:
    /// `kelurahan[i]` is the intake of city.kelurahan[i]; `city_intake` the city's own.
    CityRouter(const config::CityConfig& city, std::vector<services::InboundIntake*> kelurahan,
               services::InboundIntake& city_intake);
    ~CityRouter() override;

    services::IntakeResult accept(services::IntakeBatch batch) override;
    void reject(std::string reason, std::string body) override;

private:
    /// An index into the kelurahan, or nullopt for the city's own intake.
    std::optional<std::size_t> kelurahan_of_sender(const std::string& sender_key);
    std::optional<std::size_t> kelurahan_of_number(const std::string& phone_number_id) const;

    const config::CityConfig& city_;
    std::vector<services::InboundIntake*> kelurahan_;
    services::InboundIntake& city_intake_;
    std::vector<std::unique_ptr<db::CitizenLookup>> registries_;  ///< city_number routing only
    std::unique_ptr<db::ChosenKelurahanLookup> chosen_;
};

}  // namespace ekel::bot
