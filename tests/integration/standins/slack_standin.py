#!/usr/bin/env python3
"""A local stand-in for the parts of Slack that repo2s3 talks to, on 127.0.0.1.

  * Web API:  POST /api/chat.postMessage   (Authorization: Bearer <bot token>, JSON body)
  * Webhook:  POST /services/<path>         (an incoming webhook: JSON body, no token)

Both check what Slack checks and what repo2s3 promises: the bearer token, a JSON body of the
right shape (a header block of plain_text at most 150 characters, mrkdwn sections at most 3,000,
at most 50 blocks, the fallback `text`), a channel the bot may post to. A request that breaks a
rule is answered as Slack would (ok:false with invalid_blocks, not_authed, ...) and kept in
`violations`, which tests assert is empty. Every accepted message is recorded in `messages`.
Tests can make the next answers ok:false with an error code, 429 with Retry-After, or a 5xx.

From a shell, for demos:

    python3 tests/integration/standins/slack_standin.py --port 0 --token xoxb-demo --channel C1

prints the API URL (for SLACK_API_URL) on its first line and serves until interrupted.
"""

import argparse
import json
import pathlib
import signal
import sys
import threading
import time

if __package__ in (None, ""):  # run as a script: tests/integration holds the harness package
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from harness.server import Handler, ThreadedServer  # noqa: E402

MAX_HEADER = 150
MAX_SECTION = 3000
MAX_BLOCKS = 50
MAX_TEXT = 40000


def check_payload(body, need_channel):
    """The problems Slack would find in a chat.postMessage / webhook body; empty when valid."""
    problems = []
    if not isinstance(body, dict):
        return ["the body is not a JSON object"]
    if need_channel and not (isinstance(body.get("channel"), str) and body["channel"]):
        problems.append("no channel")
    text = body.get("text")
    if not isinstance(text, str) or not text:
        problems.append("no fallback text")
    elif len(text) > MAX_TEXT:
        problems.append("text longer than %d" % MAX_TEXT)
    blocks = body.get("blocks")
    if not isinstance(blocks, list) or not blocks:
        return problems + ["no blocks"]
    if len(blocks) > MAX_BLOCKS:
        problems.append("%d blocks, more than %d" % (len(blocks), MAX_BLOCKS))
    for index, block in enumerate(blocks):
        where = "/blocks/%d" % index
        if not isinstance(block, dict) or not isinstance(block.get("text"), dict):
            problems.append("%s: not a block with text" % where)
            continue
        kind, inner = block.get("type"), block["text"]
        content = inner.get("text")
        if not isinstance(content, str) or not content:
            problems.append("%s/text/text: empty" % where)
            continue
        if index == 0:
            if kind != "header" or inner.get("type") != "plain_text":
                problems.append("%s: the first block must be a plain_text header" % where)
            elif len(content) > MAX_HEADER:
                problems.append("%s/text/text: must be less than %d characters" %
                                (where, MAX_HEADER + 1))
            elif content != text:
                problems.append("the fallback text is not the header text")
        else:
            if kind != "section" or inner.get("type") != "mrkdwn":
                problems.append("%s: expected a mrkdwn section" % where)
            elif len(content) > MAX_SECTION:
                problems.append("%s/text/text: must be less than %d characters" %
                                (where, MAX_SECTION + 1))
    return problems


class _Scripted:
    """A scripted answer: ("error", code) / ("ratelimit", seconds) / ("status", code)."""

    def __init__(self, kind, value, times):
        self.kind = kind
        self.value = value
        self.times = times


