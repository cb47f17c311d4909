package trainbook.engine.run;

import java.util.ServiceLoader;

/**
 * Diagnoses a finished run: writes findings into its record. The doctor provides the standard one (it sits above the
 * engine, so the engine finds it through {@link ServiceLoader}); the training loop calls it before saving, so the
 * saved record carries its diagnosis.
 */
@FunctionalInterface
public interface RunDiagnoser {
    /** Replaces the record's findings with this diagnosis's. */
    void diagnoseInto(RunRecord run);

    /** The diagnoser installed on the class path (the doctor's), or one that leaves the record as it is. */
    static RunDiagnoser installed() {
        return Installed.DIAGNOSER;
    }

    /** Looks the diagnoser up once. */
    final class Installed {
        private static final RunDiagnoser DIAGNOSER = ServiceLoader.load(RunDiagnoser.class,
                RunDiagnoser.class.getClassLoader()).findFirst().orElse(run -> { });

        private Installed() {}
    }
}
