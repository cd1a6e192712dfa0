"""A threaded HTTP/1.1 proxy on loopback that adds a fixed delay to every request before
forwarding it to an upstream S3 server (moto), so the benchmark can see what a real network's
round trip does to each tool.

    proxy = LatencyProxy("http://127.0.0.1:PORT", delay=0.030).start()
    proxy.endpoint     # http://127.0.0.1:PROXYPORT, what the tools are given
    proxy.count        # requests forwarded so far
    proxy.stop()

What it keeps intact: the method, the target, every header as the client sent it (the Host
header too, since SigV4 signs it; only `Expect`, which SigV4 never signs, is answered here and
not forwarded) and the bodies, which are streamed in 64 KiB pieces both ways (Content-Length or
chunked), never held whole. Each client connection gets its own thread and its own keep-alive
connection to the upstream, so N parallel client connections are N parallel upstream requests.
"""

import http.client
import http.server
import socket
import threading
import time
import urllib.parse

PIECE = 64 * 1024
# Hop-by-hop headers are about one connection, not the request (RFC 9110 §7.6.1).
HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "te", "trailer", "upgrade",
              "expect"}


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def _upstream(self):
        conn = getattr(self, "_conn", None)
        if conn is None:
            host, port = self.server.upstream
            conn = self._conn = http.client.HTTPConnection(host, port, timeout=300)
        return conn

    def _proxy(self):
        time.sleep(self.server.delay)
        with self.server.lock:
            self.server.count += 1
        try:
            self._forward()
        except (ConnectionError, TimeoutError, http.client.HTTPException, OSError):
            # The upstream failed or the client went away: drop both connections.
            conn = getattr(self, "_conn", None)
            if conn is not None:
                conn.close()
                self._conn = None
            self.close_connection = True

    def _forward(self):
        conn = self._upstream()
        conn.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
        length = self.headers.get("Content-Length")
        chunked = "chunked" in self.headers.get("Transfer-Encoding", "").lower()
        for name, value in self.headers.items():
            if name.lower() not in HOP_BY_HOP:
                conn.putheader(name, value)
        conn.endheaders()
        if chunked:
            self._copy_chunked_request(conn)
        elif length:
            remaining = int(length)
            while remaining > 0:
                piece = self.rfile.read(min(PIECE, remaining))
                if not piece:
                    raise ConnectionError("client body ended early")
                conn.send(piece)
                remaining -= len(piece)
        reply = conn.getresponse()
        self.send_response_only(reply.status, reply.reason)
        reply_chunked = reply.getheader("Transfer-Encoding", "").lower() == "chunked"
        for name, value in reply.getheaders():
            if name.lower() in HOP_BY_HOP or name.lower() == "transfer-encoding":
                continue
            self.send_header(name, value)
        has_body = self.command != "HEAD" and reply.status not in (204, 304)
        if has_body and reply_chunked:
            self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        while has_body:
            piece = reply.read(PIECE)
            if not piece:
                break
            if reply_chunked:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            else:
                self.wfile.write(piece)
        if has_body and reply_chunked:
            self.wfile.write(b"0\r\n\r\n")
        reply.read()  # drain, so the upstream connection can be reused
        self.wfile.flush()
        if reply.will_close:
            conn.close()
            self._conn = None

    def _copy_chunked_request(self, conn):
        """Re-sends a chunked request body chunk by chunk, as received."""
        while True:
            size_line = self.rfile.readline(1024)
            conn.send(size_line)
            size = int(size_line.split(b";")[0].strip() or b"0", 16)
            if size == 0:
                while True:  # trailers, up to the empty line
                    line = self.rfile.readline(8192)
                    conn.send(line)
                    if line in (b"\r\n", b"\n", b""):
                        return
            remaining = size + 2  # the chunk and its CRLF
            while remaining > 0:
                piece = self.rfile.read(min(PIECE, remaining))
                if not piece:
                    raise ConnectionError("client body ended early")
                conn.send(piece)
                remaining -= len(piece)

    do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _proxy

    def finish(self):
        conn = getattr(self, "_conn", None)
        if conn is not None:
            conn.close()
        super().finish()


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128


class LatencyProxy:
    def __init__(self, upstream, delay=0.030, host="127.0.0.1"):
        parts = urllib.parse.urlsplit(upstream)
        self.upstream = (parts.hostname, parts.port or 80)
        self.delay = delay
        self.host = host
        self._server = None
        self._thread = None

    @property
    def endpoint(self):
        return "http://%s:%d" % (self.host, self._server.server_address[1])

    @property
    def count(self):
        with self._server.lock:
            return self._server.count

    def start(self):
        server = _Server((self.host, 0), _Handler)
        server.upstream, server.delay = self.upstream, self.delay
        server.lock, server.count = threading.Lock(), 0
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, daemon=True,
                                        name="latency-proxy")
        self._thread.start()
        with socket.create_connection(server.server_address[:2], timeout=5):
            pass
        return self

    def stop(self):
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=10)
            self._server = None


def main():
    """Run on its own: `latency_proxy.py UPSTREAM [DELAY_SECONDS]` prints its endpoint on the
    first line of stdout and serves until terminated."""
    import sys
    proxy = LatencyProxy(sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 0.030).start()
    print(proxy.endpoint, flush=True)
    threading.Event().wait()  # until SIGTERM ends the process


if __name__ == "__main__":
    main()
