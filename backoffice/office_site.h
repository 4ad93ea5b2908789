#pragma once

#include <memory>
#include <string>
#include <vector>

#include "shared/config/city_config.h"
#include "shared/config/config.h"
#include "shared/config/letter_types.h"
#include "shared/http/site_routes.h"
#include "shared/util/clock.h"

namespace ekel::app {
class RunLock;
}
namespace ekel::db {
class StorePool;
}

namespace ekel::office {

class BackupScheduler;
class Web;

/// One site of ekel-office: a kelurahan's back office, or the city's own pages. Everything a
/// handler of the site can reach is here, and nothing of another site.
struct OfficeSite {
    /// `issues_letters`: a kelurahan (catalogue, signers, logo checked); false for the city's site.
    OfficeSite(const config::Config& config, const Clock& clock, bool issues_letters);
    ~OfficeSite();

    const config::Config& config;
    std::unique_ptr<app::RunLock> run_lock;
    config::LetterCatalog catalog;
    std::string letters_dir;
    std::unique_ptr<db::StorePool> stores;
    std::unique_ptr<BackupScheduler> backups;
    std::unique_ptr<Web> web;
    http::SiteRoutes routes;
};

/// A kelurahan as the city's pages see it: its entry in the city file and its site, which the
/// city's pages read one at a time (never two pooled handles at once).
struct CityKelurahanSite {
    const config::CityKelurahan* entry;
    OfficeSite* site;
};

/// A kelurahan's whole back office.
void register_kelurahan_routes(http::SiteRoutes& routes, Web& web);

/// The city's own pages (backoffice/web/city_routes.cpp): the city view for camat and kota
/// accounts, kelurahan accounts for kota_admin, and letter verification for every kelurahan.
void register_city_routes(http::SiteRoutes& routes, Web& web, const config::CityConfig& city,
                          std::vector<CityKelurahanSite> kelurahan);

}  // namespace ekel::office
