#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bot/nlu/text_features.h"

namespace ekel::bot::nlu {

/// One output of a model, e.g. "intent" with its labels in score order.
struct ModelHead {
    std::string name;
    std::vector<std::string> labels;
};

/// The parameters of a linear model with one softmax per head, as training produces them.
struct ModelParameters {
    std::vector<ModelHead> heads;
    std::vector<std::uint32_t> feature_ids;  ///< sorted, unique
    std::vector<float> biases;               ///< one per label, head after head
    std::vector<float> weights;              ///< per feature id, one weight per label (row-major)
};

/// The binary model format (little-endian): "EKNLUM01", u32 feature bits, u32 head count, per
/// head u32 name length + name, u32 label count and per label u32 length + bytes; u32 feature
/// count, the feature ids, then f32 biases and f32 weights. Deterministic: the same
/// parameters give the same bytes.
std::string serialize_model(const ModelParameters& parameters);

/// How much one occurrence of a feature weighs in a message: 1 / the L2 norm of its counts,
/// so long and short messages score on one scale.
float feature_scale(const std::vector<FeatureCount>& features);

/// Turns `count` scores into probabilities in place.
void softmax(float* values, std::size_t count);

/// A read-only linear model over its serialised bytes. Weights are read where they lie (the
/// embedded model is not copied); only a feature lookup table is built. Copies share the
/// bytes. All const methods are thread-safe.
class TextModel {
  public:
    /// A model over bytes that outlive it (e.g. compiled into the program). Throws ekel::Error
    /// when the bytes are not a model of this format and feature space.
    static TextModel from_static(std::string_view bytes);
    /// A model that owns its bytes (e.g. one just trained). Throws like from_static.
    static TextModel from_bytes(std::string bytes);

    const std::vector<ModelHead>& heads() const { return heads_; }
    std::size_t label_count() const { return biases_.size(); }
    std::size_t feature_count() const { return feature_count_; }
    std::size_t byte_size() const { return bytes_.size(); }

    /// Writes label_count() raw scores: bias + weights · (counts × feature_scale). Features the
    /// model does not know add nothing.
    void score(const std::vector<FeatureCount>& features, float* scores) const;

  private:
    TextModel() = default;
    void parse();
    std::int64_t find_row(std::uint32_t feature_id) const;

    std::shared_ptr<const std::string> owned_;
    std::string_view bytes_;
    std::vector<ModelHead> heads_;
    std::vector<float> biases_;
    std::size_t feature_count_ = 0;
    const char* weights_ = nullptr;  ///< feature_count_ rows of label_count() f32, unaligned
    /// Open addressing: slot -> feature id + 1 (0 = empty) and its row.
    std::vector<std::uint32_t> slot_ids_;
    std::vector<std::uint32_t> slot_rows_;
    unsigned slot_shift_ = 0;
};

}  // namespace ekel::bot::nlu
