package trainbook.doctor;

import trainbook.engine.run.RunDiagnoser;
import trainbook.engine.run.RunRecord;

/** The engine's diagnoser ({@link RunDiagnoser#installed()}): the {@link Doctor#standard()} rules. */
public final class StandardDiagnoser implements RunDiagnoser {
    @Override
    public void diagnoseInto(RunRecord run) {
        Doctor.standard().diagnoseInto(run);
    }
}
