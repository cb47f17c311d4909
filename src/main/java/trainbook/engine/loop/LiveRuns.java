package trainbook.engine.loop;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The runs of this process whose models are still in memory, for {@code %runs}: weakly held, so listing them keeps
 * nothing alive. A run leaves the list when it is closed ({@link Run#close()}, {@code %runs release}) or when
 * nothing refers to it or its model any more (then its parameters are freed too, see {@link Session}).
 */
public final class LiveRuns {
    private static final List<WeakReference<Run>> RUNS = new ArrayList<>();

    private LiveRuns() {}

    static synchronized void add(Run run) {
        RUNS.add(new WeakReference<>(run));
    }

    /** The runs whose models are in memory, oldest first. */
    public static synchronized List<Run> list() {
        List<Run> out = new ArrayList<>();
        for (Iterator<WeakReference<Run>> it = RUNS.iterator(); it.hasNext(); ) {
            Run r = it.next().get();
            if (r == null || r.isReleased()) it.remove();
            else out.add(r);
        }
        return out;
    }

    /** Frees the models of the runs named {@code name} (the record stays); returns how many were freed. */
    public static int release(String name) {
        int n = 0;
        for (Run r : list()) {
            if (r.record().name().equals(name)) {
                r.close();
                n++;
            }
        }
        return n;
    }

    /** Frees every run's model; returns how many were freed. */
    public static int releaseAll() {
        List<Run> all = list();
        for (Run r : all) r.close();
        return all.size();
    }
}