class SlackStandIn:
    """One Slack workspace with one bot token, the channels it is in, and one webhook."""

    def __init__(self, token, channels=("C0ALERTS",), webhook_path="/services/T0000/B0000/hook",
                 host="127.0.0.1", port=0):
        self.token = token
        self.channels = set(channels)
        self.webhook_path = webhook_path
        self.host = host
        self._lock = threading.Lock()
        self._server = ThreadedServer(_Handler, owner=self, host=host, port=port,
                                      name="slack-standin")
        self.reset()

    # --- configuration ---------------------------------------------------------------------

    def reset(self):
        with getattr(self, "_lock", threading.Lock()):
            self.messages = []        # accepted: {"endpoint", "channel", "text", "blocks"}
            self.requests = []        # (endpoint, headers dict, raw body text) of every request
            self.violations = []      # rule breaks, as "endpoint: problem"
            self.internal_errors = []
            self._script = []

    def fail_next(self, error="channel_not_found", times=1):
        """The next `times` requests get ok:false with `error` (webhooks: 404 and the code)."""
        with self._lock:
            self._script.append(_Scripted("error", error, times))
        return self

    def rate_limit_next(self, retry_after=1, times=1):
        """The next `times` requests get 429 with Retry-After."""
        with self._lock:
            self._script.append(_Scripted("ratelimit", retry_after, times))
        return self

    def status_next(self, status=503, times=1):
        """The next `times` requests get a bare HTTP `status`."""
        with self._lock:
            self._script.append(_Scripted("status", status, times))
        return self

    # --- lifecycle -------------------------------------------------------------------------

    @property
    def port(self):
        return self._server.port

    @property
    def api_url(self):
        """For SLACK_API_URL."""
        return "http://%s:%d/api" % (self.host, self.port)

    @property
    def webhook_url(self):
        """For SLACK_WEBHOOK_URL."""
        return "http://%s:%d%s" % (self.host, self.port, self.webhook_path)

    def start(self):
        self._server.start()
        return self

    def stop(self):
        self._server.stop()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # --- request handling (server threads) ---------------------------------------------------

    def _next_scripted(self):
        with self._lock:
            if not self._script:
                return None
            scripted = self._script[0]
            scripted.times -= 1
            if scripted.times <= 0:
                self._script.pop(0)
            return scripted

    def _violation(self, endpoint, problem):
        with self._lock:
            self.violations.append("%s: %s" % (endpoint, problem))

    def handle(self, endpoint, headers, raw):
        """Returns (status, headers, body) for one request."""
        with self._lock:
            self.requests.append((endpoint, dict(headers), raw.decode("utf-8", "replace")))
        webhook = endpoint == "webhook"
        if endpoint == "api":
            authorization = headers.get("Authorization", "")
            if not authorization:
                self._violation(endpoint, "no Authorization header")
                return 200, {}, {"ok": False, "error": "not_authed"}
            if authorization != "Bearer " + self.token:
                self._violation(endpoint, "wrong bearer token")
                return 200, {}, {"ok": False, "error": "invalid_auth"}
        if not headers.get("Content-Type", "").startswith("application/json"):
            self._violation(endpoint, "Content-Type is %r" % headers.get("Content-Type"))
        try:
            body = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            self._violation(endpoint, "the body is not UTF-8 JSON")
            return (400, {}, "invalid_payload") if webhook else \
                (200, {}, {"ok": False, "error": "invalid_json"})
        problems = check_payload(body, need_channel=not webhook)
        if problems:
            for problem in problems:
                self._violation(endpoint, problem)
            return (400, {}, "invalid_blocks") if webhook else \
                (200, {}, {"ok": False, "error": "invalid_blocks",
                           "response_metadata": {"messages": ["[ERROR] " + problems[0]]}})

        scripted = self._next_scripted()
        if scripted is not None:
            if scripted.kind == "ratelimit":
                return 429, {"Retry-After": str(scripted.value)}, \
                    ("rate_limited" if webhook else {"ok": False, "error": "ratelimited"})
            if scripted.kind == "status":
                return scripted.value, {}, "upstream unavailable"
            return (404, {}, scripted.value) if webhook else \
                (200, {}, {"ok": False, "error": scripted.value})

        if not webhook and body["channel"] not in self.channels:
            return 200, {}, {"ok": False, "error": "channel_not_found"}
        with self._lock:
            self.messages.append({"endpoint": endpoint, "channel": body.get("channel"),
                                  "text": body["text"], "blocks": body["blocks"]})
        if webhook:
            return 200, {}, "ok"
        return 200, {}, {"ok": True, "channel": body["channel"], "ts": "%.6f" % time.time()}


class _Handler(Handler):
    def do_POST(self):
        standin = self.server.owner
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        path = self.path.split("?", 1)[0]
        try:
            if path == "/api/chat.postMessage":
                status, headers, body = standin.handle("api", self.headers, raw)
            elif path == standin.webhook_path:
                status, headers, body = standin.handle("webhook", self.headers, raw)
            elif path.startswith("/services/"):
                status, headers, body = 404, {}, "no_service"
            else:
                status, headers, body = 404, {}, {"ok": False, "error": "unknown_method"}
        except Exception as error:  # a bug in the stand-in: answer 500 and keep it for tests
            standin.internal_errors.append("%s: %r" % (path, error))
            status, headers, body = 500, {}, "stand-in error"
        self._send(status, headers, body)

    def _send(self, status, headers, body):
        if isinstance(body, dict):
            data, content_type = json.dumps(body).encode(), "application/json; charset=utf-8"
        else:
            data, content_type = body.encode(), "text/plain; charset=utf-8"
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--token", required=True, help="the bot token to accept")
    parser.add_argument("--channel", action="append", default=[], help="a channel ID (repeat)")
    options = parser.parse_args(argv)
    standin = SlackStandIn(options.token, options.channel or ["C0ALERTS"],
                           port=options.port).start()
    print(standin.api_url, flush=True)
    print("webhook: %s" % standin.webhook_url, file=sys.stderr, flush=True)
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    stop.wait()
    for message in standin.messages:
        print(json.dumps(message), file=sys.stderr)
    standin.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
