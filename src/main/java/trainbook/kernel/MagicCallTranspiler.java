package trainbook.kernel;

import org.dflib.jjava.jupyter.kernel.magic.MagicTranspiler;
import org.dflib.jjava.jupyter.kernel.magic.ParsedCellMagic;
import org.dflib.jjava.jupyter.kernel.magic.ParsedLineMagic;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns magic lines into Java calls to {@link MagicCalls}, in the same shape as JJava's transpiler (arguments
 * passed as Base64 so no quoting can break the generated code, a {@code {}} statement after the call), so that a
 * failing magic arrives as a typed {@link MagicFailure}.
 */
final class MagicCallTranspiler extends MagicTranspiler {
    /** The start of every call this transpiler writes; {@link VariableKeeper} recognises magic results by it. */
    static final String CALL_PREFIX = MagicCalls.class.getName() + ".";
    private static final Pattern UNESCAPED_QUOTE = Pattern.compile("(?<!\\\\)\"");

    @Override
    public String transpileCell(ParsedCellMagic magic) {
        return CALL_PREFIX + "cellMagic(" + literal(magic.magicCall.name) + "," + listOf(magic.magicCall.args) + ","
                + literal(magic.magicCall.body) + ");{};";
    }

    @Override
    public String transpileLine(ParsedLineMagic magic) {
        // a % inside a string literal ("50 %x") is text, not a magic
        if (insideString(magic.linePrefix)) return magic.raw;
        return CALL_PREFIX + "lineMagic(" + literal(magic.magicCall.name) + "," + listOf(magic.magicCall.args)
                + ");{};";
    }

    /** A magic call as {@link #transpileLine} or {@link #transpileCell} wrote it, read back. */
    record Call(boolean cell, String name, List<String> args, String body) {
        /** Runs the magic the way the written call does ({@link MagicCalls}); returns its result. */
        Object run() {
            return cell ? MagicCalls.cellMagic(name, args, body) : MagicCalls.lineMagic(name, args);
        }
    }

    private static final String LITERAL = Pattern.quote("new String(java.util.Base64.getDecoder().decode(\"")
            + "([A-Za-z0-9+/=]*)" + Pattern.quote("\"),java.nio.charset.StandardCharsets.UTF_8)");
    private static final Pattern ONE_LITERAL = Pattern.compile(LITERAL);
    private static final String LIST = Pattern.quote("java.util.List.of(") + "((?:" + LITERAL + ")(?:," + LITERAL
            + ")*)?\\)";
    private static final Pattern WRITTEN_CALL = Pattern.compile("\\G\\s*" + Pattern.quote(CALL_PREFIX)
            + "(?:lineMagic\\((" + LITERAL + ")," + LIST + "\\)|cellMagic\\((" + LITERAL + ")," + LIST + ",(" + LITERAL
            + ")\\));\\{\\};");

    /**
     * The magic calls {@code code} consists of, when it is nothing but calls this transpiler writes (a cell of only
     * magic lines, or one cell magic) and white space; else null (any Java code, an assignment of a magic's
     * result, a comment). The kernel runs such a cell without compiling it ({@link CellEvaluator}).
     */
    static List<Call> readBack(String code) {
        List<Call> calls = new ArrayList<>();
        Matcher m = WRITTEN_CALL.matcher(code);
        int end = 0;
        while (find(m)) {
            calls.add(m.group(1) != null
                    ? new Call(false, decode(m.group(1)), decodeList(m.group(3)), null)
                    : new Call(true, decode(m.group(6)), decodeList(m.group(8)), decode(m.group(11))));
            end = m.end();
        }
        if (calls.isEmpty() || !code.substring(end).isBlank()) return null;
        return calls;
    }

    private static boolean find(Matcher m) {
        try {
            return m.find();
        } catch (StackOverflowError e) {
            return false; // a call with thousands of arguments: JShell compiles it as before
        }
    }

    private static String decode(String literal) {
        Matcher m = ONE_LITERAL.matcher(literal);
        if (!m.matches()) throw new IllegalStateException("not a written literal: " + literal);
        return new String(Base64.getDecoder().decode(m.group(1)), StandardCharsets.UTF_8);
    }

    private static List<String> decodeList(String literals) {
        if (literals == null) return List.of();
        List<String> out = new ArrayList<>();
        Matcher m = ONE_LITERAL.matcher(literals);
        while (m.find()) out.add(new String(Base64.getDecoder().decode(m.group(1)), StandardCharsets.UTF_8));
        return List.copyOf(out);
    }

    static boolean insideString(String prefix) {
        boolean open = false;
        Matcher quotes = UNESCAPED_QUOTE.matcher(prefix);
        while (quotes.find()) open = !open;
        return open;
    }

    private static String listOf(List<String> args) {
        return "java.util.List.of(" + args.stream().map(MagicCallTranspiler::literal).collect(Collectors.joining(","))
                + ")";
    }

    private static String literal(String text) {
        String encoded = Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
        return "new String(java.util.Base64.getDecoder().decode(\"" + encoded + "\"),"
                + "java.nio.charset.StandardCharsets.UTF_8)";
    }
}
