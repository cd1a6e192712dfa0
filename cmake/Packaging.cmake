# What `cmake --install` puts where, and the Debian package CPack makes of it
# (scripts/package-deb):
#   bin/repo2s3                          the program
#   share/man/man1/repo2s3.1.gz          its man page, made from its own --help-all
#   /lib/systemd/system/repo2s3-watch.service   the watch service (not enabled: it needs templates)
# An install never builds: build repo2s3 and repo2s3-man first (scripts/package-deb does), so that
# packaging a build directory with tests in it does not compile them.
include(GNUInstallDirs)
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)

set(REPO2S3_SYSTEMD_UNIT_DIR "/lib/systemd/system" CACHE PATH
    "Where the systemd unit is installed (Debian 12 keeps packaged units in /lib)")
set(REPO2S3_PACKAGE_MAINTAINER "repo2s3 maintainers <repo2s3@example.com>" CACHE STRING
    "The Maintainer field of the Debian package")

install(TARGETS repo2s3 RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")

# help2man runs the program built here (through help-for-man.sh, which gives each subcommand of
# --help-all a heading), so the page says what this build does. Compressed as Debian wants man
# pages: gzip -9, no name or time stamp.
set(REPO2S3_MAN_PAGE "${CMAKE_BINARY_DIR}/repo2s3.1")
add_custom_command(
    OUTPUT "${REPO2S3_MAN_PAGE}.gz"
    COMMAND "${CMAKE_COMMAND}" -E env "REPO2S3_PROGRAM=$<TARGET_FILE:repo2s3>"
            help2man --no-info --section=1 --help-option=--help-all --version-option=--version
            "--name=keep an S3 bucket exactly in sync with a GitHub branch"
            "--output=${REPO2S3_MAN_PAGE}" "${CMAKE_CURRENT_LIST_DIR}/help-for-man.sh"
    COMMAND gzip -9nf "${REPO2S3_MAN_PAGE}"
    DEPENDS repo2s3 "${CMAKE_CURRENT_LIST_DIR}/help-for-man.sh"
    COMMENT "Generating the man page repo2s3.1.gz (help2man)"
    VERBATIM)
add_custom_target(repo2s3-man DEPENDS "${REPO2S3_MAN_PAGE}.gz")
install(FILES "${REPO2S3_MAN_PAGE}.gz" DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")

install(FILES "${PROJECT_SOURCE_DIR}/docs/systemd/repo2s3-watch.service"
        DESTINATION "${REPO2S3_SYSTEMD_UNIT_DIR}")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME repo2s3)
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_CONTACT "${REPO2S3_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "keep an S3 bucket exactly in sync with a GitHub branch")
set(CPACK_PACKAGE_DESCRIPTION
    "repo2s3 keeps an Amazon S3 bucket, or any S3-compatible store, exactly in sync with one
branch of a GitHub repository, a local directory or a zip. It compares by content, uploads what
is new or changed, deletes what is gone (when asked to), and never deletes because something
upstream went wrong. It runs once (repo2s3 run), as a service (repo2s3 watch, with the
repo2s3-watch systemd unit) or as an AWS Lambda function.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # repo2s3_<version>_<architecture>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
# Depends: what dpkg-shlibdeps finds the program links, never a hand-kept list.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Not libraries, so not found by dpkg-shlibdeps: HTTPS needs a CA bundle, and without
# /etc/mime.types only the built-in types are known.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "ca-certificates, media-types")
include(CPack)
