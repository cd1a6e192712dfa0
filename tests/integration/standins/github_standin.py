#!/usr/bin/env python3
"""A local stand-in for the parts of GitHub that repo2s3 talks to.

Two HTTP servers on 127.0.0.1:
  * the API:  POST /app/installations/{id}/access_tokens   (App JWT → installation token)
              GET  /repos/{o}/{r}/commits/{ref}           (Accept: application/vnd.github.sha → SHA)
              GET  /repos/{o}/{r}/git/ref/heads/{branch}  (the branch's ref object; branches only)
              GET  /repos/{o}/{r}/zipball/{ref}           (302 to the codeload stand-in)
  * codeload: GET  /{o}/{r}/legacy.zip/{sha}?token=…      (`git archive --format=zip` of a real repo)

It behaves like GitHub where repo2s3's correctness depends on it: the App JWT's RS256 signature and
its iat/exp/iss claims are checked, installation tokens expire and are scoped to the repositories
and permissions asked for, API calls need a valid token, a request without User-Agent is refused,
and the archive lives on another host:port whose redirect URL carries its own short-lived access.
Tests can make it answer 404s and rate limits, count requests per endpoint, and reset it; replace
the App's key (rotate_key), as its owner does on GitHub; and serve given bytes as a repository's
archive instead of `git archive` (serve_archive), for archives git cannot make.

Faults, by endpoint (ENDPOINTS), scripted (inject: the next N requests, or the next N for one
repository) or random (inject_random: a seeded share of the requests), counted per kind in
fault_counts():

  bad_gateway           502 with GitHub's HTML error page, whose UTF-8 holds multi-byte
                        characters (em dashes, an emoji) from byte 198 on, across byte 200
  secondary_rate_limit  403 with retry-after: 1 and GitHub's secondary-rate-limit message
  primary_rate_limit    403 with x-ratelimit-remaining: 0 and x-ratelimit-reset a few seconds ahead
  stall                 the answer comes after a wait (at most MAX_STALL seconds), then as usual

Rate limit accounting: each API request counts against x-ratelimit-remaining, but a 304 (a
conditional request whose ETag still matches) does not, as on GitHub.

Used from tests (GitHubStandIn(...).start()) and from a shell, for the demo:

    python3 tests/integration/standins/github_standin.py --port 0 --app-id 123 \
        --installation-id 456 --public-key app.pub.pem --repo octo-org/site=/path/to/git/repo

prints the API URL on its first line and serves until interrupted.
"""

import argparse
import base64
import datetime
import email.utils
import hashlib
import json
import pathlib
import random
import re
import secrets
import signal
import subprocess
import sys
import threading
import time
import urllib.parse

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

if __package__ in (None, ""):  # run as a script: tests/integration holds the harness package
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from harness.server import Handler, ThreadedServer  # noqa: E402

SHA_MEDIA_TYPE = "application/vnd.github.sha"
DOCS = "https://docs.github.com/rest"
MAX_JWT_LIFETIME = 600  # seconds between iat and exp that GitHub accepts
CLOCK_LEEWAY = 30       # seconds an iat may lie in the future (GitHub tolerates small drift)
APP_PERMISSIONS = {"contents": "read", "metadata": "read"}
RATE_LIMIT = 5000
ENDPOINTS = ("access_tokens", "commits", "git_ref", "zipball", "codeload", "other")
FAULT_KINDS = ("bad_gateway", "secondary_rate_limit", "primary_rate_limit", "stall")
# The archive host has no rate limits of its own: it only fails or stalls.
CODELOAD_FAULT_KINDS = ("bad_gateway", "stall")
MAX_STALL = 10.0           # seconds; a stall never lasts longer, so that nothing hangs
PRIMARY_RESET_IN = 3       # seconds until x-ratelimit-reset on an injected primary rate limit
REFS_DOCS = "https://docs.github.com/rest/git/refs#get-a-reference"
SECONDARY_DOCS = ("https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"
                  "#about-secondary-rate-limits")
PRIMARY_DOCS = ("https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"
                "#about-the-primary-rate-limits")


