package trainbook.doctor;

/**
 * Every number the doctor's rules compare against, in one place, each with the reason it has its value.
 *
 * <p>The values are tuned so that a healthy run (an MLP on normalised data, Adam at 1e-3, a few hundred noisy
 * mini-batch losses) raises no warning: rules look at windows, medians and ratios, never at single batches, and
 * each has a minimum amount of evidence below which it stays silent.
 */
public final class Thresholds {
    private Thresholds() {}

    // ---- initial loss (rule initial-loss) ----

    /** Steps averaged for the initial loss: one batch is noisy, and after a few updates the loss has already moved. */
    public static final int INITIAL_WINDOW = 3;
    /**
     * Initial cross-entropy/BCE above this multiple of the random-guess value (ln C, ln 2) means the outputs start
     * far from uniform: over-large weights or unscaled inputs. 3 × ln 10 ≈ 6.9 for ten classes.
     */
    public static final double INITIAL_HIGH_FACTOR = 3.0;
    /**
     * MSE starts at var(y) plus the variance of the untrained outputs, which is of order 1 for standardised inputs;
     * only a much larger multiple points at a scale problem.
     */
    public static final double INITIAL_HIGH_FACTOR_MSE = 10.0;
    /**
     * Inputs with a spread (or offset) above this are not standardised: with the default initialisation the first
     * logits grow with the inputs, which explains a high initial loss.
     */
    public static final double INITIAL_INPUT_STD = 1.5;
    /** Initial loss below this fraction of the random-guess value: the untrained model already "knows" the labels. */
    public static final double INITIAL_LOW_FACTOR = 0.25;

    // ---- loss not falling (rule not-falling) ----

    /** Fewer steps than this are too few to call a loss flat: the first epoch of a tiny run is all noise. */
    public static final int NOT_FALLING_MIN_STEPS = 20;
    /** "The first N steps": the window in which a working setup must already show progress. */
    public static final int NOT_FALLING_HORIZON = 300;
    /** Fraction of the early steps averaged at each end of the horizon (at least 3, at most 30 steps). */
    public static final double NOT_FALLING_WINDOW_FRACTION = 0.2;
    /** A working run drops its loss by far more than 5 % within its first few hundred steps. */
    public static final double NOT_FALLING_MIN_DROP = 0.05;
    /** Below a 1 % drop the loss is flat (or rising): a problem rather than a slow start. */
    public static final double NOT_FALLING_FLAT_DROP = 0.01;

    // ---- divergence (rule divergence) ----

    /** The loss exploded when its rolling median exceeds this multiple of its start (the range test uses 4× too). */
    public static final double DIVERGE_FACTOR = 4.0;
    /** Rolling-median width for divergence, so one bad batch is not an explosion. */
    public static final int DIVERGE_SMOOTH = 5;

    // ---- oscillation (rule oscillation) ----

    /** Fewer steps than this give no trend to detrend against. */
    public static final int OSC_MIN_STEPS = 40;
    /**
     * Robust noise (1.4826 × MAD of the detrended step loss) above this fraction of the trend level, together with
     * an epoch-level {@linkplain #OSC_BOUNCE bounce}. Step noise alone does not tell a too-high LR from sampling
     * noise: measured 0.42–0.65 on healthy small-batch runs over overlapping classes, 0.42–0.61 at too-high LRs.
     */
    public static final double OSC_REL_NOISE = 0.3;
    /**
     * Step noise above this fraction of the trend is oscillation even without epoch evidence (batches scatter by
     * more than the loss itself).
     */
    public static final double OSC_REL_NOISE_ALONE = 1.0;
    /**
     * An epoch's mean training loss this fraction above the previous epoch's (or validation loss rising this much and
     * falling back as much): the curve bounces. Measured: ≤ 6 % from noise at convergence, 18–32 % at too-high LRs.
     */
    public static final double OSC_BOUNCE = 0.15;
    /**
     * The noise must also be this fraction of the initial loss: near-zero losses (a solved easy task) have a large
     * relative noise that means nothing.
     */
    public static final double OSC_ABS_FRACTION = 0.1;

    // ---- exploding gradients (rule exploding-gradients) ----

    /** A global gradient norm this many times the running median of the previous norms is a spike. */
    public static final double GRAD_SPIKE_FACTOR = 10.0;
    /** Width of the running median (in samples) that a norm is compared with. */
    public static final int GRAD_MEDIAN_WINDOW = 20;
    /** Samples needed before a running median means anything (the first norms move fast at initialisation). */
    public static final int GRAD_MIN_SAMPLES = 6;
    /** Suggested clip threshold: this percentile of the observed norms keeps ordinary steps untouched. */
    public static final double CLIP_PERCENTILE = 90;

    // ---- vanishing gradients (rule vanishing-gradients) ----

    /** First-layer / last-layer weight-gradient norm ratio below this: the first layers barely learn. */
    public static final double VANISH_LAYER_RATIO = 1e-3;
    /** Median global gradient norm below this while the loss is still high: training has stalled. */
    public static final double VANISH_GLOBAL_NORM = 1e-6;
    /** "Still high" for the global-norm check: the latest loss is above this fraction of the initial loss. */
    public static final double VANISH_LOSS_STILL_HIGH = 0.5;

