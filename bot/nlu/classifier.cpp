#include "bot/nlu/classifier.h"

#include <algorithm>

#include "shared/util/error.h"

namespace ekel::bot::nlu {

namespace {

constexpr std::size_t kMaxLabels = 256;

void check_heads(const TextModel& model) {
    const auto& heads = model.heads();
    if (heads.size() != 2 || heads[0].name != "intent" || heads[1].name != "letter_type") {
        throw Error("text classifier: the model's heads are not intent and letter_type");
    }
    if (heads[0].labels.size() != kIntentCount) {
        throw Error("text classifier: the model has " + std::to_string(heads[0].labels.size()) +
                    " intents, Intent has " + std::to_string(kIntentCount));
    }
    for (std::size_t i = 0; i < kIntentCount; ++i) {
        if (heads[0].labels[i] != to_string(static_cast<Intent>(i))) {
            throw Error("text classifier: intent " + std::to_string(i) + " of the model is " +
                        heads[0].labels[i] + ", not " +
                        std::string(to_string(static_cast<Intent>(i))));
        }
    }
    if (heads[1].labels.back() != "none") {
        throw Error("text classifier: the last letter type label is not none");
    }
    if (model.label_count() > kMaxLabels) throw Error("text classifier: too many labels");
}

// Indices of the largest and second largest value.
std::pair<std::size_t, std::size_t> top_two(const float* values, std::size_t count) {
    std::size_t best = 0;
    std::size_t second = count > 1 ? 1 : 0;
    if (count > 1 && values[1] > values[0]) std::swap(best, second);
    for (std::size_t i = 2; i < count; ++i) {
        if (values[i] > values[best]) {
            second = best;
            best = i;
        } else if (values[i] > values[second]) {
            second = i;
        }
    }
    return {best, second};
}

}  // namespace

TextClassifier::TextClassifier() : TextClassifier(TextModel::from_static(embedded_text_model())) {}

TextClassifier::TextClassifier(std::string model)
    : TextClassifier(TextModel::from_bytes(std::move(model))) {}

TextClassifier::TextClassifier(TextModel model) : model_(std::move(model)) { check_heads(model_); }

Prediction TextClassifier::classify(std::string_view text) const {
    // One extractor per thread: its buffers are reused, so extraction does not allocate.
    thread_local FeatureExtractor extractor;
    const auto& features = extractor.extract(text);

    float scores[kMaxLabels];
    model_.score(features, scores);
    float* intents = scores;
    float* letters = scores + kIntentCount;
    const std::size_t letter_count = model_.label_count() - kIntentCount;
    softmax(intents, kIntentCount);
    softmax(letters, letter_count);

    Prediction p;
    std::copy(intents, intents + kIntentCount, p.intent_probabilities.begin());
    const auto [intent, intent_second] = top_two(intents, kIntentCount);
    p.intent = static_cast<Intent>(intent);
    p.intent_probability = intents[intent];
    p.intent_runner_up = static_cast<Intent>(intent_second);
    p.intent_runner_up_probability = intents[intent_second];

    p.letter_type_probabilities.assign(letters, letters + letter_count);
    const auto [letter, letter_second] = top_two(letters, letter_count);
    const auto& labels = letter_types();
    p.letter_type = labels[letter];
    p.letter_type_probability = letters[letter];
    p.letter_type_runner_up = labels[letter_second];
    p.letter_type_runner_up_probability = letters[letter_second];
    return p;
}

}  // namespace ekel::bot::nlu
