#!/usr/bin/env python3
"""Asya runtime: serves one user handler to the sidecar over a Unix socket.

The runtime loads the handler named by ASYA_HANDLER, listens on
``$ASYA_SOCKET_DIR/asya-runtime.sock`` and answers one request per
connection. A frame is a 4-byte big-endian length followed by that many
bytes of UTF-8 JSON. The request is one envelope; the response is a JSON
array of output envelopes, or one element ``{"error", "details"}``.
The protocol is described in docs/architecture/protocols/sidecar-runtime.md.

This file owns: loading the handler, framing, envelope validation, calling
the handler in payload or envelope mode, shaping outputs and errors, the
ready file, and stopping itself when a handler hangs. It does not own
routing, queues, retries or reporting timeouts: the sidecar does.

Accepted limits: requests are served one at a time, so handlers need not
be thread safe. Python cannot stop a running thread, so a handler that
exceeds ASYA_HANDLER_TIMEOUT_SECONDS, or whose sidecar hangs up while it
runs, makes the process exit with code 75 for its supervisor to restart.

The file is copied into user images next to the handler, so it uses the
standard library only and runs on Python 3.7 and later. That is also why
it is one file, longer than the project's usual ones.
"""

import argparse
import collections
import datetime
import importlib
import inspect
import json
import os
import queue
import re
import select
import signal
import socket
import stat
import struct
import sys
import threading
import time
import traceback

__all__ = [
    "AsyaError",
    "PROCESSING_ERROR",
    "MSG_PARSING_ERROR",
    "CONNECTION_ERROR",
    "CONFIG_ERROR",
    "TIMEOUT",
    "SOCKET_NAME",
    "READY_FILE_NAME",
    "EXIT_OK",
    "EXIT_CONFIG",
    "EXIT_RESTART",
    "main",
]

# Reason codes. The first three travel to the sidecar in error frames;
# TIMEOUT is sent once, best effort, just before the process gives up;
# CONFIG_ERROR stops start-up and never reaches the wire.
PROCESSING_ERROR = "processing_error"
MSG_PARSING_ERROR = "msg_parsing_error"
CONNECTION_ERROR = "connection_error"
CONFIG_ERROR = "config_error"
TIMEOUT = "timeout"

SOCKET_NAME = "asya-runtime.sock"
READY_FILE_NAME = "runtime-ready"

EXIT_OK = 0
EXIT_CONFIG = 1
EXIT_RESTART = 75  # EX_TEMPFAIL: restart this process with fresh state

_DEFAULT_SOCKET_DIR = "/var/run/asya"
_DEFAULT_CHMOD = 0o666
_DEFAULT_MAX_FRAME = 32 * 1024 * 1024
_FRAME_LIMIT = 0xFFFFFFFF  # the largest length a 4-byte header can carry
_HEADER = struct.Struct(">I")
_CHUNK = 1024 * 1024
_MODES = ("payload", "envelope")
_HANDLER_RE = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$", re.ASCII)
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_LEVELS = {"debug": 10, "info": 20, "warn": 30, "error": 40}


class AsyaError(Exception):
    """A failure with a stable reason code.

    ``reason`` is one of the module's reason codes. ``cause`` is the
    exception behind the failure, if any: its class name and traceback
    become ``details.type`` and ``details.traceback`` of the error frame.
    """

    def __init__(self, reason, message, cause=None):
        Exception.__init__(self, message)
        self.reason = reason
        self.cause = cause


# --- logging ---------------------------------------------------------------

_log_state = {"threshold": _LEVELS["info"], "lock": threading.Lock()}


def _log(level, msg, **keys):
    """Writes one JSON object per line to stderr; msg is a constant."""
    if _LEVELS[level] < _log_state["threshold"]:
        return
    now = datetime.datetime.now(datetime.timezone.utc)
    record = {
        "ts": now.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "level": level,
        "msg": msg,
        "component": "runtime",
    }
    record.update(keys)
    line = json.dumps(record, default=str) + "\n"
    with _log_state["lock"]:
        try:
            sys.stderr.write(line)
            sys.stderr.flush()
        except (OSError, ValueError):
            pass


def _describe(exc):
    """One line naming an exception, short enough for a log key."""
    text = "%s: %s" % (type(exc).__name__, exc)
    return text if len(text) <= 500 else text[:497] + "..."


