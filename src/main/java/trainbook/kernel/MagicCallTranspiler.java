package trainbook.kernel;

import org.dflib.jjava.jupyter.kernel.magic.MagicParser;
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
        Written written = writing.get();
        if (written != null) {
            written.cellMagic = new Call(true, magic.magicCall.name, List.copyOf(magic.magicCall.args),
                    magic.magicCall.body);
        }
        return CALL_PREFIX + "cellMagic(" + literal(magic.magicCall.name) + "," + listOf(magic.magicCall.args) + ","
                + literal(magic.magicCall.body) + ");{};";
    }

    @Override
    public String transpileLine(ParsedLineMagic magic) {
        Written written = writing.get();
        // a % inside a string literal ("50 %x") is text, not a magic
        boolean text = insideString(magic.linePrefix);
        if (written != null) {
            if (text || !ownLine(magic.linePrefix)) {
                written.sharedLine = true;
            } else {
                written.ownLines.add(new Call(false, magic.magicCall.name, List.copyOf(magic.magicCall.args), null));
            }
        }
        if (text) return magic.raw;
        return CALL_PREFIX + "lineMagic(" + literal(magic.magicCall.name) + "," + listOf(magic.magicCall.args)
                + ");{};";
    }

    /** A magic call as {@link #transpileLine} or {@link #transpileCell} wrote it. */
    record Call(boolean cell, String name, List<String> args, String body) {
        /** Runs the magic the way the written call does ({@link MagicCalls}); returns its result. */
        Object run() {
            return cell ? MagicCalls.cellMagic(name, args, body) : MagicCalls.lineMagic(name, args);
        }
    }

    /**
     * A cell's code with its magics turned into calls ({@code code}, for JShell), and {@code calls}: the magic calls
     * the cell consists of, in order, when it is nothing else (a cell of only magic lines and blank lines, or one
     * cell magic), else null. The kernel runs such a cell without compiling it ({@link CellEvaluator}).
     */
    record Transpiled(String code, List<Call> calls) {
        /** Code that is compiled whatever it holds (magics resolved by a parser other than this transpiler's). */
        static Transpiled compiled(String code) {
            return new Transpiled(code, null);
        }
    }

    /** What {@link #transpileCell} and {@link #transpileLine} wrote for the cell being transpiled on a thread. */
    private static final class Written {
        Call cellMagic;
        /** line magics that have their line to themselves */
        final List<Call> ownLines = new ArrayList<>();
        /** a line magic after other code on its line ({@code var r = %train ...}), or text inside a string */
        boolean sharedLine;
    }

    /** Java regex's line terminators, the ones that end a magic line ({@code $} and {@code .} of the parser). */
    private static final Pattern LINE_END = Pattern.compile("\\r\\n|[\\n\\r\\u0085\\u2028\\u2029]");

    private final ThreadLocal<Written> writing = new ThreadLocal<>();

    /**
     * Resolves the magics of {@code source} with {@code parser}, which must write them with this transpiler, and
     * keeps the calls written: no reading back of the generated code.
     */
    Transpiled transpile(MagicParser parser, String source) {
        Written written = new Written();
        writing.set(written);
        String code;
        try {
            code = parser.resolveMagics(source);
        } finally {
            writing.remove();
        }
        return new Transpiled(code, onlyCalls(source, written));
    }

    /**
     * The calls the cell is made of, or null. A cell magic is always the whole cell (the parser also transpiles the
     * lines of its body, then drops them). Line magics are the whole cell when each has its line to itself and there
     * are no other lines but blank ones: as many non-blank lines as such magics.
     */
    private static List<Call> onlyCalls(String source, Written written) {
        if (written.cellMagic != null) return List.of(written.cellMagic);
        if (written.sharedLine || written.ownLines.isEmpty()) return null;
        long nonBlank = LINE_END.splitAsStream(source).filter(line -> !isBlank(line)).count();
        return nonBlank == written.ownLines.size() ? List.copyOf(written.ownLines) : null;
    }

    /** Only Java regex's white space {@code \s} (what JShell would have seen around the calls). */
    private static boolean isBlank(String line) {
        return line.chars().allMatch(c -> c == ' ' || c == '\t' || c == 0x0B || c == '\f');
    }

    /**
     * Whether a line magic starts its line: the parser's prefix is the text before it back to the last {@code \n},
     * and the magic follows either a line start or an {@code =}.
     */
    private static boolean ownLine(String linePrefix) {
        return linePrefix.isEmpty() || "\r\u0085\u2028\u2029".indexOf(linePrefix.charAt(linePrefix.length() - 1)) >= 0;
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
