"""Self-checks of the integration harness: if these fail, the sync tests prove nothing."""

import base64
import hashlib
import http.client
import os
import pathlib
import subprocess
import sys
import tempfile
import textwrap
import unittest
import urllib.error
import urllib.request

import yaml

import botocore.exceptions

from harness import bucket as b
from harness import cli, cloudfront, payloads, trees
from harness.moto import MotoServer, shared_moto
from harness.server import Handler, ThreadedServer, closed_port, port_is_open
from harness.strict_s3 import (FAULT_KINDS, MIN_PART_SIZE, FaultPlan, StrictS3Proxy,
                               check_request, complete_problems, completed_parts,
                               shared_strict_s3)

HERE = pathlib.Path(__file__).resolve().parent

SAMPLE_TESTS = textwrap.dedent('''
    import unittest

    class Sample(unittest.TestCase):
        def test_passes(self):
            pass

        def test_fails(self):
            self.assertEqual(1, 2)

        def test_errors(self):
            raise RuntimeError("boom")

        def test_skips(self):
            self.skipTest("skipped tests count as failed")

        def test_subtest_fails(self):
            for i in range(3):
                with self.subTest(i=i):
                    self.assertLess(i, 2)

    class BrokenSetup(unittest.TestCase):
        @classmethod
        def setUpClass(cls):
            raise RuntimeError("class setup fails")

        def test_never_runs(self):
            pass
''')


class RunnerTest(unittest.TestCase):
    def run_runner(self, files, *args):
        with tempfile.TemporaryDirectory() as start_dir:
            for name, text in files.items():
                pathlib.Path(start_dir, name).write_text(text)
            return subprocess.run(
                [sys.executable, str(HERE / "run.py"), "--start-dir", start_dir] + list(args),
                capture_output=True, text=True, timeout=120)

    def last_line(self, proc):
        return proc.stdout.strip().splitlines()[-1]

    def test_counts_failures_errors_skips_and_setup_failures(self):
        proc = self.run_runner({"test_sample.py": SAMPLE_TESTS})
        self.assertEqual(self.last_line(proc), "1 passed, 5 failed", proc.stdout + proc.stderr)
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("PASS  test_sample.Sample.test_passes", proc.stdout)
        self.assertIn("FAIL  test_sample.Sample.test_skips", proc.stdout)

    def test_all_passing_exits_zero(self):
        proc = self.run_runner({"test_sample.py": SAMPLE_TESTS}, "-k", "passes")
        self.assertEqual(self.last_line(proc), "1 passed, 0 failed", proc.stdout + proc.stderr)
        self.assertEqual(proc.returncode, 0)

    def test_filter_and_list(self):
        proc = self.run_runner({"test_sample.py": SAMPLE_TESTS}, "--list", "-k", "passes",
                               "-k", "errors")
        self.assertEqual(proc.stdout.split(), ["test_sample.Sample.test_errors",
                                               "test_sample.Sample.test_passes"])

    def test_no_matching_test_fails(self):
        proc = self.run_runner({"test_sample.py": SAMPLE_TESTS}, "-k", "no-such-test")
        self.assertEqual(self.last_line(proc), "0 passed, 1 failed")
        self.assertNotEqual(proc.returncode, 0)

    def test_module_that_does_not_import_fails(self):
        proc = self.run_runner({"test_broken.py": "import no_such_module_here\n"})
        self.assertEqual(self.last_line(proc), "0 passed, 1 failed", proc.stdout)
        self.assertNotEqual(proc.returncode, 0)


class MotoServerTest(unittest.TestCase):
    def test_starts_serves_resets_and_stops(self):
        server = MotoServer().start()
        try:
            port, pid = server.port, server.process.pid
            self.assertTrue(port_is_open(port))
            client = b.s3_client(server.endpoint)
            client.create_bucket(Bucket="harness-check")
            client.put_object(Bucket="harness-check", Key="k", Body=b"v")
            self.assertEqual(b.list_keys(client, "harness-check"), ["k"])
            mark = server.log_offset()
            client.delete_objects(Bucket="harness-check", Delete={"Objects": [{"Key": "k"}]})
            self.assertEqual(server.requests(since=mark), [("POST", "/harness-check?delete", 200)])
            server.reset()
            self.assertEqual(client.list_buckets()["Buckets"], [])
        finally:
            server.stop()
        self.assertFalse(port_is_open(port), "the port still answers after stop()")
        with self.assertRaises(ProcessLookupError):
            os.kill(pid, 0)

    def test_shared_server_is_one_per_process(self):
        self.assertIs(shared_moto(), shared_moto())
        self.assertTrue(shared_moto().running)


def signed_headers(body, **extra):
    """Headers shaped like a SigV4-signed request for `body` (the proxy checks form, not keys)."""
    headers = {
        "authorization": "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20260101/us-east-1/s3/"
                         "aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, "
                         "Signature=" + "0" * 64,
        "x-amz-date": "20260101T000000Z",
        "x-amz-content-sha256": hashlib.sha256(body).hexdigest(),
    }
    headers.update(extra)
    return headers


def put_headers(body, **extra):
    md5 = hashlib.md5(body)
    return signed_headers(body, **{
        "content-md5": base64.b64encode(md5.digest()).decode(), "content-type": "text/plain",
        "x-amz-acl": "bucket-owner-full-control", "x-amz-meta-repo2s3-md5": md5.hexdigest(),
        **extra})


