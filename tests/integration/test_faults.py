"""repo2s3 under faults: committed syncs of a repository that changes between runs, with seeded
random S3 faults in the strict proxy (503 SlowDown, 500 InternalError, connection resets,
truncated answers, writes whose answer is lost) and random GitHub faults in the stand-in (502,
secondary and primary rate limits, stalls).

A run may fail; what it may never do, checked after every run from the proxy's records and from
the bucket as moto holds it (read directly, never through the proxy):

  * exit with anything but 0 or 1 (a crash, a signal, a usage error);
  * send a DeleteObjects (or DeleteObject) in a run where an upload failed;
  * leave an object whose bytes are not that path's content in some commit the test made
    (corrupt), or any object outside the payload's prefix written;
  * delete an object whose path is in the commit being synced (loss);
  * exit 0 with the bucket other than that commit;
  * fail without printing its one JSON report (valid UTF-8, its "error" set).

Then faults stop and one clean run must make the bucket equal the last commit, exit 0.
REPO2S3_FAULT_SEED changes the seed (printed in the summary line, to replay a failure).
"""

import collections
import hashlib
import json
import os
import random
import time
import unittest

from harness import bucket as b
from harness import cli
from harness.strict_s3 import FAULT_KINDS, Record
from standins.github_standin import FAULT_KINDS as GITHUB_FAULT_KINDS
from test_github_sync import PREFIX, GitHubSyncTestCase, expected_files

RUNS = 40
# The S3 faults of a run, drawn per run: (rate, methods faulted, None for all). Low rates are
# absorbed by retries; high ones on uploads alone make uploads fail for good (rather than the
# listing before them), so that runs which must withhold their deletes happen too.
S3_MODES = ((0.05, None), (0.15, None), (0.3, None), (0.75, ("PUT",)), (0.6, ("PUT", "POST")))
GITHUB_RATE = 0.08
GITHUB_STALL_SECONDS = 1.0


def md5(body):
    return hashlib.md5(body).hexdigest()


def failed_uploads(records):
    """Paths whose last PutObject attempt did not come back 200 to the program."""
    last = {}
    for record in records:
        if record.method == "PUT":
            last[record.path] = record.status == 200 and record.fault is None
    return sorted(path for path, ok in last.items() if not ok)


def delete_requests(records):
    return [r for r in records if (r.method == "POST" and "delete" in r.query)
            or r.method == "DELETE"]


def one_json_report(stdout):
    """Whether `stdout` (bytes) is one JSON object in valid UTF-8 whose "error" is set."""
    try:
        lines = [line for line in stdout.decode("utf-8").splitlines() if line.strip()]
        report = json.loads(lines[0]) if len(lines) == 1 else None
    except ValueError:  # UnicodeDecodeError is one
        return False
    return isinstance(report, dict) and isinstance(report.get("error"), str)


def check_run(returncode, before, after, outside, records, target, seen, neighbours):
    """The invariants of one run under faults: (problems, figures).

    `before`/`after`: {path: md5} under the prefix, read from moto around the run; `outside`:
    the keys outside the prefix after it (they must be `neighbours`); `records`: the proxy's
    records of the run's requests to the bucket; `target`: {path: bytes} of the commit synced;
    `seen`: {path: {md5 of every content the path had in a commit}}."""
    problems, figures = [], collections.Counter(runs=1)
    if returncode not in (0, 1):
        problems.append("exit %s: neither success (0) nor failure (1)" % returncode)
        figures["bad exits"] += 1
    figures["runs ok" if returncode == 0 else "runs failed"] += 1

    failed = failed_uploads(records)
    deletes = delete_requests(records)
    if failed:
        figures["runs with a failed upload"] += 1
        if deletes:
            figures["unsafe deletes"] += 1
            problems.append("deleted %r after the uploads of %r failed" % (
                [key for r in deletes for key in r.deleted], failed))
        if returncode == 0:
            problems.append("exit 0 although uploads failed: %r" % failed)

    for path, digest in sorted(after.items()):
        if digest not in seen.get(path, ()):
            figures["corrupt"] += 1
            problems.append("%s holds bytes (md5 %s) of no commit" % (path, digest))
    if sorted(outside) != sorted(neighbours):
        problems.append("objects outside the prefix changed: %r" % (outside,))

    lost = {path for path in before if path in target and path not in after}
    lost |= {key[len(PREFIX):] for r in deletes for key in r.deleted} & set(target)
    if lost:
        figures["lost"] += len(lost)
        problems.append("deleted paths of the commit being synced: %r" % sorted(lost))
    if returncode == 0 and after != {path: md5(body) for path, body in target.items()}:
        figures["diverged"] += 1
        problems.append("exit 0 but the bucket is not the commit")
    return problems, figures


