#include <cstdio>
#include <exception>

#include "repo2s3/cli/cli.hpp"
#include "repo2s3/util/core_dumps.hpp"
#include "repo2s3/util/utf8.hpp"

int main(int argc, char** argv) {
    // Before anything reads a key: a core file would hold it.
    if (!repo2s3::util::disable_core_dumps()) {
        std::fprintf(stderr, "repo2s3: warning: cannot turn off core dumps\n");
    }
    try {
        return repo2s3::cli::run_cli(argc, argv);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "repo2s3: internal error: %s\n",
                     repo2s3::util::sanitize_utf8(error.what()).c_str());
        return 1;
    } catch (...) {
        std::fprintf(stderr, "repo2s3: internal error: an unknown exception\n");
        return 1;
    }
}
