#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "bot/nlu/classifier.h"
#include "bot/nlu/intent.h"
#include "bot/nlu/normalizer.h"
#include "shared/config/letter_types.h"
#include "shared/domain/date.h"

namespace ekel::bot::nlu {

/// Everything understood from one message. Slots are filled whatever the intent, except that
/// RT-head commands carry only request_code and free_text, and purpose is kept only for
/// request_letter, ask_requirements and provide_data.
struct ParsedMessage {
    Intent intent = Intent::unknown;
    std::optional<std::string> letter_type;  ///< catalogue code
    std::optional<std::string> nik, kk;      ///< validated 16-digit strings only
    std::optional<int> rt, rw;
    std::optional<std::string> request_code;  ///< upper case, e.g. "BLB-2611-0042"
    std::optional<std::string> date;          ///< ISO "1985-08-12"
    std::optional<std::string> name;          ///< as typed, after "nama", "a.n.", "atas nama"
    std::optional<std::string> purpose;       ///< as typed, after untuk/buat/utk/gasan/keperluan
    std::optional<std::string> info_topic;  ///< ask_info: hours | fee | duration | location | lurah |
                                            ///< collection; help: staff
    std::optional<std::string> free_text;   ///< complaint text; an RT head's reason
    std::optional<int> choice;              ///< a typed pick of a list row or button: "2", "yang kedua"
    std::optional<std::string> redirect;    ///< unknown: where it belongs (polisi, bpn, ..., spam, social)
    std::optional<std::string> other_letter_type;  ///< a second letter asked for in the same message
    double confidence = 0;  ///< 0..1, how sure the intent is: rules and the classifier combined
    /// The runner-up reading when it came close, for a clarifying question.
    std::optional<Intent> alternative;
};

/// Deterministic, local understanding of citizen and RT-head messages. The constructor builds
/// the alias tables from the letter catalogue once; parse() is const, allocation-light, uses
/// no regex and is safe to call from several threads at once.
class MessageParser {
  public:
    /// `code_prefix` is the kelurahan's code in request codes ("BLB" in BLB-2611-0003): a code
    /// typed without it ("2611-0003") gets it.
    explicit MessageParser(const config::LetterCatalog& catalog, std::string code_prefix = "BLB");

    /// `today` (local date) resolves relative dates such as "besok"; without it they stay unread.
    ParsedMessage parse(std::string_view text, std::optional<domain::CivilDate> today = std::nullopt) const;

    /// The rules' reading alone, without the classifier (to compare the two, and to tune how they
    /// combine).
    ParsedMessage parse_rules_only(std::string_view text, std::optional<domain::CivilDate> today = std::nullopt) const {
        bool known_words = false;
        return parse_by_rules(text, today, known_words);
    }

    const Normalizer& normalizer() const { return normalizer_; }

    /// One way of naming a letter type, as canonical tokens.
    struct Alias {
        std::vector<std::string> tokens;
        std::string code;
        int strength = 1;  ///< 2: abbreviation or "surat ..."-style name; 1: a plain phrase
    };

  private:
    /// The rules alone (exact where they are exact: codes, NIK, dates, commands, typed choices).
    ParsedMessage parse_by_rules(std::string_view text, std::optional<domain::CivilDate> today,
                                 bool& known_words, std::string* cleaned = nullptr,
                                 std::optional<std::string>* topic = nullptr) const;

    std::string code_prefix_;
    TextClassifier classifier_;
    Normalizer normalizer_;
    std::vector<Alias> aliases_;
    std::unordered_map<std::string, std::vector<std::size_t>> alias_index_;  ///< by first token
    std::vector<std::string> codes_;                                         ///< catalogue codes

    friend class ParseRun;
};

/// One-line JSON object with every ParsedMessage field (null when absent); rt and rw are
/// integers, confidence has two decimals.
std::string to_json(const ParsedMessage& message);

}  // namespace ekel::bot::nlu
