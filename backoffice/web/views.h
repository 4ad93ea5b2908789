#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace ekel::office {

/// The back office's server-rendered pages: mustache templates compiled into the binary
/// (backoffice/views), every {{value}} HTML-escaped. Thread-safe after construction.
class Views {
public:
    Views();

    /// Renders template `name` with `data`, inside the layout (which reads title, kelurahan, user, flash).
    std::string page(const std::string& name, const nlohmann::json& data) const;
    /// A file served as is (the stylesheet).
    const std::string& asset(const std::string& name) const;

private:
    std::string render(const std::string& name, const nlohmann::json& data) const;

    std::map<std::string, std::string> files_;
};

}  // namespace ekel::office
