#pragma once

#include <optional>
#include <string>
#include <vector>

namespace ekel::office {

/// A horizontal bar chart: one row per item, one bar per series in each row, the value written
/// after the bar (Indonesian decimal comma, "–" for no value).
struct BarChart {
    std::string id;                   ///< unique on the page; used for the <title> id (letters, digits, '-')
    std::string title;                ///< the chart's accessible name (<title>)
    std::vector<std::string> series;  ///< series names; a legend is drawn when there are two or more
    struct Item {
        std::string label;
        std::vector<std::optional<double>> values;  ///< one per series; nothing = no value
    };
    std::vector<Item> items;
    int decimals = 0;  ///< of the value labels
    /// Said instead of bars when no value is present: name what is missing when the table beside
    /// the chart may still have rows (the per-RT table counts requests; its chart, RT decisions).
    std::string empty_text = "Belum ada data";
    std::string unit;  ///< appended to value labels, e.g. " jam"
};

/// The chart as an inline <svg role="img"> with a <title>, to be inserted unescaped in a page.
/// All text is XML-escaped here. No style attributes or <style> (the CSP forbids inline
/// styles): colours are presentation attributes, overridable by the classes chart, bar-N,
/// chart-label, chart-value and chart-empty of app.css. Without items, or when no value is
/// present and non-zero, the chart only says its empty_text.
std::string render_bar_chart(const BarChart& chart);

/// XML/HTML text escaping (& < > " ').
std::string xml_escape(const std::string& text);

}  // namespace ekel::office
