"""repo2s3 as an AWS Lambda custom runtime: the Runtime-API stand-in hands out SQS batches and
direct payloads, the GitHub stand-in serves a real git repository, moto is the bucket. Also the
deployable zip (scripts/package-lambda), run in a chroot that holds nothing but the package, /tmp
and a CA bundle.
"""

import base64
import hashlib
import hmac
import json
import os
import pathlib
import shutil
import subprocess
import tempfile
import time
import unittest
import uuid

import boto3
import yaml

from harness import bucket as b
from harness import cli, payloads
from harness.gitrepo import EXCLUDE_PATTERNS
from standins.lambda_runtime_standin import LambdaRuntimeStandIn
from standins.slack_standin import SlackStandIn
from test_github_sync import (APP_ID, INSTALLATION_ID, OWNER, REPO, GitHubSyncTestCase,
                              expected_files, objects)

QUEUE_ARN = "arn:aws:sqs:us-east-1:123456789012:repo2s3-jobs"
CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt"
CHROOT = shutil.which("chroot") or "/usr/sbin/chroot"


def sqs_record(body, message_id=None):
    """One record as Lambda's SQS event source delivers it."""
    return {
        "messageId": message_id or str(uuid.uuid4()),
        "receiptHandle": "AQEB" + uuid.uuid4().hex,
        "body": body,
        "attributes": {"ApproximateReceiveCount": "1", "SentTimestamp": str(int(time.time() * 1000)),
                       "SenderId": "AIDAIENQZJOLO23YVJ4VO",
                       "ApproximateFirstReceiveTimestamp": str(int(time.time() * 1000))},
        "messageAttributes": {},
        "md5OfBody": hashlib.md5(body.encode("utf-8")).hexdigest(),
        "eventSource": "aws:sqs",
        "eventSourceARN": QUEUE_ARN,
        "awsRegion": "us-east-1",
    }


def sqs_event(*records):
    return {"Records": list(records)}


def failure_ids(result):
    """The messageIds in a batch response; fails on anything but {"batchItemFailures": [...]}."""
    if result.kind != "response" or not isinstance(result.body, dict) \
            or set(result.body) != {"batchItemFailures"}:
        raise AssertionError("not a batch response: %r" % (result,))
    return sorted(item["itemIdentifier"] for item in result.body["batchItemFailures"])


class LambdaRuntimeTestCase(GitHubSyncTestCase):
    """GitHubSyncTestCase's stand-in, moto, git repository and secret checks, plus a
    Runtime-API stand-in per test and repo2s3 runtime processes, stopped when the test ends."""

    def setUp(self):
        super().setUp()
        self.files = expected_files(self.repo)
        self.runtime = LambdaRuntimeStandIn().start()
        self.addCleanup(self.runtime.stop)
        self.processes = []

    def tearDown(self):
        for process in self.processes:
            self._stop(process)  # their logs go to self.outputs, checked for secrets and
                                 # sanitizer reports; S3 went through the strict proxy
        self.assertEqual(self.runtime.protocol_errors, [], "the runtime broke the Runtime API")
        super().tearDown()

    # --- building blocks ----------------------------------------------------------------------

    def template(self, bucket, prefix, **overrides):
        fields = dict(TemplateName="Lambda-" + prefix.strip("/"), BucketName=bucket,
                      Organization=OWNER, Repository=REPO, BranchName="main", GitHubAppId=APP_ID,
                      GitHubInstallationId=INSTALLATION_ID, KeyPrefix=prefix,
                      DeleteMissingFiles=True, ExcludeRepoPaths=list(EXCLUDE_PATTERNS))
        fields.update(overrides)
        return payloads.payload_dict(**fields)

    def runtime_env(self, **extra):
        env = {"AWS_LAMBDA_RUNTIME_API": self.runtime.address,
               "AWS_ENDPOINT_URL_S3": self.strict.endpoint,
               "GITHUB_API_URL": self.github.url,
               "GITHUB_APP_PRIVATE_KEY": self.key.pkcs1_pem,
               "AWS_LAMBDA_FUNCTION_NAME": "repo2s3",
               "STARFLEET_COMMIT": None}
        env.update(extra)
        return env

    def start(self, args=("lambda",), program=None, command=None, env=None, **extra_env):
        """Starts a runtime process (`command`, else `program` or repo2s3 with `args`); it is
        stopped (SIGTERM) when the test ends."""
        # O_APPEND: the process writes at the end while the test reads from the start.
        log = open(self.work / ("runtime-%d.log" % len(self.processes)), "a+", encoding="utf-8",
                   errors="replace")
        command = command or [program or cli.repo2s3_bin()] + list(args)
        process = subprocess.Popen(command, env=env or cli.clean_env(env_extra=self.runtime_env(
            **extra_env)), stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        process.log_file = log
        self.processes.append(process)
        self.addCleanup(self._stop, process)  # also when the test fails before tearDown
        return process

    def _stop(self, process):
        if process.log_file.closed:
            return
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=30)
        log = self.log_of(process)
        self.outputs.append((" ".join(str(a) for a in process.args), "", log))
        process.log_file.close()
        cli.check_sanitizers(log, " ".join(str(a) for a in process.args))

    @staticmethod
    def log_of(process):
        process.log_file.flush()
        process.log_file.seek(0)
        return process.log_file.read()

    def invoke(self, event, timeout=180, **queue_options):
        request_id = self.runtime.queue_event(event, **queue_options)
        return self.runtime.wait_for_result(request_id, timeout=timeout)

    def new_bucket(self, label):
        return b.create_bucket(self.s3, self._testMethodName + "-" + label)

    def seed(self, bucket, prefix):
        """A stale object the sync would delete and an outdated one it would overwrite."""
        b.put_objects(self.s3, bucket, {prefix + "stale.html": b"stale",
                                        prefix + "README.md": b"outdated"})
        return b.snapshot(self.s3, bucket)

    def assert_synced(self, bucket, prefix):
        actual = b.contents(b.snapshot(self.s3, bucket, prefix))
        self.assertEqual(actual, objects(self.files, prefix), "bucket %s differs from git" % bucket)


