"""Handler failures and values JSON cannot carry become one
processing_error with message, type and traceback."""

import json
import unittest

from tests.runtime_process import RuntimeProcess, envelope


def _error_of(handler):
    with RuntimeProcess("payload_handlers." + handler) as runtime:
        response = runtime.wait_ready().call(envelope({"in": 1}))
        # The runtime stays usable after a failure.
        follow_up = runtime.call_raw(json.dumps(envelope(1)).encode())
    return response, json.loads(follow_up)


class HandlerExceptionTest(unittest.TestCase):
    def test_reports_exceptions_with_their_class_name(self):
        cases = [
            ("ordinary exception", "raise_value_error", "ValueError",
             "bad value"),
            ("host memory exhausted", "raise_memory_error", "MemoryError",
             "out of host memory"),
            ("CUDA out of memory", "raise_cuda_oom", "OutOfMemoryError",
             "CUDA out of memory. Tried to allocate 2.00 GiB"),
            ("handler calls sys.exit", "raise_system_exit", "SystemExit",
             "3"),
            ("generator raises after a yield", "fail_in_generator",
             "KeyError", "'missing'"),
        ]
        for reason, handler, kind, message in cases:
            with self.subTest(reason=reason):
                response, follow_up = _error_of(handler)
                self.assertEqual(len(response), 1)
                error = response[0]
                self.assertEqual(error["error"], "processing_error")
                self.assertEqual(error["details"]["type"], kind)
                self.assertEqual(error["details"]["message"], message)
                self.assertIn("Traceback", error["details"]["traceback"])
                self.assertIn(handler, error["details"]["traceback"])
                self.assertEqual(len(follow_up), 1)


class UnencodableOutputTest(unittest.TestCase):
    def test_reports_values_json_cannot_carry_as_processing_error(self):
        cases = [
            ("NaN", "return_nan", "ValueError"),
            ("Infinity", "return_infinity", "ValueError"),
            ("nested -Infinity", "return_negative_infinity", "ValueError"),
            ("datetime", "return_datetime", "TypeError"),
            ("set", "return_set", "TypeError"),
            ("arbitrary object", "return_object", "TypeError"),
            ("lone surrogate", "return_lone_surrogate",
             "UnicodeEncodeError"),
            ("circular reference", "return_circular", "ValueError"),
        ]
        for reason, handler, kind in cases:
            with self.subTest(reason=reason):
                response, _ = _error_of(handler)
                self.assertEqual([e["error"] for e in response],
                                 ["processing_error"])
                self.assertEqual(response[0]["details"]["type"], kind)
                self.assertTrue(response[0]["details"]["message"])


if __name__ == "__main__":
    unittest.main()
