package trainbook.doctor;

import trainbook.doctor.rules.ClassImbalanceRule;
import trainbook.doctor.rules.DataNonFiniteRule;
import trainbook.doctor.rules.DataScaleRule;
import trainbook.doctor.rules.DeadUnitsRule;
import trainbook.doctor.rules.DivergenceRule;
import trainbook.doctor.rules.EngineNotesRule;
import trainbook.doctor.rules.ExplodingGradientsRule;
import trainbook.doctor.rules.Facts;
import trainbook.doctor.rules.FinderGapRule;
import trainbook.doctor.rules.InitialLossRule;
import trainbook.doctor.rules.LabelRangeRule;
import trainbook.doctor.rules.LossMismatchRule;
import trainbook.doctor.rules.LrCurve;
import trainbook.doctor.rules.LrFindDivergedRule;
import trainbook.doctor.rules.LrFindNeverFellRule;
import trainbook.doctor.rules.LrFindShortRule;
import trainbook.doctor.rules.LrFindSuggestionRule;
import trainbook.doctor.rules.NotFallingRule;
import trainbook.doctor.rules.OscillationRule;
import trainbook.doctor.rules.OverfittingRule;
import trainbook.doctor.rules.RunFailedRule;
import trainbook.doctor.rules.ScheduleRisingRule;
import trainbook.doctor.rules.ScheduleWarmupRule;
import trainbook.doctor.rules.ScheduleZeroRule;
import trainbook.doctor.rules.ShapeMismatchRule;
import trainbook.doctor.rules.StopReasonRule;
import trainbook.doctor.rules.MemoryPressureRule;
import trainbook.doctor.rules.UnderfittingRule;
import trainbook.doctor.rules.UpdateRatioRule;
import trainbook.doctor.rules.ValIsTestRule;
import trainbook.doctor.rules.VanishingGradientsRule;
import trainbook.engine.lrfind.LrFindResult;
import trainbook.engine.run.EpochRecord;
import trainbook.engine.run.Finding;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.Severity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static trainbook.doctor.rules.Facts.n;

/**
 * The training doctor: runs every rule over a run record (or an LR range test) and returns the findings ranked
 * by likely primary cause ({@link #CAUSE_ORDER}), with remedies that do not contradict each other
 * ({@link #prescribe}): the first finding's remedy is the one to try first.
 *
 * <pre>{@code
 * List<Finding> f = Doctor.standard().diagnose(run);   // also Doctor.standard().diagnoseInto(run)
 * String line = Doctor.summaryLine(run, f);            // "healthy: ..." or "1 problem, 2 warnings: ..."
 * }</pre>
 *
 * <p>Rules are pure: diagnosing never changes the record except through {@link #diagnoseInto}. A rule that throws
 * (a bug, never bad data) is reported as an info finding {@code doctor-error} instead of breaking {@code %train}.
 */
public final class Doctor {
    private static final Doctor STANDARD = new Doctor(standardRules(), standardLrFindRules());

    private final List<Rule> rules;
    private final List<LrFindRule> lrFindRules;

    /** A doctor with the given rules (in registry order). */
    public Doctor(List<Rule> rules, List<LrFindRule> lrFindRules) {
        this.rules = List.copyOf(rules);
        this.lrFindRules = List.copyOf(lrFindRules);
    }

    /** The doctor with every built-in rule. */
    public static Doctor standard() {
        return STANDARD;
    }

    /** The built-in run rules, numbered rule 1 … rule 14 in their javadoc, then run-level rules. */
    public static List<Rule> standardRules() {
        return List.of(
                new InitialLossRule(), new NotFallingRule(), new DivergenceRule(), new OscillationRule(),
                new ExplodingGradientsRule(), new VanishingGradientsRule(), new DeadUnitsRule(), new UpdateRatioRule(),
                new OverfittingRule(), new UnderfittingRule(),
                new DataNonFiniteRule(), new DataScaleRule(), new LabelRangeRule(), new ClassImbalanceRule(),
                new ShapeMismatchRule(), new LossMismatchRule(),
                new ScheduleWarmupRule(), new ScheduleRisingRule(), new ScheduleZeroRule(),
                new FinderGapRule(), new EngineNotesRule(), new RunFailedRule(), new StopReasonRule(), new ValIsTestRule(),
                new MemoryPressureRule());
    }

    /** The built-in LR range test rules. */
    public static List<LrFindRule> standardLrFindRules() {
        return List.of(new LrFindDivergedRule(), new LrFindNeverFellRule(), new LrFindShortRule(),
                new LrFindSuggestionRule());
    }

