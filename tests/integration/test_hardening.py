"""The hardening end to end: near-miss template keys, the mass-delete guard, GitHub failures
with hostile bytes, branches rather than tags, consent for a template's GitHubApiUrl, private
save files, lying archives, exact delete records after a failed batch, temporary directories
that never outlive a run, and retries within a run's time budget.

Each class shares the suite's moto and strict proxy and a GitHub and a Slack stand-in of its
own; every output, report and Slack message is checked for secrets (GitHubSyncTestCase and
HardeningTestCase.tearDown).
"""

import binascii
import os
import pathlib
import signal
import stat
import struct
import subprocess
import tempfile
import time
import zipfile

import yaml

from harness import bucket as b
from harness import cli, payloads, trees
from harness.server import closed_port
from standins.slack_standin import SlackStandIn
from test_alerts import listed_paths, message_text
from test_github_sync import (ERROR_LINE, OWNER, PREFIX, REPO, GitHubSyncTestCase,
                              expected_files)

SLACK_TOKEN = "xoxb-4242-repo2s3-HARDENING-slack-token-do-not-leak"
CHANNEL = "C0HARDEN"
PROBLEM = "\U0001F6A8"
TEMPLATE = payloads.BASE_PAYLOAD["TemplateName"]


def guard_sentence(deletions, listed, target, percent, max_percent=50, committed=True):
    """The mass-delete guard's sentence, as the report, the error line and the alert say it."""
    return ("mass-delete guard: the plan deletes {:,} of the {:,} objects under {} ({}), more "
            "than MaxDeletePercent ({}%); {}. If that is intended, run again with "
            "--max-delete-percent 100 or set MaxDeletePercent: 100 in the template").format(
                deletions, listed, target, percent, max_percent,
                "nothing was deleted" if committed else "a committed run would delete nothing")


def pages(count, start=0, tag=b"page"):
    """{"page-NNNN.html": bytes} for `count` pages."""
    return {"page-%04d.html" % i: b"%s %d\n" % (tag, i) for i in range(start, start + count)}


class HardeningTestCase(GitHubSyncTestCase):
    """GitHubSyncTestCase plus a Slack stand-in per class, and checks that nothing repo2s3
    printed or posted holds a secret."""

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
        self.sources = 0

    def tearDown(self):
        self.assertEqual(self.slack.internal_errors, [], "the Slack stand-in failed")
        self.assertEqual(self.slack.violations, [], "repo2s3 sent Slack something invalid")
        texts = [text for _, out, err in self.outputs for text in (out, err)]
        texts += [raw for _, _, raw in self.slack.requests]
        for text in texts:
            for secret in (SLACK_TOKEN, b.TEST_SECRET_ACCESS_KEY):
                self.assertNotIn(secret, text, "a secret in an output or a message")
        for _, _, raw in self.slack.requests:
            for piece in self.key.secret_pieces():
                self.assertNotIn(piece, raw, "private key material in a Slack message")
        super().tearDown()

    # --- running ----------------------------------------------------------------------------

    def alert_env(self, **extra):
        """github_env() with PROBLEM alerts to the Slack stand-in."""
        return self.github_env(SLACK_API_URL=self.slack.api_url, SLACK_TOKEN=SLACK_TOKEN,
                               REPO2S3_ALERT_CHANNEL=CHANNEL, REPO2S3_ALERT_PRIORITY="PROBLEM",
                               **extra)

    def source(self, files):
        """A new directory holding {path: bytes}, for --source-dir."""
        self.sources += 1
        return trees.write_tree(self.work / ("source-%d" % self.sources), files)

    # --- assertions -------------------------------------------------------------------------

    @staticmethod
    def error_lines(proc):
        return [line for line in proc.stderr.splitlines() if line.startswith(ERROR_LINE)]

    def assert_error_line(self, proc, exit_code, *phrases):
        """`exit_code` and exactly one error line, holding every phrase; returns it."""
        self.assertEqual(proc.returncode, exit_code, cli.describe(proc))
        lines = self.error_lines(proc)
        self.assertEqual(len(lines), 1, "want one error line:\n" + cli.describe(proc))
        for phrase in phrases:
            self.assertIn(phrase, lines[0])
        return lines[0]

    def assert_nothing_contacted(self, mark, what=""):
        """No request reached S3 (through the strict proxy) or GitHub since `mark`."""
        self.assertEqual(self.strict.records_since(mark), [], "S3 was contacted " + what)
        self.assertEqual(self.github.requests, [], "GitHub was contacted " + what)

    def problem_message(self):
        """The one message Slack got, a PROBLEM; its text, unescaped."""
        self.assertEqual(len(self.slack.messages), 1,
                         [m["text"] for m in self.slack.messages])
        message = self.slack.messages[0]
        self.assertTrue(message["text"].startswith(PROBLEM), message["text"])
        return message


