"""Static-site publishing: HeaderRules set each object's HTTP headers (and rewrite them in place,
by CopyObject onto the object itself, when only the rules change), and a committed run that
changed anything invalidates what it changed in a CloudFront distribution.

Against moto (S3 and CloudFront) behind the strict proxy, which checks every S3 and CloudFront
request as AWS would, emulates CloudFront's CallerReference idempotency and fails or loses
invalidations on demand (harness/strict_s3.py, harness/cloudfront.py). Local directories are
the source (`run --source-dir`); each class that invalidates has a moto distribution of its own.
"""

import hashlib
import re
import unittest
import urllib.parse

from harness import bucket as b
from harness import cli, cloudfront, payloads
from standins.slack_standin import SlackStandIn
from test_s3_sync import JSON_KEYS, SyncTestCase

REPORT_KEYS = JSON_KEYS  # with "headers_updated" and "invalidation"
INVALIDATION_KEYS = {"id", "paths", "caller_reference", "error", "retried"}
IMPORTANT = "\U0001F4E3"
SLACK_TOKEN = "xoxb-4242-repo2s3-TEST-static-site-token"
CHANNEL = "C0SITE"
ERROR_LINE = "repo2s3: error:"

# --- header rules ------------------------------------------------------------------------------

SITE = {
    "index.html": b"<!doctype html><title>home</title>\n",
    "about/index.html": b"<!doctype html><title>about</title>\n",
    "old.html": b"<!doctype html><title>moved</title>\n",
    "assets/app.js": b"console.log('app');\n",
    "assets/logo.png": b"\x89PNG\r\n\x1a\n" + bytes(range(64)),
    "assets/legacy.html": b"<!doctype html><title>legacy</title>\n",
    "wasm/engine.wasm.gz": b"\x1f\x8b\x08\x00" + bytes(40),
    "fr/page.html": b"<!doctype html><title>bonjour</title>\n",
    "docs/guide.pdf": b"%PDF-1.4\n" + bytes(50),
    "robots.txt": b"User-agent: *\n",
}

IMMUTABLE = "public, max-age=31536000, immutable"
RULES = [
    {"Match": r"\.html$", "CacheControl": "no-cache"},
    {"Match": r"^assets/", "CacheControl": IMMUTABLE, "Metadata": {"tier": "static"}},
    {"Match": r"^assets/legacy\.html$", "CacheControl": "max-age=60"},
    {"Match": r"\.wasm\.gz$", "ContentType": "application/wasm", "ContentEncoding": "gzip"},
    {"Match": r"^fr/", "ContentLanguage": "fr"},
    {"Match": r"\.pdf$", "ContentDisposition": 'attachment; filename="guide.pdf"'},
    {"Match": r"^old\.html$", "WebsiteRedirectLocation": "/about/"},
]

# What each object carries under RULES: (Cache-Control, Content-Type (before any "; charset"),
# Content-Encoding, Content-Language, Content-Disposition, redirect, user metadata).
H = dict(cc=None, ct=None, ce=None, cl=None, cd=None, redirect=None, meta={})
EXPECTED = {
    "index.html": dict(H, cc="no-cache", ct="text/html"),
    "about/index.html": dict(H, cc="no-cache", ct="text/html"),
    "old.html": dict(H, cc="no-cache", ct="text/html", redirect="/about/"),
    "assets/app.js": dict(H, cc=IMMUTABLE, ct="text/javascript", meta={"tier": "static"}),
    "assets/logo.png": dict(H, cc=IMMUTABLE, ct="image/png", meta={"tier": "static"}),
    # A later rule overrides an earlier one field by field: the Metadata of ^assets/ stays.
    "assets/legacy.html": dict(H, cc="max-age=60", ct="text/html", meta={"tier": "static"}),
    "wasm/engine.wasm.gz": dict(H, ct="application/wasm", ce="gzip"),
    "fr/page.html": dict(H, cc="no-cache", ct="text/html", cl="fr"),
    "docs/guide.pdf": dict(H, ct="application/pdf", cd='attachment; filename="guide.pdf"'),
    "robots.txt": dict(H, ct="text/plain"),
}

