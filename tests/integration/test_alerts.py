"""Alerts end to end: repo2s3 against the GitHub stand-in, moto and the Slack stand-in.

A change sends exactly one IMPORTANT message that lists exactly the changed paths; a run with
nothing to change sends nothing at IMPORTANT; every failure class sends one PROBLEM; a
5,000-path change still posts one valid message; Slack failing never fails a good sync, but an
alarm that cannot be raised fails the command; a Starfleet configuration file and secrets JSON
drive it all. Every captured log and every message is checked for the test secrets.
"""

import datetime
import json
import pathlib
import re
import tempfile
import unittest

import boto3
import yaml

from harness import bucket as b
from harness import cli, payloads
from harness.gitrepo import EXCLUDE_PATTERNS, GitRepo
from harness.keys import app_key
from harness.moto import shared_moto
from harness.server import closed_port
from harness.strict_s3 import shared_strict_s3
from standins.github_standin import GitHubStandIn
from standins.slack_standin import SlackStandIn

APP_ID = "271828"
INSTALLATION_ID = "31415926"
OWNER = "octo-org"
REPO = "site"
PREFIX = "www/"
TEMPLATE = "docs-site"
CHANNEL = "C0ALERTS"
SLACK_TOKEN = "xoxb-4242-repo2s3-TEST-slack-token-do-not-leak"
ERROR_LINE = "repo2s3: error:"
JWT_PATTERN = re.compile(r"eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{20,}")

PROBLEM, IMPORTANT, SUCCESS, INFO = "\U0001F6A8", "\U0001F4E3", "\u2705", "\u2139\ufe0f"
SECTION_KINDS = (("*New files", "new"), ("*Modified files", "modified"), ("*Files", "deleted"))


def expected_files(repo, ref="HEAD"):
    kept = {}
    for path in repo.ls_files(ref):
        if not any(re.search(p, path) for p in EXCLUDE_PATTERNS):
            kept[path] = repo.blob(path, ref)
    return kept


def unescape(text):
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def listed_paths(message):
    """{"new"|"modified"|"deleted": [paths]} from the code blocks of a message's sections,
    and how many more each section says it left out."""
    lists, more = {}, {}
    for block in message["blocks"][1:]:
        text = block["text"]["text"]
        for prefix, kind in SECTION_KINDS:
            if text.startswith(prefix):
                break
        else:
            continue
        fence = text.split("```")
        lists[kind] = [unescape(line) for line in fence[1].split("\n") if line] \
            if len(fence) >= 3 else []
        left_out = re.search(r"\u2026and ([0-9,]+) more", text)
        more[kind] = int(left_out.group(1).replace(",", "")) if left_out else 0
    return lists, more


def message_text(message):
    return unescape("\n".join([message["text"]] + [b["text"]["text"] for b in message["blocks"]]))


