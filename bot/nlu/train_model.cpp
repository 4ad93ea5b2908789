// ekel-nlu-train: trains the text classifier's model from the labelled corpus at build time.
//
//   ekel-nlu-train --corpus train.tsv --letter-types letter_types.toml --output model.cpp
//   ekel-nlu-train --corpus train.tsv --letter-types letter_types.toml --cross-validate K
//
// Options: --epochs N, --learning-rate X, --l2 X, --min-count N, --runs N, --seed N. The corpus
// format is documented at the top of tests/fixtures/nlu/train.tsv. The output is a C++ source
// defining ekel::bot::nlu::embedded_text_model() over the serialised model; it is written only
// through a temporary file and a rename. The same corpus and options give a byte-identical output.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "bot/nlu/corpus_line.h"
#include "bot/nlu/model_training.h"
#include "bot/nlu/text_model.h"

namespace {

using ekel::bot::nlu::CrossValidation;
using ekel::bot::nlu::ModelHead;
using ekel::bot::nlu::ModelParameters;
using ekel::bot::nlu::TrainingExample;
using ekel::bot::nlu::TrainingOptions;

// The names and order of enum class Intent (bot/nlu/message_parser.h); TextClassifier refuses a
// model whose intent head differs.
const std::vector<std::string> kIntentLabels = {
    "greeting",   "request_letter", "ask_requirements", "ask_info", "check_status", "cancel",
    "complaint",  "thanks",         "confirm",          "deny",     "help",         "provide_data",
    "rt_approve", "rt_reject",      "rt_revise",        "unknown"};

struct Arguments {
    std::string corpus;
    std::string letter_types;
    std::string output;
    unsigned cross_validate = 0;
    std::string predictions;  ///< with --cross-validate: each message's held-out probabilities
    TrainingOptions options;
};

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open " + path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        lines.push_back(line);
    }
    return lines;
}

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// The `code` of each [[letter_type]] table, in file order. A line scanner is enough for the
// catalogue's plain `code = "..."` lines and keeps the trainer free of the config library.
std::vector<std::string> letter_codes(const std::string& path) {
    std::vector<std::string> codes;
    std::string table;
    for (const auto& raw : lines_of(read_file(path))) {
        const std::string_view line = trim(raw);
        if (line.starts_with("[")) {
            table = std::string(line);
            continue;
        }
        if (table != "[[letter_type]]" || !line.starts_with("code")) continue;
        const std::string_view rest = trim(line.substr(4));
        if (!rest.starts_with("=")) continue;
        const std::string_view value = trim(rest.substr(1));
        if (value.size() < 2 || value.front() != '"' ||
            value.find('"', 1) == std::string_view::npos) {
            throw std::runtime_error(path + ": cannot read a letter type code: " + raw);
        }
        codes.emplace_back(value.substr(1, value.find('"', 1) - 1));
    }
    if (codes.empty()) throw std::runtime_error(path + ": no [[letter_type]] codes");
    return codes;
}

std::vector<TrainingExample> load_corpus(const std::string& path,
                                         const std::vector<ModelHead>& heads) {
    std::map<std::string, std::uint16_t> intent_index;
    std::map<std::string, std::uint16_t> letter_index;
    for (std::size_t i = 0; i < heads[0].labels.size(); ++i) {
        intent_index[heads[0].labels[i]] = static_cast<std::uint16_t>(i);
    }
    for (std::size_t i = 0; i < heads[1].labels.size(); ++i) {
        letter_index[heads[1].labels[i]] = static_cast<std::uint16_t>(i);
    }

    std::vector<TrainingExample> examples;
    std::vector<std::string> errors;
    int number = 0;
    for (const auto& line : lines_of(read_file(path))) {
        ++number;
        const std::string where = path + ":" + std::to_string(number) + ": ";
        std::optional<ekel::bot::nlu::CorpusColumns> columns;
        try {
            columns = ekel::bot::nlu::read_corpus_line(line);
        } catch (const std::runtime_error& e) {
            errors.push_back(where + e.what());
            continue;
        }
        if (!columns) continue;
        const auto intent = intent_index.find(columns->intent);
        const std::string letter = columns->letter_type == "-" ? "none" : columns->letter_type;
        const auto letter_type = letter_index.find(letter);
        if (intent == intent_index.end()) errors.push_back(where + "unknown intent '" + columns->intent + "'");
        if (letter_type == letter_index.end() || (letter == "none" && columns->letter_type != "-")) {
            errors.push_back(where + "unknown letter type '" + columns->letter_type + "'");
        }
        if (intent == intent_index.end() || letter_type == letter_index.end()) continue;
        examples.push_back({columns->message, {intent->second, letter_type->second}});
    }
    if (!errors.empty()) {
        std::string all;
        for (const auto& e : errors) all += e + "\n";
        throw std::runtime_error(all + std::to_string(errors.size()) + " bad corpus lines");
    }
    if (examples.empty()) throw std::runtime_error(path + ": no examples");
    return examples;
}

