#include "backoffice/cli/office_commands.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include <spdlog/spdlog.h>

#include "backoffice/backup_scheduler.h"
#include "shared/db/write_transaction.h"
#include "shared/services/backup.h"
#include "shared/util/time.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fstream>
#include <iostream>
#include <sstream>

#include "shared/app/bootstrap.h"
#include "shared/db/migrations.h"
#include "shared/db/database_copy.h"
#include "shared/db/store.h"
#include "backoffice/letters/letter_pdf.h"
#include "backoffice/letters/letter_signers.h"
#include "backoffice/letters/signing_certificate.h"
#include "shared/config/letter_types.h"
#include "shared/services/demo_history.h"
#include "shared/services/demo_seed.h"
#include "shared/services/registry_import.h"
#include "shared/services/staff_service.h"
#include "shared/util/error.h"

namespace ekel::office {

namespace {

std::optional<std::string> read_file(const std::string& path, std::ostream& err) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        err << "Berkas " << path << " tidak dapat dibuka.\n";
        return std::nullopt;
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

int report_import(const services::ImportReport& report, const std::string& what, std::ostream& out,
                  std::ostream& err) {
    if (!report.note.empty()) (report.ok() ? out : err) << report.note << "\n";
    if (!report.ok()) {
        err << "Impor " << what << " dibatalkan, tidak ada data yang diubah. " << report.errors.size()
            << " masalah ditemukan:\n";
        for (const auto& error : report.errors) err << "  " << services::format_row_error(error) << "\n";
        return 1;
    }
    out << "Impor " << what << " selesai: " << report.rows << " baris, " << report.inserted << " baru, "
        << report.updated << " diperbarui";
    if (report.phones_added > 0) out << ", " << report.phones_added << " nomor HP terverifikasi";
    out << ".\n";
    return 0;
}

int import_command(const app::CommandLine& line, const config::Config& config, const Clock& clock,
                   std::ostream& out, std::ostream& err, bool residents) {
    if (line.positional.size() != 2) {
        err << "Pemakaian: ekel-office " << line.positional[0] << " BERKAS.csv\n";
        return 2;
    }
    auto text = read_file(line.positional[1], err);
    if (!text) return 1;
    app::prepare_database(config, clock);
    db::Store store(config.database.target(), config.database.busy_timeout_ms);
    auto report = residents ? services::import_residents(store, *text, clock)
                            : services::import_rts(store, *text, clock);
    return report_import(report, residents ? "penduduk" : "RT", out, err);
}

/// Reads the password without echo when typing at a terminal (asked twice), or one line from a pipe.
std::optional<std::string> read_password(std::istream& in, std::ostream& err) {
    bool terminal = &in == &std::cin && isatty(STDIN_FILENO);
    auto read_line = [&](const char* prompt) -> std::optional<std::string> {
        termios saved{};
        if (terminal) {
            err << prompt << std::flush;
            tcgetattr(STDIN_FILENO, &saved);
            termios quiet = saved;
            quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
            tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
        }
        std::string value;
        bool got = static_cast<bool>(std::getline(in, value));
        if (terminal) {
            tcsetattr(STDIN_FILENO, TCSANOW, &saved);
            err << "\n";
        }
        if (!got) return std::nullopt;
        if (!value.empty() && value.back() == '\r') value.pop_back();
        return value;
    };
    auto first = read_line("Kata sandi: ");
    if (!first) return std::nullopt;
    if (terminal) {
        auto again = read_line("Ulangi kata sandi: ");
        if (!again || *again != *first) {
            err << "Kata sandi tidak sama.\n";
            return std::nullopt;
        }
    }
    return first;
}

int add_user_command(const app::CommandLine& line, const config::Config& config, const Clock& clock,
                     std::istream& in, std::ostream& out, std::ostream& err) {
    if (line.positional.size() != 2 || !line.option("role")) {
        err << "Pemakaian: ekel-office add-user NAMA_PENGGUNA --role admin|operator|lurah|rt [--rt N] "
               "[--name \"Nama Lengkap\"]\n(kota: --role camat --kecamatan NAMA | kota | kota_admin)\n"
               "(kata sandi dibaca dari masukan standar)\n";
        return 2;
    }
    services::NewStaffUser user;
    user.username = line.positional[1];
    user.role = *line.option("role");
    user.full_name = line.option("name").value_or("");
    user.kecamatan = line.option("kecamatan").value_or("");
    user.city_site = config.city_site;
    if (auto rt = line.option("rt")) {
        try {
            user.rt_number = std::stoi(*rt);
        } catch (const std::exception&) {
            err << "--rt harus nomor RT (angka), bukan \"" << *rt << "\".\n";
            return 2;
        }
    }
    auto password = read_password(in, err);
    if (!password) {
        err << "Kata sandi tidak dibaca; akun tidak dibuat.\n";
        return 1;
    }
    user.password = *password;
    app::prepare_database(config, clock);
    db::Store store(config.database.target(), config.database.busy_timeout_ms);
    db::WriteTransaction tx(store.db());
    auto added = services::add_staff_user(store, clock, user);
    if (!added) {
        err << added.error().field << ": " << added.error().message << "\n";
        return 1;
    }
    tx.commit();
    out << "Akun " << added->username << " (" << domain::to_string(added->role) << ") tersimpan.\n";
    return 0;
}

/// Writes `bytes` to a new file with `mode`; never replaces an existing one.
bool write_new_file(const std::string& path, const std::string& bytes, mode_t mode, std::ostream& err) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0) {
        err << path << ": " << (errno == EEXIST ? "sudah ada; tidak ditimpa" : std::strerror(errno)) << ".\n";
        return false;
    }
    std::size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
        if (n <= 0) break;
        written += static_cast<std::size_t>(n);
    }
    const bool ok = written == bytes.size() && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok) {
        err << path << ": gagal ditulis.\n";
        std::filesystem::remove(path);
    }
    return ok;
}