class AlertsTestCase(unittest.TestCase):
    maxDiff = 8000

    @classmethod
    def setUpClass(cls):
        cls.moto = shared_moto()
        # repo2s3's S3 requests go through the strict proxy (cli.clean_env's default); the
        # test's own client reads moto directly, to see what is really stored.
        cls.strict = shared_strict_s3(cls.moto.endpoint)
        cls.s3 = b.s3_client(cls.moto.endpoint)
        cls.key = app_key()
        cls.keys_dir = tempfile.TemporaryDirectory(prefix="repo2s3-alert-keys-")
        cls.key_file = cls.key.write_pkcs1(pathlib.Path(cls.keys_dir.name) / "app.pem")
        cls.github = GitHubStandIn(APP_ID, cls.key.public_pem, INSTALLATION_ID).start()
        cls.slack = SlackStandIn(SLACK_TOKEN, channels=[CHANNEL, "C0OTHER"]).start()

    @classmethod
    def tearDownClass(cls):
        cls.slack.stop()
        cls.github.stop()
        cls.keys_dir.cleanup()

    def setUp(self):
        self.github.reset()
        self.slack.reset()
        scratch = tempfile.TemporaryDirectory(prefix="repo2s3-alerts-")
        self.addCleanup(scratch.cleanup)
        self.work = pathlib.Path(scratch.name)
        self.repo = GitRepo(self.work / "git")
        self.sha = self.repo.populate_sample()
        self.github.add_repository(OWNER, REPO, self.repo.path)
        self.bucket = b.create_bucket(self.s3, self._testMethodName)
        self.outputs = []
        self.strict_mark = self.strict.mark()

    def tearDown(self):
        self.assertEqual(self.strict.violations_since(self.strict_mark), [],
                         "S3 requests real S3 would refuse")
        self.assertEqual(self.github.internal_errors, [], "the GitHub stand-in failed")
        self.assertEqual(self.slack.internal_errors, [], "the Slack stand-in failed")
        self.assertEqual(self.slack.violations, [], "repo2s3 sent Slack something invalid")
        self.assert_no_secrets()

    # --- running ----------------------------------------------------------------------------

    def env(self, priority="IMPORTANT", **extra):
        env = {"GITHUB_API_URL": self.github.url,
               "GITHUB_APP_PRIVATE_KEY_FILE": str(self.key_file),
               "SLACK_API_URL": self.slack.api_url,
               "SLACK_TOKEN": SLACK_TOKEN,
               "REPO2S3_ALERT_CHANNEL": CHANNEL,
               "REPO2S3_ALERT_PRIORITY": priority}
        env.update(extra)
        return env

    def payload(self, name="payload.yaml", **overrides):
        fields = dict(TemplateName=TEMPLATE, BucketName=self.bucket, Organization=OWNER,
                      Repository=REPO, BranchName="main", GitHubAppId=APP_ID,
                      GitHubInstallationId=INSTALLATION_ID, KeyPrefix=PREFIX,
                      DeleteMissingFiles=True, ExcludeRepoPaths=list(EXCLUDE_PATTERNS))
        fields.update(overrides)
        return payloads.write_payload(self.work / name, **fields)

    def repo2s3(self, args, env):
        proc = cli.run_repo2s3(args, env_extra=env, timeout=600)
        self.outputs.append((" ".join(str(a) for a in args), proc.stdout, proc.stderr))
        return proc

    def run_sync(self, payload=None, commit=True, env=None, extra_args=(), expect_exit=0):
        args = ["run", "--payload", payload or self.payload(), "--output", "json"]
        args += list(extra_args) + (["--commit"] if commit else [])
        proc = self.repo2s3(args, env if env is not None else self.env())
        self.assertEqual(proc.returncode, expect_exit, cli.describe(proc))
        lines = [line for line in proc.stdout.splitlines() if line.strip()]
        summary = json.loads(lines[0]) if len(lines) == 1 else None
        return proc, summary

    # --- assertions -------------------------------------------------------------------------

    def one_message(self, emoji):
        self.assertEqual(len(self.slack.messages), 1,
                         "want one message, got: %r" % [m["text"] for m in self.slack.messages])
        message = self.slack.messages[0]
        self.assertTrue(message["text"].startswith(emoji + "  "), message["text"])
        return message

    def error_line(self, proc):
        lines = [line for line in proc.stderr.splitlines() if line.startswith(ERROR_LINE)]
        self.assertEqual(len(lines), 1, "want one error line:\n" + cli.describe(proc))
        return lines[0][len(ERROR_LINE):].strip()

    def assert_problem_carries(self, proc):
        """One PROBLEM message holding the run's error line."""
        message = self.one_message(PROBLEM)
        error = self.error_line(proc)
        self.assertIn(error.split(": ", 1)[-1], message_text(message))
        self.assertEqual(message["channel"], CHANNEL)
        return message

    def assert_no_secrets(self):
        secrets = [SLACK_TOKEN, b.TEST_SECRET_ACCESS_KEY] + self.github.issued_tokens()
        pieces = self.key.secret_pieces()
        texts = [text for _, out, err in self.outputs for text in (out, err)]
        texts += [raw for _, _, raw in self.slack.requests]
        for text in texts:
            for secret in secrets:
                self.assertNotIn(secret, text, "a secret in a log or message")
                self.assertNotIn(secret[4:20], text, "part of a secret in a log or message")
            for piece in pieces:
                self.assertNotIn(piece, text, "private key material in a log or message")
            self.assertIsNone(JWT_PATTERN.search(text), "a JWT in a log or message")


