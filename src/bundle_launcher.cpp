// The static launcher of repo2s3's self-contained bundle (scripts/lib/bundle.sh). It starts
//     <root>/lib/<dynamic loader> --inhibit-cache --library-path <root>/lib <root>/bin/repo2s3
//     [lambda] <arguments...>
// so that repo2s3 runs on the C library and loader bundled next to it, never on the system's:
// Amazon Linux 2023 has an older glibc than the one repo2s3 is built against, and the container
// image has none. It is linked statically and needs nothing from the system: no shell, no /proc,
// no shared library.
//
// Built twice from this file:
//   repo2s3-lambda-bootstrap  `bootstrap` of the Lambda zip (scripts/package-lambda); adds the
//                             `lambda` subcommand (REPO2S3_LAUNCH_LAMBDA), since Lambda starts
//                             bootstrap with no arguments
//   repo2s3-launcher          `/repo2s3`, the container image's entrypoint
//                             (scripts/package-image); passes every argument through
//
// <root> is the directory holding the launcher: from /proc/self/exe, else from argv[0], else (the
// Lambda launcher only) $LAMBDA_TASK_ROOT; the first one with an executable bin/repo2s3 wins.

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

#if defined(__x86_64__)
constexpr const char* kLoader = "ld-linux-x86-64.so.2";
#elif defined(__aarch64__)
constexpr const char* kLoader = "ld-linux-aarch64.so.1";
#else
#error "unsupported architecture: add its dynamic loader name"
#endif

#if defined(REPO2S3_LAUNCH_LAMBDA)
constexpr bool kLambda = true;
constexpr const char* kName = "bootstrap";
#else
constexpr bool kLambda = false;
constexpr const char* kName = "repo2s3";
#endif

std::string directory_of(const std::string& path) {
    const auto slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    if (slash == 0) return "/";
    return path.substr(0, slash);
}

std::string join(const std::string& directory, const char* name) {
    return directory == "/" ? "/" + std::string(name) : directory + "/" + name;
}

bool holds_repo2s3(const std::string& root) {
    return ::access(join(root, "bin/repo2s3").c_str(), X_OK) == 0;
}

std::string bundle_root(const char* argv0) {
    std::vector<std::string> candidates;
    char self[4096];
    const auto length = ::readlink("/proc/self/exe", self, sizeof self - 1);
    if (length > 0)
        candidates.push_back(directory_of(std::string(self, static_cast<std::size_t>(length))));
    if (argv0 != nullptr && std::strchr(argv0, '/') != nullptr) {
        candidates.push_back(directory_of(argv0));
    }
    if constexpr (kLambda) {
        if (const char* task_root = std::getenv("LAMBDA_TASK_ROOT"); task_root && *task_root) {
            candidates.emplace_back(task_root);
        }
    }
    for (const auto& candidate : candidates) {
        if (holds_repo2s3(candidate)) return candidate;
    }
    return {};
}

}  // namespace

int main(int argc, char** argv) {
    const std::string root = bundle_root(argc > 0 ? argv[0] : nullptr);
    if (root.empty()) {
        std::fprintf(stderr, "%s: cannot find bin/repo2s3 next to %s%s\n", kName, kName,
                     kLambda ? " or in $LAMBDA_TASK_ROOT" : "");
        return 127;
    }
    const std::string loader = join(root, "lib/") + kLoader;
    const std::string library_path = join(root, "lib");
    const std::string program = join(root, "bin/repo2s3");

    std::vector<const char*> args = {loader.c_str(), "--inhibit-cache", "--library-path",
                                     library_path.c_str(), program.c_str()};
    if constexpr (kLambda) args.push_back("lambda");
    for (int i = 1; i < argc; ++i) args.push_back(argv[i]);
    args.push_back(nullptr);
    ::execv(loader.c_str(), const_cast<char* const*>(args.data()));
    std::fprintf(stderr, "%s: cannot run %s: %s\n", kName, loader.c_str(), std::strerror(errno));
    return 127;
}
