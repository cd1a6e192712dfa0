#!/bin/sh
# The program help2man reads to make the man page (cmake/Packaging.cmake): repo2s3 itself
# ($REPO2S3_PROGRAM), except that its --help-all is reshaped the way help2man reads sections:
# each subcommand's name becomes a heading line ("repo2s3 run:", a subsection of the page), and
# the "Options:" line under it goes, since its options follow the heading directly.
set -eu
program=${REPO2S3_PROGRAM:?REPO2S3_PROGRAM names the repo2s3 to document}
if [ "$#" -eq 1 ] && [ "$1" = --help-all ]; then
    "$program" --help-all | sed -E \
        -e 's/^Subcommands:$/Subcommands:\n  each is described below; repo2s3 SUBCOMMAND --help shows one\n/' \
        -e 's/^([a-z][a-z-]*)$/repo2s3 \1:/' \
        -e '/^  Options:$/d'
else
    exec "$program" "$@"
fi