def bad_gateway_page():
    """GitHub's 502 page, shaped so that its UTF-8 has multi-byte characters from byte 198 on:
    a reader that cuts it at 200 bytes cuts inside a character."""
    head = ("<!DOCTYPE html>\n<html>\n  <head>\n    <meta http-equiv=\"Content-Type\" "
            "content=\"text/html; charset=utf-8\">\n    <title>Unicorn! &middot; GitHub</title>\n"
            "  </head>\n  <body>\n    <p>").encode("utf-8")
    pad = 198 - len(head)
    assert pad >= 0, "the page head grew past byte 198"
    middle = ("\u2014\u2014\U0001F984\u2014 This page is taking too long to load \u2014 "
              "\U0001F984\u2014").encode("utf-8")
    tail = ("</p>\n    <p>Sorry about that. Please try refreshing and contact us if the problem "
            "persists.</p>\n    <p>502 Bad Gateway \u00b7 GitHub Status \u2192 "
            "githubstatus.com</p>\n  </body>\n</html>\n").encode("utf-8")
    return head + b" " * pad + middle + tail


class _FaultPlan:
    """Random faults: a seeded generator decides for each request to a chosen endpoint."""

    def __init__(self, seed, rate, kinds, endpoints, stall_seconds):
        self.random = random.Random(seed)
        self.rate = rate
        self.kinds = tuple(kinds)
        self.endpoints = set(endpoints)
        self.stall_seconds = stall_seconds

    def draw(self, endpoint):
        if endpoint not in self.endpoints or self.random.random() >= self.rate:
            return None
        allowed = [k for k in self.kinds if endpoint != "codeload" or k in CODELOAD_FAULT_KINDS]
        return self.random.choice(allowed) if allowed else None


def _b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def iso_utc(epoch):
    return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%SZ")


def load_public_key(pem_text):
    """The RSA public key from a PEM public key, or from a private key (its public half)."""
    data = pem_text.encode("ascii") if isinstance(pem_text, str) else pem_text
    if b"PRIVATE KEY" in data:
        return serialization.load_pem_private_key(data, password=None).public_key()
    return serialization.load_pem_public_key(data)


class JwtRejected(Exception):
    """The App JWT was not accepted; the message is what GitHub would say, roughly."""


