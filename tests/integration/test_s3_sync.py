"""repo2s3 run against a real S3 API (moto on loopback): every promise of the sync, end to end.

One moto server serves the whole suite; each test works in buckets of its own. repo2s3 reaches
moto through a strict proxy (harness/strict_s3.py) that enforces what real S3 checks and moto
does not (Content-MD5, at most 1000 keys per DeleteObjects, the payload hash) plus repo2s3's own
wire contract, and records every request; each run must break none of those rules.
"""

import hashlib
import os
import pathlib
import random
import re
import shutil
import tempfile
import unittest

import yaml

from harness import bucket as b
from harness import cli, payloads, trees
from harness.moto import shared_moto
from harness.server import closed_port
from harness.strict_s3 import shared_strict_s3

JSON_KEYS = {"template", "bucket", "prefix", "commit", "committed", "new", "modified", "deleted",
             "unchanged", "bytes_uploaded", "duration_ms", "timings_ms", "delete_guard", "error",
             "alert_sent", "state", "headers_updated", "invalidation"}

# Extension → media type that a browser needs (the part before any "; charset=").
WEB_TYPES = {
    "index.html": "text/html",
    "css/site.css": "text/css",
    "js/app.js": "text/javascript",
    "js/module.mjs": "text/javascript",
    "data/config.json": "application/json",
    "data/config.yaml": "application/yaml",
    "data/compose.yml": "application/yaml",
    "img/picture.webp": "image/webp",
    "img/LOGO.SVG": "image/svg+xml",
    "fonts/body.woff2": "font/woff2",
    "wasm/engine.wasm": "application/wasm",
    "no-extension": "application/octet-stream",
}


def md5(body):
    return hashlib.md5(body).hexdigest()


def web_tree():
    files = {path: ("content of %s\n" % path).encode() for path in WEB_TYPES}
    files["img/picture.webp"] = b"RIFF\x1a\x00\x00\x00WEBPVP8 " + bytes(range(200))
    files["wasm/engine.wasm"] = b"\x00asm\x01\x00\x00\x00" + bytes(64)
    files["fonts/body.woff2"] = b"wOF2" + bytes(range(256))
    return files


