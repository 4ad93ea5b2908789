#pragma once

#include <iosfwd>

#include "shared/app/command_line.h"
#include "shared/config/city_config.h"
#include "shared/config/config.h"
#include "shared/util/clock.h"

namespace ekel::office {

/// The administration commands of ekel-office (migrate, seed-demo, import-residents, import-rt,
/// add-user). Messages are for kelurahan staff, in Bahasa Indonesia. Returns the exit code:
/// 0 done, 1 refused (bad file, bad value: nothing was changed), 2 usage error.
int run_office_command(const app::CommandLine& line, const config::Config& config, const Clock& clock,
                       std::istream& in, std::ostream& out, std::ostream& err);

/// The same for a city file: `--kelurahan CODE` runs a command on that kelurahan's database;
/// migrate and backup without it run on every database; seed-demo fills every kelurahan (each
/// with phones of its own) and adds the demo city accounts; add-user with a city role (camat
/// with --kecamatan, kota, kota_admin) writes to the city's database.
int run_city_command(const app::CommandLine& line, const config::CityConfig& city, const Clock& clock,
                     std::istream& in, std::ostream& out, std::ostream& err);

/// `copy-database --from sqlite:PATH --to postgresql://…`: moves a kelurahan's database to an
/// empty PostgreSQL database and reports every table's rows and digest on both sides. Needs no
/// configuration file.
int copy_database_command(const app::CommandLine& line, std::ostream& out, std::ostream& err);

}  // namespace ekel::office
