"""Cross-checks how repo2s3 reads the AWS shared config and credentials files against botocore.

Generates a few hundred INI files with awkward layouts (comments, continuation and nested
values, odd section names, duplicates, every line ending, Unicode whitespace, byte-order marks),
reads each as a credentials file and as a config file with repo2s3 (through the
`aws_shared_files_dump` tool) and with botocore's configloader, and asserts that both accept
and reject the same files and find the same profiles with the same values.

The tool is looked up in $REPO2S3_TOOLS_DIR, by default build/tools in the source tree.
Set REPO2S3_INI_SEED to try other generated files; the default seed is fixed.
botocore reads the files in the locale's encoding, which must be UTF-8 (as on C.UTF-8).
"""

import json
import locale
import os
import random
import subprocess
import tempfile
import unittest
from pathlib import Path

import botocore.configloader
import botocore.exceptions

SEED = int(os.environ.get("REPO2S3_INI_SEED", "1234"))
SOURCE_ROOT = Path(__file__).resolve().parents[2]
FILE_COUNT = 400


def tool_path():
    tools_dir = Path(os.environ.get("REPO2S3_TOOLS_DIR", SOURCE_ROOT / "build" / "tools"))
    return tools_dir / "aws_shared_files_dump"


SECTION_NAMES = [
    "default", "default", "DEFAULT", "profile dev", "profile  dev", 'profile "with space"',
    "profile 'single q'", "profile esc\\ aped", "profilex y", "profile", "profile a b",
    'profile "unclosed', "dev", "Dev", " default", "default ", "sso-session corp",
    "services local", "profile caf\u00e9", "profile \U0001F680", "x]y", "profile default",
    "preview", "profile prod", "prod",
]
KEYS = [
    "aws_access_key_id", "AWS_Secret_Access_Key", "aws_session_token", "aws_security_token",
    "region", "role_arn", "source_profile", "output", "endpoint_url", "caf\u00e9",
    "spaced key", "x", "credential_process", "sso_session",
]
VALUES = [
    "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "", "  padded  ",
    "a = b", "a: b", "http://127.0.0.1:5000", "value # not a comment", "value ; nor this",
    "caf\u00e9 \U0001F680", "\u00a0nbsp\u2003", "tab\tinside", "[bracketed]", "=", ":",
]
INDENTS = ["", "", "", " ", "  ", "\t", "\u00a0", "\u3000"]
BLANKS = ["", "", " ", "\t", "\u00a0", "\u2003 "]


class FileBuilder:
    def __init__(self, rng):
        self.rng = rng
        self.lines = []

    def maybe(self, probability):
        return self.rng.random() < probability

    def blank_or_comment(self):
        if self.maybe(0.5):
            self.lines.append(self.rng.choice(BLANKS))
        else:
            self.lines.append(self.rng.choice(INDENTS) + self.rng.choice(["#", ";"]) +
                              self.rng.choice([" comment", "", " key = value", "[section]"]))

    def option(self, key):
        delimiter = self.rng.choice(["=", "=", " = ", ":", ": ", " =", "  =  "])
        indent = self.rng.choice(INDENTS) if self.maybe(0.1) else ""
        self.lines.append(indent + key + delimiter + self.rng.choice(VALUES))
        if self.maybe(0.15):  # continuation lines, possibly with blank lines between
            for _ in range(self.rng.randint(1, 3)):
                if self.maybe(0.3):
                    self.lines.append(self.rng.choice(BLANKS))
                self.lines.append(self.rng.choice(["  ", "\t", "    "]) +
                                  self.rng.choice(["more", "k = v", "# hash", "[x]", "a: b"]))

    def nested(self, key):
        self.lines.append(key + self.rng.choice([" =", "=", " = "]))
        for _ in range(self.rng.randint(1, 3)):
            if self.maybe(0.08):
                self.lines.append("  no equals sign here")
            else:
                self.lines.append(self.rng.choice(["  ", "    ", "\t"]) +
                                  self.rng.choice(["addressing_style = path",
                                                   "max_concurrent_requests=20",
                                                   "signature_version = s3v4", "a=b=c"]))

    def section(self, name):
        indent = self.rng.choice(INDENTS) if self.maybe(0.1) else ""
        trailer = self.rng.choice(["", " trailing", " ] more"]) if self.maybe(0.1) else ""
        self.lines.append(indent + "[" + name + "]" + trailer)
        keys = self.rng.sample(KEYS, self.rng.randint(0, 6))
        if self.maybe(0.05) and keys and keys[0].isascii():
            # A duplicate, whatever its case. (Key lower-casing is ASCII-only in repo2s3 and
            # Unicode-aware in Python, so non-ASCII upper-case keys are not generated.)
            keys.append(keys[0].upper())
        for key in keys:
            if self.maybe(0.2):
                self.blank_or_comment()
            if self.maybe(0.08):
                self.nested(key)
            else:
                self.option(key)

    def build(self):
        if self.maybe(0.03):
            self.lines.append("orphan = before any section")
        for _ in range(self.rng.randint(0, 3)):
            self.blank_or_comment()
        names = self.rng.sample(SECTION_NAMES, self.rng.randint(0, 6))
        if self.maybe(0.04) and names:
            names.append(names[0])  # a repeated section
        for name in names:
            self.section(name)
            if self.maybe(0.3):
                self.blank_or_comment()
        if self.maybe(0.03):
            self.lines.insert(self.rng.randint(0, len(self.lines)), "a line without delimiter")
        if self.maybe(0.02):
            self.lines.append("= empty key")
        ending = self.rng.choice(["\n", "\n", "\r\n", "\r", None])
        text = ""
        for line in self.lines:
            text += line + (ending or self.rng.choice(["\n", "\r\n", "\r"]))
        if self.maybe(0.2):
            text = text.rstrip("\r\n")
        if self.maybe(0.02):
            text = "\ufeff" + text
        return text