class TemplateKeys(HardeningTestCase):
    """A near miss of a known key is an error before anything is contacted; a key nothing
    like ours (another Starfleet worker's) is accepted with one warning."""

    # (the typo, the key it misses, its value): each would widen the sync if it were ignored.
    NEAR_MISSES = (("Keyprefix", "KeyPrefix", "site/"),
                   ("deleteMissingFiles", "DeleteMissingFiles", True),
                   ("ExcludeRepoPath", "ExcludeRepoPaths", [r"\.md$"]),
                   ("KeyPrefx", "KeyPrefix", "site/"))

    def test_a_near_miss_key_is_exit_2_with_one_line_and_nothing_is_contacted(self):
        b.put_objects(self.s3, self.bucket, {"index.html": b"root", "site/page.html": b"site",
                                             "other/keep.txt": b"other", "www/a.txt": b"www"})
        before = b.snapshot(self.s3, self.bucket)
        for typo, meant, value in self.NEAR_MISSES:
            with self.subTest(typo=typo):
                self.github.reset()
                fields = {"KeyPrefix": payloads.REMOVE, "DeleteMissingFiles": True, typo: value}
                if meant == "DeleteMissingFiles":
                    fields.update(KeyPrefix="site/", DeleteMissingFiles=payloads.REMOVE)
                if meant == "ExcludeRepoPaths":
                    fields.update(KeyPrefix="site/", ExcludeRepoPaths=payloads.REMOVE)
                payload = self.payload(name="%s.yaml" % typo, **fields)
                expected = 'repo2s3: error: %s: unknown key "%s"; did you mean "%s"?' % (
                    payload, typo, meant)
                mark = self.strict.mark()
                proc = self.repo2s3(["run", "--payload", payload, "--commit"])
                self.assertEqual(proc.returncode, 2, cli.describe(proc))
                self.assertEqual(proc.stderr.splitlines(), [expected], cli.describe(proc))
                self.assertEqual(proc.stdout, "")
                proc = self.repo2s3(["validate", "--payload", payload])
                self.assertEqual(proc.returncode, 2, cli.describe(proc))
                self.assertEqual(proc.stderr.splitlines(), [expected], cli.describe(proc))
                self.assert_nothing_contacted(mark, "for a template with %s" % typo)
                self.assertEqual(b.snapshot(self.s3, self.bucket), before, "the bucket changed")

    def test_keys_of_other_workers_are_ignored_with_one_warning(self):
        payload = self.payload(StarbaseNote="synced by repo2s3",
                               IncludeAccounts={"AllAccounts": True}, KeyPrefix="site/")
        warning = ('repo2s3: warning: %s: ignoring key(s) repo2s3 does not read: '
                   '"StarbaseNote", "IncludeAccounts"' % payload)
        proc, summary = self.run_with_report(payload, commit=True)
        self.assertEqual(summary["commit"], self.sha)
        self.assertEqual([line for line in proc.stderr.splitlines()
                          if line.startswith("repo2s3: warning:")], [warning])
        self.assertEqual(proc.stderr.count("StarbaseNote"), 1, cli.describe(proc))
        self.assert_bucket_equals(expected_files(self.repo), prefix="site/")

        proc = self.repo2s3(["validate", "--payload", payload])
        self.assertEqual(proc.returncode, 0, cli.describe(proc))
        self.assertEqual(proc.stderr.splitlines(), [warning])
        self.assertIn("MaxDeletePercent: 50", proc.stdout.splitlines())
        self.assertEqual(yaml.safe_load(proc.stdout)["KeyPrefix"], "site/")


