package trainbook.reliability;

import trainbook.magic.MagicContext;
import trainbook.magic.VariableBinder;
import trainbook.render.Rich;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A notebook for magics run without a kernel: displays, notes and variables kept in memory. */
final class FakeNotebook implements MagicContext {
    final LinkedHashMap<String, Rich> displays = new LinkedHashMap<>();
    final Map<String, Object> variables = new HashMap<>();
    final List<String> notes = new ArrayList<>();
    private int ids;

    @Override
    public String display(Rich output) {
        String id = "d" + (++ids);
        displays.put(id, output);
        return id;
    }

    @Override
    public void update(String id, Rich output) {
        displays.put(id, output);
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

    /** Everything shown: plain texts and HTML of the displays, and the notes. */
    String shown() {
        StringBuilder sb = new StringBuilder();
        for (Rich r : displays.values()) {
            if (r.plain() != null) sb.append(r.plain()).append('\n');
            if (r.htmlOrNull() != null) sb.append(r.htmlOrNull()).append('\n');
        }
        notes.forEach(n -> sb.append(n).append('\n'));
        return sb.toString();
    }
}