def generate_files(directory, seed=SEED):
    rng = random.Random(seed)
    paths = []
    for index in range(FILE_COUNT):
        path = Path(directory) / f"file{index:04d}.ini"
        path.write_bytes(FileBuilder(rng).build().encode("utf-8"))
        paths.append(path)
    paths.append(Path(directory) / "does-not-exist")
    return paths


def read_with_botocore(kind, path):
    """{"absent": bool, "error": bool, "profiles": {...}} as botocore sees the file."""
    try:
        if kind == "config":
            botocore.configloader.load_config(str(path))  # raises like botocore does
            raw = botocore.configloader.raw_config_parse(str(path), parse_subsections=False)
            profiles = botocore.configloader.build_profile_map(raw)["profiles"]
        else:
            botocore.configloader.raw_config_parse(str(path))
            profiles = botocore.configloader.raw_config_parse(str(path), parse_subsections=False)
    except botocore.exceptions.ConfigNotFound:
        return {"absent": True, "error": False, "profiles": {}}
    except botocore.exceptions.ConfigParseError:
        return {"absent": False, "error": True, "profiles": {}}
    return {"absent": False, "error": False, "profiles": profiles}


def read_with_repo2s3(arguments):
    tool = tool_path()
    if not tool.is_file():
        raise AssertionError(
            f"{tool} does not exist: build the tools (cmake --build build --target "
            "aws_shared_files_dump) or set REPO2S3_TOOLS_DIR")
    completed = subprocess.run([str(tool), *arguments], capture_output=True, text=True,
                               encoding="utf-8", timeout=120, check=False)
    if completed.returncode != 0:
        raise AssertionError(f"{tool} exited with {completed.returncode}: {completed.stderr}")
    return [json.loads(line) for line in completed.stdout.splitlines()]


def compare(kind, path, ours, theirs):
    """A description of the difference, or None."""
    ours_view = {"absent": ours["absent"], "error": ours["error"] is not None,
                 "profiles": ours["profiles"]}
    if ours_view == theirs:
        return None
    content = path.read_bytes().decode("utf-8") if path.exists() else "(absent)"
    return "\n".join([
        f"{path.name} read as a {kind} file:",
        f"  file content: {content!r}",
        f"  botocore: {json.dumps(theirs, ensure_ascii=False, sort_keys=True)}",
        f"  repo2s3:  {json.dumps(ours_view, ensure_ascii=False, sort_keys=True)}"
        + (f"  ({ours['error']})" if ours["error"] else ""),
    ])


class SharedFilesBotocoreCrossCheck(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        encoding = locale.getpreferredencoding(False)
        if encoding.lower().replace("-", "") != "utf8":
            raise AssertionError(f"the locale encoding is {encoding}; run with LANG=C.UTF-8")
        cls.directory = tempfile.TemporaryDirectory(prefix="repo2s3-ini-")
        cls.paths = generate_files(cls.directory.name)
        arguments = [f"{kind}:{path}" for path in cls.paths for kind in ("credentials", "config")]
        cls.ours = read_with_repo2s3(arguments)
        cls.pairs = []
        for index, path in enumerate(cls.paths):
            for offset, kind in enumerate(("credentials", "config")):
                cls.pairs.append((kind, path, cls.ours[2 * index + offset]))

    @classmethod
    def tearDownClass(cls):
        cls.directory.cleanup()

    def check(self, kind):
        mismatches = []
        for pair_kind, path, ours in self.pairs:
            if pair_kind != kind:
                continue
            difference = compare(kind, path, ours, read_with_botocore(kind, path))
            if difference:
                mismatches.append(difference)
        if mismatches:
            self.fail(f"{len(mismatches)} {kind} files read differently from botocore "
                      f"(seed {SEED}):\n\n" + "\n\n".join(mismatches[:20]))

    def test_every_file_has_a_result(self):
        self.assertEqual(len(self.ours), 2 * len(self.paths))

    def test_credentials_files_read_like_botocore(self):
        self.check("credentials")

    def test_config_files_read_like_botocore(self):
        self.check("config")

    def test_the_generated_files_cover_both_outcomes(self):
        results = [read_with_botocore("config", path) for path in self.paths]
        errors = sum(1 for result in results if result["error"])
        with_profiles = sum(1 for result in results if result["profiles"])
        self.assertGreaterEqual(errors, 20)
        self.assertGreaterEqual(len(results) - errors, 200)
        self.assertGreaterEqual(with_profiles, 100)
        self.assertTrue(any(result["absent"] for result in results))

    def test_a_difference_is_reported(self):
        kind, path, ours = next(pair for pair in self.pairs
                                if pair[2]["profiles"] and pair[0] == "credentials")
        altered = json.loads(json.dumps(ours))
        first = next(iter(altered["profiles"]))
        altered["profiles"][first]["extra"] = "value"
        difference = compare(kind, path, altered, read_with_botocore(kind, path))
        self.assertIsNotNone(difference)
        self.assertIn("botocore:", difference)
        self.assertIsNone(compare(kind, path, ours, read_with_botocore(kind, path)))


if __name__ == "__main__":
    unittest.main()