class MassDeleteGuard(HardeningTestCase):
    """A committed plan that deletes more than MaxDeletePercent of the objects under the prefix
    (and more than 10) uploads, deletes nothing and fails; a dry run says so and succeeds."""

    BIG_PREFIX = "big/"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # 2,000 objects, and a source holding 999 of them unchanged: a plan deleting 1,001 of
        # 2,000 (50.05 %, shown rounded up as 50.1 %). Neither run here changes the bucket.
        cls.big_bucket = b.create_bucket(cls.s3, "guard-big")
        cls.big_files = pages(2000)
        b.put_objects(cls.s3, cls.big_bucket,
                      {cls.BIG_PREFIX + path: body for path, body in cls.big_files.items()})
        cls.big_dir = tempfile.TemporaryDirectory(prefix="repo2s3-guard-")
        kept = dict(sorted(cls.big_files.items())[:999])
        cls.big_source = trees.write_tree(cls.big_dir.name, kept)

    @classmethod
    def tearDownClass(cls):
        cls.big_dir.cleanup()
        super().tearDownClass()

    def seed(self, prefix, count):
        """`count` pages under `prefix` in the test's bucket, and neighbours outside it."""
        files = pages(count)
        b.put_objects(self.s3, self.bucket, {prefix + path: body for path, body in files.items()})
        b.put_objects(self.s3, self.bucket, {"root.txt": b"root", "www-other/keep.txt": b"n"})
        return files

    def eighty_percent(self):
        """20 pages under www/, and a source keeping 4 (one modified) and adding 2: the plan
        deletes 16 of 20."""
        files = self.seed(PREFIX, 20)
        kept = dict(sorted(files.items())[:4])
        kept["page-0003.html"] = b"modified\n"
        kept.update({"new-a.html": b"a\n", "new-b.html": b"b\n"})
        return files, kept, self.source(kept)

    def test_a_committed_run_over_the_limit_uploads_deletes_nothing_and_fails(self):
        files, kept, source = self.eighty_percent()
        payload = self.payload()
        proc, summary = self.run_with_report(payload, commit=True, env=self.alert_env(),
                                             extra_args=["--source-dir", source], expect_exit=1)
        sentence = guard_sentence(16, 20, "s3://%s/%s" % (self.bucket, PREFIX), "80%")
        self.assertEqual(self.error_lines(proc), [ERROR_LINE + " %s: %s" % (TEMPLATE, sentence)])
        self.assertEqual(summary["delete_guard"], {"deletions": 16, "listed": 20,
                                                   "max_percent": 50, "withheld": True})
        self.assertEqual(summary["error"], sentence)
        self.assertEqual(sorted(summary["new"]), ["new-a.html", "new-b.html"])
        self.assertEqual(summary["modified"], ["page-0003.html"])
        self.assertEqual(summary["deleted"], [])
        self.assertTrue(summary["alert_sent"])
        # The uploads happened; every object stayed.
        expected = dict(files, **kept)
        self.assertEqual(self.bucket_objects(PREFIX), trees.expected_objects(expected, PREFIX))
        self.assertEqual(sorted(b.synced_keys(self.s3, self.bucket)),
                         sorted([PREFIX + p for p in expected] + ["root.txt", "www-other/keep.txt"]))
        self.assertIn(sentence, message_text(self.problem_message()))

    def test_a_dry_run_says_what_a_committed_run_would_withhold_and_succeeds(self):
        _, _, source = self.eighty_percent()
        before = b.snapshot(self.s3, self.bucket)
        payload = self.payload()
        sentence = guard_sentence(16, 20, "s3://%s/%s" % (self.bucket, PREFIX), "80%",
                                  committed=False)
        proc = self.repo2s3(["run", "--payload", payload, "--source-dir", source])
        self.assertEqual(proc.returncode, 0, cli.describe(proc))
        self.assertIn(sentence, [line.strip() for line in proc.stdout.splitlines()],
                      cli.describe(proc))
        self.assertEqual(self.error_lines(proc), [])
        proc, summary = self.run_with_report(payload, extra_args=["--source-dir", source])
        self.assertEqual(summary["delete_guard"], {"deletions": 16, "listed": 20,
                                                   "max_percent": 50, "withheld": False})
        self.assertIsNone(summary["error"])
        self.assertEqual(b.snapshot(self.s3, self.bucket), before, "a dry run wrote")

    def test_thousands_and_a_share_just_over_the_limit(self):
        target = "s3://%s/%s" % (self.big_bucket, self.BIG_PREFIX)
        payload = self.payload(BucketName=self.big_bucket, KeyPrefix=self.BIG_PREFIX)
        proc = self.repo2s3(["run", "--payload", payload, "--source-dir", self.big_source])
        self.assertEqual(proc.returncode, 0, cli.describe(proc))
        self.assertIn(guard_sentence(1001, 2000, target, "50.1%", committed=False),
                      [line.strip() for line in proc.stdout.splitlines()])

        proc, summary = self.run_with_report(payload, commit=True, expect_exit=1,
                                             extra_args=["--source-dir", self.big_source])
        sentence = guard_sentence(1001, 2000, target, "50.1%")
        self.assertEqual(self.error_lines(proc), [ERROR_LINE + " %s: %s" % (TEMPLATE, sentence)])
        self.assertEqual(summary["delete_guard"], {"deletions": 1001, "listed": 2000,
                                                   "max_percent": 50, "withheld": True})
        self.assertEqual(summary["unchanged"], 999)
        self.assertEqual(len(b.synced_keys(self.s3, self.big_bucket, self.BIG_PREFIX)), 2000)

    def check_guard(self, prefix, count, keep, trips_at=None, percent=None, key=None,
                    flag=None):
        """`count` pages under `prefix`, a committed run of a source keeping the first `keep`,
        with MaxDeletePercent `key` and --max-delete-percent `flag` when given: with
        `trips_at`, the guard trips saying `percent` and that limit; else the deletes happen."""
        files = self.seed(prefix, count)
        kept = dict(sorted(files.items())[:keep])
        fields = {"KeyPrefix": prefix}
        if key is not None:
            fields["MaxDeletePercent"] = key
        payload = self.payload(name=prefix.strip("/") + ".yaml", **fields)
        args = ["--source-dir", self.source(kept)]
        args += ["--max-delete-percent", flag] if flag else []
        proc, summary = self.run_with_report(payload, commit=True, extra_args=args,
                                             expect_exit=1 if trips_at else 0)
        if trips_at:
            self.assertEqual(summary["error"], guard_sentence(
                count - keep, count, "s3://%s/%s" % (self.bucket, prefix), percent, trips_at))
            self.assertEqual(len(b.synced_keys(self.s3, self.bucket, prefix)), count)
        else:
            self.assertIsNone(summary["delete_guard"], cli.describe(proc))
            self.assertEqual(len(summary["deleted"]), count - keep)
            self.assertEqual(self.bucket_objects(prefix), trees.expected_objects(kept, prefix))

    def test_ten_deletions_never_trip_it_and_eleven_do(self):
        with self.subTest("ten of twelve"):
            self.check_guard("ten/", 12, 2)
        with self.subTest("eleven of thirteen"):
            self.check_guard("eleven/", 13, 2, trips_at=50, percent="84.7%")

    def test_100_turns_it_off_and_the_flag_replaces_the_template_key(self):
        cases = (  # (prefix, template's MaxDeletePercent or None, flag, trips at)
            ("key100/", 100, None, None),
            ("flag100/", None, "100", None),
            ("flag-over-key/", 100, "50", 50),
            ("key-over-default/", 90, None, None),
            ("flag-over-key100/", 10, "80", None))
        for prefix, key, flag, trips_at in cases:
            with self.subTest(prefix=prefix):
                self.check_guard(prefix, 20, 4, trips_at, "80%", key=key, flag=flag)

    def test_values_outside_0_to_100_are_exit_2_naming_the_key(self):
        source = self.source(pages(2))
        for value in (101, -1, "half", 50.5, True):
            with self.subTest(value=value):
                payload = self.payload(name="bad-%s.yaml" % value, MaxDeletePercent=value)
                mark = self.strict.mark()
                proc = self.repo2s3(["run", "--payload", payload, "--commit",
                                     "--source-dir", source])
                self.assert_error_line(proc, 2, str(payload), "MaxDeletePercent")
                self.assertEqual(self.strict.records_since(mark), [])
        for flag in ("101", "-1", "half"):
            with self.subTest(flag=flag):
                proc = self.repo2s3(["run", "--payload", self.payload(), "--source-dir", source,
                                     "--max-delete-percent", flag])
                self.assertEqual(proc.returncode, 2, cli.describe(proc))
                self.assertIn("--max-delete-percent", proc.stderr)
        for value in (0, 100):
            with self.subTest(accepted=value):
                proc = self.repo2s3(["validate", "--payload",
                                     self.payload(name="ok-%d.yaml" % value,
                                                  MaxDeletePercent=value)])
                self.assertEqual(proc.returncode, 0, cli.describe(proc))
                self.assertIn("MaxDeletePercent: %d" % value, proc.stdout.splitlines())

    def test_through_github_the_uploads_happen_and_the_stale_objects_stay(self):
        stale = {PREFIX + "stale/%02d.html" % i: b"stale" for i in range(12)}
        b.put_objects(self.s3, self.bucket, stale)
        proc, summary = self.run_with_report(self.payload(), commit=True, env=self.alert_env(),
                                             expect_exit=1)
        sentence = guard_sentence(12, 12, "s3://%s/%s" % (self.bucket, PREFIX), "100%")
        self.assertEqual(self.error_lines(proc), [ERROR_LINE + " %s: %s" % (TEMPLATE, sentence)])
        self.assertEqual(summary["commit"], self.sha)
        self.assertEqual(summary["delete_guard"]["withheld"], True)
        files = expected_files(self.repo)
        self.assertEqual(sorted(summary["new"]), sorted(files))
        self.assertEqual(self.bucket_objects(PREFIX),
                         dict(trees.expected_objects(files, PREFIX),
                              **{key: (trees.md5_hex(b"stale"), 5) for key in stale}))
        self.assertIn(sentence, message_text(self.problem_message()))


