"""Cross-checks repo2s3's SigV4 signer against botocore's.

Generates a few hundred requests with awkward S3 keys, paths and query strings, signs each with
repo2s3 (through the `sigv4_sign` tool) and with botocore at the same fixed time, and asserts
that the Authorization headers are identical. botocore is the reference: S3 requests use its
S3SigV4Auth (the path is signed as sent), other services its SigV4Auth (the path is normalised
and encoded a second time).

The tool is looked up in $REPO2S3_TOOLS_DIR, by default build/tools in the source tree.
Set REPO2S3_SIGV4_SEED to try other generated requests; the default seed is fixed.

Out of scope, because repo2s3 differs from botocore on purpose there:
- Content-Length is never signed (the HTTP client sets it after signing);
- a Date header does not replace X-Amz-Date;
- query strings are re-encoded canonically, so differently escaped forms of one query sign
  alike (this is checked below against botocore's own encoding of the decoded parameters).
"""

import datetime
import difflib
import json
import os
import random
import subprocess
import unittest
from pathlib import Path
from unittest import mock
from urllib.parse import quote

import botocore.auth
import botocore.credentials
from botocore.awsrequest import AWSRequest
from botocore.config import Config

TIMESTAMP = "20150830T123600Z"
FROZEN_TIME = datetime.datetime(2015, 8, 30, 12, 36, 0)
SEED = int(os.environ.get("REPO2S3_SIGV4_SEED", "20150830"))
SOURCE_ROOT = Path(__file__).resolve().parents[2]


def tool_path():
    tools_dir = Path(os.environ.get("REPO2S3_TOOLS_DIR", SOURCE_ROOT / "build" / "tools"))
    return tools_dir / "sigv4_sign"


# ---------------------------------------------------------------------------------------------
# Awkward ingredients

AWKWARD_KEY_PARTS = [
    "plain.txt", "with space.txt", "a+b.txt", "x=y", "this&that", "tilde~file", "100%",
    "50%25off", "(paren)", "it's", "quote\"d", "caf\u00e9", "na\u0308ive", "\u65e5\u672c\u8a9e",
    "\U0001F680rocket", "\U0001F468\u200d\U0001F469\u200d\U0001F467", "dots...", ".hidden",
    "..", ".", "semi;colon", "com,ma", "colon:name", "at@sign", "dollar$", "star*",
    "excl!", "hash#tag", "question?", "brackets[1]", "braces{}", "pipe|", "back\\slash",
    "caret^", "grave`", "less<more>", "tab\tchar", "UPPER lower", "-_.~", "%2F", "%20",
    "a%2Bb", "\u00a0nbsp", "\u2028sep",
]

QUERY_VALUES = [
    "", "2", "url", "/", "a/b/", "with space", "a+b", "x=y", "this&that", "tilde~", "100%",
    "%20", "%2B", "caf\u00e9/", "\U0001F680/", "it's (1)", "*", "\u65e5\u672c/\u8a9e",
    "1/abc+def/ghi==", "dots.../..", "-_.~", "semi;colon", "hash#", "question?",
]

SERVICES = ["secretsmanager", "sts", "lambda", "execute-api", "iam", "dynamodb"]
REGIONS = ["us-east-1", "eu-west-3", "ap-southeast-2", "cn-north-1", "us-gov-west-1"]


def random_secret(rng):
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    return "".join(rng.choice(alphabet) for _ in range(40))


def random_access_key(rng):
    return "AKIA" + "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16))


def random_token(rng):
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="
    return "IQoJb3JpZ2luX2Vj" + "".join(rng.choice(alphabet) for _ in range(rng.randint(20, 300)))


def awkward_key(rng):
    parts = [rng.choice(AWKWARD_KEY_PARTS) for _ in range(rng.randint(1, 4))]
    separators = ["/", "/", "//", "///", "/./", "/../"]
    key = parts[0]
    for part in parts[1:]:
        key += rng.choice(separators) + part
    if rng.random() < 0.15:
        key = "/" + key
    if rng.random() < 0.15:
        key += "/"
    return key


def encode_aws(text):
    """What botocore (and repo2s3) put on the wire for one query name or value."""
    return quote(text, safe="-_.~")


