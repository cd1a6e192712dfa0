"""The credential sources people log in with, through the real chain: `credential_process` (a
Python helper the test writes) and IAM Identity Center profiles (a portal stand-in on loopback,
with the token cache written by botocore's own SSOTokenLoader, so the file name is botocore's).

Most tests drive the `aws_credentials_probe` tool (see test_aws_credentials.py); one syncs into
moto with `repo2s3 run --commit` through the strict proxy with keys from the SSO portal. Hostile
helpers print non-JSON, fail with a secret on their standard output, hang, or answer another
Version; hostile caches are not JSON or hold an expired token. No secret may appear in any output.
"""

import datetime
import hashlib
import json
import os
import pathlib
import shlex
import sys
import time
import unittest

from botocore.utils import JSONFileCache, SSOTokenLoader

import test_aws_credentials as base
from harness import bucket as b
from harness.moto import shared_moto
from harness.strict_s3 import shared_strict_s3

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent / "standins"))
from aws_credentials_standins import SsoPortalStandIn  # noqa: E402

SSO_TOKEN = "aoaAAAAAGZtestSSOaccessTOKEN-4e1f0c9b7a2d"
PROCESS_SECRET = "procSECRETwJalrXUtnFEMIK7MDENGbPxRfiCY"
START_URL = "https://corp.awsapps.com/start"
ACCOUNT = "111122223333"

HELPER = r'''#!/usr/bin/env python3
import datetime, json, os, sys, time
state = os.path.join(os.path.dirname(os.path.abspath(__file__)), "calls.jsonl")
with open(state, "a") as log:
    log.write(json.dumps({"argv": sys.argv[1:], "pid": os.getpid()}) + "\n")
number = sum(1 for _ in open(state))
mode = os.environ.get("HELPER_MODE", "ok")
if mode == "hang":
    time.sleep(600)
if mode == "fail":
    print(json.dumps({"Version": 1, "AccessKeyId": "AKID", "SecretAccessKey": "%(secret)s"}))
    sys.stderr.write("helper: the device was not touched in time\n")
    sys.exit(1)
if mode == "garbage":
    print("Please enter your PIN: %(secret)s")
    sys.exit(0)
document = {"Version": 2 if mode == "version2" else 1, "AccessKeyId": "ASIAPROC%%04d" %% number,
            "SecretAccessKey": "%(secret)s-%%d" %% number, "SessionToken": "proc-token-%%d" %% number}
lifetime = os.environ.get("HELPER_LIFETIME")
if lifetime:
    expires = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=int(lifetime))
    document["Expiration"] = expires.strftime("%%Y-%%m-%%dT%%H:%%M:%%SZ")
print(json.dumps(document))
''' % {"secret": PROCESS_SECRET}


