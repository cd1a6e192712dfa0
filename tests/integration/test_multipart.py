"""Multipart upload and upload progress, end to end through the strict proxy: a file at or over
--multipart-threshold goes up in parts (moto answers a real md5-N ETag), carries the same
metadata as a single upload so the next run recognises it, and a failed part aborts the upload
(no incomplete upload left) and withholds every delete."""

import hashlib
import os
import unittest

from harness import bucket as b
from test_s3_sync import SyncTestCase

MIB = 1024 * 1024
BIG = "media/big.bin"


def big_body():
    # 70 MiB: five parts of the default 16 MiB (the last one 6 MiB), over the 64 MiB threshold.
    return os.urandom(70 * MIB)


class MultipartUploadTest(SyncTestCase):

    def multipart_requests(self, bucket, mark):
        records = self.bucket_requests(bucket, mark, ("PUT", "POST", "DELETE"))
        creates = [r for r in records if r.method == "POST" and "uploads" in r.query]
        parts = [r for r in records if r.method == "PUT" and "partNumber" in r.query]
        completes = [r for r in records if r.method == "POST" and "uploadId" in r.query]
        aborts = [r for r in records if r.method == "DELETE" and "uploadId" in r.query]
        singles = [r for r in records if r.method == "PUT" and "partNumber" not in r.query]
        return creates, parts, completes, aborts, singles

    def test_a_large_file_goes_up_in_parts_and_the_next_run_recognises_it(self):
        bucket = self.new_bucket()
        body = big_body()
        source = self.write_tree({BIG: body, "index.html": b"<p>small</p>\n"})
        payload = self.write_payload(bucket)

        mark = self.strict.mark()
        # stderr is a pipe: progress comes as log lines, here every 100 ms instead of 10 s.
        summary = self.sync(payload, source_dir=source, commit=True,
                            env_extra={"REPO2S3_PROGRESS_INTERVAL_MS": "100"})
        self.assertIsNone(summary["error"])
        self.assertEqual(sorted(summary["new"]), sorted([BIG, "index.html"]))
        self.assertEqual(summary["bytes_uploaded"], len(body) + len(b"<p>small</p>\n"))

        creates, parts, completes, aborts, singles = self.multipart_requests(bucket, mark)
        self.assertEqual(len(creates), 1)
        self.assertEqual(sorted(int(r.query["partNumber"][0]) for r in parts), [1, 2, 3, 4, 5])
        self.assertEqual(sorted(r.body_size for r in parts), [6 * MIB] + [16 * MIB] * 4)
        self.assertEqual(len(completes), 1)
        self.assertEqual(aborts, [])
        self.assertEqual([r.path for r in singles], ["/%s/index.html" % bucket])

        head = self.s3.head_object(Bucket=bucket, Key=BIG)
        self.assertRegex(head["ETag"], r'^"[0-9a-f]{32}-5"$', "not a multipart ETag")
        self.assertEqual(head["ContentLength"], len(body))
        self.assertEqual(head["Metadata"].get("repo2s3-md5"), hashlib.md5(body).hexdigest())
        self.assertTrue(head["ContentType"])
        stored = self.s3.get_object(Bucket=bucket, Key=BIG)["Body"].read()
        self.assertEqual(hashlib.md5(stored).hexdigest(), hashlib.md5(body).hexdigest())
        self.assertEqual(self.s3.list_multipart_uploads(Bucket=bucket).get("Uploads", []), [])

        self.assertRegex(self.last_proc.stderr,
                         r"uploading \d+/2 files, [0-9.]+ [KMG]?i?B/70\.0 MiB, .*/s, ETA ",
                         "no progress line while the parts went up")

        mark = self.strict.mark()
        summary = self.sync(payload, source_dir=source, commit=True)
        self.assertEqual((summary["new"], summary["modified"], summary["deleted"]), ([], [], []))
        self.assertEqual(summary["unchanged"], 2)
        writes = self.bucket_requests(bucket, mark, ("PUT", "POST", "DELETE"))
        self.assertEqual(writes, [], "a second run uploaded again")

    def test_a_failed_part_aborts_the_upload_and_withholds_deletes(self):
        bucket = self.new_bucket()
        b.put_objects(self.s3, bucket, {"stale.txt": b"old\n"})
        source = self.write_tree({BIG: big_body(), "index.html": b"<p>small</p>\n"})
        payload = self.write_payload(bucket, DeleteMissingFiles=True)

        mark = self.strict.mark()
        scripted = self.strict.fail_request("PUT", "partNumber", 2, 403, "AccessDenied",
                                            "Access Denied")
        self.addCleanup(self.strict.stop_faults)
        summary = self.sync(payload, source_dir=source, commit=True, expect_exit=1,
                            extra_args=["--no-progress"])
        self.assertTrue(scripted.fired)
        self.assertIn("UploadPart", summary["error"])
        self.assertIn("aborted", summary["error"])
        self.assertEqual(summary["deleted"], [])

        creates, _, completes, aborts, _ = self.multipart_requests(bucket, mark)
        self.assertEqual(len(creates), 1)
        self.assertEqual(completes, [])
        self.assertEqual(len(aborts), 1)
        self.assertEqual(self.s3.list_multipart_uploads(Bucket=bucket).get("Uploads", []), [],
                         "an incomplete upload was left behind")
        keys = b.synced_keys(self.s3, bucket)
        self.assertIn("stale.txt", keys, "a delete went out after a failed upload")
        self.assertNotIn(BIG, keys)
        self.assertNotIn("uploading ", self.last_proc.stderr, "--no-progress showed progress")


if __name__ == "__main__":
    unittest.main()
