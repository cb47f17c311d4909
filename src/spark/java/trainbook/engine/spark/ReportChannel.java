package trainbook.engine.spark;

import trainbook.engine.sweep.TrialReporter;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The executor → driver channel for a trial's intermediate reports (each finished epoch) and the pruner's answer:
 * a TCP server on the driver's host (the address Spark's own executors already reach the driver at,
 * {@code spark.driver.host}, port {@code spark.trainbook.report.port}, default any free one), whose address and a
 * random token travel with each task. A task connects when it first reports, sends {@code (step, data)}, and waits
 * for the verdict; the driver answers on the cell's thread, where the study lives.
 *
 * <p>Why not Spark's own channels: accumulators reach the driver only when the task ends (too late to stop it),
 * listener events carry no user data while a task runs, and Spark's RPC environment is private to Spark. A socket
 * to the driver host works wherever Spark's executors work, across JVMs and machines, because they already connect
 * back to the driver (its RPC and block manager); behind a firewall, fix the port and open it like
 * {@code spark.driver.port}.
 */
final class ReportChannel implements AutoCloseable {
    /** How long a task waits for a verdict before it trains on unpruned (a driver that stopped answering). */
    static final int VERDICT_TIMEOUT_MS = 120_000;
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int MAX_DATA = 1 << 20;

    /** Where tasks report: travels with each task (serializable); the token keeps strangers' connections out. */
    record Address(String host, int port, String token) implements Serializable {
        @Override
        public String toString() { return host + ":" + port; }
    }

    /** One report waiting for the driver's verdict. */
    record Report(int trial, int step, String data, CompletableFuture<Boolean> verdict) {}

    private final ServerSocket server;
    private final Address address;
    private final LinkedBlockingQueue<Report> queue = new LinkedBlockingQueue<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Set<Report> waiting = ConcurrentHashMap.newKeySet();
    private volatile boolean stopAll;
    private volatile boolean closed;

    /**
     * Listens on {@code bind} (null: every interface) and tells tasks to connect to {@code advertised}.
     *
     * @param port 0 for any free port
     */
    ReportChannel(String bind, String advertised, int port) throws IOException {
        server = new ServerSocket();
        server.bind(bind == null ? new InetSocketAddress(port) : new InetSocketAddress(InetAddress.getByName(bind), port));
        byte[] t = new byte[16];
        new SecureRandom().nextBytes(t);
        address = new Address(advertised, server.getLocalPort(), HexFormat.of().formatHex(t));
        Thread accept = new Thread(this::accept, "trainbook-spark-reports");
        accept.setDaemon(true);
        accept.start();
    }

    Address address() { return address; }

    /** The next report, waiting up to {@code ms}; null when none came. */
    Report poll(long ms) throws InterruptedException {
        return queue.poll(ms, TimeUnit.MILLISECONDS);
    }

    /**
     * While on, every report is answered "stop" at once (the study was interrupted or ended: tasks still running
     * end at their next epoch instead of waiting for an answer no one will give).
     */
    void stopAll(boolean on) {
        stopAll = on;
        if (on) for (Report r; (r = queue.poll()) != null; ) r.verdict().complete(true);
    }

    @Override
    public void close() {
        closed = true;
        stopAll(true);
        try {
            server.close();
        } catch (IOException ignored) {
            // closing: nothing to do
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing: nothing to do
            }
        }
        // after the sockets: a task whose report was taken but not answered sees its connection end (trains on)
        for (Report r : waiting) r.verdict().complete(true);
    }

    private void accept() {
        while (!closed) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            open.add(s);
            Thread t = new Thread(() -> serve(s), "trainbook-spark-report");
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Socket s) {
        try (s; DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream()))) {
            if (!address.token().equals(in.readUTF())) return;
            int trial = in.readInt();
            while (!closed) {
                int step = in.readInt();
                int n = in.readInt();
                if (n < 0 || n > MAX_DATA) return;
                String data = new String(in.readNBytes(n), StandardCharsets.UTF_8);
                Report r = new Report(trial, step, data, new CompletableFuture<>());
                waiting.add(r);
                if (stopAll || closed) {
                    r.verdict().complete(true);
                } else {
                    queue.add(r);
                    if (stopAll) stopAll(true); // raced with stopAll(true): do not leave it waiting
                }
                boolean stop;
                try {
                    stop = r.verdict().get();
                } catch (ExecutionException e) {
                    stop = false;
                } finally {
                    waiting.remove(r);
                }
                out.writeBoolean(stop);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // the task ended (or was killed) and closed its end
        } finally {
            open.remove(s);
        }
    }

    /**
     * A task's end of the channel: connects on the first report; when the driver cannot be reached or stops
     * answering, the trial trains on unpruned and {@link #problem} says why (sent back with the result).
     */
    static final class Client implements TrialReporter, AutoCloseable {
        private final Address address;
        private final int trial;
        private Socket socket;
        private DataInputStream in;
        private DataOutputStream out;
        private String problem;

        Client(Address address, int trial) {
            this.address = address;
            this.trial = trial;
        }

        @Override
        public boolean report(int step, String data) {
            if (problem != null || address == null) return false;
            try {
                if (socket == null) {
                    socket = new Socket();
                    socket.connect(new InetSocketAddress(address.host(), address.port()), CONNECT_TIMEOUT_MS);
                    socket.setSoTimeout(VERDICT_TIMEOUT_MS);
                    socket.setTcpNoDelay(true);
                    in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
                    out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
                    out.writeUTF(address.token());
                    out.writeInt(trial);
                }
                byte[] b = data.getBytes(StandardCharsets.UTF_8);
                out.writeInt(step);
                out.writeInt(b.length);
                out.write(b);
                out.flush();
                return in.readBoolean();
            } catch (SocketTimeoutException e) {
                problem = "got no answer from the driver at " + address + " within " + VERDICT_TIMEOUT_MS / 1000 + " s";
            } catch (IOException e) {
                problem = "could not reach the driver at " + address + " (" + SparkSetup.firstLine(e) + ")";
            }
            close();
            return false;
        }

        /** Why reports stopped reaching the driver, or null. */
        String problem() { return problem; }

        @Override
        public void close() {
            if (socket == null) return;
            try {
                socket.close();
            } catch (IOException ignored) {
                // the trial's result matters, not this socket
            }
        }
    }
}
