#include "shared/config/toml_reader.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <toml++/toml.h>

#include "shared/config/config_error.h"
#include "shared/util/text.h"

namespace ekel::config {

EnvLookup process_environment() {
    return [](const std::string& name) -> std::optional<std::string> {
        if (const char* value = std::getenv(name.c_str())) return std::string(value);
        return std::nullopt;
    };
}

EnvLookup no_environment() {
    return [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
}

namespace {

/// "bot.port" -> "EKEL_BOT_PORT".
std::string env_name(const std::string& path) {
    std::string name = "EKEL_";
    for (char c : path) {
        name += c == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return name;
}

std::string env_name_note(const std::string& path) {
    return " (from environment variable " + env_name(path) + ")";
}

[[noreturn]] void throw_syntax_error(const toml::parse_error& err, const std::string& source) {
    std::ostringstream message;
    message << source << ":" << err.source().begin.line << ":" << err.source().begin.column << ": "
            << err.description();
    throw ConfigError(message.str());
}

}  // namespace

// Debian's libtomlplusplus is built with TOML_EXCEPTIONS=1, where parse() returns the table and
// throws parse_error; the other branch keeps header-only builds without exceptions working.
std::shared_ptr<toml::table> parse_toml(const std::string& text, const std::string& source) {
#if TOML_EXCEPTIONS
    toml::table parsed_table;
    try {
        parsed_table = toml::parse(text, source);
    } catch (const toml::parse_error& err) {
        throw_syntax_error(err, source);
    }
#else
    toml::parse_result parsed = toml::parse(text, source);
    if (!parsed) throw_syntax_error(parsed.error(), source);
    toml::table parsed_table = std::move(parsed).table();
#endif
    return std::make_shared<toml::table>(std::move(parsed_table));
}

std::string read_config_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ConfigError(path + ": cannot be read (missing file or no permission)");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

TomlReader TomlReader::parse(const std::string& text, const std::string& source, EnvLookup env) {
    return of(parse_toml(text, source), source, std::move(env));
}

TomlReader TomlReader::of(std::shared_ptr<const toml::table> root, const std::string& source, EnvLookup env) {
    const toml::table* table = root.get();
    return TomlReader(std::move(root), table, std::make_shared<const std::string>(source), "", std::move(env));
}

TomlReader TomlReader::parse_file(const std::string& path, EnvLookup env) {
    return parse(read_config_file(path), path, std::move(env));
}

TomlReader::TomlReader(std::shared_ptr<const toml::table> root, const toml::table* table,
                       std::shared_ptr<const std::string> source, std::string prefix, EnvLookup env)
    : root_(std::move(root)),
      table_(table),
      source_(std::move(source)),
      prefix_(std::move(prefix)),
      env_(std::move(env)) {}

TomlReader::TomlReader(TomlReader&&) noexcept = default;
TomlReader& TomlReader::operator=(TomlReader&&) noexcept = default;
TomlReader::~TomlReader() = default;

std::string TomlReader::path_of(const std::string& key) const {
    return prefix_.empty() ? key : prefix_ + "." + key;
}

void TomlReader::fail(const std::string& key, const std::string& message) const {
    throw ConfigError(*source_ + ": " + path_of(key) + " " + message);
}

bool TomlReader::has(const std::string& key) const {
    return (table_ && table_->contains(key)) || env_value(key).has_value();
}

std::vector<std::string> TomlReader::keys() const {
    std::vector<std::string> names;
    if (!table_) return names;
    for (const auto& [key, node] : *table_) names.emplace_back(key.str());
    return names;
}

// Only plain section.key paths have an environment name; entries of arrays of tables do not.
std::optional<std::string> TomlReader::env_value(const std::string& key) const {
    std::string path = path_of(key);
    if (!env_ || path.find('[') != std::string::npos) return std::nullopt;
    auto value = env_(env_name(path));
    // The TOML parser refuses a file that is not UTF-8; the environment has no such guard.
    if (value && !is_valid_utf8(*value)) fail(key, "is not valid UTF-8" + env_name_note(path));
    return value;
}

std::optional<std::string> TomlReader::environment(const std::string& variable, const std::string& key) const {
    if (!env_) return std::nullopt;
    auto value = env_(variable);
    if (value && !is_valid_utf8(*value)) fail(key, "is not valid UTF-8 (from " + variable + ")");
    return value;
}

std::string TomlReader::string(const std::string& key, const std::optional<std::string>& fallback) {
    consumed_.insert(key);
    if (auto env = env_value(key)) return *env;
    const toml::node* node = table_ ? table_->get(key) : nullptr;
    if (!node) {
        if (fallback) return *fallback;
        fail(key, "is required (a string)");
    }
    if (auto value = node->value<std::string>(); value && node->is_string()) return *value;
    fail(key, "must be a string");
}

std::int64_t TomlReader::integer(const std::string& key,
                                 const std::optional<std::int64_t>& fallback) {
    consumed_.insert(key);
    if (auto env = env_value(key)) {
        std::int64_t value = 0;
        const char* end = env->data() + env->size();
        auto [ptr, ec] = std::from_chars(env->data(), end, value);
        if (ec != std::errc() || ptr != end || env->empty()) {
            fail(key, "must be an integer" + env_name_note(path_of(key)));
        }
        return value;
    }
    const toml::node* node = table_ ? table_->get(key) : nullptr;
    if (!node) {
        if (fallback) return *fallback;
        fail(key, "is required (an integer)");
    }
    if (!node->is_integer()) fail(key, "must be an integer");
    return *node->value<std::int64_t>();
}

bool TomlReader::boolean(const std::string& key, const std::optional<bool>& fallback) {
    consumed_.insert(key);
    if (auto env = env_value(key)) {
        if (*env == "true" || *env == "1") return true;
        if (*env == "false" || *env == "0") return false;
        fail(key, "must be true or false" + env_name_note(path_of(key)));
    }
    const toml::node* node = table_ ? table_->get(key) : nullptr;
    if (!node) {
        if (fallback) return *fallback;
        fail(key, "is required (true or false)");
    }
    if (!node->is_boolean()) fail(key, "must be true or false");
    return *node->value<bool>();
}

std::vector<std::string> TomlReader::strings(const std::string& key,
                                             const std::optional<std::vector<std::string>>& fallback) {
    consumed_.insert(key);
    const toml::node* node = table_ ? table_->get(key) : nullptr;
    if (!node) {
        if (fallback) return *fallback;
        fail(key, "is required (a list of strings)");
    }
    const toml::array* array = node->as_array();
    if (!array) fail(key, "must be a list of strings");
    std::vector<std::string> values;
    for (std::size_t i = 0; i < array->size(); ++i) {
        const toml::node& item = *array->get(i);
        if (!item.is_string()) fail(key + "[" + std::to_string(i) + "]", "must be a string");
        values.push_back(*item.value<std::string>());
    }
    return values;
}

TomlReader TomlReader::section(const std::string& key) {
    consumed_.insert(key);
    const toml::node* node = table_ ? table_->get(key) : nullptr;
    if (node && !node->is_table()) fail(key, "must be a table ([" + path_of(key) + "])");
    return TomlReader(root_, node ? node->as_table() : nullptr, source_, path_of(key), env_);
}

std::vector<TomlReader> TomlReader::tables(const std::string& key) {
    consumed_.insert(key);
    std::vector<TomlReader> result;
    const toml::node* node = table_ ? table_->get(key) : nullptr;
    if (!node) return result;
    const toml::array* array = node->as_array();
    if (!array || !array->is_array_of_tables()) fail(key, "must be an array of tables ([[" + key + "]])");
    for (std::size_t i = 0; i < array->size(); ++i) {
        result.push_back(TomlReader(root_, array->get(i)->as_table(), source_,
                                    path_of(key) + "[" + std::to_string(i) + "]", env_));
    }
    return result;
}

void TomlReader::finish() const {
    if (!table_) return;
    for (const auto& [key, node] : *table_) {
        std::string name(key.str());
        if (!consumed_.count(name)) fail(name, "is not a known setting");
    }
}

}  // namespace ekel::config
