"""A stand-in for the AWS Lambda Runtime API (custom runtimes, version 2018-06-01) on loopback.

Tests queue events; the runtime under test fetches them one at a time and posts back:

    GET  /2018-06-01/runtime/invocation/next             → the next queued event (waits for one),
                                                           with Lambda-Runtime-Aws-Request-Id,
                                                           Lambda-Runtime-Deadline-Ms,
                                                           Lambda-Runtime-Invoked-Function-Arn and
                                                           Lambda-Runtime-Trace-Id
    POST /2018-06-01/runtime/invocation/{id}/response    → records the response (202)
    POST /2018-06-01/runtime/invocation/{id}/error       → records the function error (202)
    POST /2018-06-01/runtime/init/error                  → records the init error (202)

Like Lambda, it accepts one result per request id and only for an invocation it handed out;
anything else is answered 400 and kept in `protocol_errors`, which tests assert is empty.
Error posts must carry Lambda-Runtime-Function-Error-Type and a JSON body with errorMessage and
errorType.
"""

import collections
import json
import re
import select
import socket
import threading
import time
import urllib.parse
import uuid

from harness.server import Handler, ThreadedServer

API = "/2018-06-01/runtime"
_RESULT_PATH = re.compile(r"^%s/invocation/([^/]+)/(response|error)$" % re.escape(API))

Result = collections.namedtuple("Result", "kind body error_type")
Result.__doc__ = """What the runtime posted for one request: kind "response" or "error", the body
(parsed JSON when it is JSON, else text) and, for errors, the error-type header."""


def _parse(body):
    text = body.decode("utf-8", errors="replace")
    try:
        return json.loads(text)
    except ValueError:
        return text


class LambdaRuntimeStandIn:
    """One function's Runtime API. Thread-safe; start() binds a free port on 127.0.0.1."""

    def __init__(self, host="127.0.0.1", port=0,
                 function_arn="arn:aws:lambda:us-east-1:123456789012:function:repo2s3"):
        self.host = host
        self.function_arn = function_arn
        self._cond = threading.Condition()
        self._queue = collections.deque()
        self._outstanding = set()      # request ids handed out and not answered yet
        self.delivered = []            # request ids in the order they were handed out
        self.results = {}              # request id → Result
        self.init_errors = []          # Result of each init error
        self.protocol_errors = []      # requests Lambda would have refused
        self.next_calls = 0
        self._stopping = False
        self._server = ThreadedServer(_Handler, owner=self, host=host, port=port,
                                      name="lambda-runtime-standin")

    # --- test side ----------------------------------------------------------------------------

    def queue_event(self, event, request_id=None, deadline_in=900.0, deadline_ms=None,
                    trace_id=None):
        """Queues an event (a dict/list is sent as JSON, a str or bytes verbatim) and returns its
        request id. The deadline is `deadline_ms` (ms since the epoch) when given, else
        `deadline_in` seconds after the event is handed out; None sends no deadline header."""
        if isinstance(event, (dict, list)):
            body = json.dumps(event).encode("utf-8")
        elif isinstance(event, str):
            body = event.encode("utf-8")
        else:
            body = bytes(event)
        request_id = request_id or str(uuid.uuid4())
        with self._cond:
            self._queue.append((request_id, body, deadline_in, deadline_ms,
                                trace_id or "Root=1-%08x-%s" % (int(time.time()),
                                                                 uuid.uuid4().hex[:24])))
            self._cond.notify_all()
        return request_id

    def wait_for_result(self, request_id, timeout=120.0):
        """The Result posted for `request_id`; raises TimeoutError when none arrives in time."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while request_id not in self.results:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError("no result for %s within %.0f s" % (request_id, timeout))
                self._cond.wait(left)
            return self.results[request_id]

    def wait_for_init_error(self, timeout=60.0):
        deadline = time.monotonic() + timeout
        with self._cond:
            while not self.init_errors:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError("no init error within %.0f s" % timeout)
                self._cond.wait(left)
            return self.init_errors[0]

    def wait_for_next_call(self, count=1, timeout=60.0):
        """Waits until the runtime has asked for the next invocation `count` times."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self.next_calls < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError("the runtime did not ask for an invocation")
                self._cond.wait(left)

    # --- lifecycle ----------------------------------------------------------------------------

    @property
    def address(self):
        """host:port, the value of AWS_LAMBDA_RUNTIME_API."""
        return self._server.address

    def start(self):
        if not self._server.running:
            self._stopping = False
            self._server.start()
        return self

    def stop(self):
        """Stops serving; a runtime waiting for an invocation gets a 500 and its port closes."""
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        self._server.stop()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # --- server side --------------------------------------------------------------------------

    def _next(self, client_gone):
        """Blocks until an event is queued; None when stopping or when the client that asked
        went away meanwhile (a stopped runtime must not take the next test's event)."""
        with self._cond:
            self.next_calls += 1
            self._cond.notify_all()
            while not self._queue and not self._stopping:
                self._cond.wait(0.2)
                if client_gone():
                    return None
            if self._stopping or client_gone():
                return None
            request_id, body, deadline_in, deadline_ms, trace_id = self._queue.popleft()
            self._outstanding.add(request_id)
            self.delivered.append(request_id)
        headers = {"Lambda-Runtime-Aws-Request-Id": request_id,
                   "Lambda-Runtime-Invoked-Function-Arn": self.function_arn,
                   "Lambda-Runtime-Trace-Id": trace_id}
        if deadline_ms is None and deadline_in is not None:
            deadline_ms = int((time.time() + deadline_in) * 1000)
        if deadline_ms is not None:
            headers["Lambda-Runtime-Deadline-Ms"] = str(int(deadline_ms))
        return request_id, body, headers

    def _undeliver(self, request_id, body, headers):
        """Puts back an event whose delivery failed, first in line."""
        with self._cond:
            self._outstanding.discard(request_id)
            self.delivered.remove(request_id)
            deadline_ms = headers.get("Lambda-Runtime-Deadline-Ms")
            self._queue.appendleft((request_id, body, None,
                                    int(deadline_ms) if deadline_ms else None,
                                    headers["Lambda-Runtime-Trace-Id"]))
            self._cond.notify_all()

    def _result(self, request_id, kind, body, error_type):
        with self._cond:
            if request_id not in self._outstanding:
                problem = ("a %s for request %s, which is %s" % (
                    kind, request_id,
                    "already answered" if request_id in self.results else "unknown"))
                self.protocol_errors.append(problem)
                return problem
            problem = _check_error(kind, body, error_type)
            if problem:
                self.protocol_errors.append(problem)
                return problem
            self._outstanding.discard(request_id)
            self.results[request_id] = Result(kind, _parse(body), error_type)
            self._cond.notify_all()
        return None

    def _init_error(self, body, error_type):
        with self._cond:
            problem = _check_error("init error", body, error_type)
            if problem:
                self.protocol_errors.append(problem)
                return problem
            self.init_errors.append(Result("init-error", _parse(body), error_type))
            self._cond.notify_all()
        return None