class StrictS3ProxyTest(unittest.TestCase):
    def problems(self, method, path, query, headers, body):
        return [code for _, code, _ in check_request(method, path, query, headers, body)]

    def test_rules(self):
        body = b"hello"
        self.assertEqual(self.problems("PUT", "/b/k", {}, put_headers(body), body), [])
        self.assertEqual(self.problems("GET", "/b/", {"list-type": ["2"]}, signed_headers(b""),
                                       b""), [])
        cases = {
            "BadDigest": put_headers(body, **{"content-md5": "1B2M2Y8AsgTpgAmY7PhCfg=="}),
            "XAmzContentSHA256Mismatch": put_headers(body, **{"x-amz-content-sha256":
                                                              "UNSIGNED-PAYLOAD"}),
            "AccessDenied": {k: v for k, v in put_headers(body).items() if k != "authorization"},
        }
        for code, headers in cases.items():
            with self.subTest(code=code):
                self.assertIn(code, self.problems("PUT", "/b/k", {}, headers, body))
        # Conditional writes (the lease) must carry their condition inside the signature.
        for name, value in (("if-none-match", "*"), ("if-match", '"abc"')):
            with self.subTest(unsigned=name):
                self.assertIn("AccessDenied",
                              self.problems("PUT", "/b/k", {}, put_headers(body, **{name: value}),
                                            body))
                self.assertIn("AccessDenied",
                              self.problems("DELETE", "/b/k", {},
                                            signed_headers(b"", **{name: value}), b""))
        signed_condition = put_headers(body, **{"if-none-match": "*"})
        signed_condition["authorization"] = signed_condition["authorization"].replace(
            "SignedHeaders=host;", "SignedHeaders=host;if-none-match;")
        self.assertEqual(self.problems("PUT", "/b/k", {}, signed_condition, body), [])
        for name in ("content-md5", "x-amz-acl", "x-amz-meta-repo2s3-md5", "content-type"):
            with self.subTest(missing=name):
                headers = {k: v for k, v in put_headers(body).items() if k != name}
                self.assertNotEqual(self.problems("PUT", "/b/k", {}, headers, body), [])

        def delete_body(count):
            return ("<Delete>%s</Delete>" % ("<Object><Key>k</Key></Object>" * count)).encode()
        ok = delete_body(1000)
        md5 = base64.b64encode(hashlib.md5(ok).digest()).decode()
        self.assertEqual(self.problems("POST", "/b/", {"delete": [""]},
                                       signed_headers(ok, **{"content-md5": md5}), ok), [])
        self.assertNotEqual(self.problems("POST", "/b/", {"delete": [""]}, signed_headers(ok), ok),
                            [])
        over = delete_body(1001)
        md5 = base64.b64encode(hashlib.md5(over).digest()).decode()
        self.assertEqual(self.problems("POST", "/b/", {"delete": [""]},
                                       signed_headers(over, **{"content-md5": md5}), over),
                         ["MalformedXML"])

    def test_copy_and_metadata_rules(self):
        def copy(**extra):
            headers = signed_headers(b"", **{
                "x-amz-copy-source": "/b/dir/k%20%C3%BC", "x-amz-metadata-directive": "REPLACE",
                "x-amz-acl": "bucket-owner-full-control", "content-type": "text/html",
                "x-amz-meta-repo2s3-md5": "0" * 32, "cache-control": "no-cache"})
            headers.update(extra)
            return {k: v for k, v in headers.items() if v is not None}
        onto_itself = "/b/dir/k%20%C3%BC"
        self.assertEqual(self.problems("PUT", onto_itself, {}, copy(), b""), [])
        self.assertEqual(self.problems("PUT", "/b/other", {},
                                       copy(**{"x-amz-metadata-directive": None,
                                               "x-amz-meta-repo2s3-md5": None,
                                               "content-type": None}), b""), [],
                         "a COPY of another object keeps the source's headers")
        cases = {
            "onto itself, changing nothing": ({"x-amz-metadata-directive": "COPY"},
                                              "InvalidRequest"),
            "no directive onto itself": ({"x-amz-metadata-directive": None}, "InvalidRequest"),
            "no ACL": ({"x-amz-acl": None}, "InvalidRequest"),
            "REPLACE without the MD5": ({"x-amz-meta-repo2s3-md5": None}, "InvalidRequest"),
            "REPLACE without Content-Type": ({"content-type": None}, "InvalidRequest"),
            "unknown directive": ({"x-amz-metadata-directive": "MERGE"}, "InvalidArgument"),
            "no key in the source": ({"x-amz-copy-source": "/b"}, "InvalidArgument"),
        }
        for case, (extra, code) in cases.items():
            with self.subTest(case=case):
                self.assertIn(code, self.problems("PUT", onto_itself, {}, copy(**extra), b""))
        body = b"x"
        with_body = copy(**{"x-amz-content-sha256": hashlib.sha256(body).hexdigest()})
        self.assertEqual(self.problems("PUT", onto_itself, {}, with_body, body),
                         ["InvalidRequest"])
        # User metadata: at most 2 KB of names (without x-amz-meta-) and values, in every write.
        fits = {"x-amz-meta-n": "v" * (2048 - 1 - len("repo2s3-md5") - 32)}
        over = {"x-amz-meta-n": "v" * (2048 - len("repo2s3-md5") - 32)}
        self.assertEqual(self.problems("PUT", "/b/k", {}, put_headers(body, **fits), body), [])
        self.assertEqual(self.problems("PUT", "/b/k", {}, put_headers(body, **over), body),
                         ["MetadataTooLarge"])
        self.assertEqual(self.problems("PUT", onto_itself, {}, copy(**over), b""),
                         ["MetadataTooLarge"])

    def test_multipart_rules(self):
        body = b"part"
        md5 = base64.b64encode(hashlib.md5(body).digest()).decode()
        part = {"partNumber": ["1"], "uploadId": ["u"]}
        self.assertEqual(self.problems("PUT", "/b/k", part,
                                       signed_headers(body, **{"content-md5": md5}), body), [])
        self.assertEqual(self.problems("PUT", "/b/k", part, signed_headers(body), body),
                         ["InvalidRequest"])
        self.assertEqual(self.problems("PUT", "/b/k", dict(part, partNumber=["10001"]),
                                       signed_headers(body, **{"content-md5": md5}), body),
                         ["InvalidArgument"])
        create = signed_headers(b"", **{"x-amz-acl": "bucket-owner-full-control",
                                        "x-amz-meta-repo2s3-md5": hashlib.md5(b"").hexdigest(),
                                        "content-type": "text/plain"})
        self.assertEqual(self.problems("POST", "/b/k", {"uploads": [""]}, create, b""), [])
        for name in ("x-amz-acl", "x-amz-meta-repo2s3-md5", "content-type"):
            with self.subTest(missing=name):
                headers = {k: v for k, v in create.items() if k != name}
                self.assertNotEqual(
                    self.problems("POST", "/b/k", {"uploads": [""]}, headers, b""), [])

        listed = completed_parts(b"<CompleteMultipartUpload><Part><PartNumber>1</PartNumber>"
                                 b"<ETag>\"a\"</ETag></Part><Part><PartNumber>2</PartNumber>"
                                 b"<ETag>\"b\"</ETag></Part></CompleteMultipartUpload>")
        self.assertEqual(listed, [(1, '"a"'), (2, '"b"')])
        self.assertEqual(complete_problems(listed, {1: MIN_PART_SIZE, 2: 1}), [])
        codes = lambda parts, sizes: [code for _, code, _ in complete_problems(parts, sizes)]
        self.assertEqual(codes(listed, {1: MIN_PART_SIZE - 1, 2: 1}), ["EntityTooSmall"])
        self.assertEqual(codes(list(reversed(listed)), {1: MIN_PART_SIZE, 2: MIN_PART_SIZE}),
                         ["InvalidPartOrder"])
        self.assertEqual(codes([(n, "e") for n in range(1, 10002)],
                               {n: MIN_PART_SIZE for n in range(1, 10002)}),
                         ["InvalidArgument"])
        self.assertEqual(codes(None, {}), ["MalformedXML"])

    def test_refuses_before_moto_and_records(self):
        moto = shared_moto()
        client = b.s3_client(moto.endpoint)  # to see what reached moto
        bucket = b.create_bucket(client, "strict-proxy")
        with StrictS3Proxy(moto.endpoint) as proxy:
            def put(key, body, headers):
                url = "%s/%s/%s" % (proxy.endpoint, bucket, key)
                request = urllib.request.Request(url, data=body, method="PUT",
                                                 headers=botocore_signed("PUT", url, body, headers))
                with urllib.request.urlopen(request, timeout=30) as reply:
                    return reply.status

            body = b"payload"
            with self.assertRaises(urllib.error.HTTPError) as refused:
                put("bad", body, put_headers(body, **{"content-md5": "1B2M2Y8AsgTpgAmY7PhCfg=="}))
            self.assertEqual(refused.exception.code, 400)
            self.assertIn(b"<Code>BadDigest</Code>", refused.exception.read())
            self.assertEqual(put("good", body, put_headers(body)), 200)
            self.assertEqual(b.list_keys(client, bucket), ["good"])
            self.assertEqual(len(proxy.violations), 1, proxy.violations)
            self.assertEqual([(r.method, r.path, r.status) for r in proxy.records],
                             [("PUT", "/%s/bad" % bucket, 400), ("PUT", "/%s/good" % bucket, 200)])