class ChangeAlerts(AlertsTestCase):

    def test_a_change_sends_one_important_listing_exactly_the_changed_paths(self):
        _, summary = self.run_sync()
        self.assertTrue(summary["alert_sent"])
        first = self.one_message(IMPORTANT)
        files = expected_files(self.repo)
        lists, more = listed_paths(first)
        self.assertEqual(sorted(lists["new"]), sorted(files))
        self.assertEqual(more, {"new": 0})

        self.repo.write("index.html", b"<!doctype html><title>changed</title>\n")
        self.repo.write("docs/new <page> & more.md", b"# new\n")
        self.repo.write("node_modules/ignored/index.js", b"excluded\n")
        self.repo.remove("docs/guide/intro.md")
        self.repo.remove("empty.txt")
        second_sha = self.repo.commit("second")
        self.slack.reset()

        _, summary = self.run_sync()
        self.assertTrue(summary["alert_sent"])
        message = self.one_message(IMPORTANT)
        self.assertEqual(message["channel"], CHANNEL)
        self.assertIn(TEMPLATE, message["text"])
        lists, more = listed_paths(message)
        self.assertEqual({kind: sorted(paths) for kind, paths in lists.items()},
                         {"new": ["docs/new <page> & more.md"], "modified": ["index.html"],
                          "deleted": ["docs/guide/intro.md", "empty.txt"]})
        self.assertEqual(set(more.values()), {0})
        text = message_text(message)
        self.assertIn(second_sha, text)
        self.assertIn("s3://%s/%s" % (self.bucket, PREFIX), text)
        self.assertIn("%s/%s@main" % (OWNER, REPO), text)

    def test_no_change_sends_nothing_at_important(self):
        self.run_sync()
        self.slack.reset()
        _, summary = self.run_sync()
        self.assertEqual(summary["new"] + summary["modified"] + summary["deleted"], [])
        self.assertFalse(summary["alert_sent"])
        self.assertEqual(self.slack.requests, [])

    def test_a_dry_run_sends_nothing_at_important_and_writes_nothing(self):
        _, summary = self.run_sync(commit=False)
        self.assertFalse(summary["alert_sent"])
        self.assertEqual(self.slack.requests, [])
        self.assertEqual(b.synced_keys(self.s3, self.bucket), [])

    def test_no_change_at_success_sends_one_success(self):
        self.run_sync()
        self.slack.reset()
        _, summary = self.run_sync(env=self.env("success"))
        self.assertTrue(summary["alert_sent"])
        message = self.one_message(SUCCESS)
        self.assertIn("in sync", message["text"])

    def test_a_dry_run_at_informational_says_what_would_change(self):
        _, summary = self.run_sync(commit=False, env=self.env("INFORMATIONAL"))
        self.assertTrue(summary["alert_sent"])
        message = self.one_message(INFO)
        self.assertIn("dry run", message["text"])
        self.assertEqual(sorted(listed_paths(message)[0]["new"]),
                         sorted(expected_files(self.repo)))

    def test_level_none_and_problem_stay_silent_on_success(self):
        for level in ("NONE", "problem"):
            _, summary = self.run_sync(env=self.env(level))
            self.assertFalse(summary["alert_sent"])
        self.assertEqual(self.slack.requests, [])

    def test_json_summary_times_every_phase(self):
        _, summary = self.run_sync()
        timings = summary["timings_ms"]
        self.assertEqual(set(timings),
                         {"auth", "branch", "download", "extract", "hash", "list", "upload", "delete"})
        self.assertTrue(all(isinstance(v, int) and v >= 0 for v in timings.values()), timings)
        self.assertGreaterEqual(summary["duration_ms"], sum(timings.values()) - 5)
        self.assertEqual(summary["commit"], self.sha)

    def test_five_thousand_paths_post_one_valid_message(self):
        source = self.work / "big"
        for i in range(5000):
            path = source / ("dir-%02d" % (i % 50)) / ("file <%04d> & co.txt" % i)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(b"%d\n" % i)
        _, summary = self.run_sync(extra_args=["--source-dir", source, "--parallel", "32"])
        self.assertEqual(len(summary["new"]), 5000)
        message = self.one_message(IMPORTANT)
        self.assertLessEqual(len(message["blocks"]), 50)
        lists, more = listed_paths(message)
        self.assertGreater(len(lists["new"]), 20)
        self.assertEqual(len(lists["new"]) + more["new"], 5000)
        self.assertTrue(set(lists["new"]) <= set(summary["new"]))
        self.assertIn("5,000 new", message["text"])

    def test_webhook_gets_the_same_message_without_a_token(self):
        env = self.env(SLACK_WEBHOOK_URL=self.slack.webhook_url)
        del env["SLACK_TOKEN"], env["REPO2S3_ALERT_CHANNEL"]
        self.run_sync(env=env)
        message = self.one_message(IMPORTANT)
        self.assertEqual(message["endpoint"], "webhook")
        self.assertEqual(sorted(listed_paths(message)[0]["new"]),
                         sorted(expected_files(self.repo)))
        hook_path = self.slack.webhook_path
        for _, out, err in self.outputs:
            self.assertNotIn(hook_path, out + err, "the webhook's secret path was printed")

    def test_flags_win_over_the_environment(self):
        env = self.env("NONE", REPO2S3_ALERT_CHANNEL="C0NOWHERE")
        self.run_sync(env=env, extra_args=["--alert-priority", "important",
                                           "--alert-channel", "C0OTHER"])
        message = self.one_message(IMPORTANT)
        self.assertEqual(message["channel"], "C0OTHER")