# --- configuration ---------------------------------------------------------

_Config = collections.namedtuple("_Config", [
    "handler", "mode", "socket_dir", "socket_chmod", "max_frame_bytes",
    "handler_timeout", "handler_path", "log_level",
])


def _setting_error(name, cause):
    return AsyaError(
        CONFIG_ERROR, 'cannot read setting "%s": %s' % (name, cause))


def _read_int(env, name, default, low, high):
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw, 10)
    except ValueError:
        raise _setting_error(name, "%r is not an integer" % raw)
    if not low <= value <= high:
        raise _setting_error(name, "must be between %d and %d" % (low, high))
    return value


def _read_seconds(env, name):
    raw = env.get(name, "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise _setting_error(name, "%r is not a number" % raw)
    if value != value or value < 0 or value == float("inf"):
        raise _setting_error(name, "must be a finite number >= 0")
    return value or None  # 0 means no timeout


def _read_chmod(env):
    raw = env.get("ASYA_SOCKET_CHMOD", "").strip().lower()
    if not raw:
        return _DEFAULT_CHMOD
    digits = raw[2:] if raw.startswith("0o") else raw
    try:
        value = int(digits, 8)
    except ValueError:
        raise _setting_error("ASYA_SOCKET_CHMOD", "%r is not octal" % raw)
    if not 0 <= value <= 0o777:
        raise _setting_error("ASYA_SOCKET_CHMOD", "must be within 0..777")
    return value


def _read_config(env):
    """Reads every ASYA_* setting; raises AsyaError(config_error)."""
    mode = env.get("ASYA_HANDLER_MODE", "").strip().lower() or "payload"
    if mode not in _MODES:
        raise _setting_error(
            "ASYA_HANDLER_MODE", 'expected "payload" or "envelope"')
    level = env.get("ASYA_LOG_LEVEL", "").strip().lower() or "info"
    level = "warn" if level == "warning" else level
    if level not in _LEVELS:
        raise _setting_error("ASYA_LOG_LEVEL", "expected " + "|".join(
            sorted(_LEVELS)))
    handler_path = env.get("ASYA_HANDLER_PATH", "").strip() or None
    if handler_path is not None and not os.path.isdir(handler_path):
        raise _setting_error("ASYA_HANDLER_PATH", "not a directory")
    return _Config(
        handler=env.get("ASYA_HANDLER", "").strip(),
        mode=mode,
        socket_dir=env.get("ASYA_SOCKET_DIR", "").strip()
        or _DEFAULT_SOCKET_DIR,
        socket_chmod=_read_chmod(env),
        max_frame_bytes=_read_int(
            env, "ASYA_MAX_FRAME_BYTES", _DEFAULT_MAX_FRAME, 1, _FRAME_LIMIT),
        handler_timeout=_read_seconds(env, "ASYA_HANDLER_TIMEOUT_SECONDS"),
        handler_path=handler_path,
        log_level=level,
    )


# --- handler loading -------------------------------------------------------

def _load_error(spec, cause):
    return AsyaError(
        CONFIG_ERROR, 'cannot load handler "%s": %s' % (spec, cause))


def _import_module(spec):
    """Imports the longest importable prefix of spec.

    Returns the module and the remaining attribute names. A missing
    dependency inside the user's module is reported as such, not mistaken
    for a shorter module path.
    """
    parts = spec.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        name = ".".join(parts[:cut])
        try:
            return importlib.import_module(name), parts[cut:]
        except ImportError as exc:
            missing = getattr(exc, "name", None) or ""
            if missing and (name == missing or name.startswith(
                    missing + ".")):
                continue
            raise _load_error(spec, "importing module %r raised %s" % (
                name, _describe(exc)))
        except (Exception, SystemExit) as exc:
            raise _load_error(spec, "importing module %r raised %s" % (
                name, _describe(exc)))
    raise _load_error(spec, "no module named %r" % parts[0])


def _instantiate(spec, cls):
    """Creates the handler object once, with no arguments."""
    try:
        params = inspect.signature(cls).parameters.values()
    except (TypeError, ValueError):
        params = []
    required = [
        p.name for p in params
        if p.default is p.empty and p.kind not in (
            p.VAR_POSITIONAL, p.VAR_KEYWORD)
    ]
    if required:
        raise _load_error(spec, "constructor parameter %r has no default" % (
            required[0]))
    try:
        return cls()
    except (Exception, SystemExit) as exc:
        raise _load_error(spec, "constructor raised " + _describe(exc))


def _load_handler(spec):
    """Returns the callable named by "module.function" or
    "module.Class.method"; raises AsyaError(config_error)."""
    if not spec:
        raise _load_error(spec, "ASYA_HANDLER is not set")
    if "." not in spec:
        raise _load_error(
            spec, 'expected "module.function" or "module.Class.method"')
    if not _HANDLER_RE.match(spec):
        raise _load_error(spec, "only letters, digits, _ and . are allowed")

    module, names = _import_module(spec)
    if len(names) > 2:
        raise _load_error(spec, "expected function or Class.method after "
                          "module %r" % module.__name__)

    target = getattr(module, names[0], None)
    if target is None:
        raise _load_error(spec, "module %r has no attribute %r" % (
            module.__name__, names[0]))
    if len(names) == 2:
        if not inspect.isclass(target):
            raise _load_error(spec, "%r is not a class" % names[0])
        instance = _instantiate(spec, target)
        target = getattr(instance, names[1], None)
        if target is None:
            raise _load_error(spec, "class %r has no method %r" % (
                names[0], names[1]))

    if not callable(target):
        raise _load_error(spec, "%r is not callable" % names[-1])
    return target


# --- envelopes -------------------------------------------------------------

def _envelope_problem(value):
    """Says why value is not a valid envelope, or returns None.

    A valid envelope gets ``route.current`` set (0 when absent).
    """
    if not isinstance(value, dict):
        return "is not a JSON object"
    for key in ("id", "parent_id"):
        if key in value and not isinstance(value[key], str):
            return '"%s" is not a string' % key
    if value.get("id") == "":
        return '"id" is empty'
    if "route" not in value:
        return '"route" is missing'
    route = value["route"]
    if not isinstance(route, dict):
        return '"route" is not an object'
    problem = _route_problem(route)
    if problem:
        return problem
    if "headers" in value and not isinstance(value["headers"], dict):
        return '"headers" is not an object'
    if "payload" not in value:
        return '"payload" is missing'
    return None


def _route_problem(route):
    actors = route.get("actors")
    if not isinstance(actors, list):
        return '"route.actors" is %s' % (
            "missing" if "actors" not in route else "not a list")
    if not actors:
        return '"route.actors" is empty'
    for index, actor in enumerate(actors):
        if not isinstance(actor, str) or not actor:
            return '"route.actors[%d]" is not a non-empty string' % index

    current = route.get("current", 0)
    if isinstance(current, float) and current.is_integer():
        current = int(current)
    if isinstance(current, bool) or not isinstance(current, int):
        return '"route.current" is not an integer'
    if current < 0:
        return '"route.current" is negative'
    if current > len(actors):
        return '"route.current" %d exceeds %d actors' % (
            current, len(actors))
    route["current"] = current

    if "metadata" in route and not isinstance(route["metadata"], dict):
        return '"route.metadata" is not an object'
    return None


def _decode_request(body):
    """Parses and validates one request frame; raises msg_parsing_error."""
    if not body:
        raise AsyaError(MSG_PARSING_ERROR, "cannot parse frame: it is empty")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise AsyaError(
            MSG_PARSING_ERROR, "cannot parse frame: invalid UTF-8", exc)
    try:
        value = json.loads(text, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as exc:
        raise AsyaError(
            MSG_PARSING_ERROR, "cannot parse frame: invalid JSON: %s" % exc,
            exc)
    if _SURROGATE_ESCAPE.search(text):
        try:
            json.dumps(value, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError as exc:
            raise AsyaError(
                MSG_PARSING_ERROR,
                "cannot parse frame: it contains a lone surrogate", exc)

    problem = _envelope_problem(value)
    if problem:
        raise AsyaError(
            MSG_PARSING_ERROR, "cannot parse envelope: %s" % problem)
    return value


def _reject_constant(name):
    raise ValueError("%s is not allowed in JSON" % name)


# --- handler results -------------------------------------------------------

def _results(value, worker):
    """Turns a handler's return value into a list of results.

    None and [] abort (no output); a list or a generator fans out; any
    other value is one result. Coroutines and async generators are run on
    the worker's event loop.
    """
    if inspect.iscoroutine(value):
        value = worker.run_async(value)
    if value is None:
        return []
    if isinstance(value, list):
        return value
    if inspect.isgenerator(value):
        return list(value)
    if inspect.isasyncgen(value):
        return worker.run_async(_collect(value))
    return [value]


async def _collect(agen):
    return [item async for item in agen]


def _payload_outputs(envelope, results):
    """Wraps payloads into envelopes advanced by one actor.

    Item 0 keeps the input id; item i >= 1 gets "<id>-<i>" with the input
    id as parent_id. Headers and route metadata are kept.
    """
    route = envelope["route"]
    current = min(route["current"] + 1, len(route["actors"]))
    envelope_id = envelope.get("id")
    outputs = []
    for index, payload in enumerate(results):
        output = {}
        if envelope_id is not None and index > 0:
            output["id"] = "%s-%d" % (envelope_id, index)
            output["parent_id"] = envelope_id
        else:
            for key in ("id", "parent_id"):
                if key in envelope:
                    output[key] = envelope[key]
        output["route"] = dict(
            route, actors=list(route["actors"]), current=current)
        if "headers" in envelope:
            output["headers"] = dict(envelope["headers"])
        output["payload"] = payload
        outputs.append(output)
    return outputs


def _checked_envelopes(results, kept):
    """Validates envelope-mode outputs against the input's route prefix.

    ``kept`` is ``actors[0..current]`` of the input, taken before the
    handler ran; every output must start with it.
    """
    total = len(results)
    for index, output in enumerate(results):
        where = "envelope[%d/%d]" % (index, total)
        problem = _envelope_problem(output)
        if problem:
            raise AsyaError(
                PROCESSING_ERROR,
                'cannot accept handler output "%s": %s' % (where, problem))
        if output["route"]["actors"][:len(kept)] != kept:
            raise AsyaError(
                PROCESSING_ERROR,
                'cannot accept handler output "%s": actors up to '
                "route.current %d must stay unchanged" % (
                    where, len(kept) - 1))
    return results


def _encode(value, limit):
    """Serialises a response; values JSON cannot carry are errors."""
    try:
        text = json.dumps(
            value, allow_nan=False, ensure_ascii=False,
            separators=(",", ":"))
        body = text.encode("utf-8")
    except (ValueError, TypeError, RecursionError) as exc:
        raise AsyaError(
            PROCESSING_ERROR, "cannot encode handler output: %s" % exc, exc)
    if len(body) > limit:
        raise AsyaError(
            PROCESSING_ERROR,
            "cannot send response: %d bytes exceed the limit of %d" % (
                len(body), limit))
    return body


def _error_frame(err):
    """The one-element error response for an AsyaError."""
    cause = err.cause
    if cause is None:
        return _error_body(err.reason, str(err), type(err).__name__, "")
    trace = "".join(traceback.format_exception(
        type(cause), cause, cause.__traceback__))
    return _error_body(err.reason, str(err), type(cause).__name__, trace)


def _error_body(reason, message, kind, trace):
    details = {
        "message": _printable(message),
        "type": kind,
        "traceback": _printable(trace),
    }
    return json.dumps([{"error": reason, "details": details}]).encode()


def _printable(text):
    """Text safe to encode as UTF-8: lone surrogates become escapes."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _respond(handler, mode, limit, body, worker):
    """Runs one request, from frame bytes to response bytes.

    Returns (response, envelope_id, error); error is the AsyaError
    behind an error response, None on success.
    """
    envelope_id = worker.envelope_id = None
    try:
        envelope = _decode_request(body)
        envelope_id = worker.envelope_id = envelope.get("id")
        route = envelope["route"]
        kept = list(route["actors"][:route["current"] + 1])
        argument = envelope["payload"] if mode == "payload" else envelope
        try:
            results = _results(handler(argument), worker)
        except BaseException as exc:  # SystemExit too: report, not exit
            raise AsyaError(PROCESSING_ERROR, str(exc), exc)
        if mode == "payload":
            outputs = _payload_outputs(envelope, results)
        else:
            outputs = _checked_envelopes(results, kept)
        return _encode(outputs, limit), envelope_id, None
    except AsyaError as err:
        return _error_frame(err), envelope_id, err


# --- handler thread --------------------------------------------------------

class _Worker(object):
    """Runs all handler code on one long-lived thread.

    Import, construction and every call happen on the same thread, so
    handlers holding thread-bound resources (database connections, CUDA
    contexts, an event loop) keep working. The main thread stays free to
    watch the socket, the clock and signals. ``done_fd`` becomes readable
    when a job finishes.
    """

    def __init__(self):
        self._jobs = queue.Queue()
        self._outcome = None
        self._loop = None
        self.envelope_id = None  # of the request being handled, for logs
        self.done_fd, self._done_w = os.pipe()
        self.thread = threading.Thread(target=self._serve, name="handler")
        self.thread.daemon = True
        self.thread.start()

    def submit(self, fn, *args):
        self._jobs.put((fn, args))

    def take(self):
        """Returns (ok, value) of the finished job."""
        os.read(self.done_fd, 1)
        return self._outcome

    def run_async(self, awaitable):
        """Runs a coroutine on this thread's event loop (created once)."""
        if self._loop is None:
            import asyncio  # only async handlers pay for the import

            self._loop = asyncio.new_event_loop()
            asyncio.set_event_loop(self._loop)
        return self._loop.run_until_complete(awaitable)

    def stack(self):
        """The handler thread's current stack, for a timeout report."""
        frame = sys._current_frames().get(self.thread.ident)
        return "".join(traceback.format_stack(frame)) if frame else ""

    def _serve(self):
        while True:
            fn, args = self._jobs.get()
            try:
                outcome = (True, fn(*args))
            except BaseException as exc:
                outcome = (False, exc)
            self._outcome = outcome
            os.write(self._done_w, b".")


# --- framing ---------------------------------------------------------------

def _recv_exact(conn, size):
    """Reads exactly size bytes; a peer closing early is connection_error."""
    buf = bytearray(size)
    view = memoryview(buf)
    got = 0
    while got < size:
        try:
            count = conn.recv_into(view[got:], min(size - got, _CHUNK))
        except OSError as exc:
            raise AsyaError(
                CONNECTION_ERROR, "cannot read frame: %s" % exc, exc)
        if count == 0:
            raise AsyaError(
                CONNECTION_ERROR,
                "cannot read frame: peer closed after %d of %d bytes" % (
                    got, size))
        got += count
    return buf


def _discard(conn, size):
    """Reads and drops size bytes without holding them in memory."""
    scratch = bytearray(min(size, _CHUNK))
    while size > 0:
        try:
            count = conn.recv_into(scratch, min(size, len(scratch)))
        except OSError:
            return
        if count == 0:
            return
        size -= count


def _send_frame(conn, body):
    conn.sendall(_HEADER.pack(len(body)))
    conn.sendall(body)


def _remove(path):
    try:
        os.unlink(path)
    except OSError:
        pass


# --- server ----------------------------------------------------------------

class _StopRequest(object):
    """Set by SIGTERM/SIGINT; ``fd`` becomes readable to wake a select."""

    def __init__(self):
        self.requested = False
        self.fd, self._wake = os.pipe()
        os.set_blocking(self._wake, False)

    def request(self):
        self.requested = True
        try:
            os.write(self._wake, b"!")
        except OSError:
            pass


class _Server(object):
    """Listens on the runtime socket and answers one request per
    connection, one connection at a time."""

    def __init__(self, config, handler, worker):
        self._config = config
        self._handler = handler
        self._worker = worker
        self._listener = None
        self.socket_path = os.path.join(config.socket_dir, SOCKET_NAME)
        self.ready_path = os.path.join(config.socket_dir, READY_FILE_NAME)

    def start(self):
        """Binds the socket, then writes the ready file; idempotent.

        Raises AsyaError(config_error) when the socket cannot listen.
        """
        if self._listener is not None:
            return
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            os.makedirs(self._config.socket_dir, exist_ok=True)
            _replace_stale_socket(self.socket_path)
            listener.bind(self.socket_path)
            os.chmod(self.socket_path, self._config.socket_chmod)
            listener.listen(16)
        except (OSError, AsyaError) as exc:
            listener.close()
            raise AsyaError(
                CONFIG_ERROR, 'cannot listen on socket "%s": %s' % (
                    self.socket_path, exc))
        self._listener = listener
        _write_ready(self.ready_path, self._config)

    def close(self):
        """Removes the ready file and the socket; idempotent."""
        _remove(self.ready_path)
        if self._listener is not None:
            self._listener.close()
            self._listener = None
            _remove(self.socket_path)

    def serve(self, stop):
        """Serves until a stop is requested, finishing the current
        request first."""
        while not stop.requested:
            readable = select.select([self._listener, stop.fd], [], [])[0]
            if stop.requested or self._listener not in readable:
                continue
            conn = self._listener.accept()[0]
            try:
                self._serve_connection(conn, stop)
            finally:
                conn.close()

    def _serve_connection(self, conn, stop):
        # Wait for the first byte, but let a stop request interrupt an
        # idle connection; a peer that connects and leaves is no error.
        if conn not in select.select([conn, stop.fd], [], [])[0]:
            return
        try:
            if not conn.recv(1, socket.MSG_PEEK):
                _log("debug", "connection closed without request")
                return
            body = self._read_request(conn)
        except AsyaError as err:
            _log("warn", "request not read", reason=err.reason, err=str(err))
            self._reply(conn, _error_frame(err))
            return
        if body is None:
            return

        started = time.monotonic()
        self._worker.submit(
            _respond, self._handler, self._config.mode,
            self._config.max_frame_bytes, body, self._worker)
        outcome = self._await(conn)
        if not isinstance(outcome, tuple):
            self._abandon(conn, outcome)  # does not return

        ok, value = outcome
        if ok:
            response, envelope_id, err = value
        else:  # a defect in this file, not in the handler
            err = AsyaError(PROCESSING_ERROR, _describe(value), value)
            response, envelope_id = _error_frame(err), None
        duration_ms = int((time.monotonic() - started) * 1000)
        if err is None:
            _log("debug", "envelope processed", envelope_id=envelope_id,
                 duration_ms=duration_ms)
        else:
            _log("warn", "envelope failed", envelope_id=envelope_id,
                 reason=err.reason, duration_ms=duration_ms,
                 err=_describe(err.cause or err))
        self._reply(conn, response, envelope_id)

    def _read_request(self, conn):
        """Returns the request body, or None after answering an
        oversized frame."""
        size = _HEADER.unpack(bytes(_recv_exact(conn, _HEADER.size)))[0]
        limit = self._config.max_frame_bytes
        if size <= limit:
            return _recv_exact(conn, size)
        # Answer first, then drain in small chunks: the announced size is
        # never allocated, and a peer still writing does not hit EPIPE.
        err = AsyaError(
            MSG_PARSING_ERROR,
            "cannot read frame: %d bytes exceed the limit of %d" % (
                size, limit))
        _log("warn", "request not read", reason=err.reason, err=str(err))
        self._reply(conn, _error_frame(err))
        _discard(conn, size)
        return None

    def _await(self, conn):
        """Waits for the handler; returns its outcome, or TIMEOUT, or
        CONNECTION_ERROR when the peer hangs up first."""
        poller = select.poll()
        poller.register(self._worker.done_fd, select.POLLIN)
        poller.register(conn.fileno(), 0)  # POLLHUP is always reported
        limit = self._config.handler_timeout
        deadline = None if limit is None else time.monotonic() + limit
        while True:
            wait_ms = None
            if deadline is not None:
                wait_ms = max(0, int((deadline - time.monotonic()) * 1000))
            events = dict(poller.poll(wait_ms))
            if self._worker.done_fd in events:
                return self._worker.take()
            if events:
                return CONNECTION_ERROR
            if deadline is not None and time.monotonic() >= deadline:
                return TIMEOUT

    def _abandon(self, conn, why):
        """Leaves a handler that cannot be stopped: no longer ready, tell
        the sidecar once (best effort), then exit for a fresh restart."""
        _remove(self.ready_path)
        envelope_id = self._worker.envelope_id
        if why == TIMEOUT:
            message = "cannot finish handler: it ran longer than %gs" % (
                self._config.handler_timeout)
            self._reply(conn, _error_body(
                TIMEOUT, message, "HandlerTimeout", self._worker.stack()),
                envelope_id)
            _log("error", "handler timed out", reason=TIMEOUT,
                 envelope_id=envelope_id,
                 timeout_seconds=self._config.handler_timeout)
        else:
            _log("warn", "peer hung up during request",
                 reason=CONNECTION_ERROR, envelope_id=envelope_id)
        _remove(self.socket_path)
        _log("info", "runtime exiting for restart", code=EXIT_RESTART)
        os._exit(EXIT_RESTART)

    def _reply(self, conn, body, envelope_id=None):
        try:
            _send_frame(conn, body)
        except OSError as exc:
            _log("warn", "response not delivered", reason=CONNECTION_ERROR,
                 envelope_id=envelope_id, err=_describe(exc))


def _replace_stale_socket(path):
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISSOCK(mode):
        raise AsyaError(CONFIG_ERROR, "a file that is not a socket is there")
    os.unlink(path)


def _write_ready(path, config):
    """Writes the ready file atomically, so readers never see it half."""
    partial = path + ".partial"
    with open(partial, "w") as out:
        json.dump({"pid": os.getpid(), "handler": config.handler,
                   "mode": config.mode}, out)
    os.replace(partial, path)


# --- entry point -----------------------------------------------------------

def _load(config, worker, stop):
    """Loads the handler on the worker thread; None if stopped first.

    Raises AsyaError(config_error) when the handler cannot be loaded.
    """
    worker.submit(_load_handler, config.handler)
    select.select([worker.done_fd, stop.fd], [], [])
    if stop.requested:
        return None
    ok, value = worker.take()
    if ok:
        return value
    if isinstance(value, AsyaError):
        raise value
    raise _load_error(config.handler, _describe(value))


def main(argv=None):
    """Runs the runtime with settings from the environment.

    Returns the exit code: 0 after SIGTERM/SIGINT, 1 for bad settings or
    a handler that cannot be loaded. A timed-out handler or a peer that
    hangs up mid-request ends the process directly with code 75.
    """
    parser = argparse.ArgumentParser(
        prog="asya_runtime.py",
        description="Serve an Asya handler over a Unix socket.",
        epilog="Settings come from the environment: ASYA_HANDLER, "
        "ASYA_HANDLER_MODE, ASYA_HANDLER_PATH, ASYA_SOCKET_DIR, "
        "ASYA_SOCKET_CHMOD, ASYA_MAX_FRAME_BYTES, "
        "ASYA_HANDLER_TIMEOUT_SECONDS, ASYA_LOG_LEVEL.")
    parser.add_argument(
        "--check", action="store_true",
        help="load the handler, report the result and exit")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return exc.code

    try:
        config = _read_config(os.environ)
    except AsyaError as err:
        _log("error", "runtime not configured", reason=err.reason,
             err=str(err))
        return EXIT_CONFIG
    _log_state["threshold"] = _LEVELS[config.log_level]

    # A ready file left by a crashed predecessor must not announce us.
    ready_path = os.path.join(config.socket_dir, READY_FILE_NAME)
    if not args.check:
        _remove(ready_path)
    stop = _StopRequest()

    def on_signal(signum, frame):
        if not args.check:
            _remove(ready_path)
        stop.request()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    sys.path[:0] = [p for p in (config.handler_path, os.getcwd()) if p]

    worker = _Worker()
    _log("info", "handler loading", handler=config.handler, mode=config.mode)
    try:
        handler = _load(config, worker, stop)
    except AsyaError as err:
        _log("error", "handler not loaded", reason=err.reason,
             handler=config.handler, err=str(err))
        return EXIT_CONFIG
    if handler is None:
        _log("info", "runtime stopped", reason="signal")
        return EXIT_OK
    if args.check:
        _log("info", "handler loaded", handler=config.handler,
             mode=config.mode)
        return EXIT_OK

    server = _Server(config, handler, worker)
    try:
        server.start()
    except AsyaError as err:
        _log("error", "runtime not listening", reason=err.reason,
             err=str(err))
        return EXIT_CONFIG
    _log("info", "runtime ready", handler=config.handler, mode=config.mode,
         socket=server.socket_path, pid=os.getpid())
    try:
        server.serve(stop)
    finally:
        server.close()
    _log("info", "runtime stopped", reason="signal")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