class GitHubBadGateway(HardeningTestCase):
    """GitHub's 502 page, with multi-byte characters where a 200-byte excerpt would cut one,
    answered past every retry."""

    def test_the_json_report_error_and_alert_are_valid_utf8(self):
        before = self.seed_bucket()
        self.github.inject("git_ref", "bad_gateway", times=10)
        proc, summary = self.run_with_report(
            self.payload(), commit=True, env=self.alert_env(), expect_exit=1,
            extra_args=["--run-timeout", "10s"])
        self.assertIsInstance(summary["error"], str)
        self.assertIn("502", summary["error"])
        self.assertIn(summary["error"], proc.stderr_bytes.decode("utf-8"))
        self.assertEqual(len(self.error_lines(proc)), 1, cli.describe(proc))
        self.assertGreaterEqual(self.github.count("git_ref"), 2, "no retry")
        self.assertTrue(summary["alert_sent"])
        message = message_text(self.problem_message())
        self.assertIn("502", message)
        self.assertEqual(b.snapshot(self.s3, self.bucket), before)

    def test_an_error_page_that_is_not_utf8_is_repaired(self):
        # A proxy's Latin-1 page: its bytes reach the report as U+FFFD, never as they are.
        self.github.fail("git_ref", 502, body=b"<p>Caf\xe9 \xff\xfe gateway " * 20 + b"</p>",
                         times=10)
        proc, summary = self.run_with_report(self.payload(), commit=True, env=self.alert_env(),
                                             expect_exit=1, extra_args=["--run-timeout", "3s"])
        self.assertIn("Caf\ufffd", summary["error"])
        self.assertIn("Caf\ufffd", proc.stderr_bytes.decode("utf-8"))
        self.assertIn("Caf\ufffd", message_text(self.problem_message()))

    def test_the_error_is_one_line(self):
        # "Every failure prints one line on stderr" (README), whatever the page holds.
        self.github.inject("git_ref", "bad_gateway", times=10)
        proc, summary = self.run_with_report(self.payload(), commit=True, expect_exit=1,
                                             extra_args=["--run-timeout", "3s"])
        line = self.assert_error_line(proc, 1, "502")
        self.assertEqual(proc.stderr[proc.stderr.index(line):].rstrip("\n"), line,
                         "the error goes on past its line:\n" + cli.describe(proc))
        self.assertNotIn("\n", summary["error"])

    def test_retries_stop_at_the_run_budget(self):
        # Each answer takes 3 s: the 5 attempts alone would take 15 s without the budget.
        self.github.stall("access_tokens", 3)
        self.github.inject("access_tokens", "bad_gateway", times=100)
        started = time.monotonic()
        proc, summary = self.run_with_report(self.payload(), commit=True, expect_exit=1,
                                             extra_args=["--run-timeout", "5s"])
        elapsed = time.monotonic() - started
        self.assertLess(elapsed, 10, "the run went on past its 5 s budget")
        self.assertIsNotNone(summary["error"])
        self.assertGreaterEqual(self.github.count("access_tokens"), 2, "no retry")
        self.assertEqual(len(self.error_lines(proc)), 1, cli.describe(proc))