/// A pilot kelurahan CA and a signer's PKCS#12 at `p12_path` (mode 600), the CA certificate
/// beside it (<stem>-ca.pem) to publish; neither replaces an existing file.
bool write_pilot_certificates(const PilotSigner& signer, const std::string& password, const std::string& p12_path,
                              TimePoint now, std::ostream& out, std::ostream& err) {
    std::filesystem::path ca_path(p12_path);
    ca_path.replace_filename(ca_path.stem().string() + "-ca.pem");
    if (std::filesystem::exists(ca_path)) {
        err << ca_path.string() << ": sudah ada; tidak ditimpa.\n";
        return false;
    }
    const PilotCertificates made = make_pilot_certificates(signer, password, now);
    if (!write_new_file(p12_path, made.signer_pkcs12, 0600, err)) return false;
    if (!write_new_file(ca_path.string(), made.ca_pem, 0644, err)) {
        std::filesystem::remove(p12_path);
        return false;
    }
    out << "Berkas tanda tangan (kunci privat, hanya untuk pemiliknya): " << p12_path << "\n"
        << "Sertifikat CA untuk diumumkan: " << ca_path.string() << "\n"
        << "Sidik jari SHA-256 CA: " << made.ca_fingerprint << "\n";
    return true;
}

/// The demo's signers get pilot keys where their PKCS#12 files are missing, so `make run` signs
/// letters out of the box. Passwords come from the environment as for real keys.
bool make_demo_signing_keys(const config::Config& config, const Clock& clock, std::ostream& out, std::ostream& err) {
    if (config.signing.method != "local") return true;
    for (const auto& signer : config.signers) {
        if (std::filesystem::exists(signer.pkcs12)) continue;
        if (signer.pkcs12_password.size() < 10) {
            err << config::signer_password_variable(signer) << ": isi kata sandi berkas tanda tangan " << signer.key
                << " (minimal 10 karakter).\n";
            return false;
        }
        PilotSigner pilot;
        pilot.kelurahan = config.kelurahan.name;
        pilot.name = signer.name;
        pilot.position = signer.position;
        for (char c : signer.nip) {
            if (c != ' ') pilot.nip += c;
        }
        pilot.algorithm = "p-256";  // quick to make and to sign with; real keys come from BSrE
        const auto dir = std::filesystem::path(signer.pkcs12).parent_path();
        if (!dir.empty()) std::filesystem::create_directories(dir);
        std::ostringstream details;  // the demo needs one line per key, not the fingerprint to publish
        if (!write_pilot_certificates(pilot, signer.pkcs12_password, signer.pkcs12, clock.now(), details, err)) {
            return false;
        }
        out << "Kunci tanda tangan DEMO untuk " << signer.key << ": " << signer.pkcs12 << "\n";
    }
    return true;
}

