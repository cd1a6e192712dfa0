"""The AWS credential chain against local stand-ins: STS in moto (AssumeRoleWithWebIdentity and
AssumeRole for role_arn profiles), a container credentials endpoint and an IMDSv2.

Most tests drive the `aws_credentials_probe` tool, which runs repo2s3's default chain and prints
the provider that answered, the access key id and expiration, and short SHA-256 fingerprints of
the secret and session token (never the values). The stand-ins issue numbered keys, so a test
can tell which source answered and whether credentials were fetched again. Two end-to-end tests
sync into moto with `repo2s3 run --commit` and no static keys at all.

The tool is looked up in $REPO2S3_TOOLS_DIR, by default build/tools in the source tree.
"""

import datetime
import hashlib
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile
import time
import unittest

import boto3

from harness import bucket as b
from harness import cli, payloads, trees
from harness.moto import shared_moto
from harness.server import closed_port
from harness.strict_s3 import shared_strict_s3

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent / "standins"))
from aws_credentials_standins import ContainerCredentialsStandIn, ImdsStandIn  # noqa: E402

SOURCE_ROOT = pathlib.Path(__file__).resolve().parents[2]
ACCOUNT = "123456789012"
# A JWT-shaped token: moto does not verify it, and it must never show up in any output.
WEB_IDENTITY_TOKEN = ("eyJhbGciOiJSUzI1NiIsImtpZCI6InRlc3QifQ.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFj"
                      "Y291bnQ6ZGVmYXVsdDpyZXBvMnMzIn0.c2lnbmF0dXJlLW9mLWEtdGVzdC10b2tlbg")
CONTAINER_TOKEN = "container-auth-token-7f3a9c1e5b"


def probe_path():
    tools_dir = pathlib.Path(os.environ.get("REPO2S3_TOOLS_DIR", SOURCE_ROOT / "build" / "tools"))
    return tools_dir / "aws_credentials_probe"


def fingerprint(secret):
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()[:12]


def parse_time(text):
    return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(
        tzinfo=datetime.timezone.utc)


def seconds_until(text):
    return (parse_time(text) - datetime.datetime.now(datetime.timezone.utc)).total_seconds()


# No static keys: every test names the one source it wants. IMDS stays off unless a test
# points it at its stand-in.
NO_KEYS = {"AWS_ACCESS_KEY_ID": None, "AWS_SECRET_ACCESS_KEY": None}


