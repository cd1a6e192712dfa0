"""repo2s3 against the GitHub stand-in and moto: a GitHub App, a real git repository and a real S3
API, end to end. Every captured output is checked for the App's private key, JWTs and tokens.
repo2s3 reaches moto through the strict S3 proxy; no test may make it send a request real S3
would refuse.
"""

import datetime
import hashlib
import json
import pathlib
import re
import tempfile
import time
import unittest
import zipfile

import boto3
import requests

from harness import bucket as b
from harness import cli, payloads
from harness.gitrepo import EXCLUDE_PATTERNS, GitRepo
from harness.keys import app_key
from harness.moto import shared_moto
from harness.server import closed_port
from harness.strict_s3 import shared_strict_s3
from standins.github_standin import GitHubStandIn

APP_ID = "314159"
INSTALLATION_ID = "27182818"
OWNER = "octo-org"
REPO = "site"
PREFIX = "www/"
JWT_PATTERN = re.compile(r"eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{20,}")
ERROR_LINE = "repo2s3: error:"


def expected_files(repo, ref="HEAD", include=(r"^.+$",), exclude=tuple(EXCLUDE_PATTERNS)):
    """{path: bytes} a run must sync: git ls-files of the commit after the payload's filters
    (Python re.search, exclude wins). A symlink is a file holding its target."""
    kept = {}
    for path in repo.ls_files(ref):
        if any(re.search(p, path) for p in exclude):
            continue
        if any(re.search(p, path) for p in include):
            kept[path] = repo.blob(path, ref)
    return kept


def objects(files, prefix=PREFIX):
    return {prefix + path: (hashlib.md5(body).hexdigest(), len(body)) for path, body in files.items()}