def botocore_signed(method, url, body, headers):
    """`headers` (less the fake signature of put_headers) signed by botocore with the test key:
    the proxy checks real signatures."""
    from botocore.auth import S3SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
    unsigned = {k: v for k, v in headers.items() if k not in ("authorization", "x-amz-date")}
    request = AWSRequest(method=method, url=url, data=body, headers=unsigned)
    S3SigV4Auth(Credentials(b.TEST_ACCESS_KEY_ID, b.TEST_SECRET_ACCESS_KEY), "s3",
                b.TEST_REGION).add_auth(request)
    return dict(request.headers.items())


class StrictS3FaultsTest(unittest.TestCase):
    """Each fault kind as a client sees it, and what reached moto."""

    @classmethod
    def setUpClass(cls):
        cls.moto = shared_moto()
        cls.client = b.s3_client(cls.moto.endpoint)  # the test's own view of moto

    def setUp(self):
        self.proxy = StrictS3Proxy(self.moto.endpoint).start()
        self.addCleanup(self.proxy.stop)
        self.bucket = b.create_bucket(self.client, self._testMethodName)

    def put(self, key, body, user_agent="repo2s3/0.0-test"):
        """A signed PutObject sent as repo2s3 would; (status, body) or the exception raised."""
        url = "%s/%s/%s" % (self.proxy.endpoint, self.bucket, key)
        headers = botocore_signed("PUT", url, body, dict(put_headers(body),
                                                         **{"user-agent": user_agent}))
        connection = http.client.HTTPConnection("127.0.0.1", self.proxy._server.port, timeout=30)
        try:
            connection.request("PUT", "/%s/%s" % (self.bucket, key), body=body, headers=headers)
            reply = connection.getresponse()
            return reply.status, reply.read()
        except (http.client.HTTPException, ConnectionError) as error:
            return error
        finally:
            connection.close()

    def test_each_kind_as_the_client_sees_it(self):
        expectations = {
            "slowdown": lambda r: r[0] == 503 and b"<Code>SlowDown</Code>" in r[1],
            "internal_error": lambda r: r[0] == 500 and b"<Code>InternalError</Code>" in r[1],
            "reset_before_body": lambda r: isinstance(r, (ConnectionError,
                                                          http.client.RemoteDisconnected)),
            "reset_after_body": lambda r: isinstance(r, (ConnectionError,
                                                         http.client.RemoteDisconnected)),
            "truncated": lambda r: isinstance(r, http.client.IncompleteRead),
            "truncated_after_forward": lambda r: isinstance(r, (http.client.IncompleteRead,
                                                                http.client.RemoteDisconnected,
                                                                http.client.BadStatusLine)),
        }
        self.assertEqual(set(expectations), set(FAULT_KINDS))
        for kind, expected in expectations.items():
            with self.subTest(kind=kind):
                self.proxy.inject_faults(seed=1, rate=1.0, kinds=(kind,))
                outcome = self.put(kind, b"body of " + kind.encode())
                self.assertTrue(expected(outcome), "%s: %r" % (kind, outcome))
                record = self.proxy.records[-1]
                self.assertEqual((record.fault, record.status), (kind, None) if not
                                 isinstance(outcome, tuple) else (kind, outcome[0]))
                self.assertEqual(record.forwarded, kind == "truncated_after_forward")
        self.proxy.stop_faults()
        self.assertEqual(self.put("after", b"x")[0], 200)
        self.assertEqual(sorted(b.list_keys(self.client, self.bucket)),
                         ["after", "truncated_after_forward"],
                         "only the forwarded fault may reach moto")
        self.assertEqual(self.proxy.fault_counts(), {kind: 1 for kind in FAULT_KINDS})
        self.assertEqual(self.proxy.violations, [])

    def test_only_the_program_under_test_gets_faults(self):
        objects = {"k%d" % i: b"value %d" % i for i in range(10)}
        b.put_objects(self.client, self.bucket, objects)
        self.proxy.inject_faults(seed=3, rate=1.0)
        through_proxy = b.s3_client(self.proxy.endpoint)  # boto3: the test's own requests
        for _ in range(3):
            self.assertEqual(sorted(b.list_keys(through_proxy, self.bucket)), sorted(objects))
            for key, body in objects.items():
                self.assertEqual(b.read_object(through_proxy, self.bucket, key), body)
        self.assertEqual(sum(self.proxy.fault_counts().values()), 0)
        self.assertTrue(all(r.fault is None and r.status == 200 for r in self.proxy.records))
        self.put("faulted", b"v")  # as repo2s3: faulted
        self.assertIsNotNone(self.proxy.records[-1].fault)
        self.assertEqual(sum(self.proxy.fault_counts().values()), 1)

    def test_a_scripted_failure_answers_only_the_nth_matching_request_of_the_program(self):
        scripted = self.proxy.fail_request("PUT", None, 2, 403, "AccessDenied", "Access Denied")
        # Another client's request is never counted.
        self.assertEqual(self.put("by-the-test", b"t", user_agent="Boto3/1.0")[0], 200)
        self.assertEqual(self.put("first", b"1")[0], 200)
        status, body = self.put("second", b"2")
        self.assertEqual(status, 403)
        self.assertIn(b"<Code>AccessDenied</Code>", body)
        self.assertEqual(self.put("third", b"3")[0], 200)
        self.assertTrue(scripted.fired)
        self.assertEqual([(r.path.rsplit("/", 1)[1], r.fault, r.forwarded)
                          for r in self.proxy.records if r.method == "PUT"],
                         [("by-the-test", None, True), ("first", None, True),
                          ("second", "scripted", False), ("third", None, True)])
        self.assertEqual(sorted(b.list_keys(self.client, self.bucket)),
                         ["by-the-test", "first", "third"])
        self.assertEqual(sum(self.proxy.fault_counts().values()), 0)
        self.assertEqual(self.proxy.violations, [])

    def test_a_seed_fixes_the_faults_and_the_rate_holds(self):
        def sequence(seed):
            plan = FaultPlan(seed, 0.3)
            return [plan.draw() for _ in range(2000)]
        first = sequence(11)
        self.assertEqual(first, sequence(11))
        self.assertNotEqual(first, sequence(12))
        faults = [kind for kind in first if kind]
        self.assertAlmostEqual(len(faults) / len(first), 0.3, delta=0.05)
        for start in range(0, len(faults) - len(FAULT_KINDS), len(FAULT_KINDS)):
            self.assertEqual(sorted(faults[start:start + len(FAULT_KINDS)]), sorted(FAULT_KINDS))
        self.assertEqual([FaultPlan(1, 0.0).draw() for _ in range(100)], [None] * 100)
        puts_only = FaultPlan(2, 1.0, methods=("PUT",))
        self.assertEqual([puts_only.draw(m) for m in ("GET", "HEAD", "POST", "DELETE")],
                         [None] * 4)
        self.assertIsNotNone(puts_only.draw("PUT"))


