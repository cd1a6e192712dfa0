"""`repo2s3 watch` against the GitHub stand-in and moto: templates re-read every cycle, one
failing template never stopping the others, SIGTERM ending the process cleanly (exit 0) with the
bucket left for the next run to converge, and the Prometheus metrics endpoint.
"""

import json
import os
import re
import signal
import subprocess
import time

import botocore.exceptions
import requests

from harness import bucket as b
from harness import cli
from harness.server import closed_port
from standins.github_standin import GitHubStandIn
from standins.slack_standin import SlackStandIn
from test_github_sync import (APP_ID, INSTALLATION_ID, OWNER, PREFIX, REPO, GitHubSyncTestCase,
                              expected_files, objects)

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)$')


def parse_metrics(text):
    """{(name, frozenset of label pairs): value}; fails on any line that is not valid text
    exposition (comments must be HELP or TYPE)."""
    samples = {}
    for line in text.splitlines():
        if line.startswith("#"):
            if not re.match(r"^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+$", line):
                raise AssertionError("bad comment line: %r" % line)
            continue
        match = SAMPLE.match(line)
        if not match:
            raise AssertionError("bad sample line: %r" % line)
        labels = frozenset(re.findall(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"',
                                      match.group(2) or ""))
        samples[(match.group(1), labels)] = float(match.group(3))
    return samples


def metric(samples, name, **labels):
    return samples.get((name, frozenset(labels.items())))


class WatchTestCase(GitHubSyncTestCase):
    """Starts, reads and stops `repo2s3 watch` processes of a test (no tests of its own)."""

    def setUp(self):
        super().setUp()
        self.payload_dir = self.work / "templates"
        self.payload_dir.mkdir()
        self.procs = []

    def tearDown(self):
        for proc, _, _ in self.procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait(10)
                # Checked for secrets and sanitizer reports by the base class.
                self.outputs.append(("watch (killed)",) + self.output_of(proc))
        super().tearDown()

    def start_watch(self, *args, env_extra=None):
        """Starts `repo2s3 watch --payload-dir ... args`; output goes to files."""
        stdout = open(self.work / ("watch-%d.out" % len(self.procs)), "w+", encoding="utf-8")
        stderr = open(self.work / ("watch-%d.err" % len(self.procs)), "w+", encoding="utf-8")
        self.addCleanup(stdout.close)
        self.addCleanup(stderr.close)
        command = [cli.repo2s3_bin(), "watch", "--payload-dir", str(self.payload_dir)]
        command += [str(a) for a in args]
        env = dict(self.github_env(), **(env_extra or {}))
        proc = subprocess.Popen(command, env=cli.clean_env(env_extra=env),
                                stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr)
        self.procs.append((proc, stdout, stderr))
        return proc

    def output_of(self, proc):
        for candidate, stdout, stderr in self.procs:
            if candidate is proc:
                stdout.flush()
                stderr.flush()
                with open(stdout.name, encoding="utf-8") as out, \
                        open(stderr.name, encoding="utf-8") as err:
                    return out.read(), err.read()
        raise AssertionError("not a watch process of this test")

    def describe(self, proc):
        out, err = self.output_of(proc)
        return "exit %s\n--- stdout ---\n%s\n--- stderr ---\n%s" % (
            proc.poll(), out[-6000:], err[-6000:])

    def wait_until(self, proc, condition, what, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                self.fail("watch exited while waiting for %s:\n%s" % (what, self.describe(proc)))
            if condition():
                return
            time.sleep(0.2)
        self.fail("timed out waiting for %s:\n%s" % (what, self.describe(proc)))

    def stop(self, proc, sig=signal.SIGTERM):
        proc.send_signal(sig)
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            self.fail("watch did not stop after the signal:\n" + self.describe(proc))
        out, err = self.output_of(proc)
        self.outputs.append(("watch", out, err))
        cli.check_sanitizers(err, "repo2s3 watch")
        return out, err

    def reports(self, proc):
        out, _ = self.output_of(proc)
        return [json.loads(line) for line in out.splitlines() if line.strip()]

    def synced(self, files, prefix=PREFIX):
        def check():
            try:
                return self.bucket_objects(prefix) == objects(files, prefix)
            except botocore.exceptions.ClientError:  # deleted between listing and reading
                return False
        return check

    def scrape(self, port):
        response = requests.get("http://127.0.0.1:%d/metrics" % port, timeout=10)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.headers["Content-Type"].startswith("text/plain; version=0.0.4"))
        return parse_metrics(response.text)

    def assert_failing(self, proc, port, template, runs):
        """Waits for `runs` reports of `template`; its runs so far are all counted as failures
        on the metrics endpoint. Returns the metrics."""
        self.wait_until(proc, lambda: sum(1 for r in self.reports(proc)
                                          if r["template"] == template) >= runs,
                        "%d failed runs of %s" % (runs, template))
        samples = self.scrape(port)
        counted = metric(samples, "repo2s3_runs_total", template=template)
        self.assertGreaterEqual(counted, runs)
        self.assertEqual(metric(samples, "repo2s3_run_failures_total", template=template),
                         counted)
        return samples

    def write_template(self, name, template_name, **overrides):
        fields = dict(TemplateName=template_name, KeyPrefix=PREFIX)
        fields.update(overrides)
        return self.payload(name=str(self.payload_dir.relative_to(self.work) / name), **fields)



