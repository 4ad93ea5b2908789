#include <doctest/doctest.h>

#include <csignal>

#include "tests/support/process.h"
#include "tests/support/test_config.h"

TEST_SUITE_BEGIN("e2e");

using namespace ekel;
using namespace std::chrono_literals;

TEST_CASE("the sandbox chat talks to the running bot and lets a person pick choices by number") {
    test::TempDir dir;
    const int port = test::free_port();
    auto env = test::ChildDatabase(dir).env;
    env.emplace("EKEL_BOT_PORT", std::to_string(port));
    const std::vector<std::string> config = {"--config", test::repo_path("config/ekelurahan.toml")};
    test::ChildProcess bot(EKEL_BOT_BINARY, config, env, test::repo_path(""), dir.file("bot"));
    REQUIRE_MESSAGE(test::poll_get(port, "/healthz", 20s), bot.errors());

    std::vector<std::string> args = config;
    args.insert(args.end(), {"chat", "--from", "0812-7000-1234"});
    auto chat = test::run_process(EKEL_BOT_BINARY, args, env, test::repo_path(""), dir.file("chat"),
                                  "menu\n1\nsaya Ma\x92ruf\n/keluar\n");
    CHECK(chat.exit_code == 0);
    CHECK(chat.out.find("Obrolan sandbox sebagai 6281270001234") != std::string::npos);
    // The menu's list rows are numbered; "1" picked the first letter type, and the bot moved on
    // to identifying this unknown phone, offering its own button as a numbered choice.
    CHECK(chat.out.find("[1] Surat Keterangan Domisili") != std::string::npos);
    CHECK(chat.out.find("NIK") != std::string::npos);
    CHECK(chat.out.find("[1] Saya warga pendatang") != std::string::npos);
    // A line in a legacy code page is not sent, and the chat goes on.
    CHECK(chat.out.find("(pesan tidak dikirim: ada karakter yang tidak dapat dibaca (bukan UTF-8)") !=
          std::string::npos);

    auto refused = test::run_process(EKEL_BOT_BINARY, {"--config", test::repo_path("config/ekelurahan.toml"), "chat",
                                                       "--from", "12345"},
                                     env, test::repo_path(""), dir.file("refused"));
    CHECK(refused.exit_code == 2);
    CHECK(refused.err.find("--from") != std::string::npos);
    auto bad_name = test::run_process(EKEL_BOT_BINARY, {"--config", test::repo_path("config/ekelurahan.toml"), "chat",
                                                        "--from", "0812-7000-1234", "--name", "Ma\x92ruf"},
                                      env, test::repo_path(""), dir.file("bad_name"));
    CHECK(bad_name.exit_code == 2);
    CHECK(bad_name.out == "--name berisi karakter yang tidak dapat dibaca (bukan UTF-8).\n");
    bot.signal(SIGTERM);
    CHECK(bot.wait(10s) == 0);
}

TEST_SUITE_END();