def cloudfront_signed(url, body, method="POST", region=cloudfront.REGION,
                      service=cloudfront.SERVICE, secret=b.TEST_SECRET_ACCESS_KEY):
    """Headers of a CloudFront request signed by botocore (any region, service or secret)."""
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
    request = AWSRequest(method=method, url=url, data=body,
                         headers={"Content-Type": "text/xml"})
    SigV4Auth(Credentials(b.TEST_ACCESS_KEY_ID, secret), service, region).add_auth(request)
    return dict(request.headers.items())


def batch_xml(paths, reference="ref", quantity=None, namespace=cloudfront.NAMESPACE):
    """An InvalidationBatch body, raw: it may break any rule."""
    items = "".join("<Path>%s</Path>" % path for path in paths)
    return ('<?xml version="1.0" encoding="UTF-8"?><InvalidationBatch%s><Paths><Quantity>%s'
            '</Quantity><Items>%s</Items></Paths><CallerReference>%s</CallerReference>'
            '</InvalidationBatch>' % (' xmlns="%s"' % namespace if namespace else "",
                                      len(paths) if quantity is None else quantity, items,
                                      reference)).encode("utf-8")


class StrictCloudFrontTest(unittest.TestCase):
    """The proxy as CloudFront: signatures, InvalidationBatch rules, CallerReference
    idempotency and the invalidation faults, driven with boto3 and checked in moto."""

    @classmethod
    def setUpClass(cls):
        cls.moto = shared_moto()
        cls.bucket = b.create_bucket(b.s3_client(cls.moto.endpoint), "cloudfront-origin")
        cls.distribution = cloudfront.create_distribution(cls.moto.endpoint, cls.bucket, "/site")

    def setUp(self):
        self.proxy = StrictS3Proxy(self.moto.endpoint).start()  # a fresh reference memory
        self.addCleanup(self.proxy.stop)
        self.client = cloudfront.cloudfront_client(self.proxy.endpoint, max_attempts=1)
        self.before = self.in_moto()

    def in_moto(self):
        return cloudfront.invalidations(self.moto.endpoint, self.distribution)

    def new_in_moto(self):
        return self.in_moto()[len(self.before):]

    def invalidate(self, paths, reference):
        return self.client.create_invalidation(
            DistributionId=self.distribution,
            InvalidationBatch={"Paths": {"Quantity": len(paths), "Items": list(paths)},
                               "CallerReference": reference})

    def reference(self):
        return "%s-%s" % (self._testMethodName, os.urandom(4).hex())

    def post_raw(self, body, **signing):
        """A CreateInvalidation with a raw body; (status, body)."""
        path = "/2020-05-31/distribution/%s/invalidation" % self.distribution
        headers = cloudfront_signed(self.proxy.endpoint + path, body, **signing)
        connection = http.client.HTTPConnection("127.0.0.1", self.proxy._server.port, timeout=30)
        try:
            connection.request("POST", path, body=body, headers=headers)
            reply = connection.getresponse()
            return reply.status, reply.read()
        finally:
            connection.close()

    def test_a_batch_is_forwarded_once_and_its_caller_reference_remembered(self):
        reference = self.reference()
        first = self.invalidate(["/index.html", "/docs/*", "/caf%C3%A9.html"], reference)
        self.assertEqual(first["ResponseMetadata"]["HTTPStatusCode"], 201)
        created = self.new_in_moto()
        self.assertEqual(created, [cloudfront.Invalidation(
            first["Invalidation"]["Id"], reference,
            ["/caf%C3%A9.html", "/docs/*", "/index.html"])])
        # The same reference and the same paths, in another order: the same invalidation.
        again = self.invalidate(["/docs/*", "/caf%C3%A9.html", "/index.html"], reference)
        self.assertEqual(again["ResponseMetadata"]["HTTPStatusCode"], 201)
        self.assertEqual((again["Invalidation"]["Id"], again["Location"]),
                         (first["Invalidation"]["Id"], first["Location"]))
        self.assertEqual(self.new_in_moto(), created, "a repeated batch reached moto")
        # The same reference with other paths is refused.
        with self.assertRaises(botocore.exceptions.ClientError) as refused:
            self.invalidate(["/index.html"], reference)
        self.assertEqual(refused.exception.response["ResponseMetadata"]["HTTPStatusCode"], 409)
        self.assertEqual(refused.exception.response["Error"]["Code"],
                         "InvalidationBatchAlreadyExists")
        self.assertEqual(len(self.proxy.violations), 1, self.proxy.violations)
        # Another reference with the same paths is another invalidation.
        other = self.invalidate(["/index.html", "/docs/*", "/caf%C3%A9.html"], self.reference())
        self.assertNotEqual(other["Invalidation"]["Id"], first["Invalidation"]["Id"])
        self.assertEqual(len(self.new_in_moto()), 2)

        records = self.proxy.invalidation_requests(distribution_id=self.distribution)
        self.assertEqual([(r.status, r.forwarded) for r in records],
                         [(201, True), (201, False), (409, False), (201, True)])
        self.assertEqual(records[0].invalidation,
                         (self.distribution, reference,
                          ("/index.html", "/docs/*", "/caf%C3%A9.html")))
        self.assertTrue(all(r.service == "cloudfront" for r in records))
        # A filter on a bucket's path, as the sync tests use, never takes them in.
        self.assertFalse(any(r.path.startswith("/" + self.bucket) for r in self.proxy.records))
        self.assertEqual(self.proxy.cloudfront_records(), self.proxy.records)

    def test_signatures_must_be_valid_and_scoped_to_us_east_1_and_cloudfront(self):
        body = batch_xml(["/x"], self.reference())
        cases = {
            "wrong secret": (dict(secret="not-the-secret"), 403, b"SignatureDoesNotMatch"),
            "region eu-west-1": (dict(region="eu-west-1"), 403, b"valid region"),
            "service s3": (dict(service="s3"), 403, b"correct service"),
        }
        for case, (signing, status, needle) in cases.items():
            with self.subTest(case=case):
                mark = self.proxy.mark()
                answer = self.post_raw(body, **signing)
                self.assertEqual(answer[0], status, answer)
                self.assertIn(needle, answer[1])
                self.assertIn(b"<ErrorResponse xmlns=\"http://cloudfront.amazonaws.com/doc/"
                              b"2020-05-31/\"><Error><Type>Sender</Type>", answer[1])
                self.assertEqual(len(self.proxy.violations_since(mark)), 1)
        path = "/2020-05-31/distribution/%s/invalidation" % self.distribution
        status, text = unsigned_post(self.proxy.endpoint + path, body)
        self.assertEqual(status, 403)
        self.assertIn(b"MissingAuthenticationToken", text)
        self.assertEqual(self.new_in_moto(), [], "a refused request reached moto")
        # Correctly signed, the same batch goes through; so does a read.
        self.assertEqual(self.post_raw(body)[0], 201)
        self.assertEqual(len(self.new_in_moto()), 1)
        listed = self.client.list_invalidations(DistributionId=self.distribution)
        self.assertEqual(listed["InvalidationList"]["Quantity"], len(self.before) + 1)

    def test_batches_cloudfront_refuses(self):
        def code(body):
            try:
                cloudfront.check_batch(body)
            except cloudfront.BatchProblem as problem:
                return problem.code
            return None
        accepted = [["/a"], ["/*"], ["/dir/*"], ["/caf%C3%A9", "/a%20b", "/%7E"],
                    ["/p%s" % n for n in range(3000)], ["/a", "/a"]]
        for paths in accepted:
            with self.subTest(accepted=paths[:3]):
                self.assertIsNone(code(batch_xml(paths)))
        self.assertIsNone(code(batch_xml(["/a"], namespace=None)))
        refused = {
            "no leading slash": (batch_xml(["a.html"]), "InvalidArgument"),
            "a space": (batch_xml(["/a b.html"]), "InvalidArgument"),
            "a raw non-ASCII name": (batch_xml(["/café.html"]), "InvalidArgument"),
            "a control byte": (batch_xml(["/a&#9;b"]), "InvalidArgument"),
            "a * inside": (batch_xml(["/a*/b"]), "InvalidArgument"),
            "a bare %": (batch_xml(["/100%"]), "InvalidArgument"),
            "no paths": (batch_xml([]), "InvalidArgument"),
            "3001 paths": (batch_xml(["/p%d" % n for n in range(3001)]), "InvalidArgument"),
            "an empty CallerReference": (batch_xml(["/a"], reference=""), "InvalidArgument"),
            "Quantity off": (batch_xml(["/a", "/b"], quantity=3), "InconsistentQuantities"),
            "another namespace": (batch_xml(["/a"], namespace="http://example.com/"),
                                  "MalformedXML"),
            "not XML": (b"<InvalidationBatch><Paths>", "MalformedXML"),
        }
        for case, (body, expected) in refused.items():
            with self.subTest(refused=case):
                self.assertEqual(code(body), expected)
        # Through the proxy: answered as CloudFront answers, recorded, never forwarded.
        status, text = self.post_raw(batch_xml(["/fine", "/not fine.html"], self.reference()))
        self.assertEqual(status, 400)
        self.assertIn(b"<Code>InvalidArgument</Code>", text)
        self.assertIn(b"<Type>Sender</Type>", text)
        self.assertEqual(len(self.proxy.violations), 1)
        self.assertIn("/not fine.html", self.proxy.violations[0])
        self.assertEqual(self.new_in_moto(), [])

    def test_a_lost_answer_leaves_the_invalidation_made_and_a_retry_finds_it(self):
        reference = self.reference()
        self.proxy.lose_invalidation_answers(1)
        with self.assertRaises(botocore.exceptions.ClientError) as lost:
            self.invalidate(["/lost.html"], reference)
        self.assertEqual(lost.exception.response["ResponseMetadata"]["HTTPStatusCode"], 500)
        created = self.new_in_moto()
        self.assertEqual([(i.caller_reference, i.paths) for i in created],
                         [(reference, ["/lost.html"])], "moto did not create it")
        retried = self.invalidate(["/lost.html"], reference)
        self.assertEqual(retried["Invalidation"]["Id"], created[0].id)
        self.assertEqual(self.new_in_moto(), created, "the retry made a second invalidation")
        # The connection reset instead of a 500.
        reference = self.reference()
        self.proxy.lose_invalidation_answers(1, reset=True)
        with self.assertRaises((botocore.exceptions.ConnectionError,
                                botocore.exceptions.HTTPClientError)):
            self.invalidate(["/reset.html"], reference)
        self.assertEqual(self.new_in_moto()[-1].caller_reference, reference)
        self.assertEqual([(r.fault, r.forwarded) for r in self.proxy.invalidation_requests()],
                         [("answer_lost", True), (None, False), ("answer_lost", True)])
        self.assertEqual(self.proxy.invalidation_fault_counts(), {"failed": 0, "answer_lost": 2})
        self.assertEqual(self.proxy.violations, [])

    def test_failures_before_forwarding_create_nothing(self):
        self.proxy.fail_invalidations(2)
        for _ in range(2):
            with self.assertRaises(botocore.exceptions.ClientError) as failed:
                self.invalidate(["/a"], self.reference())
            self.assertEqual(failed.exception.response["ResponseMetadata"]["HTTPStatusCode"], 503)
            self.assertEqual(failed.exception.response["Error"]["Code"], "ServiceUnavailable")
        self.assertEqual(self.new_in_moto(), [])
        self.invalidate(["/a"], self.reference())
        self.assertEqual(len(self.new_in_moto()), 1, "the third request was not forwarded")

        self.proxy.fail_every_invalidation()
        for _ in range(3):
            with self.assertRaises(botocore.exceptions.ClientError):
                self.invalidate(["/b"], self.reference())
        self.assertEqual(len(self.new_in_moto()), 1)
        self.proxy.stop_invalidation_faults()
        self.invalidate(["/b"], self.reference())
        self.assertEqual(len(self.new_in_moto()), 2)
        self.assertEqual([r.fault for r in self.proxy.invalidation_requests()],
                         ["invalidation_failed"] * 2 + [None] + ["invalidation_failed"] * 3
                         + [None])
        self.assertEqual(self.proxy.invalidation_fault_counts(), {"failed": 5, "answer_lost": 0})
        # S3's faults never touch CloudFront.
        self.proxy.inject_faults(seed=1, rate=1.0)
        self.invalidate(["/c"], self.reference())
        self.assertEqual(len(self.new_in_moto()), 3)
        self.assertEqual(self.proxy.violations, [])

    def test_the_helpers_read_what_moto_holds(self):
        other = cloudfront.create_distribution(None, self.bucket)
        self.assertNotEqual(other, self.distribution)
        self.assertEqual(cloudfront.invalidations(None, other), [])
        client = cloudfront.cloudfront_client(self.moto.endpoint)
        client.create_invalidation(DistributionId=other, InvalidationBatch={
            "Paths": {"Quantity": 2, "Items": ["/z", "/a"]}, "CallerReference": "helper"})
        found = cloudfront.invalidations(None, other)
        self.assertEqual([(i.caller_reference, i.paths) for i in found], [("helper", ["/a", "/z"])])
        config = client.get_distribution(Id=other)["Distribution"]["DistributionConfig"]
        self.assertIn(self.bucket, config["Origins"]["Items"][0]["DomainName"])