class SqsBatchTest(LambdaRuntimeTestCase):

    def three_records(self):
        """Two valid templates (one JSON, one YAML) and an invalid one in between."""
        self.bucket_a, self.bucket_b = self.new_bucket("a"), self.new_bucket("b")
        json_body = json.dumps(self.template(self.bucket_a, "www/"))
        yaml_body = yaml.safe_dump(self.template(self.bucket_b, "site/"), sort_keys=False)
        invalid = self.template(self.bucket_a, "bad/")
        del invalid["BucketName"]
        self.records = [sqs_record(json_body), sqs_record(json.dumps(invalid)),
                        sqs_record(yaml_body)]
        self.invalid_id = self.records[1]["messageId"]
        return sqs_event(*self.records)

    def test_the_valid_records_sync_and_exactly_the_invalid_one_fails(self):
        event = self.three_records()
        before_b = self.seed(self.bucket_b, "site/")
        self.assertNotEqual(before_b, {})
        process = self.start(STARFLEET_COMMIT="True")

        result = self.invoke(event)
        self.assertEqual(failure_ids(result), [self.invalid_id], self.log_of(process))
        self.assert_synced(self.bucket_a, "www/")
        self.assert_synced(self.bucket_b, "site/")  # stale.html deleted, README.md replaced
        self.assertEqual(b.synced_keys(self.s3, self.bucket_a, "bad/"), [])

        log = self.log_of(process)
        for record in self.records:
            self.assertIn("SQS message " + record["messageId"], log)
        failed_lines = [line for line in log.splitlines() if "failed:" in line]
        self.assertEqual(len(failed_lines), 1, log)
        self.assertIn(self.invalid_id, failed_lines[0])
        self.assertIn("missing required key BucketName", failed_lines[0])
        self.assertEqual(self.github.count("access_tokens"), 1, "one token serves both runs")
        puts = [r for r in self.strict.records_since(self.strict_mark)
                if r.method == "PUT" and "/.repo2s3/" not in r.path]  # not the leases or states
        self.assertEqual(len(puts), 2 * len(self.files), "uploads through the strict proxy")

    def test_without_starfleet_commit_true_nothing_changes(self):
        event = self.three_records()
        before_a = self.seed(self.bucket_a, "www/")
        before_b = self.seed(self.bucket_b, "site/")
        for value in ("false", None, "yes", "1"):
            with self.subTest(STARFLEET_COMMIT=value):
                process = self.start(STARFLEET_COMMIT=value)
                result = self.invoke(event)
                self.assertEqual(failure_ids(result), [self.invalid_id], self.log_of(process))
                self.assertIn("dry run", self.log_of(process))
                self.assertEqual(b.snapshot(self.s3, self.bucket_a), before_a, "a dry run wrote")
                self.assertEqual(b.snapshot(self.s3, self.bucket_b), before_b, "a dry run wrote")
                self._stop(process)

    def test_a_failed_sync_is_a_batch_item_failure_and_later_records_still_run(self):
        bucket = self.new_bucket("ok")
        missing_repo = sqs_record(json.dumps(self.template(bucket, "gone/", Repository="no-such")))
        missing_bucket = sqs_record(json.dumps(self.template("r2s-no-such-bucket-x", "x/")))
        good = sqs_record(json.dumps(self.template(bucket, "www/")))
        process = self.start(STARFLEET_COMMIT="true")

        result = self.invoke(sqs_event(missing_repo, missing_bucket, good))
        self.assertEqual(failure_ids(result),
                         sorted([missing_repo["messageId"], missing_bucket["messageId"]]),
                         self.log_of(process))
        self.assert_synced(bucket, "www/")
        self.assertEqual(b.synced_keys(self.s3, bucket, "gone/"), [])

    def test_a_record_whose_branch_lookups_502_fails_alone_and_the_runtime_goes_on(self):
        # GitHub's 502 page has multi-byte characters where a 200-byte excerpt cuts one.
        self.github.add_repository(OWNER, "broken", self.repo.path)
        self.addCleanup(self.github.remove_repository, OWNER, "broken")
        self.github.inject("git_ref", "bad_gateway", times=1000, repository=OWNER + "/broken")
        bucket = self.new_bucket("502")
        broken = sqs_record(json.dumps(self.template(bucket, "broken/", Repository="broken")))
        good = sqs_record(json.dumps(self.template(bucket, "www/")))
        process = self.start(STARFLEET_COMMIT="true")

        result = self.invoke(sqs_event(broken, good))
        self.assertEqual(failure_ids(result), [broken["messageId"]], self.log_of(process))
        self.assert_synced(bucket, "www/")
        self.assertEqual(b.synced_keys(self.s3, bucket, "broken/"), [])
        self.assertGreaterEqual(self.github.fault_counts()["bad_gateway"], 2, "no retry")
        log = pathlib.Path(process.log_file.name).read_bytes().decode("utf-8")
        self.assertRegex(log, r"SQS message %s: failed: .*502" % broken["messageId"])

        self.repo.write("index.html", b"<!doctype html><title>next</title>\n")
        self.repo.commit("next")
        self.files = expected_files(self.repo)
        next_record = sqs_record(json.dumps(self.template(bucket, "www/")))
        self.assertEqual(failure_ids(self.invoke(sqs_event(next_record))), [],
                         self.log_of(process))
        self.assert_synced(bucket, "www/")
        self.assertIsNone(process.poll(), "the runtime exited")

    def test_one_runtime_serves_invocation_after_invocation(self):
        bucket = self.new_bucket("repeat")
        event = sqs_event(sqs_record(json.dumps(self.template(bucket, "www/"))))
        process = self.start(STARFLEET_COMMIT="true")
        self.assertEqual(failure_ids(self.invoke(event)), [])
        self.repo.write("index.html", b"<!doctype html><title>changed</title>\n")
        self.repo.commit("change the index")
        self.files = expected_files(self.repo)
        self.assertEqual(failure_ids(self.invoke(event)), [], self.log_of(process))
        self.assert_synced(bucket, "www/")
        self.assertEqual(process.poll(), None, "the runtime exited between invocations")

    def test_an_event_that_is_not_understood_fails_the_whole_invocation(self):
        process = self.start()
        result = self.invoke({"Records": [{"body": "a record without a messageId"}]})
        self.assertEqual(result.kind, "error", self.log_of(process))
        self.assertEqual(result.error_type, "InvalidEvent")
        self.assertIn("Records[0] has no messageId", result.body["errorMessage"])


