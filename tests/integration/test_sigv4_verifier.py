"""The strict S3 proxy's SigV4 verifier (harness/sigv4.py): it accepts the AWS SigV4 test-suite
vectors (tests/data/sigv4/) and requests botocore signed, and refuses every one of them once a
single byte of a signed header, the query or the path is changed, or when the key, the time or
the session token is wrong. Then the same through the proxy: a refused request never reaches
moto, and a virtual-hosted request is mapped to path style."""

import base64
import datetime
import hashlib
import http.client
import pathlib
import tempfile
import unittest
import urllib.parse

import boto3
import botocore.exceptions
from botocore.auth import S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from harness import bucket as b
from harness import cli, payloads, sigv4, trees
from harness.moto import shared_moto
from harness.strict_s3 import StrictS3Proxy, shared_strict_s3

VECTORS = pathlib.Path(__file__).resolve().parents[1] / "data" / "sigv4"
SUITE_KEYS = {"AKIDEXAMPLE": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"}
TEST_KEYS = {b.TEST_ACCESS_KEY_ID: b.TEST_SECRET_ACCESS_KEY}


def read_vector(name):
    """(method, target, [(name, value)], body) of a <case>.req, with its Authorization."""
    raw = (VECTORS / (name + ".req")).read_bytes()
    head, _, body = raw.partition(b"\n\n")
    lines = head.decode("utf-8").split("\n")
    method, rest = lines[0].split(" ", 1)
    target = rest.rsplit(" ", 1)[0]
    headers = [tuple(line.split(":", 1)) for line in lines[1:]]
    headers.append(("Authorization", (VECTORS / (name + ".authz")).read_text().strip()))
    return method, target, headers, body


def vector_names():
    return sorted(path.stem for path in VECTORS.glob("*.req"))


def flip(text, index):
    """`text` with the character at `index` changed to another printable one."""
    char = text[index]
    other = "b" if char != "b" else "c"
    return text[:index] + other + text[index + 1:]


def botocore_sign(method, url, body=b"", headers=None, token=None,
                  key_id=b.TEST_ACCESS_KEY_ID, secret=b.TEST_SECRET_ACCESS_KEY, when=None):
    """(target, [(name, value)]) of a request botocore signs for S3 with SigV4, as sent."""
    request = AWSRequest(method=method, url=url, data=body, headers=dict(headers or {}))
    auth = S3SigV4Auth(Credentials(key_id, secret, token), "s3", b.TEST_REGION)
    if when is not None:
        # botocore reads the time itself; give it ours through its own hook.
        auth._modify_request_before_signing = _with_date(auth._modify_request_before_signing,
                                                         when)
    auth.add_auth(request)
    prepared = request.prepare()
    split = urllib.parse.urlsplit(prepared.url)
    target = split.path + ("?" + split.query if split.query else "")
    headers = [(name, value.decode() if isinstance(value, bytes) else value)
               for name, value in prepared.headers.items()]
    if not any(name.lower() == "host" for name, _ in headers):
        headers.append(("Host", split.netloc))
    return target, headers


def _with_date(original, when):
    def modify(request):
        original(request)
        request.headers.replace_header("X-Amz-Date", when)
        request.context["timestamp"] = when
    return modify


def signed_names(headers):
    """The SignedHeaders of a request's Authorization header."""
    authorization = [v for n, v in headers if n.lower() == "authorization"][0]
    return set(sigv4.parse_authorization(authorization)[1])


def replace_header(headers, name, value):
    return [(n, value if n.lower() == name.lower() else v) for n, v in headers]


class SuiteVectorsTest(unittest.TestCase):
    """AWS's own examples (a generic service, so its path rules: normalised and encoded)."""

    def verify(self, method, target, headers, body):
        return sigv4.verify(method, target, headers, body, keys=SUITE_KEYS, s3=False,
                            max_skew=None)

    def test_every_vector_verifies_with_its_canonical_request_and_string_to_sign(self):
        names = vector_names()
        self.assertGreaterEqual(len(names), 28)
        for name in names:
            with self.subTest(vector=name):
                details = self.verify(*read_vector(name))
                creq, sts = VECTORS / (name + ".creq"), VECTORS / (name + ".sts")
                if creq.exists():
                    self.assertEqual(details.canonical_request, creq.read_text())
                if sts.exists():
                    self.assertEqual(details.string_to_sign, sts.read_text())

    def test_one_changed_byte_anywhere_signed_is_refused(self):
        for name in vector_names():
            method, target, headers, body = read_vector(name)
            path, _, query = target.partition("?")
            cases = {"path": (flip(path, len(path) - 1) if path != "/" else "/x") +
                     ("?" + query if query else ""),
                     "query": path + "?" + (flip(query, 0) if query else "x=y")}
            for label, changed in cases.items():
                with self.subTest(vector=name, changed=label):
                    with self.assertRaises(sigv4.Refusal) as refused:
                        self.verify(method, changed, headers, body)
                    self.assertEqual(refused.exception.code, "SignatureDoesNotMatch")
            signed = signed_names(headers)
            for index, (header, value) in enumerate(headers):
                if header.lower() not in signed or header.lower() == "x-amz-date" \
                        or not value.strip():
                    continue
                changed = list(headers)
                changed[index] = (header, flip(value, len(value.rstrip()) - 1))
                with self.subTest(vector=name, header=header):
                    with self.assertRaises(sigv4.Refusal) as refused:
                        self.verify(method, target, changed, body)
                    self.assertEqual(refused.exception.code, "SignatureDoesNotMatch")
            if body:
                with self.subTest(vector=name, changed="body"):
                    with self.assertRaises(sigv4.Refusal):
                        self.verify(method, target, headers, body + b"x")

    def test_wrong_secret_and_unknown_key(self):
        method, target, headers, body = read_vector("get-vanilla")
        with self.assertRaises(sigv4.Refusal) as refused:
            sigv4.verify(method, target, headers, body, keys={"AKIDEXAMPLE": "wrong"}, s3=False,
                         max_skew=None)
        self.assertEqual((refused.exception.status, refused.exception.code),
                         (403, "SignatureDoesNotMatch"))
        self.assertIn("CanonicalRequest", refused.exception.extra)
        with self.assertRaises(sigv4.Refusal) as refused:
            sigv4.verify(method, target, headers, body, keys=TEST_KEYS, s3=False, max_skew=None)
        self.assertEqual((refused.exception.status, refused.exception.code),
                         (403, "InvalidAccessKeyId"))

    def test_a_request_from_2015_is_too_skewed_today(self):
        with self.assertRaises(sigv4.Refusal) as refused:
            sigv4.verify(*read_vector("get-vanilla"), keys=SUITE_KEYS, s3=False)
        self.assertEqual((refused.exception.status, refused.exception.code),
                         (403, "RequestTimeTooSkewed"))

    def test_canonical_query_encoding(self):
        self.assertEqual(sigv4.canonical_query("b=2&a=1&a=0&c"), "a=0&a=1&b=2&c=")
        self.assertEqual(sigv4.canonical_query("prefix=a%20b%2Bc~d%2fe&list-type=2"),
                         "list-type=2&prefix=a%20b%2Bc~d%2Fe")
        self.assertEqual(sigv4.canonical_query("k=%E1%88%b4"), "k=%E1%88%B4")
        self.assertEqual(sigv4.uri_encode("a b/ü~", keep_slash=True), "a%20b/%C3%BC~")


class BotocoreSignedTest(unittest.TestCase):
    """S3 requests signed by botocore: the S3 rules (path as sent, x-amz-content-sha256)."""

    URL = "http://127.0.0.1:9000/bucket/dir/a%20b%2Bc%3D%26%28%29%27/%F0%9F%9A%80.txt"

    def requests(self):
        body = b"hello, world\n"
        md5 = hashlib.md5(body).hexdigest()
        return {
            "put": ("PUT", self.URL, body, {"Content-Type": "text/plain; charset=utf-8",
                                             "x-amz-acl": "bucket-owner-full-control",
                                             "x-amz-meta-repo2s3-md5": md5}),
            "list": ("GET", "http://127.0.0.1:9000/bucket/?list-type=2&prefix=odd%20prefix%20%2B"
                     "%20%26%20%3D%20%C3%BC%2F&encoding-type=url&continuation-token=a%2Fb%3D%3D",
                     b"", {}),
            "delete": ("POST", "http://127.0.0.1:9000/bucket/?delete", b"<Delete/>",
                       {"Content-MD5": "x"}),
            "head": ("HEAD", self.URL, b"", {}),
            "virtual": ("GET", "http://bucket.localhost:9000/key%20with%20space", b"", {}),
        }

    def test_requests_botocore_signs_verify(self):
        for label, (method, url, body, headers) in self.requests().items():
            with self.subTest(request=label):
                target, signed = botocore_sign(method, url, body, headers)
                details = sigv4.verify(method, target, signed, body, keys=TEST_KEYS)
                self.assertEqual(details.canonical_request.split("\n")[1], target.split("?")[0])

    def test_session_token_must_be_the_one_issued(self):
        target, signed = botocore_sign("GET", self.URL, token="session-token-1")
        keys = {b.TEST_ACCESS_KEY_ID: (b.TEST_SECRET_ACCESS_KEY, "session-token-1")}
        sigv4.verify("GET", target, signed, keys=keys)
        keys = {b.TEST_ACCESS_KEY_ID: (b.TEST_SECRET_ACCESS_KEY, "session-token-2")}
        with self.assertRaises(sigv4.Refusal) as refused:
            sigv4.verify("GET", target, signed, keys=keys)
        self.assertEqual(refused.exception.code, "InvalidToken")

    def test_tampered_requests_are_refused(self):
        for label, (method, url, body, headers) in self.requests().items():
            target, signed = botocore_sign(method, url, body, headers)
            path, _, query = target.partition("?")
            cases = {
                "path": flip(path, len(path) - 1) + ("?" + query if query else ""),
                "path re-encoded": path.replace("%20", "+", 1) + ("?" + query if query else ""),
                "query": path + "?" + (flip(query, len(query) - 1) if query else "x-id=1"),
            }
            for case, changed in cases.items():
                if changed == target:
                    continue
                with self.subTest(request=label, changed=case):
                    with self.assertRaises(sigv4.Refusal) as refused:
                        sigv4.verify(method, changed, signed, body, keys=TEST_KEYS)
                    self.assertEqual(refused.exception.code, "SignatureDoesNotMatch")
            names = signed_names(signed)
            self.assertIn("host", names)
            for name, value in signed:
                if name.lower() not in names or name.lower() == "x-amz-date":
                    continue
                tampered = replace_header(signed, name, flip(value, 0))
                with self.subTest(request=label, header=name):
                    with self.assertRaises(sigv4.Refusal) as refused:
                        sigv4.verify(method, target, tampered, body, keys=TEST_KEYS)
                    self.assertEqual(refused.exception.code, "SignatureDoesNotMatch")

    def test_header_whitespace_is_not_a_change(self):
        method, url, body, headers = self.requests()["put"]
        target, signed = botocore_sign(method, url, body, headers)
        spaced = replace_header(signed, "Content-Type", "  text/plain;   charset=utf-8 ")
        sigv4.verify(method, target, spaced, body, keys=TEST_KEYS)

    def test_unsigned_amz_header_time_skew_and_wrong_key(self):
        target, signed = botocore_sign("GET", self.URL)
        with self.assertRaises(sigv4.Refusal) as refused:
            sigv4.verify("GET", target, signed + [("x-amz-acl", "public-read")], keys=TEST_KEYS)
        self.assertEqual((refused.exception.code, refused.exception.extra["HeadersNotSigned"]),
                         ("AccessDenied", "x-amz-acl"))
        old = (datetime.datetime.now(datetime.timezone.utc) -
               datetime.timedelta(minutes=16)).strftime("%Y%m%dT%H%M%SZ")
        target, stale = botocore_sign("GET", self.URL, when=old)
        with self.assertRaises(sigv4.Refusal) as refused:
            sigv4.verify("GET", target, stale, keys=TEST_KEYS)
        self.assertEqual(refused.exception.code, "RequestTimeTooSkewed")
        recent = (datetime.datetime.now(datetime.timezone.utc) -
                  datetime.timedelta(minutes=14)).strftime("%Y%m%dT%H%M%SZ")
        target, fine = botocore_sign("GET", self.URL, when=recent)
        sigv4.verify("GET", target, fine, keys=TEST_KEYS)
        target, other = botocore_sign("GET", self.URL, secret="not-the-secret")
        with self.assertRaises(sigv4.Refusal) as refused:
            sigv4.verify("GET", target, other, keys=TEST_KEYS)
        self.assertEqual(refused.exception.code, "SignatureDoesNotMatch")


class ProxyVerifiesTest(unittest.TestCase):
    """The same checks in the strict proxy, in front of moto."""

    @classmethod
    def setUpClass(cls):
        cls.moto = shared_moto()
        cls.s3 = b.s3_client(cls.moto.endpoint)  # the test's own view of moto, not proxied

    def setUp(self):
        self.proxy = StrictS3Proxy(self.moto.endpoint).start()
        self.addCleanup(self.proxy.stop)
        self.bucket = b.create_bucket(self.s3, self._testMethodName)

    def send(self, method, target, headers, body=b""):
        connection = http.client.HTTPConnection("127.0.0.1", self.proxy._server.port, timeout=30)
        try:
            connection.request(method, target, body=body, headers=dict(headers))
            reply = connection.getresponse()
            return reply.status, reply.read()
        finally:
            connection.close()

    def put_request(self, base, key, body):
        md5 = hashlib.md5(body)
        headers = {"Content-Type": "text/plain", "x-amz-acl": "bucket-owner-full-control",
                   "x-amz-meta-repo2s3-md5": md5.hexdigest(),
                   "Content-MD5": base64.b64encode(md5.digest()).decode()}
        return botocore_sign("PUT", base + key, body, headers)

    def test_signed_put_is_stored_and_tampered_ones_never_reach_moto(self):
        body = b"signed body\n"
        base = "%s/%s/" % (self.proxy.endpoint, self.bucket)
        target, headers = self.put_request(base, "good%20key", body)
        self.assertEqual(self.send("PUT", target, headers, body)[0], 200)
        tampered = {
            "header": (target, replace_header(headers, "x-amz-meta-repo2s3-md5",
                                              flip(dict(headers)["x-amz-meta-repo2s3-md5"], 0))),
            "path": (target.replace("good", "gooe"), headers),
            "query": (target + "?x-id=PutObject", headers),
        }
        for label, (changed_target, changed_headers) in tampered.items():
            with self.subTest(changed=label):
                status, document = self.send("PUT", changed_target, changed_headers, body)
                self.assertEqual(status, 403, document)
                self.assertIn(b"<Code>SignatureDoesNotMatch</Code>", document)
                self.assertIn(b"<CanonicalRequest>", document)
        self.assertEqual(b.synced_keys(self.s3, self.bucket), ["good key"])
        self.assertEqual(sum("SignatureDoesNotMatch" in v for v in self.proxy.violations), 3,
                         self.proxy.violations)
        self.assertEqual([(r.status, r.forwarded) for r in self.proxy.records],
                         [(200, True), (403, False), (403, False), (403, False)])

    def test_unknown_key_and_skewed_time(self):
        base = "%s/%s/" % (self.proxy.endpoint, self.bucket)
        target, headers = botocore_sign("GET", base + "?list-type=2", key_id="AKIANOTKNOWN0000",
                                        secret="whatever")
        status, document = self.send("GET", target, headers)
        self.assertEqual(status, 403)
        self.assertIn(b"<Code>InvalidAccessKeyId</Code>", document)
        old = (datetime.datetime.now(datetime.timezone.utc) -
               datetime.timedelta(minutes=20)).strftime("%Y%m%dT%H%M%SZ")
        target, headers = botocore_sign("GET", base + "?list-type=2", when=old)
        status, document = self.send("GET", target, headers)
        self.assertEqual(status, 403)
        self.assertIn(b"<Code>RequestTimeTooSkewed</Code>", document)
        self.assertEqual(len(self.proxy.violations), 2)

    def test_added_keys_and_keys_sts_issued_through_it_are_known(self):
        self.proxy.add_key("AKIAADDEDKEY0000", "added-secret")
        base = "%s/%s/" % (self.proxy.endpoint, self.bucket)
        target, headers = botocore_sign("GET", base + "?list-type=2", key_id="AKIAADDEDKEY0000",
                                        secret="added-secret")
        self.assertEqual(self.send("GET", target, headers)[0], 200)
        # STS through the proxy: it checks the signature and learns the keys it hands out.
        sts = boto3.client("sts", endpoint_url=self.proxy.endpoint, region_name=b.TEST_REGION,
                           aws_access_key_id=b.TEST_ACCESS_KEY_ID,
                           aws_secret_access_key=b.TEST_SECRET_ACCESS_KEY)
        issued = sts.assume_role(RoleArn="arn:aws:iam::123456789012:role/proxy-check",
                                 RoleSessionName="proxy-check")["Credentials"]
        target, headers = botocore_sign("GET", base + "?list-type=2",
                                        key_id=issued["AccessKeyId"],
                                        secret=issued["SecretAccessKey"],
                                        token=issued["SessionToken"])
        self.assertEqual(self.send("GET", target, headers)[0], 200)
        target, headers = botocore_sign("GET", base + "?list-type=2",
                                        key_id=issued["AccessKeyId"],
                                        secret=issued["SecretAccessKey"], token="forged")
        self.assertEqual(self.send("GET", target, headers)[0], 400)
        self.assertEqual(len(self.proxy.violations), 1, self.proxy.violations)
        wrong = boto3.client("sts", endpoint_url=self.proxy.endpoint, region_name=b.TEST_REGION,
                             aws_access_key_id=b.TEST_ACCESS_KEY_ID,
                             aws_secret_access_key="not-the-secret")
        with self.assertRaises(botocore.exceptions.ClientError) as refused:
            wrong.assume_role(RoleArn="arn:aws:iam::123456789012:role/proxy-check",
                              RoleSessionName="proxy-check")
        self.assertEqual(refused.exception.response["Error"]["Code"], "SignatureDoesNotMatch")

    def test_virtual_hosted_requests_are_mapped_to_path_style(self):
        body = b"virtual\n"
        base = "http://%s.localhost:%d/" % (self.bucket, self.proxy._server.port)
        target, headers = self.put_request(base, "v/key%20one", body)
        self.assertEqual(dict(headers)["Host"], "%s.localhost:%d" % (self.bucket,
                                                                    self.proxy._server.port))
        self.assertEqual(self.send("PUT", target, headers, body)[0], 200)
        target, headers = botocore_sign("GET", base + "?list-type=2&prefix=v%2F")
        status, listing = self.send("GET", target, headers)
        self.assertEqual(status, 200)
        self.assertIn(b"<Key>v/key one</Key>", listing)
        self.assertEqual(b.read_object(self.s3, self.bucket, "v/key one"), body)
        self.assertEqual(self.proxy.violations, [])
        self.assertEqual([(r.path, r.virtual_host) for r in self.proxy.records],
                         [("/%s/v/key one" % self.bucket, True), ("/%s/" % self.bucket, True)])


class Repo2s3AddressingTest(unittest.TestCase):
    """repo2s3 with http://localhost:PORT as its endpoint: it stays path-style (every custom
    endpoint is; see harness/strict_s3.py), so its Host is the proxy's own address, and its
    signatures check out through the proxy."""

    def test_sync_through_a_localhost_endpoint(self):
        proxy = shared_strict_s3()
        s3 = b.s3_client(shared_moto().endpoint)  # the test's own view of moto
        bucket = b.create_bucket(s3, "localhost-endpoint")
        files = {"index.html": b"<p>hi</p>\n", "a b/c+d.txt": b"odd name\n"}
        with tempfile.TemporaryDirectory() as work:
            source = trees.write_tree(pathlib.Path(work) / "src", files)
            payload = payloads.write_payload(pathlib.Path(work) / "p.yaml", BucketName=bucket,
                                             KeyPrefix="lh", DeleteMissingFiles=True)
            mark = proxy.mark()
            proc = cli.run_repo2s3(["run", "--payload", payload, "--source-dir", source,
                                    "--commit"],
                                   env_extra={"AWS_ENDPOINT_URL_S3": proxy.virtual_host_endpoint})
        self.assertEqual(proc.returncode, 0, cli.describe(proc))
        records = proxy.records_since(mark)
        self.assertEqual(proxy.violations_since(mark), [])
        self.assertEqual({r.host for r in records}, {"localhost:%d" % proxy._server.port},
                         "repo2s3 now addresses buckets virtual-hosted on a custom endpoint: "
                         "update the strict proxy's docstring and test that path instead")
        self.assertEqual(sorted(b.synced_keys(s3, bucket)), sorted("lh/" + p for p in files))


if __name__ == "__main__":
    unittest.main()
