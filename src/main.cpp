#include <cstdio>
#include <exception>

#include "repo2s3/cli/cli.hpp"

int main(int argc, char** argv) {
    try {
        return repo2s3::cli::run_cli(argc, argv);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "repo2s3: internal error: %s\n", error.what());
        return 1;
    }
}
