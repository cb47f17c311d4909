package trainbook.kernel;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.*;

class KernelExecutionControlTest {
    static volatile String ranOn;

    public static Object snippet() {
        ranOn = Thread.currentThread().getName();
        return new StringBuilder("value");
    }

    @Test
    void snippetsRunOnTheUserThreadAndKeepTheirValue() throws Exception {
        KernelExecutionControl control = new KernelExecutionControl(new UserCodeThread(new trainbook.engine.Workspace()), () -> false);
        Method m = getClass().getMethod("snippet");
        String key = control.invoke(m);
        assertEquals("trainbook-user-code", ranOn);
        Object value = control.takeResult(key);
        assertTrue(value instanceof StringBuilder);
        assertNull(control.takeResult(key), "a value is handed out once");
        assertNull(control.takeResult("not a key"));
    }

    @Test
    void anInterruptThatArrivedDuringCompilationKeepsTheCodeFromStarting() throws Exception {
        AtomicBoolean interrupted = new AtomicBoolean(true);
        KernelExecutionControl control = new KernelExecutionControl(new UserCodeThread(new trainbook.engine.Workspace()), interrupted::get);
        ranOn = null;
        assertThrows(InterruptedException.class, () -> control.invoke(getClass().getMethod("snippet")));
        assertNull(ranOn, "the snippet never ran");
        interrupted.set(false);
        control.invoke(getClass().getMethod("snippet"));
        assertNotNull(ranOn);
    }
}
