#pragma once

#include <string>

#include "tests/support/temp_dir.h"

namespace ekel::test {

/// poppler's pdfsig with an NSS database that trusts one CA certificate, as an institution checks
/// a letter after importing the kelurahan's published CA (README, "Signed letters").
class Pdfsig {
public:
    explicit Pdfsig(const std::string& ca_pem_path);
    /// pdfsig's report on the file (it exits 0 for good and bad signatures alike).
    std::string report(const std::string& pdf_path) const;

private:
    TempDir dir_;
    std::string nss_;
};

}  // namespace ekel::test