    /** This doctor's run rules. */
    public List<Rule> rules() {
        return rules;
    }

    /** This doctor's range-test rules. */
    public List<LrFindRule> lrFindRules() {
        return lrFindRules;
    }

    /** Every rule of the standard doctor as (id, one-line description, scope), for docs and {@code --help}. */
    public static List<RuleInfo> registry() {
        List<RuleInfo> out = new ArrayList<>();
        for (Rule r : STANDARD.rules) out.add(new RuleInfo(r.id(), r.description(), "run"));
        for (LrFindRule r : STANDARD.lrFindRules) out.add(new RuleInfo(r.id(), r.description(), "lrfind"));
        return out;
    }

    /** The registry as text for {@code --help} and docs: one {@code id — description} line per rule, by scope. */
    public static String help() {
        StringBuilder b = new StringBuilder("Training doctor rules (run):");
        for (RuleInfo i : registry()) if (i.scope().equals("run")) b.append("\n  ").append(i.id()).append(" — ").append(i.description());
        b.append("\nLR range test rules (%lrfind):");
        for (RuleInfo i : registry()) if (i.scope().equals("lrfind")) b.append("\n  ").append(i.id()).append(" — ").append(i.description());
        return b.toString();
    }

    /**
     * The registry entry for a rule id.
     *
     * @throws IllegalArgumentException naming the unknown id and listing the valid ones
     */
    public static RuleInfo rule(String id) {
        for (RuleInfo i : registry()) if (i.id().equals(id)) return i;
        throw new IllegalArgumentException("unknown doctor rule '" + id + "'; valid rules: "
                + registry().stream().map(RuleInfo::id).collect(Collectors.joining(", ")));
    }

    /** Runs every rule over the run; findings sorted by severity (problem first), then by step/epoch. */
    public List<Finding> diagnose(RunRecord run) {
        if (run == null) throw new IllegalArgumentException("run record is null; pass the RunRecord of a %train run");
        List<Finding> out = new ArrayList<>();
        for (Rule r : rules) {
            try {
                out.addAll(r.check(run));
            } catch (RuntimeException e) {
                out.add(new Finding(Severity.INFO, "doctor-error", "The rule " + r.id() + " could not check this run.",
                        e.toString(), "", -1, -1));
            }
        }
        return prescribe(out);
    }

    /** {@link #diagnose(RunRecord)} and stores the findings in the record (replacing earlier ones). */
    public List<Finding> diagnoseInto(RunRecord run) {
        List<Finding> f = diagnose(run);
        run.findings().clear();
        run.findings().addAll(f);
        return f;
    }

    /** Runs every range-test rule; findings sorted like {@link #diagnose(RunRecord)}. */
    public List<Finding> diagnose(LrFindResult result) {
        if (result == null) throw new IllegalArgumentException("LR range test result is null; run %lrfind first");
        List<Finding> out = new ArrayList<>();
        for (LrFindRule r : lrFindRules) {
            try {
                out.addAll(r.check(result));
            } catch (RuntimeException e) {
                out.add(new Finding(Severity.INFO, "doctor-error", "The rule " + r.id()
                        + " could not check this range test.", e.toString(), "", -1, -1));
            }
        }
        return sorted(out);
    }

    /**
     * THE order of likely primary causes: when one run raises several findings, the earlier rule's cause usually
     * produces the later rules' symptoms, so its remedy is the one to try first. Groups, first to last:
     * <ol>
     *   <li>the run cannot be right: it failed, shapes or the loss do not fit, labels outside the classes, NaN/Inf
     *       or unscaled inputs (all with data evidence);</li>
     *   <li>the LR plan itself: a schedule that rises, reaches ~0 early, or whose warmup never ends;</li>
     *   <li>divergence and non-finite or exploding gradients (the LR or the gradients blow up);</li>
     *   <li>the LR is too high or too low: far from the range test's suggestion (measured on this setup, so it
     *       owns {@code lr=} before the heuristics), oscillation, the measured step size (update:weight ratio);</li>
     *   <li>dead units, vanishing gradients and a wrong initial loss (activations and initialisation);</li>
     *   <li>slow convergence: a loss that does not fall, underfitting;</li>
     *   <li>overfitting;</li>
     *   <li>everything else (class balance, memory, stop reason, validation on test, engine notes).</li>
     * </ol>
     * Info findings come after every warning and problem whatever their rule.
     */
    public static final List<String> CAUSE_ORDER = List.of(
            "run-failed", "shape-mismatch", "loss-mismatch", "label-range", "data-non-finite", "data-scale",
            "schedule-rising", "schedule-zero-early", "schedule-warmup",
            "divergence", "exploding-gradients",
            "lr-vs-finder", "oscillation", "update-ratio",
            "dead-units", "vanishing-gradients", "initial-loss",
            "not-falling", "underfitting",
            "overfitting",
            "class-imbalance", "memory", "stop-reason", "val-is-test", "engine-note");

