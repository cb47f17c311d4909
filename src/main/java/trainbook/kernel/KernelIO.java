package trainbook.kernel;

import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.JupyterIO;

import java.nio.charset.Charset;

/** The base's notebook I/O with its attach/detach steps opened to the kernel. */
final class KernelIO extends JupyterIO {
    /** The cells' {@code System.in}: drops forged or garbled messages on the stdin channel. */
    final StdinGuard stdin;

    KernelIO(Charset encoding) {
        super(encoding);
        this.stdin = new StdinGuard(encoding);
    }

    /** Routes stdout, stderr, stdin and displays to the request {@code env} belongs to. */
    void attach(ShellReplyEnvironment env, boolean stdinEnabled) {
        setEnv(env);
        setJupyterInEnabled(stdinEnabled);
        stdin.attach(env, stdinEnabled);
    }

    /** Flushes pending output and detaches from {@code env}. */
    void detach(ShellReplyEnvironment env) {
        out.flush();
        err.flush();
        retractEnv(env);
        stdin.detach(env);
    }
}
