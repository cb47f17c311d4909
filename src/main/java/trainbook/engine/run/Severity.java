package trainbook.engine.run;

/** How serious a diagnosis finding is. Ordered from least to most serious. */
public enum Severity {
    INFO, WARNING, PROBLEM;

    public String label() { return name().toLowerCase(java.util.Locale.ROOT); }
}
