"""Envelope mode: the handler gets and returns whole envelopes; the
route prefix up to the input's current actor must stay unchanged."""

import unittest

from tests.runtime_process import RuntimeProcess, envelope


def _serve(handler):
    runtime = RuntimeProcess("envelope_handlers." + handler, mode="envelope")
    return runtime.wait_ready()


def _input():
    return envelope({"q": 1}, actors=["a", "b", "c"], current=1,
                    headers={"h": "1"})


class EnvelopeModeAcceptsTest(unittest.TestCase):
    def test_accepts_identity_route_changes_and_fan_out(self):
        cases = [
            ("identity", "identity", [(["a", "b", "c"], 1)]),
            ("advance", "advance", [(["a", "b", "c"], 2)]),
            ("route extension", "extend_route",
             [(["a", "b", "c", "extra"], 2)]),
            ("later actors replaced", "replace_future",
             [(["a", "b", "other"], 2)]),
            ("fan-out list", "fan_out",
             [(["a", "b", "c"], 2), (["a", "b", "c"], 1)]),
            ("fan-out generator", "generate",
             [(["a", "b", "c"], 1), (["a", "b", "c"], 1)]),
        ]
        for reason, handler, routes in cases:
            with self.subTest(reason=reason):
                with _serve(handler) as runtime:
                    response = runtime.call(_input())
                self.assertEqual(
                    [(o["route"]["actors"], o["route"]["current"])
                     for o in response], routes)
                self.assertEqual(response[0]["headers"], {"h": "1"})

    def test_passes_the_whole_envelope_to_the_handler(self):
        with _serve("identity") as runtime:
            value = _input()
            value["route"]["metadata"] = {"m": 1}
            self.assertEqual(runtime.call(value), [value])

    def test_aborts_with_an_empty_response(self):
        with _serve("abort") as runtime:
            self.assertEqual(runtime.call(_input()), [])


class EnvelopeModeRejectsTest(unittest.TestCase):
    def test_fails_with_processing_error_naming_the_output(self):
        cases = [
            ("current actor replaced", "replace_current", "envelope[0/1]"),
            ("current actor removed", "remove_current", "envelope[0/1]"),
            ("past actor changed in second output",
             "replace_past_in_second", "envelope[1/2]"),
            ("payload missing", "missing_payload", "envelope[0/1]"),
            ("route missing", "missing_route", "envelope[0/1]"),
            ("output not an object", "not_an_object", "envelope[0/3]"),
        ]
        for reason, handler, where in cases:
            with self.subTest(reason=reason):
                with _serve(handler) as runtime:
                    [error] = runtime.call(_input())
                self.assertEqual(error["error"], "processing_error")
                self.assertIn(where, error["details"]["message"])
                self.assertEqual(set(error["details"]),
                                 {"message", "type", "traceback"})


if __name__ == "__main__":
    unittest.main()
