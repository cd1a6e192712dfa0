"""Self-checks of the GitHub stand-in: it must refuse what GitHub refuses, or the end-to-end tests
that rely on it prove nothing."""

import calendar
import http.client
import io
import json
import pathlib
import re
import subprocess
import sys
import tempfile
import time
import unittest
import zipfile

import requests

from harness.gitrepo import GitRepo, SAMPLE_SYMLINKS
from harness.keys import app_key
from harness.server import port_is_open
from standins.github_standin import MAX_STALL, GitHubStandIn

HERE = pathlib.Path(__file__).resolve().parent
APP_ID = "246810"
INSTALLATION_ID = "13579"
OWNER, REPO = "octo-org", "site"
UA = {"User-Agent": "repo2s3-standin-selfcheck"}


class StandInTestCase(unittest.TestCase):
    maxDiff = 4000

    @classmethod
    def setUpClass(cls):
        cls.key = app_key()
        cls.other_key = app_key("other")
        cls.repo = GitRepo()
        cls.sha = cls.repo.populate_sample()
        cls.other_repo = GitRepo()
        cls.other_sha = cls.other_repo.populate_sample("other repository")

    @classmethod
    def tearDownClass(cls):
        cls.repo.cleanup()
        cls.other_repo.cleanup()

    def setUp(self):
        self.standin = GitHubStandIn(APP_ID, self.key.public_pem, INSTALLATION_ID)
        self.standin.add_repository(OWNER, REPO, self.repo.path)
        self.standin.add_repository(OWNER, "other", self.other_repo.path)
        self.standin.start()
        self.addCleanup(self.standin.stop)
        self.http = requests.Session()
        self.addCleanup(self.http.close)

    def tearDown(self):
        self.assertEqual(self.standin.internal_errors, [], "the stand-in itself failed")

    # --- helpers --------------------------------------------------------------------------

    def post_token(self, jwt, body=None, installation=INSTALLATION_ID, headers=None):
        merged = dict(UA)
        if jwt is not None:
            merged["Authorization"] = "Bearer " + jwt
        merged.update(headers or {})
        if body is None:
            body = {"repositories": [REPO], "permissions": {"contents": "read"}}
        return self.http.post("%s/app/installations/%s/access_tokens" % (self.standin.url,
                                                                          installation),
                              json=body, headers=merged)

    def token(self, repositories=(REPO,)):
        reply = self.post_token(self.key.app_jwt(APP_ID),
                                {"repositories": list(repositories),
                                 "permissions": {"contents": "read"}})
        self.assertEqual(reply.status_code, 201, reply.text)
        return reply.json()["token"]

    def api_get(self, path, token=None, accept="application/vnd.github+json", **kwargs):
        headers = dict(UA, Accept=accept)
        if token:
            headers["Authorization"] = "token " + token
        headers.update(kwargs.pop("headers", {}))
        return self.http.get(self.standin.url + path, headers=headers, allow_redirects=False,
                             **kwargs)

    def assert_rejected_jwt(self, jwt, status=401):
        reply = self.post_token(jwt)
        self.assertEqual(reply.status_code, status, reply.text)
        self.assertEqual(self.standin.issued_tokens(), [])
        return reply