class GitHubSyncTestCase(unittest.TestCase):
    """A GitHub stand-in per class, moto and the strict S3 proxy for the suite, a git repository
    and a bucket per test."""

    maxDiff = 8000

    @classmethod
    def setUpClass(cls):
        cls.moto = shared_moto()
        # repo2s3 talks to S3 through the strict proxy (cli.clean_env's default endpoint). The
        # test's own client goes to moto directly: it prepares buckets and reads back what is
        # really stored, and must never be refused, faulted or counted as the program's traffic.
        cls.strict = shared_strict_s3(cls.moto.endpoint)
        cls.s3 = b.s3_client(cls.moto.endpoint)
        cls.key = app_key()
        cls.other_key = app_key("other")
        cls.keys_dir = tempfile.TemporaryDirectory(prefix="repo2s3-keys-")
        cls.pkcs1_file = cls.key.write_pkcs1(pathlib.Path(cls.keys_dir.name) / "app.pem")
        cls.pkcs8_file = cls.key.write_pkcs8(pathlib.Path(cls.keys_dir.name) / "app-pkcs8.pem")
        cls.wrong_key_file = cls.other_key.write_pkcs1(pathlib.Path(cls.keys_dir.name) / "wrong.pem")
        cls.github = GitHubStandIn(APP_ID, cls.key.public_pem, INSTALLATION_ID).start()

    @classmethod
    def tearDownClass(cls):
        cls.github.stop()
        cls.keys_dir.cleanup()

    def setUp(self):
        self.github.reset()
        scratch = tempfile.TemporaryDirectory(prefix="repo2s3-gh-")
        self.addCleanup(scratch.cleanup)
        self.work = pathlib.Path(scratch.name)
        self.repo = GitRepo(self.work / "git")
        self.sha = self.repo.populate_sample()
        self.github.add_repository(OWNER, REPO, self.repo.path)
        self.bucket = b.create_bucket(self.s3, self._testMethodName)
        self.outputs = []          # every stdout/stderr captured
        self.token_outputs = []    # outputs that may hold a token by design
        self.seen_tokens = set()
        self.strict_mark = self.strict.mark()

    def tearDown(self):
        self.seen_tokens.update(self.github.issued_tokens())
        self.assertEqual(self.github.internal_errors, [], "the GitHub stand-in itself failed")
        self.assertEqual(self.strict.violations_since(self.strict_mark), [],
                         "S3 requests real S3 would refuse")
        self.assert_no_secrets_in_outputs()
        for command, stdout, stderr in self.outputs + self.token_outputs:
            cli.check_sanitizers(stdout + stderr, command)

    # --- running repo2s3 ------------------------------------------------------------------

    def github_env(self, **extra):
        env = {"GITHUB_API_URL": self.github.url,
               "GITHUB_APP_PRIVATE_KEY_FILE": str(self.pkcs1_file)}
        env.update(extra)
        return env

    def payload(self, name="payload.yaml", **overrides):
        fields = dict(BucketName=self.bucket, Organization=OWNER, Repository=REPO,
                      BranchName="main", GitHubAppId=APP_ID, GitHubInstallationId=INSTALLATION_ID,
                      KeyPrefix=PREFIX, DeleteMissingFiles=True,
                      ExcludeRepoPaths=list(EXCLUDE_PATTERNS))
        fields.update(overrides)
        return payloads.write_payload(self.work / name, **fields)

    def repo2s3(self, args, env=None, may_print_token=False, **run_options):
        proc = cli.run_repo2s3(args, env_extra=self.github_env() if env is None else env,
                               timeout=300, **run_options)
        self.seen_tokens.update(self.github.issued_tokens())
        (self.token_outputs if may_print_token else self.outputs).append(
            (" ".join(str(a) for a in args), proc.stdout, proc.stderr))
        return proc

    def run_json(self, payload, commit=False, extra_args=(), env=None, expect_exit=0):
        return self.run_with_report(payload, commit, extra_args, env, expect_exit)[1]

    def run_with_report(self, payload, commit=False, extra_args=(), env=None, expect_exit=0,
                        **run_options):
        """`run --output json`: (CompletedProcess, the report), after checking the exit code
        and that stdout is one JSON object in valid UTF-8."""
        args = ["run", "--payload", payload, "--output", "json"] + list(extra_args)
        if commit:
            args.append("--commit")
        proc = self.repo2s3(args, env=env, **run_options)
        self.assertEqual(proc.returncode, expect_exit, cli.describe(proc))
        lines = [line for line in proc.stdout_bytes.decode("utf-8").splitlines() if line.strip()]
        self.assertEqual(len(lines), 1, "stdout is not one JSON object:\n" + cli.describe(proc))
        return proc, json.loads(lines[0])

    # --- assertions -----------------------------------------------------------------------

    def bucket_objects(self, prefix=""):
        return b.contents(b.snapshot(self.s3, self.bucket, prefix))

    def assert_bucket_equals(self, files, prefix=PREFIX):
        actual = self.bucket_objects(prefix)
        expected = objects(files, prefix)
        if actual != expected:
            missing = sorted(set(expected) - set(actual))
            extra = sorted(set(actual) - set(expected))
            differing = sorted(k for k in set(actual) & set(expected) if actual[k] != expected[k])
            self.fail("bucket differs from git: missing %r, unexpected %r, differing %r" % (
                missing[:10], extra[:10], differing[:10]))

    def assert_plan(self, summary, new=(), modified=(), deleted=()):
        self.assertEqual(
            (sorted(summary["new"]), sorted(summary["modified"]), sorted(summary["deleted"])),
            (sorted(new), sorted(modified), sorted(deleted)), "new / modified / deleted")

    def assert_one_error_line(self, proc, *phrases):
        """Exit 1 and exactly one `repo2s3: error:` line holding every phrase (any case)."""
        self.assertEqual(proc.returncode, 1, cli.describe(proc))
        lines = [line for line in proc.stderr.splitlines() if line.startswith(ERROR_LINE)]
        self.assertEqual(len(lines), 1, "want one error line:\n" + cli.describe(proc))
        for phrase in phrases:
            self.assertIn(phrase.lower(), lines[0].lower(), "error line lacks %r" % phrase)
        return lines[0]

    def assert_no_secrets_in_outputs(self):
        pieces = self.key.secret_pieces() + self.other_key.secret_pieces()
        for command, stdout, stderr in self.outputs + self.token_outputs:
            for text in (stdout, stderr):
                for piece in pieces:
                    self.assertNotIn(piece, text, "private key material in the output of: " +
                                     command)
                self.assertIsNone(JWT_PATTERN.search(text),
                                  "a JWT in the output of: " + command)
        for command, stdout, stderr in self.outputs:
            for token in self.seen_tokens:
                self.assertNotIn(token, stdout + stderr, "a token in the output of: " + command)
                self.assertNotIn(token[4:20], stdout + stderr,
                                 "part of a token in the output of: " + command)
        for command, _, stderr in self.token_outputs:
            for token in self.seen_tokens:
                self.assertNotIn(token, stderr, "a token in the log of: " + command)

    def seed_bucket(self):
        """Objects a wrongful run would change: stale ones under the prefix (deleted by a run
        with DeleteMissingFiles), one with outdated content, and neighbours outside it."""
        b.put_objects(self.s3, self.bucket, {
            PREFIX + "stale/old page.html": b"stale", PREFIX + "README.md": b"outdated",
            "www-other/keep.txt": b"neighbour", "root.txt": b"at the root"})
        return b.snapshot(self.s3, self.bucket)


