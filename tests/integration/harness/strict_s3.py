"""A loopback proxy in front of moto that holds requests to what real S3 requires and moto lets
pass, records every request, and can inject the faults S3 and networks produce.

What it refuses, answered the way S3 answers (an error document) and listed in `violations`:

  * SigV4 (harness/sigv4.py): the signature is recomputed from the request as received, with
    the secret of its access key id, and compared: SignatureDoesNotMatch (403) on a mismatch,
    InvalidAccessKeyId (403) for a key it does not know, RequestTimeTooSkewed (403) for an
    x-amz-date more than 15 minutes off, InvalidToken (400) for a session token other than the
    one issued with the key, AccessDenied (403) for an x-amz-* header left out of the signature.
    Known keys: the test key pair of harness/bucket.py, keys added with add_key() or returned by
    a source given to add_key_source(), and the temporary keys STS issued through the proxy.
  * S3's own rules that moto does not check: a PutObject whose Content-MD5 does not match the
    body (BadDigest), a DeleteObjects without Content-MD5 or with more than 1000 keys, a payload
    whose SHA-256 is not x-amz-content-sha256.
  * Conditional writes (the lease): If-None-Match and If-Match are forwarded to moto 5.2.1,
    which enforces them on PutObject (If-None-Match: * and If-Match, 412 PreconditionFailed)
    and If-Match on DeleteObject (so nothing is emulated here); both answer 404 NoSuchKey for
    If-Match on a missing key, as S3 does. Either header left out of the signature is refused
    (AccessDenied), since S3 requires conditional requests to be signed.
  * repo2s3's wire contract: every PutObject carries x-amz-acl: bucket-owner-full-control,
    x-amz-meta-repo2s3-md5 (the body's MD5) and a Content-Type.
  * Multipart uploads: a CreateMultipartUpload (POST ?uploads) carries the same ACL, a
    Content-Type and an x-amz-meta-repo2s3-md5 that is an MD5 (the parts are not joined here,
    so tests compare it with the object's bytes); every UploadPart (PUT ?partNumber&uploadId)
    has a part number of 1..10,000 and a Content-MD5 that matches its body; a
    CompleteMultipartUpload (POST ?uploadId) lists at most 10,000 parts in ascending order, and
    every part but the last is at least 5 MiB (EntityTooSmall), with the sizes the proxy saw go
    through. AbortMultipartUpload (DELETE ?uploadId) is not a delete of the key.
  * CopyObject (PUT with x-amz-copy-source), which repo2s3 sends onto the object itself to
    rewrite its headers: no body; a source naming bucket and key; a copy onto itself that
    changes nothing (directive COPY) is refused as S3 refuses it; the copy carries x-amz-acl:
    bucket-owner-full-control again (a copy gets the default ACL otherwise); with
    x-amz-metadata-directive: REPLACE, which drops every header not sent, it carries
    x-amz-meta-repo2s3-md5 (an MD5) and a Content-Type.
  * User-defined metadata (x-amz-meta-*, names and values) over 2 KB: MetadataTooLarge.

STS. The proxy also passes STS requests (POST / with a form body, as AWS_ENDPOINT_URL_STS)
on to moto's STS: it checks the signature of a signed one (AssumeRole; with the rules of every
service but S3) and remembers the keys in each answer, so that S3 requests signed with an
assumed role's keys are checked like any other. STS requests are never faulted.

CloudFront. Requests under /2020-05-31/ (repo2s3's AWS_ENDPOINT_URL_CLOUDFRONT) are CloudFront
API calls, checked with harness/cloudfront.py and passed on to moto's CloudFront:

  * the SigV4 signature, with the rules of every service but S3, scoped to region us-east-1 and
    service cloudfront (else 403 SignatureDoesNotMatch); no signature: 403
    MissingAuthenticationToken;
  * CreateInvalidation (POST /2020-05-31/distribution/{Id}/invalidation): the InvalidationBatch
    as CloudFront checks it (cloudfront.check_batch: 400 InvalidArgument, MalformedXML or
    InconsistentQuantities);
  * CallerReference idempotency, which moto lacks: per distribution, the answer to the first
    batch with a reference that moto accepted is remembered; the same reference with the same
    set of paths gets that answer again without reaching moto; with other paths, 409
    InvalidationBatchAlreadyExists (a violation: a client that reuses a reference for another
    batch has lost an invalidation).
Refusals are answered with CloudFront's error document and listed in `violations`. Their
records have service "cloudfront" and, for CreateInvalidation, `invalidation` = (distribution
id, caller reference, paths); invalidation_requests() lists them. CloudFront requests never get
S3's faults (inject_faults, fail_request); CreateInvalidation has its own, for every client:
fail_invalidations(count) and fail_every_invalidation() answer 503 ServiceUnavailable without
forwarding; lose_invalidation_answers(count) forwards (the invalidation is created) and then
answers 500 InternalError or resets the connection.

Addressing. Path-style requests (Host: 127.0.0.1:PORT, /bucket/key) are forwarded as they
are. A virtual-hosted request (Host: <bucket>.localhost:PORT, /key) is mapped to the path-style
request /<bucket>/key for moto; its signature is checked against the Host and path as sent.
`virtual_host_endpoint` (http://localhost:PORT) is the endpoint a virtual-hosted client uses.
repo2s3 itself cannot be tested that way: aws::s3_endpoint() makes every custom endpoint
(AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL) path-style, and only the built-in
https://s3.<region>.amazonaws.com endpoints are virtual-hosted, which a loopback test cannot
reach (they need public DNS and AWS's TLS certificate). So the mapping is tested with requests
botocore signs for a virtual-hosted address (test_sigv4_verifier.py), and repo2s3's requests
are all path-style (the tests assert that their Host is the proxy's own address).

Faults (inject_faults): with a seeded random generator, a share `rate` of the requests sent by
the program under test (User-Agent repo2s3/...; never the test's own boto3 reads and checks)
get one of FAULT_KINDS instead of a normal answer:

  slowdown                 503 SlowDown; not forwarded
  internal_error           500 InternalError; not forwarded
  reset_before_body        the connection is reset (RST) before the body is read; not forwarded
  reset_after_body         the body is read, then the connection is reset; not forwarded
  truncated                a 500 InternalError whose headers promise more bytes than are sent,
                           then the connection closes; not forwarded
  truncated_after_forward  forwarded to moto (the write happens), then moto's answer is cut
                           short the same way (an answer without a body, such as a PutObject's,
                           is cut inside its status line): the client cannot know that the
                           request succeeded

Every fault but the last leaves moto untouched, so a test can tell what reached the bucket from
`records` (Record.forwarded). Faults are counted per kind in fault_counts(). A request that breaks
a rule above is refused, never faulted, so a violation is never hidden by a fault.

Scripted failures (fail_request): the Nth request of the program that matches a method and a
query parameter (("POST", "delete") is DeleteObjects) is answered with a given status and S3
error document instead of being forwarded; its record's `fault` is "scripted".
"""