class BranchNotTag(HardeningTestCase):

    def test_a_tag_named_like_the_branch_is_never_published(self):
        self.repo.create_branch("elsewhere").checkout("elsewhere")
        self.repo.write("index.html", b"<p>the tag's content</p>\n")
        self.repo.write("tag-only.html", b"only in the tagged commit\n")
        tagged = self.repo.commit("not the branch")
        self.repo.checkout("main")
        self.repo.git("tag", "main", tagged)
        self.assertEqual(self.repo.head("refs/tags/main"), tagged)

        summary = self.run_json(self.payload(), commit=True)
        self.assertEqual(summary["commit"], self.sha)
        self.assert_bucket_equals(expected_files(self.repo, "refs/heads/main"))
        self.assertNotIn(PREFIX + "tag-only.html", self.bucket_objects())
        paths = [path for server, _, path, _ in self.github.requests if server == "api"]
        self.assertIn("/repos/%s/%s/git/ref/heads/main" % (OWNER, REPO), paths)
        self.assertEqual(self.github.count("commits"), 0, paths)
        self.assertEqual([p for p in paths if "/zipball/" in p],
                         ["/repos/%s/%s/zipball/%s" % (OWNER, REPO, self.sha)])


class ApiUrlConsent(HardeningTestCase):
    """A template's GitHubApiUrl gets the App's credentials only with the operator's consent."""

    def config(self, urls):
        path = self.work / "starfleet.yaml"
        path.write_text(yaml.safe_dump({
            "STARFLEET": {"DeploymentRegion": "us-east-1", "SlackEnabled": False},
            "GitHubSyncWorkerShip": {"Enabled": True, "AllowedGitHubApiUrls": urls}}))
        return path

    def test_without_consent_it_is_exit_2_before_any_request(self):
        url = self.github.url
        payload = self.payload(GitHubApiUrl=url)
        cases = {
            "no GITHUB_API_URL": self.github_env(GITHUB_API_URL=None),
            "another GITHUB_API_URL": self.github_env(
                GITHUB_API_URL="http://127.0.0.1:%d" % closed_port()),
            "other URLs listed": self.github_env(
                GITHUB_API_URL=None,
                REPO2S3_GITHUB_API_URLS="https://ghe.example.com/api/v3, %s/api" % url),
        }
        before = self.seed_bucket()
        for name, env in cases.items():
            with self.subTest(name):
                mark = self.strict.mark()
                proc = self.repo2s3(["run", "--payload", payload, "--commit"], env=env)
                self.assert_error_line(proc, 2, url, "REPO2S3_GITHUB_API_URLS")
                self.assert_nothing_contacted(mark, name)
        mark = self.strict.mark()
        proc = self.repo2s3(["run", "--payload", payload, "--commit",
                             "--config", self.config(["https://ghe.example.com/api/v3"])],
                            env=self.github_env(GITHUB_API_URL=None))
        self.assert_error_line(proc, 2, url)
        self.assert_nothing_contacted(mark, "with another URL in the configuration")
        self.assertEqual(b.snapshot(self.s3, self.bucket), before)

    def assert_syncs(self, payload, env, extra_args=()):
        summary = self.run_json(payload, commit=True, env=env, extra_args=extra_args)
        self.assertEqual(summary["commit"], self.sha)
        self.assert_bucket_equals(expected_files(self.repo))

    def test_listed_in_repo2s3_github_api_urls(self):
        listed = "https://ghe.example.com/api/v3 ,  %s , http://127.0.0.1:1" % self.github.url
        self.assert_syncs(self.payload(GitHubApiUrl=self.github.url),
                          self.github_env(GITHUB_API_URL=None, REPO2S3_GITHUB_API_URLS=listed))

    def test_equal_to_github_api_url_but_for_a_trailing_slash_and_the_host_case(self):
        port = self.github.url.rsplit(":", 1)[1]
        self.assert_syncs(self.payload(GitHubApiUrl="http://LocalHost:%s" % port),
                          self.github_env(GITHUB_API_URL="http://localhost:%s/" % port))

    def test_allowed_by_the_starfleet_configuration(self):
        config = self.config(["https://ghe.example.com/api/v3", self.github.url])
        self.assert_syncs(self.payload(GitHubApiUrl=self.github.url),
                          self.github_env(GITHUB_API_URL=None), extra_args=["--config", config])

    def test_plain_http_to_another_host_is_refused_before_any_connection(self):
        remote = "http://192.0.2.1"  # TEST-NET-1: nothing answers there
        cases = {
            "GITHUB_API_URL": (self.payload(name="env.yaml"),
                               self.github_env(GITHUB_API_URL=remote)),
            "GitHubApiUrl": (self.payload(name="template.yaml", GitHubApiUrl=remote + "/api/v3"),
                             self.github_env(GITHUB_API_URL=None,
                                           REPO2S3_GITHUB_API_URLS=remote + "/api/v3")),
        }
        for name, (payload, env) in cases.items():
            with self.subTest(name):
                mark = self.strict.mark()
                started = time.monotonic()
                proc = self.repo2s3(["run", "--payload", payload, "--commit"], env=env)
                self.assertLess(time.monotonic() - started, 5, "it tried to connect")
                self.assert_error_line(proc, 2, "192.0.2.1", "loopback")
                self.assert_nothing_contacted(mark, name)


