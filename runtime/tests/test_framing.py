"""Framing: sizes, pieces, early hang-ups and the frame size limit."""

import json
import socket
import struct
import time
import unittest

from tests.runtime_process import (RuntimeProcess, envelope, frame,
                                   read_frame)

_LIMIT = 12 * 1024 * 1024


def _rss_kib(pid):
    with open("/proc/%d/status" % pid) as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS for %d" % pid)


class FramingTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.runtime = RuntimeProcess(
            "payload_handlers.echo",
            env={"ASYA_MAX_FRAME_BYTES": str(_LIMIT)}).wait_ready()

    @classmethod
    def tearDownClass(cls):
        cls.runtime.close()

    def _request(self):
        return json.dumps(envelope({"k": "v"})).encode("utf-8")

    def test_round_trips_payloads_of_10kb_1mb_and_10mb(self):
        for size in (10 * 1024, 1024 * 1024, 10 * 1024 * 1024):
            with self.subTest(size=size):
                text = "x" * size
                [output] = self.runtime.call(envelope({"blob": text}))
                self.assertEqual(len(output["payload"]["blob"]), size)

    def test_reassembles_a_frame_sent_in_pieces(self):
        data = frame(self._request())
        conn = self.runtime.connect()
        with conn:
            for start in range(0, len(data), 7):
                conn.sendall(data[start:start + 7])
                time.sleep(0.002)
            [output] = json.loads(read_frame(conn))
        self.assertEqual(output["payload"], {"k": "v"})

    def test_answers_connection_error_when_the_peer_stops_mid_frame(self):
        body = self._request()
        for reason, data in [("inside the header", frame(body)[:2]),
                             ("inside the body", frame(body)[:20])]:
            with self.subTest(reason=reason):
                conn = self.runtime.connect()
                with conn:
                    conn.sendall(data)
                    conn.shutdown(socket.SHUT_WR)
                    [error] = json.loads(read_frame(conn))
                self.assertEqual(error["error"], "connection_error")

    def test_survives_a_peer_that_closes_mid_frame(self):
        conn = self.runtime.connect()
        conn.sendall(frame(self._request())[:10])
        conn.close()
        self.assertEqual(self.runtime.call(envelope(7))[0]["payload"], 7)

    def test_survives_a_peer_that_connects_and_leaves(self):
        self.runtime.connect().close()
        self.assertEqual(self.runtime.call(envelope(8))[0]["payload"], 8)

    def test_rejects_an_oversized_frame_without_allocating_it(self):
        before = _rss_kib(self.runtime.proc.pid)
        conn = self.runtime.connect()
        with conn:
            conn.sendall(struct.pack(">I", 0xFFFFFFF0) + b"{" * 4096)
            [error] = json.loads(read_frame(conn))
        self.assertEqual(error["error"], "msg_parsing_error")
        self.assertLess(_rss_kib(self.runtime.proc.pid) - before, 64 * 1024)
        self.assertEqual(self.runtime.call(envelope(9))[0]["payload"], 9)

    def test_drains_an_oversized_frame_the_peer_keeps_sending(self):
        size = _LIMIT + 1024
        conn = self.runtime.connect()
        with conn:
            conn.sendall(struct.pack(">I", size) + b" " * size)
            [error] = json.loads(read_frame(conn))
        self.assertEqual(error["error"], "msg_parsing_error")
        self.assertEqual(self.runtime.call(envelope(10))[0]["payload"], 10)

    def test_rejects_a_response_larger_than_the_limit(self):
        with RuntimeProcess(
                "payload_handlers.return_huge",
                env={"ASYA_MAX_FRAME_BYTES": "4096"}) as runtime:
            [error] = runtime.wait_ready().call(envelope({"size": 8192}))
        self.assertEqual(error["error"], "processing_error")


if __name__ == "__main__":
    unittest.main()