/// A pilot kelurahan CA and a signer's PKCS#12 (mode 600); the CA certificate beside it to publish.
int signing_cert_command(const app::CommandLine& line, const config::Config& config, const Clock& clock,
                         std::ostream& out, std::ostream& err) {
    if (line.positional.size() != 2 || !line.option("name")) {
        err << "Pemakaian: ekel-office signing-cert BERKAS.p12 --name \"Nama Penanda Tangan\" [--position Lurah] "
               "[--nip NIP] [--algorithm rsa-3072|p-256]\n(kata sandi berkas dari variabel lingkungan "
               "EKEL_SIGNING_PASSWORD)\n";
        return 2;
    }
    const char* password = std::getenv("EKEL_SIGNING_PASSWORD");
    if (password == nullptr || std::strlen(password) < 10) {
        err << "EKEL_SIGNING_PASSWORD: isi kata sandi berkas tanda tangan (minimal 10 karakter).\n";
        return 1;
    }
    PilotSigner signer;
    signer.kelurahan = config.kelurahan.name;
    signer.name = *line.option("name");
    signer.position = line.option("position").value_or("Lurah");
    signer.nip = line.option("nip").value_or("");
    signer.algorithm = line.option("algorithm").value_or("rsa-3072");
    if (!signer.nip.empty() && (signer.nip.size() != 18 || signer.nip.find_first_not_of("0123456789") != std::string::npos)) {
        err << "--nip: NIP terdiri dari 18 angka.\n";
        return 1;
    }
    if (signer.algorithm != "rsa-3072" && signer.algorithm != "p-256") {
        err << "--algorithm: pilih rsa-3072 atau p-256.\n";
        return 1;
    }
    return write_pilot_certificates(signer, password, line.positional[1], clock.now(), out, err) ? 0 : 1;
}

int seed_demo_command(const config::Config& config, const Clock& clock, std::ostream& out, std::ostream& err,
                      int variant = 0) {
    app::prepare_database(config, clock);
    db::Store store(config.database.target(), config.database.busy_timeout_ms);
    const bool demo = store.meta.get("demo_data") == "true" || (store.rts.count() == 0 && store.residents.count() == 0);
    if (demo && !make_demo_signing_keys(config, clock, out, err)) return 1;
    auto report = services::seed_demo(store, clock, variant);
    if (report.seeded) {
        out << "Data DEMO dibuat: " << report.rws << " RW, " << report.rts << " RT, " << report.residents
            << " penduduk dalam " << report.families << " KK, " << report.verified_phones
            << " nomor HP terverifikasi.\n";
        // Six weeks of service history, so the dashboard, schedule and reports have something to show.
        const auto catalog = config::load_letter_types(config.letter_types_path);
        const std::string letters_dir = (std::filesystem::path(config.database.path).parent_path() / "letters").string();
        // Its 70-odd "letter issued" log lines would bury the demo logins printed below.
        const auto level = spdlog::get_level();
        spdlog::set_level(spdlog::level::warn);
        const auto signers = make_letter_signers(config, clock.now());
        auto history = services::seed_demo_history(store, config, catalog, office::render_letter_pdf, signers,
                                                   letters_dir, clock.now(), variant);
        spdlog::set_level(level);
        out << "Riwayat layanan DEMO: " << history.requests << " permohonan, " << history.letters << " surat terbit, "
            << history.collected << " sudah diambil, " << history.surveys << " survei terisi, " << history.complaints
            << " aduan.\n";
    } else {
        out << "Data registri sudah ada; data demo tidak ditambahkan.\n";
        if (store.meta.get("demo_data") != "true") return 0;
    }
    out << "Akun demo:\n";
    for (const auto& account : services::demo_accounts()) {
        out << "  " << account.username << " (" << account.role << ") kata sandi: " << account.password << "\n";
    }
    return 0;
}

