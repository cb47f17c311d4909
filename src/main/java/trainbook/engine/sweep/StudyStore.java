package trainbook.engine.sweep;

import trainbook.engine.store.RunStore;
import com.google.gson.Gson;
import com.google.gson.JsonParseException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A study's folder, {@code RUNS/studies/NAME/}: {@code study.json} (name, direction, metric, search space,
 * sampler, pruner, seed) and one {@code trial-NNNN.json} per trial. Files are written to a temporary file and
 * renamed into place, in the strict JSON of run records ({@code StrictJson}); a trial file that cannot be read is
 * skipped with a warning naming it.
 */
public final class StudyStore {
    /** Folder under the runs directory that holds the studies. */
    public static final String STUDIES = "studies";
    private static final Pattern TRIAL_FILE = Pattern.compile("trial-(\\d+)\\.json");
    private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    /** What study.json holds. */
    public record Meta(String name, String direction, String metric, LinkedHashMap<String, String> space,
                       String sampler, String pruner, long seed) {}

    private final Path dir;
    // the runs' strict dialect: NaN (a pruned trial's value) is written as "NaN", so strict readers take the files
    private final Gson gson = trainbook.engine.store.StrictJson.gson();

    public StudyStore(Path dir) { this.dir = dir; }

    /** The store of study {@code name} under {@code runsDir} (null = ./runs). */
    public static StudyStore of(String runsDir, String name) {
        return new StudyStore(Path.of(runsDir == null || runsDir.isBlank() ? "runs" : runsDir, STUDIES, checkName(name)));
    }

    /** Checks a study name: letters, digits, '.', '_' and '-', at most 100 characters. */
    public static String checkName(String name) {
        if (name == null || !VALID_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("study name '" + name + "': use letters, digits, '.', '_' and '-'"
                    + " (starting with a letter or digit), e.g. study=lr_search");
        }
        return name;
    }

    public Path dir() { return dir; }

    /** The saved description, or null when the study was never saved. */
    public Meta loadMeta() {
        Path f = dir.resolve("study.json");
        if (!Files.isRegularFile(f)) return null;
        try {
            Meta m = gson.fromJson(Files.readString(f, StandardCharsets.UTF_8), Meta.class);
            if (m == null || m.space() == null) throw new IOException("no search space in it");
            return m;
        } catch (IOException | JsonParseException e) {
            throw new IllegalArgumentException("study file " + f + " is unreadable (" + firstLine(e)
                    + "): use another study= name, or delete the folder to start over");
        }
    }

    public void saveMeta(Meta m) { write(dir.resolve("study.json"), gson.toJson(m)); }

    public void saveTrial(Trial t) { write(dir.resolve(fileName(t.number())), gson.toJson(t)); }

    public void deleteTrial(int number) {
        try {
            Files.deleteIfExists(dir.resolve(fileName(number)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir.resolve(fileName(number)) + ": " + e.getMessage(), e);
        }
    }

    static String fileName(int number) { return String.format("trial-%04d.json", number); }

    /** The saved trials in number order; unreadable files are skipped and named in {@code warnings}. */
    public List<Trial> loadTrials(SearchSpace space, List<String> warnings) {
        List<Trial> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "trial-*.json")) {
            for (Path p : ds) files.add(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        files.sort(Comparator.comparing(p -> p.getFileName().toString()));
        for (Path p : files) {
            Matcher m = TRIAL_FILE.matcher(p.getFileName().toString());
            if (!m.matches()) continue;
            try {
                Trial t = gson.fromJson(Files.readString(p, StandardCharsets.UTF_8), Trial.class);
                if (t == null || t.state() == null || t.number() != Integer.parseInt(m.group(1))) {
                    throw new IOException("not a trial record");
                }
                t.normalise(space);
                for (String k : space.params().keySet()) {
                    if (!t.params().containsKey(k)) throw new IOException("no value for parameter " + k);
                }
                out.add(t);
            } catch (IOException | RuntimeException e) {
                warnings.add("skipped unreadable trial file " + p.getFileName() + " in " + dir + ": " + firstLine(e));
            }
        }
        return out;
    }

    private static String firstLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl >= 0 ? m.substring(0, nl).strip() : m;
    }

    private static void write(Path target, String text) {
        RunStore.writeText(target, text);
    }
}
