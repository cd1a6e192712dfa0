"""boto3 helpers to prepare buckets and to see exactly what a bucket holds."""

import collections
import concurrent.futures
import hashlib
import itertools
import re

import boto3
from botocore.config import Config

# Dummy credentials: moto accepts any. They are test values, never real AWS keys.
TEST_ACCESS_KEY_ID = "AKIAREPO2S3TESTONLY1"
TEST_SECRET_ACCESS_KEY = "r2sTestSecret/only+for+moto/NotARealKey0123"
TEST_REGION = "us-east-1"

MIB = 1024 * 1024

ObjectState = collections.namedtuple(
    "ObjectState", "md5 size content_type etag metadata last_modified version_id")
ObjectState.__doc__ = "One object as read back: md5 of its bytes, size, Content-Type, and more."

_bucket_counter = itertools.count(1)


def s3_client(endpoint):
    return boto3.client(
        "s3", endpoint_url=endpoint, region_name=TEST_REGION,
        aws_access_key_id=TEST_ACCESS_KEY_ID, aws_secret_access_key=TEST_SECRET_ACCESS_KEY,
        config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 2},
                      max_pool_connections=16))


def unique_bucket_name(label):
    """A valid, unique bucket name derived from a test name."""
    stem = re.sub(r"[^a-z0-9-]+", "-", label.lower()).strip("-")[:40].strip("-") or "bucket"
    return "r2s-%s-%d" % (stem, next(_bucket_counter))


def create_bucket(client, label, versioned=False):
    name = unique_bucket_name(label)
    client.create_bucket(Bucket=name)
    if versioned:
        client.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
    return name


def list_keys(client, bucket, prefix=""):
    keys = []
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        keys.extend(item["Key"] for item in page.get("Contents", []))
    return keys


def read_object(client, bucket, key):
    return client.get_object(Bucket=bucket, Key=key)["Body"].read()


def _read_state(client, bucket, key):
    reply = client.get_object(Bucket=bucket, Key=key)
    body = reply["Body"].read()
    return ObjectState(
        md5=hashlib.md5(body).hexdigest(), size=len(body), content_type=reply.get("ContentType"),
        etag=reply["ETag"].strip('"'), metadata=dict(reply.get("Metadata", {})),
        last_modified=reply["LastModified"], version_id=reply.get("VersionId"))


RESERVED_PREFIX = ".repo2s3/"


def synced_keys(client, bucket, prefix=""):
    """The keys under `prefix` that a sync manages: all but repo2s3's own run state and lease
    under .repo2s3/ (list_keys shows those too)."""
    return [key for key in list_keys(client, bucket, prefix) if not key.startswith(RESERVED_PREFIX)]


def snapshot(client, bucket, prefix=""):
    """{key: ObjectState} for every synced object under `prefix` (not repo2s3's own under
    .repo2s3/), each body read back and hashed."""
    keys = synced_keys(client, bucket, prefix)
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        states = pool.map(lambda key: _read_state(client, bucket, key), keys)
        return dict(zip(keys, states))


def outside(snap, prefix):
    """The part of a snapshot whose keys do not start with `prefix`."""
    return {key: state for key, state in snap.items() if not key.startswith(prefix)}


def listing(client, bucket, prefix="", reserved=False):
    """{key: (etag, size, last modified)} from ListObjectsV2 alone: cheap, and any write
    changes it. repo2s3's own objects under .repo2s3/ only with `reserved`."""
    found = {}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for item in page.get("Contents", []):
            if item["Key"].startswith(RESERVED_PREFIX) and not reserved:
                continue
            found[item["Key"]] = (item["ETag"].strip('"'), item["Size"], item["LastModified"])
    return found


def listed_contents(client, bucket, prefix=""):
    """{key: (md5, size)} like contents(snapshot(...)), but read from the listing: a single-part
    object's ETag is the MD5 of the bytes S3 stored. Only multipart objects are read back."""
    found = {}
    for key, (etag, size, _) in listing(client, bucket, prefix).items():
        if re.fullmatch(r"[0-9a-f]{32}", etag):
            found[key] = (etag, size)
        else:
            body = read_object(client, bucket, key)
            found[key] = (hashlib.md5(body).hexdigest(), len(body))
    return found


def contents(snap):
    """{key: (md5, size)} of a snapshot: what a bucket holds, without how it got there."""
    return {key: (obj.md5, obj.size) for key, obj in snap.items()}


def all_versions(client, bucket):
    """Every version and delete marker of a versioned bucket: any write adds one."""
    found = []
    for page in client.get_paginator("list_object_versions").paginate(Bucket=bucket):
        for item in page.get("Versions", []):
            found.append(("version", item["Key"], item["VersionId"], item["ETag"]))
        for item in page.get("DeleteMarkers", []):
            found.append(("delete-marker", item["Key"], item["VersionId"], None))
    return sorted(found)


def put_object(client, bucket, key, body, content_type=None, metadata=None):
    extra = {}
    if content_type:
        extra["ContentType"] = content_type
    if metadata:
        extra["Metadata"] = metadata
    return client.put_object(Bucket=bucket, Key=key, Body=body, **extra)


def put_objects(client, bucket, objects, metadata=None):
    """Uploads {key: bytes}, several at a time."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        for reply in pool.map(lambda item: put_object(client, bucket, item[0], item[1],
                                                      metadata=metadata), objects.items()):
            del reply


def put_multipart(client, bucket, key, body, part_size=5 * MIB, metadata=None):
    """A real multipart upload (parts of `part_size`, at least 5 MiB but the last); returns the
    ETag, which is md5-of-part-md5s-N rather than the body's MD5."""
    if part_size < 5 * MIB:
        raise ValueError("S3 parts other than the last are at least 5 MiB")
    if len(body) <= part_size:
        raise ValueError("the body must span at least two parts")
    extra = {"Metadata": metadata} if metadata else {}
    upload = client.create_multipart_upload(Bucket=bucket, Key=key, **extra)
    parts = []
    for number, offset in enumerate(range(0, len(body), part_size), start=1):
        reply = client.upload_part(Bucket=bucket, Key=key, UploadId=upload["UploadId"],
                                   PartNumber=number, Body=body[offset:offset + part_size])
        parts.append({"PartNumber": number, "ETag": reply["ETag"]})
    reply = client.complete_multipart_upload(Bucket=bucket, Key=key, UploadId=upload["UploadId"],
                                             MultipartUpload={"Parts": parts})
    return reply["ETag"].strip('"')


def multipart_etag(body, part_size=5 * MIB):
    """The ETag S3 gives a multipart upload of `body` in parts of `part_size`."""
    digests = [hashlib.md5(body[offset:offset + part_size]).digest()
               for offset in range(0, len(body), part_size)]
    return "%s-%d" % (hashlib.md5(b"".join(digests)).hexdigest(), len(digests))
