"""Loading the handler: every bad setting stops start-up with exit 1."""

import os
import shutil
import tempfile
import unittest

from tests.runtime_process import RuntimeProcess, envelope

# (reason the start-up must fail, ASYA_HANDLER, extra environment)
_FAILURES = [
    ("handler unset", None, {}),
    ("handler empty", "", {}),
    ("no dot", "echo", {}),
    ("illegal characters", "payload_handlers.echo;rm", {}),
    ("path traversal", "../payload_handlers.echo", {}),
    ("leading digit", "1mod.echo", {}),
    ("unknown module", "no_such_module_xyz.process", {}),
    ("unknown function", "payload_handlers.no_such_function", {}),
    ("unknown class", "class_handlers.NoSuchClass.process", {}),
    ("too many parts", "payload_handlers.echo.a.b", {}),
    ("missing dependency", "broken_import.process", {}),
    ("module raises on import", "raising_import.process", {}),
    ("not callable", "loader_handlers.not_callable", {}),
    ("method on a non-class", "class_handlers.not_a_class.process", {}),
    ("constructor needs argument", "class_handlers.NeedsArgument.process",
     {}),
    ("constructor raises", "class_handlers.RaisingConstructor.process", {}),
    ("missing method", "class_handlers.Empty.process", {}),
    ("method not callable", "class_handlers.NotCallable.process", {}),
    ("bad mode", "payload_handlers.echo", {"ASYA_HANDLER_MODE": "stream"}),
    ("bad chmod", "payload_handlers.echo", {"ASYA_SOCKET_CHMOD": "9x"}),
    ("bad max frame", "payload_handlers.echo",
     {"ASYA_MAX_FRAME_BYTES": "0"}),
    ("bad timeout", "payload_handlers.echo",
     {"ASYA_HANDLER_TIMEOUT_SECONDS": "-1"}),
    ("handler path not a directory", "payload_handlers.echo",
     {"ASYA_HANDLER_PATH": "/nonexistent/asya"}),
]


class LoaderFailureTest(unittest.TestCase):
    def test_exits_1_with_one_error_line_for_each_bad_setting(self):
        for reason, handler, env in _FAILURES:
            with self.subTest(reason=reason):
                with RuntimeProcess(handler, env=env) as runtime:
                    self.assertEqual(runtime.wait(), 1)
                    errors = [r for r in runtime.logs()
                              if r["level"] == "error"]
                    self.assertEqual(len(errors), 1, runtime.stderr())
                    self.assertEqual(errors[0]["reason"], "config_error")
                    self.assertEqual(errors[0]["component"], "runtime")
                    self.assertTrue(errors[0]["err"].startswith("cannot "))
                    self.assertFalse(os.path.exists(runtime.ready_path))
                    self.assertFalse(os.path.exists(runtime.socket_path))

    def test_names_the_missing_dependency_not_the_handler_module(self):
        with RuntimeProcess("broken_import.process") as runtime:
            runtime.wait()
            error = [r for r in runtime.logs() if r["level"] == "error"][0]
            self.assertIn("asya_missing_dependency_for_tests", error["err"])


class LoaderSuccessTest(unittest.TestCase):
    def test_check_flag_loads_the_handler_and_exits_0(self):
        with RuntimeProcess("payload_handlers.echo",
                            args=["--check"]) as runtime:
            self.assertEqual(runtime.wait(), 0)
            loaded = [r for r in runtime.logs()
                      if r["msg"] == "handler loaded"]
            self.assertEqual(len(loaded), 1)
            self.assertFalse(os.path.exists(runtime.socket_path))

    def test_finds_functions_and_classes_inside_packages(self):
        for handler, source in [("pkg.tools.process", "pkg.tools"),
                                ("pkg.tools.Tool.run", "pkg.tools.Tool")]:
            with self.subTest(handler=handler):
                with RuntimeProcess(handler) as runtime:
                    response = runtime.wait_ready().call(envelope(1))
                    self.assertEqual(response[0]["payload"],
                                     {"from": source, "payload": 1})

    def test_imports_handlers_from_the_working_directory(self):
        workdir = tempfile.mkdtemp(prefix="asya-cwd-")
        self.addCleanup(shutil.rmtree, workdir, True)
        with open(os.path.join(workdir, "local_handler.py"), "w") as out:
            out.write("def process(payload):\n    return 'local'\n")
        with RuntimeProcess("local_handler.process", handler_path=None,
                            cwd=workdir) as runtime:
            response = runtime.wait_ready().call(envelope(None))
            self.assertEqual(response[0]["payload"], "local")


if __name__ == "__main__":
    unittest.main()
