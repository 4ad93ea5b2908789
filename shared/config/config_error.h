#pragma once

#include "shared/util/error.h"

namespace ekel::config {

/// A configuration file or value that cannot be used. The message names the file and the key,
/// e.g. "config/ekelurahan.toml: bot.port must be between 1 and 65535", and is meant to be printed as is.
class ConfigError : public Error {
public:
    using Error::Error;
};

}  // namespace ekel::config
