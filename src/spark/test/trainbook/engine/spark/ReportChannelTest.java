package trainbook.engine.spark;

import org.junit.jupiter.api.Test;

import java.io.DataOutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** The executor → driver report channel over real sockets: verdicts, the token, an unreachable driver, stopAll. */
class ReportChannelTest {
    @Test
    void aReportReachesTheDriverAndTheVerdictComesBack() throws Exception {
        try (ReportChannel ch = new ReportChannel("127.0.0.1", "127.0.0.1", 0)) {
            ReportChannel.Client client = new ReportChannel.Client(ch.address(), 7);
            CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> client.report(1, "{\"epoch\":1}"));
            ReportChannel.Report r = ch.poll(10_000);
            assertNotNull(r, "the report arrived");
            assertEquals(7, r.trial());
            assertEquals(1, r.step());
            assertEquals("{\"epoch\":1}", r.data());
            assertFalse(first.isDone(), "the task waits for the driver's verdict");
            r.verdict().complete(false);
            assertFalse(first.get(10, TimeUnit.SECONDS));
            // the same connection carries the next epoch; this time the pruner stops it
            CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> client.report(2, "é".repeat(40_000)));
            ReportChannel.Report r2 = ch.poll(10_000);
            assertEquals(2, r2.step());
            assertEquals("é".repeat(40_000), r2.data(), "data beyond writeUTF's 64 KiB arrives whole");
            r2.verdict().complete(true);
            assertTrue(second.get(10, TimeUnit.SECONDS));
            assertNull(client.problem());
            client.close();
        }
    }

    @Test
    void aConnectionWithoutTheTokenIsDropped() throws Exception {
        try (ReportChannel ch = new ReportChannel("127.0.0.1", "127.0.0.1", 0);
             Socket s = new Socket("127.0.0.1", ch.address().port())) {
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeUTF("not-the-token");
            out.writeInt(1);
            out.writeInt(1);
            out.writeInt(2);
            out.write("{}".getBytes());
            out.flush();
            s.setSoTimeout(10_000);
            assertEquals(-1, s.getInputStream().read(), "the driver closed the stranger's connection");
            assertNull(ch.poll(200), "and queued nothing");
        }
    }

    @Test
    void anUnreachableDriverLeavesTheTrialUnprunedAndSaysWhy() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        ReportChannel.Client client = new ReportChannel.Client(new ReportChannel.Address("127.0.0.1", port, "t"), 3);
        assertFalse(client.report(1, "{}"), "no verdict: train on");
        assertFalse(client.report(2, "{}"));
        assertTrue(client.problem().startsWith("could not reach the driver at 127.0.0.1:" + port + " ("), client.problem());
    }

    @Test
    void afterStopAllEveryReportIsAnsweredStopAtOnce() throws Exception {
        try (ReportChannel ch = new ReportChannel("127.0.0.1", "127.0.0.1", 0)) {
            ReportChannel.Client client = new ReportChannel.Client(ch.address(), 1);
            CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> client.report(1, "{}"));
            assertNotNull(ch.poll(10_000));
            ch.stopAll(true); // the queued report is gone: the cell is not polling any more
            ReportChannel.Report late = ch.poll(0);
            if (late != null) late.verdict().complete(true);
            // the one already taken off the queue is the driver's to answer; a new report needs nobody
            CompletableFuture<Boolean> next = CompletableFuture.supplyAsync(() -> new ReportChannel.Client(ch.address(), 2).report(1, "{}"));
            assertTrue(next.get(10, TimeUnit.SECONDS));
            assertNull(ch.poll(100));
            ch.close();
            assertFalse(waiting.get(10, TimeUnit.SECONDS), "a closed driver: the task goes on unpruned");
            assertTrue(client.problem() != null);
        }
    }
}
