"""The Debian package (scripts/package-deb) and the container image (scripts/package-image), each
built from the binary under test's build directory and used as a user would: the package
installed with dpkg (and removed again), the image unpacked from its OCI layout and run as its
user in a root that holds nothing else. Both sync into moto through the strict S3 proxy.
"""

import gzip
import hashlib
import io
import json
import os
import pathlib
import shutil
import subprocess
import tarfile
import tempfile
import time
import unittest

from harness import bucket as b
from harness import cli
from test_github_sync import expected_files
from test_s3_sync import SyncTestCase
from test_watch import WatchTestCase

CHROOT = shutil.which("chroot") or "/usr/sbin/chroot"
INSTALLED = "/usr/bin/repo2s3"
IMAGE_USER = 65532


def build_dir():
    """The build directory of the binary under test: the packages reuse its build."""
    return str(pathlib.Path(cli.repo2s3_bin()).parent)


def package_script(name, *args):
    """Runs scripts/<name> on the build directory under test; returns its stdout."""
    proc = subprocess.run([str(cli.REPO_ROOT / "scripts" / name), "--build-dir", build_dir()]
                          + list(args), capture_output=True, text=True, timeout=1800)
    if proc.returncode != 0:
        raise RuntimeError("%s failed:\n%s%s" % (name, proc.stdout, proc.stderr))
    return proc.stdout


def built_version():
    return subprocess.run([cli.repo2s3_bin(), "--version"], capture_output=True, text=True,
                          check=True).stdout.strip()