class AppJwtChecks(StandInTestCase):

    def test_valid_jwt_gets_an_expiring_token_narrowed_to_the_repository(self):
        before = time.time()
        reply = self.post_token(self.key.app_jwt(APP_ID))
        self.assertEqual(reply.status_code, 201, reply.text)
        body = reply.json()
        self.assertRegex(body["token"], r"^ghs_[A-Za-z0-9]{36,}$")
        expires = calendar.timegm(time.strptime(body["expires_at"], "%Y-%m-%dT%H:%M:%SZ"))
        self.assertAlmostEqual(expires, before + 3600, delta=5)
        self.assertEqual(body["permissions"], {"contents": "read"})
        self.assertEqual([r["full_name"] for r in body["repositories"]], [OWNER + "/" + REPO])
        self.assertEqual(self.standin.token_requests,
                         [{"repositories": [REPO], "permissions": {"contents": "read"}}])
        self.assertEqual(self.standin.count("access_tokens"), 1)

    def test_each_request_gets_a_new_random_token(self):
        first, second = self.token(), self.token()
        self.assertNotEqual(first, second)

    def test_pkcs8_and_pkcs1_forms_sign_the_same_acceptable_jwt(self):
        # Both forms hold the same key; the stand-in only ever sees the public half.
        self.assertIn("BEGIN RSA PRIVATE KEY", self.key.pkcs1_pem)
        self.assertIn("BEGIN PRIVATE KEY", self.key.pkcs8_pem)
        self.assertEqual(self.post_token(self.key.app_jwt(APP_ID)).status_code, 201)

    def test_signature_by_another_key_is_rejected(self):
        reply = self.assert_rejected_jwt(self.other_key.app_jwt(APP_ID))
        self.assertIn("could not be decoded", reply.json()["message"])

    def test_tampered_claims_are_rejected(self):
        header, claims, signature = self.key.app_jwt(APP_ID).split(".")
        forged = self.other_key.app_jwt("999").split(".")[1]
        self.assert_rejected_jwt(".".join([header, forged, signature]))

    def test_expired_jwt_is_rejected(self):
        now = int(time.time())
        self.assert_rejected_jwt(self.key.sign_jwt({"iat": now - 700, "exp": now - 100,
                                                    "iss": APP_ID}))

    def test_lifetime_over_ten_minutes_is_rejected(self):
        now = int(time.time())
        self.assert_rejected_jwt(self.key.sign_jwt({"iat": now - 60, "exp": now - 60 + 601,
                                                    "iss": APP_ID}))
        # exactly ten minutes is fine
        reply = self.post_token(self.key.sign_jwt({"iat": now - 60, "exp": now + 540,
                                                   "iss": APP_ID}))
        self.assertEqual(reply.status_code, 201, reply.text)

    def test_iat_in_the_future_is_rejected(self):
        now = int(time.time())
        reply = self.assert_rejected_jwt(self.key.sign_jwt({"iat": now + 120, "exp": now + 500,
                                                            "iss": APP_ID}))
        self.assertIn("iat", reply.json()["message"])

    def test_clock_skew_of_the_client_is_detected(self):
        self.standin.clock_offset = -900  # the stand-in's clock runs 15 minutes behind
        self.assert_rejected_jwt(self.key.app_jwt(APP_ID))

    def test_wrong_issuer_is_rejected(self):
        reply = self.assert_rejected_jwt(self.key.app_jwt("1111"))
        self.assertIn("Integration not found", reply.json()["message"])

    def test_missing_or_non_integer_claims_are_rejected(self):
        now = int(time.time())
        self.assert_rejected_jwt(self.key.sign_jwt({"exp": now + 300, "iss": APP_ID}))
        self.assert_rejected_jwt(self.key.sign_jwt({"iat": str(now), "exp": now + 300,
                                                    "iss": APP_ID}))
        self.assert_rejected_jwt(self.key.sign_jwt({"iat": now - 60, "iss": APP_ID}))

    def test_a_rotated_key_replaces_the_old_one(self):
        self.standin.rotate_key(self.other_key.public_pem)
        self.assert_rejected_jwt(self.key.app_jwt(APP_ID))
        self.assertEqual(self.post_token(self.other_key.app_jwt(APP_ID)).status_code, 201)
        self.standin.reset()  # a reset keeps the key
        self.assert_rejected_jwt(self.key.app_jwt(APP_ID))

    def test_other_algorithms_are_rejected(self):
        now = int(time.time())
        claims = {"iat": now - 60, "exp": now + 300, "iss": APP_ID}
        self.assert_rejected_jwt(self.key.sign_jwt(claims, header={"alg": "none", "typ": "JWT"}))
        self.assert_rejected_jwt(self.key.sign_jwt(claims, header={"alg": "HS256", "typ": "JWT"}))

    def test_garbage_and_missing_jwt_are_rejected(self):
        self.assert_rejected_jwt("not.a.jwt")
        self.assert_rejected_jwt("")
        self.assert_rejected_jwt(None)

    def test_unknown_installation_is_404(self):
        reply = self.post_token(self.key.app_jwt(APP_ID), installation="424242")
        self.assertEqual(reply.status_code, 404)

    def test_repository_outside_the_installation_is_422(self):
        reply = self.post_token(self.key.app_jwt(APP_ID),
                                {"repositories": ["not-installed"],
                                 "permissions": {"contents": "read"}})
        self.assertEqual(reply.status_code, 422, reply.text)

    def test_permissions_beyond_the_app_are_422(self):
        reply = self.post_token(self.key.app_jwt(APP_ID),
                                {"repositories": [REPO], "permissions": {"contents": "write"}})
        self.assertEqual(reply.status_code, 422, reply.text)
        reply = self.post_token(self.key.app_jwt(APP_ID),
                                {"repositories": [REPO], "permissions": {"issues": "read"}})
        self.assertEqual(reply.status_code, 422, reply.text)