def _check_error(kind, body, error_type):
    if kind == "response":
        return None
    if not error_type:
        return "a %s without Lambda-Runtime-Function-Error-Type" % kind
    document = _parse(body)
    if not isinstance(document, dict) or not isinstance(document.get("errorMessage"), str) \
            or document.get("errorType") != error_type:
        return "a %s whose body is not {errorMessage, errorType=%s}: %r" % (
            kind, error_type, document)
    return None


class _Handler(Handler):
    # A client that goes away (the runtime process was stopped) ends its connection quietly.

    def _client_gone(self):
        """True once the client closed its end (readable, with nothing left to read)."""
        try:
            readable, _, _ = select.select([self.connection], [], [], 0)
            return bool(readable) and self.connection.recv(1, socket.MSG_PEEK) == b""
        except OSError:
            return True

    def _send(self, status, body=None, headers=None):
        data = b"" if body is None else (body if isinstance(body, bytes)
                                         else json.dumps(body).encode("utf-8"))
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _refuse(self, message):
        self._send(400, {"errorMessage": message, "errorType": "InvalidRequest"})

    def do_GET(self):
        if self.path != API + "/invocation/next":
            self._send(404, {"errorMessage": "unknown path " + self.path,
                             "errorType": "NotFound"})
            return
        standin = self.server.owner
        found = standin._next(self._client_gone)
        if found is None:
            self.close_connection = True
            self._send(500, {"errorMessage": "the stand-in is stopping",
                             "errorType": "ServiceException"})
            return
        request_id, body, headers = found
        try:
            self._send(200, body, headers)
        except OSError:
            standin._undeliver(request_id, body, headers)
            raise

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        standin = self.server.owner
        error_type = self.headers.get("Lambda-Runtime-Function-Error-Type")
        if self.path == API + "/init/error":
            problem = standin._init_error(body, error_type)
        else:
            match = _RESULT_PATH.match(self.path)
            if match is None:
                self._send(404, {"errorMessage": "unknown path " + self.path,
                                 "errorType": "NotFound"})
                return
            problem = standin._result(urllib.parse.unquote(match.group(1)), match.group(2), body,
                                      error_type if match.group(2) == "error" else None)
        if problem:
            self._refuse(problem)
        else:
            self._send(202, {"status": "OK"})
