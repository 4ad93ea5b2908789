#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "bot/nlu/text_model.h"

namespace ekel::bot::nlu {

/// One labelled message: for each head of the model, the index of its label.
struct TrainingExample {
    std::string text;
    std::vector<std::uint16_t> labels;
};

/// Multinomial logistic regression by stochastic gradient descent with L2 regularisation
/// (step size learning_rate / (1 + learning_rate * l2 * step)). The example order of each epoch
/// comes from a std::mt19937 with `seed` and our own Fisher-Yates shuffle (std::shuffle differs
/// between standard libraries), so the same examples and options give the same model.
struct TrainingOptions {
    unsigned epochs = 100;
    double learning_rate = 1.0;
    double l2 = 2e-7;
    std::uint32_t seed = 20261203;
    /// Features seen in fewer training messages are left out of the model.
    unsigned min_feature_count = 2;
    /// The model is the average of this many runs over different example orders (seed,
    /// seed + 1, ...): one run's order sways single readings, the average does not.
    unsigned runs = 3;
};

/// Trains one softmax per head over the features of the examples. Throws ekel::Error when an
/// example's labels do not fit the heads.
ModelParameters train_model(const std::vector<ModelHead>& heads,
                            const std::vector<TrainingExample>& examples,
                            const TrainingOptions& options);

/// Accuracy of K-fold cross-validation, per head.
struct CrossValidation {
    std::size_t examples = 0;
    std::vector<std::size_t> correct;               ///< per head
    std::vector<std::vector<std::size_t>> by_fold;  ///< per fold, per head: correct
    std::vector<std::size_t> fold_sizes;
    /// Per example (corpus order), per head: the label predicted when it was held out.
    std::vector<std::vector<std::uint16_t>> predicted;
    /// Per example (corpus order): the probabilities of every head's labels, heads in order, as
    /// the model trained without it gives them (to tune how rules and model combine).
    std::vector<std::vector<float>> probabilities;

    double accuracy(std::size_t head) const {
        return examples == 0 ? 0 : static_cast<double>(correct[head]) / examples;
    }
};

/// Splits the examples into `folds` parts after a seeded shuffle (options.seed), trains on all
/// but one part and scores the held-out part, for each part. Deterministic.
CrossValidation cross_validate(const std::vector<ModelHead>& heads,
                               const std::vector<TrainingExample>& examples,
                               const TrainingOptions& options, unsigned folds);

/// Our Fisher-Yates shuffle over a std::mt19937 stream (its output is fixed by the standard).
void shuffle_indices(std::vector<std::size_t>& indices, std::uint32_t seed);

}  // namespace ekel::bot::nlu