import atexit
import base64
import collections
import hashlib
import http.client
import random
import re
import socket
import struct
import threading
import urllib.parse
import xml.etree.ElementTree as ElementTree
from xml.sax.saxutils import escape

from harness import cloudfront, sigv4
from harness.bucket import TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY
from harness.server import Handler, ThreadedServer

Record = collections.namedtuple(
    "Record", "method path query headers body_size delete_keys status fault forwarded "
              "upstream_status deleted host virtual_host service invalidation",
    defaults=(None, False, None, (), None, False, "s3", None))
Record.__doc__ = """One request as the proxy saw it. `path` is the path-style path, decoded;
`status` what the client was answered (None when the answer was cut off or the connection
reset); `fault` the fault kind injected or None; `forwarded` whether moto received it and
`upstream_status` what moto answered; `deleted` the keys a DeleteObjects or DeleteObject asked
to delete; `virtual_host` whether it came virtual-hosted; `service` "s3", "sts" (path "/") or
"cloudfront" (path /2020-05-31/...), so that a filter on a bucket's path never takes in another
service's request; `invalidation`, for a CreateInvalidation whose batch parsed, the tuple
(distribution id, caller reference, paths as sent)."""

FAULT_KINDS = ("slowdown", "internal_error", "reset_before_body", "reset_after_body", "truncated",
               "truncated_after_forward")
PROGRAM_USER_AGENT = "repo2s3/"

_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "expect", "proxy-connection",
               "te", "upgrade", "content-length", "host"}
_AUTHORIZATION = re.compile(
    r"^AWS4-HMAC-SHA256 Credential=[^/]+/\d{8}/[a-z0-9-]+/s3/aws4_request, "
    r"SignedHeaders=([a-z0-9;-]+), Signature=[0-9a-f]{64}$")
_DELETE_OBJECT = re.compile(rb"<Object>")
_MD5_HEX = re.compile(r"^[0-9a-f]{32}$")
MIN_PART_SIZE = 5 * 1024 * 1024
MAX_PARTS = 10000
_VIRTUAL_SUFFIX = ".localhost"
META_PREFIX = "x-amz-meta-"
MAX_METADATA_BYTES = 2048


def _md5_base64(body):
    return base64.b64encode(hashlib.md5(body).digest()).decode()


def error_document(code, message, **extra):
    """S3's XML error document."""
    elements = "".join("<%s>%s</%s>" % (name, escape(str(value)), name)
                       for name, value in extra.items())
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>%s</Code><Message>%s"
            "</Message>%s<RequestId>strict-s3-proxy</RequestId></Error>"
            % (code, escape(message), elements)).encode("utf-8")


def deleted_keys(body):
    """The keys a DeleteObjects body names."""
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError:
        return tuple(m.decode("utf-8", "replace")
                     for m in re.findall(rb"<Key>(.*?)</Key>", body, re.S))
    return tuple(element.text or "" for element in root.iter()
                 if element.tag.rsplit("}", 1)[-1] == "Key")


