package trainbook.kernel;

import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.channels.StdinChannel;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.reply.InputReply;
import org.dflib.jjava.jupyter.messages.request.InputRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.nio.charset.Charset;

/**
 * The cells' {@code System.in}: asks the frontend for a line (input_request on the stdin channel) and waits for its
 * input_reply, dropping (and logging) any message in between that it cannot accept — a bad signature, garbage, or
 * another message type. The base's stream takes the first message it reads, so one forged message on the stdin
 * socket made the user's read fail.
 */
final class StdinGuard extends InputStream {
    private static final Logger LOG = LoggerFactory.getLogger("trainbook.kernel.channels");
    private static final Field STDIN = stdinField();

    private final Charset encoding;
    private volatile ShellReplyEnvironment env;
    private volatile boolean enabled;
    private byte[] data;
    private int pos;

    StdinGuard(Charset encoding) {
        this.encoding = encoding;
    }

    /** Routes reads to the request {@code env} belongs to; {@code enabled}: the request allows stdin. */
    synchronized void attach(ShellReplyEnvironment env, boolean enabled) {
        this.env = env;
        this.enabled = enabled;
        this.data = null;
    }

    /** Detaches from {@code env} (if still attached to it). */
    synchronized void detach(ShellReplyEnvironment env) {
        if (this.env == env) {
            this.env = null;
            this.data = null;
        }
    }

    @Override
    public synchronized int read() throws IOException {
        if (data == null || pos >= data.length) {
            data = null;
            ShellReplyEnvironment e = env;
            if (e == null || !enabled) return -1;
            data = readLine(e, "", false).getBytes(encoding);
            pos = 0;
            if (data.length == 0) return -1;
        }
        return data[pos++] & 0xff;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        int first = read();
        if (first < 0) return -1;
        b[off] = (byte) first;
        int n = 1;
        while (n < len && data != null && pos < data.length) b[off + n++] = data[pos++];
        return n;
    }

    @Override
    public synchronized int available() {
        return data == null ? 0 : data.length - pos;
    }

    /** One line from the frontend, skipping messages that are not a well-signed input_reply. */
    static String readLine(ShellReplyEnvironment env, String prompt, boolean password) throws IOException {
        StdinChannel stdin = stdinOf(env);
        if (stdin == null) return env.readFromStdIn(prompt, password);
        synchronized (stdin) {
            stdin.sendMessage(new Message<>(env.getContext(), InputRequest.MESSAGE_TYPE, new InputRequest(prompt, password)));
            while (true) {
                Message<?> m;
                try {
                    m = stdin.readMessage();
                } catch (RuntimeException e) { // SecurityException (bad signature), JSON errors
                    LOG.warn("stdin: dropped a message: {}: {}", e.getClass().getSimpleName(), e.getMessage());
                    continue;
                }
                if (m == null) throw new IOException("the stdin channel is closed");
                if (m.getContent() instanceof InputReply) {
                    return ((InputReply) m.getContent()).getValue() + System.lineSeparator();
                }
                LOG.warn("stdin: dropped a message: expected input_reply, got {}", m.getHeader().getType().getName());
            }
        }
    }

    private static StdinChannel stdinOf(ShellReplyEnvironment env) {
        if (STDIN == null) return null;
        try {
            return (StdinChannel) STDIN.get(env);
        } catch (IllegalAccessException e) {
            return null;
        }
    }

    private static Field stdinField() {
        try {
            Field f = ShellReplyEnvironment.class.getDeclaredField("stdin");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("stdin guard unavailable ({}); using the base's stdin", e.toString());
            return null;
        }
    }
}
