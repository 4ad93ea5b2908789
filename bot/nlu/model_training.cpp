#include "bot/nlu/model_training.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "shared/util/error.h"

namespace ekel::bot::nlu {

namespace {

struct SparseEntry {
    std::uint32_t row = 0;
    double value = 0;
};

struct Prepared {
    std::vector<SparseEntry> features;
    const std::vector<std::uint16_t>* labels = nullptr;
};

void fisher_yates(std::vector<std::size_t>& indices, std::mt19937& random) {
    for (std::size_t i = indices.size(); i > 1; --i) {
        // Modulo keeps this independent of std::uniform_int_distribution, whose algorithm the
        // standard leaves open; the bias is negligible for corpus sizes.
        const std::size_t j = random() % i;
        std::swap(indices[i - 1], indices[j]);
    }
}

std::vector<std::size_t> head_offsets(const std::vector<ModelHead>& heads) {
    std::vector<std::size_t> offsets{0};
    for (const auto& head : heads) offsets.push_back(offsets.back() + head.labels.size());
    return offsets;
}

void check_labels(const std::vector<ModelHead>& heads,
                  const std::vector<TrainingExample>& examples) {
    if (heads.empty()) throw Error("training: no heads");
    for (const auto& head : heads) {
        if (head.labels.empty()) throw Error("training: head " + head.name + " has no labels");
    }
    for (const auto& example : examples) {
        if (example.labels.size() != heads.size()) {
            throw Error("training: an example has " + std::to_string(example.labels.size()) +
                        " labels for " + std::to_string(heads.size()) + " heads");
        }
        for (std::size_t h = 0; h < heads.size(); ++h) {
            if (example.labels[h] >= heads[h].labels.size()) {
                throw Error("training: label index out of range for head " + heads[h].name);
            }
        }
    }
}

// Extracted once per example, reused by every fold.
std::vector<std::vector<FeatureCount>> extract_all(const std::vector<TrainingExample>& examples) {
    FeatureExtractor extractor;
    std::vector<std::vector<FeatureCount>> all;
    all.reserve(examples.size());
    for (const auto& example : examples) all.push_back(extractor.extract(example.text));
    return all;
}

// One run of stochastic gradient descent over `prepared` in the example orders of `seed`; its
// weights and biases are added to the sums.
void add_run(const std::vector<Prepared>& prepared, const std::vector<ModelHead>& heads,
             const std::vector<std::size_t>& offsets, const TrainingOptions& options,
             std::uint32_t seed, std::vector<double>& weight_sum, std::vector<double>& bias_sum) {
    const std::size_t labels = offsets.back();
    // W = scale * stored: the L2 shrink of every weight is one multiplication of scale.
    std::vector<double> stored(weight_sum.size(), 0.0);
    double scale = 1.0;
    std::vector<double> biases(labels, 0.0);
    std::vector<double> gradient(labels);

    std::mt19937 random(seed);
    std::vector<std::size_t> order(prepared.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::size_t step = 0;
    for (unsigned epoch = 0; epoch < options.epochs; ++epoch) {
        fisher_yates(order, random);
        for (const std::size_t index : order) {
            const Prepared& p = prepared[index];
            const double rate = options.learning_rate / (1.0 + options.learning_rate * options.l2 *
                                                                   static_cast<double>(step++));

            for (std::size_t l = 0; l < labels; ++l) gradient[l] = 0;
            for (const auto& f : p.features) {
                const double* row = &stored[f.row * labels];
                for (std::size_t l = 0; l < labels; ++l) gradient[l] += f.value * row[l];
            }
            for (std::size_t h = 0; h < heads.size(); ++h) {
                const std::size_t first = offsets[h];
                const std::size_t count = offsets[h + 1] - first;
                double max = -1e300;
                for (std::size_t l = 0; l < count; ++l) {
                    gradient[first + l] = gradient[first + l] * scale + biases[first + l];
                    max = std::max(max, gradient[first + l]);
                }
                double sum = 0;
                for (std::size_t l = 0; l < count; ++l) {
                    gradient[first + l] = std::exp(gradient[first + l] - max);
                    sum += gradient[first + l];
                }
                for (std::size_t l = 0; l < count; ++l) {
                    gradient[first + l] /= sum;  // probability, then minus the target
                    if (l == (*p.labels)[h]) gradient[first + l] -= 1.0;
                }
            }

            scale *= 1.0 - rate * options.l2;
            const double step_size = rate / scale;
            for (const auto& f : p.features) {
                double* row = &stored[f.row * labels];
                const double factor = step_size * f.value;
                for (std::size_t l = 0; l < labels; ++l) row[l] -= factor * gradient[l];
            }
            for (std::size_t l = 0; l < labels; ++l) biases[l] -= rate * gradient[l];
            if (scale < 1e-6) {
                for (double& w : stored) w *= scale;
                scale = 1.0;
            }
        }
    }

    for (std::size_t i = 0; i < stored.size(); ++i) weight_sum[i] += stored[i] * scale;
    for (std::size_t l = 0; l < labels; ++l) bias_sum[l] += biases[l];
}

ModelParameters train_on(const std::vector<ModelHead>& heads,
                         const std::vector<TrainingExample>& examples,
                         const std::vector<std::vector<FeatureCount>>& features,
                         const std::vector<std::size_t>& subset, const TrainingOptions& options) {
    // The model's features: those in at least min_feature_count training messages.
    std::vector<std::uint32_t> all_ids;
    for (const std::size_t e : subset) {
        for (const auto& f : features[e]) all_ids.push_back(f.id);
    }
    std::sort(all_ids.begin(), all_ids.end());
    std::vector<std::uint32_t> kept;
    for (std::size_t i = 0; i < all_ids.size();) {
        std::size_t j = i;
        while (j < all_ids.size() && all_ids[j] == all_ids[i]) ++j;
        if (j - i >= std::max(1U, options.min_feature_count)) kept.push_back(all_ids[i]);
        i = j;
    }

    std::vector<Prepared> prepared;
    prepared.reserve(subset.size());
    for (const std::size_t e : subset) {
        Prepared p;
        p.labels = &examples[e].labels;
        const double scale = feature_scale(features[e]);
        for (const auto& f : features[e]) {
            const auto it = std::lower_bound(kept.begin(), kept.end(), f.id);
            if (it == kept.end() || *it != f.id) continue;
            p.features.push_back({static_cast<std::uint32_t>(it - kept.begin()), f.count * scale});
        }
        prepared.push_back(std::move(p));
    }

    const std::vector<std::size_t> offsets = head_offsets(heads);
    std::vector<double> weights(kept.size() * offsets.back(), 0.0);
    std::vector<double> biases(offsets.back(), 0.0);
    const unsigned runs = std::max(1U, options.runs);
    for (unsigned run = 0; run < runs; ++run) {
        add_run(prepared, heads, offsets, options, options.seed + run, weights, biases);
    }

    ModelParameters parameters;
    parameters.heads = heads;
    parameters.feature_ids = std::move(kept);
    for (const double b : biases) parameters.biases.push_back(static_cast<float>(b / runs));
    parameters.weights.reserve(weights.size());
    for (const double w : weights) parameters.weights.push_back(static_cast<float>(w / runs));
    return parameters;
}

}  // namespace

void shuffle_indices(std::vector<std::size_t>& indices, std::uint32_t seed) {
    std::mt19937 random(seed);
    fisher_yates(indices, random);
}

ModelParameters train_model(const std::vector<ModelHead>& heads,
                            const std::vector<TrainingExample>& examples,
                            const TrainingOptions& options) {
    check_labels(heads, examples);
    const auto features = extract_all(examples);
    std::vector<std::size_t> all(examples.size());
    std::iota(all.begin(), all.end(), std::size_t{0});
    return train_on(heads, examples, features, all, options);
}

CrossValidation cross_validate(const std::vector<ModelHead>& heads,
                               const std::vector<TrainingExample>& examples,
                               const TrainingOptions& options, unsigned folds) {
    check_labels(heads, examples);
    if (folds < 2 || folds > examples.size()) throw Error("cross-validation: bad fold count");
    const auto features = extract_all(examples);
    std::vector<std::size_t> order(examples.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    shuffle_indices(order, options.seed ^ 0x5EEDF01DU);

    const std::vector<std::size_t> offsets = head_offsets(heads);
    CrossValidation result;
    result.examples = examples.size();
    result.correct.assign(heads.size(), 0);
    result.predicted.assign(examples.size(), std::vector<std::uint16_t>(heads.size(), 0));
    result.probabilities.assign(examples.size(), {});
    std::vector<float> scores(offsets.back());
    for (unsigned fold = 0; fold < folds; ++fold) {
        std::vector<std::size_t> train;
        std::vector<std::size_t> held_out;
        for (std::size_t i = 0; i < order.size(); ++i) {
            (i % folds == fold ? held_out : train).push_back(order[i]);
        }
        const TextModel model = TextModel::from_bytes(
            serialize_model(train_on(heads, examples, features, train, options)));
        std::vector<std::size_t> correct(heads.size(), 0);
        for (const std::size_t e : held_out) {
            model.score(features[e], scores.data());
            for (std::size_t h = 0; h < heads.size(); ++h) {
                const auto first = scores.begin() + static_cast<std::ptrdiff_t>(offsets[h]);
                const auto last = scores.begin() + static_cast<std::ptrdiff_t>(offsets[h + 1]);
                const auto best = static_cast<std::size_t>(std::max_element(first, last) - first);
                result.predicted[e][h] = static_cast<std::uint16_t>(best);
                if (best == examples[e].labels[h]) ++correct[h];
                softmax(&*first, static_cast<std::size_t>(last - first));
            }
            result.probabilities[e] = scores;
        }
        for (std::size_t h = 0; h < heads.size(); ++h) result.correct[h] += correct[h];
        result.by_fold.push_back(std::move(correct));
        result.fold_sizes.push_back(held_out.size());
    }
    return result;
}

}  // namespace ekel::bot::nlu