class ChecksTest(unittest.TestCase):
    """check_run on made-up runs: each invariant catches what it is there for."""

    TARGET = {"a.html": b"a2", "b.html": b"b1"}
    SEEN = {"a.html": {md5(b"a1"), md5(b"a2")}, "b.html": {md5(b"b1")}, "old.html": {md5(b"o")}}
    SYNCED = {"a.html": md5(b"a2"), "b.html": md5(b"b1")}

    def put(self, path, status=200, fault=None):
        return Record("PUT", "/bkt/" + PREFIX + path, {}, {}, 2, None, status, fault)

    def delete(self, *paths):
        return Record("POST", "/bkt/", {"delete": [""]}, {}, 10, len(paths), 200, None, True,
                      200, tuple(PREFIX + p for p in paths))

    def check(self, returncode, before, after, records, outside=("n",)):
        return check_run(returncode, before, after, list(outside), records, self.TARGET,
                         self.SEEN, ["n"])

    def test_a_good_run_passes(self):
        problems, figures = self.check(
            0, {"a.html": md5(b"a1"), "old.html": md5(b"o")}, self.SYNCED,
            [self.put("a.html", 503, "slowdown"), self.put("a.html"), self.put("b.html"),
             self.delete("old.html")])
        self.assertEqual(problems, [])
        self.assertEqual((figures["runs ok"], figures["runs with a failed upload"]), (1, 0))

    def test_each_broken_invariant_is_found(self):
        before = {"a.html": md5(b"a1"), "b.html": md5(b"b1"), "old.html": md5(b"o")}
        cases = {
            "exit": (139, before, before, [], "bad exits"),
            "unsafe delete": (1, before, {"a.html": md5(b"a1"), "b.html": md5(b"b1")},
                              [self.put("a.html", None, "reset_after_body"),
                               self.delete("old.html")], "unsafe deletes"),
            "corrupt": (1, before, dict(before, **{"a.html": md5(b"a1a2")}), [], "corrupt"),
            "lost": (1, before, {"a.html": md5(b"a1"), "old.html": md5(b"o")}, [], "lost"),
            "lost by a request": (1, before, before, [self.delete("b.html")], "lost"),
            "diverged": (0, before, before, [], "diverged"),
        }
        for name, (code, before_state, after_state, records, figure) in cases.items():
            with self.subTest(case=name):
                problems, figures = self.check(code, before_state, after_state, records)
                self.assertNotEqual(problems, [])
                self.assertGreater(figures[figure], 0, figures)
        problems, _ = self.check(1, before, before, [], outside=("n", "stray"))
        self.assertEqual(len(problems), 1)
        problems, _ = self.check(0, before, self.SYNCED,
                                 [self.put("a.html", None, "truncated_after_forward")])
        self.assertIn("exit 0 although uploads failed", problems[0])


class JsonReportCheckTest(unittest.TestCase):

    def test_only_one_valid_utf8_object_with_its_error_passes(self):
        self.assertTrue(one_json_report(b'{"error": "502 \xe2\x80\x94 Bad Gateway"}\n'))
        for stdout in (b"", b'{"error": null}\n', b'{"error": "x"}\n{"error": "y"}\n',
                       b'{"error": "cut \xe2\x80"}\n', b"failed: not JSON\n", b"[1]\n"):
            with self.subTest(stdout=stdout):
                self.assertFalse(one_json_report(stdout))


