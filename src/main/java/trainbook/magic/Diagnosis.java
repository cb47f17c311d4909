package trainbook.magic;

import trainbook.doctor.Doctor;
import trainbook.engine.lrfind.LrFindResult;
import trainbook.engine.run.Finding;
import trainbook.engine.run.RunRecord;

import java.util.List;

/** Runs the training doctor for the magics. */
final class Diagnosis {
    private Diagnosis() {}

    /** Diagnoses a run and stores the findings in its record (replacing earlier ones). */
    static List<Finding> run(RunRecord r) {
        return Doctor.standard().diagnoseInto(r);
    }

    /** Diagnoses a range test. */
    static List<Finding> lrfind(LrFindResult r) {
        return Doctor.standard().diagnose(r);
    }
}
