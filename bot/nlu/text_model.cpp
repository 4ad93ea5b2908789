#include "bot/nlu/text_model.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

#include "shared/util/error.h"

namespace ekel::bot::nlu {

static_assert(std::endian::native == std::endian::little,
              "the model format is little-endian and read in place");

namespace {

constexpr std::string_view kMagic = "EKNLUM01";

void put_u32(std::string& out, std::uint32_t value) {
    char bytes[4];
    std::memcpy(bytes, &value, 4);
    out.append(bytes, 4);
}

void put_f32(std::string& out, float value) {
    char bytes[4];
    std::memcpy(bytes, &value, 4);
    out.append(bytes, 4);
}

void put_string(std::string& out, std::string_view text) {
    put_u32(out, static_cast<std::uint32_t>(text.size()));
    out.append(text);
}

class Reader {
  public:
    explicit Reader(std::string_view bytes) : bytes_(bytes) {}

    std::string_view take(std::size_t count) {
        if (count > bytes_.size() - at_) throw Error("text model: truncated");
        const std::string_view part = bytes_.substr(at_, count);
        at_ += count;
        return part;
    }
    std::uint32_t u32() {
        std::uint32_t value = 0;
        std::memcpy(&value, take(4).data(), 4);
        return value;
    }
    float f32() {
        float value = 0;
        std::memcpy(&value, take(4).data(), 4);
        return value;
    }
    std::string string() {
        const std::uint32_t length = u32();
        return std::string(take(length));
    }
    std::size_t remaining() const { return bytes_.size() - at_; }

  private:
    std::string_view bytes_;
    std::size_t at_ = 0;
};

std::uint32_t slot_hash(std::uint32_t id) { return id * 0x9E3779B1U; }

}  // namespace

std::string serialize_model(const ModelParameters& parameters) {
    std::size_t labels = 0;
    for (const auto& head : parameters.heads) labels += head.labels.size();
    if (parameters.biases.size() != labels ||
        parameters.weights.size() != labels * parameters.feature_ids.size()) {
        throw Error("text model: parameter sizes do not match the heads");
    }
    std::string out(kMagic);
    put_u32(out, kFeatureBits);
    put_u32(out, static_cast<std::uint32_t>(parameters.heads.size()));
    for (const auto& head : parameters.heads) {
        put_string(out, head.name);
        put_u32(out, static_cast<std::uint32_t>(head.labels.size()));
        for (const auto& label : head.labels) put_string(out, label);
    }
    put_u32(out, static_cast<std::uint32_t>(parameters.feature_ids.size()));
    for (const std::uint32_t id : parameters.feature_ids) put_u32(out, id);
    for (const float bias : parameters.biases) put_f32(out, bias);
    out.reserve(out.size() + parameters.weights.size() * 4);
    for (const float weight : parameters.weights) put_f32(out, weight);
    return out;
}

float feature_scale(const std::vector<FeatureCount>& features) {
    double sum = 0;
    for (const auto& f : features) sum += static_cast<double>(f.count) * f.count;
    return sum > 0 ? static_cast<float>(1.0 / std::sqrt(sum)) : 0.0F;
}

void softmax(float* values, std::size_t count) {
    if (count == 0) return;
    float max = values[0];
    for (std::size_t i = 1; i < count; ++i) max = std::max(max, values[i]);
    float sum = 0;
    for (std::size_t i = 0; i < count; ++i) {
        values[i] = std::exp(values[i] - max);
        sum += values[i];
    }
    for (std::size_t i = 0; i < count; ++i) values[i] /= sum;
}

TextModel TextModel::from_static(std::string_view bytes) {
    TextModel model;
    model.bytes_ = bytes;
    model.parse();
    return model;
}

TextModel TextModel::from_bytes(std::string bytes) {
    TextModel model;
    model.owned_ = std::make_shared<const std::string>(std::move(bytes));
    model.bytes_ = *model.owned_;
    model.parse();
    return model;
}

void TextModel::parse() {
    Reader in(bytes_);
    if (in.take(kMagic.size()) != kMagic) throw Error("text model: not an EKNLUM01 model");
    if (in.u32() != kFeatureBits) throw Error("text model: trained for another feature space");
    const std::uint32_t head_count = in.u32();
    std::size_t labels = 0;
    for (std::uint32_t h = 0; h < head_count; ++h) {
        ModelHead head;
        head.name = in.string();
        const std::uint32_t label_count = in.u32();
        if (label_count == 0 || label_count > 4096) throw Error("text model: bad label count");
        for (std::uint32_t l = 0; l < label_count; ++l) head.labels.push_back(in.string());
        labels += label_count;
        heads_.push_back(std::move(head));
    }
    feature_count_ = in.u32();
    if (feature_count_ > in.remaining() / 4) throw Error("text model: truncated");

    // Table at most half full; linear probing.
    unsigned bits = 4;
    while ((std::size_t{1} << bits) < feature_count_ * 2) ++bits;
    slot_shift_ = 32 - bits;
    slot_ids_.assign(std::size_t{1} << bits, 0);
    slot_rows_.assign(std::size_t{1} << bits, 0);
    const std::size_t mask = slot_ids_.size() - 1;
    for (std::size_t row = 0; row < feature_count_; ++row) {
        const std::uint32_t id = in.u32();
        if (id >= (1U << kFeatureBits)) throw Error("text model: feature id out of range");
        std::size_t slot = slot_hash(id) >> slot_shift_;
        while (slot_ids_[slot] != 0) {
            if (slot_ids_[slot] == id + 1) throw Error("text model: duplicate feature id");
            slot = (slot + 1) & mask;
        }
        slot_ids_[slot] = id + 1;
        slot_rows_[slot] = static_cast<std::uint32_t>(row);
    }
    biases_.resize(labels);
    for (auto& bias : biases_) bias = in.f32();
    const std::size_t weight_bytes = feature_count_ * labels * 4;
    weights_ = in.take(weight_bytes).data();
    if (in.remaining() != 0) throw Error("text model: trailing bytes");
}

std::int64_t TextModel::find_row(std::uint32_t feature_id) const {
    const std::size_t mask = slot_ids_.size() - 1;
    std::size_t slot = slot_hash(feature_id) >> slot_shift_;
    while (true) {
        const std::uint32_t stored = slot_ids_[slot];
        if (stored == 0) return -1;
        if (stored == feature_id + 1) return slot_rows_[slot];
        slot = (slot + 1) & mask;
    }
}

void TextModel::score(const std::vector<FeatureCount>& features, float* scores) const {
    const std::size_t labels = biases_.size();
    std::memcpy(scores, biases_.data(), labels * sizeof(float));
    const float scale = feature_scale(features);
    for (const auto& f : features) {
        const std::int64_t found = find_row(f.id);
        if (found < 0) continue;
        const float value = static_cast<float>(f.count) * scale;
        const char* row = weights_ + static_cast<std::size_t>(found) * labels * 4;
        // Fixed-size copies compile to plain loads (the weights may be unaligned); one
        // variable-size memcpy per row became a slow `rep movs`.
        for (std::size_t l = 0; l < labels; ++l) {
            float weight;
            std::memcpy(&weight, row + l * 4, 4);
            scores[l] += value * weight;
        }
    }
}

}  // namespace ekel::bot::nlu