# The rules changed: ^assets/ caches for 10 minutes (assets/legacy.html keeps its own
# max-age=60, so its headers do not change), ^fr/ is gone, robots.txt gains a rule.
CHANGED_RULES = [
    {"Match": r"\.html$", "CacheControl": "no-cache"},
    {"Match": r"^assets/", "CacheControl": "public, max-age=600", "Metadata": {"tier": "static"}},
    {"Match": r"^assets/legacy\.html$", "CacheControl": "max-age=60"},
    {"Match": r"\.wasm\.gz$", "ContentType": "application/wasm", "ContentEncoding": "gzip"},
    {"Match": r"\.pdf$", "ContentDisposition": 'attachment; filename="guide.pdf"'},
    {"Match": r"^old\.html$", "WebsiteRedirectLocation": "/about/"},
    {"Match": r"^robots\.txt$", "CacheControl": "max-age=86400"},
]
CHANGED = dict(EXPECTED)
CHANGED.update({
    "assets/app.js": dict(EXPECTED["assets/app.js"], cc="public, max-age=600"),
    "assets/logo.png": dict(EXPECTED["assets/logo.png"], cc="public, max-age=600"),
    "fr/page.html": dict(EXPECTED["fr/page.html"], cl=None),
    "robots.txt": dict(EXPECTED["robots.txt"], cc="max-age=86400"),
})
HEADER_CHANGES = ["assets/app.js", "assets/logo.png", "fr/page.html", "robots.txt"]


def md5(body):
    return hashlib.md5(body).hexdigest()


class StaticSiteCase(SyncTestCase):
    """SyncTestCase with the report's new fields, CloudFront at the strict proxy, and a moto
    distribution per class when DISTRIBUTION is set."""

    DISTRIBUTION = False
    ORIGIN_PATH = "/site"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.distribution = None
        if cls.DISTRIBUTION:
            origin = b.create_bucket(cls.s3, cls.__name__)
            cls.distribution = cloudfront.create_distribution(cls.moto.endpoint, origin,
                                                              cls.ORIGIN_PATH)

    def setUp(self):
        super().setUp()
        self.addCleanup(self.strict.stop_invalidation_faults)

    def env(self, **extra):
        env = {"AWS_ENDPOINT_URL_CLOUDFRONT": self.strict.endpoint}
        env.update(extra)
        return env

    def site_payload(self, bucket, name="payload.yaml", **overrides):
        if self.distribution is not None:
            overrides.setdefault("CloudFrontDistributionId", self.distribution)
        return self.write_payload(bucket, name=name, **overrides)

    def run_site(self, payload, source, commit=True, expect_exit=0, extra_args=(), env=None):
        """`run --source-dir ... --output json`: checks the exit code, that no request broke
        S3's or CloudFront's rules, the report's keys; returns the report."""
        args = ["run", "--payload", payload, "--source-dir", source] + list(extra_args)
        if commit:
            args.append("--commit")
        mark = self.strict.mark()
        proc, summary = cli.run_json(args, env_extra=env if env is not None else self.env(),
                                     endpoint=self.strict.endpoint)
        self.last_proc = proc
        self.assertEqual(self.strict.violations_since(mark), [],
                         "requests real S3 or CloudFront would refuse")
        self.assertEqual(proc.returncode, expect_exit, cli.describe(proc))
        self.assertIsNotNone(summary, "stdout is not one JSON object:\n" + cli.describe(proc))
        self.assertEqual(set(summary), REPORT_KEYS, "JSON report keys")
        if summary["invalidation"] is not None:
            self.assertLessEqual(INVALIDATION_KEYS, set(summary["invalidation"]),
                                 "the invalidation's keys")
        cli.assert_no_secrets(self, [proc.stdout, proc.stderr], [b.TEST_SECRET_ACCESS_KEY])
        return summary

    # --- CloudFront ---------------------------------------------------------------------

    def in_moto(self):
        return cloudfront.invalidations(self.moto.endpoint, self.distribution)

    def invalidation_requests(self, mark):
        return self.strict.invalidation_requests(mark, self.distribution)

    def assert_no_invalidation(self, summary, mark, before, what):
        self.assertIsNone(summary["invalidation"], what + ": the report names an invalidation")
        self.assertEqual(self.strict.cloudfront_records(mark), [],
                         what + ": CloudFront requests were sent")
        self.assertEqual(self.in_moto(), before, what + ": an invalidation was made")

    def assert_one_invalidation(self, summary, before, paths):
        """The run made exactly one invalidation, of exactly `paths`, and reported it."""
        created = self.in_moto()[len(before):]
        report = summary["invalidation"]
        self.assertEqual(len(created), 1, "invalidations made: %r; reported: %r; made before: "
                                          "%r" % (created, report, before[-3:]))
        self.assertIsNotNone(report, "the report names no invalidation")
        if "distribution" in report:
            self.assertEqual(report["distribution"], self.distribution)
        self.assertEqual(sorted(created[0].paths), sorted(paths), "paths invalidated")
        self.assertEqual(len(set(created[0].paths)), len(created[0].paths), "a path twice")
        self.assertEqual(sorted(report["paths"]), sorted(paths), "paths reported")
        self.assertEqual((report["id"], report["caller_reference"], report["error"]),
                         (created[0].id, created[0].caller_reference, None))
        return created[0]


