"""(b) Debian's jupyter_kernel_test conformance suite against the Trainbook kernel."""
import unittest

import tbkernel  # noqa: F401  (sets JUPYTER_PATH first)
import jupyter_kernel_test


class TrainbookConformance(jupyter_kernel_test.KernelTests):
    kernel_name = tbkernel.KERNEL_NAME
    language_name = "java"
    file_extension = ".jshell"

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("to stderr");'

    completion_samples = [
        {"text": "Math.ma", "matches": {"max("}},
        {"text": "int value = 1;\nString.valueO", "matches": {"valueOf("}},
    ]

    complete_code_samples = ["int x = 1;", "1 + 1", "System.out.println(1);", "void f() { }", "%jars"]
    incomplete_code_samples = ["for (int i = 0; i < 3; i++) {", "int y = ", "void g() {"]
    invalid_code_samples = ["int x = );", "}", "for (;;) )"]

    code_generate_error = 'throw new IllegalStateException("boom");'

    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"tr" + "ainbook"', "result": "trainbook"},
        {"code": "int seven = 7;\nseven", "result": "7"},
    ]

    code_display_data = [
        {"code": 'display(html("<b>bold</b>"));', "mime": "text/html"},
        {"code": "display(new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB));",
         "mime": "image/png"},
    ]

    supported_history_operations = ("tail", "range", "search")
    code_history_pattern = "6 * 7"

    code_page_something = "Math.max?"

    code_inspect_sample = "Math.max("
    code_clear_output = 'System.out.println("soon gone"); clearOutput();'

    def test_error(self):
        super().test_error()
        reply, output_msgs = self.execute_helper(self.code_generate_error)
        self.assertEqual(reply["content"]["ename"], "IllegalStateException")
        self.assertEqual(reply["content"]["evalue"], "boom")

    def test_compile_error_names_line(self):
        self.flush_channels()
        reply, output_msgs = self.execute_helper("int ok = 1;\nint bad = missingName;")
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "CompilationException")
        errors = [m for m in output_msgs if m["msg_type"] == "error"]
        self.assertEqual(len(errors), 1)
        self.assertTrue(any("line 2" in line for line in errors[0]["content"]["traceback"]))

    def test_update_display(self):
        self.flush_channels()
        reply, output_msgs = self.execute_helper(
            'String id = display("step 0");\nfor (int i = 1; i <= 3; i++) updateDisplay(id, "step " + i);')
        self.assertEqual(reply["content"]["status"], "ok")
        kinds = [m["msg_type"] for m in output_msgs]
        self.assertEqual(kinds.count("display_data"), 1)
        self.assertEqual(kinds.count("update_display_data"), 3)
        first = [m for m in output_msgs if m["msg_type"] == "display_data"][0]
        last = [m for m in output_msgs if m["msg_type"] == "update_display_data"][-1]
        self.assertEqual(first["content"]["transient"]["display_id"], last["content"]["transient"]["display_id"])
        self.assertEqual(last["content"]["data"]["text/plain"], "step 3")


if __name__ == "__main__":
    unittest.main()
