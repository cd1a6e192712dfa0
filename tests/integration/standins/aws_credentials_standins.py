"""Local stand-ins for the two AWS credential endpoints a machine offers its programs.

  * ContainerCredentialsStandIn: the ECS / EKS Pod Identity agent behind
    AWS_CONTAINER_CREDENTIALS_FULL_URI. It wants `Authorization: <token>` (when given a token)
    and answers {"AccessKeyId", "SecretAccessKey", "Token", "Expiration"}.
  * ImdsStandIn: the EC2 instance metadata service, IMDSv2 only. PUT /latest/api/token with
    X-aws-ec2-metadata-token-ttl-seconds issues a session token; every GET must carry it in
    X-aws-ec2-metadata-token (else 401, as on an instance that requires IMDSv2);
    /latest/meta-data/iam/security-credentials/ names the role, .../<role> holds its keys.

  * SsoPortalStandIn: the IAM Identity Center portal's GetRoleCredentials,
    GET /federation/credentials?account_id=...&role_name=... with the access token in
    x-amz-sso_bearer_token (401 for any other token), answering
    {"roleCredentials": {"accessKeyId", "secretAccessKey", "sessionToken", "expiration"}} with
    the expiration in epoch milliseconds.

All run on 127.0.0.1 on a free port, issue numbered keys (ASIACONTAINER0001, ASIAIMDS0001, ...)
that live `lifetime` seconds, so a test can tell which source answered and whether credentials
were fetched again, and record every request.
"""

import datetime
import json
import secrets
import threading
import urllib.parse

from harness.server import Handler, ThreadedServer