class ApiChecks(StandInTestCase):

    def raw_request(self, method, path, headers, body=b""):
        """A request with exactly `headers`: requests and urllib3 would add a User-Agent."""
        host, port = self.standin.url[len("http://"):].split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=10)
        try:
            connection.request(method, path, body=body, headers=headers)
            reply = connection.getresponse()
            return reply.status, reply.read()
        finally:
            connection.close()

    def test_request_without_user_agent_is_403(self):
        status, body = self.raw_request(
            "POST", "/app/installations/%s/access_tokens" % INSTALLATION_ID,
            {"Authorization": "Bearer " + self.key.app_jwt(APP_ID),
             "Content-Type": "application/json"}, b"{}")
        self.assertEqual(status, 403, body)
        self.assertIn("User-Agent", json.loads(body)["message"])
        self.assertEqual(self.standin.issued_tokens(), [])
        token = self.token()
        status, _ = self.raw_request("GET", "/repos/%s/%s/commits/main" % (OWNER, REPO),
                                     {"Authorization": "token " + token})
        self.assertEqual(status, 403)
        # The same request with a User-Agent is fine: it was the missing header.
        status, _ = self.raw_request("GET", "/repos/%s/%s/commits/main" % (OWNER, REPO),
                                     {"Authorization": "token " + token, "User-Agent": "x"})
        self.assertEqual(status, 200)

    def test_sha_media_type_returns_the_bare_sha(self):
        reply = self.api_get("/repos/%s/%s/commits/main" % (OWNER, REPO), self.token(),
                             accept="application/vnd.github.sha")
        self.assertEqual(reply.status_code, 200, reply.text)
        self.assertEqual(reply.text, self.sha)
        self.assertRegex(reply.text, r"^[0-9a-f]{40}$")
        self.assertEqual(reply.headers["ETag"], '"%s"' % self.sha)

    def test_json_media_type_returns_an_object(self):
        reply = self.api_get("/repos/%s/%s/commits/main" % (OWNER, REPO), self.token())
        self.assertEqual(reply.json()["sha"], self.sha)

    def test_matching_etag_is_304(self):
        reply = self.api_get("/repos/%s/%s/commits/main" % (OWNER, REPO), self.token(),
                             accept="application/vnd.github.sha",
                             headers={"If-None-Match": '"%s"' % self.sha})
        self.assertEqual(reply.status_code, 304)

    def test_unknown_branch_is_422_and_unknown_repository_404(self):
        token = self.token()
        reply = self.api_get("/repos/%s/%s/commits/no-such-branch" % (OWNER, REPO), token,
                             accept="application/vnd.github.sha")
        self.assertEqual(reply.status_code, 422)
        self.assertIn("No commit found", reply.json()["message"])
        reply = self.api_get("/repos/%s/nope/commits/main" % OWNER, token)
        self.assertEqual(reply.status_code, 404)

    def test_branch_with_slash_resolves(self):
        self.repo.create_branch("release/v1")
        reply = self.api_get("/repos/%s/%s/commits/release/v1" % (OWNER, REPO), self.token(),
                             accept="application/vnd.github.sha")
        self.assertEqual(reply.text, self.sha)

    def test_api_calls_need_a_valid_unexpired_token(self):
        path = "/repos/%s/%s/commits/main" % (OWNER, REPO)
        self.assertEqual(self.api_get(path).status_code, 404)  # anonymous: private repo hidden
        self.assertEqual(self.api_get(path, "ghs_made_up_token").status_code, 401)
        token = self.token()
        self.assertEqual(self.api_get(path, token).status_code, 200)
        self.standin.expire_tokens()
        reply = self.api_get(path, token)
        self.assertEqual(reply.status_code, 401)
        self.assertEqual(reply.json()["message"], "Bad credentials")

    def test_tokens_expire_by_themselves(self):
        self.standin.token_lifetime = 1
        token = self.token()
        time.sleep(1.5)
        self.assertEqual(self.api_get("/repos/%s/%s/commits/main" % (OWNER, REPO),
                                      token).status_code, 401)

    def test_token_only_reaches_the_repositories_it_was_narrowed_to(self):
        token = self.token([REPO])
        self.assertEqual(self.api_get("/repos/%s/other/commits/main" % OWNER, token).status_code,
                         404)
        wide = self.token(["other", REPO])
        self.assertEqual(self.api_get("/repos/%s/other/commits/main" % OWNER, wide).status_code,
                         200)

    def test_counts_requests_per_endpoint_and_reset_clears_them(self):
        token = self.token()
        self.api_get("/repos/%s/%s/commits/main" % (OWNER, REPO), token)
        self.api_get("/repos/%s/%s/commits/main" % (OWNER, REPO), token)
        self.api_get("/repos/%s/%s/zipball/main" % (OWNER, REPO), token)
        self.api_get("/something/else", token)
        self.api_get("/repos/%s/%s/git/ref/heads/main" % (OWNER, REPO), token)
        self.assertEqual(self.standin.counts, {"access_tokens": 1, "commits": 2, "git_ref": 1,
                                               "zipball": 1, "codeload": 0, "other": 1})
        self.standin.reset()
        self.assertEqual(set(self.standin.counts.values()), {0})
        self.assertEqual(self.standin.issued_tokens(), [])


