"""CloudFront for the integration tests: what the strict proxy (harness/strict_s3.py) checks in
the CloudFront API requests it passes to moto, the CallerReference idempotency it emulates
(moto lacks it), and helpers that create distributions and read invalidations from moto
directly.

CloudFront's API lives under /2020-05-31/ on one global endpoint, signed with SigV4 for region
us-east-1 and service cloudfront. CreateInvalidation (POST
/2020-05-31/distribution/{Id}/invalidation) takes an InvalidationBatch:

    <InvalidationBatch xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">
      <Paths><Quantity>2</Quantity><Items><Path>/a</Path><Path>/b*</Path></Items></Paths>
      <CallerReference>unique-per-batch</CallerReference>
    </InvalidationBatch>

What real CloudFront requires of it, and check_batch() checks: Quantity equals the number of
Path elements; 1..3000 paths; each path starts with '/', holds printable ASCII only (no space,
no control byte; other bytes percent-encoded, and a '%' starts a %XX escape), and a '*' only as
its last character; a non-empty CallerReference. A second batch with the same CallerReference
for the same distribution is answered with the first one's invalidation when it names the same
paths, and refused (409 InvalidationBatchAlreadyExists) when it does not.
"""

import collections
import itertools
import re
import threading
import xml.etree.ElementTree as ElementTree
from xml.sax.saxutils import escape

import boto3
from botocore.config import Config

from harness.bucket import TEST_ACCESS_KEY_ID, TEST_REGION, TEST_SECRET_ACCESS_KEY

API_PREFIX = "/2020-05-31/"
NAMESPACE = "http://cloudfront.amazonaws.com/doc/2020-05-31/"
REGION = "us-east-1"    # CloudFront signs for us-east-1 wherever the caller is
SERVICE = "cloudfront"
MAX_PATHS = 3000
_INVALIDATION_PATH = re.compile(r"^/2020-05-31/distribution/([^/]+)/invalidation$")
_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")

Batch = collections.namedtuple("Batch", "caller_reference paths")
Batch.__doc__ = "A parsed InvalidationBatch: its CallerReference and its paths, in order."


class BatchProblem(Exception):
    """A batch CloudFront refuses: HTTP status, CloudFront error code, message."""

    def __init__(self, status, code, message):
        super().__init__("%s: %s" % (code, message))
        self.status = status
        self.code = code
        self.message = message


def is_api_path(path):
    """True for a request path of CloudFront's API (as sent, before any decoding)."""
    return path.startswith(API_PREFIX)


def invalidation_distribution(method, path):
    """The distribution id of a CreateInvalidation request, else None."""
    match = _INVALIDATION_PATH.match(path)
    return match.group(1) if match and method == "POST" else None


def error_document(code, message, sender=True):
    """CloudFront's XML error document (Type Sender for the caller's faults, else Receiver)."""
    return ("<?xml version=\"1.0\"?>\n<ErrorResponse xmlns=\"%s\"><Error><Type>%s</Type>"
            "<Code>%s</Code><Message>%s</Message></Error><RequestId>strict-s3-proxy</RequestId>"
            "</ErrorResponse>" % (NAMESPACE, "Sender" if sender else "Receiver", code,
                                  escape(message))).encode("utf-8")


def path_problem(path):
    """Why CloudFront refuses an invalidation path, or None when it accepts it."""
    if not path.startswith("/"):
        return "the path %r does not start with '/'" % path
    for index, char in enumerate(path):
        if not "\x21" <= char <= "\x7e":
            return ("the path %r holds %r, which is not printable ASCII (space, control and "
                    "non-ASCII bytes must be percent-encoded)" % (path, char))
        if char == "*" and index != len(path) - 1:
            return "the path %r has a '*' that is not its last character" % path
        if char == "%" and not _ESCAPE.match(path, index):
            return "the path %r has a '%%' that does not start a %%XX escape" % path
    return None


def _local(tag):
    return tag.rsplit("}", 1)[-1]


def _namespace(tag):
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def check_batch(body):
    """The Batch of a CreateInvalidation body; raises BatchProblem when CloudFront would refuse
    it."""
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError as error:
        raise BatchProblem(400, "MalformedXML", "The XML you provided was not well-formed: %s"
                           % error) from None
    if _local(root.tag) != "InvalidationBatch" or _namespace(root.tag) not in ("", NAMESPACE):
        raise BatchProblem(400, "MalformedXML", "the root element is %s, not an "
                           "InvalidationBatch in namespace %s" % (root.tag, NAMESPACE))
    for element in root.iter():
        if _namespace(element.tag) not in ("", NAMESPACE):
            raise BatchProblem(400, "MalformedXML", "element %s is in another namespace"
                               % element.tag)
    children = {_local(child.tag): child for child in root}
    reference = (children["CallerReference"].text or "").strip() \
        if "CallerReference" in children else ""
    if not reference:
        raise BatchProblem(400, "InvalidArgument", "CallerReference is missing or empty")
    paths_element = children.get("Paths")
    if paths_element is None:
        raise BatchProblem(400, "InvalidArgument", "Paths is missing")
    parts = {_local(child.tag): child for child in paths_element}
    quantity = (parts["Quantity"].text or "").strip() if "Quantity" in parts else ""
    items = parts.get("Items")
    paths = [] if items is None else [element.text or "" for element in items
                                       if _local(element.tag) == "Path"]
    if items is not None and any(_local(element.tag) != "Path" for element in items):
        raise BatchProblem(400, "MalformedXML", "Paths/Items holds an element other than Path")
    if not quantity.isdigit():
        raise BatchProblem(400, "InvalidArgument", "Paths/Quantity is missing or not a number")
    if int(quantity) != len(paths):
        raise BatchProblem(400, "InconsistentQuantities",
                           "Paths/Quantity is %s, but Paths/Items lists %d path(s)"
                           % (quantity, len(paths)))
    if not paths:
        raise BatchProblem(400, "InvalidArgument", "an invalidation batch needs at least one path")
    if len(paths) > MAX_PATHS:
        raise BatchProblem(400, "InvalidArgument", "%d paths in one batch, more than %d"
                           % (len(paths), MAX_PATHS))
    for path in paths:
        problem = path_problem(path)
        if problem:
            raise BatchProblem(400, "InvalidArgument", problem)
    return Batch(reference, tuple(paths))


