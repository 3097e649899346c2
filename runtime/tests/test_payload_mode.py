"""Payload mode: the handler gets and returns payloads; the runtime
builds the output envelopes and advances the route."""

import unittest

from tests.runtime_process import RuntimeProcess, envelope


def _serve(handler):
    runtime = RuntimeProcess("payload_handlers." + handler)
    return runtime.wait_ready()


class PayloadOutputsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.echo = _serve("echo")

    @classmethod
    def tearDownClass(cls):
        cls.echo.close()

    def test_advances_current_and_keeps_id_parent_and_headers(self):
        value = envelope({"k": "v"}, actors=["a", "b", "c"], current=1,
                         parent_id="root", headers={"trace": "t1"})
        value["route"]["metadata"] = {"tenant": "x"}
        [output] = self.echo.call(value)
        self.assertEqual(output, {
            "id": "env-1", "parent_id": "root",
            "route": {"actors": ["a", "b", "c"], "current": 2,
                      "metadata": {"tenant": "x"}},
            "headers": {"trace": "t1"}, "payload": {"k": "v"}})

    def test_treats_a_route_without_current_as_zero(self):
        value = envelope("p")
        del value["route"]["current"]
        [output] = self.echo.call(value)
        self.assertEqual(output["route"]["current"], 1)

    def test_finishes_the_route_after_the_last_actor(self):
        [output] = self.echo.call(envelope("p", actors=["a"], current=0))
        self.assertEqual(output["route"], {"actors": ["a"], "current": 1})

    def test_omits_headers_when_the_input_has_none(self):
        [output] = self.echo.call(envelope("p"))
        self.assertNotIn("headers", output)
        self.assertNotIn("parent_id", output)

    def test_treats_a_returned_null_payload_as_abort(self):
        self.assertEqual(self.echo.call(envelope(None)), [])


class PayloadReturnValuesTest(unittest.TestCase):
    def test_uses_non_dict_values_as_the_payload_verbatim(self):
        cases = [
            ("a string", "to_text", "text"),
            ("a number", "to_number", 42.5),
            ("a tuple is one JSON array", "to_tuple", [1, 2]),
            ("a one-item list is a single result", "one_item",
             {"only": True}),
            ("a coroutine is awaited", "async_echo", {"async": 5}),
        ]
        for reason, handler, expected in cases:
            with self.subTest(reason=reason):
                with _serve(handler) as runtime:
                    response = runtime.call(envelope(5))
                    self.assertEqual(len(response), 1)
                    self.assertEqual(response[0]["payload"], expected)

    def test_aborts_with_an_empty_response(self):
        for reason, handler in [("None", "abort_none"),
                                ("empty list", "abort_empty"),
                                ("empty generator", "generate_nothing")]:
            with self.subTest(reason=reason):
                with _serve(handler) as runtime:
                    self.assertEqual(runtime.call(envelope(1)), [])


class PayloadFanOutTest(unittest.TestCase):
    def test_gives_one_output_per_list_item_with_child_ids(self):
        with _serve("fan_out") as runtime:
            response = runtime.call(envelope(
                {"n": 1}, parent_id="root", headers={"h": 1}))
        self.assertEqual([o["payload"] for o in response],
                         [{"n": 1}, {"second": True}, "third"])
        self.assertEqual([o["id"] for o in response],
                         ["env-1", "env-1-1", "env-1-2"])
        self.assertEqual([o["parent_id"] for o in response],
                         ["root", "env-1", "env-1"])
        for output in response:
            self.assertEqual(output["route"],
                             {"actors": ["a", "b"], "current": 1})
            self.assertEqual(output["headers"], {"h": 1})

    def test_fans_out_generators_and_async_generators(self):
        for reason, handler, count in [("generator", "generate", 3),
                                       ("async generator",
                                        "async_generate", 2)]:
            with self.subTest(reason=reason):
                with _serve(handler) as runtime:
                    response = runtime.call(envelope(None))
                self.assertEqual([o["payload"] for o in response],
                                 [{"index": i} for i in range(count)])
                self.assertEqual(response[-1]["id"],
                                 "env-1-%d" % (count - 1))


if __name__ == "__main__":
    unittest.main()