int backup_command(const app::CommandLine& line, const config::Config& config, const Clock& clock, std::ostream& out,
                   std::ostream& err) {
    if (config.database.on_postgresql()) {
        err << "Basis data ada di PostgreSQL: cadangkan dengan pg_basebackup atau pg_dump (lihat README).\n";
        return 1;
    }
    if (!std::filesystem::exists(config.database.path)) {
        err << "Basis data " << config.database.path << " tidak ada; tidak ada yang dicadangkan.\n";
        return 1;
    }
    const std::string target =
        line.positional.size() > 1
            ? line.positional[1]
            : (std::filesystem::path(BackupScheduler::directory(config)) /
               services::backup_file_name(clock.now(), config.kelurahan.utc_offset_minutes))
                  .string();
    auto done = services::backup_database(config.database.path, target, config.database.busy_timeout_ms);
    {
        db::Store store(config.database.target(), config.database.busy_timeout_ms);
        db::WriteTransaction tx(store.db());
        store.meta.set(db::kLastBackupAtKey, format_utc(clock.now()));
        tx.commit();
    }
    out << "Cadangan dibuat: " << done.path << " (" << done.bytes / 1024 << " KB, " << done.pages << " halaman, "
        << fmt::format("{:.1f}", done.seconds) << " detik).\n";
    return 0;
}

int restore_command(const app::CommandLine& line, const config::Config& config, const Clock& clock, std::ostream& out,
                    std::ostream& err) {
    if (line.positional.size() != 2) {
        err << "pemakaian: ekel-office restore BERKAS-CADANGAN.db\n";
        return 2;
    }
    if (config.database.on_postgresql()) {
        err << "Basis data ada di PostgreSQL: pulihkan dengan alat PostgreSQL (lihat README).\n";
        return 1;
    }
    auto restored = services::restore_database(line.positional[1], config.database.path, clock.now(),
                                               config.kelurahan.utc_offset_minutes);
    if (!restored) {
        err << restored.error().message << "\n";
        return 1;
    }
    out << "Basis data dipulihkan dari " << line.positional[1] << ".\n";
    if (!restored.value().empty()) out << "Basis data sebelumnya disimpan sebagai " << restored.value() << ".\n";
    return 0;
}

}  // namespace

int copy_database_command(const app::CommandLine& line, std::ostream& out, std::ostream& err) {
    const std::string from = line.option("from").value_or("");
    const std::string to = line.option("to").value_or("");
    if (from.rfind("sqlite:", 0) != 0 || to.empty()) {
        err << "pemakaian: ekel-office copy-database --from sqlite:PATH --to postgresql://HOST/DB\n";
        return 2;
    }
    try {
        std::int64_t rows = 0;
        auto tables = db::copy_sqlite_to_postgresql(from.substr(7), to, [&](const db::CopiedTable& t) {
            out << fmt::format("  {:<28} {:>9} baris  {}\n", t.table, t.target_rows,
                               t.matches() ? "sama" : "BERBEDA");
            rows += t.target_rows;
        });
        out << "Disalin: " << tables.size() << " tabel, " << rows
            << " baris; jumlah dan sidik (SHA-256) setiap tabel sama di kedua sisi.\n";
        return 0;
    } catch (const std::exception& e) {
        err << e.what() << "\n";
        return 1;
    }
}

int run_office_command(const app::CommandLine& line, const config::Config& config, const Clock& clock,
                       std::istream& in, std::ostream& out, std::ostream& err) {
    const std::string& command = line.positional.at(0);
    if (command == "migrate") {
        int applied = app::prepare_database(config, clock);
        out << "Basis data " << config.database.target() << " pada skema versi " << db::latest_schema_version()
            << " (" << applied << " migrasi diterapkan).\n";
        return 0;
    }
    if (command == "seed-demo") return seed_demo_command(config, clock, out, err);
    if (command == "import-residents") return import_command(line, config, clock, out, err, true);
    if (command == "import-rt") return import_command(line, config, clock, out, err, false);
    if (command == "add-user") return add_user_command(line, config, clock, in, out, err);
    if (command == "backup") return backup_command(line, config, clock, out, err);
    if (command == "restore") return restore_command(line, config, clock, out, err);
    if (command == "signing-cert") return signing_cert_command(line, config, clock, out, err);
    err << "Perintah tidak dikenal: " << command << "\n";
    return 2;
}