class GitRefChecks(StandInTestCase):
    """GET /repos/{o}/{r}/git/ref/heads/{branch}, as GitHub answers it."""

    def ref(self, branch, token=None, **kwargs):
        return self.api_get("/repos/%s/%s/git/ref/heads/%s" % (OWNER, REPO, branch),
                            token or self.token(), **kwargs)

    def test_a_branch_is_its_ref_object_with_an_etag(self):
        reply = self.ref("main")
        self.assertEqual(reply.status_code, 200, reply.text)
        body = reply.json()
        self.assertEqual(set(body), {"ref", "node_id", "url", "object"})
        self.assertEqual(body["ref"], "refs/heads/main")
        self.assertTrue(body["node_id"])
        self.assertEqual(body["url"], "%s/repos/%s/%s/git/refs/heads/main" % (
            self.standin.url, OWNER, REPO))
        self.assertEqual(body["object"], {
            "sha": self.sha, "type": "commit",
            "url": "%s/repos/%s/%s/git/commits/%s" % (self.standin.url, OWNER, REPO, self.sha)})
        self.assertRegex(reply.headers["ETag"], r'^W/"[0-9a-f]{64}"$')
        self.assertTrue(reply.headers["Content-Type"].startswith("application/json"))
        self.assertEqual(self.standin.count("git_ref"), 1)
        self.assertEqual(self.standin.count("commits"), 0)

    def test_matching_etag_is_304_and_costs_no_rate_limit(self):
        token = self.token()
        first = self.ref("main", token)
        remaining = int(first.headers["x-ratelimit-remaining"])
        used = self.standin.rate_used
        for etag in (first.headers["ETag"], first.headers["ETag"][2:]):  # weak comparison
            again = self.ref("main", token, headers={"If-None-Match": etag})
            self.assertEqual(again.status_code, 304)
            self.assertEqual(again.content, b"")
            self.assertEqual(again.headers["ETag"], first.headers["ETag"])
            self.assertEqual(int(again.headers["x-ratelimit-remaining"]), remaining)
        self.assertEqual(self.standin.rate_used, used)
        stale = self.ref("main", token, headers={"If-None-Match": 'W/"%s"' % ("0" * 64)})
        self.assertEqual(stale.status_code, 200)
        self.assertEqual(int(stale.headers["x-ratelimit-remaining"]), remaining - 1)

    def test_a_new_commit_changes_the_etag(self):
        repo = GitRepo()
        self.addCleanup(repo.cleanup)
        repo.populate_sample()
        self.standin.add_repository(OWNER, "moving", repo.path)
        token = self.token(["moving"])
        path = "/repos/%s/moving/git/ref/heads/main" % OWNER
        first = self.api_get(path, token)
        repo.write("added.txt", b"new\n")
        second_sha = repo.commit("second")
        changed = self.api_get(path, token, headers={"If-None-Match": first.headers["ETag"]})
        self.assertEqual(changed.status_code, 200)
        self.assertEqual(changed.json()["object"]["sha"], second_sha)
        self.assertNotEqual(changed.headers["ETag"], first.headers["ETag"])

    def test_missing_branch_is_404_and_a_tag_is_not_a_branch(self):
        self.repo.git("tag", "-f", "v-tag-only", self.sha)
        self.addCleanup(self.repo.git, "tag", "-d", "v-tag-only")
        for name in ("no-such-branch", "v-tag-only", "refs/heads/main", "mai"):
            with self.subTest(branch=name):
                reply = self.ref(name)
                self.assertEqual(reply.status_code, 404, reply.text)
                self.assertEqual(reply.json()["message"], "Not Found")
        # The commits endpoint, which resolves any ref, still finds the tag.
        reply = self.api_get("/repos/%s/%s/commits/v-tag-only" % (OWNER, REPO), self.token(),
                             accept="application/vnd.github.sha")
        self.assertEqual(reply.text, self.sha)

    def test_a_branch_named_like_a_tag_is_the_branch(self):
        self.repo.write("on-branch.txt", b"branch only\n")
        branch_sha = self.repo.commit("on a branch")
        self.repo.git("reset", "-q", "--hard", self.sha)
        self.repo.create_branch("release", branch_sha)
        self.repo.git("tag", "-f", "release", self.sha)
        self.addCleanup(self.repo.git, "tag", "-d", "release")
        self.addCleanup(self.repo.git, "branch", "-D", "release")
        self.assertEqual(self.ref("release").json()["object"]["sha"], branch_sha)

    def test_branch_with_slash_needs_a_valid_token(self):
        self.repo.create_branch("release/v9")
        self.addCleanup(self.repo.git, "branch", "-D", "release/v9")
        reply = self.ref("release/v9")
        self.assertEqual(reply.json()["ref"], "refs/heads/release/v9")
        self.assertEqual(reply.json()["object"]["sha"], self.sha)
        path = "/repos/%s/%s/git/ref/heads/main" % (OWNER, REPO)
        self.assertEqual(self.api_get(path).status_code, 404)
        self.assertEqual(self.api_get(path, "ghs_made_up").status_code, 401)


