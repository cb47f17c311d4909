package trainbook.kernel;

import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager.ResultFlag;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

class SessionHistoryTest {
    private static final Set<ResultFlag> NONE = EnumSet.noneOf(ResultFlag.class);

    private static SessionHistory history() {
        SessionHistory h = new SessionHistory();
        h.record(1, "int x = 1;", "");
        h.record(2, "6 * 7", "42");
        h.record(3, "x + 1", "2");
        h.record(4, "6 * 7", "42");
        return h;
    }

    private static List<Integer> numbers(List<HistoryEntry> entries) {
        return entries.stream().map(HistoryEntry::getCellNumber).collect(Collectors.toList());
    }

    @Test
    void tailGivesTheLastCellsInOrder() {
        List<HistoryEntry> tail = history().lookupTail(2, NONE);
        assertEquals(List.of(3, 4), numbers(tail));
        assertFalse(tail.get(0).hasOutput());
        List<HistoryEntry> withOutput = history().lookupTail(1, EnumSet.of(ResultFlag.INCLUDE_OUTPUT));
        assertEquals("42", withOutput.get(0).getOutput());
        assertEquals(4, history().lookupTail(100, NONE).size());
    }

    @Test
    void replyUsesProtocolTuples() {
        SessionHistory h = history();
        KernelReplies.TupleHistoryReply plain = new KernelReplies.TupleHistoryReply(h.lookupTail(1, NONE));
        assertEquals(List.of(List.of(0, 4, "6 * 7")), plain.tuples());
        KernelReplies.TupleHistoryReply withOutput =
                new KernelReplies.TupleHistoryReply(h.lookupTail(1, EnumSet.of(ResultFlag.INCLUDE_OUTPUT)));
        assertEquals(List.of(List.of(0, 4, List.of("6 * 7", "42"))), withOutput.tuples());
    }

    @Test
    void rangeIsStartInclusiveStopExclusiveInTheCurrentSession() {
        assertEquals(List.of(2, 3), numbers(history().lookupRange(0, 2, 4, NONE)));
        assertTrue(history().lookupRange(-1, 1, 5, NONE).isEmpty(), "older sessions are not kept");
    }

    @Test
    void searchUsesGlobsAndUnique() {
        assertEquals(List.of(2, 4), numbers(history().search("6 * 7", 10, NONE)));
        assertEquals(List.of(4), numbers(history().search("6 * 7", 10, EnumSet.of(ResultFlag.UNIQUE))));
        assertEquals(List.of(1, 3), numbers(history().search("[a-z]*", 10, NONE)));
        assertEquals(List.of(3), numbers(history().search("x ? 1", 10, NONE)));
        assertEquals(List.of(4), numbers(history().search("*", 1, NONE)));
    }
}
