package trainbook.engine.sweep;

import trainbook.engine.Cancellation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * A search over a {@link SearchSpace}: it owns its trials, samples each new one with its {@link Sampler}, lets its
 * {@link Pruner} stop trials that report poor intermediate values, and, when it has a {@link StudyStore}, saves
 * every trial as it starts and ends, so a study created again with the same name and space continues where it
 * stopped (a trial that was running when the kernel died runs again; unreadable trial files are skipped by name).
 *
 * <pre>{@code
 * Study study = Study.builder().space(SearchSpace.of().logFloat("x", 1e-3, 10).intRange("n", 1, 8))
 *         .sampler(new TpeSampler()).seed(7).build();
 * study.optimize(t -> Math.pow(Math.log10(t.getDouble("x")), 2) + t.getLong("n"), 50);
 * study.best().get().params();
 * }</pre>
 *
 * Trial k draws its parameters from a random source seeded by (seed, k), so a study is reproducible and a resumed
 * study samples as the uninterrupted one would have, given the same finished trials.
 */
public final class Study {
    /** Most trials one study may hold. */
    public static final int MAX_TRIALS = 1000;

    private final String name;
    private final SearchSpace space;
    private final Sampler sampler;
    private final Pruner pruner;
    private final Direction direction;
    private final long seed;
    private final String metric;
    private final StudyStore store;
    private final TrialExecutor executor;
    private final List<StudyListener> listeners;
    private final List<Trial> trials = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private boolean stopped;
    /** During {@link #optimize}: the total it runs to, and every handle issued (batch or {@link TrialHandle#next}). */
    private int target;
    private final List<TrialHandle> issued = new ArrayList<>();

    private Study(Builder b) {
        this.name = b.name;
        this.space = b.space;
        this.sampler = b.sampler;
        this.pruner = b.pruner;
        this.direction = b.direction;
        this.seed = b.seed;
        this.metric = b.metric;
        this.store = b.store;
        this.executor = b.executor;
        this.listeners = List.copyOf(b.listeners);
    }

    public static Builder builder() { return new Builder(); }

    public String name() { return name; }

    public SearchSpace space() { return space; }

    public Sampler sampler() { return sampler; }

    public Pruner pruner() { return pruner; }

    public Direction direction() { return direction; }

    public String metric() { return metric; }

    /** The folder it is saved in, or null for a study kept in memory. */
    public StudyStore store() { return store; }

    /** A copy of the trials, in number order. */
    public synchronized List<Trial> trials() { return new ArrayList<>(trials); }

    /** Trials that ended (complete, pruned or failed). */
    public synchronized int finishedCount() {
        return (int) trials.stream().filter(t -> t.state().finished()).count();
    }

    /** Notes from loading (skipped trial files, trials that were running when the study last stopped). */
    public List<String> warnings() { return List.copyOf(warnings); }

    /** Whether the last {@link #optimize} stopped because the user interrupted it. */
    public boolean stopped() { return stopped; }

    /** The best complete trial. */
    public synchronized Optional<Trial> best() {
        Trial best = null;
        for (Trial t : trials) {
            if (t.state() == TrialState.COMPLETE && (best == null || direction.better(t.value(), best.value()))) best = t;
        }
        return Optional.ofNullable(best);
    }

    /**
     * Runs trials until the study holds {@code total} finished trials (those from earlier sessions count), or the
     * user stops it ({@link Cancellation}, or an objective throwing {@link TrialInterrupted}); finished trials are
     * kept either way. An objective's exception fails its trial (saved) and is rethrown.
     *
     * @return the number of trials that ended during this call
     */
    public int optimize(Objective objective, int total) {
        if (total < 1 || total > MAX_TRIALS) {
            throw new IllegalArgumentException("trials=" + total + ": a study runs 1.." + MAX_TRIALS + " trials");
        }
        stopped = false;
        Cancellation.current().beginWork(); // forget a stop some earlier loop already acted on, as every engine run does
        int before = finishedCount();
        while (finishedCount() < total) {
            if (Cancellation.current().stopRequested()) {
                stopped = true;
                break;
            }
            int k = Math.max(1, Math.min(executor.parallelism(), total - finishedCount()));
            List<TrialHandle> batch = new ArrayList<>();
            synchronized (this) {
                target = total;
                issued.clear();
            }
            for (int i = 0; i < k; i++) batch.add(issue(ask()));
            try {
                executor.execute(batch, objective);
            } finally {
                List<TrialHandle> all;
                synchronized (this) {
                    target = 0; // no more trials through next() once the executor returned
                    all = new ArrayList<>(issued);
                }
                for (TrialHandle h : all) {
                    if (!h.ended()) h.interrupted(); // the executor gave up on it (stopped, or an exception)
                    if (h.wasInterrupted()) {
                        stopped = true;
                        objective.dropped(h);
                    }
                }
            }
            if (stopped) break;
        }
        return finishedCount() - before;
    }

    private synchronized TrialHandle issue(TrialHandle h) {
        issued.add(h);
        return h;
    }

    /**
     * A further trial for an executor that keeps trials in flight (asynchronous completion): sampled now, from every
     * trial that has finished, while others still run; empty once finished and running trials reach the total of
     * the running {@link #optimize}, or when the user has asked to stop.
     */
    java.util.Optional<TrialHandle> next() {
        synchronized (this) {
            long running = trials.stream().filter(t -> t.state() == TrialState.RUNNING).count();
            if (target == 0 || Cancellation.current().isRequested() || finishedCount() + running >= target) return java.util.Optional.empty();
        }
        return java.util.Optional.of(issue(ask()));
    }

