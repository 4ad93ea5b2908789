#pragma once

#include <string>

#include "backoffice/reports/svg_chart.h"
#include "shared/services/city_report.h"

namespace ekel::office {

/// A chart of the city report, to pass to render_bar_chart:
///   "per-kelurahan": Masuk and Terbit per kelurahan;
///   "per-kecamatan": Masuk and Terbit per kecamatan;
///   "median": median processing hours (Median proses) per kelurahan.
/// Rows in the report's order. Throws ekel::Error for any other name (a programming error).
BarChart city_chart(const services::CityReport& report, const std::string& table);

}  // namespace ekel::office
