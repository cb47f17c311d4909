package trainbook.kernel;

import jdk.jshell.JShell;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/** The Java session on its own: what a started session holds, and how a wait for it ends. */
class JavaSessionTest {
    private static final class Stopped extends RuntimeException {}

    @Test
    void aStartedSessionHoldsTheImportsAndNothingOfTheWarmUp() throws Exception {
        CellState cell = new CellState();
        UserCodeThread thread = new UserCodeThread(new trainbook.engine.Workspace());
        JavaSession session = new JavaSession(new KernelExecutionControl(thread, cell::interrupted), thread, cell,
                Stopped::new);
        Thread starter = new Thread(session::start);
        starter.start();
        assertTrue(session.awaitStarted(60_000, CompletableFuture.completedFuture(null)));
        JShell shell = session.shell();
        List<String> active = shell.snippets().filter(s -> shell.status(s).isActive())
                .map(s -> s.source()).collect(Collectors.toList());
        assertEquals(JavaSession.STARTUP_IMPORTS, active);
        session.close();
    }

    @Test
    void aWaitEndsWhenTheRunningCellIsInterrupted() {
        CellState cell = new CellState();
        UserCodeThread thread = new UserCodeThread(new trainbook.engine.Workspace());
        JavaSession session = new JavaSession(new KernelExecutionControl(thread, cell::interrupted), thread, cell,
                Stopped::new);
        cell.begin(1);
        cell.interrupt();
        assertThrows(Stopped.class, () -> session.await(new CompletableFuture<>()), "never started, still ends");
        cell.end();
        cell.interrupt();
        assertFalse(cell.interrupted(), "an interrupt outside a cell belongs to no cell");
    }
}
