// ekel-bot: the WhatsApp side of E-Kelurahan (webhook intake, conversation, outbox).
#include <SQLiteCpp/Exception.h>
#include <spdlog/spdlog.h>

#include <iostream>

#include "bot/bot_app.h"
#include "bot/chat/sandbox_chat.h"
#include "bot/nlu/parse_command.h"
#include "shared/domain/phone.h"
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
    "usage: ekel-bot [--config PATH] [COMMAND]\n"
    "  serve                 run the webhook server and workers until SIGINT/SIGTERM (default)\n"
    "  chat --from PHONE [--name NAME]\n"
    "                        chat with the running bot as that phone (sandbox provider only)\n"
    "  parse [MESSAGE]       print what the bot understands of a message as JSON; without a\n"
    "                        message, one JSON line per input line from stdin; --rules-only:\n"
    "                        the rules' reading without the classifier\n"
    "  parse --corpus FILE [--today YYYY-MM-DD] [--misses]\n"
    "                        score the understanding on a labelled corpus (format at the top of\n"
    "                        tests/fixtures/nlu/train.tsv); --misses lists every miss too (never\n"
    "                        on the blind test split)\n";

}  // namespace

int main(int argc, char** argv) {
    using namespace ekel;
    app::limit_heap_growth();
    app::block_shutdown_signals();
    auto line = app::parse_command_line(argc, argv, {"from", "name", "corpus", "today"}, {"help", "rules-only", "misses"});
    if (!line || line->option("help")) {
        if (!line) std::cerr << "ekel-bot: " << line.error().message << "\n";
        std::cerr << kUsage;
        return line ? 0 : 2;
    }
    std::string command = line->positional.empty() ? "serve" : line->positional[0];
    if (command != "serve" && command != "chat" && command != "parse") {
        std::cerr << "ekel-bot: unknown command '" << command << "'\n" << kUsage;
        return 2;
    }
    try {
        if (command == "serve" && config::is_city_config(line->config_path)) {
            const config::CityConfig city = config::load_city_config(line->config_path, config::process_environment());
            init_logging("ekel-bot", city.city.logging.level);
            SystemClock clock;
            for (const auto& k : city.kelurahan) app::prepare_database(k.config, clock);
            app::prepare_database(city.city, clock);
            bot::BotApp bot(city, clock);
            int port = bot.start();
            spdlog::info("ekel-bot for Kota {} ({} kelurahan, {}) listening on http://{}:{}", city.name,
                         city.kelurahan.size(),
                         city.routing == config::WhatsAppRouting::city_number ? "one city number" : "a number each",
                         city.city.bot.bind, port);
            std::string signal = app::wait_for_shutdown_signal();
            spdlog::info("ekel-bot stopping on {}", signal);
            bot.stop();
            return 0;
        }
        if (config::is_city_config(line->config_path)) {
            // chat and parse talk to one kelurahan: name its own settings, as ekel-office --kelurahan does.
            std::cerr << "ekel-bot: " << command << " works on one kelurahan; " << line->config_path
                      << " is a city file (use a single-kelurahan config such as config/ekelurahan.toml)\n";
            return 2;
        }
        config::Config config = config::load_config(line->config_path, config::process_environment());
        config::LetterCatalog catalog = config::load_letter_catalog(config);
        config::check_letter_signers(catalog, config);
        if (command == "parse") {
            if (auto corpus = line->option("corpus")) {
                return bot::nlu::run_corpus_command(catalog, *corpus, line->option("today").value_or(""),
                                                    line->option("misses").has_value(), std::cout,
                                                    std::cerr);
            }
            std::vector<std::string> words(line->positional.begin() + 1, line->positional.end());
            return bot::nlu::run_parse_command(catalog, words, std::cin, std::cout,
                                               line->option("rules-only").has_value());
        }
        init_logging("ekel-bot", config.logging.level);
        if (command == "chat") {
            auto from = line->option("from");
            auto phone = from ? domain::normalize_phone(*from) : Result<std::string>::failure("phone", "");
            if (!phone) {
                std::cerr << "ekel-bot chat: --from harus nomor HP Indonesia, mis. --from 081234567890\n";
                return 2;
            }
            return bot::run_sandbox_chat(config, phone.value(), line->option("name").value_or("Warga Sandbox"),
                                         std::cin, std::cout);
        }
        SystemClock clock;
        app::prepare_database(config, clock);
        bot::BotApp bot(config, clock);
        int port = bot.start();
        spdlog::info("ekel-bot listening on http://{}:{} (provider {})", config.bot.bind, port,
                     config.whatsapp.provider);
        std::string signal = app::wait_for_shutdown_signal();
        spdlog::info("ekel-bot stopping on {}", signal);
        bot.stop();
        return 0;
    } catch (const config::ConfigError& e) {
        std::cerr << "ekel-bot: " << e.what() << "\n";
        return 78;  // EX_CONFIG
    } catch (const std::exception& e) {
        std::cerr << "ekel-bot: " << e.what() << "\n";
        return 1;
    }
}