class CredentialsTestCase(unittest.TestCase):
    maxDiff = 4000

    def setUp(self):
        scratch = tempfile.TemporaryDirectory(prefix="repo2s3-creds-")
        self.addCleanup(scratch.cleanup)
        self.work = pathlib.Path(scratch.name)
        self.outputs = []

    def tearDown(self):
        # Whatever happened, no output may hold a secret the stand-ins or files handed out.
        cli.assert_no_secrets(self, self.outputs, self.secrets())

    def secrets(self):
        return [WEB_IDENTITY_TOKEN, CONTAINER_TOKEN, b.TEST_SECRET_ACCESS_KEY]

    def probe_env(self, env):
        merged = dict(NO_KEYS)
        merged.update(env)
        return cli.clean_env(env_extra=merged)

    def probe(self, env, calls=1, sleep=0, advance=0, expect_ok=True):
        """Runs the probe; returns (exit code, list of JSON lines)."""
        proc = subprocess.run(
            [str(probe_path()), "--calls", str(calls), "--sleep", str(sleep), "--advance",
             str(advance)], env=self.probe_env(env), capture_output=True, text=True, timeout=120)
        return self._result(proc.returncode, proc.stdout, proc.stderr, expect_ok)

    def start_probe(self, env, calls, sleep):
        return subprocess.Popen(
            [str(probe_path()), "--calls", str(calls), "--sleep", str(sleep)],
            env=self.probe_env(env), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def finish_probe(self, process, expect_ok=True):
        stdout, stderr = process.communicate(timeout=120)
        return self._result(process.returncode, stdout, stderr, expect_ok)

    def _result(self, code, stdout, stderr, expect_ok):
        self.outputs += [stdout, stderr]
        cli.check_sanitizers(stderr, "aws_credentials_probe")
        lines = [json.loads(line) for line in stdout.splitlines() if line.strip()]
        detail = "exit %s\nstdout: %s\nstderr: %s" % (code, stdout, stderr)
        if expect_ok:
            self.assertEqual(code, 0, detail)
            self.assertTrue(lines and all("error" not in line for line in lines), detail)
        else:
            self.assertEqual(code, 1, detail)
            self.assertIn("error", lines[-1], detail)
        return lines

    def assert_issued(self, line, keys, provider):
        """`line` reports exactly the credentials `keys` (a stand-in's issue) from `provider`."""
        self.assertEqual(line["provider"], provider)
        self.assertEqual(line["access_key_id"], keys["AccessKeyId"])
        self.assertEqual(line["secret_sha256"], fingerprint(keys["SecretAccessKey"]))
        self.assertEqual(line["session_token_sha256"], fingerprint(keys["Token"]))
        self.assertEqual(line["expiration"], keys["Expiration"])

    def start(self, standin):
        standin.start()
        self.addCleanup(standin.stop)
        self.addCleanup(lambda: self.assertEqual(standin.internal_errors, []))
        return standin


class ContainerCredentialsTest(CredentialsTestCase):

    def container_env(self, standin, **extra):
        env = {"AWS_CONTAINER_CREDENTIALS_FULL_URI": standin.full_uri}
        env.update(extra)
        return env

    def secrets(self):
        issued = getattr(self, "standin", None)
        extra = [k["SecretAccessKey"] for k in issued.keys.issued] if issued else []
        extra += [k["Token"] for k in issued.keys.issued] if issued else []
        return super().secrets() + extra

    def test_container_credentials_with_an_authorization_token(self):
        self.standin = self.start(ContainerCredentialsStandIn(token=CONTAINER_TOKEN))
        lines = self.probe(self.container_env(
            self.standin, AWS_CONTAINER_AUTHORIZATION_TOKEN=CONTAINER_TOKEN))
        self.assert_issued(lines[0], self.standin.keys.issued[0], "container")
        self.assertEqual(self.standin.count(), 1)
        self.assertEqual(self.standin.requests[0][2].get("Authorization"), CONTAINER_TOKEN)

    def test_a_wrong_token_is_an_auth_error_that_stops_the_chain(self):
        self.standin = self.start(ContainerCredentialsStandIn(token=CONTAINER_TOKEN))
        lines = self.probe(self.container_env(
            self.standin, AWS_CONTAINER_AUTHORIZATION_TOKEN="not-the-token"), expect_ok=False)
        self.assertEqual(lines[0]["kind"], "Auth")
        self.assertIn("HTTP 401: authorization token mismatch", lines[0]["error"])
        self.assertIn(self.standin.full_uri, lines[0]["error"])
        self.assertNotIn("not-the-token", lines[0]["error"])

    def test_the_token_file_is_read_again_when_credentials_are_renewed(self):
        # Keys that live 1 second are inside the 5-minute renewal window at once: each use
        # fetches again, and the agent has rotated its token in between.
        self.standin = self.start(ContainerCredentialsStandIn(token="rotating-token-1",
                                                              lifetime=1))
        token_file = self.work / "token"
        token_file.write_text("rotating-token-1\n")
        process = self.start_probe(self.container_env(
            self.standin, AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE=str(token_file)),
            calls=2, sleep=3)
        deadline = time.monotonic() + 30
        while self.standin.count() < 1 and time.monotonic() < deadline:
            time.sleep(0.02)
        token_file.write_text("rotating-token-2\n")
        self.standin.set_token("rotating-token-2")
        lines = self.finish_probe(process)
        self.assertEqual([line["access_key_id"] for line in lines],
                         ["ASIACONTAINER0001", "ASIACONTAINER0002"])
        self.assertEqual([headers.get("Authorization") for _, _, headers in self.standin.requests],
                         ["rotating-token-1", "rotating-token-2"])

    def test_credentials_are_renewed_within_five_minutes_of_expiry_and_not_before(self):
        # Ten-minute keys; the probe's clock moves on between its two calls.
        self.standin = self.start(ContainerCredentialsStandIn(lifetime=600))
        lines = self.probe(self.container_env(self.standin), calls=2, advance=240)
        self.assertEqual([line["access_key_id"] for line in lines], ["ASIACONTAINER0001"] * 2)
        self.assertEqual(self.standin.count(), 1, "6 minutes left: the cached keys are used")

        lines = self.probe(self.container_env(self.standin), calls=2, advance=301)
        self.assertEqual([line["access_key_id"] for line in lines],
                         ["ASIACONTAINER0002", "ASIACONTAINER0003"],
                         "4 minutes 59 seconds left: renewed")
        self.assert_issued(lines[1], self.standin.keys.issued[2], "container")
        self.assertEqual(self.standin.count(), 3)

    def test_credentials_that_expire_in_a_second_are_fetched_for_every_use(self):
        self.standin = self.start(ContainerCredentialsStandIn(lifetime=1))
        lines = self.probe(self.container_env(self.standin), calls=3, sleep=1.2)
        self.assertEqual([line["access_key_id"] for line in lines],
                         ["ASIACONTAINER0001", "ASIACONTAINER0002", "ASIACONTAINER0003"])
        for line, keys in zip(lines, self.standin.keys.issued):
            self.assert_issued(line, keys, "container")

    def test_plain_http_to_a_remote_host_is_refused(self):
        lines = self.probe({"AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://example.invalid/creds"},
                           expect_ok=False)
        self.assertEqual(lines[0]["kind"], "Usage")
        self.assertIn("uses plain http to example.invalid", lines[0]["error"])

    def test_the_container_comes_before_instance_metadata(self):
        self.standin = self.start(ContainerCredentialsStandIn())
        imds = self.start(ImdsStandIn())
        env = self.container_env(self.standin, AWS_EC2_METADATA_DISABLED=None,
                                 AWS_EC2_METADATA_SERVICE_ENDPOINT=imds.url)
        lines = self.probe(env)
        self.assertEqual(lines[0]["provider"], "container")
        self.assertEqual(imds.count(), 0)


class InstanceMetadataTest(CredentialsTestCase):

    def imds_env(self, url):
        return {"AWS_EC2_METADATA_DISABLED": None, "AWS_EC2_METADATA_SERVICE_ENDPOINT": url}

    def secrets(self):
        issued = getattr(self, "imds", None)
        extra = [k["SecretAccessKey"] for k in issued.keys.issued] if issued else []
        return super().secrets() + extra

    def test_role_credentials_over_imdsv2(self):
        self.imds = self.start(ImdsStandIn())
        lines = self.probe(self.imds_env(self.imds.url))
        self.assert_issued(lines[0], self.imds.keys.issued[0], "instance metadata")
        self.assertEqual(self.imds.count("PUT", ImdsStandIn.TOKEN_PATH), 1)
        self.assertEqual(self.imds.count("GET"), 2)
        self.assertEqual(self.imds.refused, 0, "a metadata read went without the IMDSv2 token")
        self.assertEqual(self.imds.requests[0][2].get("X-aws-ec2-metadata-token-ttl-seconds"),
                         "21600")

    def test_short_lived_role_credentials_are_fetched_again(self):
        self.imds = self.start(ImdsStandIn(lifetime=1))
        lines = self.probe(self.imds_env(self.imds.url), calls=2, sleep=1.2)
        self.assertEqual([line["access_key_id"] for line in lines],
                         ["ASIAIMDS0001", "ASIAIMDS0002"])
        self.assertEqual(self.imds.count("PUT"), 2)

    def test_disabled_means_not_asked(self):
        self.imds = self.start(ImdsStandIn())
        env = self.imds_env(self.imds.url)
        env["AWS_EC2_METADATA_DISABLED"] = "true"
        lines = self.probe(env, expect_ok=False)
        self.assertEqual(lines[0]["kind"], "Auth")
        self.assertIn("no AWS credentials found", lines[0]["error"])
        self.assertIn("instance metadata: AWS_EC2_METADATA_DISABLED is true", lines[0]["error"])
        self.assertEqual(self.imds.count(), 0)

    def test_an_unreachable_service_ends_the_chain_quickly(self):
        started = time.monotonic()
        lines = self.probe(self.imds_env("http://127.0.0.1:%d" % closed_port()), expect_ok=False)
        self.assertLess(time.monotonic() - started, 10)
        self.assertIn("no AWS credentials found", lines[0]["error"])
        self.assertIn("instance metadata: no instance metadata service at", lines[0]["error"])


class StsTest(CredentialsTestCase):
    """Web identity and role_arn profiles against moto's STS."""

    @classmethod
    def setUpClass(cls):
        cls.moto = shared_moto()

    def sts_env(self, **extra):
        # STS is not S3: the probe reaches moto's STS directly (and sends no S3 request).
        env = {"AWS_ENDPOINT_URL_STS": self.moto.endpoint}
        env.update(extra)
        return env

    def caller_arn(self, access_key_id):
        """The identity moto knows these keys by (moto checks no signatures)."""
        sts = boto3.client("sts", endpoint_url=self.moto.endpoint, region_name="us-east-1",
                           aws_access_key_id=access_key_id, aws_secret_access_key="unused")
        return sts.get_caller_identity()["Arn"]

    def write_token(self, text=WEB_IDENTITY_TOKEN):
        path = self.work / "web-identity-token"
        path.write_text(text + "\n")
        return path

    def write_profiles(self, config, credentials=""):
        (self.work / "config").write_text(config)
        (self.work / "credentials").write_text(credentials)
        return {"AWS_CONFIG_FILE": str(self.work / "config"),
                "AWS_SHARED_CREDENTIALS_FILE": str(self.work / "credentials")}

    def test_web_identity_from_the_environment(self):
        lines = self.probe(self.sts_env(
            AWS_WEB_IDENTITY_TOKEN_FILE=str(self.write_token()),
            AWS_ROLE_ARN="arn:aws:iam::%s:role/web-deployer" % ACCOUNT,
            AWS_ROLE_SESSION_NAME="it-web"))
        line = lines[0]
        self.assertEqual(line["provider"], "web identity")
        self.assertTrue(line["access_key_id"].startswith("ASIA"), line)
        self.assertIsNotNone(line["session_token_sha256"])
        self.assertAlmostEqual(seconds_until(line["expiration"]), 3600, delta=120)
        self.assertEqual(self.caller_arn(line["access_key_id"]),
                         "arn:aws:sts::%s:assumed-role/web-deployer/it-web" % ACCOUNT)

    def test_web_identity_is_renewed_near_expiry(self):
        # One-hour keys; the probe's clock jumps 58 minutes after the first call, into the
        # renewal window, so the second call exchanges the token again.
        lines = self.probe(self.sts_env(
            AWS_WEB_IDENTITY_TOKEN_FILE=str(self.write_token()),
            AWS_ROLE_ARN="arn:aws:iam::%s:role/renewed" % ACCOUNT), calls=2, advance=3480)
        keys = [line["access_key_id"] for line in lines]
        self.assertNotEqual(keys[0], keys[1])
        for key in keys:
            self.assertIn(":assumed-role/renewed/repo2s3-", self.caller_arn(key))

    def test_environment_keys_come_before_web_identity(self):
        env = self.sts_env(AWS_WEB_IDENTITY_TOKEN_FILE=str(self.write_token()),
                           AWS_ROLE_ARN="arn:aws:iam::%s:role/unused" % ACCOUNT,
                           AWS_ACCESS_KEY_ID=b.TEST_ACCESS_KEY_ID,
                           AWS_SECRET_ACCESS_KEY=b.TEST_SECRET_ACCESS_KEY)
        lines = self.probe(env)
        self.assertEqual(lines[0]["provider"], "environment")
        self.assertEqual(lines[0]["access_key_id"], b.TEST_ACCESS_KEY_ID)

    def test_role_profiles_chain_through_source_profiles(self):
        files = self.write_profiles(
            "[profile ops]\nrole_arn = arn:aws:iam::%s:role/ops\nsource_profile = base\n"
            "role_session_name = it-ops\nduration_seconds = 900\nexternal_id = ext-1234\n"
            "[profile admin]\nrole_arn = arn:aws:iam::%s:role/admin\nsource_profile = ops\n"
            "role_session_name = it-admin\n" % (ACCOUNT, ACCOUNT),
            "[base]\naws_access_key_id = %s\naws_secret_access_key = %s\n" % (
                b.TEST_ACCESS_KEY_ID, b.TEST_SECRET_ACCESS_KEY))
        ops = self.probe(self.sts_env(AWS_PROFILE="ops", **files))[0]
        self.assertEqual(ops["provider"], "profile ops")
        self.assertAlmostEqual(seconds_until(ops["expiration"]), 900, delta=120)
        self.assertEqual(self.caller_arn(ops["access_key_id"]),
                         "arn:aws:sts::%s:assumed-role/ops/it-ops" % ACCOUNT)

        admin = self.probe(self.sts_env(AWS_PROFILE="admin", **files))[0]
        self.assertEqual(admin["provider"], "profile admin")
        self.assertAlmostEqual(seconds_until(admin["expiration"]), 3600, delta=120)
        self.assertEqual(self.caller_arn(admin["access_key_id"]),
                         "arn:aws:sts::%s:assumed-role/admin/it-admin" % ACCOUNT)

    def test_a_profile_with_a_web_identity_token_file(self):
        files = self.write_profiles(
            "[profile pods]\nrole_arn = arn:aws:iam::%s:role/pods\n"
            "web_identity_token_file = %s\nrole_session_name = it-pods\n" % (
                ACCOUNT, self.write_token()))
        line = self.probe(self.sts_env(AWS_PROFILE="pods", **files))[0]
        self.assertEqual(line["provider"], "profile pods")
        self.assertEqual(self.caller_arn(line["access_key_id"]),
                         "arn:aws:sts::%s:assumed-role/pods/it-pods" % ACCOUNT)

    def test_a_source_profile_loop_is_a_usage_error(self):
        files = self.write_profiles(
            "[profile a]\nrole_arn = arn:aws:iam::%s:role/a\nsource_profile = b\n"
            "[profile b]\nrole_arn = arn:aws:iam::%s:role/b\nsource_profile = a\n" % (
                ACCOUNT, ACCOUNT))
        line = self.probe(self.sts_env(AWS_PROFILE="a", **files), expect_ok=False)[0]
        self.assertEqual(line["kind"], "Usage")
        self.assertIn("profiles loop through source_profile: a -> b -> a", line["error"])

    def test_an_unreachable_sts_is_a_network_error_naming_it(self):
        url = "http://127.0.0.1:%d" % closed_port()
        line = self.probe({"AWS_ENDPOINT_URL_STS": url,
                           "AWS_WEB_IDENTITY_TOKEN_FILE": str(self.write_token()),
                           "AWS_ROLE_ARN": "arn:aws:iam::%s:role/x" % ACCOUNT},
                          expect_ok=False)[0]
        self.assertEqual(line["kind"], "Network")
        self.assertIn("STS AssumeRoleWithWebIdentity of arn:aws:iam::%s:role/x at %s" % (
            ACCOUNT, url), line["error"])


class RunWithoutStaticKeysTest(CredentialsTestCase):
    """`repo2s3 run --commit` into moto with credentials from a container agent or a role, through
    the strict S3 proxy, which checks each request's signature with the key it names: the
    container stand-in's keys are handed to it, and it learns those of an assumed role from the
    STS answers it passes on to moto."""

    @classmethod
    def setUpClass(cls):
        cls.moto = shared_moto()
        cls.strict = shared_strict_s3(cls.moto.endpoint)
        cls.s3 = b.s3_client(cls.moto.endpoint)  # the test's own reads: moto directly

    def run_sync(self, env):
        bucket = b.create_bucket(self.s3, self._testMethodName)
        files = {"index.html": b"<h1>hello</h1>\n", "css/site.css": b"body{}\n"}
        source = trees.write_tree(self.work / "source", files)
        payload = payloads.write_payload(self.work / "payload.yaml", BucketName=bucket)
        merged = dict(NO_KEYS)
        merged.update(env)
        mark = self.strict.mark()
        proc = cli.run_repo2s3(["run", "--payload", payload, "--source-dir", source, "--commit"],
                               env_extra=merged)
        self.outputs += [proc.stdout, proc.stderr]
        self.assertEqual(proc.returncode, 0, cli.describe(proc))
        self.assertEqual(sorted(b.synced_keys(self.s3, bucket)), sorted(files))
        records = [r for r in self.strict.records_since(mark)
                   if r.path.startswith("/%s/" % bucket)]
        self.assertTrue(records, "repo2s3 did not go through the strict proxy")
        self.sts_calls = [r for r in self.strict.records_since(mark) if r.path == "/"]
        return {re.search(r"Credential=([^/]+)/", r.headers.get("authorization", "")).group(1)
                for r in records}

    def test_run_commits_with_container_credentials(self):
        standin = self.start(ContainerCredentialsStandIn(token=CONTAINER_TOKEN))
        self.issued = standin.keys.issued
        self.strict.add_key_source(lambda: [(k["AccessKeyId"], k["SecretAccessKey"], k["Token"])
                                            for k in list(standin.keys.issued)])
        used = self.run_sync({"AWS_CONTAINER_CREDENTIALS_FULL_URI": standin.full_uri,
                              "AWS_CONTAINER_AUTHORIZATION_TOKEN": CONTAINER_TOKEN})
        self.assertEqual(used, {k["AccessKeyId"] for k in standin.keys.issued})
        self.assertGreaterEqual(standin.count(), 1)
        self.assertTrue(all(h.get("Authorization") == CONTAINER_TOKEN
                            for _, _, h in standin.requests))

    def test_run_commits_with_a_role_assumed_through_moto_sts(self):
        (self.work / "config").write_text(
            "[profile deploy]\nrole_arn = arn:aws:iam::%s:role/deploy\nsource_profile = base\n"
            % ACCOUNT)
        (self.work / "credentials").write_text(
            "[base]\naws_access_key_id = %s\naws_secret_access_key = %s\n" % (
                b.TEST_ACCESS_KEY_ID, b.TEST_SECRET_ACCESS_KEY))
        # STS through the proxy too, which passes it on to moto and so learns the role's keys.
        used = self.run_sync({"AWS_PROFILE": "deploy", "AWS_ENDPOINT_URL_STS": self.strict.endpoint,
                              "AWS_CONFIG_FILE": str(self.work / "config"),
                              "AWS_SHARED_CREDENTIALS_FILE": str(self.work / "credentials")})
        self.assertEqual(len(used), 1)
        self.assertTrue(used.pop().startswith("ASIA"), "S3 was not signed with the role's keys")
        self.assertEqual([r.status for r in self.sts_calls], [200], "one AssumeRole")

    def secrets(self):
        issued = getattr(self, "issued", [])
        return (super().secrets() + [k["SecretAccessKey"] for k in issued] +
                [k["Token"] for k in issued])


if __name__ == "__main__":
    unittest.main()
