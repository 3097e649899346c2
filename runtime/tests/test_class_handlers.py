"""Class handlers: one instance, created with its defaults, kept for
every call."""

import unittest

from tests.runtime_process import RuntimeProcess, envelope


class ClassHandlerTest(unittest.TestCase):
    def test_creates_the_instance_once_and_keeps_its_state(self):
        with RuntimeProcess("class_handlers.Counter.process") as runtime:
            runtime.wait_ready()
            results = [runtime.call(envelope(i))[0]["payload"]
                       for i in range(3)]
        # start=10 is the constructor default; one instance for all calls.
        self.assertEqual(results, [{"calls": 11, "instances": 1},
                                   {"calls": 12, "instances": 1},
                                   {"calls": 13, "instances": 1}])

    def test_serves_class_handlers_in_envelope_mode(self):
        with RuntimeProcess("class_handlers.Counter.process",
                            mode="envelope") as runtime:
            [error] = runtime.wait_ready().call(envelope(1))
        # The method returns a payload, not an envelope: rejected.
        self.assertEqual(error["error"], "processing_error")
        self.assertIn("envelope[0/1]", error["details"]["message"])


if __name__ == "__main__":
    unittest.main()