// Adjacent string literals of octal escapes: fast for the compiler, safe for any byte.
std::string generated_source(const std::string& model, const Arguments& args, std::size_t examples,
                             std::size_t features) {
    std::string out;
    out.reserve(model.size() * 4 + model.size() / 16 + 1024);
    out += "// Generated by ekel-nlu-train from " +
           std::filesystem::path(args.corpus).filename().string() + " (" +
           std::to_string(examples) + " messages, " + std::to_string(features) + " features, " +
           std::to_string(args.options.epochs) + " epochs). Do not edit.\n";
    out +=
        "#include <string_view>\n\nnamespace ekel::bot::nlu {\n\nnamespace {\n\n"
        "alignas(16) constexpr char kModel[] =\n";
    constexpr std::size_t kPerLine = 48;
    for (std::size_t i = 0; i < model.size(); i += kPerLine) {
        out += "    \"";
        for (std::size_t j = i; j < std::min(model.size(), i + kPerLine); ++j) {
            const auto byte = static_cast<unsigned char>(model[j]);
            out += '\\';
            out += static_cast<char>('0' + (byte >> 6));
            out += static_cast<char>('0' + ((byte >> 3) & 7));
            out += static_cast<char>('0' + (byte & 7));
        }
        out += "\"\n";
    }
    out +=
        "    ;\n\n}  // namespace\n\nstd::string_view embedded_text_model() {\n"
        "    return {kModel, sizeof(kModel) - 1};\n}\n\n}  // namespace ekel::bot::nlu\n";
    return out;
}

void write_atomically(const std::string& path, const std::string& content) {
    const std::string temporary = path + ".tmp";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (!out) throw std::runtime_error("cannot write " + temporary);
        out << content;
        if (!out.flush()) throw std::runtime_error("cannot write " + temporary);
    }
    std::filesystem::rename(temporary, path);
}

