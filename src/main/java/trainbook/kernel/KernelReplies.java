package trainbook.kernel;

import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager;
import org.dflib.jjava.jupyter.messages.ContentType;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.reply.ExecuteReply;
import org.dflib.jjava.jupyter.messages.reply.KernelInfoReply;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reply messages as the Jupyter protocol (and its conformance suite) wants them where JJava's base replies differ:
 * a history_reply of tuples, a kernel_info_reply with {@code status}, an execute_reply that pages documentation.
 */
final class KernelReplies {
    private KernelReplies() {}

    /** The history entries a history_request asks for; none without a history manager. */
    static List<HistoryEntry> lookup(HistoryManager manager, HistoryRequest request) {
        if (manager == null) return List.of();
        Set<HistoryManager.ResultFlag> flags = EnumSet.noneOf(HistoryManager.ResultFlag.class);
        if (request.includeOutput()) flags.add(HistoryManager.ResultFlag.INCLUDE_OUTPUT);
        if (!request.useRaw()) flags.add(HistoryManager.ResultFlag.TRANSFORMED_INPUT);
        List<HistoryEntry> entries = null;
        switch (request.getAccessType()) {
            case TAIL:
                entries = manager.lookupTail(((HistoryRequest.Tail) request).getMaxReturnLength(), flags);
                break;
            case RANGE:
                HistoryRequest.Range range = (HistoryRequest.Range) request;
                entries = manager.lookupRange(range.getSessionIndex(), range.getStart(), range.getStop(), flags);
                break;
            case SEARCH:
                HistoryRequest.Search search = (HistoryRequest.Search) request;
                if (search.filterUnique()) flags.add(HistoryManager.ResultFlag.UNIQUE);
                entries = manager.search(search.getPattern(), search.getMaxReturnLength(), flags);
                break;
            default:
                break;
        }
        return entries == null ? List.of() : entries;
    }

    /**
     * A history_reply as the protocol wants it: {@code status} plus {@code [session, line, input]} (or
     * {@code [session, line, [input, output]]}) tuples. The base's reply has neither (its entries serialize as
     * objects).
     */
    static final class TupleHistoryReply implements ContentType<TupleHistoryReply> {
        @SuppressWarnings("unused") // serialized by Gson
        private final String status = "ok";
        private final List<List<Object>> history = new ArrayList<>();

        TupleHistoryReply(List<HistoryEntry> entries) {
            for (HistoryEntry e : entries) {
                Object io = e.hasOutput() ? List.of(e.getInput(), e.getOutput()) : e.getInput();
                history.add(List.of(e.getSession(), e.getCellNumber(), io));
            }
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public MessageType<TupleHistoryReply> getType() {
            return (MessageType) MessageType.HISTORY_REPLY;
        }

        List<List<Object>> tuples() {
            return history;
        }
    }

    /** An execute_reply that pages documentation ({@code name?}), as IPython's {@code ?} does. */
    static final class PagedExecuteReply extends ExecuteReply {
        @SuppressWarnings("unused") // serialized by Gson
        private final List<Map<String, Object>> payload;

        PagedExecuteReply(int count, DisplayData page) {
            super(count, Collections.emptyMap());
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("text/plain", page.getData(MIMEType.TEXT_PLAIN));
            this.payload = List.of(Map.of("source", "page", "data", data, "start", 0));
        }

        List<Map<String, Object>> payload() {
            return payload;
        }
    }

    /** The base's kernel_info_reply lacks {@code status}; the protocol (and the conformance suite) requires it. */
    static final class OkKernelInfoReply extends KernelInfoReply {
        @SuppressWarnings("unused") // serialized by Gson
        private final String status = "ok";

        OkKernelInfoReply(String protocolVersion, String name, String version, LanguageInfo info, String banner,
                          List<HelpLink> links) {
            super(protocolVersion, name, version, info, banner, links);
        }
    }
}