class RandomFaultsTest(GitHubSyncTestCase):

    def setUp(self):
        super().setUp()
        self.seed = int(os.environ.get("REPO2S3_FAULT_SEED", "7"))
        self.random = random.Random(self.seed)
        self.addCleanup(self.strict.stop_faults)
        self.addCleanup(self.github.stop_faults)
        # A small repository of its own instead of the sample: fewer files, quicker runs.
        for path in self.repo.ls_files():
            self.repo.remove(path)
        for index in range(8):
            self.repo.write(self.new_path(index), self.new_content())
        self.repo.write("empty.txt", b"")
        self.repo.write("dir with space/ünïcödé 🚀.txt", "unicode ✓\n".encode())
        self.repo.commit("small site")
        self.next_index = 8
        self.seen = collections.defaultdict(set)   # path → md5 of every content it had in git
        self.remember_commit()

    # --- the repository --------------------------------------------------------------------

    @staticmethod
    def new_path(index):
        folder = ("", "docs/", "assets/css/", "a/b/c/")[index % 4]
        return "%spage-%03d.html" % (folder, index)

    def new_content(self):
        size = self.random.choice((0, 17, 300, 2500, 9000))
        return self.random.randbytes(size)

    def remember_commit(self):
        self.target = expected_files(self.repo)
        for path, body in self.target.items():
            self.seen[path].add(md5(body))

    def change_repository(self, run):
        """Deletes, modifies and adds a few files, and commits."""
        files = self.repo.ls_files()
        removed = self.random.sample(files, k=self.random.randint(1, 2)) if len(files) > 6 else []
        for path in removed:
            self.repo.remove(path)
        kept = [path for path in files if path not in removed]
        for path in self.random.sample(kept, k=min(len(kept), self.random.randint(1, 4))):
            self.repo.write(path, self.new_content() + b"run %d\n" % run)
        for _ in range(self.random.randint(0, 2)):
            self.repo.write(self.new_path(self.next_index), self.new_content())
            self.next_index += 1
        self.repo.commit("run %d" % run)
        self.remember_commit()

    # --- one run -------------------------------------------------------------------------

    def bucket_state(self):
        """{path under the prefix: md5 of its bytes}, read back from moto itself, and the keys
        outside the prefix."""
        snapshot = b.snapshot(self.s3, self.bucket)
        inside = {key[len(PREFIX):]: state.md5 for key, state in snapshot.items()
                  if key.startswith(PREFIX)}
        outside = sorted(key for key in snapshot
                         if not key.startswith(PREFIX) and not key.startswith(".repo2s3/"))
        return inside, outside

    def run_once(self, payload):
        mark = self.strict.mark()
        # A lease a faulted run could not release expires within seconds; the next run waits
        # for it rather than failing as busy.
        proc = self.repo2s3(["run", "--payload", payload, "--commit", "--output", "json",
                             "--lease-wait", "20s"],
                            env=self.github_env(REPO2S3_LEASE_SECONDS="6"))
        # The sync's requests; the lease's (.repo2s3/lease/...) are not the sync's data.
        records = [r for r in self.strict.records_since(mark)
                   if (r.path.startswith("/%s/" % self.bucket) or r.path == "/" + self.bucket)
                   and not r.path.startswith("/%s/.repo2s3/" % self.bucket)]
        return proc, records

    # --- the test ------------------------------------------------------------------------

    def test_random_s3_and_github_faults_never_lose_corrupt_or_delete_unsafely(self):
        payload = self.payload()
        b.put_objects(self.s3, self.bucket, {"outside/keep.txt": b"neighbour"})
        self.github.inject_random(self.seed, GITHUB_RATE, stall_seconds=GITHUB_STALL_SECONDS)
        figures = collections.Counter()
        problems = []
        s3_before = self.strict.fault_counts()  # the shared proxy counts for the whole suite
        started = time.monotonic()
        for run in range(RUNS):
            if run:
                self.change_repository(run)
            rate, methods = self.random.choice(S3_MODES)
            self.strict.inject_faults(seed=self.seed * 1000 + run, rate=rate, methods=methods)
            before, _ = self.bucket_state()
            proc, records = self.run_once(payload)
            after, outside = self.bucket_state()
            self.strict.stop_faults()
            where = "run %d (S3 fault rate %.2f on %s, seed %d)" % (
                run, rate, "/".join(methods or ["all"]), self.seed)

            found, counted = check_run(proc.returncode, before, after, outside, records,
                                       self.target, self.seen, ["outside/keep.txt"])
            problems += ["%s: %s" % (where, problem) for problem in found]
            figures.update(counted)
            if proc.returncode == 1 and not one_json_report(proc.stdout_bytes):
                figures["failed runs without a JSON report"] += 1
                problems.append("%s: failed without a JSON report:\n%s" % (
                    where, cli.describe(proc)))

        # No more faults: one clean run converges.
        self.github.stop_faults()
        proc, records = self.run_once(payload)
        self.assertEqual(proc.returncode, 0, cli.describe(proc))
        after, outside = self.bucket_state()
        self.assertEqual(after, {p: md5(body) for p, body in self.target.items()},
                         "the clean run did not make the bucket equal the last commit")
        self.assertEqual(outside, ["outside/keep.txt"])
        self.assertTrue(all(r.fault is None for r in records))

        s3_faults = {kind: count - s3_before[kind]
                     for kind, count in self.strict.fault_counts().items()}
        github_faults = self.github.fault_counts()
        print("\nfault test: seed %d, %d runs in %.0f s, %d ok, %d failed, %d with a failed "
              "upload, %d failed without a JSON report; S3 faults %s; GitHub faults %s; lost %d, "
              "corrupt %d, unsafe deletes %d"
              % (self.seed, figures["runs"], time.monotonic() - started, figures["runs ok"],
                 figures["runs failed"], figures["runs with a failed upload"],
                 figures["failed runs without a JSON report"], json.dumps(s3_faults),
                 json.dumps(github_faults), figures["lost"], figures["corrupt"],
                 figures["unsafe deletes"]), flush=True)
        self.assertEqual(problems, [], "\n".join(problems))
        self.assertEqual(figures["failed runs without a JSON report"], 0)
        self.assertGreater(figures["runs failed"], 0, "no run failed: the reports went untested")
        self.assertEqual(set(s3_faults), set(FAULT_KINDS))
        self.assertTrue(all(count > 0 for count in s3_faults.values()), s3_faults)
        self.assertGreater(sum(github_faults.values()), 0, github_faults)
        self.assertEqual(set(github_faults), set(GITHUB_FAULT_KINDS))
        self.assertGreater(figures["runs ok"], 0, "no run got through: the test proves little")
        self.assertGreater(figures["runs with a failed upload"], 0,
                           "no upload failed for good: the withheld deletes went untested")