class RunFromGitHub(GitHubSyncTestCase):

    def test_commit_makes_the_bucket_equal_git_ls_files_after_filters(self):
        before = self.seed_bucket()
        payload = self.payload()
        files = expected_files(self.repo)
        self.assertIn("link-to-readme", files)
        self.assertTrue(any(p.startswith("node_modules/") for p in self.repo.ls_files()))

        summary = self.run_json(payload)
        self.assertEqual(summary["commit"], self.sha)
        self.assertFalse(summary["committed"])
        self.assert_plan(summary, new=set(files) - {"README.md"}, modified=["README.md"],
                         deleted=["stale/old page.html"])
        self.assertEqual(b.snapshot(self.s3, self.bucket), before, "a dry run wrote")

        summary = self.run_json(payload, commit=True)
        self.assertEqual(summary["commit"], self.sha)
        self.assertTrue(summary["committed"])
        self.assertIsNone(summary["error"])
        self.assert_bucket_equals(files)
        self.assertEqual(b.read_object(self.s3, self.bucket, PREFIX + "link-to-readme"),
                         b"README.md", "a symlink syncs as a file holding its target")
        for excluded in ("node_modules/left-pad/index.js", "secrets/.env", "build.log"):
            self.assertNotIn(PREFIX + excluded, self.bucket_objects())
        self.assertEqual(self.bucket_objects("www-other/"),
                         {"www-other/keep.txt": (hashlib.md5(b"neighbour").hexdigest(), 9)})
        self.assertIn("root.txt", self.bucket_objects())

        summary = self.run_json(payload, commit=True)
        self.assert_plan(summary)
        self.assertEqual(summary["unchanged"], len(files))
        self.assertEqual(summary["commit"], self.sha)

    def test_token_is_narrowed_and_the_archive_host_never_sees_it(self):
        self.run_json(self.payload(), commit=True)
        self.assertEqual(self.github.token_requests,
                         [{"repositories": [REPO], "permissions": {"contents": "read"}}])
        self.assertEqual(self.github.count("codeload"), 1)
        self.assertFalse(self.github.codeload_saw_authorization,
                         "the Authorization header went to the archive host")

    def test_one_token_request_serves_a_whole_run(self):
        self.run_json(self.payload(), commit=True)
        self.assertEqual(self.github.count("access_tokens"), 1)
        self.assertEqual(self.github.count("git_ref"), 1)
        self.assertEqual(self.github.count("zipball"), 1)
        tokens = self.github.issued_tokens()
        self.assertEqual(len(tokens), 1)
        api_auth = {headers.get("Authorization") for server, method, path, headers
                    in self.github.requests if server == "api" and "/repos/" in path}
        self.assertEqual(len(api_auth), 1, "every API call of a run uses the same token")
        self.assertIn(tokens[0], api_auth.pop())

    def test_new_commit_then_syncs_exactly_its_changes(self):
        payload = self.payload()
        self.run_json(payload, commit=True)
        self.assert_bucket_equals(expected_files(self.repo))

        self.repo.write("index.html", b"<!doctype html><title>changed</title>\n")
        self.repo.write("docs/guide/new page.md", b"# new\n")
        self.repo.write("node_modules/another/index.js", b"excluded\n")
        self.repo.symlink("link-to-readme", "index.html")
        self.repo.remove("docs/guide/intro.md")
        self.repo.remove("empty.txt")
        second = self.repo.commit("second")
        self.assertNotEqual(second, self.sha)

        summary = self.run_json(payload, commit=True)
        self.assertEqual(summary["commit"], second)
        self.assert_plan(summary, new=["docs/guide/new page.md"],
                         modified=["index.html", "link-to-readme"],
                         deleted=["docs/guide/intro.md", "empty.txt"])
        self.assert_bucket_equals(expected_files(self.repo))
        self.assertEqual(b.read_object(self.s3, self.bucket, PREFIX + "link-to-readme"),
                         b"index.html")

    def test_branch_other_than_main(self):
        self.repo.create_branch("release/v2").checkout("release/v2")
        self.repo.write("release-notes.md", b"v2\n")
        release = self.repo.commit("release")
        self.repo.checkout("main")
        summary = self.run_json(self.payload(BranchName="release/v2"), commit=True)
        self.assertEqual(summary["commit"], release)
        self.assert_bucket_equals(expected_files(self.repo, "release/v2"))

    def test_zip_itself_is_synced_when_not_extracting(self):
        summary = self.run_json(self.payload(ExtractZipContents=False), commit=True)
        self.assertEqual(summary["commit"], self.sha)
        archive = self.repo.archive(self.sha, "%s-%s-%s/" % (OWNER, REPO, self.sha[:7]))
        self.assertEqual(self.bucket_objects(),
                         {PREFIX + REPO + ".zip": (hashlib.md5(archive).hexdigest(), len(archive))})

    def test_save_dir_keeps_the_archive(self):
        save = self.work / "saved"
        self.run_json(self.payload(), commit=True, extra_args=["--save-dir", save])
        with zipfile.ZipFile(save / (REPO + ".zip")) as zf:
            self.assertEqual(zf.comment.decode(), self.sha)

    def test_debug_logging_shows_the_commit_but_no_secret(self):
        proc = self.repo2s3(["run", "--payload", self.payload(), "--commit",
                             "--log-level", "debug"])
        self.assertEqual(proc.returncode, 0, cli.describe(proc))
        self.assertIn(self.sha, proc.stdout + proc.stderr)

    def test_api_base_from_the_payload_wins_over_the_environment(self):
        payload = self.payload(GitHubApiUrl=self.github.url)
        env = self.github_env(GITHUB_API_URL="http://127.0.0.1:%d" % closed_port(),
                              REPO2S3_GITHUB_API_URLS=self.github.url)  # the operator's consent
        summary = self.run_json(payload, env=env)
        self.assertEqual(summary["commit"], self.sha)


