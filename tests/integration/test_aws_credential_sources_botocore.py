"""Cross-checks credential_process splitting and profile resolution against botocore.

  * Commands: a few thousand generated strings of quotes, backslashes, blanks and other
    characters, split by repo2s3's shell_split (through the `aws_profile_source` tool) and by
    shlex.split (what botocore's compat_shell_split is on POSIX); both must give the same words,
    or both refuse.
  * Profiles: a few hundred generated config and credentials files whose profiles mix static
    keys, credential_process, role_arn and IAM Identity Center settings (legacy keys and
    [sso-session] sections, complete or not, agreeing or not). For every profile, the source
    repo2s3 picks must be the provider botocore's chain would load it with (decided by
    botocore's own provider classes, without fetching anything), an incomplete SSO profile must
    be refused by both, and an SSO profile's token cache file must be the one botocore's
    SSOTokenLoader names.

The tool is looked up in $REPO2S3_TOOLS_DIR, by default build/tools in the source tree.
REPO2S3_SOURCES_SEED picks other generated inputs; the default seed is fixed.
"""

import json
import os
import pathlib
import random
import shlex
import subprocess
import tempfile
import unittest

import botocore.session
from botocore.credentials import (ConfigProvider, ProcessProvider, SharedCredentialProvider,
                                  SSOProvider)
from botocore.exceptions import InvalidConfigError, PartialCredentialsError
from botocore.utils import SSOTokenLoader

SEED = int(os.environ.get("REPO2S3_SOURCES_SEED", "4321"))
SOURCE_ROOT = pathlib.Path(__file__).resolve().parents[2]


def tool_path():
    tools_dir = pathlib.Path(os.environ.get("REPO2S3_TOOLS_DIR", SOURCE_ROOT / "build" / "tools"))
    return tools_dir / "aws_profile_source"


def python_split(command):
    try:
        return shlex.split(command, posix=True)
    except ValueError:
        return None


