"""Message signing: messages signed with a wrong key, unsigned ones, and garbage frames are rejected without
executing and logged; every channel (shell, control, stdin, heartbeat) keeps serving afterwards; the kernel listens
only on the ports and address of its connection file."""
import os
import time
import unittest

import rel
import zmq
from jupyter_client.session import Session

BAD_PER_CHANNEL = 25
EXECUTE = {"silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False,
           "stop_on_error": True}


def listening_sockets(pid):
    """[(ip, port)] of the TCP sockets pid listens on."""
    inodes = set()
    fd_dir = f"/proc/{pid}/fd"
    for fd in os.listdir(fd_dir):
        try:
            target = os.readlink(os.path.join(fd_dir, fd))
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    out = []
    for table, v6 in (("/proc/net/tcp", False), ("/proc/net/tcp6", True)):
        try:
            with open(table) as f:
                lines = f.readlines()[1:]
        except OSError:
            continue
        for line in lines:
            parts = line.split()
            local, state, inode = parts[1], parts[3], parts[9]
            if state != "0A" or inode not in inodes:  # 0A = LISTEN
                continue
            hex_ip, hex_port = local.split(":")
            port = int(hex_port, 16)
            is_v6 = v6
            if v6 and hex_ip[:24] == "0000000000000000FFFF0000":  # ::ffff:a.b.c.d, an IPv4 address
                hex_ip, is_v6 = hex_ip[24:], False
            if is_v6:
                ip = "::" if set(hex_ip) == {"0"} else "ipv6:" + hex_ip
            else:
                ip = ".".join(str(int(hex_ip[i:i + 2], 16)) for i in (6, 4, 2, 0))
            out.append((ip, port))
    return out