Answer = collections.namedtuple("Answer", "status headers body")
Answer.__doc__ = "An answer as it was sent: HTTP status, [(name, value)] headers, body bytes."


class CallerReferences:
    """CloudFront's CallerReference memory, per distribution: the answer to the first batch
    that created an invalidation, and the paths it named."""

    def __init__(self):
        self._seen = {}  # (distribution id, caller reference) → (frozenset of paths, Answer)
        self.lock = threading.Lock()  # held by the proxy from lookup to remember

    def lookup(self, distribution, batch):
        """None for a new reference; ("same", Answer) for a repeat of a remembered batch;
        ("different", paths remembered) for the same reference with other paths."""
        known = self._seen.get((distribution, batch.caller_reference))
        if known is None:
            return None
        paths, answer = known
        if paths == frozenset(batch.paths):
            return "same", answer
        return "different", paths

    def remember(self, distribution, batch, answer):
        self._seen[(distribution, batch.caller_reference)] = (frozenset(batch.paths), answer)


class InvalidationFaults:
    """Faults for CreateInvalidation requests (every client's; validated requests only):
    `fail_next` requests answered with an error without being forwarded, `lose_next` requests
    whose answer is lost after moto acted on them, and `fail_every`, an error for every request
    until cleared."""

    def __init__(self):
        self.fail_next = 0
        self.fail_with = None          # (status, code, message) for fail_next
        self.fail_every = None         # (status, code, message) or None
        self.lose_next = 0
        self.lose_by_reset = False
        self.counts = collections.Counter()  # "failed" / "answer_lost" → requests so faulted

    def draw_failure(self):
        """(status, code, message) when this request fails before forwarding, else None."""
        if self.fail_every is not None:
            self.counts["failed"] += 1
            return self.fail_every
        if self.fail_next > 0:
            self.fail_next -= 1
            self.counts["failed"] += 1
            return self.fail_with
        return None

    def draw_loss(self):
        """"reset" or "500" when this request's answer is lost, else None."""
        if self.lose_next > 0:
            self.lose_next -= 1
            self.counts["answer_lost"] += 1
            return "reset" if self.lose_by_reset else "500"
        return None

    def clear(self):
        self.fail_next = 0
        self.fail_every = None
        self.lose_next = 0


# --- moto, directly ----------------------------------------------------------------------------

_reference_counter = itertools.count(1)


def cloudfront_client(endpoint, region=REGION, max_attempts=2, secret=TEST_SECRET_ACCESS_KEY):
    """A boto3 CloudFront client for `endpoint` with the test keys, making at most
    `max_attempts` attempts per call (1: no retry)."""
    return boto3.client(
        "cloudfront", endpoint_url=endpoint, region_name=region,
        aws_access_key_id=TEST_ACCESS_KEY_ID, aws_secret_access_key=secret,
        config=Config(retries={"total_max_attempts": max_attempts, "mode": "standard"}))


def _moto_endpoint(endpoint):
    if endpoint:
        return endpoint
    from harness.moto import shared_moto
    return shared_moto().endpoint


def create_distribution(endpoint, bucket, origin_path=""):
    """Creates a distribution in moto at `endpoint` (None: the shared moto server) serving
    `bucket` (from `origin_path`, e.g. "/site"); returns its Id."""
    client = cloudfront_client(_moto_endpoint(endpoint))
    origin = {"Id": "s3-" + bucket, "DomainName": "%s.s3.%s.amazonaws.com" % (bucket, TEST_REGION),
              "OriginPath": origin_path, "S3OriginConfig": {"OriginAccessIdentity": ""}}
    reply = client.create_distribution(DistributionConfig={
        "CallerReference": "repo2s3-test-distribution-%d" % next(_reference_counter),
        "Comment": "repo2s3 integration test: %s" % bucket,
        "Enabled": True,
        "Origins": {"Quantity": 1, "Items": [origin]},
        "DefaultCacheBehavior": {
            "TargetOriginId": origin["Id"], "ViewerProtocolPolicy": "redirect-to-https",
            "MinTTL": 0, "ForwardedValues": {"QueryString": False,
                                             "Cookies": {"Forward": "none"}},
            "TrustedSigners": {"Enabled": False, "Quantity": 0}},
    })
    return reply["Distribution"]["Id"]


Invalidation = collections.namedtuple("Invalidation", "id caller_reference paths")
Invalidation.__doc__ = "One invalidation as moto holds it; `paths` sorted."


def invalidations(endpoint, dist_id):
    """[Invalidation(id, caller reference, sorted paths)] of a distribution in moto at
    `endpoint` (None: the shared moto server), oldest first."""
    client = cloudfront_client(_moto_endpoint(endpoint))
    listed = client.list_invalidations(DistributionId=dist_id)["InvalidationList"]
    found = []
    for item in listed.get("Items") or []:
        batch = client.get_invalidation(DistributionId=dist_id,
                                        Id=item["Id"])["Invalidation"]["InvalidationBatch"]
        found.append(Invalidation(item["Id"], batch["CallerReference"],
                                  sorted(batch["Paths"].get("Items") or [])))
    return found