class FaultPlan:
    """Which requests fail and how: each request draws from a seeded generator; a share `rate`
    fails. Kinds are dealt from a shuffled deck of `kinds`, so that every kind comes up once in
    each len(kinds) faults."""

    def __init__(self, seed, rate, kinds=FAULT_KINDS, methods=None):
        unknown = set(kinds) - set(FAULT_KINDS)
        if unknown:
            raise ValueError("unknown fault kinds %s" % sorted(unknown))
        if not 0 <= rate <= 1:
            raise ValueError("rate must be within 0..1")
        self.seed = seed
        self.rate = rate
        self.kinds = tuple(kinds)
        self.methods = None if methods is None else {m.upper() for m in methods}
        self._random = random.Random(seed)
        self._deck = []

    def draw(self, method=None):
        """The fault for the next request (of HTTP `method`), or None. Requests of methods
        outside `methods` (when set) never fail and draw nothing."""
        if self.methods is not None and method not in self.methods:
            return None
        if not self.kinds or self._random.random() >= self.rate:
            return None
        if not self._deck:
            self._deck = list(self.kinds)
            self._random.shuffle(self._deck)
        return self._deck.pop()


class ScriptedFailure:
    """Answers the `nth` (from 1) request of the program with HTTP `method` whose query holds
    `query_key` (None: any query) with `status` and S3's error document (`code`, `message`)."""

    def __init__(self, method, query_key, nth, status, code, message):
        if nth < 1:
            raise ValueError("nth counts from 1")
        self.method = method.upper()
        self.query_key = query_key
        self.nth = nth
        self.status = status
        self.document = error_document(code, message)
        self.seen = 0       # matching requests so far
        self.fired = False

    def draw(self, method, query):
        """True when this request is the one to fail. Under the proxy's lock."""
        if self.fired or method != self.method or (
                self.query_key is not None and self.query_key not in query):
            return False
        self.seen += 1
        self.fired = self.seen == self.nth
        return self.fired


class _KeyRing:
    """access key id → (secret, session token or None), from fixed keys and from sources
    asked only for an id not known yet."""

    def __init__(self, fixed):
        self._fixed = dict(fixed)
        self._sources = []
        self._lock = threading.Lock()

    def add(self, access_key_id, secret, token=None):
        with self._lock:
            self._fixed[access_key_id] = (secret, token)

    def add_source(self, source):
        with self._lock:
            self._sources.append(source)

    def get(self, access_key_id, default=None):
        with self._lock:
            found = self._fixed.get(access_key_id)
            sources = list(self._sources)
        if found is not None:
            return found
        for source in sources:
            for key_id, secret, token in source():
                if key_id == access_key_id:
                    return secret, token
        return default