# --- 1, 2: headers -------------------------------------------------------------------------------


class HeaderRulesTest(StaticSiteCase):

    def head(self, bucket, key):
        return self.s3.head_object(Bucket=bucket, Key=key)

    def assert_headers(self, bucket, prefix, expected, files):
        for path, want in expected.items():
            with self.subTest(path=path):
                head = self.head(bucket, prefix + path)
                self.assertEqual(head.get("CacheControl"), want["cc"], "Cache-Control")
                self.assertEqual(head["ContentType"].split(";")[0].strip(), want["ct"],
                                 "Content-Type " + head["ContentType"])
                self.assertEqual(head.get("ContentEncoding"), want["ce"], "Content-Encoding")
                self.assertEqual(head.get("ContentLanguage"), want["cl"], "Content-Language")
                self.assertEqual(head.get("ContentDisposition"), want["cd"],
                                 "Content-Disposition")
                self.assertEqual(head.get("WebsiteRedirectLocation"), want["redirect"],
                                 "x-amz-website-redirect-location")
                metadata = dict(head["Metadata"])
                self.assertEqual(metadata.pop("repo2s3-md5", None), md5(files[path]))
                self.assertEqual(head["ETag"].strip('"'), md5(files[path]))
                digest = metadata.pop("repo2s3-headers", None)
                if any(want[f] for f in ("cc", "ce", "cl", "cd", "redirect", "meta")):
                    self.assertTrue(digest, "no x-amz-meta-repo2s3-headers")
                self.assertEqual(metadata, want["meta"], "user metadata")

    def test_uploads_carry_the_headers_the_rules_give(self):
        bucket = self.new_bucket()
        source = self.write_tree(SITE)
        payload = self.site_payload(bucket, KeyPrefix="site/", HeaderRules=RULES)
        mark = self.strict.mark()
        summary = self.run_site(payload, source)
        self.assert_plan(summary, new=SITE, unchanged=0)
        self.assertEqual(summary["headers_updated"], [])
        self.assertIsNone(summary["invalidation"], "no distribution, no invalidation")
        self.assert_headers(bucket, "site/", EXPECTED, SITE)
        puts = self.bucket_requests(bucket, mark, ("PUT",))
        self.assertEqual(sorted(r.path for r in puts), sorted("/%s/site/%s" % (bucket, p)
                                                              for p in SITE),
                         "one upload per file, with its headers: no copy afterwards")
        self.assertFalse(any("x-amz-copy-source" in r.headers for r in puts))
        self.assertEqual(self.strict.cloudfront_records(mark), [])

    def test_a_rule_change_rewrites_headers_in_place_without_uploading(self):
        bucket = self.new_bucket()
        source = self.write_tree(SITE)
        payload = self.site_payload(bucket, KeyPrefix="site/", HeaderRules=RULES)
        self.run_site(payload, source)
        versions = {k: v[0] for k, v in b.listing(self.s3, bucket).items()}
        changed = self.site_payload(bucket, name="changed.yaml", KeyPrefix="site/",
                                    HeaderRules=CHANGED_RULES)

        # The dry run's text report marks each path whose headers would change with '='.
        mark = self.strict.mark()
        text = cli.run_repo2s3(["run", "--payload", changed, "--source-dir", source],
                               env_extra=self.env(), endpoint=self.strict.endpoint)
        self.assertEqual(text.returncode, 0, cli.describe(text))
        marked = sorted(m.group(1) for m in re.finditer(r"(?m)^\s*=\s+(\S.*?)\s*$",
                                                        text.stdout))
        self.assertEqual(marked, HEADER_CHANGES, "'=' lines of the text report:\n"
                         + text.stdout)
        self.assertEqual(self.bucket_requests(bucket, mark, ("PUT", "POST", "DELETE")), [],
                         "a dry run wrote")

        mark = self.strict.mark()
        summary = self.run_site(changed, source)
        # A path is new, modified, deleted, headers_updated or unchanged: one of them.
        self.assert_plan(summary, unchanged=len(SITE) - len(HEADER_CHANGES))
        self.assertEqual(sorted(summary["headers_updated"]), HEADER_CHANGES)
        self.assertEqual(summary["bytes_uploaded"], 0)
        self.assertNotEqual((summary["state"] or {}).get("use"), "unchanged",
                            "a rule change was skipped as nothing to do")
        writes = self.bucket_requests(bucket, mark, ("PUT", "POST", "DELETE"))
        copies = [r for r in writes if r.method == "PUT" and "x-amz-copy-source" in r.headers]
        self.assertEqual([r for r in writes if r not in copies], [],
                         "requests other than copies: %r" % [(r.method, r.path, r.body_size)
                                                             for r in writes
                                                             if r not in copies])
        self.assertEqual(sorted(r.path for r in copies),
                         sorted("/%s/site/%s" % (bucket, p) for p in HEADER_CHANGES))
        for record in copies:
            with self.subTest(copy=record.path):
                source_path = record.headers["x-amz-copy-source"].split("?")[0]
                self.assertEqual("/" + urllib.parse.unquote(source_path).lstrip("/"),
                                 record.path, "a copy from another object")
                self.assertEqual(record.headers.get("x-amz-metadata-directive"), "REPLACE")
                self.assertEqual(record.body_size, 0)
        self.assert_headers(bucket, "site/", CHANGED, SITE)
        after = {k: v[0] for k, v in b.listing(self.s3, bucket).items()}
        self.assertEqual(after, versions, "the bytes (ETags) changed")

        # Applied: nothing more to do, and no copy.
        mark = self.strict.mark()
        summary = self.run_site(changed, source)
        self.assertEqual(summary["headers_updated"], [])
        self.assertEqual(self.bucket_requests(bucket, mark, ("PUT", "POST", "DELETE")), [])
        # Back to the first rules: the run state does not hide the change.
        summary = self.run_site(payload, source)
        self.assertEqual(sorted(summary["headers_updated"]), HEADER_CHANGES)
        self.assert_headers(bucket, "site/", EXPECTED, SITE)


