package trainbook.engine.lrfind;

import java.util.LinkedHashMap;

/**
 * Outcome of a learning-rate range test: the curve and every suggestion rule's answer.
 *
 * @param lrs         learning rate at each step of the ramp
 * @param losses      raw training loss at each step
 * @param smoothed    debiased EMA of the loss (β 0.98) at each step
 * @param suggestions rule name ({@code valley}, {@code steep}, {@code minimum/10}, {@code slide}) → suggested LR;
 *                    a rule that found nothing is absent
 * @param rule        the rule whose answer is {@link #suggested()} (default {@code valley})
 * @param suggested   the suggested learning rate
 * @param confidence  how many rules agree with the suggestion within a factor of 3 (including itself)
 * @param stopReason  why the ramp ended: completed, diverged (smoothed loss above 4× its best) or interrupted
 * @param mode        {@code exp} or {@code linear}
 */
public record LrFindResult(double[] lrs, double[] losses, double[] smoothed, LinkedHashMap<String, Double> suggestions,
                           String rule, double suggested, int confidence, RangeStop stopReason, String mode) {
}
