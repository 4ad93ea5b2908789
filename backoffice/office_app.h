#pragma once

#include <memory>
#include <string>
#include <vector>

#include "shared/config/city_config.h"
#include "shared/config/config.h"
#include "shared/util/clock.h"

namespace ekel::http {
class HealthReporter;
class HttpServer;
}

namespace ekel::office {

struct OfficeSite;

/// Everything ekel-office serves, wired from the configuration; used by main() and the
/// end-to-end tests. The databases must have been prepared (app::prepare_database).
///
/// Each kelurahan is a site of its own: its database, letters, signers, catalogue, sessions and
/// the handlers over them. A request goes to exactly one site, chosen by its Host header, so no
/// page of one kelurahan can reach another's data.
class OfficeApp {
public:
    /// One kelurahan: every host reaches its back office.
    OfficeApp(const config::Config& config, const Clock& clock);
    /// A city: each kelurahan's back office at its host, the city's own pages (kecamatan and
    /// city accounts, the city view, letter verification for all) at any other host.
    OfficeApp(const config::CityConfig& city, const Clock& clock);
    ~OfficeApp();

    /// Binds (office.port; 0 picks a free port) and serves in the background. Returns the port.
    int start();
    void stop();

    /// Where the (first) kelurahan's issued letters' PDFs are kept: `letters/` beside its database.
    const std::string& letters_dir() const;

    /// Every route a kelurahan's site serves, as "GET /permohonan" (its method and pattern), so
    /// the isolation tests can check they cover all of them.
    std::vector<std::string> kelurahan_routes() const;

private:
    void serve(const config::Config& shared);

    const Clock& clock_;
    const config::CityConfig* city_ = nullptr;
    const config::Config* shared_ = nullptr;  ///< servers and the health report's database
    std::vector<std::unique_ptr<OfficeSite>> sites_;  ///< the kelurahan, then the city's own
    std::unique_ptr<http::HealthReporter> health_;
    std::unique_ptr<http::HttpServer> server_;
};

}  // namespace ekel::office