class ProblemAlerts(AlertsTestCase):
    """Each failure class: its usual exit code and one PROBLEM message with the error line."""

    def test_invalid_payload(self):
        bad = payloads.write_payload(self.work / "bad.yaml", BucketName=self.bucket,
                                     BucketRegion="us-east-7")
        proc, _ = self.run_sync(payload=bad, expect_exit=2)
        message = self.assert_problem_carries(proc)
        self.assertIn(str(bad), message["text"])
        self.assertEqual(self.github.count("access_tokens"), 0)

    def test_auth_failure(self):
        proc, summary = self.run_sync(payload=self.payload(GitHubAppId="999999"), expect_exit=1)
        self.assertTrue(summary["alert_sent"])
        message = self.assert_problem_carries(proc)
        self.assertIn(TEMPLATE, message["text"])
        self.assertIn("401", message_text(message))

    def test_download_failure(self):
        self.github.not_found("zipball")
        proc, _ = self.run_sync(expect_exit=1)
        self.assert_problem_carries(proc)

    def test_s3_failure(self):
        proc, _ = self.run_sync(payload=self.payload(BucketName="r2s-no-such-bucket-anywhere"),
                                expect_exit=1)
        message = self.assert_problem_carries(proc)
        self.assertIn("NoSuchBucket", message_text(message))

    def test_safety_refusal(self):
        b.put_objects(self.s3, self.bucket, {PREFIX + "keep.html": b"keep"})
        proc, _ = self.run_sync(payload=self.payload(IncludeRepoPaths=["^nothing-matches/"]),
                                expect_exit=1)
        self.assert_problem_carries(proc)
        self.assertEqual(b.synced_keys(self.s3, self.bucket), [PREFIX + "keep.html"])

    def test_a_destination_busy_with_another_run_raises_no_alarm(self):
        expires = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=10))
        lease = json.dumps({"owner": "other", "host": "build-7", "pid": 42, "template": "other",
                            "expires": expires.strftime("%Y-%m-%dT%H:%M:%SZ")}).encode()
        b.put_objects(self.s3, self.bucket, {".repo2s3/lease/" + PREFIX + "lease.json": lease})
        proc, summary = self.run_sync(env=self.env("PROBLEM"), expect_exit=1)
        self.assertIn("another run holds the lease", proc.stderr)
        self.assertFalse(summary["alert_sent"])
        self.assertEqual(self.slack.messages, [])

    def test_a_failed_problem_alert_is_logged_and_the_exit_code_stays_non_zero(self):
        self.slack.fail_next("channel_not_found")
        self.github.not_found("zipball")
        proc, summary = self.run_sync(expect_exit=1)
        self.assertFalse(summary["alert_sent"])
        self.assertIn("channel_not_found", proc.stderr)
        self.assertEqual(self.slack.messages, [])

    def test_problem_alert_when_slack_is_down_exits_non_zero(self):
        env = self.env(SLACK_API_URL="http://127.0.0.1:%d/api" % closed_port())
        proc, summary = self.run_sync(payload=self.payload(GitHubAppId="999999"), env=env,
                                      expect_exit=1)
        self.assertFalse(summary["alert_sent"])
        self.assertIn("PROBLEM alert not sent", proc.stderr)


