"""The runtime file itself: one stdlib-only file for Python 3.7+."""

import ast
import contextlib
import io
import sys
import unittest

import asya_runtime
from tests.runtime_process import SCRIPT

# sys.stdlib_module_names exists from Python 3.10; older interpreters get
# the list of what the runtime is allowed to import.
_STDLIB = getattr(sys, "stdlib_module_names", frozenset([
    "argparse", "asyncio", "collections", "datetime", "importlib",
    "inspect", "json", "os", "queue", "re", "select", "signal", "socket",
    "stat", "struct", "sys", "threading", "time", "traceback",
]))


def _source():
    with open(SCRIPT, "rb") as source:
        return source.read().decode("utf-8")


class RuntimeSourceTest(unittest.TestCase):
    def test_parses_with_python_3_7_grammar(self):
        ast.parse(_source(), feature_version=(3, 7))

    def test_keeps_lines_within_79_columns(self):
        wide = [number for number, line in
                enumerate(_source().splitlines(), 1) if len(line) > 79]
        self.assertEqual(wide, [])

    def test_imports_only_the_standard_library(self):
        tree = ast.parse(_source())
        names = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                names.add(node.module.split(".")[0])
        self.assertEqual(sorted(names - set(_STDLIB)), [])

    def test_exports_every_name_in_all(self):
        for name in asya_runtime.__all__:
            self.assertTrue(hasattr(asya_runtime, name), name)
        self.assertIn("main", asya_runtime.__all__)
        self.assertIn("AsyaError", asya_runtime.__all__)

    def test_carries_a_reason_on_its_error(self):
        err = asya_runtime.AsyaError(asya_runtime.PROCESSING_ERROR, "boom")
        self.assertEqual(err.reason, "processing_error")
        self.assertIsNone(err.cause)

    def test_returns_usage_error_code_for_unknown_arguments(self):
        with contextlib.redirect_stderr(io.StringIO()):
            code = asya_runtime.main(["--no-such-option"])
        self.assertEqual(code, 2)


if __name__ == "__main__":
    unittest.main()
