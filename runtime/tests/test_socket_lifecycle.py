"""The socket and the ready file: permissions, stale files, readiness
order and shutdown on SIGTERM."""

import json
import os
import signal
import socket
import stat
import threading
import time
import unittest

from tests.runtime_process import (RuntimeProcess, envelope, frame,
                                   read_frame)


def _mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def _wait_gone(path, timeout=5.0):
    deadline = time.monotonic() + timeout
    while os.path.exists(path) and time.monotonic() < deadline:
        time.sleep(0.01)
    if os.path.exists(path):
        raise AssertionError("%s still exists" % path)


def _sleep_request(seconds):
    return frame(json.dumps(envelope({"seconds": seconds})).encode())


class SocketPermissionsTest(unittest.TestCase):
    def test_applies_0666_by_default_and_custom_modes(self):
        for reason, setting, expected in [("default", None, 0o666),
                                          ("plain octal", "600", 0o600),
                                          ("0o prefix", "0o640", 0o640)]:
            with self.subTest(reason=reason):
                env = {} if setting is None else {
                    "ASYA_SOCKET_CHMOD": setting}
                with RuntimeProcess("payload_handlers.echo",
                                    env=env) as runtime:
                    runtime.wait_ready()
                    self.assertEqual(_mode(runtime.socket_path), expected)


class StaleFilesTest(unittest.TestCase):
    def test_replaces_a_stale_socket_and_ready_file(self):
        with RuntimeProcess("slow_import.process") as runtime:
            # Leave what a killed predecessor would leave behind.
            os.makedirs(runtime.socket_dir, exist_ok=True)
            stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            stale.bind(runtime.socket_path)
            stale.close()
            with open(runtime.ready_path, "w") as out:
                out.write("{}")
            runtime.wait_log("handler loading")
            # The stale ready file is gone before the handler is loaded.
            self.assertFalse(os.path.exists(runtime.ready_path))
            runtime.wait_ready()
            self.assertEqual(runtime.call(envelope(4))[0]["payload"], 4)

    def test_refuses_to_replace_a_file_that_is_not_a_socket(self):
        with RuntimeProcess("payload_handlers.echo") as runtime:
            os.makedirs(runtime.socket_dir, exist_ok=True)
            with open(runtime.socket_path, "w") as out:
                out.write("not a socket")
            self.assertEqual(runtime.wait(), 1)
            self.assertFalse(os.path.exists(runtime.ready_path))


class ReadinessTest(unittest.TestCase):
    def test_writes_the_ready_file_only_after_load_and_listen(self):
        with RuntimeProcess("slow_import.process") as runtime:
            time.sleep(0.4)
            self.assertFalse(os.path.exists(runtime.ready_path))
            self.assertFalse(os.path.exists(runtime.socket_path))
            runtime.wait_ready()
            # The socket accepts as soon as the ready file is there.
            runtime.connect().close()
            with open(runtime.ready_path) as source:
                content = json.load(source)
            self.assertEqual(content["pid"], runtime.proc.pid)


class SigtermTest(unittest.TestCase):
    def test_finishes_the_current_request_then_exits_cleanly(self):
        with RuntimeProcess("payload_handlers.sleep") as runtime:
            runtime.wait_ready()
            conn = runtime.connect()
            conn.sendall(_sleep_request(0.6))
            time.sleep(0.2)
            runtime.proc.send_signal(signal.SIGTERM)
            _wait_gone(runtime.ready_path)
            self.assertIsNone(runtime.proc.poll())
            [output] = json.loads(read_frame(conn))
            conn.close()
            self.assertEqual(output["payload"], {"slept": 0.6})
            self.assertEqual(runtime.wait(), 0)
            self.assertFalse(os.path.exists(runtime.socket_path))

    def test_exits_cleanly_when_idle_or_holding_an_idle_connection(self):
        for reason, keep_open in [("idle", False),
                                  ("idle connection", True)]:
            with self.subTest(reason=reason):
                with RuntimeProcess("payload_handlers.echo") as runtime:
                    runtime.wait_ready()
                    conn = runtime.connect() if keep_open else None
                    time.sleep(0.05)
                    self.assertEqual(runtime.terminate(), 0)
                    self.assertFalse(os.path.exists(runtime.ready_path))
                    self.assertFalse(os.path.exists(runtime.socket_path))
                    if conn is not None:
                        conn.close()

    def test_exits_cleanly_when_stopped_while_loading(self):
        with RuntimeProcess("slow_import.process") as runtime:
            runtime.wait_log("handler loading")
            self.assertEqual(runtime.terminate(), 0)
            self.assertFalse(os.path.exists(runtime.ready_path))
            self.assertFalse(os.path.exists(runtime.socket_path))

    def test_serves_requests_one_at_a_time(self):
        with RuntimeProcess("payload_handlers.sleep") as runtime:
            runtime.wait_ready()
            results = []

            def call():
                results.append(runtime.call(envelope({"seconds": 0.2})))

            threads = [threading.Thread(target=call) for _ in range(3)]
            started = time.monotonic()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            self.assertGreaterEqual(time.monotonic() - started, 0.6)
            self.assertEqual(len(results), 3)


if __name__ == "__main__":
    unittest.main()
