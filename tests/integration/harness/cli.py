"""Running the repo2s3 executable with a clean environment aimed at the local S3: the strict
proxy (harness/strict_s3.py) in front of the suite's moto server, so that every S3 request the
program sends is checked as real S3 checks it.

Every run is also checked for sanitizer reports: the suite runs against an ASan+UBSan build too,
and a report (which UBSan prints without failing the process) fails the test."""

import json
import os
import pathlib
import re
import subprocess
import tempfile

from harness import bucket as bucket_helpers
from harness.strict_s3 import shared_strict_s3

REPO_ROOT = pathlib.Path(__file__).resolve().parents[3]

# Variables passed through from the caller: what the executable needs to run at all, and the
# sanitizer settings of an instrumented build.
_PASS_THROUGH = ("PATH", "LANG", "LC_ALL", "TZ", "ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS",
                 "TMPDIR")

_empty_home = None


def repo2s3_bin():
    """$REPO2S3_BIN, else build/repo2s3 of this checkout."""
    configured = os.environ.get("REPO2S3_BIN")
    if configured:
        return str(pathlib.Path(configured).resolve())
    return str(REPO_ROOT / "build" / "repo2s3")


def _home():
    # An empty HOME, so that no ~/.aws files of the machine are ever read.
    global _empty_home
    if _empty_home is None:
        _empty_home = tempfile.TemporaryDirectory(prefix="repo2s3-home-")
    return _empty_home.name


def clean_env(endpoint=None, env_extra=None):
    """The environment for one run: dummy credentials and S3 at `endpoint`, by default the
    strict proxy in front of moto; no real AWS."""
    env = {name: os.environ[name] for name in _PASS_THROUGH if name in os.environ}
    env.setdefault("LANG", "C.UTF-8")
    home = _home()
    env.update({
        "HOME": home,
        "AWS_ACCESS_KEY_ID": bucket_helpers.TEST_ACCESS_KEY_ID,
        "AWS_SECRET_ACCESS_KEY": bucket_helpers.TEST_SECRET_ACCESS_KEY,
        "AWS_REGION": bucket_helpers.TEST_REGION,
        "AWS_ENDPOINT_URL_S3": endpoint or shared_strict_s3().endpoint,
        "AWS_CONFIG_FILE": os.path.join(home, "no-aws-config"),
        "AWS_SHARED_CREDENTIALS_FILE": os.path.join(home, "no-aws-credentials"),
        "AWS_EC2_METADATA_DISABLED": "true",
    })
    for name, value in (env_extra or {}).items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


# What AddressSanitizer, LeakSanitizer and UndefinedBehaviorSanitizer print when they find
# something. UBSan goes on running after "runtime error:" unless halt_on_error is set, so the
# exit code alone does not show it.
SANITIZER_MARKERS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
                     "SUMMARY: UndefinedBehaviorSanitizer")
_SANITIZER = re.compile("|".join(re.escape(marker) for marker in SANITIZER_MARKERS))


class SanitizerReport(AssertionError):
    """A sanitizer reported an error in a process under test."""


def sanitizer_report(text):
    """The sanitizer report in a process's output (from the line holding the first marker, at
    most 12,000 characters), or None when there is none."""
    match = _SANITIZER.search(text or "")
    if match is None:
        return None
    start = text.rfind("\n", 0, match.start()) + 1
    # A report starts with a line of '=' (ASan) a little before "ERROR:"; keep it.
    banner = text.rfind("=================", max(0, start - 400), start)
    if banner != -1:
        start = text.rfind("\n", 0, banner) + 1
    return text[start:start + 12000]


def check_sanitizers(text, what="repo2s3"):
    """Raises SanitizerReport (a test failure) holding the report when `text` has one."""
    report = sanitizer_report(text)
    if report is not None:
        raise SanitizerReport("a sanitizer report in the output of %s:\n%s" % (what, report))


def _strict_proxy_for(env):
    """The shared strict proxy when `env` sends S3 requests to it, else None."""
    proxy = shared_strict_s3()
    return proxy if env.get("AWS_ENDPOINT_URL_S3") == proxy.endpoint else None


def _text(data):
    """What text=True would have made of captured bytes: UTF-8 with replacement characters,
    universal newlines."""
    return data.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")


def run_repo2s3(args, env_extra=None, timeout=600, endpoint=None, cwd=None,
                allow_violations=False, umask=None):
    """Runs repo2s3 with `args` and returns the CompletedProcess: stdout and stderr as text
    (invalid UTF-8 replaced), and as the bytes written in stdout_bytes and stderr_bytes.
    `env_extra` adds variables; a value of None removes one. `umask` is the child's umask
    (default: this process's). S3 goes through the shared strict proxy unless `endpoint` (or
    AWS_ENDPOINT_URL_S3 in `env_extra`) says otherwise; a request the proxy refused fails the
    run's test unless `allow_violations`. A sanitizer report on stderr always fails it."""
    env = clean_env(endpoint, env_extra)
    proxy = None if allow_violations else _strict_proxy_for(env)
    mark = proxy.mark() if proxy is not None else None
    command = [repo2s3_bin()] + [str(a) for a in args]
    proc = subprocess.run(command, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                          timeout=timeout, cwd=cwd, umask=-1 if umask is None else umask)
    proc.stdout_bytes, proc.stderr_bytes = proc.stdout, proc.stderr
    proc.stdout, proc.stderr = _text(proc.stdout_bytes), _text(proc.stderr_bytes)
    check_sanitizers(proc.stderr, " ".join(command))
    if proxy is not None:
        violations = proxy.violations_since(mark)
        if violations:
            raise AssertionError("S3 requests real S3 would refuse, from %s:\n%s\n%s" % (
                " ".join(command), "\n".join(violations), describe(proc)))
    return proc


def run_json(args, **kwargs):
    """Runs `repo2s3 <args> --output json` and returns (CompletedProcess, summary dict or None)."""
    proc = run_repo2s3(list(args) + ["--output", "json"], **kwargs)
    summary = None
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    if len(lines) == 1:
        try:
            summary = json.loads(lines[0])
        except ValueError:
            summary = None
    return proc, summary


def describe(proc):
    """The exit code and both streams of a run, for assertion messages."""
    return "exit %s\n--- stdout ---\n%s\n--- stderr ---\n%s" % (
        proc.returncode, proc.stdout[-6000:], proc.stderr[-6000:])


def assert_no_secrets(testcase, texts, secrets):
    """Fails when any secret (or a long piece of it) appears in any of the texts."""
    for secret in secrets:
        if not secret:
            continue
        pieces = {secret}
        if len(secret) >= 24:  # a truncated or split secret leaks as well
            pieces.update({secret[:16], secret[-16:]})
        for text in texts:
            for piece in pieces:
                testcase.assertNotIn(piece, text or "", "secret material appears in the output")
