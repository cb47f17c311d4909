package trainbook.kernel;

import jdk.jshell.JShell;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.VarSnippet;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Code assistance from JShell's source analysis: completion (Java, and magic names after {@code %}), is_complete
 * with the indent for the next line, inspect (signatures, javadoc, a variable's value), and the {@code name?} help
 * syntax. Magic lines are blanked out before Java analysis so positions stay where the user's cursor is.
 */
final class CodeAssist {
    private static final Pattern HELP =
            Pattern.compile("^\\s*([\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}.]*\\(?)\\s*\\?\\s*$");
    private static final Pattern MAGIC_LINE = Pattern.compile("(?m)^\\s*%.*$");
    private static final Pattern MAGIC_PREFIX = Pattern.compile("^\\s*(%{1,2})(\\w*)$");

    private final JavaSession session;
    private final KernelExecutionControl control;
    /** The magics, once the extensions that register them are installed (waits for them). */
    private final Supplier<MagicsRegistry> magics;

    CodeAssist(JavaSession session, KernelExecutionControl control, Supplier<MagicsRegistry> magics) {
        this.session = session;
        this.control = control;
        this.magics = magics;
    }

    /** For a cell {@code name?} (IPython's help syntax, never valid Java), the name to document. */
    static Optional<String> helpTarget(String code) {
        Matcher m = HELP.matcher(code);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    ReplacementOptions complete(String code, int at) {
        at = Math.max(0, Math.min(at, code.length()));
        int lineStart = code.lastIndexOf('\n', at - 1) + 1;
        Matcher magic = MAGIC_PREFIX.matcher(code.substring(lineStart, at));
        if (magic.matches()) {
            MagicsRegistry registry = magics.get();
            boolean cell = magic.group(1).length() == 2;
            Set<String> names = cell ? registry.getCellMagicNames() : registry.getLineMagicNames();
            List<String> matches = names.stream().filter(n -> n.startsWith(magic.group(2))).sorted()
                    .collect(Collectors.toList());
            return new ReplacementOptions(matches, at - magic.group(2).length(), at);
        }
        String java = blankMagics(code);
        int start = snippetStart(java, at);
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions =
                session.analysis().completionSuggestions(java.substring(start), at - start, anchor);
        Set<String> ordered = new LinkedHashSet<>();
        suggestions.stream().filter(SourceCodeAnalysis.Suggestion::matchesType)
                .forEach(s -> ordered.add(s.continuation()));
        suggestions.forEach(s -> ordered.add(s.continuation()));
        return new ReplacementOptions(new ArrayList<>(ordered), start + anchor[0], at);
    }

    /** {@code complete}, {@code invalid}, or the indent the next line should start with. */
    String isComplete(String code) {
        if (code.stripLeading().startsWith("%%")) return BaseKernel.IS_COMPLETE_YES;
        String remaining = MAGIC_LINE.matcher(code).replaceAll("");
        while (true) {
            if (remaining.isBlank()) return BaseKernel.IS_COMPLETE_YES;
            SourceCodeAnalysis.CompletionInfo info = session.analysis().analyzeCompletion(remaining);
            switch (info.completeness()) {
                case COMPLETE:
                case COMPLETE_WITH_SEMI:
                    remaining = info.remaining();
                    break;
                case EMPTY:
                    return BaseKernel.IS_COMPLETE_YES;
                case DEFINITELY_INCOMPLETE:
                case CONSIDERED_INCOMPLETE:
                    return indentFor(code);
                case UNKNOWN:
                default:
                    return BaseKernel.IS_COMPLETE_BAD;
            }
        }
    }

    /** The last line's indent, one level deeper after an opening brace, parenthesis or arrow. */
    static String indentFor(String code) {
        String[] lines = code.split("\\R", -1);
        String last = lines[lines.length - 1].isBlank() && lines.length > 1
                ? lines[lines.length - 2] : lines[lines.length - 1];
        int n = 0;
        while (n < last.length() && Character.isWhitespace(last.charAt(n))) n++;
        String indent = last.substring(0, n);
        String trimmed = last.strip();
        if (trimmed.endsWith("{") || trimmed.endsWith("(") || trimmed.endsWith("->")) indent += "    ";
        return indent;
    }

    /** Signatures (and javadoc with {@code extraDetail}) at {@code at}, else a variable's value; null when neither. */
    DisplayData inspect(String code, int at, boolean extraDetail) {
        at = Math.max(0, Math.min(at, code.length()));
        String java = blankMagics(code);
        int start = snippetStart(java, at);
        SourceCodeAnalysis analysis = session.analysis();
        List<SourceCodeAnalysis.Documentation> docs = analysis.documentation(java.substring(start), at - start,
                extraDetail);
        if (docs.isEmpty()) {
            // cursor on a method or constructor name: ask as if the call's parenthesis were open
            int end = at;
            while (end < java.length() && Character.isJavaIdentifierPart(java.charAt(end))) end++;
            if (end > start && Character.isJavaIdentifierPart(java.charAt(end - 1))) {
                String probe = java.substring(start, end) + "(";
                docs = analysis.documentation(probe, probe.length(), extraDetail);
            }
        }
        StringBuilder text = new StringBuilder();
        for (SourceCodeAnalysis.Documentation doc : docs) {
            if (text.length() > 0) text.append("\n\n");
            text.append(doc.signature());
            if (extraDetail && doc.javadoc() != null && !doc.javadoc().isBlank()) {
                text.append("\n").append(doc.javadoc());
            }
        }
        if (text.length() == 0) {
            Optional<String> variable = describeVariable(java, at);
            if (variable.isEmpty()) return null;
            text.append(variable.get());
        }
        return new DisplayData(text.toString());
    }

    /** Magic lines as spaces: Java analysis skips them and every position stays where it was. */
    static String blankMagics(String code) {
        return MAGIC_LINE.matcher(code).replaceAll(m -> " ".repeat(m.group().length()));
    }

    /** Where the snippet containing position {@code at} starts. */
    private int snippetStart(String code, int at) {
        String prefix = code.substring(0, Math.min(at, code.length()));
        int start = 0;
        while (start < prefix.length()) {
            SourceCodeAnalysis.CompletionInfo info = session.analysis().analyzeCompletion(prefix.substring(start));
            if (!info.completeness().isComplete() || info.remaining().isBlank()) break;
            start = prefix.length() - info.remaining().length();
        }
        return start;
    }

    private Optional<String> describeVariable(String code, int at) {
        int s = at;
        while (s > 0 && Character.isJavaIdentifierPart(code.charAt(s - 1))) s--;
        int e = at;
        while (e < code.length() && Character.isJavaIdentifierPart(code.charAt(e))) e++;
        if (s == e) return Optional.empty();
        String name = code.substring(s, e);
        JShell shell = session.shell();
        return shell.variables()
                .filter(v -> v.name().equals(name) && shell.status(v).isActive())
                .reduce((a, b) -> b)
                .map((VarSnippet v) -> v.typeName() + " " + v.name() + " = " + variableText(shell, v));
    }

    /** A variable's value as text (the execution control hands back the real object, see its varValue). */
    private String variableText(JShell shell, VarSnippet v) {
        String key = shell.varValue(v);
        control.takeHome(key);
        return KernelExecutionControl.text(control.takeResult(key));
    }
}
