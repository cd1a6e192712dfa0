"""Helpers for repo2s3's integration tests: a local moto S3 server, bucket snapshots, source
trees, payload templates and a way to run the repo2s3 executable against them."""