def dpkg(*args):
    """Runs dpkg as root, waiting (up to 2 minutes) while another dpkg or apt holds its lock."""
    deadline = time.monotonic() + 120
    while True:
        proc = subprocess.run(["dpkg"] + list(args), capture_output=True, text=True,
                              env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
        if proc.returncode == 0 or "lock" not in proc.stderr or time.monotonic() > deadline:
            return proc
        time.sleep(2)


def installed_status(package="repo2s3"):
    proc = subprocess.run(["dpkg-query", "-W", "-f=${db:Status-Abbrev}", package],
                          capture_output=True, text=True)
    return proc.stdout.strip() if proc.returncode == 0 else ""


class DebPackageTest(SyncTestCase):
    """dist/repo2s3_<version>_<arch>.deb installed with dpkg -i: the program in /usr/bin, its man
    page, the systemd unit, Depends from dpkg-shlibdeps, and a sync by the installed program.
    The package is removed when the class ends, leaving the machine as it was."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if os.geteuid() != 0:
            raise RuntimeError("the package test needs root, to install the package")
        if installed_status().startswith("i") or os.path.exists(INSTALLED):
            raise RuntimeError("repo2s3 is already installed here (%s); the test would replace "
                               "and then remove it (dpkg -r repo2s3 first, if a test run left "
                               "it)" % INSTALLED)
        cls.output_dir = tempfile.TemporaryDirectory(prefix="repo2s3-deb-")
        cls.addClassCleanup(cls.output_dir.cleanup)
        package_script("package-deb", "--output-dir", cls.output_dir.name)
        debs = sorted(pathlib.Path(cls.output_dir.name).glob("*.deb"))
        if len(debs) != 1:
            raise RuntimeError("package-deb made %r" % debs)
        cls.deb = debs[0]
        cls.addClassCleanup(cls.remove_package)  # also after a failed or half-done install
        install = dpkg("-i", str(cls.deb))
        if install.returncode != 0:
            # Dependencies missing on this machine: apt completes the half-done install.
            fixed = subprocess.run(["apt-get", "-f", "install", "-y", "-qq"], capture_output=True,
                                   text=True, env=dict(os.environ,
                                                       DEBIAN_FRONTEND="noninteractive"))
            if fixed.returncode != 0 or not installed_status().startswith("ii"):
                raise RuntimeError("dpkg -i %s failed:\n%s%s\n%s" % (
                    cls.deb, install.stdout, install.stderr, fixed.stderr))

    @classmethod
    def remove_package(cls):
        if installed_status():
            proc = dpkg("-r", "repo2s3")
            if proc.returncode != 0:
                raise RuntimeError("dpkg -r repo2s3 failed:\n" + proc.stdout + proc.stderr)
        if os.path.exists(INSTALLED):
            raise RuntimeError("%s is still there after dpkg -r" % INSTALLED)

    def field(self, name):
        return subprocess.run(["dpkg-deb", "--field", str(self.deb), name], capture_output=True,
                              text=True, check=True).stdout.strip()

    def test_the_package_name_fields_and_files(self):
        version = built_version().split()[-1]
        architecture = subprocess.run(["dpkg", "--print-architecture"], capture_output=True,
                                      text=True, check=True).stdout.strip()
        self.assertEqual(self.deb.name, "repo2s3_%s_%s.deb" % (version, architecture))
        self.assertEqual(self.field("Package"), "repo2s3")
        self.assertEqual(self.field("Version"), version)
        # From dpkg-shlibdeps: the packages of the libraries the program links.
        depends = [d.split()[0] for d in self.field("Depends").split(", ")]
        for package in ("libc6", "libcurl4", "libssl3", "libstdc++6", "libyaml-cpp0.7",
                        "libzip4"):
            self.assertIn(package, depends)
        self.assertEqual(installed_status(), "ii")
        files = subprocess.run(["dpkg", "-L", "repo2s3"], capture_output=True, text=True,
                               check=True).stdout.split()
        for path in (INSTALLED, "/usr/share/man/man1/repo2s3.1.gz",
                     "/lib/systemd/system/repo2s3-watch.service"):
            self.assertIn(path, files)
        unit = pathlib.Path("/lib/systemd/system/repo2s3-watch.service").read_text()
        self.assertIn("ExecStart=%s watch" % INSTALLED, unit)

    def test_the_installed_program_and_its_man_page(self):
        proc = subprocess.run([INSTALLED, "--version"], capture_output=True, text=True,
                              timeout=60)
        self.assertEqual((proc.returncode, proc.stdout.strip()), (0, built_version()),
                         proc.stderr)
        where = subprocess.run(["man", "-w", "repo2s3"], capture_output=True, text=True,
                               timeout=60)
        self.assertEqual(where.returncode, 0, where.stderr)
        self.assertEqual(where.stdout.strip(), "/usr/share/man/man1/repo2s3.1.gz")
        page = gzip.decompress(pathlib.Path(where.stdout.strip()).read_bytes()).decode()
        self.assertIn(".TH REPO2S3 \"1\"", page)
        # The page is made from --help-all: each subcommand is a subsection with its options.
        for command in ("run", "download", "get-installation-token", "validate", "lambda",
                        "watch"):
            self.assertIn('.SS "repo2s3 %s:"' % command, page)
        for option in ("payload-dir", "source-dir", "max-delete-percent", "webhook-addr"):
            self.assertIn("\\fB\\-\\-%s\\fR" % option.replace("-", "\\-"), page)

    def test_the_installed_program_syncs_a_directory(self):
        bucket = self.new_bucket()
        files = {"index.html": b"<h1>installed</h1>\n", "css/site.css": b"body{}\n",
                 "docs/read me.txt": b"from /usr/bin/repo2s3\n"}
        source = self.write_tree(files)
        payload = self.write_payload(bucket, KeyPrefix="site/")
        mark = self.strict.mark()
        proc = subprocess.run([INSTALLED, "run", "--payload", str(payload), "--source-dir",
                               str(source), "--commit", "--output", "json"],
                              env=cli.clean_env(self.strict.endpoint), stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=300)
        self.assertEqual(proc.returncode, 0, cli.describe(proc))
        self.assertEqual(self.strict.violations_since(mark), [])
        summary = json.loads(proc.stdout)
        self.assertEqual(sorted(summary["new"]), sorted(files))
        self.assertEqual(b.contents(b.snapshot(self.s3, bucket, "site/")),
                         {"site/" + path: (hashlib.md5(body).hexdigest(), len(body))
                          for path, body in files.items()})


def unpack_oci_archive(archive, rootfs):
    """Follows index.json → manifest → config and layers, checking every digest and size, and
    extracts the layers into `rootfs` as root (numeric owners). Returns (manifest, config)."""
    with tarfile.open(archive) as outer:
        def read(name):
            return outer.extractfile(name).read()

        def blob(descriptor):
            algorithm, digest = descriptor["digest"].split(":", 1)
            data = read("blobs/%s/%s" % (algorithm, digest))
            if (algorithm, hashlib.sha256(data).hexdigest(), len(data)) != \
                    ("sha256", digest, descriptor["size"]):
                raise AssertionError("blob %s does not match its descriptor" % digest)
            return data

        if json.loads(read("oci-layout")) != {"imageLayoutVersion": "1.0.0"}:
            raise AssertionError("not an OCI image layout")
        index = json.loads(read("index.json"))
        (entry,) = index["manifests"]
        manifest = json.loads(blob(entry))
        config = json.loads(blob(manifest["config"]))
        diff_ids = []
        for layer in manifest["layers"]:
            if layer["mediaType"] != "application/vnd.oci.image.layer.v1.tar+gzip":
                raise AssertionError("unexpected layer type %s" % layer["mediaType"])
            data = gzip.decompress(blob(layer))
            diff_ids.append("sha256:" + hashlib.sha256(data).hexdigest())
            with tarfile.open(fileobj=io.BytesIO(data)) as tar:
                tar.extractall(rootfs, numeric_owner=True)
        if diff_ids != config["rootfs"]["diff_ids"]:
            raise AssertionError("the layers are not the config's diff_ids")
        return entry, manifest, config


class ImageTest(WatchTestCase):
    """dist/repo2s3-image.tar (oci-archive): unpacked by hand from its layout, then run with
    chroot as the image's user (65532) in a root holding only the image. The network namespace
    is shared, so the GitHub stand-in and the strict S3 proxy on 127.0.0.1 answer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if os.geteuid() != 0:
            raise RuntimeError("the image test needs root, to chroot")
        cls.image_dir = tempfile.TemporaryDirectory(prefix="repo2s3-image-")
        cls.addClassCleanup(cls.image_dir.cleanup)
        cls.archive = pathlib.Path(cls.image_dir.name) / "repo2s3-image.tar"
        package_script("package-image", "--output", str(cls.archive))
        cls.rootfs = pathlib.Path(cls.image_dir.name) / "rootfs"
        cls.rootfs.mkdir(mode=0o755)
        os.chmod(cls.rootfs, 0o755)  # the user must be able to enter /
        cls.index_entry, cls.manifest, cls.config = unpack_oci_archive(cls.archive, cls.rootfs)

    def in_image(self, *args):
        return [CHROOT, "--userspec=%d:%d" % (IMAGE_USER, IMAGE_USER), str(self.rootfs),
                "/repo2s3"] + [str(a) for a in args]

    def image_env(self, **extra):
        """What a container runtime would pass: only the variables set for the container."""
        env = cli.clean_env(env_extra=extra)
        for name in ("PATH", "HOME", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "TMPDIR"):
            env.pop(name, None)
        return env

    def test_the_image_config_and_contents(self):
        config = self.config["config"]
        self.assertEqual(config["Entrypoint"], ["/repo2s3"])
        self.assertEqual(config["User"], "%d:%d" % (IMAGE_USER, IMAGE_USER))
        self.assertNotIn("Cmd", config)  # no arguments: Lambda's container runtime, or usage
        self.assertEqual(self.config["os"], "linux")
        self.assertEqual(self.index_entry["platform"]["architecture"], self.config["architecture"])
        version = built_version().split()[-1]
        self.assertEqual(self.index_entry["annotations"]["org.opencontainers.image.ref.name"],
                         version)

        names = sorted(str(p.relative_to(self.rootfs)) for p in self.rootfs.rglob("*"))
        for name in ("repo2s3", "bin/repo2s3", "lib/ld-linux-x86-64.so.2", "lib/libc.so.6",
                     "lib/libcurl.so.4", "etc/ssl/certs/ca-certificates.crt", "etc/mime.types",
                     "etc/passwd", "etc/group", "tmp"):
            self.assertIn(name, names)
        self.assertEqual([n for n in names if not n.split("/")[0] in
                          ("repo2s3", "bin", "lib", "etc", "tmp", "home")], [])
        self.assertEqual(sorted(n for n in names if n.startswith("bin/")), ["bin/repo2s3"],
                         "no shell, no other program")
        self.assertIn("nonroot:x:%d:%d:" % (IMAGE_USER, IMAGE_USER),
                      (self.rootfs / "etc/passwd").read_text())
        self.assertIn("nonroot:x:%d:" % IMAGE_USER, (self.rootfs / "etc/group").read_text())
        self.assertEqual(os.stat(self.rootfs / "tmp").st_mode & 0o7777, 0o1777)
        header = subprocess.run(["readelf", "-l", str(self.rootfs / "repo2s3")],
                                capture_output=True, text=True, check=True).stdout
        self.assertNotIn("program interpreter", header, "/repo2s3 must be static")
        # Nothing in the image is writable by its user but /tmp and its home.
        for path in self.rootfs.rglob("*"):
            info = os.lstat(path)
            if info.st_uid == IMAGE_USER:
                self.assertEqual(str(path.relative_to(self.rootfs)), "home/nonroot")
            self.assertFalse(info.st_mode & 0o002 and str(path.relative_to(self.rootfs)) != "tmp",
                             path)

    def test_the_version_as_the_image_user(self):
        proc = subprocess.run(self.in_image("--version"), env=self.image_env(),
                              capture_output=True, text=True, timeout=60)
        self.assertEqual((proc.returncode, proc.stdout.strip()), (0, built_version()),
                         proc.stderr)
        # Arguments pass through unchanged, none added: the program's own error about them.
        proc = subprocess.run(self.in_image("validate", "--payload", "/no/such/template.yaml"),
                              env=self.image_env(), capture_output=True, text=True, timeout=60)
        self.assertEqual(proc.returncode, 2, proc.stderr)
        self.assertIn("/no/such/template.yaml", proc.stderr)

    def test_watch_in_the_image_syncs_its_template(self):
        templates = self.rootfs / "etc" / "repo2s3" / "templates"
        templates.mkdir(parents=True, exist_ok=True)
        self.addCleanup(shutil.rmtree, self.rootfs / "etc" / "repo2s3")
        shutil.copyfile(self.payload(name="site.yaml", TemplateName="image"),
                        templates / "site.yaml")
        stdout = open(self.work / "image-watch.out", "w+", encoding="utf-8")
        stderr = open(self.work / "image-watch.err", "w+", encoding="utf-8")
        self.addCleanup(stdout.close)
        self.addCleanup(stderr.close)
        env = self.image_env(GITHUB_API_URL=self.github.url,
                             GITHUB_APP_PRIVATE_KEY=self.key.pkcs1_pem)
        proc = subprocess.Popen(self.in_image("watch", "--payload-dir", "/etc/repo2s3/templates",
                                              "--every", "1s", "--commit", "--output", "json"),
                                env=env, stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr)
        self.procs.append((proc, stdout, stderr))

        self.wait_until(proc, self.synced(expected_files(self.repo)), "the first sync")
        out, err = self.stop(proc)
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.assertIn("received SIGTERM", err)
        reports = self.reports(proc)
        self.assertTrue(reports and all(r["error"] is None and r["template"] == "image"
                                        for r in reports), reports)
        self.assertEqual(reports[0]["commit"], self.sha)
        self.assertEqual(list((self.rootfs / "tmp").iterdir()), [], "downloads left in /tmp")


if __name__ == "__main__":
    unittest.main()