def unsigned_post(url, body):
    """(status, body) of an unsigned POST, whatever the status."""
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=body, method="POST"),
                                    timeout=30) as reply:
            return reply.status, reply.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


class ThreadedServerTest(unittest.TestCase):
    def test_serves_logs_requests_and_closes_its_port(self):
        class Echo(Handler):
            def do_GET(self):
                data = ("%s from %s" % (self.path, type(self.server.owner).__name__)).encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        owner = object()
        with ThreadedServer(Echo, owner=owner, name="echo") as server:
            port = server.port
            self.assertEqual(server.endpoint, "http://127.0.0.1:%d" % port)
            self.assertEqual(server.address, "127.0.0.1:%d" % port)
            with urllib.request.urlopen(server.endpoint + "/x?y=1", timeout=10) as reply:
                self.assertEqual(reply.read(), b"/x?y=1 from object")
            self.assertEqual([(m, p) for m, p, _ in server.request_log()], [("GET", "/x?y=1")])
            self.assertIn("Host", server.request_log()[0][2])
        self.assertFalse(server.running)
        self.assertFalse(port_is_open(port), "the port still answers after stop()")
        self.assertEqual(server.port, port, "a stopped server names the port it had")

    def test_closed_port_refuses_connections(self):
        port = closed_port()
        self.assertFalse(port_is_open(port))
        with self.assertRaises(urllib.error.URLError):
            urllib.request.urlopen("http://127.0.0.1:%d/" % port, timeout=5)


