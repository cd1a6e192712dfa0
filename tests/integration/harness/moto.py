"""A moto S3 server on loopback, started on a free port and stopped with its process.

One server serves a whole suite (shared_moto); tests keep apart by using their own buckets.
"""

import atexit
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

_RUNNING_ON = re.compile(r"Running on http://127\.0\.0\.1:(\d+)")
_REQUEST_LINE = re.compile(r'"([A-Z]+) (\S+) HTTP/[\d.]+" (\d{3})')


def _server_command():
    executable = shutil.which("moto_server")
    if executable:
        return [executable]
    return [sys.executable, "-m", "moto.server"]


class MotoServer:
    """moto_server -H 127.0.0.1 -p 0, with its log in a temporary file."""

    def __init__(self, host="127.0.0.1"):
        self.host = host
        self.port = None
        self.process = None
        self._log = None

    @property
    def endpoint(self):
        if self.port is None:
            raise RuntimeError("moto is not running")
        return "http://%s:%d" % (self.host, self.port)

    @property
    def running(self):
        return self.process is not None and self.process.poll() is None

    def log_text(self):
        if self._log is None:
            return ""
        with open(self._log.name, "r", encoding="utf-8", errors="replace") as f:
            return f.read()

    def log_offset(self):
        """A mark in the request log; requests(since=mark) lists what came after it."""
        return len(self.log_text())

    def requests(self, since=0):
        """[(method, target, status)] of the requests served, as the server logged them."""
        return [(m.group(1), m.group(2), int(m.group(3)))
                for m in _REQUEST_LINE.finditer(self.log_text()[since:])]

    def start(self, timeout=30.0):
        if self.running:
            return self
        # The server logs every request; a file never fills up the way an unread pipe does.
        self._log = tempfile.NamedTemporaryFile(prefix="moto-", suffix=".log", delete=False)
        env = dict(os.environ)
        for name in [n for n in env if n.startswith("AWS_")]:
            del env[name]
        self.process = subprocess.Popen(
            _server_command() + ["-H", self.host, "-p", "0"],
            stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT, env=env,
            start_new_session=True)
        deadline = time.monotonic() + timeout
        while self.port is None:
            if self.process.poll() is not None:
                raise RuntimeError("moto_server exited with %s:\n%s" %
                                   (self.process.returncode, self.log_text()))
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("moto_server printed no port within %.0f s" % timeout)
            match = _RUNNING_ON.search(self.log_text())
            if match:
                self.port = int(match.group(1))
            else:
                time.sleep(0.05)
        self._wait_ready(deadline)
        return self

    def _wait_ready(self, deadline):
        while True:
            try:
                with urllib.request.urlopen(self.endpoint + "/moto-api/", timeout=2) as reply:
                    if reply.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline or not self.running:
                self.stop()
                raise RuntimeError("moto_server did not become ready")
            time.sleep(0.05)

    def reset(self):
        """Forgets every bucket and object."""
        request = urllib.request.Request(self.endpoint + "/moto-api/reset", data=b"", method="POST")
        with urllib.request.urlopen(request, timeout=10) as reply:
            reply.read()

    def stop(self, timeout=15.0):
        """Stops the server and waits for its process to exit."""
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            # The server leads a session of its own: signal its whole group, then wait for it.
            self._signal(process, signal.SIGTERM)
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self._signal(process, signal.SIGKILL)
                process.wait(timeout=timeout)
        if self._log is not None:
            self._log.close()
            os.unlink(self._log.name)
            self._log = None
        self.port = None

    @staticmethod
    def _signal(process, signum):
        try:
            os.killpg(process.pid, signum)
        except (ProcessLookupError, PermissionError):
            process.send_signal(signum)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


_shared = None


def shared_moto():
    """The one server of this process, started on first use and stopped at exit."""
    global _shared
    if _shared is None or not _shared.running:
        _shared = MotoServer().start()
        atexit.register(_shared.stop)
    return _shared
