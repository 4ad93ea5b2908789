// The statistical text classifier: feature extraction, the embedded model and training.
#include <doctest/doctest.h>

#include <algorithm>
#include <numeric>
#include <string>
#include <thread>
#include <vector>

#include "bot/nlu/classifier.h"
#include "bot/nlu/model_training.h"
#include "bot/nlu/text_features.h"
#include "bot/nlu/text_model.h"
#include "shared/util/error.h"

using ekel::bot::nlu::CrossValidation;
using ekel::bot::nlu::extract_features;
using ekel::bot::nlu::feature_id;
using ekel::bot::nlu::FeatureCount;
using ekel::bot::nlu::FeatureExtractor;
using ekel::bot::nlu::fnv1a64;
using ekel::bot::nlu::fold_tokens;
using ekel::bot::nlu::Intent;
using ekel::bot::nlu::kIntentCount;
using ekel::bot::nlu::ModelHead;
using ekel::bot::nlu::Prediction;
using ekel::bot::nlu::TextClassifier;
using ekel::bot::nlu::TextModel;
using ekel::bot::nlu::TrainingExample;
using ekel::bot::nlu::TrainingOptions;

TEST_SUITE_BEGIN("nlu");

namespace {

bool has_feature(const std::vector<FeatureCount>& features, std::string_view feature) {
    const std::uint32_t id = feature_id(feature);
    return std::any_of(features.begin(), features.end(),
                       [&](const FeatureCount& f) { return f.id == id; });
}

std::vector<ModelHead> tiny_heads() {
    return {{"intent", {}}, {"letter_type", {"sktm", "domisili", "none"}}};
}

std::vector<ModelHead> classifier_heads() {
    std::vector<ModelHead> heads = tiny_heads();
    for (std::size_t i = 0; i < kIntentCount; ++i) {
        heads[0].labels.emplace_back(ekel::bot::nlu::to_string(static_cast<Intent>(i)));
    }
    return heads;
}

std::uint16_t index_of(Intent intent) { return static_cast<std::uint16_t>(intent); }

std::vector<TrainingExample> tiny_corpus() {
    const auto request = index_of(Intent::request_letter);
    const auto thanks = index_of(Intent::thanks);
    const auto approve = index_of(Intent::rt_approve);
    return {
        {"mau urus sktm", {request, 0}},        {"minta sktm buat sekolah", {request, 0}},
        {"bikin surat domisili", {request, 1}}, {"mau urus domisili", {request, 1}},
        {"terima kasih pak", {thanks, 2}},      {"makasih banyak bu", {thanks, 2}},
        {"setuju BLB-2611-0003", {approve, 2}}, {"acc BLB-2611-0007", {approve, 2}},
    };
}

}  // namespace

TEST_CASE("FNV-1a matches its published test vectors and feature ids are pinned") {
    CHECK(fnv1a64("") == 0xcbf29ce484222325ULL);
    CHECK(fnv1a64("a") == 0xaf63dc4c8601ec8cULL);
    CHECK(fnv1a64("foobar") == 0x85944171f73967e8ULL);
    CHECK(fnv1a64("bar", fnv1a64("foo")) == fnv1a64("foobar"));
    // A change here changes every feature: the model must be retrained (it is, at build time).
    CHECK(feature_id("w=sktm") == 914685U);
}

TEST_CASE("the same text always gives the same features, whatever came before") {
    const std::string text = "Pak, sy mau urus SKTM buat sekolah anak 🙏 NIK 6474031208850001";
    const auto first = extract_features(text);
    FeatureExtractor reused;
    reused.extract("something else entirely, longer than the message that follows it ...");
    const auto second = reused.extract(text);
    REQUIRE(first.size() == second.size());
    for (std::size_t i = 0; i < first.size(); ++i) {
        CAPTURE(i);
        CHECK(first[i].id == second[i].id);
        CHECK(first[i].count == second[i].count);
    }
    CHECK(std::is_sorted(first.begin(), first.end(),
                         [](const FeatureCount& a, const FeatureCount& b) { return a.id < b.id; }));
}