class ArchiveChecks(StandInTestCase):

    def follow_zipball(self, ref, send_authorization=False):
        token = self.token()
        reply = self.api_get("/repos/%s/%s/zipball/%s" % (OWNER, REPO, ref), token)
        self.assertEqual(reply.status_code, 302, reply.text)
        location = reply.headers["Location"]
        headers = dict(UA)
        if send_authorization:
            headers["Authorization"] = "token " + token
        return location, self.http.get(location, headers=headers)

    def test_zipball_redirects_to_another_port_that_serves_git_archive(self):
        location, archive = self.follow_zipball(self.sha)
        self.assertTrue(location.startswith(self.standin.codeload_url + "/"), location)
        self.assertNotEqual(self.standin.codeload_url, self.standin.url)
        self.assertEqual(archive.status_code, 200)
        self.assertEqual(archive.headers["Content-Type"], "application/zip")

        prefix = "%s-%s-%s/" % (OWNER, REPO, self.sha[:7])
        with zipfile.ZipFile(io.BytesIO(archive.content)) as zf:
            files = sorted(i.filename for i in zf.infolist() if not i.is_dir())
            self.assertEqual(files, sorted(prefix + p for p in self.repo.ls_files()))
            self.assertTrue(all(i.filename.startswith(prefix) for i in zf.infolist()))
            for path, content in self.repo.tree().items():
                self.assertEqual(zf.read(prefix + path), content, path)
            self.assertEqual(zf.comment.decode(), self.sha)
            for link, target in SAMPLE_SYMLINKS.items():
                info = zf.getinfo(prefix + link)
                self.assertEqual(info.external_attr >> 28, 0o12, "stored as a symlink")
                self.assertEqual(zf.read(info), target.encode())
        self.assertFalse(self.standin.codeload_saw_authorization)
        self.assertEqual(self.standin.count("codeload"), 1)

    def test_sample_repository_has_everything_an_archive_must_carry(self):
        files = self.repo.ls_files()
        self.assertTrue(any(p.count("/") >= 3 for p in files), "nested folders")
        self.assertIn(b"\x00", self.repo.blob("assets/img/logo.png"), "a binary file")
        self.assertEqual(self.repo.blob("empty.txt"), b"", "an empty file")
        self.assertTrue((self.repo.path / "link-to-readme").is_symlink(), "a symlink")
        self.assertTrue(any(" " in p for p in files), "a name with a space")
        self.assertTrue(any(re.search(r"[^\x00-\x7f]", p) for p in files), "a unicode name")

    def test_codeload_records_an_authorization_header(self):
        _, archive = self.follow_zipball(self.sha, send_authorization=True)
        self.assertEqual(archive.status_code, 200)
        self.assertTrue(self.standin.codeload_saw_authorization)

    def test_zipball_of_a_branch_serves_its_head(self):
        location, archive = self.follow_zipball("main")
        self.assertIn(self.sha, location)
        self.assertEqual(zipfile.ZipFile(io.BytesIO(archive.content)).comment.decode(), self.sha)

    def test_new_commit_is_served(self):
        repo = GitRepo()
        self.addCleanup(repo.cleanup)
        first = repo.populate_sample()
        repo.write("added.txt", b"new\n").remove("empty.txt")
        second = repo.commit("second")
        self.standin.add_repository(OWNER, "moving", repo.path)
        token = self.token(["moving"])
        reply = self.api_get("/repos/%s/moving/commits/main" % OWNER, token,
                             accept="application/vnd.github.sha")
        self.assertEqual(reply.text, second)
        self.assertNotEqual(first, second)
        reply = self.api_get("/repos/%s/moving/zipball/%s" % (OWNER, second), token)
        names = zipfile.ZipFile(io.BytesIO(self.http.get(reply.headers["Location"],
                                                         headers=UA).content)).namelist()
        prefix = "%s-moving-%s/" % (OWNER, second[:7])
        self.assertIn(prefix + "added.txt", names)
        self.assertNotIn(prefix + "empty.txt", names)

    def test_a_served_archive_replaces_git_archive_for_its_repository_only(self):
        self.standin.serve_archive(OWNER, REPO, b"PK\x03\x04 not really a zip")
        self.standin.reset()  # a reset keeps it
        _, archive = self.follow_zipball(self.sha)
        self.assertEqual(archive.content, b"PK\x03\x04 not really a zip")
        token = self.token(["other"])
        reply = self.api_get("/repos/%s/other/zipball/%s" % (OWNER, self.other_sha), token)
        other = self.http.get(reply.headers["Location"], headers=UA).content
        self.assertEqual(zipfile.ZipFile(io.BytesIO(other)).comment.decode(), self.other_sha)
        self.standin.serve_archive(OWNER, REPO, None)
        _, archive = self.follow_zipball(self.sha)
        self.assertEqual(zipfile.ZipFile(io.BytesIO(archive.content)).comment.decode(), self.sha)

    def test_codeload_needs_the_grant_from_the_redirect(self):
        location, _ = self.follow_zipball(self.sha)
        bare = location.split("?")[0]
        self.assertEqual(self.http.get(bare, headers=UA).status_code, 404)
        self.assertEqual(self.http.get(bare + "?token=forged", headers=UA).status_code, 404)
        other = location.replace("/%s/legacy.zip" % REPO, "/other/legacy.zip")
        self.assertEqual(self.http.get(other, headers=UA).status_code, 404)


