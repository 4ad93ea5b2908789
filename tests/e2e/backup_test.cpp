#include <doctest/doctest.h>

#include <SQLiteCpp/Database.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "backoffice/office_app.h"
#include "shared/db/store.h"
#include "shared/services/backup.h"
#include "shared/services/request_service.h"
#include "shared/util/time.h"
#include "tests/support/process.h"
#include "tests/support/test_config.h"

// Backups for a kelurahan without IT staff: a consistent copy while both services write, a
// restore that checks the file first and refuses while a service runs, and rotation.

TEST_SUITE_BEGIN("sqlite only: backups");

using namespace ekel;

namespace {

struct BackupFixture : test::TempDatabase {
    BackupFixture() : clock(*parse_utc("2026-11-27T02:00:00Z")) {
        db::Store store(config.database.target(), 5000);
        rt_id = test::add_rt(store, 1);
    }
    void file_request(db::Store& store, int i) {
        services::NewRequest r;
        r.applicant_name = "Warga " + std::to_string(i);
        r.applicant_phone = "62813" + std::to_string(10000000 + i);
        r.letter_type = "domisili";
        r.purpose = "melamar kerja";
        r.rt_id = rt_id;
        services::RequestService(store, clock, config.kelurahan).submit(r, {domain::ActorKind::citizen, r.applicant_phone});
    }
    static std::int64_t count(const std::string& path, const std::string& sql) {
        db::Store store(path, 5000);
        return store.db().sqlite().execAndGet(sql).getInt64();
    }
    ManualClock clock;
    std::int64_t rt_id = 0;
};

}  // namespace

TEST_CASE_FIXTURE(BackupFixture, "a backup taken while requests keep coming is consistent, and restore brings exactly it back") {
    {
        db::Store store(config.database.target(), 5000);
        for (int i = 0; i < 200; ++i) file_request(store, i);
    }
    std::atomic<bool> stop{false};
    std::atomic<int> written{200};
    std::thread writer([&] {
        db::Store store(config.database.target(), 5000);
        while (!stop) {
            file_request(store, written);
            ++written;  // counted once committed
        }
    });
    while (written < 300) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    const std::string copy = dir.file("cadangan.db");
    services::backup_database(config.database.path, copy, 5000);
    const int after_backup = written;
    while (written < after_backup + 50) std::this_thread::sleep_for(std::chrono::milliseconds(1));  // writes go on
    stop = true;
    writer.join();

    REQUIRE(services::check_backup(copy).has_value());
    const std::int64_t in_copy = count(copy, "SELECT COUNT(*) FROM requests");
    const std::int64_t live = count(config.database.path, "SELECT COUNT(*) FROM requests");
    CHECK(in_copy >= 300);
    CHECK(in_copy < live);  // the writer went on after the copy
    // Consistent: every request in the copy has its event, and the counters match the rows.
    CHECK(count(copy, "SELECT COUNT(*) FROM requests r WHERE NOT EXISTS "
                      "(SELECT 1 FROM request_events e WHERE e.request_id = r.id)") == 0);
    CHECK(count(copy, "SELECT count FROM request_status_counts WHERE status = 'submitted'") == in_copy);

    auto restored = services::restore_database(copy, config.database.path, clock.now(), 480);
    REQUIRE(restored.has_value());
    CHECK(count(config.database.path, "SELECT COUNT(*) FROM requests") == in_copy);
    REQUIRE(std::filesystem::exists(restored.value()));  // the replaced database is kept
    CHECK(count(restored.value(), "SELECT COUNT(*) FROM requests") == live);
}

TEST_CASE_FIXTURE(BackupFixture, "restore refuses while a service runs, and refuses a damaged or foreign file") {
    {
        db::Store store(config.database.target(), 5000);
        for (int i = 0; i < 5; ++i) file_request(store, i);
    }
    const std::string copy = dir.file("cadangan.db");
    services::backup_database(config.database.path, copy, 5000);
    {
        config.office.port = 0;
        office::OfficeApp office(config, clock);
        office.start();
        auto refused = services::restore_database(copy, config.database.path, clock.now(), 480);
        REQUIRE_FALSE(refused.has_value());
        CHECK(refused.error().message.find("masih berjalan") != std::string::npos);
        office.stop();
    }
    CHECK(services::restore_database(copy, config.database.path, clock.now(), 480).has_value());

    {
        std::ofstream(dir.file("rusak.db"), std::ios::binary) << "bukan basis data sama sekali, hanya teks";
    }
    auto damaged = services::check_backup(dir.file("rusak.db"));
    REQUIRE_FALSE(damaged.has_value());
    CHECK(damaged.error().message.find("tidak dapat dibaca") != std::string::npos);
    {
        SQLite::Database foreign(dir.file("lain.db"), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        foreign.exec("CREATE TABLE x (y INTEGER)");
    }
    auto other = services::check_backup(dir.file("lain.db"));
    REQUIRE_FALSE(other.has_value());
    CHECK(other.error().message.find("bukan cadangan E-Kelurahan") != std::string::npos);
    CHECK_FALSE(services::restore_database(dir.file("lain.db"), config.database.path, clock.now(), 480).has_value());
    CHECK(count(config.database.path, "SELECT COUNT(*) FROM requests") == 5);
}

TEST_CASE("daily backups are named by local time and only the newest are kept") {
    test::TempDir dir;
    CHECK(services::backup_file_name(*parse_utc("2026-11-27T18:30:00Z"), 480) == "ekelurahan-2026-11-28-0230.db");
    for (const char* name : {"ekelurahan-2026-11-01-0200.db", "ekelurahan-2026-11-02-0200.db",
                             "ekelurahan-2026-11-03-0200.db", "ekelurahan-2026-11-04-0200.db", "catatan.txt"}) {
        std::ofstream(dir.file(name)) << "x";
    }
    auto removed = services::rotate_backups(dir.path().string(), 2);
    CHECK(removed.size() == 2);
    CHECK_FALSE(std::filesystem::exists(dir.file("ekelurahan-2026-11-01-0200.db")));
    CHECK(std::filesystem::exists(dir.file("ekelurahan-2026-11-04-0200.db")));
    CHECK(std::filesystem::exists(dir.file("catatan.txt")));  // only our own backups are touched
}

TEST_CASE("ekel-office backup and restore work from the command line") {
    test::TempDir dir;
    const std::map<std::string, std::string> env = {{"EKEL_DATABASE_PATH", dir.file("ekelurahan.db")}};
    const std::vector<std::string> config = {"--config", test::repo_path("config/ekelurahan.toml")};
    auto run = [&](std::vector<std::string> args, const std::string& name) {
        args.insert(args.begin(), config.begin(), config.end());
        return test::run_process(EKEL_OFFICE_BINARY, args, env, test::repo_path(""), dir.file(name));
    };
    REQUIRE(run({"seed-demo"}, "seed").exit_code == 0);
    auto backup = run({"backup", dir.file("salinan.db")}, "backup");
    CHECK(backup.exit_code == 0);
    CHECK(backup.out.find("Cadangan dibuat") != std::string::npos);
    auto restore = run({"restore", dir.file("salinan.db")}, "restore");
    CHECK(restore.exit_code == 0);
    CHECK(restore.out.find("Basis data dipulihkan") != std::string::npos);
    auto missing = run({"restore", dir.file("tidak-ada.db")}, "missing");
    CHECK(missing.exit_code == 1);
    CHECK(missing.err.find("tidak ada") != std::string::npos);
}

TEST_SUITE_END();