class SlackFailures(AlertsTestCase):
    """A good sync stays good whatever Slack does; a 429 is retried once."""

    def test_ok_false_does_not_fail_a_successful_sync(self):
        self.slack.fail_next("not_in_channel")
        proc, summary = self.run_sync()
        self.assertIsNone(summary["error"])
        self.assertFalse(summary["alert_sent"])
        self.assertIn("not_in_channel", proc.stderr)
        self.assertEqual(len(b.synced_keys(self.s3, self.bucket, PREFIX)),
                         len(expected_files(self.repo)))

    def test_slack_down_does_not_fail_a_successful_sync(self):
        env = self.env(SLACK_API_URL="http://127.0.0.1:%d/api" % closed_port())
        proc, summary = self.run_sync(env=env)
        self.assertIsNone(summary["error"])
        self.assertFalse(summary["alert_sent"])
        self.assertIn("IMPORTANT alert not sent", proc.stderr)

    def test_slack_500_does_not_fail_a_successful_sync(self):
        self.slack.status_next(503)
        proc, summary = self.run_sync()
        self.assertFalse(summary["alert_sent"])
        self.assertIn("503", proc.stderr)

    def test_429_is_retried_once_after_retry_after(self):
        self.slack.rate_limit_next(retry_after=1)
        _, summary = self.run_sync()
        self.assertTrue(summary["alert_sent"])
        self.one_message(IMPORTANT)
        self.assertEqual(len(self.slack.requests), 2)

    def test_a_second_429_gives_up(self):
        self.slack.rate_limit_next(retry_after=1, times=2)
        proc, summary = self.run_sync()
        self.assertFalse(summary["alert_sent"])
        self.assertEqual(len(self.slack.requests), 2)
        self.assertIn("429", proc.stderr)

    def test_a_wrong_token_is_reported_by_slacks_code(self):
        proc, summary = self.run_sync(env=self.env(SLACK_TOKEN="xoxb-wrong-token"))
        self.assertFalse(summary["alert_sent"])
        self.assertIn("invalid_auth", proc.stderr)
        self.slack.violations.clear()  # the stand-in notes the wrong token, as it should


