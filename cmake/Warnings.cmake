# Project warning flags live in an INTERFACE target so that product and test code opt in,
# while third-party headers (included as SYSTEM) stay out of it.
add_library(repo2s3_warnings INTERFACE)
target_compile_options(repo2s3_warnings INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
    -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual
    # Designated initializers rely on default member initializers for the fields they omit.
    -Wno-missing-field-initializers
    $<$<BOOL:${REPO2S3_WERROR}>:-Werror>)