class StrictS3Proxy:
    """Forwards to `upstream` (http://127.0.0.1:PORT) from a free port of its own."""

    def __init__(self, upstream, keys=None):
        parsed = urllib.parse.urlsplit(upstream)
        self.upstream = upstream.rstrip("/")
        self.upstream_host, self.upstream_port = parsed.hostname, parsed.port
        self.records = []
        self.violations = []
        self.keys = _KeyRing(keys if keys is not None else
                             {TEST_ACCESS_KEY_ID: (TEST_SECRET_ACCESS_KEY, None)})
        self._lock = threading.Lock()
        self._faults = None
        self._scripted = []
        self._fault_counts = collections.Counter()
        self._part_sizes = collections.defaultdict(dict)  # upload id → {part number: bytes}
        self._invalidation_faults = cloudfront.InvalidationFaults()
        self._caller_references = cloudfront.CallerReferences()
        self._server = ThreadedServer(_ProxyHandler, owner=self, name="strict-s3-proxy")

    # --- lifecycle ------------------------------------------------------------------------

    @property
    def endpoint(self):
        return self._server.endpoint

    @property
    def virtual_host_endpoint(self):
        """http://localhost:PORT: a client that addresses buckets virtual-hosted sends
        Host: <bucket>.localhost:PORT, which the proxy maps to path style."""
        return "http://localhost:%d" % self._server.port

    @property
    def running(self):
        return self._server.running

    def start(self):
        self._server.start()
        return self

    def stop(self):
        self._server.stop()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # --- keys -----------------------------------------------------------------------------

    def add_key(self, access_key_id, secret, token=None):
        """Accepts requests signed with this key (and, when given, only with this token)."""
        self.keys.add(access_key_id, secret, token)
        return self

    def add_key_source(self, source):
        """`source()` returns [(access key id, secret, token or None)]; it is asked when a
        request names a key id the proxy does not know yet."""
        self.keys.add_source(source)
        return self

    # --- faults ---------------------------------------------------------------------------

    def inject_faults(self, seed, rate, kinds=FAULT_KINDS, methods=None):
        """From now on, a share `rate` of the program's requests (of `methods` only, when
        given: ("PUT",) fails uploads and nothing else) get a fault (see the module docstring);
        returns the FaultPlan."""
        plan = FaultPlan(seed, rate, kinds, methods)
        with self._lock:
            self._faults = plan
        return plan

    def fail_request(self, method, query_key, nth, status, code, message):
        """Makes the `nth` program request of `method` with `query_key` in its query fail with
        `status` and an S3 error document, once; returns the ScriptedFailure (its `seen` and
        `fired` tell what happened). stop_faults() forgets it."""
        scripted = ScriptedFailure(method, query_key, nth, status, code, message)
        with self._lock:
            self._scripted.append(scripted)
        return scripted

    def stop_faults(self):
        """Ends every fault: S3's, the scripted ones and CloudFront's."""
        with self._lock:
            self._faults = None
            self._scripted = []
            self._invalidation_faults.clear()

    # --- CloudFront faults ----------------------------------------------------------------
    # They apply to every client's CreateInvalidation requests that pass the checks (the
    # tests read CloudFront from moto directly, never through the proxy).

    def fail_invalidations(self, count=1, status=503, code="ServiceUnavailable",
                           message="CloudFront is unavailable. Please try again."):
        """The next `count` CreateInvalidation requests are answered `status` with CloudFront's
        error document (`code`, `message`) and not forwarded: no invalidation is created. Their
        records' `fault` is "invalidation_failed"."""
        with self._lock:
            self._invalidation_faults.fail_next = count
            self._invalidation_faults.fail_with = (status, code, message)

    def fail_every_invalidation(self, status=503, code="ServiceUnavailable",
                                message="CloudFront is unavailable. Please try again."):
        """Every CreateInvalidation request from now on fails as with fail_invalidations(),
        until stop_invalidation_faults() or stop_faults()."""
        with self._lock:
            self._invalidation_faults.fail_every = (status, code, message)

    def lose_invalidation_answers(self, count=1, reset=False):
        """The next `count` CreateInvalidation requests are forwarded to moto (a new batch
        creates its invalidation; a repeated CallerReference is answered from memory, as
        always), then the client is answered 500 InternalError (with `reset`: the connection is
        reset instead), so it cannot know that the invalidation exists. Their records' `fault`
        is "answer_lost"."""
        with self._lock:
            self._invalidation_faults.lose_next = count
            self._invalidation_faults.lose_by_reset = reset

    def stop_invalidation_faults(self):
        """Ends CloudFront's faults only."""
        with self._lock:
            self._invalidation_faults.clear()

    def invalidation_fault_counts(self):
        """{"failed": n, "answer_lost": n}: CreateInvalidation requests so faulted so far."""
        with self._lock:
            counts = self._invalidation_faults.counts
            return {"failed": counts["failed"], "answer_lost": counts["answer_lost"]}

    def _draw_invalidation_failure(self):
        with self._lock:
            return self._invalidation_faults.draw_failure()

    def _draw_invalidation_loss(self):
        with self._lock:
            return self._invalidation_faults.draw_loss()

    def fault_counts(self):
        """{kind: faults injected} since the proxy started."""
        with self._lock:
            return {kind: self._fault_counts[kind] for kind in FAULT_KINDS}

    def _draw_fault(self, method):
        with self._lock:
            return self._faults.draw(method) if self._faults is not None else None

    def _draw_scripted(self, method, query):
        """The ScriptedFailure this request fires, or None."""
        with self._lock:
            fired = [scripted for scripted in self._scripted if scripted.draw(method, query)]
            return fired[0] if fired else None

    def _count_fault(self, kind):
        with self._lock:
            self._fault_counts[kind] += 1

    # --- records --------------------------------------------------------------------------

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

    def cloudfront_records(self, mark=(0, 0)):
        """The records of CloudFront API requests since `mark` (default: all)."""
        return [r for r in self.records_since(mark) if r.service == "cloudfront"]

    def invalidation_requests(self, mark=(0, 0), distribution_id=None):
        """The records of CreateInvalidation requests since `mark`, of one distribution when
        `distribution_id` is given; a request whose batch did not parse has `invalidation`
        None and is kept only without `distribution_id`."""
        found = []
        for record in self.cloudfront_records(mark):
            if record.method != "POST" or not record.path.endswith("/invalidation"):
                continue
            if distribution_id is not None and (record.invalidation is None or
                                                record.invalidation[0] != distribution_id):
                continue
            found.append(record)
        return found

    # --- multipart ------------------------------------------------------------------------

    def _note_part(self, upload_id, number, size):
        with self._lock:
            self._part_sizes[upload_id][number] = size

    def _part_sizes_of(self, upload_id):
        with self._lock:
            return dict(self._part_sizes.get(upload_id, {}))

    def _record(self, record, problems):
        with self._lock:
            self.records.append(record)
            self.violations.extend("%s %s: %s" % (record.method, record.path, p) for p in problems)