    // ---- dead units (rule dead-units) ----

    /** More than half of a layer's ReLU units never firing on a probe batch wastes half the layer. */
    public static final double DEAD_FRACTION_WARN = 0.5;
    /** Nearly all units dead: the layer passes (almost) nothing on. */
    public static final double DEAD_FRACTION_PROBLEM = 0.9;

    // ---- update:parameter ratio (rule update-ratio) ----

    /** Below this median ratio the weights hardly move per step (the usual healthy value is around 1e-3). */
    public static final double UPDATE_RATIO_LOW = 1e-4;
    /** Above this median ratio each step rewrites a tenth of the weights: the LR is far too high. */
    public static final double UPDATE_RATIO_HIGH = 1e-1;
    /** The ratio a suggested LR aims at. */
    public static final double UPDATE_RATIO_TARGET = 1e-3;
    /** Samples needed for a median ratio. */
    public static final int UPDATE_RATIO_MIN_SAMPLES = 3;

    // ---- overfitting (rule overfitting) ----

    /** Validation loss must rise over at least this many epochs after its best (one bad epoch is noise). */
    public static final int OVERFIT_EPOCHS = 2;
    /** ... and end at least this fraction above its best: small validation sets wobble by a few per cent. */
    public static final double OVERFIT_MIN_RISE = 0.05;

    // ---- underfitting (rule underfitting) ----

    /** Epochs needed to call a curve flat. */
    public static final int UNDERFIT_MIN_EPOCHS = 2;
    /** Train (and validation) loss still above this fraction of the random-guess loss counts as high. */
    public static final double UNDERFIT_HIGH_FRACTION = 0.6;
    /** Train loss still at this fraction of a random guess: nothing learned (or labels that carry no signal). */
    public static final double UNDERFIT_NOTHING_LEARNED = 0.9;
    /** Train loss improving by less than this fraction in the last epoch counts as flat. */
    public static final double UNDERFIT_FLAT_DROP = 0.02;

    // ---- data (rules data-*, label-range, class-imbalance, loss-mismatch) ----

    /** Input standard deviation above this: the inputs are not normalised (pixels 0–255 have std ≈ 90). */
    public static final double INPUT_STD_MAX = 5.0;
    /** |input mean| above this: the inputs are far from centred. */
    public static final double INPUT_MEAN_MAX = 5.0;
    /** Input standard deviation below this: the inputs are (nearly) constant, the model sees no signal. */
    public static final double INPUT_STD_MIN = 1e-3;
    /** Input maximum at or above this looks like raw 8-bit pixels. */
    public static final double PIXEL_MAX = 200.0;
    /**
     * A regression target of whole numbers from 0 up to at most this looks like class ids (counts can too, so the
     * finding says "if they are classes").
     */
    public static final double CLASS_ID_MAX = 20;
    /** Largest class count over smallest above this: strong imbalance, accuracy alone misleads. */
    public static final double IMBALANCE_RATIO = 10.0;

    // ---- schedule (rules schedule-*) ----

    /** Warmup longer than this fraction of the run leaves little time at the full LR. */
    public static final double WARMUP_WARN_FRACTION = 0.5;
    /** An LR below this fraction of the peak LR is effectively zero. */
    public static final double LR_ZERO_FRACTION = 1e-3;
    /** Reaching ~0 before this fraction of the run wastes the rest of it. */
    public static final double LR_ZERO_EARLY = 0.8;
    /** A final LR more than this multiple of the base LR means the schedule rises instead of decaying. */
    public static final double FINAL_LR_RISE = 1.01;

    // ---- LR finder (rule lr-vs-finder) ----

    /** The LR used more than this factor away from the finder's suggestion, either way. */
    public static final double FINDER_FACTOR = 10.0;

    // ---- LR range test (rules lrfind-*) ----

    /** A range test with fewer points than this says little. */
    public static final int LRFIND_MIN_POINTS = 10;
    /**
     * The smoothed loss (after its first {@link #LRFIND_EARLY_BEST} of points) must fall at least this fraction below
     * the median raw loss of those first points: a working setup falls by a fifth or more (measured 21 % on
     * standardised blobs, more on Fashion-MNIST); batch noise on a flat curve moves the smoothed loss ~5 %.
     */
    public static final double LRFIND_MIN_FALL = 0.1;
    /** Best point within this leading fraction of the ramp, then divergence: the start LR is already too high. */
    public static final double LRFIND_EARLY_BEST = 0.1;
    /** "Clearly above" the best point of a range test: more than this fraction above it. */
    public static final double LRFIND_RISE_MARGIN = 0.1;
    /** Share of the points after the best that must lie clearly above it for "rose from the start". */
    public static final double LRFIND_RISING_SHARE = 0.8;
    /** Suggestion within this factor of either end of the ramp: the range does not bracket the good LRs. */
    public static final double LRFIND_EDGE_FACTOR = 3.0;
    /** Suggestion rules needed before agreement (confidence) is meaningful. */
    public static final int LRFIND_MIN_RULES = 3;
    /**
     * Peak kernel memory above this share of the limit (container or physical) is a warning: the next run, or a
     * rerun that briefly holds two copies, may get the kernel killed (Binder gives 1–2 GB).
     */
    public static final double MEMORY_SHARE = 0.8;
}
