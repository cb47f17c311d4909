package trainbook.kernel;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class KernelRepliesTest {
    @Test
    void aHelpPageIsAPagePayload() {
        KernelReplies.PagedExecuteReply reply = new KernelReplies.PagedExecuteReply(3, new DisplayData("int max(int a, int b)"));
        List<Map<String, Object>> payload = reply.payload();
        assertEquals(1, payload.size());
        assertEquals("page", payload.get(0).get("source"));
        assertEquals(Map.of("text/plain", "int max(int a, int b)"), payload.get(0).get("data"));
    }

    @Test
    void noHistoryManagerMeansNoEntries() {
        assertEquals(List.of(), KernelReplies.lookup(null, null));
    }
}