class CommandSplittingTest(unittest.TestCase):
    PIECES = ["a", "b", "cmd", " ", "  ", "\t", "\n", "\r", "'", '"', "\\", "\\\\", "\\'",
              '\\"', "#", "$HOME", "*", ";", "|", "\u00e9", "\U0001F680", "=", "''", '""']

    def test_shell_split_is_shlex_split(self):
        rng = random.Random(SEED)
        commands = ["", " ", "a", "'", '"', "\\", "a\\", "'a b'c", '"a\\"b"', "a\\\nb"]
        for _ in range(3000):
            commands.append("".join(rng.choice(self.PIECES)
                                    for _ in range(rng.randint(1, 12))))
        proc = subprocess.run([str(tool_path()), "split"], capture_output=True, text=True,
                              input="".join(json.dumps(c) + "\n" for c in commands), timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        ours = [json.loads(line) for line in proc.stdout.splitlines()]
        self.assertEqual(len(ours), len(commands))
        refused = 0
        for command, words in zip(commands, ours):
            expected = python_split(command)
            refused += expected is None
            self.assertEqual(words, expected, "command %r" % command)
        self.assertGreater(refused, 100, "the generator should make unclosed quotes too")


PROFILE_NAMES = ["default", "dev", "ops"]
SESSION_NAMES = ["corp", "caf\u00e9", "other"]
START_URLS = ["https://corp.awsapps.com/start", "https://d-123.awsapps.com/start#/"]
REGIONS = ["eu-west-1", "us-east-2"]
PROFILE_KEYS = {
    "aws_access_key_id": ["AKIDEXAMPLE"],
    "aws_secret_access_key": ["secret"],
    "credential_process": ["/bin/true", "'/opt/my helper' --json"],
    "role_arn": ["arn:aws:iam::1:role/x"],
    "sso_session": SESSION_NAMES,
    "sso_start_url": START_URLS,
    "sso_region": REGIONS,
    "sso_account_id": ["111122223333"],
    "sso_role_name": ["Deploy"],
    "region": REGIONS,
}
KEY_WEIGHTS = {"role_arn": 0.05, "region": 0.3}


class ProfileResolutionTest(unittest.TestCase):

    def random_values(self, rng, keys, probability):
        values = {}
        for key in keys:
            if rng.random() < KEY_WEIGHTS.get(key, probability):
                values[key] = rng.choice(PROFILE_KEYS[key])
        return values

    def write_files(self, rng, directory):
        config, credentials = [], []
        for name in PROFILE_NAMES:
            for lines, header in ((config, "default" if name == "default" else "profile " + name),
                                  (credentials, name)):
                if rng.random() < 0.3:
                    continue
                values = self.random_values(rng, PROFILE_KEYS, 0.2)
                if rng.random() < 0.25:  # a complete SSO profile, before other keys spoil it
                    bundle = (["sso_session"] if rng.random() < 0.6 else
                              ["sso_start_url", "sso_region"])
                    for key in bundle + ["sso_account_id", "sso_role_name"]:
                        values.setdefault(key, rng.choice(PROFILE_KEYS[key]))
                lines.append("[%s]" % header)
                lines.extend("%s = %s" % item for item in values.items())
        for session in SESSION_NAMES:
            if rng.random() < 0.7:
                values = self.random_values(rng, ["sso_start_url", "sso_region"], 0.8)
                config.append("[sso-session %s]" % session)
                config.extend("%s = %s" % item for item in values.items())
                if rng.random() < 0.2:
                    config.append("sso_registration_scopes = sso:account:access")
        (directory / "config").write_text("\n".join(config) + "\n", encoding="utf-8")
        (directory / "credentials").write_text("\n".join(credentials) + "\n", encoding="utf-8")

    @staticmethod
    def botocore_source(directory, name):
        """(source, sso cache file name) as botocore's providers decide, or ("error", None)."""
        session = botocore.session.Session()
        session.set_config_variable("config_file", str(directory / "config"))
        session.set_config_variable("credentials_file", str(directory / "credentials"))
        full = session.full_config
        profile = full["profiles"].get(name)
        if profile is None:
            return None, None
        if "role_arn" in profile:
            return "role", None  # AssumeRoleProvider or, with a token file, web identity
        sso = SSOProvider(load_config=lambda: full, client_creator=None, profile_name=name,
                          cache={}, token_cache={})
        try:
            settings = sso._load_sso_config()
        except InvalidConfigError:
            return "error", None
        if settings:
            key = SSOTokenLoader()._generate_cache_key(settings["sso_start_url"],
                                                        settings.get("sso_session"))
            return "sso", key + ".json"
        providers = [
            ("credentials-file", SharedCredentialProvider(
                creds_filename=str(directory / "credentials"), profile_name=name)),
            ("process", ProcessProvider(name, lambda: full, popen=None)),
            ("config-file", ConfigProvider(config_filename=str(directory / "config"),
                                           profile_name=name)),
        ]
        for source, provider in providers:
            if source == "process":
                if provider._credential_process is not None:
                    return source, None
                continue
            try:
                if provider.load() is not None:
                    return source, None
            except PartialCredentialsError:
                return source, None  # chosen, then refused for a missing secret
        return None, None

    def test_profiles_resolve_to_the_same_source(self):
        rng = random.Random(SEED)
        seen = set()
        for _ in range(250):
            with tempfile.TemporaryDirectory(prefix="repo2s3-sources-") as scratch:
                directory = pathlib.Path(scratch)
                self.write_files(rng, directory)
                home = directory / "home"
                env = {"PATH": os.environ.get("PATH", ""), "LANG": "C.UTF-8",
                       "HOME": str(home), "AWS_CONFIG_FILE": str(directory / "config"),
                       "AWS_SHARED_CREDENTIALS_FILE": str(directory / "credentials")}
                proc = subprocess.run([str(tool_path()), "profiles"] + PROFILE_NAMES, env=env,
                                      capture_output=True, text=True, timeout=60)
                self.assertEqual(proc.returncode, 0, proc.stderr)
                files = ((directory / "config").read_text(encoding="utf-8") + "\n---\n" +
                         (directory / "credentials").read_text(encoding="utf-8"))
                for line in proc.stdout.splitlines():
                    ours = json.loads(line)
                    source, cache_file = self.botocore_source(directory, ours["profile"])
                    detail = "profile %s in\n%s\nrepo2s3: %s" % (ours["profile"], files, line)
                    if source == "error":
                        self.assertIsNotNone(ours["error"], detail)
                    else:
                        self.assertIsNone(ours["error"], detail)
                        self.assertEqual(ours["source"], source, detail)
                    if cache_file:
                        self.assertEqual(ours["sso_cache_file"],
                                         str(home / ".aws" / "sso" / "cache" / cache_file),
                                         detail)
                    seen.add(source)
        self.assertEqual(seen, {None, "error", "role", "sso", "credentials-file", "process",
                                "config-file"}, "the generator should reach every source")


if __name__ == "__main__":
    unittest.main()
