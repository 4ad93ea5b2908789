#pragma once

#include <iosfwd>
#include <string>

#include "shared/config/config.h"

namespace ekel::bot {

/// `ekel-bot chat --from PHONE`: a terminal WhatsApp for the sandbox provider. Each line typed is
/// sent to the running bot as a signed, Meta-shaped webhook; the bot's replies are read back from
/// the sandbox outbox and printed, buttons and list rows as numbered choices that can be picked by
/// typing the number. Returns the exit code.
int run_sandbox_chat(const config::Config& config, const std::string& from, const std::string& profile_name,
                     std::istream& in, std::ostream& out);

}  // namespace ekel::bot