class StarfleetConfiguration(AlertsTestCase):
    """A Starfleet configuration file and secrets JSON, nothing else, drive the whole run."""

    def secrets_manager(self):
        client = boto3.client("secretsmanager", endpoint_url=self.moto.endpoint,
                              region_name="eu-west-1", aws_access_key_id=b.TEST_ACCESS_KEY_ID,
                              aws_secret_access_key=b.TEST_SECRET_ACCESS_KEY)
        name = "starfleet-%s" % self.bucket
        client.create_secret(Name=name, SecretString=json.dumps({
            "STARFLEET": {"SlackToken": SLACK_TOKEN},
            "GitHubSyncWorker": {OWNER: self.key.pkcs1_pem}}))
        self.addCleanup(client.delete_secret, SecretId=name, ForceDeleteWithoutRecovery=True)
        return name

    def config_file(self, slack_enabled=True, priority="IMPORTANT", secret_id="unused",
                    name="starfleet.yaml"):
        document = {
            "STARFLEET": {"DeploymentRegion": "eu-west-1", "TemplateBucket": "templates",
                          "FanOutQueueUrl": "https://sqs.eu-west-1.amazonaws.com/1/fanout",
                          "LogLevel": "DEBUG", "SlackEnabled": slack_enabled,
                          "SecretsManager": {"SecretId": secret_id, "SecretRegion": "eu-west-1"}},
            "GitHubSyncWorkerShip": {
                "Enabled": True, "TemplatePrefix": "GitHubSync/",
                "InvocationQueueUrl": "https://sqs.eu-west-1.amazonaws.com/1/github-sync",
                "InvocationSources": ["EVENTBRIDGE_TIMED_EVENT"],
                "EventBridgeTimedFrequency": "FIVE_MIN",
                "AlertConfiguration": {"ChannelId": CHANNEL, "AlertPriority": priority}}}
        path = self.work / name
        path.write_text(yaml.safe_dump(document, sort_keys=False))
        return path

    def bare_env(self, **extra):
        """Only where the services are: no token, no key, no alert settings. (Secrets
        Manager is not S3, so repo2s3 reaches it at moto directly.)"""
        env = {"GITHUB_API_URL": self.github.url, "SLACK_API_URL": self.slack.api_url,
               "AWS_ENDPOINT_URL_SECRETS_MANAGER": self.moto.endpoint}
        env.update(extra)
        return env

    def test_config_file_and_secrets_manager_drive_sync_and_alert(self):
        config = self.config_file(secret_id=self.secrets_manager())
        proc, summary = self.run_sync(env=self.bare_env(), extra_args=["--config", config])
        self.assertEqual(summary["commit"], self.sha, cli.describe(proc))
        self.assertTrue(summary["alert_sent"])
        message = self.one_message(IMPORTANT)
        self.assertEqual(message["channel"], CHANNEL)
        self.assertEqual(sorted(listed_paths(message)[0]["new"]),
                         sorted(expected_files(self.repo)))
        auth = [headers.get("Authorization") for _, headers, _ in self.slack.requests]
        self.assertEqual(auth, ["Bearer " + SLACK_TOKEN])

    def test_secrets_file_with_the_config_file(self):
        secrets_file = self.work / "secrets.json"
        secrets_file.write_text(json.dumps({"STARFLEET": {"SlackToken": SLACK_TOKEN},
                                            "GitHubSyncWorker": {OWNER: self.key.pkcs1_pem}}))
        config = self.config_file(priority="problem")
        proc, _ = self.run_sync(payload=self.payload(GitHubAppId="999999"),
                                env=self.bare_env(REPO2S3_SECRETS_FILE=str(secrets_file)),
                                extra_args=["--config", config], expect_exit=1)
        self.assert_problem_carries(proc)

    def test_slack_disabled_in_the_file_sends_nothing(self):
        config = self.config_file(slack_enabled=False, secret_id=self.secrets_manager())
        _, summary = self.run_sync(env=self.bare_env(), extra_args=["--config", config])
        self.assertFalse(summary["alert_sent"])
        self.assertEqual(self.slack.requests, [])

    def test_environment_and_flags_win_over_the_file(self):
        config = self.config_file(secret_id=self.secrets_manager())
        _, summary = self.run_sync(env=self.bare_env(REPO2S3_ALERT_PRIORITY="NONE"),
                                   extra_args=["--config", config])
        self.assertFalse(summary["alert_sent"])
        self.repo.write("index.html", b"changed\n")
        self.repo.commit("change")
        self.run_sync(env=self.bare_env(REPO2S3_ALERT_PRIORITY="NONE"),
                      extra_args=["--config", config, "--alert-priority", "IMPORTANT",
                                  "--alert-channel", "C0OTHER"])
        message = self.one_message(IMPORTANT)
        self.assertEqual(message["channel"], "C0OTHER")
        self.assertEqual(listed_paths(message)[0], {"modified": ["index.html"]})

    def test_config_directory_as_starfleet_lays_it_out(self):
        secret = self.secrets_manager()
        directory = self.work / "configuration_files"
        directory.mkdir()
        whole = yaml.safe_load(self.config_file(secret_id=secret).read_text())
        (directory / "base_configuration.yaml").write_text(
            yaml.safe_dump({"STARFLEET": whole["STARFLEET"]}))
        (directory / "github_sync.yaml").write_text(
            yaml.safe_dump({"GitHubSyncWorkerShip": whole["GitHubSyncWorkerShip"]}))
        self.run_sync(env=self.bare_env(), extra_args=["--config", directory])
        self.one_message(IMPORTANT)

    def test_get_installation_token_finds_the_key_through_the_config_file(self):
        config = self.config_file(secret_id=self.secrets_manager())
        proc = cli.run_repo2s3(["get-installation-token", "--payload", self.payload(),
                                "--config", config], env_extra=self.bare_env())
        self.assertEqual(proc.returncode, 0, cli.describe(proc))
        self.assertEqual(proc.stdout.strip(), self.github.issued_tokens()[0])
        self.outputs.append(("get-installation-token", "", proc.stderr))  # stdout holds the token

    def test_download_finds_the_key_through_the_config_file(self):
        config = self.config_file(secret_id=self.secrets_manager())
        save = self.work / "save"
        proc = self.repo2s3(["download", "--payload", self.payload(), "--save-dir", save,
                             "--config", config], self.bare_env())
        self.assertEqual(proc.returncode, 0, cli.describe(proc))
        self.assertTrue((save / (REPO + ".zip")).is_file())

    def test_invalid_config_is_one_line_exit_2_and_nothing_contacted(self):
        cases = {
            "priority": ("GitHubSyncWorkerShip:\n  AlertConfiguration:\n    ChannelId: C1\n"
                         "    AlertPriority: LOUD\n",
                         "GitHubSyncWorkerShip.AlertConfiguration.AlertPriority"),
            "channel": ("GitHubSyncWorkerShip:\n  AlertConfiguration: {AlertPriority: PROBLEM}\n",
                        "ChannelId"),
            "enabled": ("STARFLEET: {SlackEnabled: sometimes}\n", "STARFLEET.SlackEnabled"),
            "secrets": ("STARFLEET: {SecretsManager: {SecretId: x}}\n", "SecretRegion"),
            "syntax": ("STARFLEET: [unclosed\n", "YAML syntax error"),
        }
        before, mark = self.moto_requests(), self.strict.mark()
        for name, (text, key) in cases.items():
            with self.subTest(name):
                config = self.work / ("%s.yaml" % name)
                config.write_text(text)
                proc = self.repo2s3(["run", "--payload", self.payload(), "--commit",
                                     "--config", config], self.env())
                self.assertEqual(proc.returncode, 2, cli.describe(proc))
                line = self.error_line(proc)
                self.assertIn(str(config), line)
                self.assertIn(key, line)
                self.assertEqual(proc.stdout, "")
        self.assertEqual(self.slack.requests, [])
        self.assertEqual(self.github.requests, [])
        self.assertEqual(self.strict.records_since(mark), [], "S3 was contacted")
        self.assertEqual(self.moto_requests(), before, "S3 or Secrets Manager was contacted")

    def test_alerts_without_channel_or_token_are_a_usage_error(self):
        env = self.env()
        del env["REPO2S3_ALERT_CHANNEL"]
        proc = self.repo2s3(["run", "--payload", self.payload()], env)
        self.assertEqual(proc.returncode, 2, cli.describe(proc))
        self.assertIn("channel", self.error_line(proc))
        env = self.env()
        del env["SLACK_TOKEN"]
        proc = self.repo2s3(["run", "--payload", self.payload()], env)
        self.assertEqual(proc.returncode, 2, cli.describe(proc))
        self.assertIn("SLACK_TOKEN", self.error_line(proc))
        self.assertEqual(self.slack.requests, [])
        self.assertEqual(self.github.requests, [])

    def test_missing_slack_token_in_the_secrets_is_reported_and_the_sync_stands(self):
        secrets_file = self.work / "secrets.json"
        secrets_file.write_text(json.dumps({"GitHubSyncWorker": {OWNER: self.key.pkcs1_pem}}))
        proc, summary = self.run_sync(env=self.bare_env(REPO2S3_SECRETS_FILE=str(secrets_file)),
                                      extra_args=["--config", self.config_file()])
        self.assertIsNone(summary["error"])
        self.assertFalse(summary["alert_sent"])
        self.assertIn("STARFLEET.SlackToken", proc.stderr)
        self.assertEqual(self.slack.requests, [])

    def moto_requests(self):
        return self.moto.log_text().count("\n")


if __name__ == "__main__":
    unittest.main()