class LeaseTest(LambdaRuntimeTestCase):

    def test_a_record_meeting_another_runs_lease_goes_back_to_the_queue(self):
        busy_bucket, free_bucket = self.new_bucket("busy"), self.new_bucket("free")
        lease_key = ".repo2s3/lease/www/lease.json"
        expires = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 600))
        b.put_objects(self.s3, busy_bucket, {lease_key: json.dumps(
            {"owner": "elsewhere", "host": "other-host", "pid": 31, "template": "Lambda-www",
             "expires": expires}).encode()})
        busy = sqs_record(json.dumps(self.template(busy_bucket, "www/")))
        free = sqs_record(json.dumps(self.template(free_bucket, "www/")))
        process = self.start(STARFLEET_COMMIT="true")

        result = self.invoke(sqs_event(busy, free))
        log = self.log_of(process)
        self.assertEqual(failure_ids(result), [busy["messageId"]], log)
        self.assert_synced(free_bucket, "www/")
        self.assertEqual(b.synced_keys(self.s3, busy_bucket, "www/"), [], "the busy bucket changed")
        self.assertEqual(b.list_keys(self.s3, busy_bucket), [lease_key])
        self.assertEqual(b.list_keys(self.s3, free_bucket, ".repo2s3/lease/"), [])
        skipped = [line for line in log.splitlines() if "skipped, to be retried" in line]
        self.assertEqual(len(skipped), 1, log)
        self.assertIn("host other-host, pid 31, template Lambda-www", skipped[0])

        # Once the lease is gone, SQS's next delivery of the record syncs it.
        self.s3.delete_object(Bucket=busy_bucket, Key=lease_key)
        result = self.invoke(sqs_event(busy))
        self.assertEqual(failure_ids(result), [], self.log_of(process))
        self.assert_synced(busy_bucket, "www/")


