#include "backoffice/web/views.h"

#include <kainjow/mustache.hpp>

#include <vector>

#include "shared/util/embedded_file.h"
#include "shared/util/error.h"

namespace ekel::office {

std::vector<EmbeddedFile> embedded_views();

namespace {

namespace mustache = kainjow::mustache;

mustache::data to_data(const nlohmann::json& value) {
    switch (value.type()) {
        case nlohmann::json::value_t::object: {
            mustache::data out{mustache::data::type::object};
            for (auto it = value.begin(); it != value.end(); ++it) {
                // An empty text is "nothing" to a {{#section}}, as in every other mustache; left
                // out, it still interpolates as empty.
                if (it->is_string() && it->get_ref<const std::string&>().empty()) continue;
                out.set(it.key(), to_data(*it));
            }
            return out;
        }
        case nlohmann::json::value_t::array: {
            mustache::data out{mustache::data::type::list};
            for (const auto& item : value) out.push_back(to_data(item));
            return out;
        }
        case nlohmann::json::value_t::string:
            return mustache::data(value.get<std::string>());
        case nlohmann::json::value_t::boolean:
            return mustache::data(value.get<bool>());
        case nlohmann::json::value_t::null:
            return mustache::data(false);
        default:
            return mustache::data(value.dump());
    }
}

}  // namespace

Views::Views() {
    for (const auto& file : embedded_views()) files_[std::string(file.name)] = std::string(file.bytes);
    // Parse every template once at start: a broken template stops the program, not a page view.
    for (const auto& [name, text] : files_) {
        if (name.size() < 9 || name.substr(name.size() - 9) != ".mustache") continue;
        mustache::mustache parsed(text);
        if (!parsed.is_valid()) throw Error("template " + name + ": " + parsed.error_message());
    }
}

std::string Views::render(const std::string& name, const nlohmann::json& data) const {
    auto found = files_.find(name + ".mustache");
    if (found == files_.end()) throw Error("no template " + name);
    mustache::mustache tmpl(found->second);
    return tmpl.render(to_data(data));
}

std::string Views::page(const std::string& name, const nlohmann::json& data) const {
    nlohmann::json layout = data;
    layout["content"] = render(name, data);
    return render("layout", layout);
}

const std::string& Views::asset(const std::string& name) const {
    auto found = files_.find(name);
    if (found == files_.end()) throw Error("no asset " + name);
    return found->second;
}

}  // namespace ekel::office
