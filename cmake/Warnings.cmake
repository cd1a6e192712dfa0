# Project warning flags live in an INTERFACE target so that product and test code opt in,
# while third-party headers (included as SYSTEM) stay out of it.
add_library(repo2s3_warnings INTERFACE)
target_compile_options(repo2s3_warnings INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
    -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual
    # Designated initializers rely on default member initializers for the fields they omit.
    -Wno-missing-field-initializers
    $<$<BOOL:${REPO2S3_WERROR}>:-Werror>)
# GCC 12's object-size warnings (-Wrestrict, -Warray-bounds, -Wstringop-*) misfire on
# libstdc++'s inlined std::string code at -O2/-O3: `"x" + s` or `v.push_back(std::string(n, c))`
# is reported as an overlap or an out-of-bounds copy that cannot happen (GCC bugs 105329,
# 105651, 106199; fixed in GCC 13). They stay on elsewhere; the ASan+UBSan build checks the
# same things at run time.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(repo2s3_warnings INTERFACE
        -Wno-restrict -Wno-array-bounds -Wno-stringop-overflow -Wno-stringop-overread)
endif()