# --- 3, 7: invalidated paths -------------------------------------------------------------------

PAGES = {
    "index.html": b"<h1>home</h1>",
    "docs/index.html": b"<h1>docs</h1>",
    "docs/a.html": b"<h1>a</h1>",
    "docs/with space.html": b"<h1>space</h1>",
    "caf\u00e9/men\u00fc.html": b"<h1>menu</h1>",
    'odd/<tag> "q".txt': b"angle brackets and quotes",
    "odd/a#b%c ~d[e]{f}^g`h|i.txt": b"every other character to encode",
    "odd/star*": b"a name ending in a star: not a wildcard",
    "odd/what?.txt": b"a question mark",
    "odd/plain-+=&$,;:@!'().txt": b"characters a path keeps",
    "assets/app.js": b"console.log(1)",
    "gone.html": b"<h1>gone soon</h1>",
    "stay.txt": b"stays as it is",
}
# KeyPrefix site/v1/ behind the origin path /site: each path is /v1/<path>, encoded.
PAGE_PATHS = [
    "/v1/index.html", "/v1/", "/v1",
    "/v1/docs/index.html", "/v1/docs/", "/v1/docs",
    "/v1/docs/a.html",
    "/v1/docs/with%20space.html",
    "/v1/caf%C3%A9/men%C3%BC.html",
    "/v1/odd/%3Ctag%3E%20%22q%22.txt",
    "/v1/odd/a%23b%25c%20%7Ed%5Be%5D%7Bf%7D%5Eg%60h%7Ci.txt",
    "/v1/odd/star%2A",
    "/v1/odd/what%3F.txt",
    "/v1/odd/plain-+=&$,;:@!'().txt",
    "/v1/assets/app.js",
    "/v1/gone.html",
    "/v1/stay.txt",
]


