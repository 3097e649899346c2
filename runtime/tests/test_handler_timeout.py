"""A handler that cannot finish: the runtime steps down with exit 75 so
its supervisor restarts it with fresh state."""

import json
import os
import socket
import time
import unittest

from tests.runtime_process import (RuntimeProcess, envelope, frame,
                                   read_frame)


def _sleep_request(seconds):
    return frame(json.dumps(envelope({"seconds": seconds})).encode())


class HandlerTimeoutTest(unittest.TestCase):
    def test_reports_timeout_once_and_exits_75(self):
        with RuntimeProcess(
                "payload_handlers.sleep",
                env={"ASYA_HANDLER_TIMEOUT_SECONDS": "0.3"}) as runtime:
            runtime.wait_ready()
            conn = runtime.connect()
            started = time.monotonic()
            conn.sendall(_sleep_request(30))
            [error] = json.loads(read_frame(conn))
            self.assertEqual(conn.recv(1), b"")
            conn.close()
            self.assertEqual(runtime.wait(), 75)
            self.assertLess(time.monotonic() - started, 5)
            self.assertEqual(error["error"], "timeout")
            self.assertEqual(error["details"]["type"], "HandlerTimeout")
            self.assertIn("sleep", error["details"]["traceback"])
            self.assertFalse(os.path.exists(runtime.ready_path))
            self.assertFalse(os.path.exists(runtime.socket_path))
            timeouts = [r for r in runtime.logs()
                        if r.get("reason") == "timeout"]
            self.assertEqual(len(timeouts), 1)
            self.assertEqual(timeouts[0]["envelope_id"], "env-1")

    def test_serves_handlers_that_finish_in_time(self):
        with RuntimeProcess(
                "payload_handlers.sleep",
                env={"ASYA_HANDLER_TIMEOUT_SECONDS": "2"}) as runtime:
            runtime.wait_ready()
            for _ in range(2):
                [output] = runtime.call(envelope({"seconds": 0.05}))
                self.assertEqual(output["payload"], {"slept": 0.05})
            self.assertIsNone(runtime.proc.poll())


class PeerHangUpTest(unittest.TestCase):
    def test_exits_75_when_the_peer_hangs_up_mid_request(self):
        with RuntimeProcess("payload_handlers.sleep") as runtime:
            runtime.wait_ready()
            conn = runtime.connect()
            conn.sendall(_sleep_request(30))
            time.sleep(0.2)
            conn.close()
            self.assertEqual(runtime.wait(), 75)
            self.assertFalse(os.path.exists(runtime.ready_path))
            self.assertFalse(os.path.exists(runtime.socket_path))
            reasons = [r.get("reason") for r in runtime.logs()]
            self.assertIn("connection_error", reasons)

    def test_treats_a_half_close_as_a_normal_request(self):
        with RuntimeProcess("payload_handlers.sleep") as runtime:
            runtime.wait_ready()
            conn = runtime.connect()
            conn.sendall(_sleep_request(0.3))
            conn.shutdown(socket.SHUT_WR)
            [output] = json.loads(read_frame(conn))
            conn.close()
            self.assertEqual(output["payload"], {"slept": 0.3})
            self.assertIsNone(runtime.proc.poll())


if __name__ == "__main__":
    unittest.main()
