package trainbook.magic;

import trainbook.render.Rich;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@link MagicContext} that records displays, updates, bindings and notes, with a map of notebook variables. */
class RecordingContext implements MagicContext {
    /** display id → latest content */
    final LinkedHashMap<String, Rich> displays = new LinkedHashMap<>();
    /** display id → number of updates */
    final Map<String, Integer> updates = new HashMap<>();
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
    List<String> texts() {
        return displays.values().stream().map(Rich::plain).toList();
    }
}
