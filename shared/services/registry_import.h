#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "shared/util/clock.h"

namespace ekel::db {
class Store;
}

namespace ekel::services {

/// One problem in an import file, in words kelurahan staff read (Bahasa Indonesia).
struct RowError {
    std::size_t line = 0;  ///< physical line in the file, header = 1; 0 for the file as a whole
    std::string column;
    std::string message;
};

struct ImportReport {
    std::size_t rows = 0;
    std::size_t inserted = 0;
    std::size_t updated = 0;
    std::size_t phones_added = 0;
    std::vector<RowError> errors;  ///< every bad row; when not empty nothing was written
    /// How the file was read when staff should know, whether or not it imported: "Berkas dibaca
    /// sebagai Windows-1252 dan diubah ke UTF-8." Empty for a UTF-8 file.
    std::string note;

    bool ok() const { return errors.empty(); }
};

/// "baris 5, kolom nik: NIK harus 16 angka (tertulis 15 angka)".
std::string format_row_error(const RowError& error);

/// Residents CSV (columns in README): validates every row first; with any error nothing is
/// written, otherwise upserts by NIK and adds the listed phones as verified, in one transaction.
ImportReport import_residents(db::Store& store, std::string_view csv_text, const Clock& clock);

/// RT CSV (RT number, RW, head and deputy with their WhatsApp numbers, optional RW head), with
/// the same all-or-nothing rule; upserts by RT number.
ImportReport import_rts(db::Store& store, std::string_view csv_text, const Clock& clock);

}  // namespace ekel::services
