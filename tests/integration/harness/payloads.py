"""Payload templates in Starfleet's GitHub-sync format (see tests/data/payloads/)."""

import pathlib

import yaml

BASE_PAYLOAD = {
    "TemplateName": "IntegrationTest",
    "TemplateDescription": "Syncs a local tree into a moto bucket",
    "Organization": "octo-org",
    "Repository": "site",
    "BranchName": "main",
    "GitHubAppId": "123456",
    "GitHubInstallationId": "98765432",
    "BucketName": "replace-me",
    "BucketRegion": "us-east-1",
    "ExtractZipContents": True,
    "DeleteMissingFiles": False,
}

_REMOVE = object()
REMOVE = _REMOVE  # an override value that drops the key from the payload


def payload_dict(**overrides):
    """BASE_PAYLOAD with `overrides` applied; a value of REMOVE drops that key."""
    payload = dict(BASE_PAYLOAD)
    for key, value in overrides.items():
        if value is _REMOVE:
            payload.pop(key, None)
        else:
            payload[key] = value
    return payload


def write_payload(path, **overrides):
    """Writes a YAML payload to `path`; returns the path."""
    path = pathlib.Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(payload_dict(**overrides), allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


def write_payload_text(path, text):
    """Writes a payload verbatim, for templates no dict can express (syntax errors, empty)."""
    path = pathlib.Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