class PrivateFiles(HardeningTestCase):
    """What repo2s3 saves is readable by its user alone, whatever the umask."""

    def assert_private(self, root):
        modes = {}
        for path in [root] + sorted(root.rglob("*")):
            mode = stat.S_IMODE(os.lstat(path).st_mode)
            self.assertFalse(path.is_symlink(), path)
            modes[str(path.relative_to(root))] = mode
            self.assertEqual(mode, 0o700 if path.is_dir() else 0o600,
                             "%s is %o" % (path, mode))
        kinds = [path.is_dir() for path in root.rglob("*")]
        self.assertGreater(kinds.count(True), 3, "too few directories to tell: %r" % modes)
        self.assertGreater(kinds.count(False), 10, "too few files to tell: %r" % modes)

    def test_download_save_dir(self):
        save = self.work / "download"
        proc = self.repo2s3(["download", "--payload", self.payload(), "--save-dir", save],
                            umask=0o022)
        self.assertEqual(proc.returncode, 0, cli.describe(proc))
        self.assertTrue((save / (REPO + ".zip")).is_file())
        self.assert_private(save)

    def test_run_save_dir(self):
        save = self.work / "run"
        _, summary = self.run_with_report(self.payload(), commit=True, umask=0o022,
                                          extra_args=["--save-dir", save])
        self.assertEqual(summary["commit"], self.sha)
        self.assertTrue((save / ("%s-%s-%s" % (OWNER, REPO, self.sha))).is_dir())
        self.assert_private(save)