class DeadlineTest(LambdaRuntimeTestCase):

    def test_a_record_stops_at_the_margin_and_later_ones_do_not_start(self):
        bucket = self.new_bucket("deadline")
        records = [sqs_record(json.dumps(self.template(bucket, prefix)))
                   for prefix in ("first/", "second/", "third/")]
        # With a 10 s margin and 13 s until the deadline, the first record starts with a 3 s
        # budget; its archive download stalls for 5 s, so it is stopped at the margin and
        # fails. The others would start with less than the margin left: none does.
        self.github.stall("codeload", 5)
        process = self.start(STARFLEET_COMMIT="true", REPO2S3_LAMBDA_DEADLINE_MARGIN_MS="10000")
        self.runtime.wait_for_next_call()

        started = time.monotonic()
        result = self.invoke(sqs_event(*records), deadline_in=13)
        self.assertLess(time.monotonic() - started, 13, "answered after the deadline")
        self.assertEqual(failure_ids(result), sorted(r["messageId"] for r in records),
                         self.log_of(process))
        for prefix in ("first/", "second/", "third/"):
            self.assertEqual(b.synced_keys(self.s3, bucket, prefix), [])
        self.assertEqual(self.github.count("codeload"), 1, "a record started after the margin")
        log = self.log_of(process)
        self.assertRegex(log, r"SQS message %s: failed: .*(time budget|timed out)"
                         % records[0]["messageId"])
        for record in records[1:]:
            self.assertRegex(log, r"SQS message %s: failed: not started: \d+ ms left before the "
                                  r"invocation's deadline, within the 10000 ms safety margin"
                             % record["messageId"])

    def test_a_stalled_download_fails_before_the_deadline_and_the_next_invocation_runs(self):
        bucket = self.new_bucket("stalled")
        self.github.stall("codeload", 9)  # longer than the 6 s until each deadline
        process = self.start(STARFLEET_COMMIT="true", REPO2S3_LAMBDA_DEADLINE_MARGIN_MS="2000")
        self.runtime.wait_for_next_call()

        record = sqs_record(json.dumps(self.template(bucket, "www/")))
        direct = self.template(bucket, "www/")
        for name, event in (("SQS", sqs_event(record)), ("direct", direct)):
            with self.subTest(name):
                deadline_ms = int((time.time() + 6) * 1000)
                result = self.invoke(event, deadline_ms=deadline_ms)
                answered_ms = time.time() * 1000
                self.assertLess(answered_ms, deadline_ms, "answered after the deadline")
                if event is direct:
                    self.assertEqual(result.kind, "error", self.log_of(process))
                    self.assertIn(result.error_type, ("SyncFailed", "DeadlineExceeded"))
                else:
                    self.assertEqual(failure_ids(result), [record["messageId"]],
                                     self.log_of(process))
        self.assertEqual(self.github.count("codeload"), 2, "the download was not what stalled")
        self.assertEqual(b.synced_keys(self.s3, bucket), [])

        self.github.stall("codeload", 0)
        result = self.invoke(sqs_event(sqs_record(json.dumps(self.template(bucket, "www/")))))
        self.assertEqual(failure_ids(result), [], self.log_of(process))
        self.assert_synced(bucket, "www/")
        self.assertIsNone(process.poll(), "the runtime exited")

    def test_nothing_starts_inside_the_margin(self):
        bucket = self.new_bucket("late")
        records = [sqs_record(json.dumps(self.template(bucket, "www/"))) for _ in range(2)]
        process = self.start(STARFLEET_COMMIT="true")  # default margin: 30 s
        result = self.invoke(sqs_event(*records), deadline_in=20)
        self.assertEqual(failure_ids(result), sorted(r["messageId"] for r in records),
                         self.log_of(process))
        self.assertEqual(self.github.count("access_tokens"), 0)
        self.assertEqual(b.synced_keys(self.s3, bucket), [])

        direct = self.invoke(self.template(bucket, "www/"), deadline_in=20)
        self.assertEqual((direct.kind, direct.error_type), ("error", "DeadlineExceeded"))
        self.assertIn("30000 ms safety margin", direct.body["errorMessage"])


class DirectInvocationTest(LambdaRuntimeTestCase):

    def test_a_payload_event_answers_with_the_run_report(self):
        bucket = self.new_bucket("direct")
        process = self.start(STARFLEET_COMMIT="TRUE")
        result = self.invoke(self.template(bucket, "www/"))
        self.assertEqual(result.kind, "response", self.log_of(process))
        report = result.body
        self.assertEqual(report["template"], "Lambda-www")
        self.assertEqual((report["bucket"], report["prefix"]), (bucket, "www/"))
        self.assertEqual(report["commit"], self.sha)
        self.assertTrue(report["committed"])
        self.assertEqual(sorted(report["new"]), sorted(self.files))
        self.assertIsNone(report["error"])
        self.assert_synced(bucket, "www/")

    def test_a_dry_run_reports_the_plan_and_writes_nothing(self):
        bucket = self.new_bucket("dry")
        self.start()
        result = self.invoke(self.template(bucket, "www/"))
        self.assertEqual(result.kind, "response")
        self.assertFalse(result.body["committed"])
        self.assertEqual(sorted(result.body["new"]), sorted(self.files))
        self.assertEqual(b.synced_keys(self.s3, bucket), [])

    def test_failures_are_function_errors_and_the_runtime_keeps_serving(self):
        bucket = self.new_bucket("errors")
        process = self.start(STARFLEET_COMMIT="true")
        invalid = self.invoke(self.template(bucket, "www/", BucketRegion="us-east-7"))
        self.assertEqual((invalid.kind, invalid.error_type), ("error", "InvalidPayload"))
        self.assertIn('BucketRegion: unknown AWS region "us-east-7"', invalid.body["errorMessage"])

        failed = self.invoke(self.template(bucket, "www/", BranchName="no-such-branch"))
        self.assertEqual((failed.kind, failed.error_type), ("error", "SyncFailed"),
                         self.log_of(process))
        self.assertTrue(failed.body["errorMessage"].startswith("Lambda-www: "))
        self.assertEqual(b.synced_keys(self.s3, bucket), [])

        ok = self.invoke(self.template(bucket, "www/"))
        self.assertEqual(ok.kind, "response", self.log_of(process))
        self.assert_synced(bucket, "www/")


