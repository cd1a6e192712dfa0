"""One threaded HTTP server on loopback for every stand-in and for the strict S3 proxy, and a
loopback port that nothing listens on.

    server = ThreadedServer(MyHandler, owner=standin, name="my-standin").start()
    server.endpoint        # "http://127.0.0.1:PORT"
    server.request_log()   # [(method, path, headers dict)] of every request parsed
    server.stop()          # the port is closed when this returns

A handler reaches the object it serves through `self.server.owner`. Handlers derived from
`Handler` speak HTTP/1.1 (keep-alive, as the clients under test reuse connections), log nothing
on stderr, and treat a client that went away as the end of that connection.
"""

import http.server
import socket
import threading

LOOPBACK = "127.0.0.1"


def closed_port(host=LOOPBACK):
    """A port on `host` that nothing listens on: bound for a moment to get a free number, then
    released. A connection to it is refused (another program could take it in between, which
    on a test machine does not happen in practice)."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def port_is_open(port, host=LOOPBACK):
    """True when something accepts connections on host:port."""
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex((host, port)) == 0


class Handler(http.server.BaseHTTPRequestHandler):
    """The base of the stand-ins' handlers: HTTP/1.1, quiet, and the request logged on the
    server once its request line and headers are parsed."""

    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def parse_request(self):
        parsed = super().parse_request()
        if parsed:
            self.server.log_request(self.command, self.path, self.headers)
        return parsed

    def handle_one_request(self):
        try:
            super().handle_one_request()
        except (ConnectionError, TimeoutError):  # the client went away mid-request
            self.close_connection = True


class _HTTPServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, handler, owner):
        self.owner = owner
        self._log_lock = threading.Lock()
        self.log = []
        super().__init__(address, handler)

    def log_request(self, method, path, headers):
        with self._log_lock:
            self.log.append((method, path, dict(headers.items())))


class ThreadedServer:
    """A ThreadingHTTPServer on `host`:`port` (0: any free port) served by a daemon thread.

    Handlers run in threads of their own, so one slow or stalled request never holds up
    another. start() returns once the port accepts connections; stop() returns once the port
    is closed and the serving thread has ended."""

    def __init__(self, handler, owner=None, host=LOOPBACK, port=0, name="stand-in",
                 poll_interval=0.05):
        self.handler = handler
        self.owner = owner
        self.host = host
        self.name = name
        self._requested_port = port
        self._poll_interval = poll_interval
        self._server = None
        self._thread = None
        self._last_port = None

    # --- lifecycle ------------------------------------------------------------------------

    def start(self):
        if self._server is None:
            server = _HTTPServer((self.host, self._requested_port), self.handler, self.owner)
            thread = threading.Thread(target=server.serve_forever,
                                      kwargs={"poll_interval": self._poll_interval},
                                      daemon=True, name=self.name)
            thread.start()
            self._server, self._thread = server, thread
            self._last_port = server.server_address[1]
        return self

    def stop(self):
        server, self._server = self._server, None
        thread, self._thread = self._thread, None
        if server is not None:
            server.shutdown()
            server.server_close()
        if thread is not None:
            thread.join(timeout=10)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # --- where it is ----------------------------------------------------------------------

    @property
    def running(self):
        return self._server is not None

    @property
    def port(self):
        """The port served; after stop(), the port it had (closed now)."""
        if self._server is not None:
            return self._server.server_address[1]
        if self._last_port is None:
            raise RuntimeError("%s was never started" % self.name)
        return self._last_port

    @property
    def address(self):
        """host:port, as AWS_LAMBDA_RUNTIME_API wants it."""
        return "%s:%d" % (self.host, self.port)

    @property
    def endpoint(self):
        """http://host:port, without a trailing slash."""
        return "http://%s:%d" % (self.host, self.port)

    # --- what it served -------------------------------------------------------------------

    def request_log(self):
        """[(method, path, headers dict)] of every request parsed so far, in arrival order."""
        if self._server is None:
            return []
        with self._server._log_lock:
            return list(self._server.log)

    def clear_log(self):
        if self._server is not None:
            with self._server._log_lock:
                self._server.log.clear()