namespace {

/// Demo accounts above the kelurahan: a camat per kecamatan, the kota and its admin.
void seed_city_accounts(const config::CityConfig& city, const Clock& clock, std::ostream& out) {
    db::Store store(city.city.database.target(), city.city.database.busy_timeout_ms);
    db::WriteTransaction tx(store.db());
    std::vector<services::NewStaffUser> accounts;
    for (std::size_t i = 0; i < city.kecamatan.size(); ++i) {
        services::NewStaffUser camat;
        camat.username = "camat" + std::to_string(i + 1);
        camat.full_name = "Camat " + city.kecamatan[i] + " (Demo)";
        camat.role = "camat";
        camat.kecamatan = city.kecamatan[i];
        accounts.push_back(camat);
    }
    for (const char* role : {"kota", "kota_admin"}) {
        services::NewStaffUser user;
        user.username = std::string(role) == "kota" ? "kota" : "kotaadmin";
        user.full_name = std::string(role) == "kota" ? "Pemerintah Kota (Demo)" : "Admin Kota (Demo)";
        user.role = role;
        accounts.push_back(user);
    }
    out << "Akun demo kota (di " << city.host << "):\n";
    for (auto& user : accounts) {
        user.password = "kota-demo-" + user.username;  // demo only: is_demo marks them on every page
        user.is_demo = true;
        user.city_site = true;
        auto added = services::add_staff_user(store, clock, user);
        if (!added) throw Error("demo account " + user.username + ": " + added.error().message);
        out << "  " << user.username << " (" << user.role << (user.kecamatan.empty() ? "" : " " + user.kecamatan)
            << ") kata sandi: " << user.password << "\n";
    }
    tx.commit();
}

}  // namespace

int run_city_command(const app::CommandLine& line, const config::CityConfig& city, const Clock& clock,
                     std::istream& in, std::ostream& out, std::ostream& err) {
    const std::string& command = line.positional.at(0);
    if (auto code = line.option("kelurahan")) {
        const auto* k = city.find(*code);
        if (!k) {
            err << "--kelurahan " << *code << " tidak ada di " << city.source << ".\n";
            return 2;
        }
        return run_office_command(line, k->config, clock, in, out, err);
    }
    if (command == "migrate" || command == "backup" || command == "seed-demo") {
        for (std::size_t i = 0; i < city.kelurahan.size(); ++i) {
            const auto& k = city.kelurahan[i];
            out << "Kelurahan " << k.name << " (" << k.code << "):\n";
            const int status = command == "seed-demo" ? seed_demo_command(k.config, clock, out, err, static_cast<int>(i % 10))
                                                      : run_office_command(line, k.config, clock, in, out, err);
            if (status != 0) return status;
        }
        if (command == "seed-demo") {
            app::prepare_database(city.city, clock);
            seed_city_accounts(city, clock, out);
            return 0;
        }
        out << "Kota " << city.name << ":\n";
        return run_office_command(line, city.city, clock, in, out, err);
    }
    if (command == "add-user") {
        const auto role = line.option("role").value_or("");
        const auto parsed = domain::parse_staff_role(role);
        if (!parsed || !domain::is_city_role(*parsed)) {
            err << "Akun kelurahan dibuat di kelurahannya: tambahkan --kelurahan KODE ("
                << city.kelurahan.front().code << ", …).\n";
            return 2;
        }
        const auto kecamatan = line.option("kecamatan").value_or("");
        if (!kecamatan.empty() && std::find(city.kecamatan.begin(), city.kecamatan.end(), kecamatan) == city.kecamatan.end()) {
            err << "--kecamatan \"" << kecamatan << "\" tidak ada di " << city.source << ".\n";
            return 2;
        }
        return run_office_command(line, city.city, clock, in, out, err);
    }
    err << "Perintah " << command << " dijalankan untuk satu kelurahan: tambahkan --kelurahan KODE.\n";
    return 2;
}

}  // namespace ekel::office
