"""One writer per destination: `repo2s3 run --commit` holds a lease object
(.repo2s3/lease/<KeyPrefix>lease.json, written with S3 conditional writes) while it applies its
plan. Two runs started at once never interleave their writes; a live lease left by another run
stops a run before it touches the bucket; an expired one is taken over with a warning.
(watch and lambda meeting a live lease: test_watch.py and test_lambda.py.)
"""

import datetime
import hashlib
import json
import subprocess

from harness import bucket as b
from harness import cli
from test_s3_sync import SyncTestCase

PREFIX = "site/"
LEASE_KEY = ".repo2s3/lease/" + PREFIX + "lease.json"


def lease_body(expires, host="build-7", pid=4242, template="other-template", owner="feedc0de"):
    stamp = expires.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return json.dumps({"owner": owner, "host": host, "pid": pid, "template": template,
                       "expires": stamp}).encode()


def in_minutes(minutes):
    return datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=minutes)


def tree(label, count=300):
    """`count` files whose content says which tree they belong to, same paths in every tree."""
    return {"dir%02d/file%04d.txt" % (i % 17, i): ("%s %d\n" % (label, i)).encode() * 40
            for i in range(count)}


class LeaseRunTest(SyncTestCase):

    def start_run(self, payload, source, *extra):
        command = [cli.repo2s3_bin(), "run", "--payload", str(payload), "--source-dir",
                   str(source), "--commit", "--output", "json"] + list(extra)
        return subprocess.Popen(command, env=cli.clean_env(self.strict.endpoint),
                                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)

    def finish(self, process):
        out, err = process.communicate(timeout=600)
        cli.check_sanitizers(err, "repo2s3 run")
        cli.assert_no_secrets(self, [out, err], [b.TEST_SECRET_ACCESS_KEY])
        return process.returncode, out, err

    def lease_requests(self, bucket, mark):
        return [r for r in self.bucket_requests(bucket, mark, ("PUT", "DELETE"), lease=True)
                if r.path == "/%s/%s" % (bucket, LEASE_KEY)]

    def test_two_runs_at_once_take_turns_and_the_bucket_ends_correct(self):
        bucket = self.new_bucket()
        trees = {"A": tree("A"), "B": tree("B")}
        sources = {label: self.write_tree(files, "source-" + label)
                   for label, files in trees.items()}
        label_of_md5 = {hashlib.md5(body).hexdigest(): label
                        for label, files in trees.items() for body in files.values()}
        payload = self.write_payload(bucket, KeyPrefix=PREFIX, DeleteMissingFiles=True)

        mark = self.strict.mark()
        runs = {label: self.start_run(payload, sources[label], "--lease-wait", "5m")
                for label in ("A", "B")}
        results = {label: self.finish(process) for label, process in runs.items()}
        self.assertEqual(self.strict.violations_since(mark), [])
        for label, (code, out, err) in results.items():
            self.assertEqual(code, 0, "run %s:\n%s\n%s" % (label, out, err))

        # Who went second waited for the lease, and says so.
        waited = [label for label, (_, _, err) in results.items()
                  if "waiting for the lease s3://%s/%s" % (bucket, LEASE_KEY) in err]
        self.assertEqual(len(waited), 1, {k: v[2] for k, v in results.items()})
        first, second = ("B", "A") if waited == ["A"] else ("A", "B")

        # The proxy's log, in the order moto answered: every upload of one run comes before
        # every upload of the other, with the first run's lease released in between.
        sequence = []
        for record in self.bucket_requests(bucket, mark, ("PUT", "DELETE", "POST"), lease=True):
            if record.path.endswith("/" + LEASE_KEY):
                if record.status in (200, 204):
                    sequence.append("lease-" + record.method)
            elif "/.repo2s3/state/" in record.path:
                continue  # each run records its state before it lets the lease go
            elif record.method == "PUT" and record.status == 200:
                sequence.append(label_of_md5[record.headers["x-amz-meta-repo2s3-md5"]])
        blocks = [item for i, item in enumerate(sequence) if i == 0 or sequence[i - 1] != item]
        self.assertEqual(blocks, ["lease-PUT", first, "lease-DELETE", "lease-PUT", second,
                                  "lease-DELETE"])
        self.assertEqual(sequence.count(first), len(trees[first]))
        self.assertEqual(sequence.count(second), len(trees[second]))
        refused = [r for r in self.lease_requests(bucket, mark) if r.status == 412]
        self.assertGreaterEqual(len(refused), 1, "the second run met the first one's lease")

        # The bucket holds what the second run synced, and no lease is left behind.
        self.assert_bucket_holds(bucket, trees[second], PREFIX)
        self.assertEqual(b.list_keys(self.s3, bucket, ".repo2s3/lease/"), [])

    def test_without_lease_wait_the_second_run_exits_1_naming_the_holder(self):
        bucket = self.new_bucket()
        files = tree("A", 600)
        source = self.write_tree(files)
        payload = self.write_payload(bucket, KeyPrefix=PREFIX, TemplateName="busy-site")
        runs = [self.start_run(payload, source) for _ in range(2)]
        results = [self.finish(process) for process in runs]
        codes = sorted(code for code, _, _ in results)
        if codes == [0, 0]:
            self.skipTest("the runs did not overlap on this machine")
        self.assertEqual(codes, [0, 1], results)
        _, out, err = next(r for r in results if r[0] == 1)
        self.assertIn("another run holds the lease s3://%s/%s" % (bucket, LEASE_KEY), err)
        self.assertIn("template busy-site", err)
        self.assertIn(", pid ", err)
        self.assert_bucket_holds(bucket, files, PREFIX)

    def test_a_live_lease_left_behind_stops_the_run_before_it_touches_the_bucket(self):
        bucket = self.new_bucket()
        b.put_objects(self.s3, bucket, {PREFIX + "old.txt": b"old",
                                        LEASE_KEY: lease_body(in_minutes(10))})
        before = b.snapshot(self.s3, bucket)
        source = self.write_tree({"index.html": b"<p>new</p>"})
        payload = self.write_payload(bucket, KeyPrefix=PREFIX, DeleteMissingFiles=True)

        mark = self.strict.mark()
        summary = self.sync(payload, source, commit=True, expect_exit=1)
        err = self.last_proc.stderr
        self.assertIn("another run holds the lease s3://%s/%s" % (bucket, LEASE_KEY), err)
        self.assertIn("host build-7, pid 4242, template other-template, until ", err)
        self.assertIn("lease", summary["error"])
        self.assertEqual(b.snapshot(self.s3, bucket), before, "the bucket was changed")
        writes = [r for r in self.bucket_requests(bucket, mark, ("PUT", "POST", "DELETE"),
                                                  lease=True) if r.status in (200, 204)]
        self.assertEqual(writes, [])
        listings = [r for r in self.bucket_requests(bucket, mark, ("GET",)) if "list-type" in r.query]
        self.assertEqual(listings, [], "the bucket was listed before the lease was held")

        # --lease-wait waits that long, then gives up the same way.
        self.sync(payload, source, commit=True, expect_exit=1, extra_args=["--lease-wait", "2s"])
        self.assertIn("waiting for the lease", self.last_proc.stderr)
        self.assertEqual(b.snapshot(self.s3, bucket), before)

        # A dry run takes no lease, so it still shows the plan.
        summary = self.sync(payload, source)
        self.assertIsNone(summary["error"])
        self.assertEqual(summary["new"], ["index.html"])

    def test_an_expired_lease_is_taken_over_with_a_warning(self):
        bucket = self.new_bucket()
        b.put_objects(self.s3, bucket, {LEASE_KEY: lease_body(in_minutes(-1), host="gone-host",
                                                              pid=77)})
        files = {"index.html": b"<p>new</p>", "a/b.txt": b"b"}
        source = self.write_tree(files)
        payload = self.write_payload(bucket, KeyPrefix=PREFIX)

        mark = self.strict.mark()
        summary = self.sync(payload, source, commit=True)
        self.assertIsNone(summary["error"])
        warnings = [line for line in self.last_proc.stderr.splitlines()
                    if "took over the expired lease" in line]
        self.assertEqual(len(warnings), 1, self.last_proc.stderr)
        self.assertIn("host gone-host, pid 77, template other-template", warnings[0])
        self.assert_bucket_holds(bucket, files, PREFIX)
        self.assertEqual(b.list_keys(self.s3, bucket, ".repo2s3/lease/"), [], "the lease was released")
        lease_writes = self.lease_requests(bucket, mark)
        self.assertEqual([(r.method, r.status) for r in lease_writes],
                         [("PUT", 412), ("PUT", 200), ("DELETE", 204)])
        self.assertEqual(lease_writes[0].headers.get("if-none-match"), "*")
        self.assertIn("if-match", lease_writes[1].headers)
        self.assertIn("if-match", lease_writes[2].headers)

    def test_a_short_lease_is_renewed_while_the_run_lasts(self):
        bucket = self.new_bucket()
        files = tree("A", 400)
        source = self.write_tree(files)
        payload = self.write_payload(bucket, KeyPrefix=PREFIX)
        mark = self.strict.mark()
        self.sync(payload, source, commit=True, extra_args=["--parallel", "1"],
                  env_extra={"REPO2S3_LEASE_SECONDS": "1"})
        renewals = [r for r in self.lease_requests(bucket, mark)
                    if r.method == "PUT" and "if-match" in r.headers and r.status == 200]
        self.assertGreaterEqual(len(renewals), 1, "the lease was never renewed")
        self.assert_bucket_holds(bucket, files, PREFIX)
        self.assertEqual(b.list_keys(self.s3, bucket, ".repo2s3/lease/"), [])
