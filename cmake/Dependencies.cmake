# Every dependency comes from the system (Debian packages); nothing is downloaded at build time.
find_package(PkgConfig REQUIRED)

find_package(CURL REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(nlohmann_json REQUIRED)
find_package(pugixml REQUIRED)
find_package(ZLIB REQUIRED)  # the run state is stored gzip-compressed
# libzip's CMake package in Debian 12 references tools that are not installed; use pkg-config.
pkg_check_modules(LIBZIP REQUIRED IMPORTED_TARGET libzip)
find_package(CLI11 REQUIRED)
find_package(spdlog REQUIRED)
find_package(Threads REQUIRED)
pkg_check_modules(PCRE2 REQUIRED IMPORTED_TARGET libpcre2-8)
# `watch --metrics-addr` and the tests' local HTTP servers. Debian ships it as a compiled library
# whose flags (OpenSSL, zlib, brotli support) must match, so take them from pkg-config.
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
if(REPO2S3_BUILD_TESTS)
    find_package(GTest REQUIRED)
endif()