class Signing(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.k = rel.Kernel()
        cls.kc = cls.k.kc
        cls.marker = os.path.join(cls.k.dir, "FORGED-RAN")
        cls.rejected = 0
        cls.signed_forgeries = 0

    @classmethod
    def tearDownClass(cls):
        log = cls.k.stderr()
        rel.figure("signing: forged/unsigned/garbage messages sent", cls.rejected)
        rel.figure("signing: rejections logged by the kernel", log.count("dropped a message"))
        cls.k.close()

    def forged_execute(self):
        code = f'new java.io.File("{self.marker}").createNewFile(); System.exit(3);'
        return {"code": code, **EXECUTE}

    def assert_every_channel_serves(self):
        k, kc = self.k, self.kc
        self.assertTrue(k.km.is_alive(), "a bad message must not crash the kernel")
        # shell
        self.assertEqual(k.value('"shell ok"'), "shell ok")
        # control
        msg = kc.session.msg("kernel_info_request", {})
        kc.control_channel.send(msg)
        deadline = time.monotonic() + rel.TIMEOUT
        while True:
            reply = kc.get_control_msg(timeout=max(0.1, deadline - time.monotonic()))
            if reply["parent_header"].get("msg_id") == msg["header"]["msg_id"]:
                break
        self.assertEqual(reply["content"]["status"], "ok")
        # stdin: a cell reads a line, the client answers on the stdin channel
        msg_id = kc.execute('new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine()',
                            allow_stdin=True)
        req = kc.get_stdin_msg(timeout=rel.TIMEOUT)
        self.assertEqual(req["msg_type"], "input_request")
        kc.input("typed by the user")
        text = None
        deadline = time.monotonic() + rel.TIMEOUT
        while text is None and time.monotonic() < deadline:
            m = kc.get_iopub_msg(timeout=rel.TIMEOUT)
            if m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "execute_result":
                text = m["content"]["data"]["text/plain"]
            if m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "error":
                self.fail(f"reading stdin failed: {m['content']['evalue']}")
        self.assertIn("typed by the user", text)
        # heartbeat
        self.assertTrue(rel.heartbeat_answers(kc), "heartbeat")
        self.assertFalse(os.path.exists(self.marker), "a forged execute_request ran")

    def send_forged(self, session, channel, msg_type, content, n):
        for _ in range(n):
            session.send(channel.socket, msg_type, content)
            self.__class__.rejected += 1
            self.__class__.signed_forgeries += 1

    def test_1_wrong_key_on_shell_is_not_executed(self):
        forged = Session(key=b"not-the-kernel-key", signature_scheme="hmac-sha256")
        self.send_forged(forged, self.kc.shell_channel, "execute_request", self.forged_execute(), BAD_PER_CHANNEL)
        time.sleep(1.0)
        self.assert_every_channel_serves()

    def test_2_unsigned_messages_are_rejected_when_a_key_is_set(self):
        self.assertTrue(self.kc.session.key, "the connection file sets a key")
        unsigned = Session(key=b"", signature_scheme="hmac-sha256")
        self.send_forged(unsigned, self.kc.shell_channel, "execute_request", self.forged_execute(), BAD_PER_CHANNEL)
        self.send_forged(unsigned, self.kc.control_channel, "shutdown_request", {"restart": False}, BAD_PER_CHANNEL)
        time.sleep(1.0)
        self.assert_every_channel_serves()

    def test_3_forged_control_messages_neither_stop_nor_interrupt(self):
        forged = Session(key=b"wrong", signature_scheme="hmac-sha256")
        self.send_forged(forged, self.kc.control_channel, "shutdown_request", {"restart": False}, BAD_PER_CHANNEL)
        msg_id = self.k.start("Thread.sleep(2500); \"slept\"")
        self.send_forged(forged, self.kc.control_channel, "interrupt_request", {}, 5)
        outputs = self.k.wait_output(msg_id, lambda out: out[-1]["msg_type"] == "status"
                                     and out[-1]["content"]["execution_state"] == "idle", timeout=rel.TIMEOUT)
        self.assertFalse(rel.errors_of(outputs), "a forged interrupt_request interrupted the cell")
        self.assertIn("slept", rel.displays_text(outputs))
        self.assert_every_channel_serves()

    def test_4_forged_input_reply_is_not_taken_as_the_users_input(self):
        forged = Session(key=b"wrong", signature_scheme="hmac-sha256")
        self.send_forged(forged, self.kc.stdin_channel, "input_reply", {"value": "FORGED INPUT"}, 3)
        time.sleep(0.5)
        self.assert_every_channel_serves()

    def test_5_garbage_frames_on_every_channel(self):
        ctx = zmq.Context.instance()
        info = self.k.km.get_connection_info()
        sent = 0
        for port_key in ("shell_port", "control_port", "stdin_port"):
            s = ctx.socket(zmq.DEALER)
            s.linger = 0
            s.connect(f"{info['transport']}://{info['ip']}:{info[port_key]}")
            for frames in ([b"garbage"], [b"<IDS|MSG>"], [b"<IDS|MSG>", b"sig", b"{", b"{}", b"{}", b"{}"],
                           [b"<IDS|MSG>", b"", b"not json", b"\xff\xfe", b"{}", b"{}"], [os.urandom(64)] * 7):
                s.send_multipart(frames)
                sent += 1
            s.close()
        self.__class__.rejected += sent
        time.sleep(1.0)
        self.assert_every_channel_serves()

    def test_7_every_forged_message_is_logged(self):
        time.sleep(0.5)
        logged = self.k.stderr().count("dropped a message")
        self.assertGreaterEqual(logged, self.signed_forgeries, "each rejected message leaves a log line")

    def test_6_listens_only_on_the_connection_file_address(self):
        info = self.k.km.get_connection_info()
        expected = {info[k] for k in ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port")}
        socks = listening_sockets(self.k.pid)
        self.assertTrue(socks, "no listening socket found")
        self.assertEqual({p for _, p in socks}, expected, f"listening on {socks}, connection file {info}")
        self.assertTrue(all(ip == info["ip"] for ip, _ in socks), f"listening on {socks}, not only {info['ip']}")
        rel.figure("signing: listening sockets", ", ".join(f"{ip}:{p}" for ip, p in sorted(socks)))


if __name__ == "__main__":
    unittest.main()