class DownloadAndToken(GitHubSyncTestCase):

    def test_download_writes_the_zip_and_its_extraction(self):
        before = self.seed_bucket()
        save = self.work / "save"
        proc = self.repo2s3(["download", "--payload", self.payload(), "--save-dir", save])
        self.assertEqual(proc.returncode, 0, cli.describe(proc))

        prefix = "%s-%s-%s/" % (OWNER, REPO, self.sha[:7])
        with zipfile.ZipFile(save / (REPO + ".zip")) as zf:
            self.assertEqual(sorted(i.filename for i in zf.infolist() if not i.is_dir()),
                             sorted(prefix + p for p in self.repo.ls_files()))
        extracted = save / ("%s-%s-%s" % (OWNER, REPO, self.sha))
        self.assertTrue(extracted.is_dir(), "no %s in %s" % (extracted.name,
                                                            sorted(p.name for p in save.iterdir())))
        on_disk = {str(p.relative_to(extracted)): p.read_bytes()
                   for p in extracted.rglob("*") if p.is_file() or p.is_symlink()}
        self.assertEqual(on_disk, self.repo.tree(), "the extraction holds every file of the commit")
        self.assertFalse(any(p.is_symlink() for p in extracted.rglob("*")))
        self.assertEqual(b.snapshot(self.s3, self.bucket), before, "download wrote to the bucket")

    def test_download_without_extraction_writes_only_the_zip(self):
        save = self.work / "save"
        proc = self.repo2s3(["download", "--payload", self.payload(ExtractZipContents=False),
                             "--save-dir", save])
        self.assertEqual(proc.returncode, 0, cli.describe(proc))
        self.assertEqual(sorted(p.name for p in save.iterdir()), [REPO + ".zip"])

    def test_get_installation_token_prints_only_a_working_token(self):
        proc = self.repo2s3(["get-installation-token", "--payload", self.payload()],
                            may_print_token=True)
        self.assertEqual(proc.returncode, 0, cli.describe(proc))
        self.assertEqual(len(proc.stdout.splitlines()), 1, cli.describe(proc))
        token = proc.stdout.strip()
        self.assertEqual(self.github.issued_tokens(), [token])
        reply = requests.get("%s/repos/%s/%s/commits/main" % (self.github.url, OWNER, REPO),
                             headers={"Authorization": "token " + token, "User-Agent": "curl",
                                      "Accept": "application/vnd.github.sha"}, timeout=10)
        self.assertEqual(reply.text, self.sha)
        self.assertEqual(self.github.count("access_tokens"), 1)


