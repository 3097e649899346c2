"""A real runtime process on a real Unix socket, for the tests.

Spawns ``asya_runtime.py`` with the environment a sidecar pod would give
it, in its own temporary socket directory, and speaks the framing
protocol to it. Handler modules live in ``tests/handlers``.
"""

import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

RUNTIME_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPT = os.path.join(RUNTIME_DIR, "asya_runtime.py")
HANDLERS_DIR = os.path.join(RUNTIME_DIR, "tests", "handlers")
REPO_DIR = os.path.dirname(RUNTIME_DIR)
FIXTURES_DIR = os.path.join(REPO_DIR, "test", "fixtures", "envelopes")
SOCKET_NAME = "asya-runtime.sock"
READY_NAME = "runtime-ready"


def frame(body):
    """Prefixes body with its 4-byte big-endian length."""
    return struct.pack(">I", len(body)) + body


def read_exact(conn, size):
    chunks = []
    while size:
        chunk = conn.recv(min(size, 1 << 20))
        if not chunk:
            raise EOFError("peer closed with %d bytes missing" % size)
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def read_frame(conn):
    size = struct.unpack(">I", read_exact(conn, 4))[0]
    return read_exact(conn, size)


def envelope(payload, actors=("a", "b"), current=0, **extra):
    """A valid envelope with the given payload."""
    value = {"id": "env-1", "route": {"actors": list(actors),
                                      "current": current},
             "payload": payload}
    value.update(extra)
    return value


class RuntimeProcess(object):
    """One spawned runtime. Use as a context manager or call close()."""

    def __init__(self, handler, mode=None, env=None, args=(),
                 handler_path=HANDLERS_DIR, cwd=None, socket_dir=None):
        self.dir = tempfile.mkdtemp(prefix="asya-rt-")
        self.socket_dir = socket_dir or os.path.join(self.dir, "sock")
        self.socket_path = os.path.join(self.socket_dir, SOCKET_NAME)
        self.ready_path = os.path.join(self.socket_dir, READY_NAME)
        self.log_path = os.path.join(self.dir, "stderr.log")
        full_env = dict(os.environ)
        for key in list(full_env):
            if key.startswith("ASYA_"):
                del full_env[key]
        full_env.update({"ASYA_SOCKET_DIR": self.socket_dir,
                         "ASYA_LOG_LEVEL": "debug"})
        if handler is not None:
            full_env["ASYA_HANDLER"] = handler
        if mode is not None:
            full_env["ASYA_HANDLER_MODE"] = mode
        if handler_path is not None:
            full_env["ASYA_HANDLER_PATH"] = handler_path
        full_env.update(env or {})
        self._log_file = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            [sys.executable, SCRIPT] + list(args), env=full_env,
            cwd=cwd or self.dir, stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=self._log_file)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def wait_ready(self, timeout=10.0):
        """Waits for the ready file; fails if the process exits first."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if os.path.exists(self.ready_path):
                return self
            if self.proc.poll() is not None:
                raise AssertionError("runtime exited with %s: %s" % (
                    self.proc.returncode, self.stderr()))
            time.sleep(0.01)
        raise AssertionError("runtime not ready: %s" % self.stderr())

    def wait_log(self, msg, timeout=10.0):
        """Waits for a log record with the given msg and returns it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for record in self.logs():
                if record["msg"] == msg:
                    return record
            time.sleep(0.01)
        raise AssertionError("no %r log: %s" % (msg, self.stderr()))

    def connect(self):
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        conn.settimeout(30)
        conn.connect(self.socket_path)
        return conn

    def call_raw(self, body):
        """Sends one frame with body; returns the response bytes."""
        conn = self.connect()
        try:
            conn.sendall(frame(body))
            return read_frame(conn)
        finally:
            conn.close()

    def call(self, value):
        """Sends one JSON value; returns the decoded response."""
        body = json.dumps(value).encode("utf-8")
        return json.loads(self.call_raw(body).decode("utf-8"))

    def wait(self, timeout=10.0):
        return self.proc.wait(timeout)

    def terminate(self):
        self.proc.send_signal(signal.SIGTERM)
        return self.wait()

    def stderr(self):
        with open(self.log_path, "rb") as source:
            return source.read().decode("utf-8", "replace")

    def logs(self):
        """The JSON log records written so far (complete lines only)."""
        lines = self.stderr().split("\n")[:-1]
        return [json.loads(line) for line in lines if line.strip()]

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self._log_file.close()
        shutil.rmtree(self.dir, ignore_errors=True)


def load_fixtures():
    """The shared envelope fixtures as (name, document) pairs."""
    names = sorted(n for n in os.listdir(FIXTURES_DIR) if n.endswith(".json"))
    result = []
    for name in names:
        with open(os.path.join(FIXTURES_DIR, name), "rb") as source:
            result.append((name, json.loads(source.read().decode("utf-8"))))
    return result
