#pragma once

#include <string_view>
#include <vector>

namespace ekel {

/// A file compiled into the binary (migrations, templates); bytes live for the program's lifetime.
struct EmbeddedFile {
    std::string_view name;
    std::string_view bytes;
};

}  // namespace ekel