    /** Samples the next trial and marks it running (saved); end it through the handle. */
    public TrialHandle ask() {
        Trial t;
        synchronized (this) {
            int number = trials.stream().mapToInt(Trial::number).max().orElse(0) + 1;
            if (number > MAX_TRIALS) throw new IllegalStateException("study '" + name + "' holds " + MAX_TRIALS + " trials already");
            Random rng = trialRandom(seed, number);
            Map<String, Object> params = sampler.sample(space, Collections.unmodifiableList(new ArrayList<>(trials)),
                    number, direction, rng);
            t = new Trial(number, params);
            trials.add(t);
            if (store != null) store.saveTrial(t);
        }
        for (StudyListener l : listeners) l.trialStarted(t);
        return new TrialHandle(this, t);
    }

    /** The random source of trial {@code number}: fixed by the study's seed and the number alone. */
    static Random trialRandom(long seed, int number) {
        return new Random(new SplittableRandom(seed * 0x9E3779B97F4A7C15L + number).nextLong());
    }

    boolean report(Trial t, int step, double value) {
        boolean prune;
        synchronized (this) {
            t.intermediate().put(step, value);
            prune = pruner.prune(t, Collections.unmodifiableList(new ArrayList<>(trials)), direction);
            if (store != null) store.saveTrial(t);
        }
        for (StudyListener l : listeners) l.trialReported(t, step, value, prune);
        return prune;
    }

    void finish(Trial t, TrialState state, double value, String error, double seconds) {
        synchronized (this) {
            t.state(state).value(value).error(error).seconds(seconds);
            if (store != null) store.saveTrial(t);
        }
        for (StudyListener l : listeners) l.trialFinished(t);
    }

    synchronized void drop(Trial t) {
        trials.remove(t);
        if (store != null) store.deleteTrial(t.number());
    }

    /** Builds a study; with {@link #store} it resumes the saved one of that name (same space and direction). */
    public static final class Builder {
        private String name = "study";
        private SearchSpace space;
        private Sampler sampler = new TpeSampler();
        private Pruner pruner = Pruner.NONE;
        private Direction direction = Direction.MINIMIZE;
        private long seed = 42;
        private String metric = "value";
        private StudyStore store;
        private TrialExecutor executor = TrialExecutor.LOCAL;
        private final List<StudyListener> listeners = new ArrayList<>();

        public Builder name(String v) { name = StudyStore.checkName(v); return this; }

        public Builder space(SearchSpace v) { space = v; return this; }

        public Builder sampler(Sampler v) { sampler = v; return this; }

        public Builder pruner(Pruner v) { pruner = v == null ? Pruner.NONE : v; return this; }

        public Builder direction(Direction v) { direction = v; return this; }

        public Builder seed(long v) { seed = v; return this; }

        /** What the objective measures (e.g. val_loss); saved with the study and checked on resume. */
        public Builder metric(String v) { metric = v; return this; }

        /** Saves the study in {@code RUNS/studies/NAME} (runsDir null = ./runs) and resumes it from there. */
        public Builder persist(String runsDir) { store = StudyStore.of(runsDir, name); return this; }

        public Builder store(StudyStore v) { store = v; return this; }

        public Builder executor(TrialExecutor v) { executor = v; return this; }

        public Builder listener(StudyListener v) { listeners.add(v); return this; }

        /**
         * The study, with the saved trials when it was saved before.
         *
         * @throws IllegalArgumentException when there is no space, or the saved study of that name searched another
         *                                  space or direction (nothing saved is changed then)
         */
        public Study build() {
            if (space == null || space.isEmpty()) {
                throw new IllegalArgumentException("a study needs a search space with at least one parameter");
            }
            if (sampler instanceof GridSampler) sampler.sample(space, List.of(), 1, direction, new Random(0)); // fails on float ranges
            Study s = new Study(this);
            if (store == null) return s;
            StudyStore.Meta saved = store.loadMeta();
            String dir = direction.name().toLowerCase(Locale.ROOT);
            if (saved != null) {
                if (!saved.space().equals(space.describe())) {
                    throw new IllegalArgumentException("study '" + name + "' was saved with " + describe(saved.space())
                            + ", not " + space + ": run it with the same keys, or give a new study=NAME");
                }
                if (!saved.direction().equals(dir) || !java.util.Objects.equals(saved.metric(), metric)) {
                    throw new IllegalArgumentException("study '" + name + "' ranks by " + saved.metric() + " ("
                            + saved.direction() + "), not " + metric + " (" + dir + "): use the same monitor=, or a new study=NAME");
                }
                for (Trial t : store.loadTrials(space, s.warnings)) {
                    if (t.state() == TrialState.RUNNING) {
                        s.warnings.add("trial " + t.number() + " was running when study '" + name + "' last stopped: it runs again");
                        continue;
                    }
                    s.trials.add(t);
                }
            }
            store.saveMeta(new StudyStore.Meta(name, dir, metric, space.describe(), sampler.name(), pruner.name(), seed));
            return s;
        }

        private static String describe(java.util.Map<String, String> d) {
            StringBuilder b = new StringBuilder();
            d.forEach((k, v) -> b.append(b.length() == 0 ? "" : " ").append(k).append('=').append(v));
            return b.toString();
        }
    }
}
