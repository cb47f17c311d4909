package trainbook.kernel;

import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * In-memory input history of the running kernel (one session, numbered 0 as the interface's "current session"),
 * answering Jupyter's history requests: tail, range and glob search.
 */
public final class SessionHistory implements HistoryManager {
    private static final int MAX_ENTRIES = 10_000;

    private record Cell(int number, String input, String output) {}

    private final List<Cell> cells = new ArrayList<>();

    /** Records an executed cell ({@code output}: its result as text, or empty). */
    public synchronized void record(int cellNumber, String input, String output) {
        if (cells.size() == MAX_ENTRIES) cells.remove(0);
        cells.add(new Cell(cellNumber, input, output == null ? "" : output));
    }

    @Override
    public synchronized List<HistoryEntry> lookupRange(int sessionOffset, int startCell, int endCell, Set<ResultFlag> flags) {
        List<HistoryEntry> out = new ArrayList<>();
        if (sessionOffset != 0) return out; // earlier sessions are not kept
        for (Cell c : cells) {
            if (c.number >= startCell && c.number < endCell) out.add(entry(c, flags));
        }
        return out;
    }

    @Override
    public synchronized List<HistoryEntry> lookupTail(int length, Set<ResultFlag> flags) {
        return last(cells, length, flags);
    }

    /** Cells whose whole input matches the sqlite-style glob ({@code *}, {@code ?}, {@code [a-z]}, {@code [^x]}). */
    @Override
    public synchronized List<HistoryEntry> search(String pattern, int length, Set<ResultFlag> flags) {
        Pattern regex = globToRegex(pattern);
        List<Cell> matches = new ArrayList<>();
        for (Cell c : cells) if (regex.matcher(c.input).matches()) matches.add(c);
        if (flags.contains(ResultFlag.UNIQUE)) {
            Map<String, Cell> lastByInput = new LinkedHashMap<>();
            for (Cell c : matches) {
                lastByInput.remove(c.input);
                lastByInput.put(c.input, c);
            }
            matches = new ArrayList<>(lastByInput.values());
        }
        return last(matches, length, flags);
    }

    private static List<HistoryEntry> last(List<Cell> from, int length, Set<ResultFlag> flags) {
        int n = length <= 0 ? from.size() : Math.min(length, from.size());
        List<HistoryEntry> out = new ArrayList<>(n);
        for (Cell c : from.subList(from.size() - n, from.size())) out.add(entry(c, flags));
        return out;
    }

    private static HistoryEntry entry(Cell c, Set<ResultFlag> flags) {
        return new HistoryEntry(0, c.number, c.input, flags.contains(ResultFlag.INCLUDE_OUTPUT) ? c.output : null);
    }

    static Pattern globToRegex(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char ch = glob.charAt(i);
            if (ch == '*') {
                re.append(".*");
            } else if (ch == '?') {
                re.append('.');
            } else if (ch == '[') {
                int close = glob.indexOf(']', i + 2);
                if (close < 0) {
                    re.append("\\[");
                    continue;
                }
                String body = glob.substring(i + 1, close);
                boolean negate = body.startsWith("^");
                if (negate) body = body.substring(1);
                re.append('[').append(negate ? "^" : "").append(body.replace("\\", "\\\\").replace("[", "\\[")).append(']');
                i = close;
            } else {
                re.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }
}