class ScriptedFailures(StandInTestCase):

    def test_not_found_per_endpoint(self):
        self.standin.not_found("access_tokens")
        self.assertEqual(self.post_token(self.key.app_jwt(APP_ID)).status_code, 404)
        self.standin.reset()
        token = self.token()
        self.standin.not_found("commits")
        self.assertEqual(self.api_get("/repos/%s/%s/commits/main" % (OWNER, REPO),
                                      token).status_code, 404)
        self.standin.not_found("zipball")
        self.assertEqual(self.api_get("/repos/%s/%s/zipball/main" % (OWNER, REPO),
                                      token).status_code, 404)

    def test_primary_rate_limit_carries_remaining_zero_and_reset(self):
        reset = self.standin.rate_limit("access_tokens", status=403, reset_in=1234)
        reply = self.post_token(self.key.app_jwt(APP_ID))
        self.assertEqual(reply.status_code, 403)
        self.assertEqual(reply.headers["x-ratelimit-remaining"], "0")
        self.assertEqual(int(reply.headers["x-ratelimit-reset"]), reset)
        self.assertAlmostEqual(reset, time.time() + 1234, delta=5)
        self.assertIn("rate limit", reply.json()["message"])

    def test_429_rate_limit_and_secondary_retry_after(self):
        self.standin.rate_limit("commits", status=429)
        token = self.token()
        reply = self.api_get("/repos/%s/%s/commits/main" % (OWNER, REPO), token)
        self.assertEqual(reply.status_code, 429)
        self.assertEqual(reply.headers["x-ratelimit-remaining"], "0")
        self.standin.secondary_rate_limit("commits", retry_after=90)
        reply = self.api_get("/repos/%s/%s/commits/main" % (OWNER, REPO), token)
        self.assertEqual(reply.status_code, 429)
        self.assertEqual(reply.headers["retry-after"], "90")

    def test_failure_for_a_number_of_requests_then_normal(self):
        self.standin.fail("access_tokens", 500, times=1)
        self.assertEqual(self.post_token(self.key.app_jwt(APP_ID)).status_code, 500)
        self.assertEqual(self.post_token(self.key.app_jwt(APP_ID)).status_code, 201)

    def test_stall_delays_the_answer(self):
        self.standin.stall("commits", 1.0)
        token = self.token()
        with self.assertRaises(requests.exceptions.Timeout):
            self.api_get("/repos/%s/%s/commits/main" % (OWNER, REPO), token, timeout=0.3)
        self.standin.reset()
        self.assertEqual(self.api_get("/repos/%s/%s/commits/main" % (OWNER, REPO),
                                      self.token(), timeout=5).status_code, 200)

    def test_bad_gateway_page_has_multibyte_characters_across_byte_200(self):
        token = self.token()
        self.standin.inject("git_ref", "bad_gateway", times=2)
        for _ in range(2):
            reply = self.api_get("/repos/%s/%s/git/ref/heads/main" % (OWNER, REPO), token)
            self.assertEqual(reply.status_code, 502)
            self.assertTrue(reply.headers["Content-Type"].startswith("text/html"))
            body = reply.content
            self.assertEqual(body[198:201], "\u2014".encode())
            with self.assertRaises(UnicodeDecodeError):
                body[:200].decode("utf-8")
            self.assertIn("\U0001F984", body.decode("utf-8"))
        self.assertEqual(self.ref_status(token), 200)
        self.assertEqual(self.standin.fault_counts()["bad_gateway"], 2)

    def test_faults_for_one_repository_leave_the_others_alone(self):
        token = self.token([REPO, "other"])
        self.standin.inject("git_ref", "bad_gateway", times=2, repository=OWNER + "/other")
        self.standin.inject("codeload", "bad_gateway", repository=OWNER + "/other")
        other = "/repos/%s/other/git/ref/heads/main" % OWNER
        self.assertEqual(self.ref_status(token), 200)
        self.assertEqual(self.api_get(other, token).status_code, 502)
        self.assertEqual(self.ref_status(token), 200)
        self.assertEqual(self.api_get(other, token).status_code, 502)
        self.assertEqual(self.api_get(other, token).status_code, 200)
        for name, sha, status in ((REPO, self.sha, 200), ("other", self.other_sha, 502),
                                  ("other", self.other_sha, 200)):
            location = self.api_get("/repos/%s/%s/zipball/%s" % (OWNER, name, sha),
                                    token).headers["Location"]
            self.assertEqual(self.http.get(location, headers=UA).status_code, status, name)
        self.assertEqual(self.standin.fault_counts()["bad_gateway"], 3)

    def ref_status(self, token):
        return self.api_get("/repos/%s/%s/git/ref/heads/main" % (OWNER, REPO), token).status_code

    def test_injected_rate_limits_look_like_githubs(self):
        token = self.token()
        self.standin.inject("commits", "secondary_rate_limit")
        reply = self.api_get("/repos/%s/%s/commits/main" % (OWNER, REPO), token)
        self.assertEqual((reply.status_code, reply.headers["retry-after"]), (403, "1"))
        self.assertIn("secondary rate limit", reply.json()["message"])
        self.assertNotEqual(reply.headers["x-ratelimit-remaining"], "0")

        self.standin.inject("zipball", "primary_rate_limit")
        before = time.time()
        reply = self.api_get("/repos/%s/%s/zipball/main" % (OWNER, REPO), token)
        self.assertEqual(reply.status_code, 403)
        self.assertEqual(reply.headers["x-ratelimit-remaining"], "0")
        self.assertIn(int(reply.headers["x-ratelimit-reset"]) - int(before), range(1, 10))
        self.assertIn("API rate limit exceeded", reply.json()["message"])
        self.assertEqual(self.api_get("/repos/%s/%s/zipball/main" % (OWNER, REPO),
                                      token).status_code, 302)
        counts = self.standin.fault_counts()
        self.assertEqual((counts["secondary_rate_limit"], counts["primary_rate_limit"]), (1, 1))

    def test_injected_stall_is_bounded_then_answers(self):
        token = self.token()
        self.standin.inject("commits", "stall", stall_seconds=0.5)
        started = time.monotonic()
        reply = self.api_get("/repos/%s/%s/commits/main" % (OWNER, REPO), token,
                             accept="application/vnd.github.sha")
        self.assertGreaterEqual(time.monotonic() - started, 0.5)
        self.assertEqual(reply.text, self.sha)
        self.assertEqual(self.standin.fault_counts()["stall"], 1)
        self.standin.inject("commits", "stall", times=2, stall_seconds=600)
        self.assertEqual(self.standin.pending_faults("commits"), [("stall", MAX_STALL)] * 2)
        self.standin.stop_faults()
        self.assertEqual(self.standin.pending_faults("commits"), [])

    def test_random_faults_follow_the_seed_and_the_endpoints(self):
        def run(seed):
            self.standin.reset()
            token = self.token()
            self.standin.inject_random(seed, 0.5, kinds=("bad_gateway", "secondary_rate_limit"),
                                       endpoints=["commits"])
            statuses = [self.api_get("/repos/%s/%s/commits/main" % (OWNER, REPO),
                                     token).status_code for _ in range(30)]
            other = [self.ref_status(token) for _ in range(5)]
            self.standin.stop_faults()
            return statuses, other, dict(self.standin.fault_counts())
        first, other, counts = run(5)
        self.assertEqual(run(5), (first, other, counts))
        self.assertEqual(set(first), {200, 403, 502})
        self.assertEqual(other, [200] * 5, "a fault reached an endpoint not chosen")
        self.assertEqual(counts["bad_gateway"] + counts["secondary_rate_limit"],
                         sum(1 for s in first if s != 200))
        self.assertNotEqual(run(6)[0], first)

    def test_the_archive_host_gets_no_rate_limits(self):
        self.standin.inject_random(1, 1.0, endpoints=["codeload"], stall_seconds=0.1)
        token = self.token()
        for _ in range(8):
            location = self.api_get("/repos/%s/%s/zipball/main" % (OWNER, REPO),
                                    token).headers["Location"]
            self.assertIn(self.http.get(location, headers=UA).status_code, (200, 502))
        kinds = {kind for _, kind in self.standin.fault_log}
        self.assertLessEqual(kinds, {"bad_gateway", "stall"})
        self.assertEqual(len(self.standin.fault_log), 8)

    def test_stop_closes_both_ports(self):
        api = self.standin.url.rsplit(":", 1)[1]
        codeload = self.standin.codeload_url.rsplit(":", 1)[1]
        self.standin.stop()
        for port in (api, codeload):
            self.assertFalse(port_is_open(int(port)))


