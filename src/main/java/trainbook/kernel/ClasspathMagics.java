package trainbook.kernel;

import org.dflib.jjava.jupyter.kernel.util.PathsHandler;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code %jars PATH...} and {@code %classpath PATH...} (IJava's names): add local jars (globs allowed, e.g.
 * {@code lib/*.jar}) or class directories to the notebook's classpath.
 */
final class ClasspathMagics {
    private ClasspathMagics() {}

    static void register(TrainbookKernel kernel) {
        kernel.getMagicsRegistry().registerLineMagic("jars", (k, args) -> {
            List<File> jars = resolve("jars", args, true);
            kernel.addToClasspath(jars);
            return null;
        });
        kernel.getMagicsRegistry().registerLineMagic("classpath", (k, args) -> {
            List<File> entries = resolve("classpath", args, false);
            kernel.addToClasspath(entries);
            return null;
        });
    }

    /** Expands each argument (a path, a glob, or several joined with the path separator) to existing entries. */
    static List<File> resolve(String magic, List<String> args, boolean jarsOnly) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("%" + magic + " needs at least one path, e.g. %" + magic
                    + (jarsOnly ? " lib/*.jar" : " target/classes"));
        }
        List<File> out = new ArrayList<>();
        for (String arg : args) {
            List<Path> paths;
            try {
                paths = PathsHandler.splitAndResolveGlobs(arg);
            } catch (RuntimeException e) {
                paths = List.of();
            }
            if (paths.isEmpty()) {
                throw new IllegalArgumentException("%" + magic + ": '" + arg + "' matches no file; give an existing "
                        + (jarsOnly ? "jar (globs like lib/*.jar work)" : "jar or directory"));
            }
            for (Path p : paths) {
                File f = p.toAbsolutePath().toFile();
                if (jarsOnly && !(f.isFile() && f.getName().endsWith(".jar"))) {
                    throw new IllegalArgumentException("%" + magic + ": '" + f + "' is not a .jar file; use %classpath for directories");
                }
                if (!f.exists()) {
                    throw new IllegalArgumentException("%" + magic + ": '" + f + "' does not exist");
                }
                out.add(f);
            }
        }
        return out;
    }
}