class InvalidationPathsTest(StaticSiteCase):
    DISTRIBUTION = True
    ORIGIN_PATH = "/site"

    def payload_for(self, bucket, name="payload.yaml", max_age=1):
        return self.site_payload(
            bucket, name=name, KeyPrefix="site/v1/", CloudFrontOriginPath="/site",
            DeleteMissingFiles=True,
            HeaderRules=[{"Match": "^assets/", "CacheControl": "max-age=%d" % max_age}])

    def test_an_invalidation_holds_exactly_what_changed(self):
        bucket = self.new_bucket()
        files = dict(PAGES)
        source = self.write_tree(files)
        payload = self.payload_for(bucket)
        before, mark = self.in_moto(), self.strict.mark()
        summary = self.run_site(payload, source)
        self.assert_plan(summary, new=files)
        self.assert_one_invalidation(summary, before, PAGE_PATHS)
        self.assertFalse(summary["invalidation"]["retried"])
        self.assertEqual(len(self.invalidation_requests(mark)), 1)

        # Modified (an index page among them), deleted, new, and headers changed by a rule.
        files["docs/a.html"] = b"<h1>a, edited</h1>"
        files["docs/index.html"] = b"<h1>docs, edited</h1>"
        del files["gone.html"]
        del files["caf\u00e9/men\u00fc.html"]
        files["new page.html"] = b"<h1>new</h1>"
        source = self.write_tree(files)
        changed = self.payload_for(bucket, name="changed.yaml", max_age=2)
        before, mark = self.in_moto(), self.strict.mark()
        summary = self.run_site(changed, source)
        self.assert_plan(summary, new=["new page.html"],
                         modified=["docs/a.html", "docs/index.html"],
                         deleted=["gone.html", "caf\u00e9/men\u00fc.html"])
        self.assertEqual(summary["headers_updated"], ["assets/app.js"])
        self.assert_one_invalidation(summary, before, [
            "/v1/docs/a.html", "/v1/docs/index.html", "/v1/docs/", "/v1/docs",
            "/v1/gone.html", "/v1/caf%C3%A9/men%C3%BC.html", "/v1/new%20page.html",
            "/v1/assets/app.js"])
        # One invalidation request, after every upload, copy and delete of the sync.
        records = self.strict.records_since(mark)
        asked = [i for i, r in enumerate(records) if r.service == "cloudfront"]
        self.assertEqual(len(asked), 1, "CloudFront requests: %r" % [records[i] for i in asked])
        content = "/%s/site/" % bucket
        writes = [i for i, r in enumerate(records) if r.path.startswith(content)
                  and (r.method in ("PUT", "DELETE") or "delete" in r.query)]
        self.assertTrue(writes)
        self.assertGreater(asked[0], max(writes), "the invalidation went out before the sync "
                                                  "was done")

    def test_nothing_changed_or_a_dry_run_invalidates_nothing(self):
        bucket = self.new_bucket()
        files = {"index.html": b"<h1>home</h1>", "a.txt": b"a"}
        source = self.write_tree(files)
        payload = self.payload_for(bucket)
        self.run_site(payload, source)
        for label, args in (("an unchanged run", []), ("a run without state", ["--no-state"])):
            with self.subTest(label):
                before, mark = self.in_moto(), self.strict.mark()
                summary = self.run_site(payload, source, extra_args=args)
                self.assert_plan(summary, unchanged=len(files))
                self.assert_no_invalidation(summary, mark, before, label)

        files["a.txt"] = b"a, edited"
        source = self.write_tree(files)
        before, mark = self.in_moto(), self.strict.mark()
        summary = self.run_site(payload, source, commit=False)
        self.assert_plan(summary, modified=["a.txt"])
        self.assertEqual(self.strict.cloudfront_records(mark), [], "a dry run asked CloudFront")
        self.assertEqual(self.in_moto(), before, "a dry run invalidated")
        if summary["invalidation"] is not None:
            self.assertIsNone(summary["invalidation"]["id"])
        # The same change, committed, is invalidated.
        summary = self.run_site(payload, source)
        self.assert_one_invalidation(summary, before, ["/v1/a.txt"])

    def test_the_same_paths_changed_again_are_invalidated_again(self):
        # Each change must reach the viewers: a CallerReference that only a commit (null for a
        # directory) and the paths made would let CloudFront answer the second batch with the
        # first one's invalidation, and invalidate nothing.
        bucket = self.new_bucket()
        files = {"a.txt": b"one", "b.txt": b"b"}
        source = self.write_tree(files)
        payload = self.payload_for(bucket)
        self.run_site(payload, source)
        made = []
        for body in (b"two", b"three"):
            files["a.txt"] = body
            source = self.write_tree(files)
            before = self.in_moto()
            summary = self.run_site(payload, source)
            made.append(self.assert_one_invalidation(summary, before, ["/v1/a.txt"]))
        self.assertNotEqual(made[0].id, made[1].id)
        # Repaired behind its back (same bytes as the last run's): invalidated again too.
        b.put_object(self.s3, bucket, "site/v1/a.txt", b"vandalised")
        before = self.in_moto()
        summary = self.run_site(payload, source)
        self.assert_plan(summary, modified=["a.txt"])
        self.assert_one_invalidation(summary, before, ["/v1/a.txt"])


# --- 4: the wildcard ------------------------------------------------------------------------------