def patch_declared_size(data, name, size, crc):
    """A zip (bytes) whose entry `name` declares `size` uncompressed bytes and CRC `crc`, in its
    local header and in the central directory alike (a consistent liar)."""
    data = bytearray(data)
    end = data.rindex(b"PK\x05\x06")
    count, _, offset = struct.unpack_from("<HII", data, end + 10)
    for _ in range(count):
        name_length, extra_length, comment_length = struct.unpack_from("<HHH", data, offset + 28)
        local = struct.unpack_from("<I", data, offset + 42)[0]
        if bytes(data[offset + 46:offset + 46 + name_length]) == name.encode():
            struct.pack_into("<I", data, offset + 16, crc)
            struct.pack_into("<I", data, offset + 24, size)
            struct.pack_into("<I", data, local + 14, crc)
            struct.pack_into("<I", data, local + 22, size)
            return bytes(data)
        offset += 46 + name_length + extra_length + comment_length
    raise ValueError("no entry %r" % name)


def lying_zip(path, top="octo-org-site-lying/"):
    """An archive whose big.txt inflates to 200,000 bytes but declares 1,000 (with the CRC of
    its first 1,000 bytes, so that a reader stopping at the declared size finds nothing
    wrong)."""
    body = bytes(range(256)) * 782
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(top, b"")
        archive.writestr(top + "index.html", b"<p>fine</p>\n")
        archive.writestr(top + "big.txt", body)
    data = patch_declared_size(pathlib.Path(path).read_bytes(), top + "big.txt", 1000,
                               binascii.crc32(body[:1000]))
    pathlib.Path(path).write_bytes(data)
    return path


def crowded_zip(path, entries, top="octo-org-site-many/"):
    """`entries` entries in all (files and directories), stored: the top folder, one folder
    and empty files in it."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr(top, b"")
        archive.writestr(top + "d/", b"")
        for index in range(entries - 2):
            archive.writestr(top + "d/%06d" % index, b"")
    return path


def bomb_zip(path, top="octo-org-site-bomb/"):
    """A few hundred bytes that expand to 64 MiB (bzip2 of zeros), far above 2000:1."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_BZIP2, compresslevel=9) as archive:
        archive.writestr(top, b"")
        archive.writestr(top + "index.html", b"<p>looks harmless</p>\n")
        archive.writestr(top + "zeros.bin", bytes(64 << 20))
    return path


