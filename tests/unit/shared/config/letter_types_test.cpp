#include "shared/config/letter_types.h"

#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

#include "shared/config/config_error.h"

TEST_SUITE_BEGIN("config");

using ekel::config::ConfigError;
using ekel::config::FieldKind;
using ekel::config::LetterCatalog;
using ekel::config::NumberScope;
using ekel::config::parse_letter_types;

namespace {

const char* const kSource = "test.toml";

/// One [[letter_type]] table built from key = value lines, so a case can change or drop one key.
struct Entry {
    std::vector<std::pair<std::string, std::string>> keys = {
        {"code", R"("alpha")"},
        {"name", R"("Surat Keterangan Alpha")"},
        {"title", R"("SURAT KETERANGAN ALPHA")"},
        {"classification", R"("400.12.2.1")"},
        {"target_hours", "24"},
        {"body", R"("""
Nama tersebut di atas benar warga Kelurahan {{kelurahan.name}}.

Surat keterangan ini diberikan untuk keperluan: {{purpose}}.
""")"},
    };
    std::string fields;  // [[letter_type.field]] tables, appended after the keys
    // [[letter_type.requirement]] tables, appended after the fields
    std::string requirements =
        "[[letter_type.requirement]]\ntext = \"KTP-el pemohon\"\nkind = \"check\"\n"
        "[[letter_type.requirement]]\ntext = \"Kartu Keluarga (KK)\"\nkind = \"document\"\n"
        "prompt = \"Silakan kirim foto KK Anda.\"\n";

    explicit Entry(const std::string& code = "alpha") { set("code", "\"" + code + "\""); }

    Entry& set(const std::string& key, const std::string& value) {
        for (auto& [k, v] : keys) {
            if (k == key) {
                v = value;
                return *this;
            }
        }
        keys.emplace_back(key, value);
        return *this;
    }
    Entry& drop(const std::string& key) {
        std::erase_if(keys, [&](const auto& kv) { return kv.first == key; });
        return *this;
    }
    Entry& field(const std::string& lines) {
        fields += "[[letter_type.field]]\n" + lines + "\n";
        return *this;
    }
    /// Replaces the requirement tables with these (each given as its key lines).
    Entry& only_requirements(const std::vector<std::string>& tables) {
        requirements.clear();
        for (const auto& lines : tables) requirements += "[[letter_type.requirement]]\n" + lines + "\n";
        return *this;
    }
    std::string toml() const {
        std::string text = "[[letter_type]]\n";
        for (const auto& [k, v] : keys) text += k + " = " + v + "\n";
        return text + fields + requirements;
    }
};

const std::string kTextField =
    "key = \"nama\"\nlabel = \"Nama\"\nprompt = \"Siapa namanya?\"\n"
    "kind = \"text\"";

/// The ConfigError message parsing produces, or "" when the text is accepted.
std::string error_of(const std::string& toml) {
    try {
        parse_letter_types(toml, kSource);
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("the shipped catalogue loads and offers every required letter type") {
    const LetterCatalog catalog =
        ekel::config::load_letter_types(std::string(EKEL_REPO_DIR) + "/config/letter_types.toml");

    const std::vector<std::string> required = {
        "domisili",    "sktm",      "pengantar_skck",  "usaha",      "belum_menikah",
        "kematian",    "kelahiran", "pindah",          "ahli_waris", "pengantar_nikah",
        "penghasilan", "keramaian", "pengantar_ktp_kk"};
    for (const std::string& code : required) {
        CAPTURE(code);
        const auto* type = catalog.find(code);
        REQUIRE(type != nullptr);
        CHECK_FALSE(type->requirements.empty());
        CHECK_FALSE(type->name.empty());
        CHECK_FALSE(type->title.empty());
        CHECK_FALSE(type->aliases.empty());
        CHECK_FALSE(type->body.empty());
        CHECK(type->target_hours > 0);
        CHECK_FALSE((type->digital && type->needs_original));
    }

    const auto* domisili = catalog.find("domisili");
    REQUIRE(domisili != nullptr);
    CHECK(domisili->validity_months == 6);
    CHECK(domisili->classification == "400.12.2.1");
    CHECK(domisili->number_pattern == ekel::config::kDefaultNumberPattern);
    // One register of outgoing letters: several types share a classification code.
    for (const auto& type : catalog.types) CHECK(type.number_scope == NumberScope::shared);

    // What the letter states was received must be asked for: the SKTM's signed statement.
    const auto* sktm = catalog.find("sktm");
    REQUIRE(sktm != nullptr);
    bool statement = false;
    for (const auto& r : sktm->requirements) {
        if (r.text.find("Surat pernyataan") == 0) {
            statement = r.kind == ekel::domain::RequirementKind::document && r.mandatory && !r.prompt.empty();
        }
    }
    CHECK(statement);
    CHECK(sktm->requirements.front().text == "Persetujuan Ketua RT setempat");
    CHECK(sktm->requirements.front().kind == ekel::domain::RequirementKind::check);
    CHECK(sktm->requirements.front().confirmed_by_rt);

    const auto* kelahiran = catalog.find("kelahiran");
    REQUIRE(kelahiran != nullptr);
    const auto* sex = kelahiran->find_field("jenis_kelamin_bayi");
    REQUIRE(sex != nullptr);
    CHECK(sex->kind == FieldKind::choice);
    CHECK(sex->choices == std::vector<std::string>{"Laki-laki", "Perempuan"});
}

TEST_CASE("the shipped catalogue maps the abbreviations citizens use") {
    const LetterCatalog catalog =
        ekel::config::load_letter_types(std::string(EKEL_REPO_DIR) + "/config/letter_types.toml");
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"sktm", "sktm"},
        {"surat miskin", "sktm"},
        {"skd", "domisili"},
        {"sku", "usaha"},
        {"skck", "pengantar_skck"},
        {"n1", "pengantar_nikah"},
        {"surat lajang", "belum_menikah"},
        {"surat waris", "ahli_waris"},
        {"izin keramaian", "keramaian"},
        {"ktp hilang", "pengantar_ktp_kk"},
    };
    for (const auto& [alias, code] : cases) {
        CAPTURE(alias);
        std::string owner;
        for (const auto& type : catalog.types) {
            for (const auto& a : type.aliases) {
                if (a == alias) owner = type.code;
            }
        }
        CHECK(owner == code);
    }
}

TEST_CASE("a minimal entry parses and optional keys take their defaults") {
    const LetterCatalog catalog = parse_letter_types(Entry().field(kTextField).toml(), kSource);
    REQUIRE(catalog.types.size() == 1);
    const auto& type = catalog.types[0];
    CHECK(type.code == "alpha");
    CHECK(type.aliases.empty());
    REQUIRE(type.requirements.size() == 2);
    CHECK(type.requirements[0].text == "KTP-el pemohon");
    CHECK(type.requirements[0].kind == ekel::domain::RequirementKind::check);
    CHECK(type.requirements[0].mandatory);  // the default
    CHECK(type.requirements[0].prompt.empty());
    CHECK(type.requirements[1].kind == ekel::domain::RequirementKind::document);
    CHECK(type.requirements[1].prompt == "Silakan kirim foto KK Anda.");
    CHECK(type.target_hours == 24);
    CHECK(type.fee == 0);
    CHECK_FALSE(type.needs_original);
    CHECK_FALSE(type.digital);
    CHECK(type.validity_months == 0);
    CHECK(type.number_pattern == "{klasifikasi}/{nomor:03}/{kode_unit}/{bulan_romawi}/{tahun}");
    CHECK(type.number_scope == NumberScope::type);
    CHECK(type.body.front() == 'N');  // surrounding whitespace of a multi-line string is trimmed
    REQUIRE(type.fields.size() == 1);
    CHECK(type.fields[0].key == "nama");
    CHECK(type.fields[0].kind == FieldKind::text);
    CHECK(type.fields[0].required);
    CHECK(type.fields[0].max_length == 120);
    CHECK(type.fields[0].choices.empty());
}

TEST_CASE("find and find_field return the entry or nullptr") {
    const std::string toml =
        Entry("alpha").field(kTextField).toml() +
        Entry("beta")
            .set("classification", R"("400.12.3.1")")
            .field(
                "key = \"jenis\"\nlabel = \"Jenis\"\nprompt = \"Jenis apa?\"\n"
                "kind = \"choice\"\nchoices = [\"A\", \"B\"]\nrequired = false\nmax_length = 10")
            .toml();
    const LetterCatalog catalog = parse_letter_types(toml, kSource);

    const auto* beta = catalog.find("beta");
    REQUIRE(beta != nullptr);
    CHECK(beta->code == "beta");
    CHECK(catalog.find("gamma") == nullptr);
    CHECK(catalog.find("") == nullptr);

    const auto* jenis = beta->find_field("jenis");
    REQUIRE(jenis != nullptr);
    CHECK(jenis->kind == FieldKind::choice);
    CHECK_FALSE(jenis->required);
    CHECK(jenis->max_length == 10);
    CHECK(jenis->choices == std::vector<std::string>{"A", "B"});
    CHECK(beta->find_field("nama") == nullptr);
    CHECK(catalog.find("alpha")->find_field("nama") != nullptr);
}

TEST_CASE("said_after cues are kept longest first") {
    const LetterCatalog catalog = parse_letter_types(
        Entry().field(kTextField + "\nsaid_after = [\"nama\", \"nama usaha\"]").toml(), kSource);
    CHECK(catalog.types[0].fields[0].said_after == std::vector<std::string>{"nama usaha", "nama"});
}

TEST_CASE("every allowed placeholder, a custom number pattern and a shared scope are accepted") {
    Entry entry;
    entry.set("validity_months", "6")
        .set("digital", "true")
        .set("fee", "5000")
        .set("aliases", R"(["alpha", "surat alpha"])")
        .set("number_pattern", R"("{klasifikasi}/{nomor}/{kode_unit}/{bulan}/{tahun}")")
        .set("number_scope", R"("shared")")
        .set("body", R"("""
{{resident.full_name}} {{resident.nik}} {{resident.kk}} {{resident.sex}} {{resident.birth_place}}
{{resident.birth_date}} {{resident.religion}} {{resident.marital_status}} {{resident.occupation}}
{{resident.address}} {{resident.rt}} {{resident.rw}} {{fields.nama}} {{purpose}}
{{kelurahan.name}} {{kelurahan.kecamatan}} {{kelurahan.kota}} {{rt_approval_date}} {{valid_until}}
""")")
        .field(kTextField);
    const LetterCatalog catalog = parse_letter_types(entry.toml(), kSource);
    REQUIRE(catalog.types.size() == 1);
    const auto& type = catalog.types[0];
    CHECK(type.number_scope == NumberScope::shared);
    CHECK(type.number_pattern == "{klasifikasi}/{nomor}/{kode_unit}/{bulan}/{tahun}");
    CHECK(type.fee == 5000);
    CHECK(type.validity_months == 6);
    CHECK(type.digital);
}

TEST_CASE("each invalid catalogue is rejected with a message naming the key path") {
    struct Case {
        std::string name;
        std::string toml;
        std::string expected;
    };
    const std::string choice_field =
        "key = \"jenis\"\nlabel = \"Jenis\"\nprompt = \"Jenis apa?\"\nkind = \"choice\"";

    const std::vector<Case> cases = {
        {"no letter types", "", "test.toml: letter_type must have at least one entry"},
        {"letter_type is not an array of tables", "letter_type = 1\n",
         "test.toml: letter_type must be an array of tables"},
        {"unknown top-level key", "colour = 1\n" + Entry().toml(),
         "test.toml: colour is not a known setting"},
        {"unknown entry key", Entry().set("colour", R"("red")").toml(),
         "test.toml: letter_type[0].colour is not a known setting"},
        {"misspelt key is reported as unknown, not as missing",
         Entry().drop("target_hours").set("target_hour", "24").toml(),
         "test.toml: letter_type[0].target_hour is not a known setting"},
        {"unknown field key", Entry().field(kTextField + "\nhint = \"x\"").toml(),
         "test.toml: letter_type[0].field[0].hint is not a known setting"},
        {"missing code", Entry().drop("code").toml(), "test.toml: letter_type[0].code is required"},
        {"code with upper case", Entry("Alpha").toml(),
         "test.toml: letter_type[0].code \"Alpha\" must be snake_case"},
        {"code starting with a digit", Entry("9alpha").toml(),
         "test.toml: letter_type[0].code \"9alpha\" must be snake_case"},
        {"code with a dash", Entry("surat-alpha").toml(),
         "test.toml: letter_type[0].code \"surat-alpha\" must be snake_case"},
        {"duplicate code", Entry("alpha").toml() + Entry("beta").toml() + Entry("alpha").toml(),
         "test.toml: letter_type[2].code \"alpha\" is already used by letter_type[0]"},
        {"alias shared by two types",
         Entry("alpha").set("aliases", R"(["abc"])").toml() +
             Entry("beta").set("aliases", R"(["xyz", "abc"])").toml(),
         "test.toml: letter_type[1].aliases[1] \"abc\" of beta is already an alias of alpha"},
        {"alias equal to another type's code",
         Entry("alpha").toml() + Entry("beta").set("aliases", R"(["alpha"])").toml(),
         "test.toml: letter_type[1].aliases[0] \"alpha\" of beta is the code of letter type alpha"},
        {"alias listed twice", Entry().set("aliases", R"(["abc", "abc"])").toml(),
         "test.toml: letter_type[0].aliases[1] \"abc\" is listed twice in alpha"},
        {"alias in upper case", Entry().set("aliases", R"(["SKTM"])").toml(),
         "test.toml: letter_type[0].aliases[0] \"SKTM\" must be lower case"},
        {"empty alias", Entry().set("aliases", R"(["ok", " "])").toml(),
         "test.toml: letter_type[0].aliases[1] must not be empty"},
        {"alias that is not a string", Entry().set("aliases", R"(["ok", 1])").toml(),
         "test.toml: letter_type[0].aliases[1] must be a string"},
        {"empty name", Entry().set("name", R"("")").toml(),
         "test.toml: letter_type[0].name must not be empty"},
        {"blank title", Entry().set("title", R"("   ")").toml(),
         "test.toml: letter_type[0].title must not be empty"},
        {"title not in upper case", Entry().set("title", R"("Surat Alpha")").toml(),
         "test.toml: letter_type[0].title \"Surat Alpha\" must be upper case"},
        {"empty body",
         Entry()
             .set("body", R"("""
""")")
             .toml(),
         "test.toml: letter_type[0].body must not be empty"},
        {"missing body", Entry().drop("body").toml(), "test.toml: letter_type[0].body is required"},
        {"empty classification", Entry().set("classification", R"("")").toml(),
         "test.toml: letter_type[0].classification must not be empty"},
        {"classification with a slash", Entry().set("classification", R"("400/12")").toml(),
         "test.toml: letter_type[0].classification \"400/12\" must be digits separated by dots"},
        {"classification with letters", Entry().set("classification", R"("S-01")").toml(),
         "test.toml: letter_type[0].classification \"S-01\" must be digits separated by dots"},
        {"no requirements", Entry().only_requirements({}).toml(),
         "test.toml: letter_type[0].requirement must have at least one entry ([[letter_type.requirement]])"},
        {"the old list of strings",
         Entry().set("requirements", R"(["KTP-el"])").toml(),
         "test.toml: letter_type[0].requirements is no longer read; list each requirement as a "
         "[[letter_type.requirement]] table"},
        {"blank requirement text",
         Entry().only_requirements({"text = \"KTP-el\"\nkind = \"check\"", "text = \" \"\nkind = \"check\""}).toml(),
         "test.toml: letter_type[0].requirement[1].text must not be empty"},
        {"missing requirement text", Entry().only_requirements({"kind = \"check\""}).toml(),
         "test.toml: letter_type[0].requirement[0].text is required"},
        {"unknown requirement kind",
         Entry().only_requirements({"text = \"KK\"\nkind = \"photo\"\nprompt = \"Kirim KK.\""}).toml(),
         "test.toml: letter_type[0].requirement[0].kind must be one of document, check"},
        {"missing requirement kind", Entry().only_requirements({"text = \"KK\""}).toml(),
         "test.toml: letter_type[0].requirement[0].kind is required"},
        {"document without a prompt",
         Entry().only_requirements({"text = \"KK\"\nkind = \"document\""}).toml(),
         "test.toml: letter_type[0].requirement[0].prompt is required (what the bot asks the citizen to send"},
        {"document with a blank prompt",
         Entry().only_requirements({"text = \"KK\"\nkind = \"document\"\nprompt = \"  \""}).toml(),
         "test.toml: letter_type[0].requirement[0].prompt must not be empty"},
        {"check with a prompt",
         Entry().only_requirements({"text = \"Persetujuan RT\"\nkind = \"check\"\nprompt = \"Kirim.\""}).toml(),
         "test.toml: letter_type[0].requirement[0].prompt is only allowed when kind = \"document\""},
        {"a document confirmed by the RT",
         Entry().only_requirements({"text = \"KK\"\nkind = \"document\"\nprompt = \"Kirim KK.\"\nconfirmed_by_rt = true"}).toml(),
         "test.toml: letter_type[0].requirement[0].confirmed_by_rt is only allowed when kind = \"check\""},
        {"confirmed_by_rt not a boolean",
         Entry().only_requirements({"text = \"Persetujuan RT\"\nkind = \"check\"\nconfirmed_by_rt = 1"}).toml(),
         "test.toml: letter_type[0].requirement[0].confirmed_by_rt must be true or false"},
        {"mandatory not a boolean",
         Entry().only_requirements({"text = \"KK\"\nkind = \"check\"\nmandatory = \"ya\""}).toml(),
         "test.toml: letter_type[0].requirement[0].mandatory must be true or false"},
        {"unknown requirement key",
         Entry().only_requirements({"text = \"KK\"\nkind = \"check\"\noptional = true"}).toml(),
         "test.toml: letter_type[0].requirement[0].optional is not a known setting"},
        {"requirement listed twice",
         Entry().only_requirements({"text = \"KK\"\nkind = \"check\"", "text = \"kk\"\nkind = \"check\""}).toml(),
         "test.toml: letter_type[0].requirement[1].text \"kk\" is listed twice in \"alpha\""},
        {"zero target_hours", Entry().set("target_hours", "0").toml(),
         "test.toml: letter_type[0].target_hours must be between 1 and 8760 (got 0)"},
        {"target_hours as a string", Entry().set("target_hours", R"("24")").toml(),
         "test.toml: letter_type[0].target_hours must be an integer"},
        {"negative fee", Entry().set("fee", "-1").toml(),
         "test.toml: letter_type[0].fee must be between 0 and"},
        {"negative validity_months", Entry().set("validity_months", "-1").toml(),
         "test.toml: letter_type[0].validity_months must be between 0 and 120 (got -1)"},
        {"digital together with needs_original",
         Entry().set("digital", "true").set("needs_original", "true").toml(),
         "test.toml: letter_type[0].digital cannot be true together with needs_original"},
        {"needs_original not a boolean", Entry().set("needs_original", R"("ya")").toml(),
         "test.toml: letter_type[0].needs_original must be true or false"},
        {"duplicate field key", Entry().field(kTextField).field(kTextField).toml(),
         "test.toml: letter_type[0].field[1].key \"nama\" is used by another field of \"alpha\""},
        {"field key not snake_case",
         Entry()
             .field("key = \"Nama Usaha\"\nlabel = \"Nama\"\nprompt = \"Nama?\"\nkind = \"text\"")
             .toml(),
         "test.toml: letter_type[0].field[0].key \"Nama Usaha\" must be snake_case"},
        {"unknown field kind",
         Entry()
             .field("key = \"nama\"\nlabel = \"Nama\"\nprompt = \"Nama?\"\nkind = \"email\"")
             .toml(),
         "test.toml: letter_type[0].field[0].kind must be one of text, date, number, phone, nik, "
         "choice"},
        {"missing field kind",
         Entry().field("key = \"nama\"\nlabel = \"Nama\"\nprompt = \"Nama?\"").toml(),
         "test.toml: letter_type[0].field[0].kind is required"},
        {"empty field label",
         Entry().field("key = \"nama\"\nlabel = \"\"\nprompt = \"Nama?\"\nkind = \"text\"").toml(),
         "test.toml: letter_type[0].field[0].label must not be empty"},
        {"empty field prompt",
         Entry().field("key = \"nama\"\nlabel = \"Nama\"\nprompt = \" \"\nkind = \"text\"").toml(),
         "test.toml: letter_type[0].field[0].prompt must not be empty"},
        {"choice without choices", Entry().field(choice_field).toml(),
         "test.toml: letter_type[0].field[0].choices must list the options when kind = \"choice\""},
        {"choice with an empty list", Entry().field(choice_field + "\nchoices = []").toml(),
         "test.toml: letter_type[0].field[0].choices must list the options"},
        {"choices on a text field", Entry().field(kTextField + "\nchoices = [\"A\"]").toml(),
         "test.toml: letter_type[0].field[0].choices is only allowed when kind = \"choice\""},
        {"duplicate choice", Entry().field(choice_field + "\nchoices = [\"A\", \"A\"]").toml(),
         "test.toml: letter_type[0].field[0].choices[1] \"A\" is listed twice"},
        {"said_after on a choice field",
         Entry().field(choice_field + "\nchoices = [\"A\"]\nsaid_after = [\"a\"]").toml(),
         "test.toml: letter_type[0].field[0].said_after is only allowed when kind = \"text\" or "
         "\"number\""},
        {"said_after in capitals",
         Entry().field(kTextField + "\nsaid_after = [\"nama\", \"Namanya\"]").toml(),
         "test.toml: letter_type[0].field[0].said_after[1] words must be lower case and not empty"},
        {"max_length zero", Entry().field(kTextField + "\nmax_length = 0").toml(),
         "test.toml: letter_type[0].field[0].max_length must be between 1 and 1000"},
        {"max_length too large", Entry().field(kTextField + "\nmax_length = 1001").toml(),
         "test.toml: letter_type[0].field[0].max_length must be between 1 and 1000"},
        {"error in the second field of the second type",
         Entry("alpha").toml() +
             Entry("beta").field(kTextField).field(choice_field + "\nkind2 = 1").toml(),
         "test.toml: letter_type[1].field[1].kind2 is not a known setting"},
        {"number_pattern without nomor",
         Entry().set("number_pattern", R"("{klasifikasi}/{tahun}")").toml(),
         "test.toml: letter_type[0].number_pattern \"{klasifikasi}/{tahun}\" must contain {nomor}"},
        {"number_pattern with an unknown token",
         Entry().set("number_pattern", R"("{klasifikasi}/{nomor}/{kode_desa}")").toml(),
         "test.toml: letter_type[0].number_pattern \"{klasifikasi}/{nomor}/{kode_desa}\" uses "
         "unknown token {kode_desa}"},
        {"number_pattern with padding not written 0N",
         Entry().set("number_pattern", R"("{klasifikasi}/{nomor:3}")").toml(),
         "test.toml: letter_type[0].number_pattern \"{klasifikasi}/{nomor:3}\" uses unknown token "
         "{nomor:3}"},
        {"number_pattern with an unclosed brace",
         Entry().set("number_pattern", R"("{klasifikasi}/{nomor")").toml(),
         "test.toml: letter_type[0].number_pattern \"{klasifikasi}/{nomor\" has a '{' without a "
         "closing '}'"},
        {"number_pattern with a stray closing brace",
         Entry().set("number_pattern", R"("{nomor}/tahun}")").toml(),
         "has a '}' without a matching '{'"},
        {"number_pattern with nomor twice",
         Entry().set("number_pattern", R"("{nomor}/{nomor:03}")").toml(),
         "test.toml: letter_type[0].number_pattern \"{nomor}/{nomor:03}\" must contain {nomor} "
         "only once"},
        {"unknown number_scope", Entry().set("number_scope", R"("global")").toml(),
         "test.toml: letter_type[0].number_scope must be one of type, shared"},
        {"unknown resident placeholder",
         Entry().set("body", R"("Gaji {{resident.salary}}.")").toml(),
         "test.toml: letter_type[0].body uses unknown placeholder {{resident.salary}}"},
        {"placeholder for an undeclared field",
         Entry().set("body", R"("Usaha {{fields.nama_usaha}}.")").field(kTextField).toml(),
         "test.toml: letter_type[0].body uses unknown placeholder {{fields.nama_usaha}} "
         "(declared fields: nama)"},
        {"placeholder outside the known groups", Entry().set("body", R"("Nama {{nama}}.")").toml(),
         "test.toml: letter_type[0].body uses unknown placeholder {{nama}}"},
        {"placeholder with spaces", Entry().set("body", R"("Untuk {{ purpose }}.")").toml(),
         "test.toml: letter_type[0].body uses unknown placeholder {{ purpose }}"},
        {"unclosed placeholder", Entry().set("body", R"("Untuk {{purpose.")").toml(),
         "test.toml: letter_type[0].body has \"{{\" without a closing \"}}\""},
        {"single-brace placeholder", Entry().set("body", R"("Untuk {purpose}.")").toml(),
         "test.toml: letter_type[0].body has a stray '{'"},
        {"valid_until on a letter that never expires",
         Entry().set("body", R"("Berlaku sampai {{valid_until}}.")").toml(),
         "test.toml: letter_type[0].body uses {{valid_until}} but validity_months is 0"},
        {"two types whose own sequences would print the same numbers",
         Entry("alpha").toml() + Entry("beta").set("aliases", R"(["beta"])").toml(),
         "test.toml: letter_type[1].number_scope would repeat the letter numbers of letter_type[0] "
         "(\"alpha\"): "
         "both are numbered \"400.12.2.1/{nomor:03}/"},
        {"a shared type beside a type with its own sequence and the same numbers",
         Entry("alpha").set("number_scope", R"("shared")").toml() + Entry("beta").toml(),
         "test.toml: letter_type[1].number_scope would repeat the letter numbers of "
         "letter_type[0]"},
        {"TOML syntax error", "[[letter_type]\n", "test.toml:1:"},
    };

    for (const auto& c : cases) {
        CAPTURE(c.name);
        CAPTURE(c.toml);
        const std::string message = error_of(c.toml);
        CAPTURE(message);
        CHECK(message.rfind("test.toml:", 0) == 0);
        CHECK(message.find(c.expected) != std::string::npos);
    }
}

TEST_CASE("types may share a classification when they share one sequence, or differ in classification") {
    const std::string shared = R"("shared")";
    CHECK(error_of(Entry("alpha").set("number_scope", shared).toml() +
                   Entry("beta").set("number_scope", shared).toml()) == "");
    CHECK(error_of(Entry("alpha").toml() + Entry("beta").set("classification", R"("400.12.3.1")").toml()) == "");
}

TEST_CASE("a missing catalogue file is a ConfigError naming the file") {
    CHECK_THROWS_AS(ekel::config::load_letter_types("/nonexistent/letter_types.toml"), ConfigError);
    CHECK_THROWS_WITH(ekel::config::load_letter_types("/nonexistent/letter_types.toml"),
                      doctest::Contains("/nonexistent/letter_types.toml: cannot be read"));
}

TEST_CASE("field kinds and number scopes round-trip through their text form") {
    for (FieldKind kind : {FieldKind::text, FieldKind::date, FieldKind::number, FieldKind::phone,
                           FieldKind::nik, FieldKind::choice}) {
        CAPTURE(ekel::config::to_string(kind));
        CHECK(ekel::config::parse_field_kind(ekel::config::to_string(kind)) == kind);
    }
    CHECK(ekel::config::to_string(FieldKind::nik) == "nik");
    CHECK_FALSE(ekel::config::parse_field_kind("Text").has_value());
    CHECK_FALSE(ekel::config::parse_field_kind("").has_value());

    CHECK(ekel::config::to_string(NumberScope::shared) == "shared");
    CHECK(ekel::config::parse_number_scope("type") == NumberScope::type);
    CHECK(ekel::config::parse_number_scope("shared") == NumberScope::shared);
    CHECK_FALSE(ekel::config::parse_number_scope("global").has_value());
}

TEST_SUITE_END();
