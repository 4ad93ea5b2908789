// ekel-office: the kelurahan back office (web) and its administration commands.
#include <spdlog/spdlog.h>

#include <iostream>

#include "backoffice/cli/office_commands.h"
#include "backoffice/office_app.h"
#include "shared/app/bootstrap.h"
#include "shared/app/command_line.h"
#include "shared/app/memory.h"
#include "shared/config/city_config.h"
#include "shared/config/config.h"
#include "shared/config/config_error.h"
#include "shared/config/letter_types.h"
#include "shared/config/letter_words.h"
#include "shared/util/logging.h"

namespace {

constexpr const char* kUsage =
    "usage: ekel-office [--config PATH] COMMAND\n"
    "  serve                         run the back office until SIGINT/SIGTERM (default)\n"
    "  migrate                       apply pending database migrations\n"
    "  seed-demo                     fill an empty registry with demo data\n"
    "  import-residents FILE.csv     import residents (all rows or none)\n"
    "  import-rt FILE.csv            import RT heads and numbers (all rows or none)\n"
    "  add-user USERNAME --role admin|operator|lurah|rt [--rt N] [--name NAME]\n"
    "                                create or reset an account; password on stdin\n"
    "  backup [FILE]                 consistent copy of the live database (default: backups/)\n"
    "  restore FILE                  replace the database with a checked backup (services stopped)\n"
    "  signing-cert FILE.p12 --name NAME [--position P] [--nip NIP] [--algorithm rsa-3072|p-256]\n"
    "                                a pilot kelurahan CA and a signer key (password: EKEL_SIGNING_PASSWORD)\n"
    "  copy-database --from sqlite:PATH --to postgresql://HOST/DB\n"
    "                                move a kelurahan to PostgreSQL (empty target; counts and digests checked)\n"
    "A city file ([kota], README \"Running a city\"): --kelurahan CODE runs a command on that\n"
    "kelurahan; migrate, backup and seed-demo without it run on every database; add-user\n"
    "--role camat --kecamatan NAME | kota | kota_admin adds a city account.\n";

}  // namespace

int main(int argc, char** argv) {
    using namespace ekel;
    app::limit_heap_growth();
    app::block_shutdown_signals();
    auto line = app::parse_command_line(argc, argv, {"role", "rt", "name", "position", "nip", "algorithm", "kelurahan", "kecamatan", "from", "to"}, {"help"});
    if (!line || line->option("help")) {
        if (!line) std::cerr << "ekel-office: " << line.error().message << "\n";
        std::cerr << kUsage;
        return line ? 0 : 2;
    }
    if (line->positional.empty()) line->positional.push_back("serve");
    try {
        if (line->positional[0] == "copy-database") return office::copy_database_command(*line, std::cout, std::cerr);
        if (config::is_city_config(line->config_path)) {
            const config::CityConfig city = config::load_city_config(line->config_path, config::process_environment());
            init_logging("ekel-office", city.city.logging.level);
            SystemClock clock;
            if (line->positional[0] != "serve") {
                return office::run_city_command(*line, city, clock, std::cin, std::cout, std::cerr);
            }
            for (const auto& k : city.kelurahan) app::prepare_database(k.config, clock);
            app::prepare_database(city.city, clock);
            office::OfficeApp office(city, clock);
            int port = office.start();
            spdlog::info("ekel-office for Kota {} ({} kelurahan) listening on http://{}:{}", city.name,
                         city.kelurahan.size(), city.city.office.bind, port);
            std::string signal = app::wait_for_shutdown_signal();
            spdlog::info("ekel-office stopping on {}", signal);
            office.stop();
            return 0;
        }
        config::Config config = config::load_config(line->config_path, config::process_environment());
        config::check_letter_signers(config::load_letter_catalog(config), config);
        init_logging("ekel-office", config.logging.level);
        SystemClock clock;
        if (line->positional[0] != "serve") {
            return office::run_office_command(*line, config, clock, std::cin, std::cout, std::cerr);
        }
        app::prepare_database(config, clock);
        office::OfficeApp office(config, clock);
        int port = office.start();
        spdlog::info("ekel-office listening on http://{}:{}", config.office.bind, port);
        std::string signal = app::wait_for_shutdown_signal();
        spdlog::info("ekel-office stopping on {}", signal);
        office.stop();
        return 0;
    } catch (const config::ConfigError& e) {
        std::cerr << "ekel-office: " << e.what() << "\n";
        return 78;  // EX_CONFIG
    } catch (const std::exception& e) {
        std::cerr << "ekel-office: " << e.what() << "\n";
        return 1;
    }
}