def awkward_query(rng):
    """A list of (name, value) pairs; a value of None is a bare name without '='."""
    pairs = []
    if rng.random() < 0.6:
        pairs.append(("list-type", "2"))
        if rng.random() < 0.8:
            pairs.append(("prefix", rng.choice([awkward_key(rng), "", "site/", "a b/"])))
        if rng.random() < 0.6:
            pairs.append(("encoding-type", "url"))
        if rng.random() < 0.5:
            pairs.append(("continuation-token", random_token(rng)))
        if rng.random() < 0.3:
            pairs.append(("start-after", awkward_key(rng)))
        if rng.random() < 0.3:
            pairs.append(("delimiter", "/"))
        if rng.random() < 0.3:
            pairs.append(("max-keys", str(rng.randint(1, 1000))))
    for _ in range(rng.randint(0, 4)):
        name = rng.choice(["a", "A", "b", "a-b", "a b", "a_b", "a.b", "a~b", "%", "x+y",
                           "caf\u00e9", "\U0001F680", "Z", "z", "1"])
        pairs.append((name, rng.choice(QUERY_VALUES)))
    if rng.random() < 0.3:
        # Repeated names with different values, and an empty value.
        pairs += [("rep", "2"), ("rep", "1"), ("rep", ""), ("rep", "10")]
    if rng.random() < 0.2:
        pairs.append((rng.choice(["delete", "uploads", "acl", "tagging"]), None))
    rng.shuffle(pairs)
    return pairs


def query_text(pairs, encode=encode_aws):
    pieces = []
    for name, value in pairs:
        pieces.append(encode(name) if value is None else encode(name) + "=" + encode(value))
    return "&".join(pieces)


def sloppy_encode(text):
    """An equivalent but non-canonical escaping: lower-case hex, '~' escaped, and the
    characters that are harmless in a query left raw."""
    out = []
    for byte in text.encode("utf-8"):
        char = chr(byte)
        if char.isalnum() and byte < 128 or char in "-_.":
            out.append(char)
        elif char in "/:@!$'()*,;":
            out.append(char)
        else:
            out.append("%%%02x" % byte)
    return "".join(out)


def awkward_headers(rng, service):
    headers = []
    if rng.random() < 0.5:
        headers.append(("Content-Type", rng.choice(
            ["application/json", "text/plain; charset=utf-8", "application/x-amz-json-1.1"])))
    if service == "s3" and rng.random() < 0.4:
        headers.append(("Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfg=="))
    if service == "s3" and rng.random() < 0.4:
        headers.append(("x-amz-acl", "bucket-owner-full-control"))
    if rng.random() < 0.5:
        headers.append(("X-Amz-Meta-Note", rng.choice(
            ["  leading and trailing  ", "inner   runs\tof \t whitespace", "", "a,b", "x:y"])))
    if rng.random() < 0.3:
        # Repeated headers, in two spellings of one name: joined with ',' in order.
        headers.append(("X-Amz-Meta-Repeat", "one"))
        headers.append(("x-amz-meta-repeat", " two  words "))
    if rng.random() < 0.3:
        headers.append(("Range", "bytes=0-%d" % rng.randint(1, 99999)))
    if rng.random() < 0.3:
        headers.append(("X-Amz-Target", "secretsmanager.GetSecretValue"))
    # Headers both signers leave out.
    if rng.random() < 0.4:
        headers.append(("User-Agent", "repo2s3/0.1 (cross-check)"))
    if rng.random() < 0.2:
        headers.append(("Expect", "100-continue"))
    if rng.random() < 0.2:
        headers.append(("X-Amzn-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793"))
    rng.shuffle(headers)
    return headers


def random_body(rng):
    return rng.choice([
        "",
        "{}",
        '{"SecretId": "prod/caf\u00e9 \U0001F680"}',
        "<Delete><Object><Key>a&amp;b</Key></Object></Delete>",
        "x" * rng.randint(1, 5000),
    ])


def random_host(rng, service, region, bucket):
    suffix = "amazonaws.com.cn" if region.startswith("cn-") else "amazonaws.com"
    if service == "s3":
        return rng.choice([
            ("https", f"{bucket}.s3.{region}.{suffix}", f"/"),
            ("https", f"s3.{region}.{suffix}", f"/{bucket}/"),
            ("http", "127.0.0.1:5000", f"/{bucket}/"),
            ("http", "LocalHost:9000", f"/{bucket}/"),
            ("https", f"S3.{region.upper()}.{suffix}:443", f"/{bucket}/"),
            ("http", "[::1]:4566", f"/{bucket}/"),
        ])
    return rng.choice([
        ("https", f"{service}.{region}.{suffix}", "/"),
        ("http", "127.0.0.1:5000", "/"),
        ("https", f"{service.upper()}.{region}.{suffix}:443", "/"),
    ])


