package trainbook.engine.data;

import trainbook.engine.run.RunNote;

import java.util.ArrayList;
import java.util.List;

/**
 * The resolved data of a run, in host memory: training set, optional validation and test sets, and whether the
 * engine normalised the inputs.
 *
 * @param name       data name as given (e.g. {@code fashion-mnist}, {@code csv:iris.csv})
 * @param train      training set
 * @param val        validation set, or null
 * @param test       held-out test set, or null (IDX sets: the t10k files)
 * @param normalized whether the inputs were standardised
 * @param notes      plain statements about what was done (e.g. which split became validation)
 */
public record DataSplits(String name, HostData train, HostData val, HostData test, boolean normalized,
                         List<RunNote> notes) {
    public DataSplits {
        notes = notes == null ? new ArrayList<>() : new ArrayList<>(notes);
    }
}