class ProcessCredentialsTest(base.CredentialsTestCase):

    def setUp(self):
        super().setUp()
        self.helper = self.work / "helper dir" / "cred-helper.py"
        self.helper.parent.mkdir()
        self.helper.write_text(HELPER)
        self.helper.chmod(0o755)
        self.config = self.work / "config"

    def secrets(self):
        return super().secrets() + [PROCESS_SECRET]

    def env(self, command, **extra):
        self.config.write_text("[profile proc]\ncredential_process = %s\n" % command)
        env = {"AWS_PROFILE": "proc", "AWS_CONFIG_FILE": str(self.config)}
        env.update(extra)
        return env

    def calls(self):
        log = self.helper.parent / "calls.jsonl"
        if not log.exists():
            return []
        return [json.loads(line) for line in log.read_text().splitlines()]

    def test_the_command_is_split_as_shlex_and_run_without_a_shell(self):
        command = "'%s' --role \"deploy role\" 'a\\b' c\\ d \"$HOME\" '*'" % self.helper
        lines = self.probe(self.env(command))
        self.assertEqual(lines[0]["provider"], "profile proc")
        self.assertEqual(lines[0]["access_key_id"], "ASIAPROC0001")
        self.assertEqual(lines[0]["secret_sha256"], base.fingerprint(PROCESS_SECRET + "-1"))
        self.assertEqual(lines[0]["session_token_sha256"], base.fingerprint("proc-token-1"))
        self.assertIsNone(lines[0]["expiration"])
        self.assertEqual(self.calls()[0]["argv"], shlex.split(command)[1:])

    def test_credentials_without_expiration_are_kept(self):
        lines = self.probe(self.env(shlex.quote(str(self.helper))), calls=3, advance=86400)
        self.assertEqual({line["access_key_id"] for line in lines}, {"ASIAPROC0001"})
        self.assertEqual(len(self.calls()), 1)

    def test_expiring_credentials_are_fetched_again_within_five_minutes(self):
        # 10 minutes of life: the second call (6 minutes later) is inside the refresh window.
        lines = self.probe(self.env(shlex.quote(str(self.helper)), HELPER_LIFETIME="600"),
                           calls=3, advance=360)
        self.assertEqual([line["access_key_id"] for line in lines],
                         ["ASIAPROC0001", "ASIAPROC0002", "ASIAPROC0003"])
        self.assertLess(base.seconds_until(lines[0]["expiration"]), 601)
        lines = self.probe(self.env(shlex.quote(str(self.helper)), HELPER_LIFETIME="3600"),
                           calls=2, advance=60)
        self.assertEqual(lines[0]["access_key_id"], lines[1]["access_key_id"])

    def assert_refused(self, env, *expected):
        lines = self.probe(env, expect_ok=False)
        error = lines[-1]["error"]
        self.assertIn("profile proc", error)
        for text in expected:
            self.assertIn(text, error)
        return lines[-1]

    def test_a_failing_helper_is_one_error_with_its_stderr_but_not_its_stdout(self):
        line = self.assert_refused(self.env(shlex.quote(str(self.helper)), HELPER_MODE="fail"),
                                   "exited with status 1",
                                   "the device was not touched in time")
        self.assertEqual(line["kind"], "Auth")
        self.assertEqual(line["error"].count("credential_process"), 1, line["error"])

    def test_output_that_is_not_json_is_refused_without_quoting_it(self):
        self.assert_refused(self.env(shlex.quote(str(self.helper)), HELPER_MODE="garbage"),
                            "the output is not JSON")

    def test_another_version_is_refused(self):
        self.assert_refused(self.env(shlex.quote(str(self.helper)), HELPER_MODE="version2"),
                            "only 1 is supported")

    def test_a_hanging_helper_is_killed_at_the_timeout(self):
        start = time.monotonic()
        line = self.assert_refused(
            self.env(shlex.quote(str(self.helper)), HELPER_MODE="hang",
                     REPO2S3_CREDENTIAL_PROCESS_TIMEOUT="2"),
            "did not finish within 2 s")
        self.assertEqual(line["kind"], "Timeout")
        self.assertLess(time.monotonic() - start, 30)
        pid = self.calls()[0]["pid"]
        with self.assertRaises(ProcessLookupError, msg="the helper outlived its timeout"):
            os.kill(pid, 0)

    def test_a_missing_program_and_an_open_quote_are_errors(self):
        self.assert_refused(self.env(str(self.work / "no-such-helper")), "cannot run")
        line = self.assert_refused(self.env("'%s" % self.helper), "unclosed quote")
        self.assertEqual(line["kind"], "Usage")

    def test_a_source_profile_may_use_credential_process(self):
        # The role's STS endpoint is closed: the helper must have run before STS was tried.
        self.config.write_text(
            "[profile deploy]\nrole_arn = arn:aws:iam::1:role/deploy\nsource_profile = proc\n"
            "[profile proc]\ncredential_process = %s\n" % shlex.quote(str(self.helper)))
        lines = self.probe({"AWS_PROFILE": "deploy", "AWS_CONFIG_FILE": str(self.config),
                            "AWS_ENDPOINT_URL_STS": "http://127.0.0.1:%d" % base.closed_port()},
                           expect_ok=False)
        self.assertIn("profile deploy", lines[-1]["error"])
        self.assertEqual(len(self.calls()), 1)


class SsoTestCase(base.CredentialsTestCase):

    def setUp(self):
        super().setUp()
        self.home = self.work / "home"
        self.cache_dir = self.home / ".aws" / "sso" / "cache"
        self.config = self.work / "config"
        self.config.write_text(
            "[profile dev]\nsso_session = corp\nsso_account_id = %s\nsso_role_name = Deploy\n"
            "[sso-session corp]\nsso_start_url = %s\nsso_region = eu-west-1\n"
            "[profile legacy]\nsso_start_url = %s\nsso_region = eu-west-1\n"
            "sso_account_id = %s\nsso_role_name = Deploy\n" % (ACCOUNT, START_URL, START_URL,
                                                             ACCOUNT))
        self.portal = self.start(SsoPortalStandIn(SSO_TOKEN, {(ACCOUNT, "Deploy")}))

    def secrets(self):
        issued = self.portal.keys.issued if hasattr(self, "portal") else []
        return (super().secrets() + [SSO_TOKEN] + [k["SecretAccessKey"] for k in issued] +
                [k["Token"] for k in issued])

    def save_token(self, session_name=None, expires_in=3600):
        """Writes the token where botocore's SSOTokenLoader keeps it; returns the file."""
        expires = (datetime.datetime.now(datetime.timezone.utc) +
                   datetime.timedelta(seconds=expires_in))
        token = {"startUrl": START_URL, "region": "eu-west-1", "accessToken": SSO_TOKEN,
                 "expiresAt": expires.strftime("%Y-%m-%dT%H:%M:%SZ")}
        SSOTokenLoader(cache=JSONFileCache(str(self.cache_dir))).save_token(
            START_URL, token, session_name=session_name)
        key = hashlib.sha1((session_name or START_URL).encode("utf-8")).hexdigest()
        path = self.cache_dir / (key + ".json")
        self.assertTrue(path.exists(), "botocore named the cache file otherwise")
        return path

    def env(self, profile, **extra):
        env = {"AWS_PROFILE": profile, "AWS_CONFIG_FILE": str(self.config),
               "HOME": str(self.home), "AWS_ENDPOINT_URL_SSO": self.portal.url}
        env.update(extra)
        return env