def check_request(method, path, query, headers, body):
    """The rules a request breaks, as (http status, S3 error code, message) tuples (the form
    of the request; the signature itself is checked by harness/sigv4.py)."""
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
        for name in ("if-match", "if-none-match"):
            if name in headers and name not in signed_headers:
                problems.append((403, "AccessDenied", "%s is not signed" % name))
    if headers.get("x-amz-content-sha256") != hashlib.sha256(body).hexdigest():
        problems.append((400, "XAmzContentSHA256Mismatch",
                         "x-amz-content-sha256 is not the SHA-256 of the body"))

    segments = path.lstrip("/").split("/", 1)
    is_object = len(segments) == 2 and segments[1] != ""
    if method in ("PUT", "POST") and is_object:
        problems += _metadata_size_problems(headers)
    if method == "PUT" and is_object and "partNumber" not in query \
            and "x-amz-copy-source" in headers:
        problems += _copy_problems(path, headers, body)
    elif method == "PUT" and is_object and "partNumber" not in query:
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
    if method == "PUT" and is_object and "partNumber" in query:
        problems += _upload_part_problems(query, headers, body)
    if method == "POST" and is_object and "uploads" in query:
        if headers.get("x-amz-acl") != "bucket-owner-full-control":
            problems.append((400, "InvalidRequest", "x-amz-acl is not bucket-owner-full-control"))
        if not _MD5_HEX.match(headers.get("x-amz-meta-repo2s3-md5", "")):
            problems.append((400, "InvalidRequest",
                             "CreateMultipartUpload without an MD5 in x-amz-meta-repo2s3-md5"))
        if not headers.get("content-type"):
            problems.append((400, "InvalidRequest",
                             "CreateMultipartUpload without Content-Type"))
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


def _metadata_size_problems(headers):
    """S3 keeps at most 2 KB of user-defined metadata: the UTF-8 bytes of every x-amz-meta-*
    name (without the prefix) and value."""
    size = sum(len(name[len(META_PREFIX):].encode("utf-8")) +
               len(value.encode("latin-1", "replace"))
               for name, value in headers.items() if name.startswith(META_PREFIX))
    if size > MAX_METADATA_BYTES:
        return [(400, "MetadataTooLarge", "Your metadata headers exceed the maximum allowed "
                 "metadata size (%d bytes, at most %d)" % (size, MAX_METADATA_BYTES))]
    return []


def _copy_problems(path, headers, body):
    """A CopyObject (PUT with x-amz-copy-source): what S3 refuses, and repo2s3's contract for
    the copies that rewrite an object's headers in place."""
    problems = []
    source = headers["x-amz-copy-source"]
    source_path, _, source_query = source.partition("?")
    source_path = urllib.parse.unquote(source_path).lstrip("/")
    directive = headers.get("x-amz-metadata-directive", "COPY")
    if body:
        problems.append((400, "InvalidRequest", "CopyObject with a request body"))
    if "/" not in source_path or source_path.endswith("/") or (
            source_query and not source_query.startswith("versionId=")):
        problems.append((400, "InvalidArgument", "Copy Source must mention the source bucket "
                         "and key: sourcebucket/sourcekey (%r)" % source))
    if directive not in ("COPY", "REPLACE"):
        problems.append((400, "InvalidArgument",
                         "Unknown metadata directive %r" % directive))
    changes_something = directive == "REPLACE" or any(
        name in headers for name in ("x-amz-website-redirect-location", "x-amz-storage-class",
                                     "x-amz-server-side-encryption"))
    if source_path == urllib.parse.unquote(path).lstrip("/") and not changes_something:
        problems.append((400, "InvalidRequest",
                         "This copy request is illegal because it is trying to copy an object "
                         "to itself without changing the object's metadata, storage class, "
                         "website redirect location or encryption attributes."))
    # A copy writes a new object: its ACL is the default (private) unless given again.
    if headers.get("x-amz-acl") != "bucket-owner-full-control":
        problems.append((400, "InvalidRequest",
                         "CopyObject: x-amz-acl is not bucket-owner-full-control"))
    if directive == "REPLACE":
        # REPLACE drops every header not sent again: repo2s3's MD5 and the Content-Type too.
        if not _MD5_HEX.match(headers.get("x-amz-meta-repo2s3-md5", "")):
            problems.append((400, "InvalidRequest", "CopyObject with REPLACE drops "
                             "x-amz-meta-repo2s3-md5: it carries no MD5"))
        if not headers.get("content-type"):
            problems.append((400, "InvalidRequest",
                             "CopyObject with REPLACE without Content-Type"))
    return problems


def _upload_part_problems(query, headers, body):
    problems = []
    number = query.get("partNumber", [""])[0]
    if not number.isdigit() or not 1 <= int(number) <= MAX_PARTS:
        problems.append((400, "InvalidArgument",
                         "Part number must be an integer between 1 and 10000, inclusive"))
    if not query.get("uploadId", [""])[0]:
        problems.append((400, "InvalidRequest", "UploadPart without uploadId"))
    md5_header = headers.get("content-md5")
    if md5_header is None:
        problems.append((400, "InvalidRequest", "UploadPart without Content-MD5"))
    elif md5_header != _md5_base64(body):
        problems.append((400, "BadDigest", "Content-MD5 does not match the body"))
    return problems


def completed_parts(body):
    """[(part number, ETag)] of a CompleteMultipartUpload body, in the order listed; None when
    the body is not one."""
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError:
        return None
    parts = []
    for element in root:
        if element.tag.rsplit("}", 1)[-1] != "Part":
            continue
        values = {child.tag.rsplit("}", 1)[-1]: (child.text or "") for child in element}
        if not values.get("PartNumber", "").isdigit():
            return None
        parts.append((int(values["PartNumber"]), values.get("ETag", "")))
    return parts


