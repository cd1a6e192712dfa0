#!/usr/bin/env python3
"""Runs repo2s3's integration tests (tests/integration/test_*.py) with unittest.

    tests/integration/run.py [-k SUBSTRING ...] [--list] [--failfast] [--jobs N]

-k keeps the tests whose id (module.Class.test_name) contains any of the substrings.
--jobs N runs the selection in N processes at once, each with its own servers, a test class
never split between two (most tests wait on their servers, so two share two cores well); their
lines are prefixed [1], [2], ... and the counts are summed. Classes are shared out by how long
they took when last recorded (class_seconds.json; --record-durations rewrites it from this run).
Each test is printed with its outcome and time; the last line is `N passed, N failed`.
A skipped test counts as failed: a test that does not run proves nothing.
"""

import argparse
import json
import pathlib
import re
import signal
import subprocess
import sys
import threading
import time
import unittest

HERE = pathlib.Path(__file__).resolve().parent
DURATIONS = HERE / "class_seconds.json"
# A class not in DURATIONS counts this many seconds per test.
DEFAULT_TEST_SECONDS = 1.5


def iter_tests(suite):
    for item in suite:
        if isinstance(item, unittest.TestSuite):
            yield from iter_tests(item)
        else:
            yield item


class CountingResult(unittest.TestResult):
    """Prints one line per test as it finishes and counts passes and failures."""

    def __init__(self, stream):
        super().__init__(stream=stream, descriptions=False, verbosity=0)
        self.out = stream
        self.passed = 0
        self.failed = 0
        self._started = {}
        self._problems = {}

    def startTest(self, test):
        super().startTest(test)
        self._started[test.id()] = time.monotonic()
        self.out.write("RUN   %s\n" % test.id())
        self.out.flush()

    def _finish(self, test, outcome, detail=None):
        seconds = time.monotonic() - self._started.get(test.id(), time.monotonic())
        if outcome == "PASS":
            self.passed += 1
        else:
            self.failed += 1
        self.out.write("%-5s %s (%.1f s)\n" % (outcome, test.id(), seconds))
        if detail:
            self.out.write(detail.rstrip() + "\n")
        self.out.flush()

    def _note_problem(self, test, kind, err):
        self._problems.setdefault(test.id(), []).append(
            "%s: %s" % (kind, self._exc_info_to_string(err, test)))

    def addSuccess(self, test):
        super().addSuccess(test)

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._note_problem(test, "FAIL", err)

    def addError(self, test, err):
        super().addError(test, err)
        self._note_problem(test, "ERROR", err)

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            kind = "FAIL" if issubclass(err[0], test.failureException) else "ERROR"
            self._problems.setdefault(test.id(), []).append(
                "%s in %s: %s" % (kind, subtest.id(), self._exc_info_to_string(err, test)))

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._problems.setdefault(test.id(), []).append("SKIPPED (counts as failed): %s" % reason)

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self._problems.setdefault(test.id(), []).append("expected failure (counts as failed)")

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self._problems.setdefault(test.id(), []).append("unexpected success (counts as failed)")

    def stopTest(self, test):
        super().stopTest(test)
        problems = self._problems.pop(test.id(), None)
        if problems:
            self._finish(test, "FAIL", "\n".join(problems))
        else:
            self._finish(test, "PASS")


class ClassSetupFailure(unittest.TestCase):
    """Stands for a setUpClass/setUpModule that failed, so that it is counted."""


def load(start_dir):
    loader = unittest.TestLoader()
    start_dir = pathlib.Path(start_dir).resolve()
    sys.path.insert(0, str(start_dir))
    return loader, loader.discover(str(start_dir), pattern="test_*.py",
                                   top_level_dir=str(start_dir))


def select(suite, substrings):
    tests = list(iter_tests(suite))
    if substrings:
        tests = [t for t in tests if any(s in t.id() for s in substrings)]
    return tests


def class_name(test):
    return type(test).__module__ + "." + type(test).__name__


def recorded_durations():
    try:
        return {name: float(seconds) for name, seconds in json.loads(DURATIONS.read_text()).items()}
    except (OSError, ValueError, AttributeError):
        return {}


def shard(tests, index, count):
    """The tests of shard `index` (from 0) of `count`: whole classes, the longest first (as last
    recorded), each to the shard with the least work so far."""
    classes = {}
    for test in tests:
        classes.setdefault(class_name(test), []).append(test)
    durations = recorded_durations()

    def cost(item):
        name, members = item
        return durations.get(name, DEFAULT_TEST_SECONDS * len(members))

    loads = [0.0] * count
    chosen = set()
    for name, members in sorted(classes.items(), key=lambda item: (-cost(item), item[0])):
        target = loads.index(min(loads))
        loads[target] += cost((name, members))
        if target == index:
            chosen.add(name)
    return [t for t in tests if class_name(t) in chosen]


