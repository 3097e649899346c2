"""Values that must come back exactly as they went in."""

import json
import unittest

from tests.runtime_process import RuntimeProcess, envelope


def _nested(depth):
    value = {"leaf": [1, "two", None]}
    for level in range(depth):
        value = {"level": level, "child": value}
    return value


_PAYLOADS = [
    ("CJK", {"text": "数据管道和人工智能"}),
    ("Hebrew", {"text": "שלום עולם"}),
    ("Cyrillic", {"text": "Привет, мир"}),
    ("emoji outside the BMP", {"text": "🚀 👍🏽 🇩🇪"}),
    ("20 levels of nesting", _nested(20)),
    ("null values", {"a": None, "b": [None, None], "c": {"d": None}}),
    ("JSON special characters",
     {"s": "quote \" backslash \\ slash / \b\f\n\r\t \u0001 \u001f"}),
    ("mixed scalars",
     {"v": [0, -1, 1.5, -2.25e-10, 1e300, True, False, "", None]}),
    ("large integers", {"big": 2 ** 63, "neg": -(2 ** 53) - 1}),
    ("top-level string", "plain"),
    ("top-level number", 12.5),
    ("top-level false", False),
    ("empty object", {}),
]


class RoundTripTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.runtime = RuntimeProcess("payload_handlers.echo").wait_ready()

    @classmethod
    def tearDownClass(cls):
        cls.runtime.close()

    def test_returns_payloads_unchanged(self):
        for reason, payload in _PAYLOADS:
            with self.subTest(reason=reason):
                [output] = self.runtime.call(envelope(payload))
                self.assertEqual(output["payload"], payload)

    def test_sends_non_ascii_text_as_utf8_not_escapes(self):
        body = json.dumps(envelope({"t": "数据"}), ensure_ascii=False)
        raw = self.runtime.call_raw(body.encode("utf-8"))
        self.assertIn("数据".encode("utf-8"), raw)

    def test_keeps_unicode_in_headers(self):
        headers = {"note": "ünïcødé ✓", "nested": {"k": ["v", 1]}}
        [output] = self.runtime.call(envelope(1, headers=headers))
        self.assertEqual(output["headers"], headers)


if __name__ == "__main__":
    unittest.main()
