# Sanitizer flags for the library and everything that links it (PUBLIC through repo2s3_lib).
#   REPO2S3_SANITIZE  AddressSanitizer + UndefinedBehaviorSanitizer (GCC or Clang)
#   REPO2S3_FUZZ      the same plus libFuzzer's coverage instrumentation (Clang only); the fuzz
#                     targets in tests/fuzz/ then link libFuzzer itself (-fsanitize=fuzzer)
add_library(repo2s3_sanitizers INTERFACE)
if(REPO2S3_FUZZ)
    if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
        message(FATAL_ERROR "REPO2S3_FUZZ needs Clang (libFuzzer): configure with CXX=clang++")
    endif()
    set(_san -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
             -fno-omit-frame-pointer)
elseif(REPO2S3_SANITIZE)
    set(_san -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
endif()
if(_san)
    target_compile_options(repo2s3_sanitizers INTERFACE ${_san})
    target_link_options(repo2s3_sanitizers INTERFACE ${_san})
endif()