class InvalidationWildcardTest(StaticSiteCase):
    DISTRIBUTION = True
    ORIGIN_PATH = "/site"
    FILES = {"a.txt": b"a", "b.txt": b"b", "c.txt": b"c", "d/e.txt": b"e", "f.txt": b"f"}

    def test_more_paths_than_the_threshold_become_one_wildcard(self):
        bucket = self.new_bucket()
        files = dict(self.FILES)
        source = self.write_tree(files)
        payload = self.site_payload(bucket, KeyPrefix="site/", CloudFrontOriginPath="/site",
                                    InvalidationWildcardThreshold=3)
        before = self.in_moto()
        self.assert_one_invalidation(self.run_site(payload, source), before, ["/*"])

        # At the threshold: listed. Top-level index.html is also "/".
        files["a.txt"] = b"a2"
        files["index.html"] = b"<h1>home</h1>"
        source = self.write_tree(files)
        before = self.in_moto()
        self.assert_one_invalidation(self.run_site(payload, source), before,
                                     ["/a.txt", "/index.html", "/"])

        for path in ("a.txt", "b.txt", "c.txt", "d/e.txt"):
            files[path] += b" again"
        source = self.write_tree(files)
        before = self.in_moto()
        self.assert_one_invalidation(self.run_site(payload, source), before, ["/*"])

    def test_the_wildcard_covers_only_the_prefix(self):
        cases = {
            # KeyPrefix, CloudFrontOriginPath (None: none), the wildcard
            "no origin path": ("site/", None, "/site/*"),
            "origin path a parent of the prefix": ("site/v2/", "/site", "/v2/*"),
        }
        source = self.write_tree(self.FILES)
        for case, (prefix, origin, wildcard) in cases.items():
            with self.subTest(case):
                bucket = self.new_bucket()
                overrides = dict(KeyPrefix=prefix, InvalidationWildcardThreshold=3)
                if origin is not None:
                    overrides["CloudFrontOriginPath"] = origin
                payload = self.site_payload(bucket, name=case + ".yaml", **overrides)
                before = self.in_moto()
                self.assert_one_invalidation(self.run_site(payload, source), before, [wildcard])


# --- 5: a retried request ------------------------------------------------------------------------


class InvalidationRetryTest(StaticSiteCase):
    DISTRIBUTION = True
    ORIGIN_PATH = ""

    def test_a_lost_answer_is_retried_without_a_second_invalidation(self):
        for reset in (False, True):
            with self.subTest(connection_reset=reset):
                bucket = self.new_bucket()
                source = self.write_tree({"a.html": b"a", "b.html": b"b"})
                payload = self.site_payload(bucket, KeyPrefix="www/")
                before, mark = self.in_moto(), self.strict.mark()
                self.strict.lose_invalidation_answers(1, reset=reset)
                summary = self.run_site(payload, source)
                made = self.assert_one_invalidation(summary, before,
                                                    ["/www/a.html", "/www/b.html"])
                requests = self.invalidation_requests(mark)
                self.assertGreaterEqual(len(requests), 2, "the lost answer was not retried")
                self.assertEqual((requests[0].fault, requests[0].forwarded),
                                 ("answer_lost", True))
                self.assertEqual({r.invalidation[1] for r in requests}, {made.caller_reference},
                                 "a retry with another CallerReference")
                self.assertEqual((requests[-1].status, requests[-1].forwarded), (201, False),
                                 "the last attempt was not answered from CloudFront's memory")
                self.assertIsNone(summary["error"])


# --- 6: a failed invalidation ---------------------------------------------------------------------


