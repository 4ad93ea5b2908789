#include "shared/config/letter_types.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <set>

#include "shared/config/config_error.h"
#include "shared/util/text.h"
#include "shared/config/toml_reader.h"

namespace ekel::config {

namespace {

constexpr std::array<std::string_view, 6> kFieldKindNames = {"text",  "date", "number",
                                                             "phone", "nik",  "choice"};
constexpr std::array<std::string_view, 2> kNumberScopeNames = {"type", "shared"};
constexpr std::array<std::string_view, 2> kRequirementKindNames = {"document", "check"};
// A WhatsApp button body holds 1024 characters; the prompt shares it with a heading.
constexpr std::size_t kMaxRequirementPrompt = 700;
constexpr std::size_t kMaxRequirementText = 200;

constexpr std::array<std::string_view, 12> kResidentKeys = {
    "full_name",      "nik",        "kk",      "sex", "birth_place", "birth_date", "religion",
    "marital_status", "occupation", "address", "rt",  "rw"};
constexpr std::array<std::string_view, 6> kPlainPlaceholders = {
    "purpose",        "kelurahan.name",   "kelurahan.kecamatan",
    "kelurahan.kota", "rt_approval_date", "valid_until"};
constexpr std::array<std::string_view, 5> kNumberTokens = {"klasifikasi", "kode_unit",
                                                           "bulan_romawi", "bulan", "tahun"};

constexpr std::int64_t kMaxTargetHours = 24 * 365;
constexpr std::int64_t kMaxValidityMonths = 120;
constexpr std::int64_t kMaxFee = 100'000'000;

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& names, std::string_view name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

template <std::size_t N>
std::string join(const std::array<std::string_view, N>& names) {
    std::string out;
    for (std::string_view name : names) {
        if (!out.empty()) out += ", ";
        out += name;
    }
    return out;
}

bool is_snake_case(std::string_view text) {
    if (text.empty() || text[0] < 'a' || text[0] > 'z') return false;
    return std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    });
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string trimmed(std::string_view text) {
    std::size_t begin = 0;
    std::size_t end = text.size();
    while (begin < end && is_space(text[begin])) ++begin;
    while (end > begin && is_space(text[end - 1])) --end;
    return std::string(text.substr(begin, end - begin));
}

bool is_blank(std::string_view text) { return trimmed(text).empty(); }

bool has_ascii(std::string_view text, char from, char to) {
    return std::any_of(text.begin(), text.end(), [&](char c) { return c >= from && c <= to; });
}

std::string quoted(std::string_view text) { return fmt::format("\"{}\"", text); }

std::string indexed(const std::string& key, std::size_t index) {
    return key + "[" + std::to_string(index) + "]";
}

// Classification codes are dotted numbers (400.12.2.1); they end up inside the letter number,
// so a slash or a stray letter would corrupt every number issued.
bool is_classification(std::string_view text) {
    if (text.empty() || text.front() == '.' || text.back() == '.') return false;
    char previous = '.';
    for (char c : text) {
        if (c == '.' && previous == '.') return false;
        if (c != '.' && (c < '0' || c > '9')) return false;
        previous = c;
    }
    return true;
}

// {nomor:0N}, N in 1..9: the sequence number left-padded with zeros to N digits.
bool is_padded_nomor(std::string_view token) {
    return token.size() == 8 && token.substr(0, 7) == "nomor:0" && token[7] >= '1' &&
           token[7] <= '9';
}

std::optional<std::string> number_pattern_problem(std::string_view pattern) {
    int nomor_count = 0;
    std::size_t i = 0;
    while (i < pattern.size()) {
        if (pattern[i] == '}') return "has a '}' without a matching '{'";
        if (pattern[i] != '{') {
            ++i;
            continue;
        }
        std::size_t close = pattern.find('}', i + 1);
        if (close == std::string_view::npos) return "has a '{' without a closing '}'";
        std::string_view token = pattern.substr(i + 1, close - i - 1);
        if (token == "nomor" || is_padded_nomor(token)) {
            ++nomor_count;
        } else if (!contains(kNumberTokens, token)) {
            return "uses unknown token {" + std::string(token) +
                   "}; known are {klasifikasi}, {nomor} or {nomor:0N}, {kode_unit}, "
                   "{bulan_romawi}, {bulan}, {tahun}";
        }
        i = close + 1;
    }
    if (nomor_count == 0) return "must contain {nomor} or {nomor:0N}";
    if (nomor_count > 1) return "must contain {nomor} only once";
    return std::nullopt;
}

std::string field_keys_of(const LetterType& type) {
    if (type.fields.empty()) return "this letter type declares no fields";
    std::string out = "declared fields: ";
    for (std::size_t i = 0; i < type.fields.size(); ++i) {
        if (i) out += ", ";
        out += type.fields[i].key;
    }
    return out;
}

// Returns why the placeholder is not allowed, or nullopt when it is.
std::optional<std::string> placeholder_problem(const std::string& name, const LetterType& type) {
    if (contains(kPlainPlaceholders, name)) return std::nullopt;
    constexpr std::string_view kResident = "resident.";
    constexpr std::string_view kFields = "fields.";
    std::string_view view(name);
    if (view.substr(0, kResident.size()) == kResident) {
        if (contains(kResidentKeys, view.substr(kResident.size()))) return std::nullopt;
        return "(resident.<x> allows " + join(kResidentKeys) + ")";
    }
    if (view.substr(0, kFields.size()) == kFields) {
        if (type.find_field(view.substr(kFields.size()))) return std::nullopt;
        return "(" + field_keys_of(type) + ")";
    }
    return "(allowed: {{resident.<x>}}, {{fields.<key>}}, {{purpose}}, {{kelurahan.name}}, "
           "{{kelurahan.kecamatan}}, {{kelurahan.kota}}, {{rt_approval_date}}, "
           "{{valid_until}})";
}

void check_body(const TomlReader& reader, const LetterType& type) {
    const std::string& body = type.body;
    std::size_t i = 0;
    while (i < body.size()) {
        if (body.compare(i, 2, "{{") == 0) {
            std::size_t close = body.find("}}", i + 2);
            if (close == std::string::npos) {
                reader.fail("body", "has \"{{\" without a closing \"}}\"");
            }
            std::string name = body.substr(i + 2, close - i - 2);
            if (auto problem = placeholder_problem(name, type)) {
                reader.fail("body", "uses unknown placeholder {{" + name + "}} " + *problem);
            }
            if (name == "valid_until" && type.validity_months == 0) {
                reader.fail("body",
                            "uses {{valid_until}} but validity_months is 0 (the letter never "
                            "expires)");
            }
            i = close + 2;
        } else if (body[i] == '{' || body[i] == '}') {
            reader.fail("body", std::string("has a stray '") + body[i] +
                                    "'; placeholders are written {{name}}");
        } else {
            ++i;
        }
    }
}

// Required keys are read with a fallback and checked after finish(), so that a misspelt key is
// reported as unknown rather than as "the correct one is missing".
void require(const TomlReader& reader, const std::string& key, const std::string& what) {
    if (!reader.has(key)) reader.fail(key, "is required (" + what + ")");
}

void require_text(const TomlReader& reader, const std::string& key, const std::string& value) {
    if (is_blank(value)) reader.fail(key, "must not be empty");
}

int bounded_int(const TomlReader& reader, const std::string& key, std::int64_t value,
                std::int64_t low, std::int64_t high) {
    if (value < low || value > high) {
        reader.fail(key, "must be between " + std::to_string(low) + " and " + std::to_string(high) +
                             " (got " + std::to_string(value) + ")");
    }
    return static_cast<int>(value);
}

LetterField read_field(TomlReader& reader) {
    LetterField field;
    field.key = reader.string("key", std::string());
    field.label = reader.string("label", std::string());
    field.prompt = reader.string("prompt", std::string());
    std::string kind = reader.string("kind", std::string());
    field.required = reader.boolean("required", true);
    field.choices = reader.strings("choices", std::vector<std::string>{});
    std::vector<std::string> hints = reader.strings("hints", std::vector<std::string>{});
    field.said_after = reader.strings("said_after", std::vector<std::string>{});
    std::int64_t max_length = reader.integer("max_length", kDefaultFieldMaxLength);
    std::string text_case = reader.string("case", "phrase");
    reader.finish();

    require(reader, "key", "a snake_case name");
    require(reader, "label", "a string");
    require(reader, "prompt", "a string");
    require(reader, "kind", "one of " + join(kFieldKindNames));

    if (!is_snake_case(field.key)) {
        reader.fail("key",
                    quoted(field.key) + " must be snake_case: a-z first, then a-z, 0-9 or _");
    }
    require_text(reader, "label", field.label);
    require_text(reader, "prompt", field.prompt);
    auto parsed_kind = parse_field_kind(kind);
    if (!parsed_kind) reader.fail("kind", "must be one of " + join(kFieldKindNames));
    field.kind = *parsed_kind;

    if (field.kind == FieldKind::choice && field.choices.empty()) {
        reader.fail("choices", "must list the options when kind = \"choice\"");
    }
    if (field.kind != FieldKind::choice && reader.has("choices")) {
        reader.fail("choices", "is only allowed when kind = \"choice\"");
    }
    std::set<std::string> seen;
    for (std::size_t i = 0; i < field.choices.size(); ++i) {
        if (is_blank(field.choices[i])) reader.fail(indexed("choices", i), "must not be empty");
        if (!seen.insert(field.choices[i]).second) {
            reader.fail(indexed("choices", i), quoted(field.choices[i]) + " is listed twice");
        }
    }
    field.choice_hints.assign(field.choices.size(), {});
    for (std::size_t i = 0; i < hints.size(); ++i) {
        auto colon = hints[i].find(':');
        auto choice = colon == std::string::npos ? field.choices.end()
                                                 : std::find(field.choices.begin(), field.choices.end(),
                                                             std::string(trim(hints[i].substr(0, colon))));
        if (choice == field.choices.end()) {
            reader.fail(indexed("hints", i), "must be \"<one of the choices>: word, word\"");
        }
        for (const std::string& word : split(hints[i].substr(colon + 1), ',')) {
            std::string hint(trim(word));
            if (hint.empty() || hint != to_lower_ascii(hint)) {
                reader.fail(indexed("hints", i), "words must be lower case and not empty");
            }
            field.choice_hints[static_cast<std::size_t>(choice - field.choices.begin())].push_back(hint);
        }
    }
    if (!field.said_after.empty() && field.kind != FieldKind::text &&
        field.kind != FieldKind::number) {
        reader.fail("said_after", "is only allowed when kind = \"text\" or \"number\"");
    }
    for (std::size_t i = 0; i < field.said_after.size(); ++i) {
        const std::string& cue = field.said_after[i];
        if (is_blank(cue) || cue != to_lower_ascii(cue) || cue != trim(cue)) {
            reader.fail(indexed("said_after", i), "words must be lower case and not empty");
        }
    }
    if (reader.has("case") && field.kind != FieldKind::text) {
        reader.fail("case", "is only allowed when kind = \"text\"");
    }
    auto parsed_case = domain::parse_text_case(text_case);
    if (!parsed_case) reader.fail("case", quoted(text_case) + " must be one of sentence, title, phrase");
    field.text_case = *parsed_case;
    // Longest first, so "nama usaha" wins over "nama".
    std::stable_sort(
        field.said_after.begin(), field.said_after.end(),
        [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
    field.max_length = bounded_int(reader, "max_length", max_length, 1, kMaxFieldMaxLength);
    return field;
}

LetterRequirement read_requirement(TomlReader& reader) {
    LetterRequirement requirement;
    requirement.text = trimmed(reader.string("text", std::string()));
    std::string kind = reader.string("kind", std::string());
    requirement.mandatory = reader.boolean("mandatory", true);
    requirement.prompt = trimmed(reader.string("prompt", std::string()));
    requirement.confirmed_by_rt = reader.boolean("confirmed_by_rt", false);
    reader.finish();

    require(reader, "text", "a string");
    require(reader, "kind", "one of " + join(kRequirementKindNames));
    require_text(reader, "text", requirement.text);
    if (requirement.text.size() > kMaxRequirementText) {
        reader.fail("text", "must be at most " + std::to_string(kMaxRequirementText) + " characters");
    }
    auto parsed_kind = domain::parse_requirement_kind(kind);
    if (!parsed_kind) reader.fail("kind", "must be one of " + join(kRequirementKindNames));
    requirement.kind = *parsed_kind;
    if (requirement.kind == domain::RequirementKind::document) {
        require(reader, "prompt", "what the bot asks the citizen to send, when kind = \"document\"");
        require_text(reader, "prompt", requirement.prompt);
        if (requirement.prompt.size() > kMaxRequirementPrompt) {
            reader.fail("prompt", "must be at most " + std::to_string(kMaxRequirementPrompt) + " characters");
        }
    } else if (reader.has("prompt")) {
        reader.fail("prompt", "is only allowed when kind = \"document\" (staff check the rest themselves)");
    }
    if (requirement.confirmed_by_rt && requirement.kind != domain::RequirementKind::check) {
        reader.fail("confirmed_by_rt", "is only allowed when kind = \"check\" (the RT approves, it sends nothing)");
    }
    return requirement;
}

LetterType read_type(TomlReader& reader) {
    LetterType type;
    type.code = reader.string("code", std::string());
    type.name = reader.string("name", std::string());
    type.title = reader.string("title", std::string());
    type.aliases = reader.strings("aliases", std::vector<std::string>{});
    type.classification = reader.string("classification", std::string());
    // The list of strings of earlier releases: said plainly, not as an unknown key.
    if (reader.has("requirements")) {
        reader.fail("requirements",
                    "is no longer read; list each requirement as a [[letter_type.requirement]] table with text, "
                    "kind = \"document\" | \"check\", mandatory and (for documents) prompt");
    }
    std::int64_t target_hours = reader.integer("target_hours", 0);
    std::int64_t fee = reader.integer("fee", 0);
    type.needs_original = reader.boolean("needs_original", false);
    type.digital = reader.boolean("digital", false);
    std::int64_t validity_months = reader.integer("validity_months", 0);
    type.number_pattern = reader.string("number_pattern", std::string(kDefaultNumberPattern));
    std::string scope = reader.string("number_scope", "type");
    type.signer = reader.string("signer", "");
    type.body = trimmed(reader.string("body", std::string()));

    std::vector<TomlReader> field_readers = reader.tables("field");
    std::set<std::string> field_keys;
    for (std::size_t i = 0; i < field_readers.size(); ++i) {
        LetterField field = read_field(field_readers[i]);
        if (!field_keys.insert(field.key).second) {
            field_readers[i].fail(
                "key", quoted(field.key) + " is used by another field of " + quoted(type.code));
        }
        type.fields.push_back(std::move(field));
    }
    std::vector<TomlReader> requirement_readers = reader.tables("requirement");
    std::set<std::string> requirement_texts;
    for (auto& requirement_reader : requirement_readers) {
        LetterRequirement requirement = read_requirement(requirement_reader);
        if (!requirement_texts.insert(to_lower_ascii(requirement.text)).second) {
            requirement_reader.fail("text", quoted(requirement.text) + " is listed twice in " + quoted(type.code));
        }
        type.requirements.push_back(std::move(requirement));
    }
    reader.finish();

    require(reader, "code", "a snake_case name");
    require(reader, "name", "a string");
    require(reader, "title", "a string");
    require(reader, "classification", "an archive code such as 400.12.2.1");
    require(reader, "target_hours", "an integer");
    require(reader, "body", "a string");

    if (!is_snake_case(type.code)) {
        reader.fail("code",
                    quoted(type.code) + " must be snake_case: a-z first, then a-z, 0-9 or _");
    }
    require_text(reader, "name", type.name);
    require_text(reader, "title", type.title);
    if (has_ascii(type.title, 'a', 'z')) {
        reader.fail("title", quoted(type.title) + " must be upper case");
    }
    for (std::size_t i = 0; i < type.aliases.size(); ++i) {
        const std::string& alias = type.aliases[i];
        if (is_blank(alias)) reader.fail(indexed("aliases", i), "must not be empty");
        if (alias != trimmed(alias)) {
            reader.fail(indexed("aliases", i),
                        quoted(alias) + " must not start or end with a space");
        }
        if (has_ascii(alias, 'A', 'Z')) {
            reader.fail(indexed("aliases", i), quoted(alias) + " must be lower case");
        }
    }
    require_text(reader, "classification", type.classification);
    if (!is_classification(type.classification)) {
        reader.fail("classification", quoted(type.classification) +
                                          " must be digits separated by dots, e.g. 400.12.2.1");
    }
    if (type.requirements.empty()) {
        reader.fail("requirement", "must have at least one entry ([[letter_type.requirement]])");
    }
    type.target_hours = bounded_int(reader, "target_hours", target_hours, 1, kMaxTargetHours);
    if (fee < 0 || fee > kMaxFee) {
        reader.fail("fee", "must be between 0 and " + std::to_string(kMaxFee) + " rupiah (got " +
                               std::to_string(fee) + ")");
    }
    type.fee = static_cast<long>(fee);
    if (type.digital && type.needs_original) {
        reader.fail("digital",
                    "cannot be true together with needs_original = true (either the PDF is the "
                    "letter, or the signed original must be collected)");
    }
    type.validity_months =
        bounded_int(reader, "validity_months", validity_months, 0, kMaxValidityMonths);
    if (auto problem = number_pattern_problem(type.number_pattern)) {
        reader.fail("number_pattern", quoted(type.number_pattern) + " " + *problem);
    }
    auto parsed_scope = parse_number_scope(scope);
    if (!parsed_scope) reader.fail("number_scope", "must be one of " + join(kNumberScopeNames));
    type.number_scope = *parsed_scope;
    if (!type.signer.empty() && !is_snake_case(type.signer)) {
        reader.fail("signer", quoted(type.signer) + " must be the key of a [[signer]] in the kelurahan configuration");
    }
    require_text(reader, "body", type.body);
    check_body(reader, type);
    return type;
}

LetterCatalog read_catalog(TomlReader& root) {
    std::vector<TomlReader> readers = root.tables("letter_type");
    root.finish();
    if (readers.empty()) {
        root.fail("letter_type", "must have at least one entry ([[letter_type]])");
    }

    LetterCatalog catalog;
    std::map<std::string, std::size_t> code_index;
    for (std::size_t i = 0; i < readers.size(); ++i) {
        LetterType type = read_type(readers[i]);
        auto [it, inserted] = code_index.emplace(type.code, i);
        if (!inserted) {
            readers[i].fail("code", quoted(type.code) + " is already used by letter_type[" +
                                        std::to_string(it->second) + "]");
        }
        catalog.types.push_back(std::move(type));
    }

    // The bot maps what citizens type to a letter type through the aliases, so one word must
    // never lead to two types.
    std::map<std::string, std::string> alias_owner;
    for (std::size_t i = 0; i < catalog.types.size(); ++i) {
        const LetterType& type = catalog.types[i];
        for (std::size_t j = 0; j < type.aliases.size(); ++j) {
            const std::string& alias = type.aliases[j];
            std::string key = indexed("aliases", j);
            auto code = code_index.find(alias);
            if (code != code_index.end() && alias != type.code) {
                readers[i].fail(key, quoted(alias) + " of " + type.code +
                                         " is the code of letter type " + alias);
            }
            auto [owner, inserted] = alias_owner.emplace(alias, type.code);
            if (inserted) continue;
            if (owner->second == type.code) {
                readers[i].fail(key, quoted(alias) + " is listed twice in " + type.code);
            }
            readers[i].fail(key, quoted(alias) + " of " + type.code + " is already an alias of " +
                                     owner->second);
        }
    }
    // Letter numbers must be unique. Two types whose numbers read the same (same pattern and
    // classification) would both print ".../001/..." from their own sequences; only one shared
    // sequence keeps them apart.
    std::map<std::string, std::size_t> number_owner;
    for (std::size_t i = 0; i < catalog.types.size(); ++i) {
        const LetterType& type = catalog.types[i];
        std::string reads_as = type.number_pattern;
        for (auto at = reads_as.find("{klasifikasi}"); at != std::string::npos; at = reads_as.find("{klasifikasi}")) {
            reads_as.replace(at, std::string_view("{klasifikasi}").size(), type.classification);
        }
        auto [other, first] = number_owner.emplace(reads_as, i);
        if (first) continue;
        const LetterType& earlier = catalog.types[other->second];
        if (type.number_scope == NumberScope::shared && earlier.number_scope == NumberScope::shared) continue;
        readers[i].fail("number_scope",
                        "would repeat the letter numbers of letter_type[" + std::to_string(other->second) + "] (" +
                            quoted(earlier.code) + "): both are numbered " + quoted(reads_as) +
                            "; set number_scope = \"shared\" on both, or give one a different classification or "
                            "number_pattern");
    }

    return catalog;
}

}  // namespace

std::string_view to_string(FieldKind kind) {
    return kFieldKindNames[static_cast<std::size_t>(kind)];
}

std::optional<FieldKind> parse_field_kind(std::string_view text) {
    for (std::size_t i = 0; i < kFieldKindNames.size(); ++i) {
        if (kFieldKindNames[i] == text) return static_cast<FieldKind>(i);
    }
    return std::nullopt;
}

std::string_view to_string(NumberScope scope) {
    return kNumberScopeNames[static_cast<std::size_t>(scope)];
}

std::optional<NumberScope> parse_number_scope(std::string_view text) {
    for (std::size_t i = 0; i < kNumberScopeNames.size(); ++i) {
        if (kNumberScopeNames[i] == text) return static_cast<NumberScope>(i);
    }
    return std::nullopt;
}

const LetterField* LetterType::find_field(std::string_view key) const {
    for (const LetterField& field : fields) {
        if (field.key == key) return &field;
    }
    return nullptr;
}

const LetterType* LetterCatalog::find(std::string_view code) const {
    for (const LetterType& type : types) {
        if (type.code == code) return &type;
    }
    return nullptr;
}

LetterCatalog parse_letter_types(const std::string& toml_text, const std::string& source_name) {
    TomlReader root = TomlReader::parse(toml_text, source_name, no_environment());
    LetterCatalog catalog = read_catalog(root);
    catalog.source = source_name;
    return catalog;
}

LetterCatalog load_letter_types(const std::string& path) {
    TomlReader root = TomlReader::parse_file(path, no_environment());
    LetterCatalog catalog = read_catalog(root);
    catalog.source = path;
    return catalog;
}

void check_letter_signers(const LetterCatalog& catalog, const Config& config) {
    std::string keys;
    for (const auto& signer : config.signers) keys += (keys.empty() ? "" : ", ") + signer.key;
    for (std::size_t i = 0; i < catalog.types.size(); ++i) {
        const LetterType& type = catalog.types[i];
        if (type.signer.empty() || find_signer(config, type.signer)) continue;
        throw ConfigError(catalog.source + ": letter_type[" + std::to_string(i) + "].signer " + quoted(type.signer) +
                          " is not a [[signer]] key of " + config.source + " (known: " + keys + ")");
    }
}

}  // namespace ekel::config
