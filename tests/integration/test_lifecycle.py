"""(c) interrupts, restart, shutdown and a bad-signature message, driven with jupyter_client."""
import time
import unittest

import tbkernel as tb
from jupyter_client.session import Session


class Lifecycle(unittest.TestCase):
    def setUp(self):
        self.km, self.kc = tb.start_kernel()

    def tearDown(self):
        try:
            self.kc.stop_channels()
        finally:
            if self.km.is_alive():
                self.km.shutdown_kernel(now=True)

    def _interrupt_after_start(self, code, settle=1.0):
        msg_id = self.kc.execute(code)
        # wait for the kernel to report busy for this request, then let the code get going
        deadline = time.monotonic() + tb.TIMEOUT
        while time.monotonic() < deadline:
            msg = self.kc.get_iopub_msg(timeout=tb.TIMEOUT)
            if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status"
                    and msg["content"]["execution_state"] == "busy"):
                break
        time.sleep(settle)
        t0 = time.monotonic()
        self.km.interrupt_kernel()
        while True:
            reply = self.kc.get_shell_msg(timeout=tb.TIMEOUT)
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        return reply["content"], time.monotonic() - t0

    def test_first_cell_time_and_streaming_stdout(self):
        t0 = time.monotonic()
        reply, outputs = tb.execute(self.kc, "1 + 1")
        tb.record("first cell", time.monotonic() - t0)
        self.assertEqual(reply["status"], "ok")
        self.assertEqual(tb.result_text(outputs), "2")
        # stdout arrives while the cell runs, not only at the end
        reply, outputs = tb.execute(self.kc, 'System.out.println("early"); Thread.sleep(1500); System.out.println("late");')
        self.assertEqual(reply["status"], "ok")
        streams = [m for m in outputs if m["msg_type"] == "stream"]
        self.assertGreaterEqual(len(streams), 2)
        self.assertIn("early", streams[0]["content"]["text"])
        self.assertGreater(streams[-1]["_t"] - streams[0]["_t"], 1.0)

    def test_stdin_reads_from_the_frontend(self):
        msg_id = self.kc.execute('var in = new Scanner(System.in);\n"hello " + in.nextLine()', allow_stdin=True)
        request = self.kc.get_stdin_msg(timeout=tb.TIMEOUT)
        self.assertEqual(request["msg_type"], "input_request")
        self.kc.input("Ada")
        while True:
            reply = self.kc.get_shell_msg(timeout=tb.TIMEOUT)
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        self.assertEqual(reply["content"]["status"], "ok")
        while True:
            msg = self.kc.get_iopub_msg(timeout=tb.TIMEOUT)
            if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "execute_result":
                break
        self.assertEqual(msg["content"]["data"]["text/plain"], "hello Ada")

    def test_interrupt_sleeping_cell_then_next_cell_works(self):
        tb.execute(self.kc, "int before = 41;")
        reply, took = self._interrupt_after_start("Thread.sleep(600_000);")
        tb.record("interrupt (sleep)", took)
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "Interrupted")
        reply, outputs = tb.execute(self.kc, "before + 1")
        self.assertEqual(reply["status"], "ok")
        self.assertEqual(tb.result_text(outputs), "42")

    def test_interrupt_busy_loop(self):
        reply, took = self._interrupt_after_start("long spins = 0;\nwhile (true) { spins++; }")
        tb.record("interrupt (busy loop)", took)
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "Interrupted")
        reply, outputs = tb.execute(self.kc, '"alive"')
        self.assertEqual(tb.result_text(outputs), "alive")

    def test_interrupt_while_the_cell_is_still_compiling(self):
        # the interrupt lands at once, most likely before the busy loop has even started
        reply, took = self._interrupt_after_start("int n = 0;\nwhile (true) { n++; }", settle=0.0)
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "Interrupted")
        reply, outputs = tb.execute(self.kc, '"next"')
        self.assertEqual(tb.result_text(outputs), "next")

    def test_restart_gives_a_fresh_kernel(self):
        tb.execute(self.kc, "int remembered = 1;")
        old_pid = tb.kernel_pid(self.km)
        t0 = time.monotonic()
        self.km.restart_kernel(now=False)
        self.kc.wait_for_ready(timeout=tb.TIMEOUT)
        tb.record("restart", time.monotonic() - t0)
        self.assertTrue(tb.wait_gone(old_pid, 10), "the old kernel process is gone")
        reply, _ = tb.execute(self.kc, "remembered")
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "CompilationException")
        reply, outputs = tb.execute(self.kc, "3 * 3")
        self.assertEqual(tb.result_text(outputs), "9")

    def test_shutdown_leaves_no_process(self):
        pid = tb.kernel_pid(self.km)
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=False)
        self.assertTrue(tb.wait_gone(pid, 10), f"kernel process {pid} still running after shutdown")

    def test_bad_signature_is_dropped_and_kernel_keeps_answering(self):
        forged = Session(key=b"not-the-kernel-key", signature_scheme="hmac-sha256")
        forged.send(self.kc.shell_channel.socket, "execute_request",
                    {"code": "System.exit(3);", "silent": False, "store_history": True,
                     "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
        time.sleep(1.0)
        self.assertTrue(self.km.is_alive(), "a forged message must not run or crash the kernel")
        reply, outputs = tb.execute(self.kc, '"still here"')
        self.assertEqual(reply["status"], "ok")
        self.assertEqual(tb.result_text(outputs), "still here")


if __name__ == "__main__":
    unittest.main()
