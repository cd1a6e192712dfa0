#include "repo2s3/cli/run_signals.hpp"

#include <pthread.h>
#include <spdlog/spdlog.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "repo2s3/util/temp_dir.hpp"

namespace repo2s3::cli {
namespace {

sigset_t stop_signals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    return set;
}

[[noreturn]] void exit_on(int signal) {
    const std::size_t removed = util::remove_all_temp_dirs();
    spdlog::warn("received {}: removed {} temporary director{}; exiting",
                 signal == SIGTERM ? "SIGTERM" : "SIGINT", removed, removed == 1 ? "y" : "ies");
    spdlog::default_logger()->flush();
    std::fflush(stdout);
    std::_Exit(128 + signal);
}

}  // namespace

RunSignals::RunSignals() {
    const sigset_t set = stop_signals();
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    thread_ = std::thread([this, set] {
        // Polls for the stop flag between waits, so that the destructor can end the thread.
        const timespec poll{0, 50'000'000};
        while (!stopping_) {
            const int signal = sigtimedwait(&set, nullptr, &poll);
            if (signal == SIGTERM || signal == SIGINT) exit_on(signal);
        }
    });
}

RunSignals::~RunSignals() {
    stopping_ = true;
    if (thread_.joinable()) thread_.join();
}

}  // namespace repo2s3::cli
