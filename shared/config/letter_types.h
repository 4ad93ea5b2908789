#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shared/config/config.h"
#include "shared/domain/official_text.h"
#include "shared/domain/requirement.h"

namespace ekel::config {

/// Letter number layout used when a letter type sets no number_pattern.
inline constexpr std::string_view kDefaultNumberPattern =
    "{klasifikasi}/{nomor:03}/{kode_unit}/{bulan_romawi}/{tahun}";
inline constexpr int kDefaultFieldMaxLength = 120;
inline constexpr int kMaxFieldMaxLength = 1000;

/// How the bot validates an extra field's answer. The text is the `kind` value in the TOML file.
enum class FieldKind { text, date, number, phone, nik, choice };
std::string_view to_string(FieldKind kind);
std::optional<FieldKind> parse_field_kind(std::string_view text);

/// `type`: one sequence per letter type per year; `shared`: one kelurahan-wide sequence per year.
enum class NumberScope { type, shared };
std::string_view to_string(NumberScope scope);
std::optional<NumberScope> parse_number_scope(std::string_view text);

/// One extra piece of data the bot asks for (beyond the resident's identity and the purpose).
struct LetterField {
    std::string key;     ///< snake_case; used in the body as {{fields.<key>}}
    std::string label;   ///< Indonesian label for staff screens and the letter
    std::string prompt;  ///< the question the bot asks the citizen
    FieldKind kind = FieldKind::text;
    bool required = true;
    std::vector<std::string> choices;  ///< non-empty exactly when kind == choice
    /// Per choice, lower-case words that imply it in a citizen's message ("sekolah" → Pendidikan),
    /// so one message can fill the field. From `hints = ["Pendidikan: sekolah, kuliah", …]`.
    std::vector<std::vector<std::string>> choice_hints;
    /// Lower-case words after which a citizen's message gives this field's value ("namanya",
    /// "sejak tahun"), so "sku, usaha saya bengkel, sejak 2019" is not asked again. Text and
    /// number fields only; from `said_after = [...]`, longest first.
    std::vector<std::string> said_after;
    int max_length = kDefaultFieldMaxLength;
    /// How a text answer is capitalised on the letter (`case = "sentence" | "title" | "phrase"`,
    /// text fields only; phrase when left out).
    domain::TextCase text_case = domain::TextCase::phrase;
};

/// One requirement of a letter type ([[letter_type.requirement]]): a document the citizen sends
/// or brings, or a fact staff check.
struct LetterRequirement {
    std::string text;  ///< as shown to citizens and staff, e.g. "Kartu Keluarga (KK)"
    domain::RequirementKind kind = domain::RequirementKind::document;
    bool mandatory = true;  ///< false: the citizen may say they do not have it
    bool confirmed_by_rt = false;  ///< checks only: ticked when the RT head approves
    std::string prompt;     ///< documents only: what the bot asks for
};

/// One entry of config/letter_types.toml. Everything here has passed validation.
struct LetterType {
    std::string code;                  ///< ^[a-z][a-z0-9_]*$, unique; stored on requests
    std::string name;                  ///< display name, e.g. "Surat Keterangan Tidak Mampu"
    std::string title;                 ///< upper-case title printed on the letter
    std::vector<std::string> aliases;  ///< lower case, unique across the catalogue
    std::string classification;        ///< archive code (Permendagri 83/2022), e.g. 400.12.2.1
    std::vector<LetterRequirement> requirements;  ///< at least one, in the order the bot asks
    std::vector<LetterField> fields;
    int target_hours = 0;
    long fee = 0;                 ///< rupiah
    bool needs_original = false;  ///< the citizen collects the signed original at the office
    bool digital = false;         ///< the PDF with QR code is the letter itself
    int validity_months = 0;      ///< 0 = no expiry
    std::string number_pattern{kDefaultNumberPattern};
    NumberScope number_scope = NumberScope::type;
    std::string signer;  ///< key of the default [[signer]]; empty: the first signer
    std::string body;  ///< statement paragraphs (blank-line separated) with {{placeholders}}

    /// nullptr when the type has no field with that key.
    const LetterField* find_field(std::string_view key) const;
};

struct LetterCatalog {
    std::vector<LetterType> types;  ///< in file order
    std::string source;             ///< the file it came from, for error messages
    /// Chat words and their official forms, for free text headed for a letter; empty unless
    /// loaded (load_letter_catalog).
    domain::OfficialWords words;

    /// By code; nullptr when unknown.
    const LetterType* find(std::string_view code) const;
};

/// Parses and validates a catalogue. Throws ConfigError naming source_name and the key path,
/// e.g. "config/letter_types.toml: letter_type[3].field[1].kind must be one of text, date, ...".
LetterCatalog parse_letter_types(const std::string& toml_text, const std::string& source_name);
/// Reads the file at path and parses it as above; a missing file is a ConfigError too.
LetterCatalog load_letter_types(const std::string& path);
/// Throws ConfigError when a letter type's `signer` is not a [[signer]] of the configuration.
void check_letter_signers(const LetterCatalog& catalog, const Config& config);

}  // namespace ekel::config