TEST_CASE("a word gives its unigram, bigrams with end markers and character n-grams") {
    const auto features = extract_features("SKTM");
    for (const char* feature : {"w=sktm", "b=<s>|sktm", "b=sktm|</s>", "c= s", "c= sk", "c=skt",
                                "c=ktm ", "c= skt", "c=sktm", "c=m "}) {
        CAPTURE(feature);
        CHECK(has_feature(features, feature));
    }
    CHECK(has_feature(extract_features("mau urus"), "b=mau|urus"));
}

TEST_CASE("word trigrams tell 'bisa urus sktm' from 'sktm bisa urus'") {
    const auto features = extract_features("bisa urus sktm?");
    for (const char* feature : {"t=<s>|bisa|urus", "t=bisa|urus|sktm", "t=urus|sktm|?"}) {
        CAPTURE(feature);
        CHECK(has_feature(features, feature));
    }
    CHECK_FALSE(has_feature(features, "t=<s>|<s>|bisa"));  // the bigram "<s>|bisa" says it
    CHECK_FALSE(has_feature(extract_features("sktm bisa urus"), "t=bisa|urus|sktm"));
}

TEST_CASE("folding lowers case, strips accents and repeats, and turns digits into shapes") {
    struct Case {
        std::string text;
        std::vector<std::string> tokens;
    };
    const std::vector<Case> cases = {
        {"Sélamat PAGIII 🙏🙏 pak", {"selamat", "pagii", "<emoji>", "pak"}},
        {"setuju BLB-2611-0003", {"setuju", "<code>"}},
        {"acc blb 2611 0003 ya", {"acc", "<code>", "ya"}},
        {"tolak BLB–2611–3", {"tolak", "<code>"}},
        {"2611-0003 setuju", {"<code>", "setuju"}},
        {"nik 6474 0312 0885 0001", {"nik", "<num16>"}},
        {"nik 6474031208850001", {"nik", "<num16>"}},
        {"lahir 12-08-1985", {"lahir", "<date>"}},
        {"tgl 1985/08/12", {"tgl", "<date>"}},
        {"rt 3 rw 012?", {"rt", "<num1>", "rw", "<num3>", "?"}},
        {"hp 081234567890", {"hp", "<phone>"}},
        {"mau ngurus N1, acara 17an", {"mau", "ngurus", "n0", "acara", "0an"}},
        {"Nama: Budi\n\nRT 5", {"nama", "budi", "<nl>", "rt", "<num1>"}},
        {"jum'at", {"jumat"}},
        {"bad \xff\xfe utf8", {"bad", "utf0"}},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        CHECK(fold_tokens(c.text) == c.tokens);
    }
}

TEST_CASE("the embedded model recognises clear messages from its training corpus") {
    const TextClassifier classifier;
    CHECK(classifier.letter_types().back() == "none");
    CHECK(std::find(classifier.letter_types().begin(), classifier.letter_types().end(), "sktm") !=
          classifier.letter_types().end());

    const Prediction sktm = classifier.classify("mau urus sktm buat sekolah anak");
    CHECK(sktm.intent == Intent::request_letter);
    CHECK(sktm.letter_type == "sktm");
    CHECK(sktm.intent_probability > 0.5F);
    CHECK(sktm.intent_runner_up != sktm.intent);
    CHECK(sktm.intent_runner_up_probability <= sktm.intent_probability);
    CHECK(sktm.letter_type_runner_up != sktm.letter_type);

    const Prediction approve = classifier.classify("setuju BLB-2611-0003");
    CHECK(approve.intent == Intent::rt_approve);
    CHECK(approve.letter_type == "none");

    CHECK(classifier.classify("terima kasih banyak pak").intent == Intent::thanks);
}

