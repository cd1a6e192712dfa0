"""Source trees for tests: written from {relative path: bytes}, and generated awkward ones."""

import hashlib
import os
import pathlib
import random
import zipfile

# Every character S3 keys commonly trip over, plus non-ASCII and astral-plane names.
AWKWARD_NAMES = [
    "with space.txt",
    "plus+sign.txt",
    "equals=sign.txt",
    "and&amp.txt",
    "tilde~file.txt",
    "percent%20literal.txt",
    "percent%.txt",
    "(parens).txt",
    "it's.txt",
    "all + = & ~ % ( ) '.txt",
    "café.txt",
    "naïve résumé.md",
    "日本語のファイル.txt",
    "Ωmega.json",
    "emoji 🚀.txt",
    "🎉.html",
    "semi;colon,comma.txt",
    "dollar$at@hash#.txt",
    "square[brackets]{braces}.txt",
    "caret^back`tick.txt",
    "excl!aim.txt",
    "under_score-dash.txt",
    "multiple   spaces.txt",
    "UPPER.TXT",
    ".hidden",
]

AWKWARD_DIRS = [
    "top",
    "a b",
    "x+y=z",
    "amp & co",
    "(paren dir)",
    "tilde~dir",
    "pct%dir",
    "ünïcödé",
    "日本",
    "📁 emoji",
    "deep/er/and/deeper/still",
]


def write_tree(root, files):
    """Writes {relative path: bytes} under root (created if needed); returns root as a Path."""
    root = pathlib.Path(root)
    root.mkdir(parents=True, exist_ok=True)
    for relative, body in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
    return root


def remove_paths(root, paths):
    for relative in paths:
        os.unlink(pathlib.Path(root) / relative)


def md5_hex(body):
    return hashlib.md5(body).hexdigest()


def expected_objects(files, prefix=""):
    """{key: (md5, size)} that a bucket holds after syncing `files` under `prefix`."""
    return {prefix + path: (md5_hex(body), len(body)) for path, body in files.items()}


def awkward_tree(count, seed=1):
    """{path: bytes} with more than `count` files: every awkward name, in awkward and nested
    folders, an empty file and a binary file. The same seed gives the same tree."""
    rng = random.Random(seed)
    files = {
        "empty file": b"",
        "bin/blob.bin": bytes(range(256)) * 8 + bytes(rng.randrange(256) for _ in range(3000)),
        "README.md": b"# awkward tree\n",
    }
    for directory in AWKWARD_DIRS:
        for name in AWKWARD_NAMES:
            files["%s/%s" % (directory, name)] = ("%s/%s\n" % (directory, name)).encode()
    number = 0
    while len(files) <= count:
        directory = AWKWARD_DIRS[number % len(AWKWARD_DIRS)]
        name = AWKWARD_NAMES[(number // len(AWKWARD_DIRS)) % len(AWKWARD_NAMES)]
        stem, dot, extension = name.rpartition(".")
        if not stem:
            stem, dot, extension = name, "", ""
        path = "%s/gen %03d/%s #%d%s%s" % (directory, number % 97, stem, number, dot, extension)
        files[path] = ("file %d %s\n" % (number, rng.random())).encode() * rng.randrange(1, 4)
        number += 1
    return files


def write_zip(zip_path, files, top_folder=None):
    """A zip of {path: bytes}; with `top_folder`, every entry is under it, as in GitHub's
    branch archives (which also list the folders themselves)."""
    top = top_folder.rstrip("/") + "/" if top_folder else ""
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        if top:
            archive.writestr(top, b"")
        directories = set()
        for path in sorted(files):
            parts = path.split("/")[:-1]
            for depth in range(1, len(parts) + 1):
                directory = "/".join(parts[:depth])
                if directory not in directories:
                    directories.add(directory)
                    archive.writestr(top + directory + "/", b"")
            archive.writestr(top + path, files[path])
    return zip_path
