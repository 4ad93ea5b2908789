#include "backoffice/reports/svg_chart.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "shared/services/report_service.h"

namespace ekel::office {

namespace {

constexpr double kWidth = 720;
constexpr double kLabelRight = 222;  // labels end here (text-anchor end)
constexpr double kBarLeft = 230;
constexpr double kBarMax = 380;  // leaves room for the value after the longest bar
constexpr double kBarHeight = 14;
constexpr double kSeriesStep = 18;
constexpr double kItemGap = 10;
constexpr std::size_t kMaxLabelChars = 30;
constexpr std::array<const char*, 4> kColours = {"#0b5d3b", "#d08a1c", "#3f6fb5", "#8a4fa0"};

// Cuts at a character boundary and marks the cut with an ellipsis.
std::string shorten(const std::string& text) {
    std::size_t chars = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
        if (chars == kMaxLabelChars) return text.substr(0, i) + "…";
        ++chars;
    }
    return text;
}

std::string value_text(const std::optional<double>& value, const BarChart& chart) {
    if (!value) return "–";
    return services::format_indonesian(services::ReportCell::of_decimal(*value, chart.decimals)) + chart.unit;
}

std::string safe_id(const std::string& id) {
    std::string out;
    for (char c : id) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-') out += c;
    }
    return out.empty() ? "chart" : out;
}

}  // namespace

std::string xml_escape(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string render_bar_chart(const BarChart& chart) {
    const std::string title_id = safe_id(chart.id) + "-judul";
    const std::size_t series = std::max<std::size_t>(chart.series.size(), 1);
    double max = 0;
    bool any_value = false;
    for (const auto& item : chart.items) {
        for (const auto& v : item.values) {
            if (!v) continue;
            any_value = any_value || *v != 0;
            max = std::max(max, *v);
        }
    }
    const bool legend = chart.series.size() >= 2;
    const double top = legend ? 30 : 8;
    const double item_height = static_cast<double>(series) * kSeriesStep + kItemGap;
    const double height = any_value ? top + static_cast<double>(chart.items.size()) * item_height + 4 : 48;

    std::string svg = fmt::format(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" aria-labelledby=\"{}\" "
        "viewBox=\"0 0 {:.0f} {:.0f}\" width=\"100%\" font-family=\"system-ui, sans-serif\" font-size=\"13\">"
        "<title id=\"{}\">{}</title>",
        title_id, kWidth, height, title_id, xml_escape(chart.title));
    if (!any_value) {
        svg += "<text class=\"chart-empty\" x=\"8\" y=\"28\" fill=\"#5a6775\">" + xml_escape(chart.empty_text) +
               "</text></svg>";
        return svg;
    }
    if (legend) {
        for (std::size_t s = 0; s < chart.series.size(); ++s) {
            const double x = kBarLeft + static_cast<double>(s) * 140;
            svg += fmt::format(
                "<rect class=\"bar-{}\" x=\"{:.0f}\" y=\"8\" width=\"12\" height=\"12\" fill=\"{}\"/>"
                "<text class=\"chart-label\" x=\"{:.0f}\" y=\"19\" fill=\"#1d2733\">{}</text>",
                s % kColours.size(), x, kColours[s % kColours.size()], x + 18, xml_escape(chart.series[s]));
        }
    }
    const double scale = max > 0 ? kBarMax / max : 0;
    for (std::size_t i = 0; i < chart.items.size(); ++i) {
        const auto& item = chart.items[i];
        const double y0 = top + static_cast<double>(i) * item_height;
        svg += fmt::format(
            "<text class=\"chart-label\" x=\"{:.0f}\" y=\"{:.1f}\" text-anchor=\"end\" "
            "fill=\"#1d2733\"><title>{}</title>{}</text>",
            kLabelRight, y0 + static_cast<double>(series) * kSeriesStep / 2 + 4, xml_escape(item.label),
            xml_escape(shorten(item.label)));
        for (std::size_t s = 0; s < series; ++s) {
            const std::optional<double> value = s < item.values.size() ? item.values[s] : std::nullopt;
            const double y = y0 + static_cast<double>(s) * kSeriesStep;
            double width = value ? std::max(0.0, *value) * scale : 0;
            if (value && *value > 0) width = std::max(width, 1.0);
            svg += fmt::format(
                "<rect class=\"bar-{}\" x=\"{:.0f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.0f}\" "
                "fill=\"{}\"/>"
                "<text class=\"chart-value\" x=\"{:.1f}\" y=\"{:.1f}\" fill=\"#1d2733\">{}</text>",
                s % kColours.size(), kBarLeft, y, width, kBarHeight, kColours[s % kColours.size()],
                kBarLeft + width + 6, y + 11.5, xml_escape(value_text(value, chart)));
        }
    }
    svg += "</svg>";
    return svg;
}

}  // namespace ekel::office