class Watch(WatchTestCase):

    def test_failing_template_never_stops_the_other_and_templates_are_re_read(self):
        self.write_template("good.yaml", "good")
        self.write_template("bad.yaml", "bad", Repository="no-such-repo", KeyPrefix="bad/")
        port = closed_port()
        proc = self.start_watch("--every", "1s", "--commit", "--output", "json",
                                "--metrics-addr", "127.0.0.1:%d" % port)

        # Cycle 1: the good template syncs although the bad one fails.
        files = expected_files(self.repo)
        self.wait_until(proc, self.synced(files), "the first sync")

        # Cycle 2: a commit pushed between cycles appears in the bucket.
        self.repo.write("news/today.html", "<p>fresh</p>\n")
        self.repo.remove("README.md")
        self.repo.commit("news")
        files = expected_files(self.repo)
        self.wait_until(proc, self.synced(files), "the pushed commit to be synced")

        # Cycle 3: a template added to --payload-dir is picked up.
        self.write_template("third.yaml", "third", KeyPrefix="third/")
        self.wait_until(proc, self.synced(files, "third/"), "the added template to be synced")
        samples = self.assert_failing(proc, port, "bad", 3)
        good_runs = metric(samples, "repo2s3_runs_total", template="good")
        self.assertGreaterEqual(good_runs, 2)
        self.assertEqual(metric(samples, "repo2s3_run_failures_total", template="good"), 0)
        self.assertGreaterEqual(metric(samples, "repo2s3_objects_uploaded_total",
                                       template="good"), len(files))
        self.assertEqual(metric(samples, "repo2s3_objects_deleted_total", template="good"), 1)
        self.assertGreater(metric(samples, "repo2s3_last_success_timestamp_seconds",
                                  template="good"), time.time() - 600)
        self.assertEqual(metric(samples, "repo2s3_last_success_timestamp_seconds",
                                template="bad"), 0)
        self.assertEqual(metric(samples, "repo2s3_run_duration_seconds_count", template="good"),
                         metric(samples, "repo2s3_run_duration_seconds_bucket", template="good",
                                le="+Inf"))
        self.assertIsNotNone(metric(samples, "repo2s3_runs_total", template="third"))

        out, err = self.stop(proc)
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.assertIn("received SIGTERM", err)
        bad_reports = [r for r in self.reports(proc) if r["template"] == "bad"]
        self.assertTrue(all("octo-org/no-such-repo" in r["error"] for r in bad_reports), bad_reports)
        good_reports = [r for r in self.reports(proc) if r["template"] == "good"]
        self.assertTrue(all(r["error"] is None and r["committed"] for r in good_reports))
        self.assertEqual({r["commit"] for r in good_reports} - {None},
                         {self.sha, self.repo.head()}, "both commits were synced")
        self.assertEqual(b.list_keys(self.s3, self.bucket, "bad/"), [])

    def test_a_warm_watch_costs_one_branch_lookup_and_one_listing_per_unchanged_cycle(self):
        self.write_template("site.yaml", "site")
        files = expected_files(self.repo)
        proc = self.start_watch("--every", "1s", "--commit", "--output", "json")
        self.wait_until(proc, lambda: len(self.reports(proc)) >= 4, "four cycles")
        self.stop(proc)
        reports = self.reports(proc)
        self.assertEqual([r["state"]["use"] for r in reports[:4]],
                         ["full", "unchanged", "unchanged", "unchanged"])
        self.assert_bucket_equals(files)
        self.assertEqual(self.github.count("zipball"), 1, "one download in all")
        self.assertEqual(self.github.count("access_tokens"), 1, "the token is kept")
        state_reads = [r for r in self.strict.records_since(self.strict_mark)
                       if r.method == "GET" and "/.repo2s3/state/" in r.path]
        self.assertEqual(len(state_reads), 1, "the state is read once, then remembered")

    def test_sigterm_mid_cycle_exits_0_and_the_next_run_converges(self):
        payload = self.write_template("site.yaml", "site")
        proc = self.start_watch("--every", "1s", "--commit", "--log-level", "debug")
        files = expected_files(self.repo)
        self.wait_until(proc, self.synced(files), "the first sync")

        # A bigger commit, then SIGTERM as soon as its run starts uploading.
        for i in range(150):
            self.repo.write("bulk/page-%03d.html" % i, "<p>page %d</p>\n" % i)
        self.repo.remove("README.md")
        self.repo.commit("bulk pages")
        self.wait_until(proc, lambda: b.list_keys(self.s3, self.bucket, PREFIX + "bulk/"),
                        "the bulk run to start uploading", timeout=90)
        out, err = self.stop(proc)
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.assertIn("received SIGTERM", err)
        self.assertIn("stopped", err)
        # The run in flight finished: it applied everything, deletes included.
        self.assertRegex(out, r"synced 150 new, 0 modified, 1 deleted")

        # A following run has nothing left to do.
        summary = self.run_json(payload, commit=True)
        self.assert_plan(summary)
        self.assert_bucket_equals(expected_files(self.repo))

    def test_sigint_before_any_run_exits_0_and_bad_flags_exit_2(self):
        self.write_template("site.yaml", "site")
        proc = self.start_watch("--every", "1h")
        # Once it logs that it is watching, its signals are taken by the sigwait thread (a
        # signal before that ends the process as any program's would).
        self.wait_until(proc, lambda: "watching:" in self.output_of(proc)[1], "the watch loop")
        self.stop(proc, signal.SIGINT)
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        for args, phrase in ((["--every", "5x"], "--every"),
                             (["--metrics-addr", "nowhere"], "--metrics-addr"),
                             (["--templates", "bucket/prefix"], "--templates")):
            done = self.repo2s3(["watch", "--payload-dir", self.payload_dir] + args)
            self.assertEqual(done.returncode, 2, cli.describe(done))
            self.assertIn(phrase, done.stderr)
        done = self.repo2s3(["watch"])
        self.assertEqual(done.returncode, 2, cli.describe(done))

    def test_templates_from_an_s3_prefix(self):
        config = b.create_bucket(self.s3, "watch-config")
        body = self.write_template("site.yaml", "from-s3").read_bytes()
        os.remove(self.payload_dir / "site.yaml")
        b.put_objects(self.s3, config, {"templates/site.yaml": body,
                                        "templates/notes.txt": b"not a template",
                                        "elsewhere/other.yaml": body})
        port = closed_port()
        command_args = ["--templates", "s3://%s/templates/" % config, "--every", "1s",
                        "--commit", "--metrics-addr", "127.0.0.1:%d" % port]
        proc = self.start_watch(*command_args)
        files = expected_files(self.repo)
        self.wait_until(proc, self.synced(files), "the template read from S3 to sync")
        samples = self.scrape(port)
        self.assertGreaterEqual(metric(samples, "repo2s3_runs_total", template="from-s3"), 1)
        self.assertEqual(len({labels for name, labels in samples
                              if name == "repo2s3_runs_total"}), 1)
        self.stop(proc)
        self.assertEqual(proc.returncode, 0, self.describe(proc))

    # Runs started by `watch` raise the same Slack alerts as `repo2s3 run`.
    SLACK_TOKEN = "xoxb-4242-repo2s3-WATCH-slack-token-do-not-leak"
    CHANNEL = "C0WATCH"

    def test_a_change_raises_one_important_and_a_failing_template_raises_problems(self):
        slack = SlackStandIn(self.SLACK_TOKEN, channels=[self.CHANNEL]).start()
        self.addCleanup(slack.stop)
        self.write_template("good.yaml", "good")
        self.write_template("bad.yaml", "bad", Repository="no-such-repo", KeyPrefix="bad/")
        proc = self.start_watch("--every", "1s", "--commit", "--alert-priority", "important",
                                "--alert-channel", self.CHANNEL,
                                env_extra={"SLACK_TOKEN": self.SLACK_TOKEN,
                                           "SLACK_API_URL": slack.api_url})
        files = expected_files(self.repo)
        self.wait_until(proc, self.synced(files), "the good template to sync")
        self.wait_until(proc, lambda: len([m for m in slack.messages
                                           if m["text"].startswith("🚨")]) >= 2,
                        "two PROBLEM alerts for the failing template")
        self.stop(proc)
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.assertEqual(slack.internal_errors, [])
        self.assertEqual(slack.violations, [])
        important = [m for m in slack.messages if m["text"].startswith("📣")]
        self.assertEqual(len(important), 1, [m["text"] for m in slack.messages])
        self.assertIn("good", important[0]["text"])
        problems = [m for m in slack.messages if m["text"].startswith("🚨")]
        self.assertTrue(all("bad" in m["text"] for m in problems), [m["text"] for m in problems])
        for message in slack.messages:
            self.assertNotIn(self.SLACK_TOKEN, json.dumps(message))

    def test_a_destination_under_another_runs_lease_is_skipped_without_alerts(self):
        slack = SlackStandIn(self.SLACK_TOKEN, channels=[self.CHANNEL]).start()
        self.addCleanup(slack.stop)
        lease_key = ".repo2s3/lease/" + PREFIX + "lease.json"
        expires = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 600))
        b.put_objects(self.s3, self.bucket, {lease_key: json.dumps(
            {"owner": "elsewhere", "host": "other-host", "pid": 31, "template": "site",
             "expires": expires}).encode()})
        self.write_template("site.yaml", "site")
        port = closed_port()
        proc = self.start_watch("--every", "1s", "--commit", "--output", "json",
                                "--metrics-addr", "127.0.0.1:%d" % port,
                                "--alert-priority", "informational",
                                "--alert-channel", self.CHANNEL,
                                env_extra={"SLACK_TOKEN": self.SLACK_TOKEN,
                                           "SLACK_API_URL": slack.api_url})
        skipped = "site.yaml): skipped this cycle: another run holds the lease"
        self.wait_until(proc, lambda: self.output_of(proc)[1].count(skipped) >= 2,
                        "two skipped cycles")
        samples = self.scrape(port)
        self.assertGreaterEqual(metric(samples, "repo2s3_runs_skipped_total", template="site"), 2)
        self.assertEqual(metric(samples, "repo2s3_run_failures_total", template="site"), 0)
        self.assertEqual(metric(samples, "repo2s3_runs_total", template="site"), 0)
        self.assertEqual(self.bucket_objects(PREFIX), {}, "a skipped cycle wrote")
        self.assertEqual(self.reports(proc), [], "a skipped cycle printed a report")
        self.assertEqual(slack.messages, [], "a skipped cycle raised an alert")
        _, err = self.output_of(proc)
        line = next(l for l in err.splitlines() if skipped in l)
        self.assertIn(" warning site (", line)
        self.assertIn("host other-host, pid 31, template site", line)

        # The holder lets go: the next cycle syncs.
        self.s3.delete_object(Bucket=self.bucket, Key=lease_key)
        self.wait_until(proc, self.synced(expected_files(self.repo)), "the sync after the lease")
        self.stop(proc)
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.assertEqual(b.list_keys(self.s3, self.bucket, ".repo2s3/lease/"), [])

    # --- hardening ------------------------------------------------------------------------

    def test_a_template_whose_branch_lookups_always_502_never_stops_the_other(self):
        # GitHub's 502 page has multi-byte characters where a 200-byte excerpt cuts one.
        self.github.add_repository(OWNER, "broken", self.repo.path)
        self.addCleanup(self.github.remove_repository, OWNER, "broken")
        self.github.inject("git_ref", "bad_gateway", times=100000, repository=OWNER + "/broken")
        self.write_template("good.yaml", "good")
        self.write_template("broken.yaml", "broken", Repository="broken", KeyPrefix="broken/")
        port = closed_port()
        # A run's budget of 4 s: the broken template's retries give up sooner.
        proc = self.start_watch("--every", "2s", "--commit", "--output", "json",
                                "--run-timeout", "4s", "--metrics-addr", "127.0.0.1:%d" % port)

        self.wait_until(proc, self.synced(expected_files(self.repo)), "the first sync")
        self.repo.write("news/today.html", "<p>fresh</p>\n")
        self.repo.commit("news")
        files = expected_files(self.repo)
        self.wait_until(proc, self.synced(files), "the pushed commit to be synced")
        samples = self.assert_failing(proc, port, "broken", 2)
        self.assertGreaterEqual(metric(samples, "repo2s3_runs_total", template="good"), 2)
        self.assertEqual(metric(samples, "repo2s3_run_failures_total", template="good"), 0)
        out, err = self.stop(proc)
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        stdout_file = self.procs[-1][1].name
        with open(stdout_file, "rb") as raw:
            raw.read().decode("utf-8")  # every report is valid UTF-8
        broken = [r for r in self.reports(proc) if r["template"] == "broken"]
        self.assertTrue(all("502" in r["error"] for r in broken), broken)
        self.assertTrue(all(r["error"] is None for r in self.reports(proc)
                            if r["template"] == "good"))
        self.assertRegex(err, r"(?m)^\S+ error broken \(.*502")  # each failure is logged
        self.assertEqual(b.list_keys(self.s3, self.bucket, "broken/"), [])

    def test_the_mass_delete_guard_holds_unless_the_flag_lifts_it(self):
        stale = {PREFIX + "stale/%02d.html" % i: b"stale" for i in range(12)}
        b.put_objects(self.s3, self.bucket, stale)
        self.write_template("site.yaml", "site")
        files = expected_files(self.repo)

        proc = self.start_watch("--every", "2s", "--commit", "--output", "json")
        self.wait_until(proc, lambda: self.reports(proc), "the first report")
        self.stop(proc)
        report = self.reports(proc)[0]
        self.assertEqual(report["delete_guard"], {"deletions": 12, "listed": 12,
                                                  "max_percent": 50, "withheld": True})
        self.assertTrue(report["error"].startswith("mass-delete guard: the plan deletes 12 of "
                                                   "the 12 objects"), report["error"])
        self.assertEqual(self.bucket_objects(PREFIX),
                         dict(objects(files), **{key: (b.hashlib.md5(b"stale").hexdigest(), 5)
                                                 for key in stale}))

        proc = self.start_watch("--every", "2s", "--commit", "--output", "json",
                                "--max-delete-percent", "100")
        self.wait_until(proc, self.synced(files), "the stale objects to be deleted")
        self.stop(proc)
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        report = self.reports(proc)[0]
        self.assertIsNone(report["error"])
        self.assertEqual(sorted(report["deleted"]), sorted(k[len(PREFIX):] for k in stale))

    def test_a_rotated_app_key_is_read_again_without_a_restart(self):
        # Tokens live 120 s, and a token is reused only until 5 minutes before it expires: each
        # run signs a new JWT with the key from the secrets file.
        standin = GitHubStandIn(APP_ID, self.key.public_pem, INSTALLATION_ID,
                                token_lifetime=120).start()
        standin.add_repository(OWNER, REPO, self.repo.path)
        secrets_file = self.work / "secrets.json"

        def write_secrets(key):
            staged = self.work / "secrets.json.new"
            staged.write_text(json.dumps({"GitHubSyncWorker": {OWNER: key.pkcs1_pem}}))
            os.replace(staged, secrets_file)

        write_secrets(self.key)
        self.write_template("site.yaml", "site")
        try:
            proc = self.start_watch("--every", "2s", "--commit", "--output", "json", env_extra={
                "GITHUB_API_URL": standin.url, "GITHUB_APP_PRIVATE_KEY_FILE": None,
                "REPO2S3_SECRETS_FILE": str(secrets_file)})
            self.wait_until(proc, lambda: len(self.reports(proc)) >= 2, "two runs")
            # A run has just ended; the next starts about 2 s later.
            rotated_after = len(self.reports(proc))
            standin.rotate_key(self.other_key.public_pem)
            write_secrets(self.other_key)
            self.assertGreaterEqual(standin.count("access_tokens"), rotated_after,
                                    "runs reused a token: the rotation would go untested")
            self.assertEqual(standin.count("access_tokens"), len(standin.issued_tokens()))
            self.assertTrue(all(r["error"] is None for r in self.reports(proc)),
                            self.describe(proc))

            self.repo.write("rotated.html", b"<p>after the rotation</p>\n")
            self.repo.commit("after the rotation")
            files = expected_files(self.repo)
            self.wait_until(proc, self.synced(files), "a sync with the new key")
            self.wait_until(proc, lambda: len(self.reports(proc)) >= rotated_after + 2,
                            "two runs after the rotation")
            self.stop(proc)
            self.assertEqual(proc.returncode, 0, self.describe(proc))
            after = self.reports(proc)[rotated_after:]
            self.assertEqual([r["error"] for r in after], [None] * len(after))
            refused = standin.count("access_tokens") - len(standin.issued_tokens())
            self.assertEqual(refused, 1, "want one refused JWT, signed with the old key")
            self.assertIn("GitHub refused the App key", self.output_of(proc)[1])
        finally:
            self.seen_tokens.update(standin.issued_tokens())
            standin.stop()