class LyingArchives(HardeningTestCase):
    """Archives that lie about what they hold: each run fails with one line naming the
    archive, before the bucket is read."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.zips = tempfile.TemporaryDirectory(prefix="repo2s3-zips-")
        folder = pathlib.Path(cls.zips.name)
        cls.lying = lying_zip(folder / "lying.zip")
        cls.crowded = crowded_zip(folder / "crowded.zip", 100_001)
        cls.bomb = bomb_zip(folder / "bomb.zip")

    @classmethod
    def tearDownClass(cls):
        cls.zips.cleanup()
        super().tearDownClass()

    def fails_before_the_bucket(self, args, *phrases):
        before = self.seed_bucket()
        mark = self.strict.mark()
        proc = self.repo2s3(["run", "--payload", self.payload(), "--commit"] + args)
        line = self.assert_error_line(proc, 1, *phrases)
        # Only the run state is read before the download (to skip an unchanged branch).
        beyond_state = [r for r in self.strict.records_since(mark)
                        if not (r.method == "GET" and "/.repo2s3/state/" in r.path)]
        self.assertEqual(beyond_state, [], "the bucket was read")
        self.assertEqual(b.snapshot(self.s3, self.bucket), before, "the bucket changed")
        return line

    def test_an_entry_inflating_past_its_declared_size(self):
        self.fails_before_the_bucket(["--source-zip", self.lying], str(self.lying), "big.txt",
                                     "1000")

    def test_more_entries_than_allowed(self):
        self.fails_before_the_bucket(["--source-zip", self.crowded], str(self.crowded),
                                     "100001", "100000")

    def test_a_zip_bomb(self):
        self.fails_before_the_bucket(["--source-zip", self.bomb], str(self.bomb), "zip bomb")

    def test_an_inflating_entry_from_github(self):
        self.github.serve_archive(OWNER, REPO, self.lying.read_bytes())
        self.addCleanup(self.github.serve_archive, OWNER, REPO, None)
        self.fails_before_the_bucket([], REPO + ".zip", "big.txt", "1000")
        self.assertEqual(self.github.count("codeload"), 1)


class ExactDeleteRecords(HardeningTestCase):

    def test_a_failed_second_batch_reports_exactly_the_first(self):
        files = pages(1500)
        b.put_objects(self.s3, self.bucket, {PREFIX + path: body for path, body in files.items()})
        source = self.source({"keep.html": b"kept\n"})
        scripted = self.strict.fail_request("POST", "delete", 2, 403, "AccessDenied",
                                            "Access Denied")
        self.addCleanup(self.strict.stop_faults)
        mark = self.strict.mark()
        proc, summary = self.run_with_report(
            self.payload(MaxDeletePercent=100), commit=True, env=self.alert_env(),
            extra_args=["--source-dir", source], expect_exit=1)
        self.assertTrue(scripted.fired)
        batches = [r for r in self.strict.records_since(mark)
                   if r.method == "POST" and "delete" in r.query]
        self.assertEqual([(r.status, len(r.deleted)) for r in batches], [(200, 1000), (403, 500)])
        first = sorted(key[len(PREFIX):] for key in batches[0].deleted)

        self.assertEqual(sorted(summary["deleted"]), first)
        self.assert_error_line(proc, 1, "1000 of 1500 planned deletion(s) done", "AccessDenied")
        self.assertIn("1000 of 1500 planned deletion(s) done", summary["error"])
        remaining = set(b.synced_keys(self.s3, self.bucket, PREFIX))
        self.assertEqual(remaining, {PREFIX + p for p in set(files) - set(first)} |
                         {PREFIX + "keep.html"})

        lists, more = listed_paths(self.problem_message())
        self.assertTrue(set(lists["deleted"]) <= set(first), "the alert lists other paths")
        self.assertEqual(len(lists["deleted"]) + more["deleted"], 1000)
        self.assertIn("1,000 deleted", message_text(self.slack.messages[0]))


class TemporaryDirectories(HardeningTestCase):
    """With TMPDIR private to the child, no repo2s3-* entry outlives a run, however it ends."""

    def setUp(self):
        super().setUp()
        self.tmp = self.work / "tmp"
        self.tmp.mkdir(mode=0o700)

    def env(self, **extra):
        return self.github_env(TMPDIR=str(self.tmp), **extra)

    def left_behind(self):
        return sorted(p.name for p in self.tmp.iterdir() if p.name.startswith("repo2s3-"))

    def test_after_a_successful_and_a_failed_run(self):
        summary = self.run_json(self.payload(), commit=True, env=self.env())
        self.assertIsNone(summary["error"])
        self.assertEqual(self.left_behind(), [])
        self.repo.write("index.html", "<h1>a new commit, so that the next run downloads</h1>\n")
        self.repo.commit("new index")
        self.github.not_found("zipball")
        self.run_json(self.payload(), commit=True, env=self.env(), expect_exit=1)
        self.assertEqual(self.left_behind(), [])
        self.github.reset()
        self.github.serve_archive(OWNER, REPO, lying_zip(self.work / "lying.zip").read_bytes())
        self.addCleanup(self.github.serve_archive, OWNER, REPO, None)
        summary = self.run_json(self.payload(), commit=True, env=self.env(), expect_exit=1)
        # The error names the archive where it was: in the private TMPDIR.
        self.assertRegex(summary["error"], r'archive "%s/repo2s3-download-[A-Za-z0-9]{6}/%s\.zip"'
                         % (self.tmp, REPO))
        self.assertEqual(self.left_behind(), [])

    def test_a_signal_while_the_download_stalls(self):
        before = self.seed_bucket()
        for signum, code in ((signal.SIGTERM, 143), (signal.SIGINT, 130)):
            with self.subTest(signal=signum.name):
                self.github.reset()
                self.github.stall("codeload", 8)
                command = [cli.repo2s3_bin(), "run", "--payload", str(self.payload()),
                           "--commit"]
                proc = subprocess.Popen(command, env=cli.clean_env(env_extra=self.env()),
                                        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE)
                try:
                    deadline = time.monotonic() + 30
                    while self.github.count("codeload") == 0 and time.monotonic() < deadline \
                            and proc.poll() is None:
                        time.sleep(0.05)
                    self.assertEqual(self.github.count("codeload"), 1, "the download never began")
                    during = self.left_behind()
                    self.assertTrue(any(name.startswith("repo2s3-download-") for name in during),
                                    "no download directory in TMPDIR: %r" % during)
                    started = time.monotonic()
                    proc.send_signal(signum)
                    out, err = proc.communicate(timeout=30)
                finally:
                    if proc.poll() is None:
                        proc.kill()
                        proc.communicate()
                out, err = out.decode("utf-8", "replace"), err.decode("utf-8", "replace")
                self.outputs.append((" ".join(command), out, err))
                self.assertEqual(proc.returncode, code, err)
                self.assertLess(time.monotonic() - started, 5, "the signal did not end the run")
                self.assertEqual(self.left_behind(), [])
        self.assertEqual(b.snapshot(self.s3, self.bucket), before)

    def test_a_run_timeout_during_a_stalled_download(self):
        before = self.seed_bucket()
        self.github.stall("codeload", 9)
        started = time.monotonic()
        proc, summary = self.run_with_report(self.payload(), commit=True, env=self.env(),
                                             extra_args=["--run-timeout", "3s"], expect_exit=1)
        self.assertLess(time.monotonic() - started, 8, "the run outlived its budget")
        line = self.assert_error_line(proc, 1)
        self.assertRegex(line.lower(), r"time budget|timed out|timeout", line)
        self.assertIsNotNone(summary["error"])
        self.assertEqual(self.left_behind(), [])
        self.assertEqual(b.snapshot(self.s3, self.bucket), before)
