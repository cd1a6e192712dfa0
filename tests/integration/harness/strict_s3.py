"""A loopback proxy in front of moto that holds requests to what real S3 requires and moto lets
pass, and records every request it forwards.

Real S3 rejects a PutObject whose Content-MD5 does not match the body (BadDigest) and a
DeleteObjects without Content-MD5 or with more than 1000 keys; moto checks neither. Beyond S3's
own rules, the proxy checks repo2s3's wire contract: SigV4 header signing with the payload's
SHA-256 in x-amz-content-sha256, and on every PutObject the bucket-owner-full-control ACL and the
content MD5 in x-amz-meta-repo2s3-md5. A broken rule is answered the way S3 answers (an error
document with status 400) and listed in `violations`.
"""

import base64
import collections
import hashlib
import http.client
import http.server
import re
import threading
import urllib.parse

Record = collections.namedtuple("Record", "method path query headers body_size delete_keys status")

_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "expect", "proxy-connection",
               "te", "upgrade", "content-length", "host"}
_AUTHORIZATION = re.compile(
    r"^AWS4-HMAC-SHA256 Credential=[^/]+/\d{8}/[a-z0-9-]+/s3/aws4_request, "
    r"SignedHeaders=([a-z0-9;-]+), Signature=[0-9a-f]{64}$")
_DELETE_OBJECT = re.compile(rb"<Object>")


def _md5_base64(body):
    return base64.b64encode(hashlib.md5(body).digest()).decode()


class StrictS3Proxy:
    """Forwards to `upstream` (http://127.0.0.1:PORT) from a free port of its own."""

    def __init__(self, upstream):
        parsed = urllib.parse.urlsplit(upstream)
        self.upstream_host, self.upstream_port = parsed.hostname, parsed.port
        self.records = []
        self.violations = []
        self._lock = threading.Lock()
        self._server = None
        self._thread = None

    @property
    def endpoint(self):
        return "http://127.0.0.1:%d" % self._server.server_address[1]

    def start(self):
        proxy = self

        class Handler(_ProxyHandler):
            owner = proxy

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self):
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=10)
            self._server = None

    def mark(self):
        """A position in the records and violations, for records_since/violations_since."""
        with self._lock:
            return len(self.records), len(self.violations)

    def records_since(self, mark):
        with self._lock:
            return list(self.records[mark[0]:])

    def violations_since(self, mark):
        with self._lock:
            return list(self.violations[mark[1]:])

    def _record(self, record, problems):
        with self._lock:
            self.records.append(record)
            self.violations.extend("%s %s: %s" % (record.method, record.path, p) for p in problems)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def check_request(method, path, query, headers, body):
    """The rules a request breaks, as (http status, S3 error code, message) tuples."""
    problems = []
    authorization = headers.get("authorization", "")
    signed = _AUTHORIZATION.match(authorization)
    if not signed:
        problems.append((403, "AccessDenied", "no SigV4 header signature"))
    else:
        signed_headers = signed.group(1).split(";")
        for name in ("host", "x-amz-date", "x-amz-content-sha256"):
            if name not in signed_headers:
                problems.append((403, "AccessDenied", "%s is not signed" % name))
    if headers.get("x-amz-content-sha256") != hashlib.sha256(body).hexdigest():
        problems.append((400, "XAmzContentSHA256Mismatch",
                         "x-amz-content-sha256 is not the SHA-256 of the body"))

    segments = path.lstrip("/").split("/", 1)
    is_object = len(segments) == 2 and segments[1] != ""
    if method == "PUT" and is_object and "partNumber" not in query:
        md5_header = headers.get("content-md5")
        if md5_header is None:
            problems.append((400, "InvalidRequest", "PutObject without Content-MD5"))
        elif md5_header != _md5_base64(body):
            problems.append((400, "BadDigest", "Content-MD5 does not match the body"))
        if headers.get("x-amz-acl") != "bucket-owner-full-control":
            problems.append((400, "InvalidRequest", "x-amz-acl is not bucket-owner-full-control"))
        if headers.get("x-amz-meta-repo2s3-md5") != hashlib.md5(body).hexdigest():
            problems.append((400, "InvalidRequest",
                             "x-amz-meta-repo2s3-md5 is not the MD5 of the body"))
        if not headers.get("content-type"):
            problems.append((400, "InvalidRequest", "PutObject without Content-Type"))
    if method == "POST" and "delete" in query:
        md5_header = headers.get("content-md5")
        if md5_header is None:
            problems.append((400, "InvalidRequest",
                             "DeleteObjects without Content-MD5 (real S3 requires it)"))
        elif md5_header != _md5_base64(body):
            problems.append((400, "BadDigest", "Content-MD5 does not match the body"))
        if len(_DELETE_OBJECT.findall(body)) > 1000:
            problems.append((400, "MalformedXML", "DeleteObjects with more than 1000 keys"))
    return problems


class _ProxyHandler(http.server.BaseHTTPRequestHandler):
    owner = None
    protocol_version = "HTTP/1.1"
    _local = threading.local()

    def log_message(self, *args):
        pass

    def _read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _upstream(self):
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = http.client.HTTPConnection(self.owner.upstream_host,
                                                    self.owner.upstream_port, timeout=120)
            self._local.connection = connection
        return connection

    def _forward(self, body, headers):
        for attempt in (1, 2):
            connection = self._upstream()
            try:
                connection.request(self.command, self.path, body=body, headers=headers)
                reply = connection.getresponse()
                return reply, reply.read()
            except (http.client.HTTPException, ConnectionError):
                connection.close()
                self._local.connection = None
                if attempt == 2:
                    raise

    def _handle(self):
        body = self._read_body()
        split = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(split.query, keep_blank_values=True)
        headers = {name.lower(): value for name, value in self.headers.items()}
        problems = check_request(self.command, split.path, query, headers, body)
        delete_keys = (len(_DELETE_OBJECT.findall(body))
                       if self.command == "POST" and "delete" in query else None)
        if problems:
            status, code, message = problems[0]
            document = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>%s</Code>"
                        "<Message>%s</Message><RequestId>strict-s3-proxy</RequestId></Error>"
                        % (code, message)).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", str(len(document)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(document)
        else:
            forward = {name: value for name, value in self.headers.items()
                       if name.lower() not in _HOP_BY_HOP}
            forward["Host"] = "%s:%d" % (self.owner.upstream_host, self.owner.upstream_port)
            reply, reply_body = self._forward(body, forward)
            status = reply.status
            self.send_response(status)
            for name, value in reply.getheaders():
                if name.lower() not in _HOP_BY_HOP:
                    self.send_header(name, value)
            if self.command == "HEAD":
                self.send_header("Content-Length", reply.getheader("Content-Length", "0"))
            else:
                self.send_header("Content-Length", str(len(reply_body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(reply_body)
        self.owner._record(Record(self.command, urllib.parse.unquote(split.path), query, headers,
                                  len(body), delete_keys, status),
                           [message for _, _, message in problems])

    do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _handle


_shared = None


def shared_strict_s3(upstream):
    """One proxy per process in front of `upstream`, started on first use."""
    global _shared
    if _shared is None:
        _shared = StrictS3Proxy(upstream).start()
    return _shared
