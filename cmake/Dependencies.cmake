# Every third-party package, all from Debian 12 (scripts/install-deps.sh installs them).
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)

# cpp-httplib is a compiled library in Debian: its pkg-config Cflags carry the CPPHTTPLIB_* feature
# macros the .so was built with, so it must come through pkg-config and nothing else.
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
pkg_check_modules(PQXX REQUIRED IMPORTED_TARGET libpqxx)  # PostgreSQL (libpqxx 6.4 on Debian 12)
pkg_check_modules(QRENCODE REQUIRED IMPORTED_TARGET libqrencode)
pkg_check_modules(XLSXWRITER REQUIRED IMPORTED_TARGET xlsxwriter)
if(EKEL_BUILD_TESTS)
  pkg_check_modules(MINIZIP REQUIRED IMPORTED_TARGET minizip)  # tests read exported XLSX back
endif()

find_package(SQLiteCpp REQUIRED)
find_package(nlohmann_json REQUIRED)
find_package(fmt REQUIRED)
find_package(spdlog REQUIRED)
pkg_check_modules(TOMLPP REQUIRED IMPORTED_TARGET tomlplusplus)
find_package(CURL REQUIRED)
find_package(OpenSSL 3.0 REQUIRED)  # PAdES signatures of letters (CMS, PKCS#12)
find_package(doctest REQUIRED)

# libpng decodes the letterhead logo once and zlib compresses it once (backoffice/letters).
find_package(PNG REQUIRED)
find_package(ZLIB REQUIRED)

# libharu ships no pkg-config or CMake file in Debian 12.
find_library(HPDF_LIBRARY NAMES hpdf REQUIRED)
find_path(HPDF_INCLUDE_DIR NAMES hpdf.h REQUIRED)
add_library(ekel_hpdf INTERFACE)
target_link_libraries(ekel_hpdf INTERFACE ${HPDF_LIBRARY})
target_include_directories(ekel_hpdf SYSTEM INTERFACE ${HPDF_INCLUDE_DIR})

find_path(MUSTACHE_INCLUDE_DIR NAMES kainjow/mustache.hpp REQUIRED)
add_library(ekel_mustache INTERFACE)
target_include_directories(ekel_mustache SYSTEM INTERFACE ${MUSTACHE_INCLUDE_DIR})
