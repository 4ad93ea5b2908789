#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace toml {
inline namespace v3 {
class table;
}
}  // namespace toml

namespace ekel::config {

/// Looks up an environment variable; injectable so tests do not touch the process environment.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;
EnvLookup process_environment();
EnvLookup no_environment();

/// A whole document as a table to change before it is read (a city's kelurahan files are laid
/// over the city file). Throws ConfigError on a syntax error (with line and column).
std::shared_ptr<toml::table> parse_toml(const std::string& text, const std::string& source);
/// A configuration file's text; throws ConfigError naming the file when it cannot be read.
std::string read_config_file(const std::string& path);

/// Reads one TOML table strictly: every key read is remembered, finish() rejects the rest, and
/// every failure throws ConfigError naming the source file and the dotted key.
/// When an env prefix is set, a scalar key "port" in section "bot" is first looked up as
/// EKEL_BOT_PORT, which wins over the file.
class TomlReader {
public:
    /// Parses a whole document. Throws ConfigError on a syntax error (with line and column).
    static TomlReader parse(const std::string& text, const std::string& source, EnvLookup env);
    /// Reads a document already parsed (a city's kelurahan file laid over the city file).
    static TomlReader of(std::shared_ptr<const toml::table> root, const std::string& source, EnvLookup env);
    /// Reads a file; throws ConfigError naming the file when it cannot be read.
    static TomlReader parse_file(const std::string& path, EnvLookup env);

    TomlReader(TomlReader&&) noexcept;
    TomlReader& operator=(TomlReader&&) noexcept;
    ~TomlReader();

    bool has(const std::string& key) const;
    /// The keys of this table (sorted), for tables whose keys are data (a word list).
    std::vector<std::string> keys() const;

    std::string string(const std::string& key, const std::optional<std::string>& fallback = {});
    std::int64_t integer(const std::string& key, const std::optional<std::int64_t>& fallback = {});
    bool boolean(const std::string& key, const std::optional<bool>& fallback = {});
    std::vector<std::string> strings(const std::string& key,
                                     const std::optional<std::vector<std::string>>& fallback = {});

    /// A sub-table; a missing one reads as empty so its keys take their defaults.
    TomlReader section(const std::string& key);
    /// An array of tables ([[key]]); missing reads as empty.
    std::vector<TomlReader> tables(const std::string& key);

    /// A variable of the environment this reader was given (for secrets with no key of their
    /// own, such as a signer's key password); fails naming `key` when it is not UTF-8.
    std::optional<std::string> environment(const std::string& variable, const std::string& key) const;

    /// Throws ConfigError for the first key in this table that nothing read.
    void finish() const;

    /// "file: key message" as a ConfigError, for checks done after reading.
    [[noreturn]] void fail(const std::string& key, const std::string& message) const;
    std::string path_of(const std::string& key) const;
    const std::string& source() const { return *source_; }

private:
    TomlReader(std::shared_ptr<const toml::table> root, const toml::table* table,
               std::shared_ptr<const std::string> source, std::string prefix, EnvLookup env);
    std::optional<std::string> env_value(const std::string& key) const;

    std::shared_ptr<const toml::table> root_;
    const toml::table* table_;
    std::shared_ptr<const std::string> source_;
    std::string prefix_;
    EnvLookup env_;
    std::set<std::string> consumed_;
};

}  // namespace ekel::config