    /** Position of a rule in {@link #CAUSE_ORDER}; unknown rules after all known ones. */
    public static int causeRank(String rule) {
        int i = CAUSE_ORDER.indexOf(rule);
        return i >= 0 ? i : CAUSE_ORDER.size();
    }

    /**
     * Warnings and problems first, ranked by likely primary cause ({@link #CAUSE_ORDER}), then by severity, step
     * and epoch; info findings last, in the same order; stable.
     */
    public static List<Finding> sorted(List<Finding> findings) {
        List<Finding> s = new ArrayList<>(findings);
        s.sort(Comparator.comparingInt((Finding f) -> f.severity() == Severity.INFO ? 1 : 0)
                .thenComparingInt(f -> causeRank(f.rule()))
                .thenComparing(Comparator.comparing(Finding::severity).reversed())
                .thenComparingInt(f -> f.step() >= 0 ? f.step() : Integer.MAX_VALUE)
                .thenComparingInt(f -> f.epoch() >= 0 ? f.epoch() : Integer.MAX_VALUE));
        return s;
    }

    /**
     * One coherent prescription: findings {@linkplain #sorted ranked by cause}, and each {@code %train} key set by
     * only one remedy — the highest-ranked warning or problem that names it. A later finding that would set the
     * same key (a second, different {@code lr=}) drops it and refers to the finding that owns it, so a run never
     * gets two learning rates to try.
     */
    public static List<Finding> prescribe(List<Finding> findings) {
        List<Finding> s = sorted(findings);
        Map<String, String> owner = new java.util.LinkedHashMap<>();
        List<Finding> out = new ArrayList<>(s.size());
        for (Finding f : s) {
            if (f.severity() == Severity.INFO || f.remedy().isBlank()) {
                out.add(f);
                continue;
            }
            String[] words = f.remedy().trim().split("\\s+");
            List<String> kept = new ArrayList<>();
            List<String> referred = new ArrayList<>();
            int i = 0;
            for (; i < words.length; i++) {
                String w = words[i];
                int eq = w.indexOf('=');
                if (eq <= 0 || !w.substring(0, eq).matches("[a-z_]+")) break; // prose from here on
                String key = w.substring(0, eq);
                String by = owner.get(key);
                if (by == null) {
                    owner.put(key, f.rule());
                    kept.add(w);
                } else if (!by.equals(f.rule())) {
                    referred.add(key + " as for " + by);
                }
            }
            if (referred.isEmpty()) {
                out.add(f);
                continue;
            }
            String prose = String.join(" ", java.util.Arrays.asList(words).subList(i, words.length));
            String remedy = Facts.join(String.join(" ", kept), "(" + String.join(", ", referred) + " above)", prose);
            out.add(new Finding(f.severity(), f.rule(), f.message(), f.evidence(), remedy, f.step(), f.epoch()));
        }
        return out;
    }

    /** The finding whose remedy to try first: the highest-ranked warning or problem with a remedy, or null. */
    public static Finding primary(List<Finding> findings) {
        for (Finding f : sorted(findings)) if (f.severity() != Severity.INFO && !f.remedy().isBlank()) return f;
        return null;
    }

    /** Whether no finding is a warning or a problem. */
    public static boolean isHealthy(List<Finding> findings) {
        return findings.stream().noneMatch(f -> f.severity() != Severity.INFO);
    }

