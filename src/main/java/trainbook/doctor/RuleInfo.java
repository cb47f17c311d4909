package trainbook.doctor;

/**
 * A registry entry: what a rule is called and what it checks.
 *
 * @param id          stable rule id
 * @param description one line
 * @param scope       {@code run} for rules over a training run, {@code lrfind} for rules over a range test
 */
public record RuleInfo(String id, String description, String scope) {
}