def _iso_utc(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


class IssuedKeys:
    """Numbered credentials with secrets that tests can look up (they never appear in output)."""

    def __init__(self, prefix):
        self.prefix = prefix
        self.issued = []  # dicts as sent

    def issue(self, lifetime):
        number = len(self.issued) + 1
        now = datetime.datetime.now(datetime.timezone.utc)
        keys = {
            "AccessKeyId": "%s%04d" % (self.prefix, number),
            "SecretAccessKey": "%s-secret-%d-%s" % (self.prefix.lower(), number,
                                                    secrets.token_hex(8)),
            "Token": "%s-session-%d-%s" % (self.prefix.lower(), number, secrets.token_hex(16)),
            "Expiration": _iso_utc(now + datetime.timedelta(seconds=lifetime)),
        }
        self.issued.append(keys)
        return keys


class _Handler(Handler):
    def _serve(self):
        standin = self.server.owner
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        with standin._lock:
            standin.requests.append((self.command, self.path, dict(self.headers.items())))
            try:
                status, body, content_type = standin.handle(self.command, self.path,
                                                            self.headers)
            except Exception as error:  # a stand-in bug: keep it for the test
                standin.internal_errors.append(repr(error))
                status, body, content_type = 500, "stand-in error", "text/plain"
        if isinstance(body, (dict, list)):
            body = json.dumps(body)
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = _serve
    do_PUT = _serve
    do_POST = _serve


class _StandIn:
    """A threaded HTTP server on loopback whose handler calls self.handle(request)."""

    name = "stand-in"

    def __init__(self, lifetime=3600):
        self.lifetime = lifetime
        self.requests = []  # (method, path, headers dict) in arrival order
        self.internal_errors = []
        self._lock = threading.Lock()
        self._server = ThreadedServer(_Handler, owner=self, name=self.name)

    @property
    def url(self):
        return self._server.endpoint

    def start(self):
        self._server.start()
        return self

    def stop(self):
        self._server.stop()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def count(self, method=None, path=None):
        with self._lock:
            return sum(1 for m, p, _ in self.requests
                       if (method is None or m == method) and (path is None or p == path))

    def handle(self, method, path, headers):
        raise NotImplementedError


class ContainerCredentialsStandIn(_StandIn):
    """GET <path> → credentials, when Authorization equals `token` (if a token is set)."""

    name = "container-credentials-standin"
    PATH = "/v1/credentials"

    def __init__(self, token=None, lifetime=3600):
        super().__init__(lifetime)
        self.token = token
        self.keys = IssuedKeys("ASIACONTAINER")

    @property
    def full_uri(self):
        return self.url + self.PATH

    def set_token(self, token):
        with self._lock:
            self.token = token

    def handle(self, method, path, headers):
        if method != "GET" or path != self.PATH:
            return 404, {"code": "NotFound", "message": "no such path"}, "application/json"
        if self.token is not None and headers.get("Authorization") != self.token:
            return (401, {"code": "AccessDenied", "message": "authorization token mismatch"},
                    "application/json")
        return 200, self.keys.issue(self.lifetime), "application/json"


class ImdsStandIn(_StandIn):
    """IMDSv2 with one role; GETs without a valid session token get 401."""

    name = "imds-standin"
    TOKEN_PATH = "/latest/api/token"
    ROLES_PATH = "/latest/meta-data/iam/security-credentials/"

    def __init__(self, role="repo2s3-instance-role", lifetime=21600):
        super().__init__(lifetime)
        self.role = role
        self.keys = IssuedKeys("ASIAIMDS")
        self.session_tokens = set()
        self.refused = 0  # GETs without a valid session token

    def handle(self, method, path, headers):
        if path == self.TOKEN_PATH:
            ttl = headers.get("X-aws-ec2-metadata-token-ttl-seconds", "")
            if method != "PUT":
                return 405, "", "text/plain"
            if not ttl.isdigit() or not 1 <= int(ttl) <= 21600:
                return 400, "", "text/plain"
            token = secrets.token_urlsafe(24)
            self.session_tokens.add(token)
            return 200, token, "text/plain"
        if method != "GET":
            return 405, "", "text/plain"
        if headers.get("X-aws-ec2-metadata-token") not in self.session_tokens:
            self.refused += 1
            return 401, "", "text/plain"
        if path == self.ROLES_PATH:
            return 200, self.role, "text/plain"
        if path == self.ROLES_PATH + self.role:
            keys = dict(self.keys.issue(self.lifetime))
            keys.update({"Code": "Success", "Type": "AWS-HMAC",
                         "LastUpdated": _iso_utc(datetime.datetime.now(datetime.timezone.utc))})
            return 200, keys, "application/json"
        return 404, "", "text/plain"


class SsoPortalStandIn(_StandIn):
    """GetRoleCredentials for the roles in `roles` ({(account_id, role_name), ...}) to holders of
    `token`; the keys issued are kept in self.keys (IssuedKeys) as the other stand-ins do."""

    name = "sso-portal-standin"
    PATH = "/federation/credentials"

    def __init__(self, token, roles, lifetime=3600):
        super().__init__(lifetime)
        self.token = token
        self.roles = set(roles)
        self.keys = IssuedKeys("ASIASSO")
        self.fail_with = None  # (status, body) to answer every request with instead

    def handle(self, method, path, headers):
        url = urllib.parse.urlsplit(path)
        query = urllib.parse.parse_qs(url.query)
        if method != "GET" or url.path != self.PATH:
            return 404, {"message": "no such path"}, "application/json"
        if self.fail_with is not None:
            status, body = self.fail_with
            return status, body, "application/json"
        if headers.get("x-amz-sso_bearer_token") != self.token:
            return (401, {"message": "Session token not found or invalid"},
                    "application/json")
        role = (query.get("account_id", [""])[0], query.get("role_name", [""])[0])
        if role not in self.roles:
            return 403, {"message": "No access"}, "application/json"
        keys = self.keys.issue(self.lifetime)
        expiration = datetime.datetime.strptime(keys["Expiration"], "%Y-%m-%dT%H:%M:%SZ")
        milliseconds = int(expiration.replace(tzinfo=datetime.timezone.utc).timestamp()) * 1000
        return 200, {"roleCredentials": {
            "accessKeyId": keys["AccessKeyId"], "secretAccessKey": keys["SecretAccessKey"],
            "sessionToken": keys["Token"], "expiration": milliseconds}}, "application/json"
