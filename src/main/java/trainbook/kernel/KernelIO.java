package trainbook.kernel;

import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.JupyterIO;

import java.nio.charset.Charset;

/** The base's notebook I/O with its attach/detach steps opened to the kernel. */
final class KernelIO extends JupyterIO {
    KernelIO(Charset encoding) {
        super(encoding);
    }

    /** Routes stdout, stderr, stdin and displays to the request {@code env} belongs to. */
    void attach(ShellReplyEnvironment env, boolean stdinEnabled) {
        setEnv(env);
        setJupyterInEnabled(stdinEnabled);
    }

    /** Flushes pending output and detaches from {@code env}. */
    void detach(ShellReplyEnvironment env) {
        out.flush();
        err.flush();
        retractEnv(env);
    }
}
