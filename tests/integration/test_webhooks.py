"""`repo2s3 watch --webhook-addr`: GitHub push webhooks run the templates they concern at once,
against the GitHub stand-in and moto. Every delivery is signed (or forged) exactly as GitHub signs:
X-Hub-Signature-256 is the HMAC-SHA256 of the raw body under the webhook secret. Polling runs
every 24 hours here, so any run a test sees came from a delivery.
"""

import concurrent.futures
import hashlib
import hmac
import json
import socket
import sys
import time
import uuid

import requests

from harness import cli
from harness.server import closed_port
from test_github_sync import OWNER, PREFIX, REPO, expected_files
from test_watch import WatchTestCase, metric

SECRET = "webhook secret of the sync App"


def signature(body, secret=SECRET):
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class WebhookWatch(WatchTestCase):

    def setUp(self):
        super().setUp()
        self.secret_file = self.work / "webhook-secret"
        self.secret_file.write_text(SECRET + "\n")
        self.write_template("site.yaml", "site")

    def tearDown(self):
        super().tearDown()
        for command, stdout, stderr in self.outputs:
            self.assertNotIn(SECRET, stdout + stderr, "the webhook secret in the output of " +
                             command)

    def start_webhook_watch(self, *extra, env_extra=None):
        self.port = closed_port()
        self.metrics_port = closed_port()
        proc = self.start_watch("--every", "24h", "--commit", "--output", "json",
                                "--webhook-addr", "127.0.0.1:%d" % self.port,
                                "--webhook-secret-file", self.secret_file,
                                "--metrics-addr", "127.0.0.1:%d" % self.metrics_port,
                                *extra, env_extra=env_extra)
        self.wait_until(proc, lambda: "taking GitHub webhooks" in self.output_of(proc)[1],
                        "the webhook endpoint")
        return proc

    def push_body(self, ref="refs/heads/main", full_name=OWNER + "/" + REPO, deleted=False):
        return json.dumps({"ref": ref, "before": "0" * 40, "after": self.repo.head(),
                           "deleted": deleted, "repository": {"full_name": full_name},
                           "pusher": {"name": "octocat"}}).encode()

    def deliver(self, body, event="push", delivery=None, sign=signature):
        headers = {"X-GitHub-Event": event, "X-GitHub-Delivery": delivery or str(uuid.uuid4()),
                   "Content-Type": "application/json", "User-Agent": "GitHub-Hookshot/test"}
        if sign is not None:
            headers["X-Hub-Signature-256"] = sign(body)
        return requests.post("http://127.0.0.1:%d/webhooks/github" % self.port, data=body,
                             headers=headers, timeout=30)

    def runs(self, proc):
        return [r for r in self.reports(proc) if r["template"] == "site"]

    def assert_no_run(self, proc, settle=1.5):
        time.sleep(settle)
        self.assertEqual(self.runs(proc), [], "a run started")
        self.assertEqual(self.github.count("access_tokens"), 0, "GitHub was asked")

    # --- tests ----------------------------------------------------------------------------

    def test_a_signed_push_syncs_the_commit_in_seconds(self):
        proc = self.start_webhook_watch()
        self.repo.write("news/today.html", "<p>pushed</p>\n")
        sha = self.repo.commit("news")
        files = expected_files(self.repo)
        started = time.monotonic()
        answer = self.deliver(self.push_body())
        self.assertEqual(answer.status_code, 202, answer.text)
        self.assertEqual(answer.json()["result"], "accepted")
        self.assertEqual(answer.json()["templates"], ["site"])
        self.wait_until(proc, self.synced(files), "the pushed commit in the bucket", timeout=60)
        latency = time.monotonic() - started
        print("\npush-to-bucket latency: %.2f s" % latency, file=sys.stderr)
        # The run reports (and counts itself) after its last write, a moment after the bucket
        # is whole.
        self.wait_until(proc, lambda: self.runs(proc), "the run's report", timeout=30)
        self.assertEqual([r["commit"] for r in self.runs(proc)], [sha])
        self.wait_until(proc, lambda: metric(self.scrape(self.metrics_port),
                                             "repo2s3_push_to_sync_seconds_count",
                                             template="site") == 1,
                        "the push-to-sync time in the metrics", timeout=30)
        samples = self.scrape(self.metrics_port)
        self.assertEqual(metric(samples, "repo2s3_webhook_deliveries_total", result="accepted"), 1)
        self.stop(proc)

    def test_forged_missing_and_truncated_signatures_run_nothing(self):
        proc = self.start_webhook_watch()
        body = self.push_body()
        cases = {
            "forged": lambda b: signature(b, "another secret"),
            "truncated": lambda b: signature(b)[:-2],
            "for another body": lambda b: signature(b + b" "),
            "missing": None,
        }
        for label, sign in cases.items():
            with self.subTest(signature=label):
                answer = self.deliver(body, sign=sign)
                self.assertEqual(answer.status_code, 401, answer.text)
                self.assertEqual(answer.json()["result"], "rejected")
        self.assert_no_run(proc)
        samples = self.scrape(self.metrics_port)
        self.assertEqual(metric(samples, "repo2s3_webhook_deliveries_total", result="rejected"), 4)
        _, err = self.stop(proc)
        self.assertIn("rejected", err)

    def test_ping_other_events_other_branches_and_repositories_run_nothing(self):
        proc = self.start_webhook_watch()
        self.assertEqual(self.deliver(b'{"zen": "Keep it logically awesome."}', "ping")
                         .status_code, 200)
        issue = self.deliver(b'{"action": "opened"}', "issues")
        self.assertEqual((issue.status_code, issue.json()["result"]), (202, "ignored"))
        for body in (self.push_body(ref="refs/heads/dev"),
                     self.push_body(ref="refs/tags/main"),
                     self.push_body(full_name=OWNER + "/other-site")):
            answer = self.deliver(body)
            self.assertEqual(answer.status_code, 202, answer.text)
            self.assertEqual(answer.json()["templates"], [])
        self.assert_no_run(proc)
        self.stop(proc)

    def test_a_deleted_branch_runs_nothing_and_warns(self):
        proc = self.start_webhook_watch()
        answer = self.deliver(self.push_body(deleted=True))
        self.assertEqual((answer.status_code, answer.json()["result"]), (202, "ignored"))
        self.assert_no_run(proc)
        _, err = self.stop(proc)
        self.assertRegex(err, r"warning .*deleted refs/heads/main")

    def test_a_repeated_delivery_runs_once(self):
        proc = self.start_webhook_watch()
        body = self.push_body()
        first = self.deliver(body, delivery="72d3162e-cc78-11e3-81ab-4c9367dc0958")
        again = self.deliver(body, delivery="72d3162e-cc78-11e3-81ab-4c9367dc0958")
        self.assertEqual(first.json()["result"], "accepted")
        self.assertEqual((again.status_code, again.json()["result"]), (200, "duplicate"))
        self.wait_until(proc, lambda: len(self.runs(proc)) >= 1, "the run")
        time.sleep(1.5)
        self.assertEqual(len(self.runs(proc)), 1)
        self.stop(proc)

    def test_a_burst_of_ten_pushes_gives_at_most_two_runs(self):
        proc = self.start_webhook_watch()
        bodies = []
        for i in range(10):
            self.repo.write("burst.txt", "push %d\n" % i)
            self.repo.commit("burst %d" % i)
            bodies.append(self.push_body())
        with concurrent.futures.ThreadPoolExecutor(max_workers=10) as pool:
            answers = list(pool.map(self.deliver, bodies))
        self.assertEqual([a.status_code for a in answers], [202] * 10)
        files = expected_files(self.repo)
        self.wait_until(proc, self.synced(files), "the last pushed commit in the bucket")
        head = self.repo.head()
        self.wait_until(proc, lambda: any(r["commit"] == head for r in self.runs(proc)),
                        "the report of the run of the last commit", timeout=30)
        time.sleep(2)  # a third run, if one were coming, would have started by now
        runs = self.runs(proc)
        self.assertGreaterEqual(len(runs), 1)
        self.assertLessEqual(len(runs), 2, self.describe(proc))
        self.assertEqual(runs[-1]["commit"], self.repo.head())
        self.stop(proc)

    def test_an_oversized_body_is_refused_unread(self):
        proc = self.start_webhook_watch()
        announced = 26 * 1024 * 1024
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as conn:
            conn.sendall(("POST /webhooks/github HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          "X-GitHub-Event: push\r\nContent-Type: application/json\r\n"
                          "Content-Length: %d\r\n\r\n" % announced).encode() + b"{" * 4096)
            reply = conn.recv(4096).decode("latin-1")
        self.assertTrue(reply.startswith("HTTP/1.1 413"), reply[:200])
        self.assert_no_run(proc, settle=0.5)
        self.stop(proc)

    def test_listening_without_a_secret_is_a_start_up_error(self):
        proc = cli.run_repo2s3(["watch", "--payload-dir", self.payload_dir,
                                "--webhook-addr", "127.0.0.1:%d" % closed_port()],
                               env_extra=self.github_env(), timeout=60)
        self.assertEqual(proc.returncode, 2, cli.describe(proc))
        self.assertIn("no webhook secret", proc.stderr)
        empty = self.work / "empty-secret"
        empty.write_text("")
        proc = cli.run_repo2s3(["watch", "--payload-dir", self.payload_dir,
                                "--webhook-addr", "127.0.0.1:%d" % closed_port(),
                                "--webhook-secret-file", empty],
                               env_extra=self.github_env(), timeout=60)
        self.assertEqual(proc.returncode, 2, cli.describe(proc))
        self.assertIn("is empty", proc.stderr)
