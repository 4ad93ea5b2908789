#include <doctest/doctest.h>

#include <csignal>
#include <nlohmann/json.hpp>

#include "bot/bot_app.h"
#include "backoffice/office_app.h"
#include "shared/db/migrations.h"
#include "tests/support/process.h"
#include "tests/support/test_config.h"

TEST_SUITE_BEGIN("e2e");

using namespace ekel;
using namespace std::chrono_literals;

namespace {

std::map<std::string, std::string> env_for(const test::ChildDatabase& database, int bot_port, int office_port) {
    auto env = database.env;
    env.insert({{"EKEL_BOT_PORT", std::to_string(bot_port)}, {"EKEL_OFFICE_PORT", std::to_string(office_port)}});
    return env;
}

}  // namespace

TEST_CASE("both services answer /healthz with the schema version when started in-process") {
    test::TempDatabase database;
    SystemClock clock;
    bot::BotApp bot(database.config, clock);
    office::OfficeApp office(database.config, clock);
    int bot_port = bot.start();
    int office_port = office.start();
    for (auto [port, service] : {std::pair{bot_port, "ekel-bot"}, std::pair{office_port, "ekel-office"}}) {
        CAPTURE(service);
        auto body = test::poll_get(port, "/healthz", 5s);
        REQUIRE(body);
        auto json = nlohmann::json::parse(*body);
        CHECK(json["service"] == service);
        CHECK(json["status"] == "ok");
        CHECK(json["schema_version"] == db::latest_schema_version());
    }
    bot.stop();
    office.stop();
}

TEST_CASE("the programs start on a fresh database, stop cleanly on SIGTERM and SIGINT, and start again") {
    test::TempDir dir;
    const test::ChildDatabase database(dir);
    const std::string config = test::repo_path("config/ekelurahan.toml");
    const std::string repo = test::repo_path("");
    auto seed = test::run_process(EKEL_OFFICE_BINARY, {"--config", config, "seed-demo"}, env_for(database, 1, 2), repo,
                                  dir.file("seed"));
    REQUIRE(seed.exit_code == 0);
    CHECK(seed.out.find("Data DEMO dibuat: 3 RW, 12 RT") != std::string::npos);

    const int bot_port = test::free_port();
    const int office_port = test::free_port();
    for (int round = 0; round < 2; ++round) {
        CAPTURE(round);
        test::ChildProcess bot(EKEL_BOT_BINARY, {"--config", config}, env_for(database, bot_port, office_port), repo,
                               dir.file("bot" + std::to_string(round)));
        test::ChildProcess office(EKEL_OFFICE_BINARY, {"--config", config, "serve"},
                                  env_for(database, bot_port, office_port), repo,
                                  dir.file("office" + std::to_string(round)));
        auto bot_health = test::poll_get(bot_port, "/healthz", 20s);
        auto office_health = test::poll_get(office_port, "/healthz", 20s);
        REQUIRE_MESSAGE(bot_health, bot.errors());
        REQUIRE_MESSAGE(office_health, office.errors());
        auto json = nlohmann::json::parse(*office_health);
        CHECK(json["schema_version"] == db::latest_schema_version());
        CHECK(json["demo_data"] == true);
        bot.signal(SIGTERM);
        office.signal(SIGINT);
        CHECK(bot.wait(10s) == 0);
        CHECK(office.wait(10s) == 0);
    }
    auto reseed = test::run_process(EKEL_OFFICE_BINARY, {"--config", config, "seed-demo"}, env_for(database, 1, 2), repo,
                                    dir.file("reseed"));
    CHECK(reseed.exit_code == 0);
    CHECK(reseed.out.find("sudah ada") != std::string::npos);
}

TEST_CASE("a bad configuration value stops a program with one line naming the key") {
    test::TempDir dir;
    auto result = test::run_process(EKEL_BOT_BINARY, {"--config", test::repo_path("config/ekelurahan.toml")},
                                    {{"EKEL_DATABASE_PATH", dir.file("x.db")}, {"EKEL_WHATSAPP_MESSAGES_PER_SECOND", "0"}},
                                    test::repo_path(""), dir.file("bad"));
    CHECK(result.exit_code == 78);
    CHECK(result.err ==
          "ekel-bot: " + test::repo_path("config/ekelurahan.toml") +
              ": whatsapp.messages_per_second must be a positive integer (1 to 1000)\n");
}

TEST_CASE("a letterhead logo that is missing or damaged stops ekel-office at start with one line naming kelurahan.logo") {
    test::TempDir dir;
    const std::string config = test::repo_path("config/ekelurahan.toml");
    auto start_with_logo = [&](const std::string& logo, const std::string& run) {
        return test::run_process(EKEL_OFFICE_BINARY, {"--config", config, "serve"},
                                 {{"EKEL_DATABASE_PATH", dir.file("x.db")}, {"EKEL_KELURAHAN_LOGO", logo},
                                  {"EKEL_OFFICE_PORT", std::to_string(test::free_port())}},
                                 test::repo_path(""), dir.file(run));
    };
    auto missing = start_with_logo("config/no-such-logo.png", "missing");
    CHECK(missing.exit_code == 78);
    CHECK(missing.err == "ekel-office: " + config +
                             ": kelurahan.logo \"config/no-such-logo.png\" is not a file (the path of a PNG image, "
                             "relative to the working directory; empty for no logo)\n");

    // A PNG whose header reads well but whose image data stops half-way: found at start.
    std::string png = test::read_text_file(test::repo_path("config/emblem.png"));
    const std::string damaged = dir.write("damaged.png", png.substr(0, png.size() / 2));
    auto result = start_with_logo(damaged, "damaged");
    CHECK(result.exit_code == 78);
    CHECK(result.err.starts_with("ekel-office: " + config + ": kelurahan.logo \"" + damaged +
                                 "\" cannot be embedded in letters (damaged PNG data: "));
}

TEST_CASE("a port already in use is reported, not ignored") {
    test::TempDatabase database;
    SystemClock clock;
    bot::BotApp first(database.config, clock);
    int port = first.start();
    config::Config second_config = database.config;
    second_config.bot.port = port;
    bot::BotApp second(second_config, clock);
    std::string expected = "cannot listen on 127.0.0.1:" + std::to_string(port);
    CHECK_THROWS_WITH(second.start(), doctest::Contains(expected.c_str()));
}

TEST_SUITE_END();
