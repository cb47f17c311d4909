package trainbook.engine.store;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import trainbook.engine.TrainSpec;
import trainbook.engine.run.EpochRecord;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.StepRecord;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Saves and loads run records under a runs directory (default {@code ./runs}). Each run is a folder
 * {@code NAME/} holding {@code run.json} (the whole {@link RunRecord}, strict JSON as {@link StrictJson} writes it:
 * NaN and ±∞ as the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}), {@code steps.csv} and {@code epochs.csv}
 * (the history, for spreadsheets and pandas) and {@code params.bin} (the kept parameters, DJL's
 * {@code Block.saveParameters} format). Every file is written to a temporary file and renamed into place, so a
 * crash never leaves a half-written record. A record that cannot be read is skipped by {@link #loadAll()} with a
 * warning naming it.
 */
public final class RunStore {
    /** Default runs directory. */
    public static final String DEFAULT_DIR = "runs";
    /** JSON file name inside a run folder. */
    public static final String RECORD = "run.json";
    /** Parameter file name inside a run folder. */
    public static final String PARAMS = "params.bin";
    private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Logger LOG = LoggerFactory.getLogger(RunStore.class);

    private final Path dir;
    private final Gson gson;
    private final List<String> warnings = new ArrayList<>();

    /** A store over {@code dir} (null = {@value #DEFAULT_DIR}); the directory is created on first save. */
    public RunStore(String dir) {
        this(Path.of(dir == null || dir.isBlank() ? DEFAULT_DIR : dir));
    }

    public RunStore(Path dir) {
        this.dir = dir;
        this.gson = StrictJson.gson();
    }

    /** The store for {@code spec.runsDir}. */
    public static RunStore of(TrainSpec spec) {
        return new RunStore(spec.runsDir);
    }

    public Path dir() { return dir; }

    /** Warnings from the last {@link #loadAll()} (one per skipped record). */
    public List<String> warnings() { return List.copyOf(warnings); }

    /** Checks a run name: letters, digits, '.', '_' and '-', at most 100 characters. */
    public static String checkName(String name) {
        if (name == null || !VALID_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("run name '" + name + "': use letters, digits, '.', '_' and '-'"
                    + " (starting with a letter or digit), e.g. as=baseline");
        }
        return name;
    }

    /** Whether a run of that name is saved. */
    public boolean exists(String name) {
        return Files.isRegularFile(dir.resolve(name).resolve(RECORD));
    }

    /**
     * A fresh name for a run of {@code spec}: model, optimizer and learning rate plus a counter, e.g.
     * {@code mlp-adam-1e-3-2}, unique in this store.
     */
    public String generateName(TrainSpec spec) {
        String model = spec.modelObject != null ? spec.modelObject.getClass().getSimpleName() : spec.model;
        String m = model == null ? "run" : model.replace("(", "").replace(")", "").replace(",", "-").replace(" ", "");
        String base = m + "-" + spec.opt + "-" + TrainSpec.num(spec.lr);
        base = base.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "_").replaceAll("_+", "_")
                .replaceAll("^[^a-z0-9]+", "").replaceAll("[_-]+$", "");
        if (base.isEmpty()) base = "run";
        if (base.length() > 80) base = base.substring(0, 80);
        for (int i = 1; ; i++) {
            String n = base + "-" + i;
            if (!Files.exists(dir.resolve(n))) return n;
        }
    }

    /**
     * Saves a record and, when {@code block} is not null, its parameters.
     *
     * @return the run folder
     */
    public Path save(RunRecord record, Block block) {
        checkName(record.name());
        Path runDir = dir.resolve(record.name());
        try {
            Files.createDirectories(runDir);
            if (block != null) {
                writeAtomic(runDir.resolve(PARAMS), out -> {
                    DataOutputStream dos = new DataOutputStream(new BufferedOutputStream(out));
                    block.saveParameters(dos);
                    dos.flush();
                });
            }
            writeAtomic(runDir.resolve("steps.csv"), out -> writeText(out, stepsCsv(record)));
            writeAtomic(runDir.resolve("epochs.csv"), out -> writeText(out, epochsCsv(record)));
            String json = gson.toJson(record);
            writeAtomic(runDir.resolve(RECORD), out -> writeText(out, json));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save run '" + record.name() + "' under " + runDir + ": "
                    + e.getMessage(), e);
        }
        return runDir;
    }

    /**
     * Writes a run's parameters as bytes already in {@code params.bin}'s format (DJL's {@code saveParameters}), e.g.
     * sent back by a trial that trained in another JVM; save the record after it, as {@link #save} does.
     */
    public Path saveParameters(String name, byte[] params) {
        Path runDir = dir.resolve(checkName(name));
        try {
            Files.createDirectories(runDir);
            writeAtomic(runDir.resolve(PARAMS), out -> out.write(params));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the parameters of run '" + name + "' under " + runDir + ": "
                    + e.getMessage(), e);
        }
        return runDir.resolve(PARAMS);
    }

    /**
     * Loads one record.
     *
     * @throws IllegalArgumentException when no run of that name is saved (listing the saved ones) or its record
     *                                  is corrupt
     */
    public RunRecord load(String name) {
        Path f = dir.resolve(checkName(name)).resolve(RECORD);
        if (!Files.isRegularFile(f)) {
            throw new IllegalArgumentException("run '" + name + "' not found in " + dir.toAbsolutePath()
                    + "; saved runs: " + (names().isEmpty() ? "none" : String.join(", ", names())));
        }
        try {
            return read(f);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("run record " + f + " is corrupt: " + firstLine(e), e);
        }
    }

    /** Names of the saved runs (folders holding a record), sorted. */
    public List<String> names() {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) if (Files.isRegularFile(p.resolve(RECORD))) out.add(p.getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    /** Every readable record, oldest first; corrupt ones are skipped and reported in {@link #warnings()}. */
    public List<RunRecord> loadAll() {
        warnings.clear();
        List<RunRecord> out = new ArrayList<>();
        for (String n : names()) {
            Path f = dir.resolve(n).resolve(RECORD);
            try {
                RunRecord r = read(f);
                out.add(r);
            } catch (IOException | RuntimeException e) {
                String w = "skipped corrupt run record " + f + ": " + firstLine(e);
                warnings.add(w);
                LOG.warn(w);
                System.err.println("trainbook: " + w);
            }
        }
        out.sort(Comparator.comparing(r -> r.stamp() == null || r.stamp().startedAt() == null ? "" : r.stamp().startedAt()));
        return out;
    }

    /** The first line of an exception's message (Gson appends a second line with a troubleshooting link). */
    private static String firstLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl >= 0 ? m.substring(0, nl).strip() : m;
    }

    private RunRecord read(Path f) throws IOException {
        String json = Files.readString(f, StandardCharsets.UTF_8);
        RunRecord r;
        try {
            r = gson.fromJson(json, RunRecord.class);
        } catch (JsonParseException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (r == null || r.name() == null) throw new IOException("no run name in the record");
        return r;
    }

    /**
     * Loads a saved run's parameters into {@code block} (initialised with the same architecture).
     *
     * @throws IllegalArgumentException when the run or its parameters are missing or do not fit the block
     */
    public void loadParameters(String name, Block block, NDManager manager) {
        loadParameters(name, block, manager, java.util.Set.of());
    }

    /**
     * Loads a saved run's parameters into {@code block}, where the parameters named in {@code replaced} may change
     * shape: the caller sets them again afterwards (a new output layer for other classes, {@code head=new}).
     */
    public void loadParameters(String name, Block block, NDManager manager, java.util.Set<String> replaced) {
        Path f = dir.resolve(checkName(name)).resolve(PARAMS);
        if (!Files.isRegularFile(f)) {
            throw new IllegalArgumentException("run '" + name + "' has no saved parameters (" + f + "); saved runs: "
                    + (names().isEmpty() ? "none" : String.join(", ", names())));
        }
        List<String> before = shapes(block, replaced);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(f)))) {
            block.loadParameters(manager, in);
        } catch (MalformedModelException | IOException | RuntimeException e) {
            throw new IllegalArgumentException("parameters of run '" + name + "' do not fit this model ("
                    + e.getMessage() + "); warm start needs the same model, data shape and norm settings"
                    + (replaced.isEmpty() ? " (for other classes: head=new starts a new output layer)" : ""), e);
        }
        List<String> after = shapes(block, replaced);
        if (!before.equals(after)) {
            throw new IllegalArgumentException("parameters of run '" + name + "' do not fit this model (shapes " + after
                    + " where the model has " + before + "); warm start needs the same model, data shape and norm settings"
                    + (replaced.isEmpty() ? " (for other classes: head=new starts a new output layer)" : ""));
        }
    }

    private static List<String> shapes(Block block, java.util.Set<String> skip) {
        List<String> out = new ArrayList<>();
        for (var p : block.getParameters()) {
            if (skip.contains(p.getKey())) continue;
            out.add(p.getValue().isInitialized() ? p.getValue().getArray().getShape().toString() : "?");
        }
        return out;
    }

    /** Deletes a saved run (all its files). */
    public void delete(String name) {
        Path runDir = dir.resolve(checkName(name));
        if (!Files.isDirectory(runDir)) return;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(runDir)) {
            for (Path p : ds) Files.deleteIfExists(p);
            Files.deleteIfExists(runDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete run '" + name + "': " + e.getMessage(), e);
        }
    }

    /** CSV of the per-step history. */
    public static String stepsCsv(RunRecord r) {
        StringBuilder sb = new StringBuilder("step,epoch,batch,lr,loss,grad_norm,update_ratio,millis\n");
        for (StepRecord s : r.steps()) {
            sb.append(s.step()).append(',').append(s.epoch()).append(',').append(s.batch()).append(',')
                    .append(d(s.lr())).append(',').append(d(s.loss())).append(',').append(d(s.gradNorm())).append(',')
                    .append(d(s.updateRatio())).append(',').append(d(s.millis())).append('\n');
        }
        return sb.toString();
    }

    /** CSV of the per-epoch history (further metrics, e.g. val_f1, as extra columns at the end). */
    public static String epochsCsv(RunRecord r) {
        java.util.LinkedHashSet<String> extra = new java.util.LinkedHashSet<>();
        for (EpochRecord e : r.epochs()) extra.addAll(e.metrics().keySet());
        StringBuilder sb = new StringBuilder("epoch,train_loss,val_loss,train_acc,val_acc,lr,seconds");
        for (String k : extra) sb.append(',').append(k);
        sb.append('\n');
        for (EpochRecord e : r.epochs()) {
            sb.append(e.epoch()).append(',').append(d(e.trainLoss())).append(',').append(d(e.valLoss())).append(',')
                    .append(d(e.trainAcc())).append(',').append(d(e.valAcc())).append(',').append(d(e.lr())).append(',')
                    .append(d(e.seconds()));
            for (String k : extra) sb.append(',').append(d(e.metric(k)));
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String d(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    private interface Body {
        void write(OutputStream out) throws IOException;
    }

    private static void writeText(OutputStream out, String s) throws IOException {
        Writer w = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
        w.write(s);
        w.flush();
    }

    /**
     * Writes {@code text} (UTF-8) to {@code target} through a temporary file moved into place, creating the folder:
     * a reader never sees half a file, and a failed write leaves the old one (the store's files and studies').
     */
    public static void writeText(Path target, String text) {
        try {
            Files.createDirectories(target.getParent());
            writeAtomic(target, out -> writeText(out, text));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save " + target + ": " + e.getMessage(), e);
        }
    }

    private static void writeAtomic(Path target, Body body) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                body.write(out);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