class PrivateKeySources(GitHubSyncTestCase):

    def assert_runs(self, env, extra_args=()):
        summary = self.run_json(self.payload(), env=env, extra_args=extra_args)
        self.assertEqual(summary["commit"], self.sha)

    def base_env(self, **extra):
        env = {"GITHUB_API_URL": self.github.url}
        env.update(extra)
        return env

    def test_pkcs8_key_file_flag(self):
        self.assert_runs(self.base_env(), ["--private-key-file", self.pkcs8_file])

    def test_flag_wins_over_the_environment(self):
        self.assert_runs(self.base_env(GITHUB_APP_PRIVATE_KEY_FILE=str(self.wrong_key_file),
                                       GITHUB_APP_PRIVATE_KEY=self.other_key.pkcs1_pem),
                         ["--private-key-file", self.pkcs1_file])

    def test_key_file_variable_wins_over_key_text(self):
        self.assert_runs(self.base_env(GITHUB_APP_PRIVATE_KEY_FILE=str(self.pkcs1_file),
                                       GITHUB_APP_PRIVATE_KEY=self.other_key.pkcs1_pem))

    def test_key_text_with_literal_newline_escapes(self):
        self.assert_runs(self.base_env(GITHUB_APP_PRIVATE_KEY=self.key.escaped_pkcs1()))

    def test_key_text_with_real_newlines(self):
        self.assert_runs(self.base_env(GITHUB_APP_PRIVATE_KEY=self.key.pkcs8_pem))

    def secrets_document(self, organizations=None):
        keys = organizations if organizations is not None else {OWNER: self.key.pkcs1_pem}
        return json.dumps({"STARFLEET": {"SlackToken": "xoxb-not-used"},
                           "GitHubSyncWorker": keys})

    def test_starfleet_secrets_file(self):
        secrets_file = self.work / "secrets.json"
        secrets_file.write_text(self.secrets_document({"someone-else": self.other_key.pkcs1_pem,
                                                       OWNER: self.key.pkcs1_pem}))
        self.assert_runs(self.base_env(REPO2S3_SECRETS_FILE=str(secrets_file)))

    def test_starfleet_secret_in_secrets_manager(self):
        # Secrets Manager is not S3: repo2s3 reaches it at moto directly.
        client = boto3.client("secretsmanager", endpoint_url=self.moto.endpoint,
                              region_name="eu-west-1",
                              aws_access_key_id=b.TEST_ACCESS_KEY_ID,
                              aws_secret_access_key=b.TEST_SECRET_ACCESS_KEY)
        name = "starfleet-%s" % self.bucket
        client.create_secret(Name=name, SecretString=self.secrets_document())
        self.addCleanup(client.delete_secret, SecretId=name, ForceDeleteWithoutRecovery=True)
        self.assert_runs(self.base_env(REPO2S3_SECRET_ID=name, REPO2S3_SECRET_REGION="eu-west-1",
                                       AWS_ENDPOINT_URL_SECRETS_MANAGER=self.moto.endpoint))

    def test_missing_organization_names_it_and_lists_the_present_ones(self):
        before = self.seed_bucket()
        secrets_file = self.work / "secrets.json"
        secrets_file.write_text(self.secrets_document({"Octo-Org": self.key.pkcs1_pem,
                                                       "another-org": self.other_key.pkcs8_pem}))
        proc = self.repo2s3(["run", "--payload", self.payload(), "--commit"],
                            env=self.base_env(REPO2S3_SECRETS_FILE=str(secrets_file)))
        self.assert_one_error_line(proc, OWNER, "Octo-Org", "another-org")
        self.assertEqual(self.github.count("access_tokens"), 0)
        self.assertEqual(b.snapshot(self.s3, self.bucket), before)

    def test_no_key_anywhere_says_how_to_give_one(self):
        proc = self.repo2s3(["run", "--payload", self.payload()], env=self.base_env())
        self.assertNotEqual(proc.returncode, 0, cli.describe(proc))
        lines = [l for l in proc.stderr.splitlines() if l.startswith(ERROR_LINE)]
        self.assertEqual(len(lines), 1, cli.describe(proc))
        self.assertIn("GITHUB_APP_PRIVATE_KEY", lines[0])

    def test_unreadable_key_file(self):
        missing = self.work / "nowhere.pem"
        proc = self.repo2s3(["run", "--payload", self.payload()],
                            env=self.base_env(GITHUB_APP_PRIVATE_KEY_FILE=str(missing)))
        self.assertNotEqual(proc.returncode, 0, cli.describe(proc))
        self.assertIn(str(missing), proc.stderr)


