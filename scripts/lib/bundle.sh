# shellcheck shell=bash disable=SC2034  # the BUNDLE_ variables are read by the scripts sourcing this
# Sourced by scripts/package-lambda and scripts/package-image: the self-contained bundle both
# ship. It carries its own C library, since the machines it runs on have another glibc (Amazon
# Linux 2023 has 2.34, Debian 12 builds with 2.36) or none (a container image from scratch), and
# libcurl's static dependencies (Kerberos, LDAP, ...) do not exist as static libraries in Debian.
# Its layout, under a root directory:
#
#   bin/repo2s3  the program, stripped
#   lib/         the dynamic loader and every shared library the program needs (per ldd), each
#                under its soname, all from the build machine
#
# A static launcher next to bin/ (src/bundle_launcher.cpp) runs
#   lib/ld-linux-*.so.* --inhibit-cache --library-path lib bin/repo2s3 ...
# so nothing needs the system's libraries, loader cache or /bin/sh.

# bundle_die MESSAGE: the calling script's one error line, then exit 1.
bundle_die() {
    echo "$(basename "$0"): $*" >&2
    exit 1
}

# bundle_check_tools: the tools the functions below use.
bundle_check_tools() {
    local tool
    for tool in ldd strip readelf; do
        command -v "$tool" >/dev/null || bundle_die "$tool is needed (scripts/install-deps)"
    done
}

# bundle_check_build_dir DIR: DIR is a plain build (a sanitized program needs its runtime).
bundle_check_build_dir() {
    if grep -q '^REPO2S3_SANITIZE:BOOL=ON' "$1/CMakeCache.txt"; then
        bundle_die "$1 is a sanitizer build; a package needs a plain one"
    fi
}

# bundle_add_launcher LAUNCHER DESTINATION: installs the static launcher, stripped.
bundle_add_launcher() {
    if readelf -l "$1" | grep -q 'Requesting program interpreter'; then
        bundle_die "$1 is not statically linked"
    fi
    install -m 0755 "$1" "$2"
    strip --strip-all "$2"
}

# bundle_program PROGRAM ROOT: writes ROOT/bin/repo2s3 and ROOT/lib/, then checks the bundle on
# its own: every library resolves inside ROOT/lib and the program starts. Sets BUNDLE_VERSION
# (its --version line), BUNDLE_LIBRARIES (how many libraries), BUNDLE_LOADER (the loader's file
# name) and BUNDLE_GLIBC (the loader's own version line).
bundle_program() {
    local program=$1 root=$2
    mkdir -p "$root/bin" "$root/lib"
    install -m 0755 "$program" "$root/bin/repo2s3"
    strip --strip-all "$root/bin/repo2s3"

    # The loader the program asks for, and every library ldd resolves (symlinks followed, so
    # each lands under its soname).
    local interpreter
    interpreter=$(readelf -l "$program" | sed -n 's/.*Requesting program interpreter: \(.*\)]/\1/p')
    [[ -n "$interpreter" ]] || bundle_die "$program has no ELF interpreter"
    BUNDLE_LOADER=$(basename "$interpreter")
    install -m 0755 "$(readlink -f "$interpreter")" "$root/lib/$BUNDLE_LOADER"
    BUNDLE_LIBRARIES=0
    local line name path
    while read -r line; do
        case "$line" in
            *"not found"*) bundle_die "ldd cannot resolve a library of $program: $line" ;;
            *" => "/*)
                name=${line%% => *}
                path=${line#* => }
                path=${path%% (*}
                install -m 0644 "$(readlink -f "$path")" "$root/lib/$name"
                BUNDLE_LIBRARIES=$((BUNDLE_LIBRARIES + 1)) ;;
        esac
    done < <(ldd "$program")

    local resolved outside
    resolved=$("$root/lib/$BUNDLE_LOADER" --list --inhibit-cache --library-path "$root/lib" \
        "$root/bin/repo2s3")
    outside=$(grep '=>' <<<"$resolved" | grep -v "=> $root/lib/" || true)
    [[ -z "$outside" ]] || bundle_die "libraries resolved outside the bundle:"$'\n'"$outside"
    BUNDLE_VERSION=$(env -i "$root/lib/$BUNDLE_LOADER" --inhibit-cache --library-path \
        "$root/lib" "$root/bin/repo2s3" --version) || bundle_die "the bundled repo2s3 does not start"
    BUNDLE_GLIBC=$("$root/lib/$BUNDLE_LOADER" --version 2>/dev/null | head -1 || true)
}
