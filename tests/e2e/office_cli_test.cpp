#include <doctest/doctest.h>

#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>

#include "shared/db/store.h"
#include "shared/util/password.h"
#include "tests/support/process.h"
#include "tests/support/test_config.h"

TEST_SUITE_BEGIN("e2e");

using namespace ekel;

namespace {

struct OfficeCli {
    test::TempDir dir;
    std::string config = test::repo_path("config/ekelurahan.toml");
    test::ChildDatabase database{dir};

    test::RunResult run(const std::vector<std::string>& args, const std::string& input = "",
                        std::map<std::string, std::string> env = {}) {
        std::vector<std::string> all = {"--config", config};
        all.insert(all.end(), args.begin(), args.end());
        static int counter = 0;
        env.insert(database.env.begin(), database.env.end());
        return test::run_process(EKEL_OFFICE_BINARY, all, env, test::repo_path(""),
                                 dir.file("run" + std::to_string(counter++)), input);
    }
    db::Store store() { return db::Store(database.target, 5000); }
};

std::string fixture(const std::string& name) { return test::repo_path("tests/fixtures/csv/" + name); }

}  // namespace

TEST_CASE_FIXTURE(OfficeCli, "migrate creates the database and is idempotent") {
    auto first = run({"migrate"});
    CHECK(first.exit_code == 0);
    CHECK(first.out.find("migrasi diterapkan") != std::string::npos);
    auto second = run({"migrate"});
    CHECK(second.exit_code == 0);
    CHECK(second.out.find("(0 migrasi diterapkan)") != std::string::npos);
}

TEST_CASE_FIXTURE(OfficeCli, "seed-demo ends with the demo logins, not buried under a log line per demo letter") {
    auto seeded = run({"seed-demo"});
    REQUIRE(seeded.exit_code == 0);
    const std::string output = seeded.out + seeded.err;
    CHECK(output.find("Akun demo:") != std::string::npos);
    CHECK(output.find(" issued for ") == std::string::npos);
    CHECK(std::count(output.begin(), output.end(), '\n') < 15);
}

TEST_CASE_FIXTURE(OfficeCli, "import commands print counts, or every bad row and change nothing") {
    auto rts = run({"import-rt", fixture("rt_good.csv")});
    CHECK(rts.exit_code == 0);
    CHECK(rts.out == "Impor RT selesai: 3 baris, 3 baru, 0 diperbarui.\n");
    auto residents = run({"import-residents", fixture("residents_good.csv")});
    CHECK(residents.exit_code == 0);
    CHECK(residents.out == "Impor penduduk selesai: 4 baris, 4 baru, 0 diperbarui, 3 nomor HP terverifikasi.\n");

    auto bad = run({"import-residents", fixture("residents_bad.csv")});
    CHECK(bad.exit_code == 1);
    CHECK(bad.err.find("dibatalkan, tidak ada data yang diubah") != std::string::npos);
    CHECK(bad.err.find("baris 6, kolom rt: RT 9 belum terdaftar") != std::string::npos);
    CHECK(store().residents.count() == 4);

    auto missing = run({"import-rt", "/nonexistent.csv"});
    CHECK(missing.exit_code == 1);
    CHECK(missing.err == "Berkas /nonexistent.csv tidak dapat dibuka.\n");
}

TEST_CASE_FIXTURE(OfficeCli, "an import that is not UTF-8 is read as Windows-1252 and says so, or refused naming the cell") {
    REQUIRE(run({"import-rt", fixture("rt_good.csv")}).exit_code == 0);
    auto mixed = run({"import-residents", fixture("residents_mixed_encoding.csv")});
    CHECK(mixed.exit_code == 1);
    CHECK(mixed.err.find("bukan UTF-8") != std::string::npos);
    CHECK(mixed.err.find("baris 3, kolom alamat") != std::string::npos);
    CHECK(store().residents.count() == 0);

    auto converted = run({"import-residents", fixture("residents_windows1252.csv")});
    CHECK(converted.exit_code == 0);
    CHECK(converted.out ==
          "Berkas dibaca sebagai Windows-1252 dan diubah ke UTF-8.\n"
          "Impor penduduk selesai: 2 baris, 2 baru, 0 diperbarui.\n");
    CHECK(store().residents.find_by_nik("6474031507800005")->full_name == "Ma\u2019ruf Hidayat");
}