class InvalidationFailureTest(StaticSiteCase):
    DISTRIBUTION = True
    ORIGIN_PATH = ""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.slack = SlackStandIn(SLACK_TOKEN, channels=[CHANNEL]).start()

    @classmethod
    def tearDownClass(cls):
        cls.slack.stop()
        super().tearDownClass()

    def setUp(self):
        super().setUp()
        self.slack.reset()

    def tearDown(self):
        self.assertEqual(self.slack.internal_errors, [], "the Slack stand-in failed")
        self.assertEqual(self.slack.violations, [], "repo2s3 sent Slack something invalid")

    def env(self, **extra):
        return super().env(SLACK_API_URL=self.slack.api_url, SLACK_TOKEN=SLACK_TOKEN,
                           REPO2S3_ALERT_CHANNEL=CHANNEL, REPO2S3_ALERT_PRIORITY="IMPORTANT",
                           **extra)

    def error_line(self):
        lines = [line for line in self.last_proc.stderr.splitlines()
                 if line.startswith(ERROR_LINE)]
        self.assertEqual(len(lines), 1, "want one error line:\n" + cli.describe(self.last_proc))
        return lines[0]

    def test_a_failed_invalidation_is_sent_again_by_the_next_run_once(self):
        bucket = self.new_bucket()
        files = {"index.html": b"<h1>home</h1>", "a.txt": b"a"}
        source = self.write_tree(files)
        payload = self.site_payload(bucket, KeyPrefix="www/")
        paths = ["/www/index.html", "/www/", "/www", "/www/a.txt"]
        self.strict.fail_every_invalidation()
        before, mark = self.in_moto(), self.strict.mark()
        summary = self.run_site(payload, source, expect_exit=1)
        self.assert_plan(summary, new=files)
        self.assert_bucket_holds(bucket, files, "www/")
        report = summary["invalidation"]
        self.assertIsNotNone(report)
        self.assertTrue(report["error"], "invalidation.error is not set")
        self.assertIsNone(report["id"])
        self.assertEqual(sorted(report["paths"]), sorted(paths))
        self.assertEqual(self.in_moto(), before)
        self.assertTrue(self.invalidation_requests(mark), "CloudFront was never asked")
        self.assertRegex(self.error_line(), "(?i)invalidat")
        self.assertEqual(len(self.slack.messages), 1, [m["text"] for m in self.slack.messages])
        message = self.slack.messages[0]
        self.assertTrue(message["text"].startswith(IMPORTANT), message["text"])
        self.assertRegex("\n".join([message["text"]] + [block["text"]["text"]
                                                         for block in message["blocks"]]),
                         "(?i)invalidat")
        self.strict.stop_invalidation_faults()

        # The next run has nothing to sync, sends the kept paths, and they land.
        summary = self.run_site(payload, source)
        self.assert_plan(summary, unchanged=len(files))
        self.assertTrue(summary["invalidation"]["retried"])
        self.assert_one_invalidation(summary, before, paths)
        # Sent once: the run after that sends nothing.
        before, mark = self.in_moto(), self.strict.mark()
        summary = self.run_site(payload, source)
        self.assert_no_invalidation(summary, mark, before, "the run after the retry")

    def test_an_invalidation_made_but_never_confirmed_is_not_made_twice(self):
        # Every answer is lost: CloudFront made the invalidation, the run cannot know it. The
        # next run sends the same batch with the same CallerReference: one invalidation.
        bucket = self.new_bucket()
        source = self.write_tree({"a.txt": b"a"})
        payload = self.site_payload(bucket, KeyPrefix="www/")
        before = self.in_moto()
        self.strict.lose_invalidation_answers(1000)
        summary = self.run_site(payload, source, expect_exit=1)
        self.assertTrue(summary["invalidation"]["error"])
        made = self.in_moto()[len(before):]
        self.assertEqual([i.paths for i in made], [["/www/a.txt"]])
        self.strict.stop_invalidation_faults()
        summary = self.run_site(payload, source)
        self.assertTrue(summary["invalidation"]["retried"])
        self.assertEqual(self.assert_one_invalidation(summary, before, ["/www/a.txt"]), made[0])

    def test_an_unknown_distribution_fails_the_run_but_not_the_sync(self):
        bucket = self.new_bucket()
        files = {"a.txt": b"a"}
        source = self.write_tree(files)
        payload = self.site_payload(bucket, KeyPrefix="www/",
                                    CloudFrontDistributionId="E0NOSUCHDIST00")
        summary = self.run_site(payload, source, expect_exit=1)
        self.assert_bucket_holds(bucket, files, "www/")
        self.assertTrue(summary["invalidation"]["error"])
        self.assertRegex(summary["invalidation"]["error"], "(?i)NoSuchDistribution|not exist")
        self.assertIsNone(summary["invalidation"]["id"])


# --- 8: rules refused -----------------------------------------------------------------------------