def run_jobs(options, count):
    """Runs `count` shards as child processes; streams their lines; returns the exit code."""
    started = time.monotonic()
    base = [sys.executable, str(pathlib.Path(__file__).resolve())]
    for substring in options.filters:
        base += ["-k", substring]
    if options.failfast:
        base.append("--failfast")
    children = [subprocess.Popen(base + ["--shard", "%d/%d" % (i + 1, count)],
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                 errors="replace")
                for i in range(count)]
    totals = [None] * count
    class_seconds = {}
    lock = threading.Lock()

    def pump(i, child):
        for line in child.stdout:
            match = re.match(r"^(\d+) passed, (\d+) failed$", line.strip())
            if match:
                totals[i] = (int(match.group(1)), int(match.group(2)))
            timed = re.match(r"^(?:PASS|FAIL)\s+(\S+)\.[^.\s]+ \(([0-9.]+) s\)$", line.strip())
            if timed:
                with lock:
                    class_seconds[timed.group(1)] = (class_seconds.get(timed.group(1), 0.0)
                                                     + float(timed.group(2)))
            with lock:
                sys.stdout.write("[%d] %s" % (i + 1, line))
                sys.stdout.flush()

    threads = [threading.Thread(target=pump, args=(i, c)) for i, c in enumerate(children)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    codes = [child.wait() for child in children]
    if options.record_durations:
        recorded = recorded_durations()
        recorded.update({name: round(seconds, 1) for name, seconds in class_seconds.items()})
        DURATIONS.write_text(json.dumps(recorded, indent=1, sort_keys=True) + "\n")
    passed = sum(t[0] for t in totals if t)
    # A shard that ended without its counts (it crashed) counts as one failure.
    failed = sum(t[1] if t else 1 for t in totals)
    failed += sum(1 for t, code in zip(totals, codes) if t and code != 0 and t[1] == 0)
    sys.stdout.write("integration: %d test(s) in %.1f s in %d jobs\n"
                     % (passed + failed, time.monotonic() - started, count))
    sys.stdout.write("%d passed, %d failed\n" % (passed, failed))
    sys.stdout.flush()
    return 0 if failed == 0 and passed > 0 else 1


def _exit_on_signal(signum, _frame):
    # Turns SIGTERM/SIGHUP into a normal exit, so that atexit stops the servers tests started.
    sys.exit(128 + signum)


def main(argv=None):
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _exit_on_signal)
    parser = argparse.ArgumentParser(description="repo2s3 integration tests")
    parser.add_argument("-k", dest="filters", action="append", default=[], metavar="SUBSTRING",
                        help="run only tests whose id contains SUBSTRING (repeatable: any matches)")
    parser.add_argument("--list", action="store_true", help="list the selected tests and exit")
    parser.add_argument("--failfast", action="store_true", help="stop at the first failure")
    parser.add_argument("--jobs", type=int, default=1, metavar="N",
                        help="run in N processes at once (whole test classes each)")
    parser.add_argument("--record-durations", action="store_true",
                        help="with --jobs: save each class's time to class_seconds.json")
    parser.add_argument("--shard", help=argparse.SUPPRESS)  # "K/N", from --jobs
    parser.add_argument("--start-dir", default=str(HERE), help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.jobs > 1 and not options.list:
        return run_jobs(options, options.jobs)

    _, suite = load(options.start_dir)
    tests = select(suite, options.filters)
    if options.shard:
        index, count = (int(part) for part in options.shard.split("/"))
        tests = shard(tests, index - 1, count)
    if options.list:
        for test in tests:
            print(test.id())
        return 0

    out = sys.stdout
    result = CountingResult(out)
    result.failfast = options.failfast
    # A test module that fails to import shows up as a _FailedTest case: it runs and fails.
    started = time.monotonic()
    unittest.TestSuite(tests).run(result)
    # Failures in setUpClass/tearDownModule are reported on placeholder objects that never went
    # through startTest/stopTest; count each of them as one failed test.
    for holder, trace in result.errors + result.failures:
        if not isinstance(holder, unittest.TestCase) or type(holder).__name__ == "_ErrorHolder":
            result.failed += 1
            out.write("FAIL  %s\n%s\n" % (getattr(holder, "description", holder), trace.rstrip()))
    failed = result.failed
    out.write("integration: %d test(s) in %.1f s\n" % (result.passed + failed,
                                                       time.monotonic() - started))
    if not tests and not options.shard:  # a shard may be left without a class
        out.write("no test matched %s\n" % (options.filters or "the suite"))
        failed = max(failed, 1)
    out.write("%d passed, %d failed\n" % (result.passed, failed))
    out.flush()
    return 0 if failed == 0 and (result.passed > 0 or options.shard) else 1


if __name__ == "__main__":
    sys.exit(main())
