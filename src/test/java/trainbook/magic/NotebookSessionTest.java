package trainbook.magic;

import org.junit.jupiter.api.Test;
import trainbook.engine.run.RunRecord;

import static org.junit.jupiter.api.Assertions.*;

/** Two notebooks in one JVM keep their magics' state and bindings apart. */
class NotebookSessionTest {
    @Test
    void whatOneNotebooksMagicsRememberTheOtherDoesNotSee() {
        NotebookSession a = new NotebookSession();
        NotebookSession b = new NotebookSession();
        assertNotEquals(a.id(), b.id());
        assertNotSame(a.workspace(), b.workspace());
        RunRecord rec = new RunRecord("in_a");
        a.state().lastRun(rec);
        assertSame(rec, a.state().lastRun());
        assertNull(b.state().lastRun(), "%doctor in B does not default to A's run");
    }

    @Test
    void aBindingIsTakenFromTheSessionItsKeyNamesAndOnlyOnce() {
        NotebookSession a = new NotebookSession();
        NotebookSession b = new NotebookSession();
        Object value = new Object();
        String key = a.bindings().put(value);
        assertTrue(key.startsWith(a.id() + "/"), key);
        assertThrows(IllegalStateException.class, () -> b.bindings().takeOwn(key), "B holds nothing under A's key");
        assertEquals(1, a.bindings().pending());
        assertSame(value, Bindings.take(key), "what the notebook's snippet calls");
        assertEquals(0, a.bindings().pending());
        IllegalStateException twice = assertThrows(IllegalStateException.class, () -> Bindings.take(key));
        assertTrue(twice.getMessage().contains(key), twice.getMessage());
        assertNull(Bindings.take(b.bindings().put(null)), "null travels as null");
    }

    @Test
    void magicContextsOfOneSessionShareWhatTheMagicsRemember() {
        NotebookSession s = new NotebookSession();
        RecordingContext first = new RecordingContext(s);
        RecordingContext second = new RecordingContext(s);
        first.session().state().lastRun(new RunRecord("r"));
        assertSame(first.session().state().lastRun(), second.session().state().lastRun());
        assertNull(new RecordingContext().session().state().lastRun(), "a new context is a new notebook");
    }
}
