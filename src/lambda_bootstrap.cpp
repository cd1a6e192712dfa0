// `bootstrap` of the Lambda package built by scripts/package-lambda. It starts
//     <root>/lib/<dynamic loader> --inhibit-cache --library-path <root>/lib <root>/bin/repo2s3
//     lambda
// so that repo2s3 runs on the C library and loader bundled next to it, never on the system's
// (Amazon Linux 2023 has an older glibc than the one repo2s3 is built against). It is linked
// statically and needs nothing from the system: no shell, no /proc, no shared library.
//
// <root> is the directory holding bootstrap: from /proc/self/exe, else from argv[0], else
// $LAMBDA_TASK_ROOT; the first one with an executable bin/repo2s3 wins.

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

std::string package_root(const char* argv0) {
    std::vector<std::string> candidates;
    char self[4096];
    const auto length = ::readlink("/proc/self/exe", self, sizeof self - 1);
    if (length > 0)
        candidates.push_back(directory_of(std::string(self, static_cast<std::size_t>(length))));
    if (argv0 != nullptr && std::strchr(argv0, '/') != nullptr) {
        candidates.push_back(directory_of(argv0));
    }
    if (const char* task_root = std::getenv("LAMBDA_TASK_ROOT"); task_root && *task_root) {
        candidates.emplace_back(task_root);
    }
    for (const auto& candidate : candidates) {
        if (holds_repo2s3(candidate)) return candidate;
    }
    return {};
}

}  // namespace

int main(int argc, char** argv) {
    const std::string root = package_root(argc > 0 ? argv[0] : nullptr);
    if (root.empty()) {
        std::fprintf(stderr,
                     "bootstrap: cannot find bin/repo2s3 next to bootstrap or in "
                     "$LAMBDA_TASK_ROOT\n");
        return 127;
    }
    const std::string loader = join(root, "lib/") + kLoader;
    const std::string library_path = join(root, "lib");
    const std::string program = join(root, "bin/repo2s3");

    std::vector<const char*> args = {loader.c_str(),       "--inhibit-cache", "--library-path",
                                     library_path.c_str(), program.c_str(),   "lambda"};
    for (int i = 1; i < argc; ++i) args.push_back(argv[i]);
    args.push_back(nullptr);
    ::execv(loader.c_str(), const_cast<char* const*>(args.data()));
    std::fprintf(stderr, "bootstrap: cannot run %s: %s\n", loader.c_str(), std::strerror(errno));
    return 127;
}