    /**
     * The one-line message for a healthy run, with the numbers that show it: e.g. {@code healthy: loss 2.3 → 0.41
     * over 470 steps, best val_loss 0.38 at epoch 4; 23 rules found nothing to fix}.
     */
    public static String healthyLine(RunRecord run) {
        StringBuilder b = new StringBuilder("healthy");
        double start = Facts.initialLoss(run);
        double[] loss = Facts.losses(run);
        if (loss.length > 0 && Double.isFinite(start)) {
            double end = loss[Math.max(0, loss.length - 1)];
            List<EpochRecord> ep = run.epochs();
            if (!ep.isEmpty() && Double.isFinite(ep.get(ep.size() - 1).trainLoss())) end = ep.get(ep.size() - 1).trainLoss();
            b.append(": loss ").append(n(start)).append(" → ").append(n(end)).append(" over ").append(loss.length)
                    .append(" steps");
        }
        EpochRecord best = null;
        for (EpochRecord e : run.epochs()) {
            if (Double.isFinite(e.valLoss()) && (best == null || e.valLoss() < best.valLoss())) best = e;
        }
        if (best != null) {
            b.append(loss.length > 0 ? ", " : ": ").append("best val_loss ").append(n(best.valLoss()))
                    .append(" at epoch ").append(best.epoch());
            if (Double.isFinite(best.valAcc())) b.append(" (val_acc ").append(n(best.valAcc())).append(')');
        }
        b.append("; ").append(STANDARD.rules.size()).append(" checks found nothing to fix");
        return b.toString();
    }

    /** The one-line message for a healthy range test. */
    public static String healthyLine(LrFindResult result) {
        int n = LrCurve.points(result);
        StringBuilder b = new StringBuilder("healthy range test");
        if (n > 0) {
            int best = LrCurve.best(result);
            b.append(": loss ").append(n(LrCurve.start(result)));
            if (best >= 0) b.append(" → ").append(n(LrCurve.curve(result)[best])).append(" at lr ")
                    .append(n(result.lrs()[best]));
            b.append(" over ").append(n).append(" steps");
        }
        if (result.suggested() > 0) {
            b.append("; suggests lr=").append(n(result.suggested())).append(" (").append(result.rule());
            Map<String, Double> s = result.suggestions();
            if (s != null && !s.isEmpty()) b.append(", ").append(result.confidence()).append(" of ").append(s.size())
                    .append(" rules agree");
            b.append(')');
        }
        return b.toString();
    }

    /**
     * One line for any run: the {@linkplain #healthyLine(RunRecord) healthy line}, or a count of problems and
     * warnings with the most serious finding's message.
     */
    public static String summaryLine(RunRecord run, List<Finding> findings) {
        if (isHealthy(findings)) return healthyLine(run);
        return countLine(findings);
    }

    /** One line for a range test, like {@link #summaryLine(RunRecord, List)}. */
    public static String summaryLine(LrFindResult result, List<Finding> findings) {
        if (isHealthy(findings)) return healthyLine(result);
        return countLine(findings);
    }

    private static String countLine(List<Finding> findings) {
        List<Finding> s = sorted(findings);
        long p = s.stream().filter(f -> f.severity() == Severity.PROBLEM).count();
        long w = s.stream().filter(f -> f.severity() == Severity.WARNING).count();
        StringBuilder b = new StringBuilder();
        if (p > 0) b.append(p).append(p == 1 ? " problem" : " problems");
        if (w > 0) b.append(b.length() > 0 ? ", " : "").append(w).append(w == 1 ? " warning" : " warnings");
        return b.append(": ").append(s.get(0).message()).toString();
    }

    /**
     * Plain-text diagnosis of a run (what {@code %train}'s text/plain output and {@code %doctor} show): the summary
     * line, then one {@linkplain #format formatted} line per finding, most serious first. Info findings are listed
     * after the warnings and problems, so a healthy run reads as its healthy line plus any notes.
     */
    public static String report(RunRecord run, List<Finding> findings) {
        StringBuilder b = new StringBuilder(summaryLine(run, findings));
        for (Finding f : sorted(findings)) b.append('\n').append("  ").append(format(f));
        return b.toString();
    }

    /** Plain-text diagnosis of a range test, like {@link #report(RunRecord, List)}. */
    public static String report(LrFindResult result, List<Finding> findings) {
        StringBuilder b = new StringBuilder(summaryLine(result, findings));
        for (Finding f : sorted(findings)) b.append('\n').append("  ").append(format(f));
        return b.toString();
    }

    /**
     * Plain-text form of one finding: {@code [warning] oscillation (step 120): message — evidence → try: remedy}.
     */
    public static String format(Finding f) {
        StringBuilder b = new StringBuilder("[").append(f.severity().label()).append("] ").append(f.rule());
        if (f.step() >= 0) b.append(" (step ").append(f.step()).append(f.epoch() > 0 ? ", epoch " + f.epoch() : "")
                .append(')');
        else if (f.epoch() > 0) b.append(" (epoch ").append(f.epoch()).append(')');
        b.append(": ").append(f.message());
        if (!f.evidence().isEmpty()) b.append(" — ").append(f.evidence());
        if (!f.remedy().isEmpty()) b.append(" → try: ").append(f.remedy());
        return b.toString();
    }
}