def complete_problems(parts, sizes):
    """What real S3 refuses in a CompleteMultipartUpload of `parts` when the parts uploaded
    had `sizes` ({part number: bytes})."""
    if parts is None:
        return [(400, "MalformedXML", "CompleteMultipartUpload body is not a part list")]
    if not parts:
        return [(400, "MalformedXML", "CompleteMultipartUpload lists no parts")]
    if len(parts) > MAX_PARTS:
        return [(400, "InvalidArgument", "more than 10000 parts")]
    numbers = [number for number, _ in parts]
    if numbers != sorted(set(numbers)):
        return [(400, "InvalidPartOrder", "The list of parts was not in ascending order")]
    for number in numbers[:-1]:
        if sizes.get(number, 0) < MIN_PART_SIZE:
            return [(400, "EntityTooSmall",
                     "Your proposed upload is smaller than the minimum allowed size "
                     "(part %d is %d bytes)" % (number, sizes.get(number, 0)))]
    return []


def path_style_target(target, host):
    """(the request target in path style, bucket name when the request came virtual-hosted)."""
    hostname = (host or "").strip().lower()
    if hostname.startswith("["):
        return target, None
    hostname = hostname.rsplit(":", 1)[0] if ":" in hostname else hostname
    if hostname.endswith(_VIRTUAL_SUFFIX) and len(hostname) > len(_VIRTUAL_SUFFIX):
        bucket = hostname[:-len(_VIRTUAL_SUFFIX)]
        return "/" + bucket + (target if target.startswith("/") else "/" + target), bucket
    return target, None