ASAN_REPORT = """\
repo2s3: info: listing s3://bucket/prefix/
=================================================================
==4242==ERROR: AddressSanitizer: heap-use-after-free on address 0x602000000010 at pc 0x55d0
READ of size 4 at 0x602000000010 thread T0
    #0 0x55d0 in repo2s3::sync::plan(...) /work/src/repo2s3/sync/plan.cpp:42:17
SUMMARY: AddressSanitizer: heap-use-after-free /work/src/repo2s3/sync/plan.cpp:42:17 in plan
==4242==ABORTING
"""
LSAN_REPORT = """\
synced 3 new, 0 modified, 0 deleted, 0 unchanged in 0.1 s
=================================================================
==77==ERROR: LeakSanitizer: detected memory leaks

Direct leak of 24 byte(s) in 1 object(s) allocated from:
    #0 0x4a in operator new(unsigned long)
SUMMARY: AddressSanitizer: 24 byte(s) leaked in 1 allocation(s).
"""
UBSAN_REPORT = """\
repo2s3: info: uploading 3 files
/work/src/repo2s3/util/parallel.cpp:88:23: runtime error: signed integer overflow: \
2147483647 + 1 cannot be represented in type 'int'
SUMMARY: UndefinedBehaviorSanitizer: undefined-behavior /work/src/repo2s3/util/parallel.cpp:88:23
repo2s3: info: done
"""
CLEAN_LOG = """\
repo2s3: error: S3 PutObject s3://b/k: InternalError: We encountered an internal error after 4 \
attempts
repo2s3: warn: sanitizer-free log; an error: AddressSanitizer is not mentioned as a report
"""


