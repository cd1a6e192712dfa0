"""Real git repositories on disk for the GitHub stand-in to serve."""

import os
import pathlib
import shutil
import subprocess
import tempfile

# A tree with everything a repository archive has to carry: nested folders, a binary file, an
# empty file, a symlink, unicode and space-containing names, and files the filters exclude.
BINARY_BYTES = bytes(range(256)) * 3 + b"\x00\xff\x00PNG\r\n\x1a\n"

SAMPLE_FILES = {
    "README.md": b"# Sample site\n",
    "index.html": b"<!doctype html><title>sample</title>\n",
    "docs/guide/intro.md": b"# Intro\n\nNested two levels down.\n",
    "docs/guide/deeper/still/page.md": b"deep\n",
    "assets/img/logo.png": BINARY_BYTES,
    "assets/css/site.css": b"body { color: #123; }\n",
    "empty.txt": b"",
    "dir with space/file with space.txt": b"spaces\n",
    "ünïcödé/naïve résumé.md": "unicode: ✓\n".encode(),
    "emoji 🚀/launch 🎉.txt": b"emoji\n",
    "plus+and=equals&(parens) 'quote'.txt": b"awkward\n",
    # Excluded by EXCLUDE_PATTERNS:
    "node_modules/left-pad/index.js": b"module.exports = 1;\n",
    "secrets/.env": b"TOKEN=not-really\n",
    "build.log": b"log\n",
}
SAMPLE_SYMLINKS = {"link-to-readme": "README.md"}

# Python re.search patterns, as a payload's ExcludeRepoPaths would hold them.
EXCLUDE_PATTERNS = [r"^node_modules/", r"\.env$", r"\.log$"]

_GIT_ENV = {
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_AUTHOR_NAME": "Sample Author",
    "GIT_AUTHOR_EMAIL": "author@example.invalid",
    "GIT_COMMITTER_NAME": "Sample Author",
    "GIT_COMMITTER_EMAIL": "author@example.invalid",
    "GIT_TERMINAL_PROMPT": "0",
}


def git_env():
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(_GIT_ENV)
    return env


class GitRepo:
    """A working repository with branch `main`. Files are written as bytes; symlinks as links."""

    def __init__(self, path=None):
        self._temp = None
        if path is None:
            self._temp = tempfile.TemporaryDirectory(prefix="repo2s3-git-")
            path = self._temp.name
        self.path = pathlib.Path(path)
        self.path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")
        self.git("config", "core.symlinks", "true")
        self.git("config", "core.quotepath", "false")

    # --- plumbing ----------------------------------------------------------------------------

    def git(self, *args, binary=False):
        proc = subprocess.run(["git", "-C", str(self.path)] + list(args), env=git_env(),
                              stdin=subprocess.DEVNULL, capture_output=True, check=False)
        if proc.returncode != 0:
            raise RuntimeError("git %s failed: %s" % (" ".join(args),
                                                      proc.stderr.decode(errors="replace")))
        return proc.stdout if binary else proc.stdout.decode("utf-8")

    # --- changing the tree -------------------------------------------------------------------

    def write(self, relative, content):
        target = self.path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_symlink():
            target.unlink()
        target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return self

    def symlink(self, relative, link_target):
        target = self.path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_symlink() or target.exists():
            target.unlink()
        os.symlink(link_target, target)
        return self

    def remove(self, relative):
        self.git("rm", "-q", "-r", "--", relative)
        return self

    def commit(self, message="change"):
        """Stages everything and commits; returns the new commit's SHA."""
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)
        return self.head()

    def populate_sample(self, message="sample site"):
        """Writes SAMPLE_FILES and SAMPLE_SYMLINKS and commits them."""
        for relative, content in SAMPLE_FILES.items():
            self.write(relative, content)
        for relative, link_target in SAMPLE_SYMLINKS.items():
            self.symlink(relative, link_target)
        return self.commit(message)

    def create_branch(self, name, start="HEAD"):
        self.git("branch", "-f", name, start)
        return self

    def checkout(self, name):
        self.git("checkout", "-q", name)
        return self

    # --- reading -----------------------------------------------------------------------------

    def head(self, ref="HEAD"):
        return self.git("rev-parse", "--verify", ref + "^{commit}").strip()

    def ls_files(self, ref="HEAD"):
        """Every file path (symlinks included) in the commit, sorted."""
        out = self.git("ls-tree", "-r", "-z", "--name-only", ref, binary=True)
        return sorted(p.decode("utf-8") for p in out.split(b"\0") if p)

    def blob(self, relative, ref="HEAD"):
        """The bytes git stores for a path; for a symlink, the link target."""
        return self.git("cat-file", "blob", "%s:%s" % (ref, relative), binary=True)

    def tree(self, ref="HEAD"):
        """{path: bytes} of the commit."""
        return {path: self.blob(path, ref) for path in self.ls_files(ref)}

    def archive(self, ref, prefix):
        """`git archive --format=zip --prefix=PREFIX REF` as bytes."""
        return self.git("archive", "--format=zip", "--prefix=" + prefix, ref, binary=True)

    def cleanup(self):
        if self._temp is not None:
            self._temp.cleanup()
            self._temp = None
        elif self.path.exists():
            shutil.rmtree(self.path)