class StartupTest(LambdaRuntimeTestCase):

    def test_an_invalid_setting_is_an_init_error(self):
        process = self.start(REPO2S3_LAMBDA_DEADLINE_MARGIN_MS="soon")
        error = self.runtime.wait_for_init_error()
        self.assertEqual(error.error_type, "InvalidConfiguration")
        self.assertIn("REPO2S3_LAMBDA_DEADLINE_MARGIN_MS", error.body["errorMessage"])
        self.assertEqual(process.wait(timeout=30), 2)
        self.assertEqual(self.runtime.next_calls, 0)
        self.assertIn("repo2s3: error: REPO2S3_LAMBDA_DEADLINE_MARGIN_MS", self.log_of(process))

    def test_an_invalid_configuration_file_is_an_init_error_that_says_why(self):
        config = self.work / "starfleet.yaml"
        config.write_text("GitHubSyncWorkerShip:\n  AlertConfiguration:\n"
                          "    ChannelId: C1\n    AlertPriority: LOUD\n")
        process = self.start(args=("lambda", "--config", str(config)))
        error = self.runtime.wait_for_init_error()
        self.assertEqual(error.error_type, "InvalidConfiguration")
        self.assertIn("AlertPriority: expected one of NONE, PROBLEM", error.body["errorMessage"])
        self.assertIn(str(config), error.body["errorMessage"])
        self.assertEqual(process.wait(timeout=30), 2)
        self.assertEqual(self.runtime.next_calls, 0)

    AN_HOUR_AGO = 3700  # seconds: a little more than an hour

    def start_with_tmpdir(self, entries):
        """Makes directories (each holding a nested file) in a TMPDIR of their own, aged
        {name: seconds} (None: new), and a file of the same kind of name an hour old; starts
        the runtime with that TMPDIR and waits until it is ready. Returns (TMPDIR, process)."""
        tmp = self.work / "tmp"
        tmp.mkdir()
        for name, age in entries.items():
            (tmp / name / "deep" / "er").mkdir(parents=True)
            (tmp / name / "deep" / "er" / "file.zip").write_bytes(b"PK")
            if age is not None:
                os.utime(tmp / name, (time.time() - age, time.time() - age))
        (tmp / "repo2s3-download-f1leAB").write_bytes(b"a file, not a directory")
        old = time.time() - self.AN_HOUR_AGO
        os.utime(tmp / "repo2s3-download-f1leAB", (old, old))
        process = self.start(TMPDIR=str(tmp))
        self.runtime.wait_for_next_call()
        self.assertIsNone(process.poll())
        return tmp, process

    def test_at_start_it_removes_its_temporary_directories_older_than_an_hour(self):
        stale = {"repo2s3-download-a1B2c3": self.AN_HOUR_AGO,
                 "repo2s3-extract-Z9y8X7": self.AN_HOUR_AGO,
                 "repo2s3-extract-000000": 10 * self.AN_HOUR_AGO}
        kept = {
            "repo2s3-download-y0ung1": None,                   # new
            "repo2s3-extract-N3wer0": 3000,                    # younger than an hour
            "repo2s3-download-abc12": self.AN_HOUR_AGO,        # five random characters
            "repo2s3-extract-abcdefg": self.AN_HOUR_AGO,       # seven
            "repo2s3-download-ab_c12": self.AN_HOUR_AGO,       # not alphanumeric
            "repo2s3-test.a1B2c3": self.AN_HOUR_AGO,           # the scripts' own
            "download-a1B2c3": self.AN_HOUR_AGO,
        }
        tmp, process = self.start_with_tmpdir(dict(stale, **kept))
        self.assertEqual(sorted(p.name for p in tmp.iterdir()),
                         sorted(list(kept) + ["repo2s3-download-f1leAB"]), self.log_of(process))
        self.assertIn("removed 3 stale temporary directories", self.log_of(process))

    def test_at_start_other_names_are_left_alone(self):
        # Only repo2s3-download-XXXXXX and repo2s3-extract-XXXXXX are the runtime's own.
        others = ["repo2s3-backup-a1B2c3", "repo2s3-cache-Z9y8X7", "repo2s3-home-abc123"]
        tmp, process = self.start_with_tmpdir({name: self.AN_HOUR_AGO for name in others})
        self.assertEqual(sorted(p.name for p in tmp.iterdir()),
                         sorted(others + ["repo2s3-download-f1leAB"]), self.log_of(process))

    def test_a_bare_repo2s3_serves_lambda_when_the_runtime_api_is_set(self):
        process = self.start(args=())
        result = self.invoke({"Records": []})
        self.assertEqual(failure_ids(result), [], self.log_of(process))

    def test_started_as_bootstrap_it_is_the_lambda_runtime(self):
        program = self.work / "bootstrap"
        program.symlink_to(cli.repo2s3_bin())
        process = self.start(args=(), program=str(program))
        self.assertEqual(failure_ids(self.invoke({"Records": []})), [], self.log_of(process))

        # Without the Runtime API it says what is missing, rather than asking for a subcommand.
        without = self.start(args=(), program=str(program), AWS_LAMBDA_RUNTIME_API=None)
        self.assertEqual(without.wait(timeout=30), 2)
        self.assertIn("AWS_LAMBDA_RUNTIME_API is not set", self.log_of(without))
        plain = self.start(args=(), AWS_LAMBDA_RUNTIME_API=None)
        self.assertEqual(plain.wait(timeout=30), 2)
        self.assertNotIn("AWS_LAMBDA_RUNTIME_API", self.log_of(plain))

    def test_when_the_runtime_api_goes_away_the_runtime_exits_non_zero(self):
        process = self.start()
        self.runtime.wait_for_next_call()
        self.runtime.stop()
        self.assertEqual(process.wait(timeout=60), 1, self.log_of(process))
        self.assertIn("repo2s3: error: Lambda Runtime API", self.log_of(process))


