package trainbook.engine.loop;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The runs of one notebook whose models are still in memory, for {@code %runs}: weakly held, so listing them keeps
 * nothing alive. Each {@link trainbook.engine.Workspace} has its own (a run joins the one its training thread works
 * for), so {@code %runs release all} in one kernel frees none of another's models. A run leaves the list when it is closed ({@link TrainedRun#close()}, {@code %runs release}) or when
 * nothing refers to it or its model any more (then its parameters are freed too, see {@link TrainingSession}).
 */
public final class LiveRuns {
    private final List<WeakReference<TrainedRun>> runs = new ArrayList<>();

    /** An empty list (a {@link trainbook.engine.Workspace} makes one). */
    public LiveRuns() {}

    synchronized void add(TrainedRun run) {
        runs.add(new WeakReference<>(run));
    }

    /** The runs whose models are in memory, oldest first. */
    public synchronized List<TrainedRun> list() {
        List<TrainedRun> out = new ArrayList<>();
        for (Iterator<WeakReference<TrainedRun>> it = runs.iterator(); it.hasNext(); ) {
            TrainedRun r = it.next().get();
            if (r == null || r.isReleased()) it.remove();
            else out.add(r);
        }
        return out;
    }

    /** Frees the models of the runs named {@code name} (the record stays); returns how many were freed. */
    public int release(String name) {
        int n = 0;
        for (TrainedRun r : list()) {
            if (r.record().name().equals(name)) {
                r.close();
                n++;
            }
        }
        return n;
    }

    /** Frees every run's model; returns how many were freed. */
    public int releaseAll() {
        List<TrainedRun> all = list();
        for (TrainedRun r : all) r.close();
        return all.size();
    }
}
