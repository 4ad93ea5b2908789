#include "shared/services/system_status.h"

#include <fmt/format.h>
#include <sys/statvfs.h>

#include <filesystem>

#include "shared/db/migrations.h"
#include "shared/db/store.h"
#include "shared/util/time.h"

namespace ekel::services {

namespace fs = std::filesystem;

namespace {

constexpr std::uint64_t kLowDiskBytes = 1ull << 30;

std::uint64_t size_or_zero(const std::string& path) {
    std::error_code ec;
    auto size = fs::file_size(path, ec);
    return ec ? 0 : size;
}

}  // namespace

SystemStatus read_system_status(db::Store& store, const config::Config& config, TimePoint now) {
    SystemStatus s;
    const fs::path db_path = fs::absolute(config.database.path);
    struct statvfs disk {};
    if (::statvfs(db_path.parent_path().c_str(), &disk) == 0) {
        s.disk_free_bytes = static_cast<std::uint64_t>(disk.f_bavail) * disk.f_frsize;
        s.disk_total_bytes = static_cast<std::uint64_t>(disk.f_blocks) * disk.f_frsize;
    }
    s.database_bytes = size_or_zero(db_path.string()) + size_or_zero(db_path.string() + "-wal");
    s.last_webhook_at = store.inbound.last_received_at().value_or("");
    auto backlog = store.outbox.backlog();
    s.outbox_queued = backlog.queued;
    s.outbox_failed = backlog.failed;
    s.outbox_oldest_queued_at = backlog.oldest_queued_at;
    s.inbound_failed = store.inbound.count_failed();
    if (s.inbound_failed > 0) s.latest_inbound_failures = store.inbound.latest_failed(5);
    s.token_invalid_since = store.meta.get(db::kTokenInvalidSinceKey).value_or("");
    s.last_backup_at = store.meta.get(db::kLastBackupAtKey).value_or("");
    s.schema_version = db::schema_version(store.db());

    if (s.disk_total_bytes > 0 && s.disk_free_bytes < kLowDiskBytes) {
        s.alerts.push_back(fmt::format("Ruang disk tinggal {} MB. Hapus berkas lama atau tambah disk sebelum penuh.",
                                       s.disk_free_bytes >> 20));
    }
    if (!s.token_invalid_since.empty()) {
        // The outbox probes the token every 30 seconds and resumes by itself once Meta takes it.
        s.alerts.push_back(
            "Token WhatsApp ditolak Meta: pesan belum terkirim. ekel-bot mencoba lagi tiap 30 detik dan "
            "melanjutkan sendiri begitu token diterima. Bila token sudah kedaluwarsa, buat token baru di Meta, "
            "simpan di konfigurasi, lalu mulai ulang ekel-bot.");
    }
    if (s.outbox_failed > 0) {
        s.alerts.push_back(fmt::format("{} pesan WhatsApp gagal terkirim. Lihat log ekel-bot untuk sebabnya.",
                                       s.outbox_failed));
    }
    if (s.inbound_failed > 0) {
        s.alerts.push_back(fmt::format("{} pesan WhatsApp masuk gagal diproses; pengirimnya sudah diberi tahu. Lihat "
                                       "daftar di bawah dan log ekel-bot untuk sebabnya.",
                                       s.inbound_failed));
    }
    auto oldest = parse_utc(s.outbox_oldest_queued_at);
    if (oldest && now - *oldest > std::chrono::minutes(15)) {
        s.alerts.push_back("Ada pesan WhatsApp yang menunggu lebih dari 15 menit: periksa internet dan ekel-bot.");
    }
    // A fresh install has had no chance to back up yet: its first nightly backup is not overdue
    // until two days after installation.
    auto backup = parse_utc(s.last_backup_at);
    if (!backup) backup = parse_utc(db::installed_at(store.db()).value_or(""));
    if (backup && now - *backup > std::chrono::hours(48)) {
        s.alerts.push_back("Belum ada cadangan data dalam 2 hari terakhir. Jalankan: ekel-office backup");
    }
    return s;
}

}  // namespace ekel::services