def verify_app_jwt(jwt, public_key, app_id, now):
    """Checks an App JWT as GitHub does; returns its claims or raises JwtRejected."""
    parts = jwt.split(".")
    if len(parts) != 3:
        raise JwtRejected("A JSON web token could not be decoded")
    try:
        header = json.loads(_b64url_decode(parts[0]))
        claims = json.loads(_b64url_decode(parts[1]))
        signature = _b64url_decode(parts[2])
    except (ValueError, UnicodeDecodeError):
        raise JwtRejected("A JSON web token could not be decoded")
    if not isinstance(header, dict) or header.get("alg") != "RS256":
        raise JwtRejected("'alg' must be RS256")
    if not isinstance(claims, dict):
        raise JwtRejected("A JSON web token could not be decoded")
    try:
        public_key.verify(signature, (parts[0] + "." + parts[1]).encode("ascii"),
                          padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        raise JwtRejected("A JSON web token could not be decoded")  # GitHub's words for it
    iat, exp, iss = claims.get("iat"), claims.get("exp"), claims.get("iss")
    if not isinstance(iat, int) or isinstance(iat, bool):
        raise JwtRejected("'Issued at' claim ('iat') must be an Integer representing the time "
                          "that the assertion was issued.")
    if not isinstance(exp, int) or isinstance(exp, bool):
        raise JwtRejected("'Expiration time' claim ('exp') must be a numeric value representing "
                          "the future time at which the assertion expires.")
    if iat > now + CLOCK_LEEWAY:
        raise JwtRejected("'Issued at' claim ('iat') must be an Integer representing a time in "
                          "the past.")
    if exp <= now:
        raise JwtRejected("'Expiration time' claim ('exp') is too far in the past")
    if exp - iat > MAX_JWT_LIFETIME:
        raise JwtRejected("'Expiration time' claim ('exp') is too far in the future")
    if str(iss) != str(app_id) or isinstance(iss, bool):
        raise JwtRejected("Integration not found")
    return claims


class Repository:
    def __init__(self, owner, name, git_dir):
        self.owner = owner
        self.name = name
        self.git_dir = str(git_dir)

    @property
    def full_name(self):
        return "%s/%s" % (self.owner, self.name)

    def _git(self, *args):
        return subprocess.run(["git", "-C", self.git_dir] + list(args), stdin=subprocess.DEVNULL,
                              capture_output=True, check=False)

    def resolve(self, ref):
        """The commit SHA of a branch, tag or full SHA; None when there is none."""
        if re.fullmatch(r"[0-9a-f]{40}", ref):
            candidates = [ref]
        else:
            candidates = ["refs/heads/" + ref, "refs/tags/" + ref]
        for candidate in candidates:
            proc = self._git("rev-parse", "--verify", "--quiet", candidate + "^{commit}")
            if proc.returncode == 0:
                return proc.stdout.decode().strip()
        return None

    def resolve_branch(self, branch):
        """The commit SHA of branch `branch` (refs/heads only: never a tag); None when there is
        no such branch."""
        proc = self._git("rev-parse", "--verify", "--quiet",
                         "refs/heads/" + branch + "^{commit}")
        return proc.stdout.decode().strip() if proc.returncode == 0 else None

    def archive(self, sha):
        prefix = "%s-%s-%s/" % (self.owner, self.name, sha[:7])
        proc = self._git("archive", "--format=zip", "--prefix=" + prefix, sha)
        if proc.returncode != 0:
            raise RuntimeError("git archive failed: " + proc.stderr.decode(errors="replace"))
        return proc.stdout


class Failure:
    """A scripted answer for one endpoint: status, headers, body (JSON when a dict), and how
    many times."""

    def __init__(self, status, headers=None, body=None, times=None,
                 content_type="application/json; charset=utf-8", kind=None):
        self.status = status
        self.headers = dict(headers or {})
        self.body = body if body is not None else {"message": "Not Found",
                                                   "documentation_url": DOCS}
        self.times = times
        self.content_type = content_type
        self.kind = kind


class GitHubStandIn:
    """One GitHub App with one installation, and the repositories that installation can see."""

    def __init__(self, app_id, public_key_pem, installation_id, token_lifetime=3600,
                 host="127.0.0.1", port=0, codeload_port=0):
        self.app_id = str(app_id)
        self.public_key = load_public_key(public_key_pem)
        self.installation_id = str(installation_id)
        self.token_lifetime = token_lifetime
        self.host = host
        self._ports = (port, codeload_port)
        self.clock_offset = 0  # seconds added to the stand-in's clock (simulates clock skew)
        self.repositories = {}  # "owner/name" → Repository
        self._served_archives = {}  # "owner/name" → bytes served instead of `git archive`
        self._lock = threading.Lock()
        self._servers = []
        self._reset_state()

    # --- configuration ---------------------------------------------------------------------

    def add_repository(self, owner, name, git_dir):
        """Makes a git repository on disk visible to the installation as owner/name."""
        with self._lock:
            self.repositories["%s/%s" % (owner, name)] = Repository(owner, name, git_dir)
        return self

    def remove_repository(self, owner, name):
        with self._lock:
            self.repositories.pop("%s/%s" % (owner, name), None)
        return self

    def fail(self, endpoint, status, headers=None, body=None, times=None):
        """Answers requests to `endpoint` (one of ENDPOINTS but "other") with `status` until
        reset(), or for the next `times` requests."""
        if endpoint not in ENDPOINTS:
            raise ValueError("unknown endpoint %r" % endpoint)
        with self._lock:
            self._failures[endpoint] = Failure(status, headers, body, times)
        return self

    def not_found(self, endpoint, times=None):
        """404 on the installation ("access_tokens"), the repository or branch ("commits"),
        or the archive ("zipball")."""
        return self.fail(endpoint, 404, times=times)

    def rate_limit(self, endpoint, status=403, reset_in=1800, times=None):
        """GitHub's primary rate limit: `status` (403 or 429) with x-ratelimit-remaining 0 and
        x-ratelimit-reset. Returns the reset time (seconds since the epoch)."""
        reset = int(self.now()) + reset_in
        self.fail(endpoint, status, times=times, headers={
            "x-ratelimit-limit": str(RATE_LIMIT), "x-ratelimit-remaining": "0",
            "x-ratelimit-used": str(RATE_LIMIT), "x-ratelimit-reset": str(reset),
            "x-ratelimit-resource": "core"},
            body={"message": "API rate limit exceeded for installation ID %s." %
                  self.installation_id, "documentation_url": DOCS})
        return reset

    def secondary_rate_limit(self, endpoint, status=429, retry_after=60, times=None):
        """A secondary rate limit: `status` with retry-after."""
        return self.fail(endpoint, status, times=times, headers={"retry-after": str(retry_after)},
                         body={"message": "You have exceeded a secondary rate limit. Please wait "
                               "a few minutes before you try again.", "documentation_url": DOCS})

    def stall(self, endpoint, seconds):
        """Waits `seconds` before answering requests to `endpoint`, to exercise timeouts."""
        with self._lock:
            self._stalls[endpoint] = seconds
        return self

    def inject(self, endpoint, kind, times=1, stall_seconds=2.0, repository=None):
        """The next `times` requests to `endpoint` get the fault `kind` (FAULT_KINDS); with
        `repository` ("owner/name"), only requests for that repository count and fail."""
        if endpoint not in ENDPOINTS:
            raise ValueError("unknown endpoint %r" % endpoint)
        if kind not in FAULT_KINDS:
            raise ValueError("unknown fault kind %r" % kind)
        with self._lock:
            self._scripted_faults.setdefault(endpoint, []).extend(
                [(kind, min(stall_seconds, MAX_STALL), repository)] * times)
        return self

    def inject_random(self, seed, rate, kinds=FAULT_KINDS, endpoints=None, stall_seconds=2.0):
        """From now on a share `rate` of the requests to `endpoints` (default: all but
        "other") get a fault drawn from `kinds` by a generator seeded with `seed`. The archive
        host gets only bad_gateway and stall."""
        unknown = set(kinds) - set(FAULT_KINDS)
        if unknown:
            raise ValueError("unknown fault kinds %s" % sorted(unknown))
        endpoints = [e for e in ENDPOINTS if e != "other"] if endpoints is None else endpoints
        with self._lock:
            self._random_faults = _FaultPlan(seed, rate, kinds, endpoints,
                                             min(stall_seconds, MAX_STALL))
        return self

    def pending_faults(self, endpoint):
        """[(kind, stall seconds)] still to inject on `endpoint` by inject()."""
        with self._lock:
            return [(kind, stall) for kind, stall, _ in self._scripted_faults.get(endpoint, [])]

    def rotate_key(self, public_key_pem):
        """From now on only App JWTs signed with this key (a PEM public key, or a private key's
        public half) are accepted, as after the App's owner replaced its key on GitHub."""
        key = load_public_key(public_key_pem)
        with self._lock:
            self.public_key = key
        return self

    def serve_archive(self, owner, name, data):
        """The archive host answers downloads of owner/name with `data` (bytes) instead of
        `git archive` of the commit; None goes back to `git archive`. reset() keeps it."""
        if data is not None and not isinstance(data, (bytes, bytearray)):
            raise TypeError("serve_archive wants the archive's bytes, got %r" % type(data))
        with self._lock:
            if data is None:
                self._served_archives.pop("%s/%s" % (owner, name), None)
            else:
                self._served_archives["%s/%s" % (owner, name)] = bytes(data)
        return self

    def served_archive(self, full_name):
        with self._lock:
            return self._served_archives.get(full_name)

    def stop_faults(self):
        """No more injected faults (scripted or random); the counts stay."""
        with self._lock:
            self._scripted_faults = {}
            self._random_faults = None
        return self

    def fault_counts(self):
        """{kind: faults injected} since the last reset()."""
        with self._lock:
            return {kind: sum(1 for _, k in self.fault_log if k == kind) for kind in FAULT_KINDS}

    def reset(self):
        """Forgets counts, issued tokens, scripted failures and the request log."""
        with self._lock:
            self._reset_state()

    def _reset_state(self):
        self.counts = {endpoint: 0 for endpoint in ENDPOINTS}
        self.tokens = {}             # token → {"expires_at", "repositories", "permissions"}
        self.token_requests = []     # request bodies of access_tokens calls that were accepted
        self.requests = []           # (server, method, path, headers) of every request
        self.codeload_saw_authorization = False
        self._codeload_grants = {}   # one-time download token → (repo full name, sha, expiry)
        self._failures = {}
        self._stalls = {}
        self.clock_offset = 0
        self.internal_errors = []    # exceptions inside the stand-in (tests assert it is empty)
        self.fault_log = []          # (endpoint, kind) of every injected fault
        self._scripted_faults = {}   # endpoint → [(kind, stall seconds, repository or None)]
        self._random_faults = None
        self.rate_used = 0           # API requests counted against the primary rate limit

    def now(self):
        return time.time() + self.clock_offset

    def count(self, endpoint):
        with self._lock:
            return self.counts[endpoint]

    def issued_tokens(self):
        with self._lock:
            return list(self.tokens)

    def expire_tokens(self):
        """Makes every issued token expired, as if an hour had passed."""
        with self._lock:
            for grant in self.tokens.values():
                grant["expires_at"] = self.now() - 1

    # --- lifecycle -------------------------------------------------------------------------

    @property
    def url(self):
        return self._servers[0].endpoint

    @property
    def codeload_url(self):
        # After stop_codeload() this is the port it had, closed now.
        return self._servers[1].endpoint

    @property
    def running(self):
        return bool(self._servers) and self._servers[0].running

    def start(self):
        if self.running:
            return self
        self._servers = [
            ThreadedServer(handler, owner=self, host=self.host, port=port,
                           name="github-standin-%s" % handler.name).start()
            for handler, port in ((_ApiHandler, self._ports[0]),
                                  (_CodeloadHandler, self._ports[1]))]
        return self

    def stop(self):
        """Stops both servers; their ports are closed when this returns."""
        for server in self._servers:
            server.stop()

    def stop_codeload(self):
        """Stops only the archive host, so that redirects point at a closed port."""
        if len(self._servers) == 2:
            self._servers[1].stop()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # --- request handling (called from server threads) ---------------------------------------

    def _record(self, server, method, path, headers, endpoint):
        """Logs and counts a request; returns the Failure to answer with, or None (after any
        stall) to answer as usual."""
        with self._lock:
            self.counts[endpoint] += 1
            self.requests.append((server, method, path, dict(headers)))
            if server == "api":
                self.rate_used += 1
            if server == "codeload" and "authorization" in {k.lower() for k, _ in headers}:
                self.codeload_saw_authorization = True
            failure = self._failures.get(endpoint)
            if failure is not None and failure.times is not None:
                failure.times -= 1
                if failure.times <= 0:
                    del self._failures[endpoint]
            stall = self._stalls.get(endpoint, 0)
            fault, fault_stall = self._draw_fault(endpoint, _repository_of(server, path))
            if fault is not None:
                self.fault_log.append((endpoint, fault))
        if fault == "stall":
            stall = max(stall, fault_stall)
        if stall:
            time.sleep(stall)
        if fault is not None and fault != "stall":
            return self._fault_answer(fault)
        return failure

    def _draw_fault(self, endpoint, repository):
        """(kind, stall seconds) of the fault for this request (for `repository`, "owner/name"
        or None), or (None, 0). Under the lock."""
        queue = self._scripted_faults.get(endpoint, [])
        for position, (kind, stall, only) in enumerate(queue):
            if only is None or only == repository:
                del queue[position]
                return kind, stall
        if self._random_faults is not None:
            kind = self._random_faults.draw(endpoint)
            if kind is not None:
                return kind, self._random_faults.stall_seconds
        return None, 0

    def _fault_answer(self, kind):
        if kind == "bad_gateway":
            return Failure(502, body=bad_gateway_page(), content_type="text/html; charset=utf-8",
                           kind=kind)
        if kind == "secondary_rate_limit":
            return Failure(403, kind=kind, headers={"retry-after": "1"}, body={
                "message": "You have exceeded a secondary rate limit. Please wait a few minutes "
                           "before you try again. If you reach out to GitHub Support for help, "
                           "please include the request ID 0000:1111:2222:3333:44444444.",
                "documentation_url": SECONDARY_DOCS, "status": "403"})
        reset = int(self.now()) + PRIMARY_RESET_IN
        return Failure(403, kind=kind, headers={
            "x-ratelimit-limit": str(RATE_LIMIT), "x-ratelimit-remaining": "0",
            "x-ratelimit-used": str(RATE_LIMIT), "x-ratelimit-reset": str(reset),
            "x-ratelimit-resource": "core"}, body={
            "message": "API rate limit exceeded for installation ID %s. If you reach out to "
                       "GitHub Support for help, please include the request ID "
                       "0000:1111:2222:3333:44444444." % self.installation_id,
            "documentation_url": PRIMARY_DOCS, "status": "403"})

    def _refund_rate(self):
        """A 304 does not count against the rate limit."""
        with self._lock:
            self.rate_used -= 1

    def _rate_headers(self):
        reset = int(self.now()) + 3600
        with self._lock:
            used = max(self.rate_used, 0)
        return {"x-ratelimit-limit": str(RATE_LIMIT),
                "x-ratelimit-remaining": str(max(RATE_LIMIT - used, 0)),
                "x-ratelimit-used": str(used), "x-ratelimit-reset": str(reset),
                "x-ratelimit-resource": "core"}

    def create_token(self, installation_id, authorization, body):
        """POST /app/installations/{id}/access_tokens → (status, JSON body)."""
        if not authorization.startswith("Bearer "):
            return 401, {"message": "A JSON web token could not be decoded",
                         "documentation_url": DOCS}
        try:
            verify_app_jwt(authorization[len("Bearer "):].strip(), self.public_key, self.app_id,
                           int(self.now()))
        except JwtRejected as rejected:
            return 401, {"message": str(rejected), "documentation_url": DOCS}
        if installation_id != self.installation_id:
            return 404, {"message": "Not Found", "documentation_url": DOCS}
        try:
            request = json.loads(body.decode("utf-8")) if body.strip() else {}
        except (ValueError, UnicodeDecodeError):
            return 400, {"message": "Problems parsing JSON", "documentation_url": DOCS}
        if not isinstance(request, dict):
            return 400, {"message": "Problems parsing JSON", "documentation_url": DOCS}
        with self._lock:
            known = dict(self.repositories)
        names = request.get("repositories")
        if names is None:
            scope = sorted(known)
        else:
            if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
                return 422, {"message": "Invalid request: repositories must be a list of names",
                             "documentation_url": DOCS}
            scope = []
            for name in names:
                matches = [full for full, repo in known.items() if repo.name == name]
                if not matches:
                    return 422, {"message": "There is at least one repository that does not exist "
                                 "or is not accessible to the parent installation.",
                                 "documentation_url": DOCS}
                scope.extend(matches)
        permissions = request.get("permissions", dict(APP_PERMISSIONS))
        if not isinstance(permissions, dict):
            return 422, {"message": "Invalid request: permissions must be an object",
                         "documentation_url": DOCS}
        for permission, level in permissions.items():
            granted = APP_PERMISSIONS.get(permission)
            if granted is None or (granted == "read" and level != "read"):
                return 422, {"message": "The permissions requested are not granted to this "
                             "installation.", "documentation_url": DOCS}
        token = "ghs_" + secrets.token_urlsafe(30).replace("-", "A").replace("_", "b")
        expires_at = int(self.now()) + self.token_lifetime
        with self._lock:
            self.tokens[token] = {"expires_at": expires_at, "repositories": scope,
                                  "permissions": permissions}
            self.token_requests.append(request)
        return 201, {"token": token, "expires_at": iso_utc(expires_at),
                     "permissions": permissions,
                     "repository_selection": "selected" if names is not None else "all",
                     "repositories": [{"name": known[full].name, "full_name": full}
                                      for full in scope]}

    def authorize(self, authorization, full_name):
        """None when the token may read `full_name`; else (status, JSON body)."""
        scheme, _, token = authorization.partition(" ")
        if not token or scheme.lower() not in ("token", "bearer"):
            # GitHub answers 404 to anonymous requests for private repositories.
            return 404, {"message": "Not Found", "documentation_url": DOCS}
        with self._lock:
            grant = self.tokens.get(token.strip())
        if grant is None or grant["expires_at"] <= self.now():
            return 401, {"message": "Bad credentials", "documentation_url": DOCS}
        if full_name not in grant["repositories"] or "contents" not in grant["permissions"]:
            return 404, {"message": "Not Found", "documentation_url": DOCS}
        return None

    def repository(self, full_name):
        with self._lock:
            return self.repositories.get(full_name)

    def grant_download(self, full_name, sha):
        grant = secrets.token_urlsafe(24)
        with self._lock:
            self._codeload_grants[grant] = (full_name, sha, self.now() + 300)
        return grant

    def redeem_download(self, grant):
        with self._lock:
            found = self._codeload_grants.get(grant)
        if found is None or found[2] <= self.now():
            return None
        return found


class _Handler(Handler):
    server_version = "GitHub.com"
    name = "?"

    def handle_one_request(self):
        try:
            super().handle_one_request()
        except Exception as error:  # a bug in the stand-in: answer 500 and keep it for tests
            self.standin.internal_errors.append("%s %s: %r" % (self.command, self.path, error))
            self.close_connection = True
            try:
                self.send(500, {"message": "stand-in error: %r" % error})
            except OSError:
                pass

    @property
    def standin(self):
        return self.server.owner

    def _body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def send(self, status, body=b"", content_type="application/json; charset=utf-8",
             headers=None):
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode("utf-8")
        elif isinstance(body, str):
            body = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Date", email.utils.formatdate(usegmt=True))
        if body or status not in (204, 304):
            self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_failure(self, failure, extra_headers=None):
        headers = dict(extra_headers or {})
        headers.update(failure.headers)
        self.send(failure.status, failure.body, content_type=failure.content_type,
                  headers=headers)


_TOKEN_PATH = re.compile(r"^/app/installations/([^/]+)/access_tokens$")
_REPO_PATH = re.compile(r"^/repos/([^/]+)/([^/]+)/(commits|zipball|git/ref/heads)/(.+)$")


class _ApiHandler(_Handler):
    name = "api"

    def do_GET(self):
        self._dispatch()

    def do_POST(self):
        self._dispatch()

    def do_HEAD(self):
        self._dispatch()

    def _dispatch(self):
        body = self._body()
        path = urllib.parse.urlsplit(self.path).path
        token_match = _TOKEN_PATH.match(path)
        repo_match = _REPO_PATH.match(path)
        if token_match and self.command == "POST":
            endpoint = "access_tokens"
        elif repo_match and self.command in ("GET", "HEAD"):
            endpoint = {"git/ref/heads": "git_ref"}.get(repo_match.group(3), repo_match.group(3))
        else:
            endpoint = "other"
        failure = self.standin._record("api", self.command, self.path,
                                       list(self.headers.items()), endpoint)
        rate = self.standin._rate_headers()
        if not self.headers.get("User-Agent"):
            self.send(403, {"message": "Request forbidden by administrative rules. Please make "
                            "sure your request has a User-Agent header "
                            "(https://docs.github.com/en/rest/overview/resources-in-the-rest-api"
                            "#user-agent-required). Check https://developer.github.com for other "
                            "possible causes."})
            return
        if failure is not None:
            self.send_failure(failure, rate)
            return
        authorization = self.headers.get("Authorization", "")
        if endpoint == "access_tokens":
            status, answer = self.standin.create_token(
                urllib.parse.unquote(token_match.group(1)), authorization, body)
            self.send(status, answer, headers=rate)
            return
        if endpoint == "other":
            self.send(404, {"message": "Not Found", "documentation_url": DOCS}, headers=rate)
            return

        owner, name, _, ref = (urllib.parse.unquote(g) for g in repo_match.groups())
        full_name = "%s/%s" % (owner, name)
        denied = self.standin.authorize(authorization, full_name)
        if denied is not None:
            self.send(denied[0], denied[1], headers=rate)
            return
        repository = self.standin.repository(full_name)
        if repository is None:
            self.send(404, {"message": "Not Found", "documentation_url": DOCS}, headers=rate)
            return
        if endpoint == "git_ref":
            self._git_ref(repository, ref, rate)
            return
        sha = repository.resolve(ref)
        if endpoint == "commits":
            if sha is None:
                self.send(422, {"message": "No commit found for SHA: " + ref,
                                "documentation_url": DOCS}, headers=rate)
                return
            headers = dict(rate, ETag='"%s"' % sha)
            if self.headers.get("If-None-Match") == '"%s"' % sha:
                self.standin._refund_rate()
                self.send(304, headers=dict(self.standin._rate_headers(), ETag='"%s"' % sha))
            elif SHA_MEDIA_TYPE in (self.headers.get("Accept") or ""):
                self.send(200, sha, content_type=SHA_MEDIA_TYPE + "; charset=utf-8",
                          headers=headers)
            else:
                self.send(200, {"sha": sha, "url": "%s/repos/%s/commits/%s" % (
                    self.standin.url, full_name, sha)}, headers=headers)
            return
        if sha is None:  # zipball of an unknown ref
            self.send(404, {"message": "Not Found", "documentation_url": DOCS}, headers=rate)
            return
        grant = self.standin.grant_download(full_name, sha)
        location = "%s/%s/%s/legacy.zip/%s?token=%s" % (
            self.standin.codeload_url, urllib.parse.quote(owner), urllib.parse.quote(name), sha,
            grant)
        self.send(302, b"", content_type="text/html;charset=utf-8",
                  headers=dict(rate, Location=location))


    def _git_ref(self, repository, branch, rate):
        """GET /repos/{o}/{r}/git/ref/heads/{branch}: the branch's ref object, with a weak ETag
        over the body; a matching If-None-Match is a 304 that costs no rate limit."""
        sha = repository.resolve_branch(branch)
        if sha is None:
            self.send(404, {"message": "Not Found", "documentation_url": REFS_DOCS,
                            "status": "404"}, headers=rate)
            return
        api = "%s/repos/%s" % (self.standin.url, repository.full_name)
        ref = "refs/heads/" + branch
        body = json.dumps({
            "ref": ref,
            "node_id": "REF_" + base64.b64encode(
                ("%s:%s" % (repository.full_name, ref)).encode()).decode().rstrip("="),
            "url": "%s/git/refs/heads/%s" % (api, urllib.parse.quote(branch, safe="/")),
            "object": {"sha": sha, "type": "commit", "url": "%s/git/commits/%s" % (api, sha)},
        }, indent=2).encode("utf-8")
        etag = 'W/"%s"' % hashlib.sha256(body).hexdigest()
        asked = [tag.strip() for tag in (self.headers.get("If-None-Match") or "").split(",")]
        if any(tag == "*" or _strong(tag) == _strong(etag) for tag in asked if tag):
            self.standin._refund_rate()
            self.send(304, headers=dict(self.standin._rate_headers(), ETag=etag))
            return
        self.send(200, body, headers=dict(rate, ETag=etag))


def _repository_of(server, path):
    """"owner/name" of an API path /repos/{o}/{r}/... or an archive path /{o}/{r}/legacy.zip/...,
    else None."""
    parts = urllib.parse.urlsplit(path).path.split("/")
    if server == "api" and len(parts) > 3 and parts[1] == "repos":
        owner, name = parts[2], parts[3]
    elif server == "codeload" and len(parts) > 3 and parts[3] == "legacy.zip":
        owner, name = parts[1], parts[2]
    else:
        return None
    return "%s/%s" % (urllib.parse.unquote(owner), urllib.parse.unquote(name))


def _strong(tag):
    """An entity tag without its weak marker, for If-None-Match's weak comparison."""
    return tag[2:] if tag.startswith("W/") else tag


_CODELOAD_PATH = re.compile(r"^/([^/]+)/([^/]+)/legacy\.zip/([0-9a-f]{40})$")


class _CodeloadHandler(_Handler):
    name = "codeload"

    def do_GET(self):
        self._body()
        parts = urllib.parse.urlsplit(self.path)
        failure = self.standin._record("codeload", "GET", parts.path,
                                       list(self.headers.items()), "codeload")
        if failure is not None:
            self.send_failure(failure)
            return
        match = _CODELOAD_PATH.match(parts.path)
        grant = urllib.parse.parse_qs(parts.query).get("token", [""])[0]
        found = self.standin.redeem_download(grant) if match else None
        if match is None or found is None:
            self.send(404, "404: Not Found", content_type="text/plain; charset=utf-8")
            return
        full_name, sha, _ = found
        owner, name, requested_sha = (urllib.parse.unquote(g) for g in match.groups())
        if full_name != "%s/%s" % (owner, name) or sha != requested_sha:
            self.send(404, "404: Not Found", content_type="text/plain; charset=utf-8")
            return
        repository = self.standin.repository(full_name)
        if repository is None:
            self.send(404, "404: Not Found", content_type="text/plain; charset=utf-8")
            return
        data = self.standin.served_archive(full_name)
        if data is None:
            data = repository.archive(sha)
        filename = "%s-%s-%s.zip" % (owner, name, sha[:7])
        self.send(200, data, content_type="application/zip", headers={
            "Content-Disposition": "attachment; filename=" + filename, "ETag": '"%s"' % sha})


def main(argv=None):
    parser = argparse.ArgumentParser(description="Local GitHub API + codeload stand-in")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="API port (0: any free port)")
    parser.add_argument("--codeload-port", type=int, default=0)
    parser.add_argument("--app-id", required=True)
    parser.add_argument("--installation-id", required=True)
    parser.add_argument("--public-key", required=True,
                        help="PEM file of the App's public key (a private key file also works)")
    parser.add_argument("--repo", action="append", default=[], metavar="OWNER/NAME=GIT_DIR",
                        help="a repository the installation can read (repeatable)")
    parser.add_argument("--token-lifetime", type=int, default=3600, help="seconds")
    options = parser.parse_args(argv)

    with open(options.public_key, "r", encoding="ascii") as f:
        public_key = f.read()
    standin = GitHubStandIn(options.app_id, public_key, options.installation_id,
                            token_lifetime=options.token_lifetime, host=options.host,
                            port=options.port, codeload_port=options.codeload_port)
    for spec in options.repo:
        full_name, sep, git_dir = spec.partition("=")
        owner, slash, name = full_name.partition("/")
        if not sep or not slash or not owner or not name:
            parser.error("--repo wants OWNER/NAME=GIT_DIR, got %r" % spec)
        standin.add_repository(owner, name, git_dir)
    standin.start()
    print(standin.url, flush=True)
    print("codeload stand-in at %s" % standin.codeload_url, file=sys.stderr, flush=True)

    stopped = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stopped.set())
    while not stopped.wait(0.5):
        pass
    standin.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
