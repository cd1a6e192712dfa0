"""The run state: after a committed run, repo2s3 records what it left in the bucket (by default
at .repo2s3/state/<KeyPrefix>state.json.gz in the destination bucket). A run whose branch and
template have not moved then lists the bucket, finds it as it was left, and downloads nothing.
Drift, a new commit, a template change or a damaged state each cost a full run, never a failed
one. Against the GitHub stand-in (counting archive downloads), moto and the strict proxy.
"""

import gzip
import json

from harness import bucket as b
from harness import cli
from test_github_sync import PREFIX, GitHubSyncTestCase, expected_files
from test_s3_sync import SyncTestCase

STATE_KEY = ".repo2s3/state/" + PREFIX + "state.json.gz"


class RunStateFromGitHub(GitHubSyncTestCase):

    def downloads(self):
        return self.github.count("zipball") + self.github.count("codeload")

    def requests_since(self, mark, methods=("GET", "PUT", "POST", "DELETE", "HEAD")):
        return [(r.method, r.path[len(self.bucket) + 2:]) for r in self.strict.records_since(mark)
                if r.path.startswith("/" + self.bucket) and r.method in methods]

    def read_state(self, bucket=None, key=STATE_KEY):
        return json.loads(gzip.decompress(b.read_object(self.s3, bucket or self.bucket, key)))

    def test_a_second_run_on_an_unchanged_branch_downloads_nothing_and_takes_no_lease(self):
        payload = self.payload()
        files = expected_files(self.repo)
        first = self.run_json(payload, commit=True)
        self.assertEqual(first["state"]["use"], "full")
        self.assertTrue(first["state"]["saved"])
        self.assertEqual(first["state"]["location"], "s3://%s/%s" % (self.bucket, STATE_KEY))
        recorded = self.read_state()
        self.assertEqual(recorded["source_version"], self.sha)
        self.assertEqual(self.downloads(), 2)  # the zipball redirect and codeload
        self.assert_bucket_equals(files)

        mark = self.strict.mark()
        github_before = len(self.github.requests)
        proc = self.repo2s3(["run", "--payload", payload, "--commit"])
        self.assertEqual(proc.returncode, 0, cli.describe(proc))
        self.assertIn("nothing to do: the branch is unchanged at %s; the bucket is as the last "
                      "run left it" % self.sha, proc.stdout)
        self.assertEqual(self.downloads(), 2, "the second run downloaded the archive")
        # The branch lookup was conditional on the recorded ETag, and GitHub said 304.
        lookups = [r for r in self.github.requests[github_before:] if "/git/ref/" in r[2]]
        self.assertEqual(len(lookups), 1)
        self.assertIn("if-none-match", {k.lower() for k in lookups[0][3]})
        # S3: the state and one listing; no lease, no write.
        self.assertEqual(self.requests_since(mark),
                         [("GET", STATE_KEY), ("GET", "")],
                         "an unchanged run reads the state and lists, nothing else")
        self.assert_bucket_equals(files)

        summary = self.run_json(payload, commit=True)
        self.assertEqual(summary["state"]["use"], "unchanged")
        self.assertFalse(summary["state"]["saved"])
        self.assert_plan(summary)
        self.assertEqual(summary["unchanged"], len(files))
        self.assertEqual(summary["timings_ms"]["download"], 0)

    def test_an_object_edited_deleted_or_added_behind_its_back_is_repaired(self):
        payload = self.payload()
        files = expected_files(self.repo)
        self.run_json(payload, commit=True)
        for damage in ("deleted", "edited", "added"):
            with self.subTest(damage=damage):
                if damage == "deleted":
                    self.s3.delete_object(Bucket=self.bucket, Key=PREFIX + "index.html")
                elif damage == "edited":
                    b.put_object(self.s3, self.bucket, PREFIX + "README.md", b"vandalised")
                else:
                    b.put_object(self.s3, self.bucket, PREFIX + "intruder.txt", b"x")
                downloads = self.downloads()
                proc, summary = self.run_with_report(payload, commit=True)
                self.assertEqual(summary["state"]["use"], "drifted", summary["state"])
                self.assertIn("drifted", proc.stderr)
                self.assertEqual(self.downloads(), downloads + 2, "a drifted run runs in full")
                self.assert_bucket_equals(files)
                self.assertEqual(self.run_json(payload, commit=True)["state"]["use"],
                                 "unchanged")

    def test_a_new_commit_and_a_template_change_each_run_in_full(self):
        payload = self.payload()
        self.run_json(payload, commit=True)

        self.repo.write("index.html", "<h1>new</h1>\n")
        sha = self.repo.commit("new index")
        summary = self.run_json(payload, commit=True)
        self.assertEqual(summary["state"]["use"], "full")
        self.assertEqual(summary["commit"], sha)
        self.assert_plan(summary, modified=["index.html"])

        # Same commit, another template: build.log is no longer excluded.
        wider = self.payload("wider.yaml", ExcludeRepoPaths=["^node_modules/", r"^secrets/"])
        summary = self.run_json(wider, commit=True)
        self.assertEqual(summary["state"]["use"], "full")
        self.assertIn("the source or the template changed", summary["state"]["detail"])
        self.assert_plan(summary, new=["build.log"])
        self.assert_bucket_equals(expected_files(self.repo, exclude=("^node_modules/",
                                                                    r"^secrets/")))
        self.assertEqual(self.run_json(wider, commit=True)["state"]["use"], "unchanged")

    def test_a_corrupt_or_foreign_state_only_costs_a_full_run(self):
        payload = self.payload()
        files = expected_files(self.repo)
        self.run_json(payload, commit=True)
        valid = b.read_object(self.s3, self.bucket, STATE_KEY)
        foreign = json.loads(gzip.decompress(valid))
        foreign["version"] = 999
        for label, body in (("garbage", b"\x1f\x8b\x08 not really gzip \xff\xfe"),
                            ("truncated", valid[:len(valid) // 2]),
                            ("plain JSON", b'{"hello": "world"}'),
                            ("future version", gzip.compress(json.dumps(foreign).encode()))):
            with self.subTest(state=label):
                b.put_object(self.s3, self.bucket, STATE_KEY, body)
                downloads = self.downloads()
                proc, summary = self.run_with_report(payload, commit=True)
                self.assertIsNone(summary["error"])
                self.assertEqual(summary["state"]["use"], "full")
                self.assertTrue(summary["state"]["saved"])
                self.assertIn("running in full", proc.stderr)
                self.assertEqual(self.downloads(), downloads + 2)
                self.assert_bucket_equals(files)
                self.assertEqual(self.read_state()["source_version"], self.sha)

    def test_state_survives_a_root_prefix_sync_with_deletes(self):
        b.put_objects(self.s3, self.bucket, {"stale.txt": b"old", "deep/stale.txt": b"old"})
        payload = self.payload(KeyPrefix="", DeleteMissingFiles=True, MaxDeletePercent=100)
        files = expected_files(self.repo)
        mark = self.strict.mark()
        summary = self.run_json(payload, commit=True)
        self.assertEqual(sorted(summary["deleted"]), ["deep/stale.txt", "stale.txt"])
        summary = self.run_json(payload, commit=True)
        self.assertEqual(summary["state"]["use"], "unchanged")
        self.assertEqual(b.list_keys(self.s3, self.bucket, ".repo2s3/"),
                         [".repo2s3/state/state.json.gz"])
        self.assert_bucket_equals(files, prefix="")
        deleted = [r.path for r in self.strict.records_since(mark)
                   if r.method == "DELETE" and "/.repo2s3/state/" in r.path]
        self.assertEqual(deleted, [])
        self.assertNotIn(".repo2s3/state/state.json.gz", summary["deleted"])

    def test_a_dry_run_reads_the_state_but_never_writes_it(self):
        payload = self.payload()
        summary = self.run_json(payload)
        self.assertEqual(summary["state"]["use"], "full")
        self.assertFalse(summary["state"]["saved"])
        self.assertEqual(b.list_keys(self.s3, self.bucket, ".repo2s3/"), [])
        self.run_json(payload, commit=True)
        state_before = b.read_object(self.s3, self.bucket, STATE_KEY)
        mark = self.strict.mark()
        summary = self.run_json(payload)
        self.assertEqual(summary["state"]["use"], "unchanged")
        self.assertEqual(self.requests_since(mark, ("PUT", "POST", "DELETE")), [])
        self.assertEqual(b.read_object(self.s3, self.bucket, STATE_KEY), state_before)

    def test_no_state_downloads_every_time_and_writes_nothing_of_its_own(self):
        payload = self.payload()
        for _ in range(2):
            summary = self.run_json(payload, commit=True, extra_args=["--no-state"])
            self.assertIsNone(summary["state"])
        self.assertEqual(self.downloads(), 4)
        none = self.payload("none.yaml", StateLocation="none")
        self.run_json(none, commit=True)
        self.assertEqual(self.downloads(), 6)
        self.assertEqual(b.list_keys(self.s3, self.bucket, ".repo2s3/"), [])

    def test_state_in_a_local_directory_keeps_the_bucket_to_the_synced_files(self):
        state_dir = self.work / "state"
        payload = self.payload()
        mark = self.strict.mark()
        first = self.run_json(payload, commit=True, extra_args=["--state", str(state_dir)])
        second = self.run_json(payload, commit=True,
                               env=self.github_env(REPO2S3_STATE_URI=str(state_dir)))
        self.assertEqual(second["state"]["use"], "unchanged")
        state_file = state_dir / self.bucket / "www%2F.state.json.gz"
        self.assertEqual(first["state"]["location"], str(state_file))
        self.assertEqual(json.loads(gzip.decompress(state_file.read_bytes()))["source_version"],
                         self.sha)
        self.assertEqual(state_file.stat().st_mode & 0o777, 0o600)
        self.assertTrue((state_dir / self.bucket / "www%2F.state.json.gz.lock").exists())
        self.assertEqual([r.path for r in self.strict.records_since(mark) if ".repo2s3" in r.path],
                         [], "a local state puts nothing of repo2s3's own into the bucket")

    def test_state_in_another_bucket(self):
        ops = b.create_bucket(self.s3, "ops-state")
        payload = self.payload(StateLocation="s3://%s/repo2s3/" % ops)
        self.run_json(payload, commit=True)
        summary = self.run_json(payload, commit=True)
        self.assertEqual(summary["state"]["use"], "unchanged")
        key = "repo2s3/%s/%sstate.json.gz" % (self.bucket, PREFIX)
        self.assertEqual(summary["state"]["location"], "s3://%s/%s" % (ops, key))
        self.assertEqual(self.read_state(ops, key)["source_version"], self.sha)
        self.assertEqual(b.list_keys(self.s3, self.bucket, ".repo2s3/state/"), [])

    def test_a_state_location_the_sync_would_delete_or_cannot_read_is_refused(self):
        before = self.seed_bucket()
        cases = [
            (["--state", "s3://%s/www/" % self.bucket], {}, "lies under the synced prefix"),
            (["--state", "ftp://example.com/state"], {}, "--state"),
            ([], {"REPO2S3_STATE_URI": "https://example.com/x"}, "REPO2S3_STATE_URI"),
        ]
        for args, env, phrase in cases:
            with self.subTest(args=args, env=env):
                proc = self.repo2s3(["run", "--payload", self.payload(), "--commit"] + args,
                                    env=self.github_env(**env))
                self.assertEqual(proc.returncode, 2, cli.describe(proc))
                self.assertIn(phrase, proc.stderr.splitlines()[0], cli.describe(proc))
        self.assertEqual(b.snapshot(self.s3, self.bucket), before)
        self.assertEqual(b.list_keys(self.s3, self.bucket, ".repo2s3/"), [])

    def test_drift_check_never_or_a_duration_trusts_the_state(self):
        payload = self.payload()
        files = expected_files(self.repo)
        self.run_json(payload, commit=True)
        self.s3.delete_object(Bucket=self.bucket, Key=PREFIX + "index.html")
        for setting in (["--drift-check", "never"], ["--drift-check", "1h"]):
            with self.subTest(setting=setting):
                mark = self.strict.mark()
                summary = self.run_json(payload, commit=True, extra_args=setting)
                self.assertEqual(summary["state"]["use"], "unchanged")
                self.assertIn("last checked", summary["state"]["detail"])
                methods = [m for m, _ in self.requests_since(mark)]
                self.assertNotIn("PUT", methods)
                self.assertEqual(methods, ["GET"], "only the state is read")
        summary = self.run_json(payload, commit=True, extra_args=["--drift-check", "always"])
        self.assertEqual(summary["state"]["use"], "drifted")
        self.assert_bucket_equals(files)

        proc = self.repo2s3(["run", "--payload", payload, "--drift-check", "sometimes"])
        self.assertEqual(proc.returncode, 2, cli.describe(proc))
        self.assertIn("--drift-check", proc.stderr)


class RunStateFromDirectory(SyncTestCase):

    def test_an_unchanged_directory_is_listed_not_uploaded_and_a_touched_file_is_seen(self):
        bucket = self.new_bucket()
        files = {"a.txt": b"alpha\n", "sub/b.txt": b"beta\n", "c.bin": bytes(range(256)) * 40}
        source = self.write_tree(files)
        payload = self.write_payload(bucket, KeyPrefix=PREFIX)
        first = self.sync(payload, source_dir=source, commit=True)
        self.assertEqual(first["state"]["use"], "full")
        second = self.sync(payload, source_dir=source, commit=True)
        self.assertEqual(second["state"]["use"], "unchanged", second["state"])
        (source / "a.txt").write_bytes(b"alpha, edited\n")
        third = self.sync(payload, source_dir=source, commit=True)
        self.assertEqual(third["state"]["use"], "full")
        self.assertEqual(third["modified"], ["a.txt"])
        self.assertEqual(b.read_object(self.s3, bucket, PREFIX + "a.txt"), b"alpha, edited\n")