TEST_CASE("probabilities of each head sum to 1 and repeated calls agree") {
    const TextClassifier classifier;
    for (const char* text : {"", "?", "mau urus sktm buat sekolah anak", "🙏🙏🙏",
                             "Assalamualaikum pak, kapan surat domisili saya jadi?"}) {
        CAPTURE(text);
        const Prediction p = classifier.classify(text);
        const float intents =
            std::accumulate(p.intent_probabilities.begin(), p.intent_probabilities.end(), 0.0F);
        const float letters = std::accumulate(p.letter_type_probabilities.begin(),
                                              p.letter_type_probabilities.end(), 0.0F);
        CHECK(intents == doctest::Approx(1.0).epsilon(1e-5));
        CHECK(letters == doctest::Approx(1.0).epsilon(1e-5));
        CHECK(p.letter_type_probabilities.size() == classifier.letter_types().size());
        CHECK(p.intent_probability == p.intent_probabilities[static_cast<std::size_t>(p.intent)]);

        const Prediction again = classifier.classify(text);
        CHECK(again.intent_probabilities == p.intent_probabilities);
        CHECK(again.letter_type_probabilities == p.letter_type_probabilities);
    }
}

TEST_CASE("one classifier answers several threads at once") {
    const TextClassifier classifier;
    const std::vector<std::string> texts = {"mau urus sktm buat sekolah anak",
                                            "setuju BLB-2611-0003", "kapan surat saya jadi?",
                                            "terima kasih pak"};
    std::vector<Intent> expected;
    for (const auto& text : texts) expected.push_back(classifier.classify(text).intent);
    std::vector<int> mismatches(4, 0);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (int round = 0; round < 200; ++round) {
                const std::size_t i = (t + static_cast<std::size_t>(round)) % texts.size();
                if (classifier.classify(texts[i]).intent != expected[i]) ++mismatches[t];
            }
        });
    }
    for (auto& thread : threads) thread.join();
    CHECK(mismatches == std::vector<int>(4, 0));
}

TEST_CASE("training learns a tiny corpus and gives byte-identical models") {
    TrainingOptions options;
    options.min_feature_count = 1;
    const auto heads = classifier_heads();
    const auto corpus = tiny_corpus();
    const std::string model =
        ekel::bot::nlu::serialize_model(ekel::bot::nlu::train_model(heads, corpus, options));
    CHECK(ekel::bot::nlu::serialize_model(ekel::bot::nlu::train_model(heads, corpus, options)) ==
          model);

    const TextClassifier classifier(model);
    for (const auto& example : corpus) {
        CAPTURE(example.text);
        const Prediction p = classifier.classify(example.text);
        CHECK(static_cast<std::uint16_t>(p.intent) == example.labels[0]);
        CHECK(p.letter_type == heads[1].labels[example.labels[1]]);
    }
    const Prediction unseen = classifier.classify("saya mau urus sktm untuk kuliah");
    CHECK(unseen.intent == Intent::request_letter);
    CHECK(unseen.letter_type == "sktm");

    options.seed += 1;
    CHECK(ekel::bot::nlu::serialize_model(ekel::bot::nlu::train_model(heads, corpus, options)) !=
          model);
}

TEST_CASE("cross-validation is deterministic and counts every example once") {
    TrainingOptions options;
    options.min_feature_count = 1;
    const auto corpus = tiny_corpus();
    const CrossValidation a =
        ekel::bot::nlu::cross_validate(classifier_heads(), corpus, options, 4);
    const CrossValidation b =
        ekel::bot::nlu::cross_validate(classifier_heads(), corpus, options, 4);
    CHECK(a.examples == corpus.size());
    CHECK(std::accumulate(a.fold_sizes.begin(), a.fold_sizes.end(), std::size_t{0}) ==
          corpus.size());
    CHECK(a.correct == b.correct);
}

TEST_CASE("a model whose heads do not match Intent is refused") {
    auto heads = classifier_heads();
    std::swap(heads[0].labels[0], heads[0].labels[1]);
    TrainingOptions options;
    options.min_feature_count = 1;
    const std::string model =
        ekel::bot::nlu::serialize_model(ekel::bot::nlu::train_model(heads, tiny_corpus(), options));
    CHECK_THROWS_AS(TextClassifier{model}, ekel::Error);
    CHECK_THROWS_AS(TextClassifier{std::string("EKNLUM01 truncated")}, ekel::Error);
    CHECK_THROWS_AS(TextModel::from_bytes(model.substr(0, model.size() - 1)), ekel::Error);
}

TEST_SUITE_END();