def base_case(rng, case_id, service):
    region = rng.choice(REGIONS)
    case = {
        "id": case_id,
        "method": rng.choice(["GET", "PUT", "POST", "DELETE", "HEAD"]),
        "headers": awkward_headers(rng, service),
        "body": random_body(rng),
        "service": service,
        "region": region,
        "access_key": random_access_key(rng),
        "secret_key": random_secret(rng),
        "timestamp": TIMESTAMP,
    }
    if rng.random() < 0.4:
        case["session_token"] = random_token(rng)
    return case


def s3_case(rng, case_id):
    case = base_case(rng, case_id, "s3")
    bucket = rng.choice(["bucket", "my-bucket", "a.b.c", "site-123"])
    scheme, host, path_prefix = random_host(rng, "s3", case["region"], bucket)
    key = awkward_key(rng) if rng.random() < 0.9 else ""
    path = path_prefix + quote(key, safe="/~")
    query = query_text(awkward_query(rng)) if rng.random() < 0.6 else ""
    case["url"] = f"{scheme}://{host}{path}" + (f"?{query}" if query else "")
    case["botocore_url"] = case["url"]
    if rng.random() < 0.15:
        case["payload_hash"] = "UNSIGNED-PAYLOAD"
    return case


def awkward_service_path(rng):
    segments = []
    for _ in range(rng.randint(0, 5)):
        choice = rng.random()
        if choice < 0.15:
            segments.append(rng.choice([".", "..", ""]))
        else:
            segments.append(quote(rng.choice(AWKWARD_KEY_PARTS), safe="~"))
    path = "/" + "/".join(segments)
    if rng.random() < 0.2:
        path += "/"
    return path


def service_case(rng, case_id):
    service = rng.choice(SERVICES)
    case = base_case(rng, case_id, service)
    scheme, host, _ = random_host(rng, service, case["region"], None)
    path = awkward_service_path(rng)
    query = query_text(awkward_query(rng)) if rng.random() < 0.5 else ""
    case["url"] = f"{scheme}://{host}{path}" + (f"?{query}" if query else "")
    case["botocore_url"] = case["url"]
    return case


def equivalent_query_case(rng, case_id):
    """repo2s3 gets a sloppily escaped query; botocore gets the decoded parameters and encodes
    them itself. A server decodes what it receives, so both must sign alike."""
    case = s3_case(rng, case_id) if rng.random() < 0.5 else service_case(rng, case_id)
    pairs = [(name, "" if value is None else value) for name, value in awkward_query(rng)]
    pairs.append(("prefix", awkward_key(rng)))
    base = case["url"].split("?", 1)[0]
    case["url"] = base + "?" + query_text(pairs, sloppy_encode)
    case["botocore_url"] = base
    case["botocore_params"] = pairs
    return case


def generate_cases(seed=SEED):
    rng = random.Random(seed)
    cases = []
    for _ in range(130):
        cases.append(s3_case(rng, len(cases)))
    for _ in range(100):
        cases.append(service_case(rng, len(cases)))
    for _ in range(50):
        cases.append(equivalent_query_case(rng, len(cases)))
    return cases


# ---------------------------------------------------------------------------------------------
# Signing

class _Recording:
    """Keeps the canonical request botocore computed, for diffs."""

    last_canonical_request = None

    def canonical_request(self, request):
        text = super().canonical_request(request)
        self.last_canonical_request = text
        return text


class _RecordingS3Auth(_Recording, botocore.auth.S3SigV4Auth):
    pass


class _RecordingAuth(_Recording, botocore.auth.SigV4Auth):
    pass


def sign_with_botocore(case):
    credentials = botocore.credentials.Credentials(
        case["access_key"], case["secret_key"], case.get("session_token"))
    auth_class = _RecordingS3Auth if case["service"] == "s3" else _RecordingAuth
    auth = auth_class(credentials, case["service"], case["region"])
    request = AWSRequest(method=case["method"], url=case["botocore_url"],
                         data=case["body"].encode("utf-8"),
                         params=case.get("botocore_params") or {})
    for name, value in case["headers"]:
        request.headers[name] = value  # HTTPHeaders appends, so repeats are kept in order
    if case.get("payload_hash") == "UNSIGNED-PAYLOAD":
        request.context["client_config"] = Config(s3={"payload_signing_enabled": False})
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=FROZEN_TIME):
        auth.add_auth(request)
    return request.headers["Authorization"], auth.last_canonical_request