class _ProxyHandler(Handler):
    _local = threading.local()

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
            proxy = self.server.owner
            connection = http.client.HTTPConnection(proxy.upstream_host, proxy.upstream_port,
                                                    timeout=120)
            self._local.connection = connection
        return connection

    def _forward(self, target, body, headers):
        for attempt in (1, 2):
            connection = self._upstream()
            try:
                connection.request(self.command, target, body=body, headers=headers)
                reply = connection.getresponse()
                return reply, reply.read()
            except (http.client.HTTPException, ConnectionError):
                connection.close()
                self._local.connection = None
                if attempt == 2:
                    raise

    # --- answers --------------------------------------------------------------------------

    def _answer(self, status, headers, body):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _answer_error(self, status, document):
        self._answer(status, [("Content-Type", "application/xml"),
                              ("Content-Length", str(len(document)))], document)

    def _reset(self):
        """Ends the connection with a TCP reset, no answer sent."""
        self.close_connection = True
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
            self.connection.close()  # no FIN first: the peer sees "connection reset"
        except OSError:
            pass

    def _truncate(self, status, headers, body):
        """Sends the status line and headers, promising len(body) bytes, and half the body,
        then closes. An answer without a body (HEAD, most 2xx of writes) has nothing to cut
        but its head, and clients take a cut header block at end of stream as complete (curl
        does): so its status line is cut instead."""
        self.close_connection = True
        lines = ["HTTP/1.1 %d %s" % (status, http.client.responses.get(status, ""))]
        lines += ["%s: %s" % (name, value) for name, value in headers
                  if name.lower() != "content-length"]
        lines.append("Content-Length: %d" % len(body))
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace")
        if body and self.command != "HEAD":
            data = head + body[:len(body) // 2]
        else:
            data = head[:len("HTTP/1.1 2")]
        try:
            self.wfile.write(data)
            self.wfile.flush()
        except OSError:
            pass

    # --- one request ----------------------------------------------------------------------

    def _handle(self):
        proxy = self.server.owner
        raw_headers = list(self.headers.items())
        headers = {name.lower(): value for name, value in raw_headers}
        target, virtual_bucket = path_style_target(self.path, headers.get("host"))
        split = urllib.parse.urlsplit(target)
        query = urllib.parse.parse_qs(split.query, keep_blank_values=True)
        path = urllib.parse.unquote(split.path)
        if self.command == "POST" and split.path == "/":
            self._sts(raw_headers, headers)
            return
        if cloudfront.is_api_path(split.path):
            self._cloudfront(raw_headers, headers, split, query)
            return
        from_program = headers.get("user-agent", "").startswith(PROGRAM_USER_AGENT)
        fault = proxy._draw_fault(self.command) if from_program else None

        def record(status, body=b"", problems=(), applied=None, forwarded=False,
                   upstream_status=None):
            is_delete = self.command == "POST" and "delete" in query
            deleted = ()
            if is_delete:
                deleted = deleted_keys(body)
            elif (self.command == "DELETE" and "/" in path.lstrip("/")
                  and "uploadId" not in query):
                deleted = (path.lstrip("/").split("/", 1)[1],)
            if applied in FAULT_KINDS:
                proxy._count_fault(applied)
            proxy._record(Record(self.command, path, query, headers, len(body),
                                 len(_DELETE_OBJECT.findall(body)) if is_delete else None,
                                 status, applied, forwarded, upstream_status, deleted,
                                 headers.get("host"), virtual_bucket is not None),
                          list(problems))

        # Each outcome is recorded before the client hears of it, so that a client that has
        # its answer finds the request in `records`.
        if fault == "reset_before_body":
            record(None, applied=fault)
            self._reset()
            return
        body = self._read_body()

        problems = []
        refusal = None
        try:
            sigv4.verify(self.command, self.path, raw_headers, body, keys=proxy.keys)
        except sigv4.Refusal as refused:
            refusal = refused
            problems.append("%s: %s" % (refused.code, refused.message))
        form = check_request(self.command, split.path, query, headers, body)
        if self.command == "POST" and "uploadId" in query:
            form += complete_problems(completed_parts(body),
                                      proxy._part_sizes_of(query["uploadId"][0]))
        problems += [message for _, _, message in form]
        if refusal is not None:
            record(refusal.status, body, problems)
            self._answer_error(refusal.status, error_document(refusal.code, refusal.message,
                                                              **refusal.extra))
            return
        if form:
            status, code, message = form[0]
            record(status, body, problems)
            self._answer_error(status, error_document(code, message))
            return

        scripted = proxy._draw_scripted(self.command, query) if from_program else None
        if scripted is not None:
            record(scripted.status, body, applied="scripted")
            self._answer_error(scripted.status, scripted.document)
            return
        if fault == "slowdown":
            record(503, body, applied=fault)
            self._answer_error(503, error_document("SlowDown", "Please reduce your request rate."))
            return
        if fault == "internal_error":
            record(500, body, applied=fault)
            self._answer_error(500, error_document(
                "InternalError", "We encountered an internal error. Please try again."))
            return
        if fault == "reset_after_body":
            record(None, body, applied=fault)
            self._reset()
            return
        if fault == "truncated":
            record(None, body, applied=fault)
            self._truncate(500, [("Content-Type", "application/xml")], error_document(
                "InternalError", "We encountered an internal error. Please try again."))
            return

        forward = {name: value for name, value in raw_headers if name.lower() not in _HOP_BY_HOP}
        forward["Host"] = "%s:%d" % (proxy.upstream_host, proxy.upstream_port)
        reply, reply_body = self._forward(target, body, forward)
        reply_headers = [(name, value) for name, value in reply.getheaders()
                         if name.lower() not in _HOP_BY_HOP]
        if self.command == "HEAD":
            reply_headers.append(("Content-Length", reply.getheader("Content-Length", "0")))
        else:
            reply_headers.append(("Content-Length", str(len(reply_body))))
        if fault == "truncated_after_forward":
            record(None, body, applied=fault, forwarded=True, upstream_status=reply.status)
            self._truncate(reply.status, reply_headers, reply_body)
            return
        if self.command == "PUT" and "partNumber" in query and reply.status == 200:
            proxy._note_part(query["uploadId"][0], int(query["partNumber"][0]), len(body))
        record(reply.status, body, forwarded=True, upstream_status=reply.status)
        self._answer(reply.status, reply_headers, reply_body)

    def _sts(self, raw_headers, headers):
        """An STS request: the signature checked (when signed), passed on to moto, the issued
        keys remembered."""
        proxy = self.server.owner
        body = self._read_body()
        problems = []
        if "authorization" in headers:
            try:
                sigv4.verify(self.command, self.path, raw_headers, body, keys=proxy.keys,
                             s3=False)
            except sigv4.Refusal as refused:
                problems.append("%s: %s" % (refused.code, refused.message))
                document = ("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                            "<Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message>"
                            "</Error><RequestId>strict-s3-proxy</RequestId></ErrorResponse>"
                            % (refused.code, escape(refused.message))).encode()
                proxy._record(Record(self.command, "/", {}, headers, len(body), None,
                                     refused.status, service="sts"), problems)
                self._answer_error(refused.status, document)
                return
        forward = {name: value for name, value in raw_headers if name.lower() not in _HOP_BY_HOP}
        forward["Host"] = "%s:%d" % (proxy.upstream_host, proxy.upstream_port)
        reply, reply_body = self._forward(self.path, body, forward)
        for key_id, secret, token in issued_credentials(reply_body):
            proxy.add_key(key_id, secret, token)
        proxy._record(Record(self.command, "/", {}, headers, len(body), None, reply.status,
                             None, True, reply.status, service="sts"), [])
        reply_headers = [(name, value) for name, value in reply.getheaders()
                         if name.lower() not in _HOP_BY_HOP]
        reply_headers.append(("Content-Length", str(len(reply_body))))
        self._answer(reply.status, reply_headers, reply_body)

    def _cloudfront(self, raw_headers, headers, split, query):
        """A CloudFront API request: the signature checked (scoped to us-east-1/cloudfront);
        a CreateInvalidation's batch checked, faulted as scripted, answered from the
        CallerReference memory when it repeats one, else passed on to moto."""
        proxy = self.server.owner
        body = self._read_body()
        path = urllib.parse.unquote(split.path)
        distribution = cloudfront.invalidation_distribution(self.command, split.path)
        batch = None

        def record(status, problems=(), fault=None, forwarded=False, upstream_status=None):
            invalidation = None
            if batch is not None:
                invalidation = (distribution, batch.caller_reference, batch.paths)
            proxy._record(Record(self.command, path, query, headers, len(body), None, status,
                                 fault, forwarded, upstream_status, (), headers.get("host"),
                                 False, "cloudfront", invalidation), list(problems))

        def refuse(status, code, message, violation=True):
            record(status, ["%s: %s" % (code, message)] if violation else ())
            self._answer_error(status, cloudfront.error_document(code, message, status < 500))

        if "authorization" not in headers:
            refuse(403, "MissingAuthenticationToken", "Missing Authentication Token")
            return
        try:
            details = sigv4.verify(self.command, self.path, raw_headers, body, keys=proxy.keys,
                                   s3=False)
        except sigv4.Refusal as refused:
            refuse(refused.status, refused.code, refused.message)
            return
        if details.credential.region != cloudfront.REGION:
            refuse(403, "SignatureDoesNotMatch",
                   "Credential should be scoped to a valid region, not '%s'; CloudFront is "
                   "signed for '%s'." % (details.credential.region, cloudfront.REGION))
            return
        if details.credential.service != cloudfront.SERVICE:
            refuse(403, "SignatureDoesNotMatch",
                   "Credential should be scoped to correct service: '%s', not '%s'."
                   % (cloudfront.SERVICE, details.credential.service))
            return
        forward = {name: value for name, value in raw_headers if name.lower() not in _HOP_BY_HOP}
        forward["Host"] = "%s:%d" % (proxy.upstream_host, proxy.upstream_port)
        if distribution is None:
            reply, reply_body = self._forward(self.path, body, forward)
            record(reply.status, forwarded=True, upstream_status=reply.status)
            self._answer(reply.status, self._reply_headers(reply, reply_body), reply_body)
            return

        try:
            batch = cloudfront.check_batch(body)
        except cloudfront.BatchProblem as problem:
            refuse(problem.status, problem.code, problem.message)
            return
        failure = proxy._draw_invalidation_failure()
        if failure is not None:
            status, code, message = failure
            record(status, fault="invalidation_failed")
            self._answer_error(status, cloudfront.error_document(code, message, status < 500))
            return
        memory = proxy._caller_references
        with memory.lock:  # one CreateInvalidation at a time: a repeat never races its first
            known = memory.lookup(distribution, batch)
            if known is not None and known[0] == "different":
                refuse(409, "InvalidationBatchAlreadyExists",
                       "CallerReference %r was used for distribution %s with other paths (%s)"
                       % (batch.caller_reference, distribution, ", ".join(sorted(known[1]))))
                return
            if known is not None:
                answer, forwarded, upstream_status = known[1], False, None
            else:
                reply, reply_body = self._forward(self.path, body, forward)
                answer = cloudfront.Answer(reply.status, self._reply_headers(reply, reply_body),
                                           reply_body)
                forwarded, upstream_status = True, reply.status
                if 200 <= reply.status < 300:
                    memory.remember(distribution, batch, answer)
        loss = proxy._draw_invalidation_loss()
        if loss == "reset":
            record(None, fault="answer_lost", forwarded=forwarded,
                   upstream_status=upstream_status)
            self._reset()
            return
        if loss == "500":
            record(500, fault="answer_lost", forwarded=forwarded, upstream_status=upstream_status)
            self._answer_error(500, cloudfront.error_document(
                "InternalError", "We encountered an internal error. Please try again.", False))
            return
        record(answer.status, forwarded=forwarded, upstream_status=upstream_status)
        self._answer(answer.status, answer.headers, answer.body)

    def _reply_headers(self, reply, reply_body):
        headers = [(name, value) for name, value in reply.getheaders()
                   if name.lower() not in _HOP_BY_HOP]
        headers.append(("Content-Length", str(len(reply_body))))
        return headers

    do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _handle


def issued_credentials(document):
    """[(access key id, secret, session token)] of the Credentials in an STS answer."""
    try:
        root = ElementTree.fromstring(document)
    except ElementTree.ParseError:
        return []
    found = []
    for element in root.iter():
        if element.tag.rsplit("}", 1)[-1] != "Credentials":
            continue
        values = {child.tag.rsplit("}", 1)[-1]: (child.text or "") for child in element}
        if values.get("AccessKeyId") and values.get("SecretAccessKey"):
            found.append((values["AccessKeyId"], values["SecretAccessKey"],
                          values.get("SessionToken") or None))
    return found


_shared = None


def shared_strict_s3(upstream=None):
    """One proxy per process in front of `upstream` (default: the shared moto server),
    started on first use."""
    global _shared
    if upstream is None:
        from harness.moto import shared_moto
        upstream = shared_moto().endpoint
    if _shared is None or not _shared.running or _shared.upstream != upstream.rstrip("/"):
        if _shared is not None:
            _shared.stop()
        _shared = StrictS3Proxy(upstream).start()
        atexit.register(_shared.stop)
    return _shared