TEST_CASE_FIXTURE(OfficeCli, "add-user reads the password from standard input and stores an Argon2id hash") {
    auto added = run({"add-user", "siti", "--role", "operator", "--name", "Siti Operator"}, "rahasia-kelurahan\n");
    CHECK(added.exit_code == 0);
    CHECK(added.out == "Akun siti (operator) tersimpan.\n");
    auto user = store().staff.find_by_username("siti");
    REQUIRE(user);
    CHECK(user->full_name == "Siti Operator");
    CHECK(verify_password("rahasia-kelurahan", user->password_hash));

    auto short_password = run({"add-user", "budi", "--role", "admin"}, "pendek\n");
    CHECK(short_password.exit_code == 1);
    CHECK(short_password.err == "password: minimal 10 karakter\n");
    auto bad_role = run({"add-user", "budi", "--role", "boss"}, "rahasia-kelurahan\n");
    CHECK(bad_role.exit_code == 1);
    CHECK(bad_role.err.find("role: harus salah satu dari admin, operator, lurah, rt") != std::string::npos);
    auto rt_without_number = run({"add-user", "budi", "--role", "rt"}, "rahasia-kelurahan\n");
    CHECK(rt_without_number.exit_code == 1);
    CHECK(rt_without_number.err.find("--rt N") != std::string::npos);
    CHECK_FALSE(store().staff.find_by_username("budi"));
    auto usage = run({"add-user", "budi"});
    CHECK(usage.exit_code == 2);
}

TEST_CASE_FIXTURE(OfficeCli, "add-user refuses a name or password that is not UTF-8 with a message, not a stored account") {
    auto bad_name = run({"add-user", "siti", "--role", "operator", "--name", "Siti Ma\x92ruf"}, "rahasia-kelurahan\n");
    CHECK(bad_name.exit_code == 1);
    CHECK(bad_name.err == "name: berisi karakter yang tidak dapat dibaca (bukan UTF-8)\n");
    auto bad_password = run({"add-user", "siti", "--role", "operator"}, "rahasia-kelurah\xE1n\n");
    CHECK(bad_password.exit_code == 1);
    CHECK(bad_password.err.starts_with("password: berisi karakter yang tidak dapat dibaca (bukan UTF-8)"));
    CHECK_FALSE(store().staff.find_by_username("siti"));
}

TEST_CASE_FIXTURE(OfficeCli, "signing-cert writes the signer's key only to the named file, mode 600, and prints the CA fingerprint") {
    const std::string p12 = dir.file("lurah.p12");
    const std::map<std::string, std::string> password = {{"EKEL_SIGNING_PASSWORD", "kata-sandi-pilot"}};
    const std::vector<std::string> args = {"signing-cert", p12, "--name", "Andi Wijaya, S.Sos.", "--nip",
                                           "197805122005011003", "--algorithm", "p-256"};
    auto no_password = run(args);
    CHECK(no_password.exit_code == 1);
    CHECK(no_password.err == "EKEL_SIGNING_PASSWORD: isi kata sandi berkas tanda tangan (minimal 10 karakter).\n");
    auto bad_nip = run({"signing-cert", p12, "--name", "Andi", "--nip", "12345"}, "", password);
    CHECK(bad_nip.exit_code == 1);
    CHECK(bad_nip.err == "--nip: NIP terdiri dari 18 angka.\n");
    CHECK(run({"signing-cert", p12}, "", password).exit_code == 2);
    CHECK_FALSE(std::filesystem::exists(p12));

    auto made = run(args, "", password);
    CHECK(made.exit_code == 0);
    CAPTURE(made.err);
    struct stat info {};
    REQUIRE(stat(p12.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
    const std::string ca = dir.file("lurah-ca.pem");
    REQUIRE(std::filesystem::exists(ca));
    // Only the PKCS#12 holds a private key: no other file in the directory, nothing printed.
    for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
        if (entry.path() == p12 || !entry.is_regular_file()) continue;
        CHECK(test::read_text_file(entry.path().string()).find("PRIVATE KEY") == std::string::npos);
    }
    CHECK(made.out.find("PRIVATE") == std::string::npos);
    FILE* pipe = popen(("openssl x509 -in '" + ca + "' -noout -fingerprint -sha256").c_str(), "r");
    REQUIRE(pipe != nullptr);
    char line[256] = {0};
    REQUIRE(std::fgets(line, sizeof line, pipe) != nullptr);
    pclose(pipe);
    const std::string fingerprint = std::string(line).substr(std::string(line).find('=') + 1, 95);
    CHECK(made.out.find("Sidik jari SHA-256 CA: " + fingerprint + "\n") != std::string::npos);

    // Never replaced: a second run refuses and leaves the key as it was.
    const std::string before = test::read_text_file(p12);
    auto again = run(args, "", password);
    CHECK(again.exit_code == 1);
    CHECK(test::read_text_file(p12) == before);
}

TEST_SUITE_END();