class Retries(GitHubSyncTestCase):
    """A failure that passes is retried and the run succeeds, within its time budget."""

    def assert_synced_after(self, endpoint, kind):
        self.github.inject(endpoint, kind, times=1)
        summary = self.run_json(self.payload(), commit=True)
        self.assertIsNone(summary["error"])
        self.assert_bucket_equals(expected_files(self.repo))
        return summary

    def test_a_bad_gateway_on_the_token_is_retried(self):
        self.assert_synced_after("access_tokens", "bad_gateway")
        self.assertEqual(self.github.count("access_tokens"), 2)

    def test_a_secondary_rate_limit_on_the_branch_waits_for_retry_after(self):
        self.assert_synced_after("git_ref", "secondary_rate_limit")
        self.assertEqual(self.github.count("git_ref"), 2)

    def test_a_primary_rate_limit_that_resets_soon_is_waited_for(self):
        started = time.monotonic()
        self.assert_synced_after("zipball", "primary_rate_limit")
        self.assertGreaterEqual(time.monotonic() - started, 2.0, "did not wait for the reset")

    def test_a_stalled_archive_host_is_retried(self):
        self.assert_synced_after("codeload", "bad_gateway")


class Failures(GitHubSyncTestCase):
    """Each failure: exit 1, one clear error line, and the bucket exactly as it was."""

    def fails_cleanly(self, *phrases, payload=None, env=None, args=()):
        """`args` may set --run-timeout; by default a run has 20 s, so that retries of a
        failure that lasts give up quickly."""
        before = self.seed_bucket()
        payload = payload or self.payload()
        args = list(args)
        if "--run-timeout" not in args:
            args += ["--run-timeout", "20s"]
        proc = self.repo2s3(["run", "--payload", payload, "--commit"] + args, env=env)
        line = self.assert_one_error_line(proc, *phrases)
        self.assertEqual(b.snapshot(self.s3, self.bucket), before, "the bucket was touched")
        return line

    def test_wrong_app_id_is_401_and_says_what_to_check(self):
        line = self.fails_cleanly("401", "GitHubAppId", "private key", "clock",
                                  payload=self.payload(GitHubAppId="999999"))
        self.assertIn("999999", line)
        self.assertEqual(self.github.issued_tokens(), [])

    def test_wrong_key_is_401(self):
        self.fails_cleanly("401", "private key",
                           env=self.github_env(GITHUB_APP_PRIVATE_KEY_FILE=str(self.wrong_key_file)))

    def test_clock_skew_is_401(self):
        self.github.clock_offset = -1800  # this machine's clock runs half an hour fast
        self.fails_cleanly("401", "clock")

    def test_unknown_installation_is_404(self):
        line = self.fails_cleanly("404", "GitHubInstallationId",
                                  payload=self.payload(GitHubInstallationId="11111"))
        self.assertIn("11111", line)

    def test_installation_answering_404(self):
        self.github.not_found("access_tokens")
        self.fails_cleanly("404", INSTALLATION_ID)

    def test_repository_answering_404_names_repository_and_branch(self):
        self.github.not_found("git_ref")
        self.fails_cleanly("404", "%s/%s" % (OWNER, REPO), "main", "installed")

    def test_repository_the_app_cannot_see(self):
        self.fails_cleanly("not-installed-repo", "install",
                           payload=self.payload(Repository="not-installed-repo"))

    def test_unknown_branch_names_repository_and_branch(self):
        self.fails_cleanly("%s/%s" % (OWNER, REPO), "no-such-branch", "installed",
                           payload=self.payload(BranchName="no-such-branch"))

    def test_archive_answering_404(self):
        self.github.not_found("zipball")
        self.fails_cleanly("404", "%s/%s" % (OWNER, REPO))

    def reset_text(self, reset):
        return datetime.datetime.fromtimestamp(reset, datetime.timezone.utc).strftime(
            "%Y-%m-%dT%H:%M:%SZ")

    # A rate limit that resets after the run's time budget fails the run at once, saying when.
    def test_rate_limit_403_on_the_token_says_when_it_resets(self):
        reset = self.github.rate_limit("access_tokens", status=403, reset_in=1500)
        self.fails_cleanly("rate limit", self.reset_text(reset))
        self.assertEqual(self.github.count("access_tokens"), 1, "waited for a distant reset")

    def test_rate_limit_429_on_the_branch_lookup_says_when_it_resets(self):
        reset = self.github.rate_limit("git_ref", status=429, reset_in=600)
        self.fails_cleanly("rate limit", self.reset_text(reset))

    def test_rate_limit_403_on_the_download(self):
        reset = self.github.rate_limit("zipball", status=403, reset_in=900)
        self.fails_cleanly("rate limit", self.reset_text(reset))

    def test_secondary_rate_limit_says_how_long_to_wait(self):
        self.github.secondary_rate_limit("git_ref", status=429, retry_after=75)
        self.fails_cleanly("rate limit", "75")

    def test_network_error_on_a_closed_port(self):
        port = closed_port()
        self.fails_cleanly("127.0.0.1:%d" % port,
                           env=self.github_env(GITHUB_API_URL="http://127.0.0.1:%d" % port))

    def test_network_error_when_the_archive_host_is_gone(self):
        standin = GitHubStandIn(APP_ID, self.key.public_pem, INSTALLATION_ID).start()
        standin.add_repository(OWNER, REPO, self.repo.path)
        standin.stop_codeload()  # the redirect then points at a closed port
        try:
            self.fails_cleanly(env=self.github_env(GITHUB_API_URL=standin.url))
        finally:
            self.seen_tokens.update(standin.issued_tokens())
            standin.stop()

    def test_archive_host_error(self):
        self.github.fail("codeload", 503, body={"message": "codeload unavailable"})
        self.fails_cleanly("503")

    def test_timeout(self):
        self.github.stall("git_ref", 5)
        self.fails_cleanly("time", args=["--github-timeout", "1", "--run-timeout", "6s"])


if __name__ == "__main__":
    unittest.main()
