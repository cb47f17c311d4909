package trainbook.engine.sweep;

import java.util.Map;

/**
 * A running trial as its objective sees it: the sampled parameters, {@link #report} for intermediate values (with
 * the pruner's verdict), and the calls that end it. Thread-safe: every call locks the study.
 */
public final class TrialHandle {
    private final Study study;
    private final Trial trial;
    private volatile boolean prune;
    private volatile boolean ended;
    private volatile boolean interrupted;
    private final long started = System.nanoTime();

    TrialHandle(Study study, Trial trial) {
        this.study = study;
        this.trial = trial;
    }

    /** The trial number (from 1). */
    public int number() { return trial.number(); }

    /** The sampled parameters: Double for float ranges, Long for integer ranges, String for choices. */
    public Map<String, Object> params() { return java.util.Collections.unmodifiableMap(trial.params()); }

    /** A numeric parameter. */
    public double getDouble(String name) { return ((Number) param(name)).doubleValue(); }

    /** An integer parameter. */
    public long getLong(String name) { return ((Number) param(name)).longValue(); }

    /** A choice (or any parameter as text). */
    public String getString(String name) {
        Object v = param(name);
        return v instanceof Double d ? trainbook.engine.TrainSpec.num(d) : String.valueOf(v);
    }

    private Object param(String name) {
        Object v = trial.params().get(name);
        if (v == null) throw new IllegalArgumentException("no parameter '" + name + "' in this study; it has " + trial.params().keySet());
        return v;
    }

    /**
     * Records the value at {@code step} (from 1; an epoch when training) and asks the pruner.
     *
     * @return true when the trial should stop now (then throw {@link TrialPruned})
     */
    public boolean report(int step, double value) {
        prune = study.report(trial, step, value);
        return prune;
    }

    /**
     * Another trial of the same study, for executors that start a new trial as soon as one ends instead of waiting
     * for their whole batch (the sampler then sees every finished trial, with others still running); empty when the
     * study's {@link Study#optimize} needs no more (finished plus running trials reach its total) or is stopping.
     */
    public java.util.Optional<TrialHandle> next() { return study.next(); }

    /** The pruner's verdict on the last report. */
    public boolean shouldPrune() { return prune; }

    /** Names the saved run this trial trained (shown in leaderboards, loaded by %compare). */
    public TrialHandle run(String name) {
        synchronized (study) {
            trial.run(name);
        }
        return this;
    }

    /** Runs the objective here and ends the trial with its outcome. */
    public void run(Objective objective) {
        double v;
        try {
            v = objective.evaluate(this);
        } catch (TrialPruned p) {
            pruned();
            return;
        } catch (TrialInterrupted i) {
            interrupted();
            return;
        } catch (RuntimeException e) {
            fail(message(e));
            throw e;
        } catch (Exception e) {
            fail(message(e));
            throw new IllegalStateException("trial " + number() + " failed: " + message(e), e);
        }
        complete(v);
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Ends the trial with its final value (NaN fails it, as in Optuna). */
    public void complete(double value) {
        if (Double.isNaN(value)) {
            fail("the objective returned NaN");
            return;
        }
        end(TrialState.COMPLETE, value, null);
    }

    /** Ends the trial as pruned at its last reported step. */
    public void pruned() { end(TrialState.PRUNED, Double.NaN, null); }

    /** Ends the trial as failed. */
    public void fail(String why) { end(TrialState.FAILED, Double.NaN, why); }

    /** Drops the trial (the user stopped it): a resumed study runs this number again; the study stops. */
    public void interrupted() {
        if (ended) return;
        ended = true;
        interrupted = true;
        study.drop(trial);
    }

    private void end(TrialState state, double value, String error) {
        if (ended) return;
        ended = true;
        study.finish(trial, state, value, error, (System.nanoTime() - started) / 1e9);
    }

    boolean wasInterrupted() { return interrupted; }

    boolean ended() { return ended; }

    Trial trial() { return trial; }
}