class SsoCredentialsTest(SsoTestCase):

    def test_a_session_profile_gets_role_credentials_with_botocores_cached_token(self):
        self.save_token(session_name="corp")
        lines = self.probe(self.env("dev"))
        self.assert_issued(lines[0], self.portal.keys.issued[0], "profile dev")
        method, path, headers = self.portal.requests[0]
        headers = {name.lower(): value for name, value in headers.items()}
        self.assertEqual((method, path), (
            "GET", "/federation/credentials?account_id=%s&role_name=Deploy" % ACCOUNT))
        self.assertEqual(headers.get("x-amz-sso_bearer_token"), SSO_TOKEN)
        self.assertNotIn("authorization", headers)

    def test_a_legacy_profile_uses_the_start_urls_token(self):
        self.save_token()
        lines = self.probe(self.env("legacy"))
        self.assert_issued(lines[0], self.portal.keys.issued[0], "profile legacy")

    def test_role_credentials_are_fetched_again_before_they_expire(self):
        self.save_token(session_name="corp")
        self.portal.lifetime = 600
        lines = self.probe(self.env("dev"), calls=2, advance=360)
        self.assertEqual([line["access_key_id"] for line in lines],
                         ["ASIASSO0001", "ASIASSO0002"])

    def assert_login_error(self, env, *expected):
        lines = self.probe(env, expect_ok=False)
        error = lines[-1]["error"]
        self.assertEqual(lines[-1]["kind"], "Auth")
        self.assertIn("run `aws sso login --profile %s`" % env["AWS_PROFILE"], error)
        for text in expected:
            self.assertIn(text, error)

    def test_a_missing_token_says_to_log_in(self):
        self.assert_login_error(self.env("dev"), "no IAM Identity Center token for sso-session "
                                "corp")
        self.assertEqual(self.portal.count(), 0)

    def test_an_expired_token_says_to_log_in(self):
        self.save_token(session_name="corp", expires_in=-60)
        self.assert_login_error(self.env("dev"), "expired at")
        self.assertEqual(self.portal.count(), 0)

    def test_a_cache_file_that_is_not_json_says_to_log_in(self):
        path = self.save_token(session_name="corp")
        path.write_text('{"accessToken": "%s", "expiresAt": ' % SSO_TOKEN)
        self.assert_login_error(self.env("dev"), "is not a cached token")

    def test_a_refused_token_says_to_log_in(self):
        self.save_token(session_name="corp")
        self.portal.token = "another"
        self.assert_login_error(self.env("dev"), "HTTP 401")

    def test_a_role_the_token_may_not_use_is_refused(self):
        self.save_token(session_name="corp")
        self.portal.roles = set()
        self.assert_login_error(self.env("dev"), "HTTP 403")


class RunWithSsoCredentialsTest(SsoTestCase):
    """`repo2s3 run --commit` into moto, signed with the keys the portal stand-in issued (handed
    to the strict proxy, which checks every signature with the key it names)."""

    @classmethod
    def setUpClass(cls):
        cls.moto = shared_moto()
        cls.strict = shared_strict_s3(cls.moto.endpoint)
        cls.s3 = b.s3_client(cls.moto.endpoint)

    run_sync = base.RunWithoutStaticKeysTest.run_sync

    def test_run_commits_with_sso_credentials(self):
        self.save_token(session_name="corp")
        issued = self.portal.keys.issued
        self.strict.add_key_source(lambda: [(k["AccessKeyId"], k["SecretAccessKey"], k["Token"])
                                            for k in list(issued)])
        used = self.run_sync(self.env("dev"))
        self.assertEqual(used, {k["AccessKeyId"] for k in issued})
        self.assertEqual(self.portal.count(), 1)


if __name__ == "__main__":
    unittest.main()
