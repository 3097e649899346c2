"""Input validation: every bad request gets msg_parsing_error, and the
shared envelope fixtures behave as their files say."""

import base64
import json
import unittest

from tests.runtime_process import RuntimeProcess, envelope, load_fixtures


def _route(**route):
    return {"id": "v-1", "route": route, "payload": 1}


# (reason, request body bytes)
_INVALID = [
    ("zero-length frame", b""),
    ("invalid JSON", b'{"id": '),
    ("invalid UTF-8", b'{"id": "\xc3\x28"}'),
    ("NaN literal", b'{"route": {"actors": ["a"]}, "payload": NaN}'),
    ("Infinity literal",
     b'{"route": {"actors": ["a"]}, "payload": -Infinity}'),
    ("lone surrogate escape",
     b'{"route": {"actors": ["a"]}, "payload": "\\ud800"}'),
    ("not an object", b"[1, 2]"),
    ("route missing", json.dumps({"id": "x", "payload": 1})),
    ("route not an object", json.dumps({"route": "a", "payload": 1})),
    ("actors missing", json.dumps(_route(current=0))),
    ("actors not a list", json.dumps(_route(actors={"a": 1}))),
    ("actors empty", json.dumps(_route(actors=[]))),
    ("actor not a string", json.dumps(_route(actors=["a", 7]))),
    ("actor empty", json.dumps(_route(actors=[""]))),
    ("current a string", json.dumps(_route(actors=["a"], current="0"))),
    ("current a boolean", json.dumps(_route(actors=["a"], current=True))),
    ("current a fraction", json.dumps(_route(actors=["a"], current=0.5))),
    ("current negative", json.dumps(_route(actors=["a"], current=-1))),
    ("current beyond route", json.dumps(_route(actors=["a"], current=2))),
    ("metadata not an object",
     json.dumps(_route(actors=["a"], metadata=[1]))),
    ("payload missing",
     json.dumps({"id": "x", "route": {"actors": ["a"]}})),
    ("headers not an object",
     json.dumps(dict(envelope(1), headers="h"))),
    ("headers null", json.dumps(dict(envelope(1), headers=None))),
    ("id not a string", json.dumps(dict(envelope(1), id=7))),
    ("id empty", json.dumps(dict(envelope(1), id=""))),
    ("parent_id not a string", json.dumps(dict(envelope(1), parent_id=1))),
]


def _body(fixture):
    if "raw" in fixture:
        return fixture["raw"].encode("utf-8")
    if "raw_base64" in fixture:
        return base64.b64decode(fixture["raw_base64"])
    return json.dumps(fixture["envelope"]).encode("utf-8")


class InputValidationTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.runtime = RuntimeProcess("payload_handlers.echo").wait_ready()

    @classmethod
    def tearDownClass(cls):
        cls.runtime.close()

    def test_rejects_bad_input_with_msg_parsing_error(self):
        for reason, body in _INVALID:
            with self.subTest(reason=reason):
                if isinstance(body, str):
                    body = body.encode("utf-8")
                [error] = json.loads(self.runtime.call_raw(body))
                self.assertEqual(error["error"], "msg_parsing_error")
                self.assertEqual(set(error["details"]),
                                 {"message", "type", "traceback"})

    def test_accepts_an_integral_float_current_and_no_id(self):
        value = {"route": {"actors": ["a", "b"], "current": 1.0},
                 "payload": 1}
        [output] = self.runtime.call(value)
        self.assertEqual(output["route"]["current"], 2)
        self.assertNotIn("id", output)

    def test_keeps_serving_after_bad_input(self):
        self.runtime.call_raw(b"not json")
        self.assertEqual(self.runtime.call(envelope(3))[0]["payload"], 3)

    def test_follows_the_shared_envelope_fixtures(self):
        fixtures = load_fixtures()
        self.assertGreaterEqual(len(fixtures), 10)
        for name, fixture in fixtures:
            with self.subTest(fixture=name):
                response = json.loads(self.runtime.call_raw(_body(fixture)))
                expect = fixture["expect"]
                if expect["valid"]:
                    self.assertEqual(response, expect["payload_echo"])
                    continue
                self.assertEqual(response[0]["error"], expect["reason"])
                if expect["field"]:
                    self.assertIn('"%s"' % expect["field"],
                                  response[0]["details"]["message"])


if __name__ == "__main__":
    unittest.main()