class CommandLine(unittest.TestCase):

    def test_script_prints_its_url_and_serves_until_stopped(self):
        key = app_key()
        repo = GitRepo()
        self.addCleanup(repo.cleanup)
        sha = repo.populate_sample()
        with tempfile.TemporaryDirectory() as scratch:
            public = pathlib.Path(scratch) / "app.pub.pem"
            public.write_text(key.public_pem)
            process = subprocess.Popen(
                [sys.executable, str(HERE / "standins" / "github_standin.py"), "--port", "0",
                 "--app-id", APP_ID, "--installation-id", INSTALLATION_ID, "--public-key",
                 str(public), "--repo", "%s/%s=%s" % (OWNER, REPO, repo.path)],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            try:
                url = process.stdout.readline().strip()
                self.assertRegex(url, r"^http://127\.0\.0\.1:\d+$")
                reply = requests.post(url + "/app/installations/%s/access_tokens" % INSTALLATION_ID,
                                      headers=dict(UA, Authorization="Bearer " +
                                                   key.app_jwt(APP_ID)), json={})
                self.assertEqual(reply.status_code, 201, reply.text)
                reply = requests.get(url + "/repos/%s/%s/commits/main" % (OWNER, REPO),
                                     headers=dict(UA, Authorization="token " +
                                                  reply.json()["token"],
                                                  Accept="application/vnd.github.sha"))
                self.assertEqual(reply.text, sha)
            finally:
                process.terminate()
                process.wait(timeout=15)
                process.stdout.close()
                process.stderr.close()
            self.assertEqual(process.returncode, 0)


if __name__ == "__main__":
    unittest.main()
