package trainbook.magic;

import trainbook.render.Rich;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link MagicContext} that records displays, updates, bindings and notes, with a map of notebook variables: a
 * notebook for magics run without a kernel (magic and reliability tests).
 */
public class RecordingContext implements MagicContext {
    /** display id → latest content */
    public final LinkedHashMap<String, Rich> displays = new LinkedHashMap<>();
    /** display id → number of updates */
    public final Map<String, Integer> updates = new HashMap<>();
    public final Map<String, Object> variables = new HashMap<>();
    public final List<String> notes = new ArrayList<>();
    /** this notebook's session; contexts made with {@link #RecordingContext(NotebookSession)} share one */
    public final NotebookSession session;
    private int ids;

    /** A notebook with a session of its own. */
    public RecordingContext() { this(new NotebookSession()); }

    /** A notebook in {@code session} (several contexts, one notebook: what one magic remembers the next sees). */
    public RecordingContext(NotebookSession session) { this.session = session; }

    @Override
    public NotebookSession session() { return session; }

    @Override
    public String display(Rich output) {
        String id = "d" + (++ids);
        displays.put(id, output);
        return id;
    }

    @Override
    public void update(String id, Rich output) {
        if (!displays.containsKey(id)) throw new AssertionError("update of unknown display " + id);
        displays.put(id, output);
        updates.merge(id, 1, Integer::sum);
    }

    @Override
    public Optional<Object> lookup(String name) {
        if (!variables.containsKey(name)) return Optional.empty();
        Object v = variables.get(name);
        return Optional.of(v == null ? VariableBinder.NULL : v);
    }

    @Override
    public String bind(String name, Object value) {
        variables.put(name, value);
        return null;
    }

    @Override
    public void note(String line) {
        notes.add(line);
    }

    /** Plain texts of every display, in order. */
    public List<String> texts() {
        return displays.values().stream().map(Rich::plain).toList();
    }

    /** Everything shown: plain texts and HTML of the displays, then the notes. */
    public String shown() {
        StringBuilder sb = new StringBuilder();
        for (Rich r : displays.values()) {
            if (r.plain() != null) sb.append(r.plain()).append('\n');
            if (r.htmlOrNull() != null) sb.append(r.htmlOrNull()).append('\n');
        }
        notes.forEach(n -> sb.append(n).append('\n'));
        return sb.toString();
    }
}