class PackageTest(LambdaRuntimeTestCase):
    """scripts/package-lambda's zip, alone in a chroot: no /bin/sh, no system libraries, no /proc,
    no /dev; only the package under /var/task (where Lambda puts it), /tmp and a CA bundle at
    Amazon Linux's path. The network namespace is shared, so the stand-ins on 127.0.0.1 answer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if os.geteuid() != 0:
            raise RuntimeError("the package test needs root, to chroot")
        cls.package_dir = tempfile.TemporaryDirectory(prefix="repo2s3-package-")
        cls.zip_path = pathlib.Path(cls.package_dir.name) / "repo2s3-lambda.zip"
        build_dir = pathlib.Path(cli.repo2s3_bin()).parent
        proc = subprocess.run([str(cli.REPO_ROOT / "scripts" / "package-lambda"), "--build-dir",
                               str(build_dir), "--output", str(cls.zip_path)],
                              capture_output=True, text=True, timeout=1800)
        if proc.returncode != 0:
            raise RuntimeError("package-lambda failed:\n" + proc.stdout + proc.stderr)
        cls.package_output = proc.stdout

    @classmethod
    def tearDownClass(cls):
        cls.package_dir.cleanup()
        super().tearDownClass()

    def empty_root(self, task_files):
        """A new root holding only `task_files` under /var/task, /tmp and the CA bundle."""
        root = self.work / ("root-%s" % uuid.uuid4().hex[:8])
        task = root / "var" / "task"
        task.mkdir(parents=True)
        task_files(task)
        (root / "tmp").mkdir(mode=0o1777)
        os.chmod(root / "tmp", 0o1777)
        certs = root / "etc" / "pki" / "tls" / "certs"
        certs.mkdir(parents=True)
        shutil.copyfile(CA_BUNDLE, certs / "ca-bundle.crt")
        return root

    def unzip_into(self, task):
        subprocess.run(["unzip", "-q", str(self.zip_path), "-d", str(task)], check=True)

    def chroot_env(self, **extra):
        env = cli.clean_env(env_extra=self.runtime_env(**extra))
        for name in ("PATH", "HOME", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "TMPDIR"):
            env.pop(name, None)
        env.update({"LAMBDA_TASK_ROOT": "/var/task", "LAMBDA_RUNTIME_DIR": "/var/runtime",
                    "LANG": "en_US.UTF-8", "TZ": ":UTC"})
        return env

    def test_the_package_layout(self):
        names = subprocess.run(["unzip", "-Z1", str(self.zip_path)], capture_output=True,
                               text=True, check=True).stdout.split()
        self.assertIn("bootstrap", names)
        self.assertIn("bin/repo2s3", names)
        self.assertIn("lib/ld-linux-x86-64.so.2", names)
        for library in ("libc.so.6", "libcurl.so.4", "libstdc++.so.6", "libssl.so.3",
                        "libyaml-cpp.so.0.7"):
            self.assertIn("lib/" + library, names)
        listing = subprocess.run(["zipinfo", str(self.zip_path), "bootstrap", "bin/repo2s3"],
                                 capture_output=True, text=True, check=True).stdout
        self.assertEqual(listing.count("-rwxr-xr-x"), 2, listing)
        unpacked = self.work / "unpacked"
        self.unzip_into(unpacked)
        header = subprocess.run(["readelf", "-l", str(unpacked / "bootstrap")],
                                capture_output=True, text=True, check=True).stdout
        self.assertNotIn("program interpreter", header, "bootstrap must be static")

    def test_bootstrap_in_an_empty_root_serves_an_sqs_invocation(self):
        root = self.empty_root(self.unzip_into)
        # The root holds the package, /tmp and the CA bundle, and nothing else.
        present = sorted(str(p.relative_to(root)) for p in root.rglob("*") if not p.is_dir())
        packaged = sorted("var/task/" + name for name in subprocess.run(
            ["unzip", "-Z1", str(self.zip_path)], capture_output=True, text=True,
            check=True).stdout.split())
        self.assertEqual(present, sorted(packaged + ["etc/pki/tls/certs/ca-bundle.crt"]))

        bucket = self.new_bucket("chroot")
        record = sqs_record(json.dumps(self.template(bucket, "www/")))
        process = self.start(command=[CHROOT, str(root), "/var/task/bootstrap"],
                             env=self.chroot_env(STARFLEET_COMMIT="true"))
        result = self.invoke(sqs_event(record), timeout=120)
        self.assertEqual(failure_ids(result), [], self.log_of(process))
        self.assert_synced(bucket, "www/")
        self.assertIn("SQS message %s: ok" % record["messageId"], self.log_of(process))
        self.assertEqual(list((root / "tmp").iterdir()), [], "downloads left behind in /tmp")

    def test_the_program_alone_does_not_run_in_the_empty_root(self):
        # The control: without the bundled loader and libraries, the same root cannot run
        # repo2s3, so the test above proves the package carries what it needs.
        root = self.empty_root(lambda task: shutil.copy(cli.repo2s3_bin(), task / "bootstrap"))
        proc = subprocess.run([CHROOT, str(root), "/var/task/bootstrap"],
                              env=self.chroot_env(), capture_output=True, text=True, timeout=60)
        self.assertNotEqual(proc.returncode, 0)
        self.assertEqual(self.runtime.next_calls, 0)


if __name__ == "__main__":
    unittest.main()


class LambdaAlertsTest(LambdaRuntimeTestCase):
    """Records processed in Lambda raise the same Slack alerts as `repo2s3 run`."""

    SLACK_TOKEN = "xoxb-4242-repo2s3-LAMBDA-slack-token-do-not-leak"
    CHANNEL = "C0LAMBDA"

    def setUp(self):
        super().setUp()
        self.slack = SlackStandIn(self.SLACK_TOKEN, channels=[self.CHANNEL]).start()
        self.addCleanup(self.slack.stop)

    def tearDown(self):
        self.assertEqual(self.slack.internal_errors, [], "the Slack stand-in failed")
        self.assertEqual(self.slack.violations, [], "repo2s3 sent Slack something invalid")
        super().tearDown()
        for message in self.slack.messages:
            self.assertNotIn(self.SLACK_TOKEN, json.dumps(message))

    def test_a_changed_bucket_raises_important_and_a_failed_record_raises_problem(self):
        bucket = self.new_bucket("alerts")
        good = sqs_record(json.dumps(self.template(bucket, "www/")))
        missing_repo = sqs_record(json.dumps(self.template(bucket, "gone/", Repository="no-such-repo")))
        process = self.start(STARFLEET_COMMIT="true", SLACK_TOKEN=self.SLACK_TOKEN,
                             SLACK_API_URL=self.slack.api_url, REPO2S3_ALERT_CHANNEL=self.CHANNEL,
                             REPO2S3_ALERT_PRIORITY="IMPORTANT")

        result = self.invoke(sqs_event(good, missing_repo))
        self.assertEqual(failure_ids(result), [missing_repo["messageId"]], self.log_of(process))
        self.assert_synced(bucket, "www/")
        headers = sorted(message["text"] for message in self.slack.messages)
        self.assertEqual(len(headers), 2, headers)
        self.assertTrue(any(text.startswith("📣") and "Lambda-www" in text for text in headers), headers)
        self.assertTrue(any(text.startswith("🚨") and "Lambda-gone" in text for text in headers), headers)
        self.assertTrue(all(message["channel"] == self.CHANNEL for message in self.slack.messages))


WEBHOOK_SECRET = "lambda webhook secret"


def http_event(body, headers, method="POST"):
    """A Lambda Function URL request (payload format 2.0), its body base64-encoded."""
    return {
        "version": "2.0", "routeKey": "$default", "rawPath": "/webhooks/github",
        "rawQueryString": "",
        "headers": dict({"content-type": "application/json", "host": "abc.lambda-url.aws"},
                        **{k.lower(): v for k, v in headers.items()}),
        "requestContext": {"accountId": "anonymous", "apiId": "abc", "domainName": "abc.lambda-url.aws",
                           "http": {"method": method, "path": "/webhooks/github",
                                    "protocol": "HTTP/1.1", "sourceIp": "192.30.252.1",
                                    "userAgent": "GitHub-Hookshot/test"},
                           "requestId": str(uuid.uuid4()), "stage": "$default"},
        "body": base64.b64encode(body).decode(), "isBase64Encoded": True,
    }


def signed_headers(body, event="push", secret=WEBHOOK_SECRET):
    return {"X-GitHub-Event": event, "X-GitHub-Delivery": str(uuid.uuid4()),
            "X-Hub-Signature-256": "sha256=" + hmac.new(secret.encode(), body,
                                                       hashlib.sha256).hexdigest()}


class WebhookFrontDoorTest(LambdaRuntimeTestCase):
    """A push through the function's HTTP front door lands one SQS message per matched template
    in the queue (moto's SQS); the queue-fed invocation then syncs it."""

    def setUp(self):
        super().setUp()
        self.sqs = boto3.client("sqs", endpoint_url=self.moto.endpoint, region_name="us-east-1",
                                aws_access_key_id=b.TEST_ACCESS_KEY_ID,
                                aws_secret_access_key=b.TEST_SECRET_ACCESS_KEY)
        self.queue_url = self.sqs.create_queue(
            QueueName="repo2s3-" + uuid.uuid4().hex[:12])["QueueUrl"]
        self.templates_bucket = self.new_bucket("templates")
        self.site_bucket = self.new_bucket("site")
        docs = self.template(self.site_bucket, "docs/")
        other_branch = self.template(self.site_bucket, "dev/", BranchName="dev")
        other_repo = self.template(self.site_bucket, "other/", Repository="other-site")
        b.put_objects(self.s3, self.templates_bucket, {
            "templates/www.yaml": yaml.safe_dump(self.template(self.site_bucket, "www/"),
                                                 sort_keys=False).encode(),
            "templates/docs.json": json.dumps(docs).encode(),
            "templates/dev.yaml": yaml.safe_dump(other_branch).encode(),
            "templates/other.yaml": yaml.safe_dump(other_repo).encode()})

    def front_door(self, **extra):
        env = dict(REPO2S3_TEMPLATES="s3://%s/templates/" % self.templates_bucket,
                   REPO2S3_QUEUE_URL=self.queue_url, REPO2S3_WEBHOOK_SECRET=WEBHOOK_SECRET,
                   AWS_ENDPOINT_URL_SQS=self.moto.endpoint, STARFLEET_COMMIT="true")
        env.update(extra)
        return self.start(**env)

    def push_body(self, **overrides):
        event = {"ref": "refs/heads/main", "after": self.repo.head(), "deleted": False,
                 "repository": {"full_name": "%s/%s" % (OWNER, REPO)}}
        event.update(overrides)
        return json.dumps(event).encode()

    def messages(self):
        found = []
        while True:
            reply = self.sqs.receive_message(QueueUrl=self.queue_url, MaxNumberOfMessages=10,
                                             WaitTimeSeconds=0)
            if not reply.get("Messages"):
                return found
            found.extend(reply["Messages"])

    def test_a_signed_push_queues_one_message_per_matched_template_which_then_syncs(self):
        process = self.front_door()
        body = self.push_body()
        result = self.invoke(http_event(body, signed_headers(body)))
        self.assertEqual(result.kind, "response", self.log_of(process))
        self.assertEqual(result.body["statusCode"], 202, result.body)
        answer = json.loads(result.body["body"])
        self.assertEqual(answer["result"], "accepted")
        self.assertEqual(sorted(answer["templates"]), ["Lambda-docs", "Lambda-www"])
        messages = self.messages()
        bodies = sorted((json.loads(m["Body"]) for m in messages),
                        key=lambda t: t["KeyPrefix"])
        self.assertEqual([t["KeyPrefix"] for t in bodies], ["docs/", "www/"])
        self.assertEqual(bodies[1]["DeleteMissingFiles"], True, "typed as Starbase sends it")
        self.assertEqual(bodies[1]["GitHubAppId"], APP_ID)
        self.assertEqual(b.synced_keys(self.s3, self.site_bucket), [], "the front door synced")

        # The queue-fed invocation does the sync.
        batch = sqs_event(*(sqs_record(m["Body"], m["MessageId"]) for m in messages))
        self.assertEqual(failure_ids(self.invoke(batch)), [], self.log_of(process))
        self.assert_synced(self.site_bucket, "www/")
        self.assert_synced(self.site_bucket, "docs/")

    def test_forged_pings_and_unconfigured_front_doors_queue_nothing(self):
        process = self.front_door()
        body = self.push_body()
        forged = self.invoke(http_event(body, signed_headers(body, secret="guessed")))
        self.assertEqual(forged.body["statusCode"], 401, forged.body)
        unsigned = signed_headers(body)
        del unsigned["X-Hub-Signature-256"]
        self.assertEqual(self.invoke(http_event(body, unsigned)).body["statusCode"], 401)
        ping = self.invoke(http_event(b"{}", signed_headers(b"{}", event="ping")))
        self.assertEqual(ping.body["statusCode"], 200)
        other = self.push_body(ref="refs/heads/feature")
        answer = self.invoke(http_event(other, signed_headers(other)))
        self.assertEqual(json.loads(answer.body["body"])["templates"], [])
        get = self.invoke(http_event(b"", {}, method="GET"))
        self.assertEqual(get.body["statusCode"], 405)
        self.assertEqual(self.messages(), [])
        log = self.log_of(process)
        self.assertNotIn(WEBHOOK_SECRET, log)
        self._stop(process)

        unconfigured = self.front_door(REPO2S3_QUEUE_URL="")
        result = self.invoke(http_event(body, signed_headers(body)))
        self.assertEqual(result.body["statusCode"], 500, result.body)
        self.assertIn("REPO2S3_QUEUE_URL", result.body["body"])
        self.assertIn("REPO2S3_QUEUE_URL", self.log_of(unconfigured))