class SanitizerCheckTest(unittest.TestCase):
    """cli.check_sanitizers, which every run of the binary goes through, on made-up output:
    no sanitizer build is needed to prove that a report fails the test."""

    def test_each_kind_of_report_is_found_with_its_text(self):
        for name, text, needle in (("asan", ASAN_REPORT, "heap-use-after-free"),
                                   ("lsan", LSAN_REPORT, "detected memory leaks"),
                                   ("ubsan", UBSAN_REPORT, "signed integer overflow")):
            with self.subTest(report=name):
                report = cli.sanitizer_report(text)
                self.assertIsNotNone(report)
                self.assertIn(needle, report)
                self.assertNotIn("repo2s3: info: listing", report)
                with self.assertRaises(cli.SanitizerReport) as failed:
                    cli.check_sanitizers(text, "repo2s3 run")
                self.assertIn(needle, str(failed.exception))
                self.assertIn("repo2s3 run", str(failed.exception))
        self.assertTrue(cli.sanitizer_report(ASAN_REPORT).startswith("====="))
        summary_only = "SUMMARY: UndefinedBehaviorSanitizer: undefined-behavior x.cpp:1:2\n"
        self.assertIsNotNone(cli.sanitizer_report(summary_only))

    def test_ordinary_errors_are_not_reports(self):
        self.assertIsNone(cli.sanitizer_report(CLEAN_LOG))
        self.assertIsNone(cli.sanitizer_report(""))
        self.assertIsNone(cli.sanitizer_report(None))
        cli.check_sanitizers(CLEAN_LOG)

    def test_run_repo2s3_fails_when_the_child_prints_a_report(self):
        with tempfile.TemporaryDirectory() as work:
            fake = pathlib.Path(work, "fake-repo2s3")
            report = pathlib.Path(work, "report.txt")
            report.write_text(UBSAN_REPORT)
            fake.write_text("#!/bin/sh\ncat '%s' >&2\necho '{}'\nexit 0\n" % report)
            fake.chmod(0o755)
            saved = os.environ.get("REPO2S3_BIN")
            os.environ["REPO2S3_BIN"] = str(fake)
            try:
                with self.assertRaises(cli.SanitizerReport) as failed:
                    cli.run_repo2s3(["validate", "--payload", "x.yaml"])
                self.assertIn("signed integer overflow", str(failed.exception))
                report.write_text(CLEAN_LOG)
                self.assertEqual(cli.run_repo2s3(["validate"]).returncode, 0)
            finally:
                if saved is None:
                    del os.environ["REPO2S3_BIN"]
                else:
                    os.environ["REPO2S3_BIN"] = saved