Arguments parse_arguments(int argc, char** argv) {
    Arguments args;
    for (int i = 1; i < argc; ++i) {
        const std::string_view flag = argv[i];
        if (i + 1 >= argc) throw std::runtime_error("missing value after " + std::string(flag));
        const std::string value = argv[++i];
        if (flag == "--corpus") {
            args.corpus = value;
        } else if (flag == "--letter-types") {
            args.letter_types = value;
        } else if (flag == "--output") {
            args.output = value;
        } else if (flag == "--cross-validate") {
            args.cross_validate = static_cast<unsigned>(std::stoul(value));
        } else if (flag == "--predictions") {
            args.predictions = value;
        } else if (flag == "--epochs") {
            args.options.epochs = static_cast<unsigned>(std::stoul(value));
        } else if (flag == "--learning-rate") {
            args.options.learning_rate = std::stod(value);
        } else if (flag == "--l2") {
            args.options.l2 = std::stod(value);
        } else if (flag == "--min-count") {
            args.options.min_feature_count = static_cast<unsigned>(std::stoul(value));
        } else if (flag == "--runs") {
            args.options.runs = static_cast<unsigned>(std::stoul(value));
        } else if (flag == "--seed") {
            args.options.seed = static_cast<std::uint32_t>(std::stoul(value));
        } else {
            throw std::runtime_error("unknown option " + std::string(flag));
        }
    }
    if (args.corpus.empty() || args.letter_types.empty() ||
        (args.output.empty() && args.cross_validate == 0)) {
        throw std::runtime_error(
            "usage: ekel-nlu-train --corpus TSV --letter-types TOML (--output CPP | "
            "--cross-validate K [--predictions TSV]) [--epochs N] [--learning-rate X] [--l2 X] "
            "[--min-count N] "
            "[--runs N] [--seed N]");
    }
    // The test split is blind: it must never train or tune the model.
    if (std::filesystem::path(args.corpus).filename() == "test.tsv") {
        throw std::runtime_error("refusing to train on the test split " + args.corpus);
    }
    return args;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        const Arguments args = parse_arguments(argc, argv);
        std::vector<ModelHead> heads = {{"intent", kIntentLabels},
                                        {"letter_type", letter_codes(args.letter_types)}};
        heads[1].labels.push_back("none");
        const auto examples = load_corpus(args.corpus, heads);

        if (args.cross_validate > 0) {
            const auto start = std::chrono::steady_clock::now();
            const CrossValidation cv =
                ekel::bot::nlu::cross_validate(heads, examples, args.options, args.cross_validate);
            const double seconds =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            std::printf("%u-fold cross-validation over %zu messages (%.1f s)\n",
                        args.cross_validate, examples.size(), seconds);
            for (std::size_t f = 0; f < cv.by_fold.size(); ++f) {
                std::printf("  fold %zu (%zu messages): intent %.1f%%, letter type %.1f%%\n", f + 1,
                            cv.fold_sizes[f], 100.0 * cv.by_fold[f][0] / cv.fold_sizes[f],
                            100.0 * cv.by_fold[f][1] / cv.fold_sizes[f]);
            }
            if (!args.predictions.empty()) {
                // One line per message: its text, then every label's held-out probability.
                std::ofstream out(args.predictions);
                for (std::size_t e = 0; e < examples.size(); ++e) {
                    for (const char c : examples[e].text) {
                        if (c == '\n') {
                            out << "\\n";
                        } else {
                            out << (c == '\t' ? ' ' : c);
                        }
                    }
                    for (const float p : cv.probabilities[e]) out << '\t' << p;
                    out << '\n';
                }
            }
            std::printf("intent accuracy: %.1f%% (%zu/%zu)\n", 100.0 * cv.accuracy(0),
                        cv.correct[0], cv.examples);
            std::printf("letter type accuracy: %.1f%% (%zu/%zu)\n", 100.0 * cv.accuracy(1),
                        cv.correct[1], cv.examples);
            for (std::size_t h = 0; h < heads.size(); ++h) {
                std::map<std::pair<std::uint16_t, std::uint16_t>, int> confusions;
                for (std::size_t e = 0; e < examples.size(); ++e) {
                    if (cv.predicted[e][h] != examples[e].labels[h]) {
                        ++confusions[{examples[e].labels[h], cv.predicted[e][h]}];
                    }
                }
                std::vector<std::pair<int, std::pair<std::uint16_t, std::uint16_t>>> sorted;
                for (const auto& [pair, count] : confusions) sorted.push_back({-count, pair});
                std::sort(sorted.begin(), sorted.end());
                std::printf("most frequent %s errors (expected -> predicted):",
                            heads[h].name.c_str());
                for (std::size_t i = 0; i < std::min<std::size_t>(8, sorted.size()); ++i) {
                    std::printf(" %s->%s %d%s", heads[h].labels[sorted[i].second.first].c_str(),
                                heads[h].labels[sorted[i].second.second].c_str(), -sorted[i].first,
                                i + 1 < std::min<std::size_t>(8, sorted.size()) ? "," : "");
                }
                std::printf("\n");
            }
            return 0;
        }

        const ModelParameters parameters =
            ekel::bot::nlu::train_model(heads, examples, args.options);
        const std::string model = ekel::bot::nlu::serialize_model(parameters);
        write_atomically(args.output, generated_source(model, args, examples.size(),
                                                       parameters.feature_ids.size()));
        std::printf("ekel-nlu-train: %zu messages, %zu features, model %zu bytes\n",
                    examples.size(), parameters.feature_ids.size(), model.size());
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "ekel-nlu-train: " << e.what() << "\n";
        return 1;
    }
}