def sign_with_repo2s3(cases):
    tool = tool_path()
    if not tool.is_file():
        raise AssertionError(
            f"{tool} does not exist: build the tools (cmake --build build --target sigv4_sign) "
            "or set REPO2S3_TOOLS_DIR")
    lines = []
    for case in cases:
        line = {k: v for k, v in case.items() if not k.startswith("botocore_")}
        lines.append(json.dumps(line, ensure_ascii=False))
    completed = subprocess.run([str(tool)], input="\n".join(lines) + "\n", capture_output=True,
                               text=True, encoding="utf-8", timeout=120, check=False)
    if completed.returncode != 0:
        raise AssertionError(f"{tool} exited with {completed.returncode}: {completed.stderr}")
    results = {}
    for line in completed.stdout.splitlines():
        result = json.loads(line)
        results[result["id"]] = result
    return results


def describe_mismatch(case, ours, botocore_authorization, botocore_canonical):
    lines = [
        f"case {case['id']}: {case['method']} {case['url']} (service {case['service']})",
        f"  botocore: {botocore_authorization}",
        f"  repo2s3:  {ours.get('authorization', ours.get('error'))}",
    ]
    if botocore_canonical is not None and "canonical_request" in ours:
        diff = difflib.unified_diff(
            botocore_canonical.splitlines(), ours["canonical_request"].splitlines(),
            "botocore canonical request", "repo2s3 canonical request", lineterm="")
        lines += ["  " + line for line in diff]
    return "\n".join(lines)


def compare(cases, results):
    """Returns a description of every case whose signatures differ."""
    mismatches = []
    for case in cases:
        ours = results.get(case["id"], {"error": "no output for this case"})
        authorization, canonical = sign_with_botocore(case)
        if ours.get("authorization") != authorization:
            mismatches.append(describe_mismatch(case, ours, authorization, canonical))
    return mismatches


class SigV4BotocoreCrossCheck(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cases = generate_cases()
        cls.results = sign_with_repo2s3(cls.cases)

    def check(self, predicate):
        cases = [case for case in self.cases if predicate(case)]
        self.assertGreater(len(cases), 0)
        mismatches = compare(cases, self.results)
        if mismatches:
            self.fail(f"{len(mismatches)} of {len(cases)} signatures differ from botocore "
                      f"(seed {SEED}):\n\n" + "\n\n".join(mismatches))
        return len(cases)

    def test_enough_requests_are_generated(self):
        self.assertGreaterEqual(len(self.cases), 200)
        self.assertEqual(len(self.results), len(self.cases))

    def test_s3_requests_sign_like_s3sigv4auth(self):
        count = self.check(lambda c: c["service"] == "s3" and "botocore_params" not in c)
        self.assertGreaterEqual(count, 100)

    def test_other_services_sign_like_sigv4auth(self):
        count = self.check(lambda c: c["service"] != "s3" and "botocore_params" not in c)
        self.assertGreaterEqual(count, 80)

    def test_equivalent_query_escapes_sign_like_botocore_encoding(self):
        count = self.check(lambda c: "botocore_params" in c)
        self.assertGreaterEqual(count, 40)

    def test_generated_requests_cover_the_awkward_cases(self):
        urls = " ".join(case["url"] for case in self.cases)
        for needle in ["%20", "%2B", "%3D", "%26", "~", "%25", "%28", "%29", "%27", "%C3%A9",
                       "%F0%9F%9A%80", "//", "/../", "/./", "prefix=&", "continuation-token=",
                       "list-type=2", "encoding-type=url", "rep=&"]:
            self.assertIn(needle, urls + "&", f"no generated URL contains {needle!r}")
        self.assertTrue(any(case.get("session_token") for case in self.cases))

    def test_a_wrong_signature_is_reported(self):
        # The comparison itself must be able to fail: sign one case with another secret.
        case = dict(self.cases[0])
        corrupted = dict(case, secret_key=case["secret_key"][::-1])
        results = sign_with_repo2s3([corrupted])
        mismatches = compare([case], results)
        self.assertEqual(len(mismatches), 1)
        self.assertIn("botocore:", mismatches[0])
        # And the unaltered case matches.
        self.assertEqual(compare([case], sign_with_repo2s3([case])), [])

    def test_the_canonical_request_is_reported_on_mismatch(self):
        case = next(c for c in self.cases if c["service"] != "s3")
        altered = dict(case, url=case["url"] + ("&" if "?" in case["url"] else "?") + "extra=1")
        mismatches = compare([case], sign_with_repo2s3([altered]))
        self.assertEqual(len(mismatches), 1)
        self.assertIn("+", mismatches[0])
        self.assertIn("extra=1", mismatches[0])


if __name__ == "__main__":
    unittest.main()