class BucketHelpersTest(unittest.TestCase):
    def setUp(self):
        # These check the helpers that read moto directly, so they talk to moto.
        self.client = b.s3_client(shared_moto().endpoint)
        self.bucket = b.create_bucket(self.client, self._testMethodName)

    def test_multipart_upload_has_multipart_etag(self):
        body = os.urandom(6 * b.MIB + 17)
        etag = b.put_multipart(self.client, self.bucket, "multi", body)
        self.assertRegex(etag, r"^[0-9a-f]{32}-2$")
        self.assertEqual(etag, b.multipart_etag(body))
        state = b.snapshot(self.client, self.bucket)["multi"]
        self.assertEqual((state.md5, state.size), (hashlib.md5(body).hexdigest(), len(body)))
        self.assertNotEqual(state.etag, state.md5)

    def test_snapshot_sees_content_type_metadata_and_versions(self):
        versioned = b.create_bucket(self.client, "versioned", versioned=True)
        b.put_object(self.client, versioned, "a b+c", b"one", content_type="text/x-test",
                     metadata={"repo2s3-md5": "x"})
        before = b.snapshot(self.client, versioned)
        self.assertEqual(before["a b+c"].content_type, "text/x-test")
        self.assertEqual(before["a b+c"].metadata, {"repo2s3-md5": "x"})
        versions = b.all_versions(self.client, versioned)
        b.put_object(self.client, versioned, "a b+c", b"one", content_type="text/x-test",
                     metadata={"repo2s3-md5": "x"})
        # The same bytes written again are still visible as a write.
        self.assertNotEqual(b.snapshot(self.client, versioned), before)
        self.assertEqual(len(b.all_versions(self.client, versioned)), len(versions) + 1)


class TreesAndPayloadsTest(unittest.TestCase):
    def test_awkward_tree_shape(self):
        files = trees.awkward_tree(1200)
        self.assertGreater(len(files), 1200)
        names = "\n".join(files)
        for char in " +=&~%()'":
            self.assertIn(char, names)
        self.assertTrue(any(any(ord(c) > 0xFFFF for c in path) for path in files), "no emoji")
        self.assertTrue(any(any(0x7F < ord(c) <= 0xFFFF for c in path) for path in files))
        self.assertIn(b"", files.values())
        self.assertTrue(any(b"\x00" in body for body in files.values()), "no binary file")
        self.assertTrue(any(path.count("/") >= 5 for path in files), "no deep nesting")
        self.assertEqual(files, trees.awkward_tree(1200), "not deterministic")
        with tempfile.TemporaryDirectory() as root:
            trees.write_tree(root, files)
            on_disk = {str(p.relative_to(root)): p.read_bytes()
                       for p in pathlib.Path(root).rglob("*") if p.is_file()}
            self.assertEqual(on_disk, files)

    def test_payload_overrides_and_validate_accepts_it(self):
        with tempfile.TemporaryDirectory() as work:
            path = payloads.write_payload(pathlib.Path(work, "p.yaml"), BucketName="my-bucket",
                                          KeyPrefix="site", DeleteMissingFiles=True,
                                          ExtractZipContents=payloads.REMOVE)
            loaded = yaml.safe_load(path.read_text())
            self.assertEqual(loaded["BucketName"], "my-bucket")
            self.assertIs(loaded["DeleteMissingFiles"], True)
            self.assertNotIn("ExtractZipContents", loaded)
            good = payloads.write_payload(pathlib.Path(work, "good.yaml"), BucketName="my-bucket")
            proc = cli.run_repo2s3(["validate", "--payload", good])
            self.assertEqual(proc.returncode, 0, cli.describe(proc))
            self.assertIn("my-bucket", proc.stdout)


class CliEnvironmentTest(unittest.TestCase):
    def test_clean_env_uses_dummy_keys_and_local_endpoint_only(self):
        os.environ["AWS_SESSION_TOKEN_FOR_HARNESS_CHECK"] = "x"
        try:
            env = cli.clean_env(endpoint="http://127.0.0.1:1")
        finally:
            del os.environ["AWS_SESSION_TOKEN_FOR_HARNESS_CHECK"]
        aws = {k for k in env if k.startswith("AWS_")}
        self.assertEqual(aws, {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION",
                               "AWS_ENDPOINT_URL_S3", "AWS_CONFIG_FILE",
                               "AWS_SHARED_CREDENTIALS_FILE", "AWS_EC2_METADATA_DISABLED"})
        self.assertTrue(env["AWS_ACCESS_KEY_ID"].startswith("AKIA"))
        self.assertEqual(env["AWS_ENDPOINT_URL_S3"], "http://127.0.0.1:1")
        self.assertEqual(os.listdir(env["HOME"]), [])
        self.assertNotIn("AWS_PROFILE", cli.clean_env(env_extra={"AWS_PROFILE": None}))
        self.assertEqual(cli.clean_env()["AWS_ENDPOINT_URL_S3"], shared_strict_s3().endpoint,
                         "repo2s3 reaches S3 through the strict proxy by default")

    def test_assert_no_secrets_catches_whole_and_partial_leaks(self):
        secret = b.TEST_SECRET_ACCESS_KEY
        cli.assert_no_secrets(self, ["nothing here", ""], [secret])
        for leaked in ("key=" + secret, "...%s" % secret[-16:], secret[:16] + "..."):
            with self.assertRaises(AssertionError):
                cli.assert_no_secrets(self, ["ok", leaked], [secret])

    def test_binary_is_found(self):
        self.assertTrue(os.access(cli.repo2s3_bin(), os.X_OK), cli.repo2s3_bin())


if __name__ == "__main__":
    unittest.main()