class BadRulesTest(StaticSiteCase):
    GOOD_RULE = {"Match": r"\.html$", "CacheControl": "no-cache"}
    INVALID = {
        # case: (payload overrides, patterns the one error line must match)
        "invalid regex": (dict(HeaderRules=[GOOD_RULE, {"Match": "(unclosed",
                                                        "CacheControl": "no-cache"}]),
                          ["HeaderRules", r"\[1\]|index 1|rule #?2"]),
        "unknown field": (dict(HeaderRules=[{"Match": "x", "CacheControll": "no-cache"}]),
                          ["CacheControll"]),
        "newline in a value": (dict(HeaderRules=[{"Match": "x",
                                                  "CacheControl": "no-cache\nX-Injected: 1"}]),
                               ["CacheControl"]),
        "non-ASCII value": (dict(HeaderRules=[{"Match": "x", "ContentDisposition":
                                               'attachment; filename="r\u00e9sum\u00e9.pdf"'}]),
                            ["ContentDisposition"]),
        "non-ASCII metadata value": (dict(HeaderRules=[{"Match": "x",
                                                        "Metadata": {"owner": "Zo\u00eb"}}]),
                                     ["(?i)metadata|owner"]),
        "metadata name with a space": (dict(HeaderRules=[{"Match": "x",
                                                          "Metadata": {"bad name": "v"}}]),
                                       ["(?i)metadata|bad name"]),
        "metadata name with a colon": (dict(HeaderRules=[{"Match": "x",
                                                          "Metadata": {"a:b": "v"}}]),
                                       ["(?i)metadata|a:b"]),
        "metadata over 2 KB": (dict(HeaderRules=[{"Match": "x",
                                                  "Metadata": {"big": "v" * 2100}}]),
                               ["(?i)metadata"]),
        # S3 keeps 2 KB of metadata in all, repo2s3's own x-amz-meta-repo2s3-* included.
        "metadata that leaves no room for repo2s3's own": (
            dict(HeaderRules=[{"Match": "x", "Metadata": {"m": "v" * 2039}}]), ["(?i)metadata"]),
        "origin path outside the prefix": (dict(CloudFrontOriginPath="/other",
                                                CloudFrontDistributionId="E2EXAMPLE00000"),
                                           ["CloudFrontOriginPath"]),
        "origin path not a folder of the prefix": (dict(CloudFrontOriginPath="/sit",
                                                        CloudFrontDistributionId="E2EXAMPLE00000"),
                                                   ["CloudFrontOriginPath"]),
        "origin path without its slash": (dict(CloudFrontOriginPath="site",
                                               CloudFrontDistributionId="E2EXAMPLE00000"),
                                          ["CloudFrontOriginPath"]),
    }

    def test_bad_rules_exit_2_before_any_request(self):
        bucket = self.new_bucket(versioned=True)
        b.put_objects(self.s3, bucket, {"site/extra.txt": b"extra", "site/a.html": b"old"})
        source = self.write_tree({"a.html": b"new", "x": b"x"})
        before, versions = b.snapshot(self.s3, bucket), b.all_versions(self.s3, bucket)
        for case, (overrides, patterns) in self.INVALID.items():
            with self.subTest(case=case):
                path = self.work / ("bad %s.yaml" % case.replace(":", ""))
                payloads.write_payload(path, **{"BucketName": bucket, "KeyPrefix": "site/",
                                                "DeleteMissingFiles": True,
                                                "HeaderRules": [self.GOOD_RULE], **overrides})
                for args in (["run", "--payload", path, "--source-dir", source, "--commit",
                              "--output", "json"],
                             ["validate", "--payload", path]):
                    mark = self.strict.mark()
                    proc = cli.run_repo2s3(args, env_extra=self.env(),
                                           endpoint=self.strict.endpoint)
                    self.assertEqual(proc.returncode, 2, cli.describe(proc))
                    self.assertEqual(self.strict.records_since(mark), [],
                                     "a refused template led to requests")
                    lines = [line for line in proc.stderr.splitlines() if line.strip()]
                    self.assertEqual(len(lines), 1, cli.describe(proc))
                    self.assertIn(str(path), lines[0])
                    problem = lines[0].replace(str(path), "")
                    for pattern in patterns:
                        self.assertRegex(problem, pattern)
                    self.assertEqual(proc.stdout.strip(), "", "nothing is printed on stdout")
        self.assertEqual(b.snapshot(self.s3, bucket), before)
        self.assertEqual(b.all_versions(self.s3, bucket), versions)

    def test_good_rules_validate(self):
        # The same template with good rules is accepted, so each refusal above is the rule's.
        bucket = self.new_bucket()
        path = payloads.write_payload(
            self.work / "good.yaml", BucketName=bucket, KeyPrefix="site/v1/",
            HeaderRules=RULES + [{"Match": "x", "Metadata": {"owner": "web-team",
                                                             "n": "v" * 1500}}],
            CloudFrontDistributionId="E2EXAMPLE00000", CloudFrontOriginPath="/site",
            InvalidationWildcardThreshold=10)
        proc = cli.run_repo2s3(["validate", "--payload", path], env_extra=self.env())
        self.assertEqual(proc.returncode, 0, cli.describe(proc))
        self.assertNotIn("ignoring", proc.stderr, "a key of the feature is not read")
        for key in ("HeaderRules", "CloudFrontDistributionId", "CloudFrontOriginPath",
                    "InvalidationWildcardThreshold", "max-age=60"):
            self.assertIn(key, proc.stdout, "validate does not print " + key)


if __name__ == "__main__":
    unittest.main()