class SyncTestCase(unittest.TestCase):
    """A bucket per test, a scratch directory, and helpers to run repo2s3 and check buckets."""

    maxDiff = 8000

    @classmethod
    def setUpClass(cls):
        cls.moto = shared_moto()
        cls.strict = shared_strict_s3(cls.moto.endpoint)
        # The test's own client reads and prepares moto directly: what it sees is what is
        # stored, and its requests are never checked, faulted or counted as repo2s3's.
        cls.s3 = b.s3_client(cls.moto.endpoint)

    def setUp(self):
        scratch = tempfile.TemporaryDirectory(prefix="repo2s3-it-")
        self.addCleanup(scratch.cleanup)
        self.work = pathlib.Path(scratch.name)

    # --- setup helpers -------------------------------------------------------------------------

    def new_bucket(self, versioned=False):
        return b.create_bucket(self.s3, self._testMethodName, versioned=versioned)

    def write_payload(self, bucket, name="payload.yaml", **overrides):
        return payloads.write_payload(self.work / name, BucketName=bucket, **overrides)

    def write_tree(self, files, name="source"):
        root = self.work / name
        if root.exists():
            shutil.rmtree(root)
        return trees.write_tree(root, files)

    # --- running repo2s3 -----------------------------------------------------------------------

    def sync(self, payload, source_dir=None, source_zip=None, commit=False, expect_exit=0,
             extra_args=(), env_extra=None):
        """Runs `repo2s3 run ... --output json`, checks the exit code and returns the summary."""
        args = ["run", "--payload", payload]
        if source_dir is not None:
            args += ["--source-dir", source_dir]
        if source_zip is not None:
            args += ["--source-zip", source_zip]
        if commit:
            args.append("--commit")
        args += list(extra_args)
        mark = self.strict.mark()
        proc, summary = cli.run_json(args, env_extra=env_extra, endpoint=self.strict.endpoint)
        self.last_proc = proc
        self.assertEqual(self.strict.violations_since(mark), [],
                         "requests real S3 would refuse or that break the wire contract")
        if expect_exit == "nonzero":
            self.assertNotEqual(proc.returncode, 0, cli.describe(proc))
        else:
            self.assertEqual(proc.returncode, expect_exit, cli.describe(proc))
        self.assertIsNotNone(summary, "stdout is not one JSON object:\n" + cli.describe(proc))
        self.assertEqual(set(summary), JSON_KEYS, "JSON summary keys")
        if not commit:
            self.assertFalse(summary["committed"], "a dry run says it committed")
        elif summary["error"] is None:
            self.assertTrue(summary["committed"], "a committed run says it did not commit")
        cli.assert_no_secrets(self, [proc.stdout, proc.stderr], [b.TEST_SECRET_ACCESS_KEY])
        return summary

    # --- assertions ----------------------------------------------------------------------------

    def bucket_requests(self, bucket, since, methods, lease=False):
        """Records of the requests repo2s3 sent to the bucket since a proxy mark; those of the
        destination's lease (.repo2s3/lease/..., test_lease.py) only when `lease` is true."""
        pattern = re.compile(r"^/%s(?:/|$)" % re.escape(bucket))
        reserved = "/%s/.repo2s3/" % bucket
        return [r for r in self.strict.records_since(since)
                if r.method in methods and pattern.match(r.path)
                and (lease or not r.path.startswith(reserved))]

    def assert_delete_batches(self, bucket, since, deleted):
        """The `deleted` keys went out in DeleteObjects batches of at most 1000 keys."""
        batches = [r.delete_keys for r in self.bucket_requests(bucket, since, ("POST",))
                   if r.delete_keys is not None]
        self.assertEqual(sum(batches), deleted, "keys in DeleteObjects requests")
        self.assertGreaterEqual(len(batches), -(-deleted // 1000), "DeleteObjects requests")
        self.assertLessEqual(max(batches), 1000, "keys in one DeleteObjects request")

    def assert_plan(self, summary, new=(), modified=(), deleted=(), unchanged=None):
        self.assertEqual(
            (sorted(summary["new"]), sorted(summary["modified"]), sorted(summary["deleted"])),
            (sorted(new), sorted(modified), sorted(deleted)), "new / modified / deleted")
        if unchanged is not None:
            self.assertEqual(summary["unchanged"], unchanged, "unchanged count")

    def assert_nothing_to_do(self, payload, source_dir=None, source_zip=None, unchanged=None):
        """A dry run and a committed run both find nothing to do and write nothing."""
        bucket = payload_bucket(payload)
        before, mark = b.listing(self.s3, bucket), self.strict.mark()
        for commit in (False, True):
            summary = self.sync(payload, source_dir, source_zip, commit=commit)
            self.assert_plan(summary, unchanged=unchanged)
            self.assertIsNone(summary["error"])
            self.assertEqual(summary["bytes_uploaded"], 0)
        self.assertEqual(self.bucket_requests(bucket, mark, ("PUT", "POST", "DELETE")), [],
                         "a run with nothing to do sent write requests")
        self.assert_same_objects(b.listing(self.s3, bucket), before)

    def assert_same_objects(self, actual, expected, what="bucket"):
        """Compares {key: value} maps and names missing, unexpected and differing keys."""
        if actual == expected:
            return
        missing = sorted(set(expected) - set(actual))
        unexpected = sorted(set(actual) - set(expected))
        differing = sorted(k for k in set(actual) & set(expected) if actual[k] != expected[k])
        self.fail("%s differs: %d missing %r, %d unexpected %r, %d differing %r" % (
            what, len(missing), missing[:8], len(unexpected), unexpected[:8], len(differing),
            [(k, actual[k], expected[k]) for k in differing[:4]]))

    def assert_bucket_holds(self, bucket, files, prefix):
        """Under `prefix` the bucket holds exactly `files`, by key, MD5 and size."""
        actual = b.listed_contents(self.s3, bucket, prefix)
        self.assert_same_objects(actual, trees.expected_objects(files, prefix))


def payload_bucket(payload_path):
    return yaml.safe_load(pathlib.Path(payload_path).read_text(encoding="utf-8"))["BucketName"]


class LargeAwkwardTreeTest(SyncTestCase):
    """More than 1,200 awkwardly named files: listings span pages, deletions span batches."""

    def test_large_tree_crosses_listing_pages_and_delete_batches(self):
        files = trees.awkward_tree(1250)
        bucket = self.new_bucket()
        stale = {"big/stale/%04d old.txt" % i: b"stale %d\n" % i for i in range(1010)}
        neighbours = {"big-other/x": b"neighbour", "root.txt": b"at the root"}
        b.put_objects(self.s3, bucket, {**stale, **neighbours})
        source = self.write_tree(files)
        # Every object under the prefix is stale: a mass delete, so the guard is turned off.
        payload = self.write_payload(bucket, KeyPrefix="big", DeleteMissingFiles=True,
                                     MaxDeletePercent=100)
        stale_paths = [key[len("big/"):] for key in stale]

        summary = self.sync(payload, source)
        self.assert_plan(summary, new=files, deleted=stale_paths, unchanged=0)
        self.assertFalse(summary["committed"])
        self.assertEqual(len(b.synced_keys(self.s3, bucket)), len(stale) + len(neighbours))

        mark = self.strict.mark()
        summary = self.sync(payload, source, commit=True)
        self.assert_plan(summary, new=files, deleted=stale_paths)
        self.assert_delete_batches(bucket, mark, len(stale_paths))
        self.assertTrue(summary["committed"])
        self.assertEqual(summary["bytes_uploaded"], sum(len(body) for body in files.values()))
        self.assert_bucket_holds(bucket, files, "big/")
        self.assert_same_objects(b.outside(b.listed_contents(self.s3, bucket), "big/"),
                                 trees.expected_objects(neighbours), "objects outside the prefix")

        self.assert_nothing_to_do(payload, source, unchanged=len(files))

        # Remove more than one delete batch of awkwardly named files.
        removed = sorted(files)[:1100]
        trees.remove_paths(source, removed)
        kept = {path: body for path, body in files.items() if path not in set(removed)}
        mark = self.strict.mark()
        summary = self.sync(payload, source, commit=True)
        self.assert_plan(summary, deleted=removed, unchanged=len(kept))
        self.assert_delete_batches(bucket, mark, len(removed))
        self.assert_bucket_holds(bucket, kept, "big/")
        self.assert_nothing_to_do(payload, source, unchanged=len(kept))


class DryRunTest(SyncTestCase):
    def test_dry_run_leaves_bucket_byte_identical(self):
        files = {"same.txt": b"same\n", "changed.txt": b"new content\n", "added.txt": b"added\n",
                 "dir/same too.bin": bytes(range(256)), "big/multipart.bin": os.urandom(6 * b.MIB)}
        bucket = self.new_bucket(versioned=True)
        b.put_objects(self.s3, bucket, {
            "p/same.txt": b"same\n", "p/changed.txt": b"old content\n",
            "p/dir/same too.bin": bytes(range(256)), "p/extra.txt": b"extra",
            "p/extra dir/x y.txt": b"extra 2", "p-other/same.txt": b"neighbour", "root": b"r"})
        b.put_multipart(self.s3, bucket, "p/big/multipart.bin", files["big/multipart.bin"])
        source = self.write_tree(files)
        payload = self.write_payload(bucket, KeyPrefix="p/", DeleteMissingFiles=True)
        before, versions = b.snapshot(self.s3, bucket), b.all_versions(self.s3, bucket)
        mark = self.strict.mark()

        summary = self.sync(payload, source, extra_args=["--log-level", "debug"])
        self.assertFalse(summary["committed"])
        self.assertIsNone(summary["error"])
        self.assert_plan(summary, new=["added.txt"], modified=["big/multipart.bin", "changed.txt"],
                         deleted=["extra dir/x y.txt", "extra.txt"], unchanged=2)
        self.assertEqual(summary["bytes_uploaded"], 0)

        text = cli.run_repo2s3(["run", "--payload", payload, "--source-dir", source],
                               endpoint=self.strict.endpoint)
        self.assertEqual(text.returncode, 0, cli.describe(text))
        for path in ("added.txt", "changed.txt", "extra.txt", "extra dir/x y.txt"):
            self.assertIn(path, text.stdout)

        writes = self.bucket_requests(bucket, mark, ("PUT", "POST", "DELETE"))
        self.assertEqual(writes, [], "a dry run sent write requests")
        self.assertEqual(b.snapshot(self.s3, bucket), before)
        self.assertEqual(b.all_versions(self.s3, bucket), versions, "a dry run wrote to the bucket")


class CommitTest(SyncTestCase):
    def test_commit_makes_bucket_equal_tree_with_content_types(self):
        files = web_tree()
        bucket = self.new_bucket()
        source = self.write_tree(files)
        payload = self.write_payload(bucket, TemplateName="WebTypes", KeyPrefix="site")

        summary = self.sync(payload, source, commit=True)
        self.assert_plan(summary, new=files, unchanged=0)
        self.assertEqual((summary["template"], summary["bucket"], summary["prefix"].rstrip("/")),
                         ("WebTypes", bucket, "site"))
        self.assertTrue(summary["committed"])
        self.assertIsNone(summary["error"])
        self.assertEqual(summary["bytes_uploaded"], sum(len(body) for body in files.values()))
        self.assertIsInstance(summary["duration_ms"], int)

        snap = b.snapshot(self.s3, bucket)
        self.assert_same_objects(b.contents(snap), trees.expected_objects(files, "site/"))
        for path, media_type in WEB_TYPES.items():
            state = snap["site/" + path]
            with self.subTest(path=path):
                kind, _, params = state.content_type.partition(";")
                self.assertEqual(kind.strip(), media_type, state.content_type)
                if params.strip():
                    self.assertEqual(params.strip().lower(), "charset=utf-8", state.content_type)
                self.assertEqual(state.metadata.get("repo2s3-md5"), md5(files[path]))
                self.assertEqual(state.etag, md5(files[path]))

    def test_second_run_plans_nothing(self):
        files = {"a.txt": b"a", "b/c.txt": b"c", "b/d e.txt": b"", "f.bin": os.urandom(70000)}
        bucket = self.new_bucket(versioned=True)
        source = self.write_tree(files)
        payload = self.write_payload(bucket, DeleteMissingFiles=True)
        self.sync(payload, source, commit=True)
        # The committed run's lease (.repo2s3/lease/lease.json) leaves versions of its own.
        def content_versions():
            return [v for v in b.all_versions(self.s3, bucket) if not v[1].startswith(".repo2s3/")]
        versions = content_versions()
        self.assert_nothing_to_do(payload, source, unchanged=len(files))
        self.assertEqual(content_versions(), versions, "a run with nothing to do wrote")

    def test_edits_additions_and_removals_are_detected_exactly(self):
        files = {"same size.txt": b"aaaa", "grows.txt": b"short", "keep.txt": b"keep",
                 "touched.txt": b"only the mtime changes", "gone.txt": b"gone",
                 "dir/gone too.txt": b"gone too", "dir/keep.txt": b"keep 2"}
        bucket = self.new_bucket()
        source = self.write_tree(files)
        payload = self.write_payload(bucket, KeyPrefix="edit/", DeleteMissingFiles=True)
        self.sync(payload, source, commit=True)

        changed = dict(files)
        changed["same size.txt"] = b"bbbb"  # same size: only the content hash can tell
        changed["grows.txt"] = b"much longer now"
        for path in ("gone.txt", "dir/gone too.txt"):
            del changed[path]
        additions = {"new.txt": b"new", "dir/new 2.txt": b"new 2", "deep/x/y/new+3.txt": b"3"}
        changed.update(additions)
        source = self.write_tree(changed)
        os.utime(source / "touched.txt", (2_000_000_000, 2_000_000_000))
        before = b.snapshot(self.s3, bucket)

        expected = dict(new=additions, modified=["grows.txt", "same size.txt"],
                        deleted=["dir/gone too.txt", "gone.txt"], unchanged=3)
        self.assert_plan(self.sync(payload, source), **expected)
        self.assertEqual(b.snapshot(self.s3, bucket), before)
        summary = self.sync(payload, source, commit=True)
        self.assert_plan(summary, **expected)
        self.assertEqual(summary["bytes_uploaded"],
                         sum(len(changed[p]) for p in list(additions) + expected["modified"]))
        self.assert_bucket_holds(bucket, changed, "edit/")
        self.assert_nothing_to_do(payload, source, unchanged=len(changed))

    def test_delete_missing_files_false_keeps_extras(self):
        bucket = self.new_bucket()
        extras = {"keep/old.txt": b"old", "keep/sub dir/older.txt": b"older"}
        b.put_objects(self.s3, bucket, extras)
        files = {"one.txt": b"1", "two.txt": b"2"}
        source = self.write_tree(files)
        payload = self.write_payload(bucket, KeyPrefix="keep", DeleteMissingFiles=False)
        summary = self.sync(payload, source, commit=True)
        self.assert_plan(summary, new=files)

        del files["two.txt"]
        source = self.write_tree(files)
        extras_before = {k: v for k, v in b.snapshot(self.s3, bucket).items()
                         if k != "keep/one.txt"}
        summary = self.sync(payload, source, commit=True)
        self.assert_plan(summary, unchanged=1)
        after = b.snapshot(self.s3, bucket)
        self.assertEqual({k: v for k, v in after.items() if k != "keep/one.txt"}, extras_before)
        self.assertEqual(set(after), {"keep/one.txt", "keep/two.txt"} | set(extras))
        self.assert_nothing_to_do(payload, source, unchanged=1)


class PrefixBoundaryTest(SyncTestCase):
    def test_objects_outside_key_prefix_survive(self):
        bucket = self.new_bucket(versioned=True)
        neighbours = {
            "site-other/x": b"neighbour", "site-other/index.html": b"neighbour index",
            "siteindex.html": b"no slash", "site": b"the prefix itself, as a key",
            "index.html": b"bucket root", "a/b.txt": b"root copy of a source path",
            "other/site/index.html": b"nested elsewhere", "SITE/index.html": b"upper case",
        }
        b.put_objects(self.s3, bucket, {**neighbours, "site/stale.txt": b"stale"})
        files = {"index.html": b"<html>", "a/b.txt": b"b", "x": b"x", "site-other/x": b"x2"}
        source = self.write_tree(files)
        payload = self.write_payload(bucket, KeyPrefix="site", DeleteMissingFiles=True)
        neighbours_before = b.outside(b.snapshot(self.s3, bucket), "site/")

        summary = self.sync(payload, source, commit=True)
        self.assert_plan(summary, new=files, deleted=["stale.txt"])
        self.assert_bucket_holds(bucket, files, "site/")

        for path in ("index.html", "a/b.txt", "site-other/x"):
            del files[path]
        source = self.write_tree(files)
        summary = self.sync(payload, source, commit=True)
        self.assert_plan(summary, deleted=["a/b.txt", "index.html", "site-other/x"], unchanged=1)
        self.assert_bucket_holds(bucket, files, "site/")
        self.assertEqual(b.outside(b.snapshot(self.s3, bucket), "site/"), neighbours_before)


class SafetyTest(SyncTestCase):
    INVALID = {
        # case: (payload overrides or verbatim text, patterns the one error line must match)
        "missing-required-key": (dict(BucketRegion=payloads.REMOVE), ["BucketRegion"]),
        "mistyped-required-key": (dict(Repository=["a", "b"]), ["Repository"]),
        "non-boolean": (dict(DeleteMissingFiles="sometimes"), ["DeleteMissingFiles"]),
        "unknown-region": (dict(BucketRegion="moon-east-1"), ["BucketRegion", "moon-east-1"]),
        "bad-regex": (dict(ExcludeRepoPaths=["^ok$", "(unclosed"]),
                      ["ExcludeRepoPaths", r"\(unclosed", r"\[1\]|index 1"]),
        "empty-file": ("", ["empty"]),
        "yaml-syntax-error": ("TemplateName: x\nTemplateDescription: [unclosed\n",
                              [r"line \d+", r"column \d+"]),
        "prefix-starts-with-slash": (dict(KeyPrefix="/site"), ["KeyPrefix"]),
    }

    def test_invalid_payload_exits_2_with_bucket_untouched(self):
        bucket = self.new_bucket(versioned=True)
        b.put_objects(self.s3, bucket, {"site/extra.txt": b"extra", "site/a.txt": b"old"})
        source = self.write_tree({"a.txt": b"new"})
        before, versions = b.snapshot(self.s3, bucket), b.all_versions(self.s3, bucket)
        for case, (content, patterns) in self.INVALID.items():
            with self.subTest(case=case):
                path = self.work / ("bad %s.yaml" % case)
                if isinstance(content, dict):
                    # Everything else would sync and delete, were the payload accepted.
                    payloads.write_payload(path, **{"BucketName": bucket, "KeyPrefix": "site",
                                                    "DeleteMissingFiles": True, **content})
                else:
                    payloads.write_payload_text(path, content)
                for args in (["run", "--payload", path, "--source-dir", source, "--commit",
                              "--output", "json"],
                             ["validate", "--payload", path]):
                    mark = self.strict.mark()
                    proc = cli.run_repo2s3(args, endpoint=self.strict.endpoint)
                    self.assertEqual(proc.returncode, 2, cli.describe(proc))
                    self.assertEqual(self.strict.records_since(mark), [],
                                     "an invalid payload led to S3 requests")
                    lines = [line for line in proc.stderr.splitlines() if line.strip()]
                    self.assertEqual(len(lines), 1, cli.describe(proc))
                    self.assertIn(str(path), lines[0])
                    problem = lines[0].replace(str(path), "")
                    for pattern in patterns:
                        self.assertRegex(problem, pattern)
                    self.assertEqual(proc.stdout.strip(), "", "nothing is printed on stdout")
        self.assertEqual(b.snapshot(self.s3, bucket), before)
        self.assertEqual(b.all_versions(self.s3, bucket), versions)

    def test_filter_excluding_everything_deletes_nothing_and_fails(self):
        bucket = self.new_bucket(versioned=True)
        b.put_objects(self.s3, bucket, {"p/a.txt": b"a", "p/b/c.txt": b"c", "p/extra": b"x"})
        source = self.write_tree({"a.txt": b"a", "b/c.txt": b"changed"})
        empty = self.work / "empty source"
        empty.mkdir()
        before, versions = b.snapshot(self.s3, bucket), b.all_versions(self.s3, bucket)
        cases = {
            "exclude-everything": (dict(ExcludeRepoPaths=[".*"]), source),
            "include-nothing": (dict(IncludeRepoPaths=["^no/such/folder/"]), source),
            "empty-source": ({}, empty),
        }
        for case, (overrides, directory) in cases.items():
            with self.subTest(case=case):
                payload = self.write_payload(bucket, name=case + ".yaml", KeyPrefix="p",
                                             DeleteMissingFiles=True, **overrides)
                summary = self.sync(payload, directory, commit=True, expect_exit="nonzero")
                self.assertNotEqual(self.last_proc.returncode, 2, "not a usage error")
                self.assertIsNotNone(summary["error"])
                self.assertRegex(summary["error"], r"(?i)no files|filter|empty")
                self.assertEqual(summary["deleted"], [])
                self.assertIn(summary["error"][:40], self.last_proc.stderr)
        self.assertEqual(b.snapshot(self.s3, bucket), before)
        self.assertEqual(b.all_versions(self.s3, bucket), versions)

    def test_unreachable_endpoint_fails_without_leaking_credentials(self):
        bucket = self.new_bucket()
        source = self.write_tree({"a.txt": b"a"})
        payload = self.write_payload(bucket)
        token = "IQoJb3JpZ2luX2VjEXAMPLEsessionTOKENvalue0123456789abcdef"
        summary = self.sync(payload, source, commit=True, expect_exit=1,
                            extra_args=["--log-level", "trace"],
                            env_extra={"AWS_ENDPOINT_URL_S3": "http://127.0.0.1:%d" % closed_port(),
                                       "AWS_SESSION_TOKEN": token})
        self.assertIsNotNone(summary["error"])
        cli.assert_no_secrets(self, [self.last_proc.stdout, self.last_proc.stderr],
                              [b.TEST_SECRET_ACCESS_KEY, token])

    def test_credentials_never_printed_at_trace_level(self):
        bucket = self.new_bucket()
        source = self.write_tree({"a.txt": b"a", "b c/d+e.txt": b"d"})
        payload = self.write_payload(bucket)
        token = "IQoJb3JpZ2luX2VjEXAMPLEsessionTOKENvalue9876543210fedcba"
        self.sync(payload, source, commit=True, extra_args=["--log-level", "trace"],
                  env_extra={"AWS_SESSION_TOKEN": token})
        cli.assert_no_secrets(self, [self.last_proc.stdout, self.last_proc.stderr],
                              [b.TEST_SECRET_ACCESS_KEY, token])


class MultipartTest(SyncTestCase):
    """Objects whose ETag is not their MD5 (uploaded as multipart by another tool)."""

    PATH = "big/blob.bin"

    def setUp(self):
        super().setUp()
        self.body = random.Random(7).randbytes(6 * b.MIB + 123)
        self.files = {self.PATH: self.body, "small.txt": b"small"}
        self.bucket = self.new_bucket()
        self.source = self.write_tree(self.files)
        self.payload = self.write_payload(self.bucket, KeyPrefix="mp", DeleteMissingFiles=True)
        b.put_object(self.s3, self.bucket, "mp/small.txt", b"small")

    def test_multipart_object_is_uploaded_at_most_once(self):
        etag = b.put_multipart(self.s3, self.bucket, "mp/" + self.PATH, self.body)
        self.assertTrue(etag.endswith("-2"))
        summary = self.sync(self.payload, self.source, commit=True)
        self.assertEqual(summary["new"], [])
        self.assertEqual(summary["deleted"], [])
        self.assertLessEqual(set(summary["modified"]), {self.PATH})
        state = b.snapshot(self.s3, self.bucket)["mp/" + self.PATH]
        self.assertEqual((state.md5, state.size), (md5(self.body), len(self.body)))
        self.assert_nothing_to_do(self.payload, self.source, unchanged=2)

    def test_multipart_object_with_recorded_md5_is_unchanged(self):
        etag = b.put_multipart(self.s3, self.bucket, "mp/" + self.PATH, self.body,
                               metadata={"repo2s3-md5": md5(self.body)})
        self.assert_nothing_to_do(self.payload, self.source, unchanged=2)
        self.assertEqual(b.snapshot(self.s3, self.bucket)["mp/" + self.PATH].etag, etag)

    def test_multipart_object_with_other_content_of_same_size_is_modified(self):
        other = bytes(len(self.body))
        b.put_multipart(self.s3, self.bucket, "mp/" + self.PATH, other,
                        metadata={"repo2s3-md5": md5(other)})
        summary = self.sync(self.payload, self.source, commit=True)
        self.assert_plan(summary, modified=[self.PATH], unchanged=1)
        state = b.snapshot(self.s3, self.bucket)["mp/" + self.PATH]
        self.assertEqual(state.md5, md5(self.body))
        self.assert_nothing_to_do(self.payload, self.source, unchanged=2)


class ZipSourceTest(SyncTestCase):
    FILES = {"index.html": b"<html>", "docs/guide.md": b"# guide", "a b/c+d (e).txt": b"odd",
             "ünï/🚀.txt": b"rocket", "empty": b"", "bin/x.bin": bytes(range(256)) * 4}

    def test_source_zip_strips_single_top_folder(self):
        bucket = self.new_bucket()
        archive = trees.write_zip(self.work / "site.zip", self.FILES,
                                  top_folder="octo-org-site-0123abc")
        payload = self.write_payload(bucket, KeyPrefix="z", DeleteMissingFiles=True,
                                     ExcludeRepoPaths=["^docs/"])
        expected = {p: body for p, body in self.FILES.items() if not p.startswith("docs/")}
        summary = self.sync(payload, source_zip=archive, commit=True)
        self.assert_plan(summary, new=expected)
        self.assert_bucket_holds(bucket, expected, "z/")
        self.assertEqual(b.synced_keys(self.s3, bucket), sorted("z/" + p for p in expected))
        self.assert_nothing_to_do(payload, source_zip=archive, unchanged=len(expected))

    def test_extract_zip_contents_false_syncs_the_zip_itself(self):
        bucket = self.new_bucket()
        archive = trees.write_zip(self.work / "download.zip", self.FILES,
                                  top_folder="octo-org-site-0123abc")
        payload = self.write_payload(bucket, Repository="site", KeyPrefix="archive",
                                     ExtractZipContents=False)
        summary = self.sync(payload, source_zip=archive, commit=True)
        self.assert_plan(summary, new=["site.zip"])
        snap = b.snapshot(self.s3, bucket)
        self.assertEqual(set(snap), {"archive/site.zip"})
        zip_body = archive.read_bytes()
        self.assertEqual((snap["archive/site.zip"].md5, snap["archive/site.zip"].size),
                         (md5(zip_body), len(zip_body)))
        self.assertEqual(snap["archive/site.zip"].content_type, "application/zip")
        self.assert_nothing_to_do(payload, source_zip=archive, unchanged=1)


class AwkwardKeysTest(SyncTestCase):
    def test_awkward_keys_round_trip(self):
        files = {name: name.encode() for name in trees.AWKWARD_NAMES}
        files.update({"%s/%s" % (d, n): (d + n).encode()
                      for d in trees.AWKWARD_DIRS for n in trees.AWKWARD_NAMES[::3]})
        bucket = self.new_bucket()
        prefix = "odd prefix + & = ü/"
        source = self.write_tree(files)
        payload = self.write_payload(bucket, KeyPrefix=prefix, DeleteMissingFiles=True)

        summary = self.sync(payload, source, commit=True)          # put
        self.assert_plan(summary, new=files)
        self.assertEqual(sorted(b.synced_keys(self.s3, bucket)), sorted(prefix + p for p in files))
        self.assert_bucket_holds(bucket, files, prefix)
        self.assert_nothing_to_do(payload, source, unchanged=len(files))  # list, compare

        removed = sorted(files)[::2]
        kept = {p: body for p, body in files.items() if p not in set(removed)}
        source = self.write_tree(kept)
        summary = self.sync(payload, source, commit=True)          # delete
        self.assert_plan(summary, deleted=removed, unchanged=len(kept))
        self.assert_bucket_holds(bucket, kept, prefix)
        self.assert_nothing_to_do(payload, source, unchanged=len(kept))


class SmokeTest(SyncTestCase):
    """A quick pass over the main path; also run against the sanitizer build."""

    def test_smoke_commit_edit_and_nothing_to_do(self):
        files = dict(list(trees.awkward_tree(0).items())[:40])
        files.update(web_tree())
        bucket = self.new_bucket()
        source = self.write_tree(files)
        payload = self.write_payload(bucket, KeyPrefix="smoke", DeleteMissingFiles=True)
        self.assert_plan(self.sync(payload, source), new=files)
        self.assertEqual(b.synced_keys(self.s3, bucket), [])
        self.assert_plan(self.sync(payload, source, commit=True), new=files)
        self.assert_bucket_holds(bucket, files, "smoke/")
        self.assert_nothing_to_do(payload, source, unchanged=len(files))

        first, second = sorted(files)[:2]
        files[first] = b"edited"
        del files[second]
        source = self.write_tree(files)
        summary = self.sync(payload, source, commit=True)
        self.assert_plan(summary, modified=[first], deleted=[second], unchanged=len(files) - 1)
        self.assert_bucket_holds(bucket, files, "smoke/")


if __name__ == "__main__":
    unittest.main()
