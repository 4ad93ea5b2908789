#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "bot/nlu/intent.h"
#include "bot/nlu/text_model.h"

namespace ekel::bot::nlu {

/// The serialised model trained at build time from tests/fixtures/nlu/train.tsv by
/// ekel-nlu-train (defined in a generated source file).
std::string_view embedded_text_model();

inline constexpr std::size_t kIntentCount = static_cast<std::size_t>(Intent::unknown) + 1;

/// What the statistical classifier makes of one message: a softmax distribution per head,
/// its best label and the runner-up.
struct Prediction {
    /// Indexed by static_cast<std::size_t>(Intent); sums to 1.
    std::array<float, kIntentCount> intent_probabilities{};
    Intent intent = Intent::unknown;
    float intent_probability = 0;
    Intent intent_runner_up = Intent::unknown;
    float intent_runner_up_probability = 0;

    /// Indexed like TextClassifier::letter_types(); sums to 1.
    std::vector<float> letter_type_probabilities;
    std::string_view letter_type;  ///< catalogue code or "none"; points into the classifier
    float letter_type_probability = 0;
    std::string_view letter_type_runner_up;
    float letter_type_runner_up_probability = 0;
};

/// A local, deterministic text classifier: multinomial logistic regression over hashed word
/// and character n-grams (bot/nlu/text_features.h), with an intent head (the Intent
/// enumerators in order) and a letter-type head (the catalogue codes of
/// config/letter_types.toml as of the build, then "none"). It does not consult the rule
/// parser. classify() is const and thread-safe; it allocates only the letter-type vector.
/// Copies share the model.
class TextClassifier {
  public:
    /// The embedded model (embedded_text_model()).
    TextClassifier();
    /// A serialised model, e.g. from train_model + serialize_model. Throws ekel::Error when it
    /// is malformed or its heads are not "intent" (the Intent names in order) and
    /// "letter_type" (ending in "none").
    explicit TextClassifier(std::string model);

    Prediction classify(std::string_view text) const;

    /// Letter-type labels in score order: catalogue codes, then "none".
    const std::vector<std::string>& letter_types() const { return model_.heads()[1].labels; }
    const TextModel& model() const { return model_; }

  private:
    explicit TextClassifier(TextModel model);

    TextModel model_;
};

}  // namespace ekel::bot::nlu
