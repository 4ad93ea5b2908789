#include "bot/nlu/corpus_line.h"

#include <stdexcept>
#include <vector>

namespace ekel::bot::nlu {

std::string unescape_corpus_text(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\\' && i + 1 < text.size()) {
            const char next = text[++i];
            out.push_back(next == 'n' ? '\n' : next == 't' ? '\t' : next);
        } else {
            out.push_back(text[i]);
        }
    }
    return out;
}

std::optional<CorpusColumns> read_corpus_line(std::string_view line) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') return std::nullopt;
    std::vector<std::string_view> columns;
    while (true) {
        const auto tab = line.find('\t');
        columns.push_back(line.substr(0, tab));
        if (tab == std::string_view::npos) break;
        line.remove_prefix(tab + 1);
    }
    if (columns.size() != 4) throw std::runtime_error("expected 4 tab-separated columns");
    return CorpusColumns{unescape_corpus_text(columns[0]), std::string(columns[1]), std::string(columns[2]),
                         std::string(columns[3])};
}

}  // namespace ekel::bot::nlu
