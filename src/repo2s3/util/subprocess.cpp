#include "repo2s3/util/subprocess.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <optional>
#include <thread>

extern char** environ;

namespace repo2s3::util {
namespace {

// A descriptor closed when it goes out of scope.
class Descriptor {
  public:
    Descriptor() = default;
    explicit Descriptor(int fd) : fd_(fd) {}
    Descriptor(const Descriptor&) = delete;
    Descriptor& operator=(const Descriptor&) = delete;
    ~Descriptor() { reset(); }
    int get() const { return fd_; }
    void reset(int fd = -1) {
        if (fd_ >= 0) ::close(fd_);
        fd_ = fd;
    }

  private:
    int fd_ = -1;
};

struct Pipe {
    Descriptor read;
    Descriptor write;
};

Result<void> open_pipe(Pipe& pipe) {
    std::array<int, 2> fds{};
    if (::pipe2(fds.data(), O_CLOEXEC) != 0) {
        return fail(ErrorKind::Io, std::string("cannot create a pipe: ") + std::strerror(errno));
    }
    pipe.read.reset(fds[0]);
    pipe.write.reset(fds[1]);
    return {};
}

// posix_spawn's attribute and file-action objects, destroyed with the scope.
struct SpawnSetup {
    posix_spawnattr_t attributes{};
    posix_spawn_file_actions_t actions{};
    SpawnSetup() {
        posix_spawnattr_init(&attributes);
        posix_spawn_file_actions_init(&actions);
    }
    SpawnSetup(const SpawnSetup&) = delete;
    SpawnSetup& operator=(const SpawnSetup&) = delete;
    ~SpawnSetup() {
        posix_spawn_file_actions_destroy(&actions);
        posix_spawnattr_destroy(&attributes);
    }
};

int wait_for(pid_t pid) {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return status;
}

struct Stream {
    int fd;
    std::string* into;
    std::size_t limit;
    bool* truncated;
    bool open = true;
};

// Reads both streams until they close or the time is up; false when the time ran out.
bool drain(std::array<Stream, 2>& streams, std::chrono::steady_clock::time_point until) {
    std::array<char, 8192> buffer{};
    while (streams[0].open || streams[1].open) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            until - std::chrono::steady_clock::now());
        if (left.count() <= 0) return false;
        std::array<pollfd, 2> polled{};
        nfds_t count = 0;
        std::array<Stream*, 2> of{};
        for (auto& stream : streams) {
            if (!stream.open) continue;
            polled[count] = pollfd{stream.fd, POLLIN, 0};
            of[count++] = &stream;
        }
        const int ready = ::poll(polled.data(), count, static_cast<int>(left.count()));
        if (ready < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        for (nfds_t i = 0; i < count; ++i) {
            if (polled[i].revents == 0) continue;
            Stream& stream = *of[i];
            const ssize_t got = ::read(stream.fd, buffer.data(), buffer.size());
            if (got < 0 && (errno == EINTR || errno == EAGAIN)) continue;
            if (got <= 0) {
                stream.open = false;
                continue;
            }
            const auto size = static_cast<std::size_t>(got);
            const std::size_t room = stream.limit - std::min(stream.limit, stream.into->size());
            stream.into->append(buffer.data(), std::min(room, size));
            if (size > room && stream.truncated != nullptr) *stream.truncated = true;
        }
    }
    return true;
}

// The child's wait status once it has exited, or nothing when it is still running at `until`.
std::optional<int> reap_by(pid_t pid, std::chrono::steady_clock::time_point until) {
    for (;;) {
        int status = 0;
        const pid_t done = ::waitpid(pid, &status, WNOHANG);
        if (done == pid) return status;
        if (done < 0 && errno != EINTR) return 0;  // not our child any more: nothing to wait for
        if (std::chrono::steady_clock::now() >= until) return std::nullopt;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

std::string duration_text(std::chrono::milliseconds duration) {
    if (duration.count() % 1000 == 0) return std::to_string(duration.count() / 1000) + " s";
    return std::to_string(duration.count()) + " ms";
}

}  // namespace

Result<ProcessOutput> run_process(const std::vector<std::string>& argv,
                                  const ProcessLimits& limits) {
    if (argv.empty()) return fail(ErrorKind::Usage, "no program to run");
    for (const auto& argument : argv) {
        if (argument.find('\0') != std::string::npos) {
            return fail(ErrorKind::Usage, "an argument of " + argv[0] + " holds a NUL byte");
        }
    }
    std::vector<char*> arguments;
    arguments.reserve(argv.size() + 1);
    for (const auto& argument : argv) arguments.push_back(const_cast<char*>(argument.c_str()));
    arguments.push_back(nullptr);

    Pipe out;
    Pipe err;
    if (auto made = open_pipe(out); !made) return util::unexpected(std::move(made.error()));
    if (auto made = open_pipe(err); !made) return util::unexpected(std::move(made.error()));

    SpawnSetup setup;
    // dup2 clears close-on-exec on the copies; every other descriptor (the pipes' originals
    // and whatever this process has open, sockets included) is closed in the child.
    posix_spawn_file_actions_adddup2(&setup.actions, out.write.get(), STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&setup.actions, err.write.get(), STDERR_FILENO);
    posix_spawn_file_actions_addclosefrom_np(&setup.actions, STDERR_FILENO + 1);
    sigset_t signals;
    sigemptyset(&signals);
    posix_spawnattr_setsigmask(&setup.attributes, &signals);
    // An ignored signal stays ignored across exec: give the child the defaults back.
    for (const int signal :
         {SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD, SIGUSR1, SIGUSR2}) {
        sigaddset(&signals, signal);
    }
    posix_spawnattr_setsigdefault(&setup.attributes, &signals);
    posix_spawnattr_setflags(&setup.attributes,
                             static_cast<short>(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF));

    pid_t pid = 0;
    const int spawned = ::posix_spawnp(&pid, arguments[0], &setup.actions, &setup.attributes,
                                       arguments.data(), environ);
    out.write.reset();
    err.write.reset();
    if (spawned != 0) {
        return fail(ErrorKind::Io, "cannot run " + argv[0] + ": " + std::strerror(spawned));
    }

    ProcessOutput output;
    std::array<Stream, 2> streams{
        Stream{out.read.get(), &output.out, limits.max_stdout_bytes, &output.out_truncated},
        Stream{err.read.get(), &output.err, limits.max_stderr_bytes, nullptr}};
    const auto until = std::chrono::steady_clock::now() + limits.timeout;
    std::optional<int> status;
    if (drain(streams, until)) status = reap_by(pid, until);
    if (!status) {
        ::kill(pid, SIGKILL);
        wait_for(pid);
        return fail(ErrorKind::Timeout, argv[0] + " did not finish within " +
                                            duration_text(limits.timeout) + " and was stopped");
    }
    if (WIFSIGNALED(*status)) {
        output.signalled = true;
        output.exit_code = 128 + WTERMSIG(*status);
    } else {
        output.exit_code = WEXITSTATUS(*status);
    }
    return output;
}

}  // namespace repo2s3::util
