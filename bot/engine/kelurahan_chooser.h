#pragma once

#include "bot/engine/message_handler.h"
#include "shared/config/city_config.h"

namespace ekel::bot {

/// On a city's one number, answers citizens who are in no kelurahan's registry: asks their
/// kecamatan, then their kelurahan (lists, or the name typed), and records the choice in the
/// city's database, after which their messages go to that kelurahan (bot/city_router).
class KelurahanChooser final : public MessageHandler {
public:
    explicit KelurahanChooser(const config::CityConfig& city) : city_(city) {}
    void handle(const messaging::InboundMessage& message, db::Store& store, TimePoint now) override;

private:
    const config::CityConfig& city_;
};

}  // namespace ekel::bot
