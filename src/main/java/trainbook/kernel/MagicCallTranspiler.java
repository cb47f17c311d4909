package trainbook.kernel;

import org.dflib.jjava.jupyter.kernel.magic.MagicTranspiler;
import org.dflib.jjava.jupyter.kernel.magic.ParsedCellMagic;
import org.dflib.jjava.jupyter.kernel.magic.ParsedLineMagic;

import java.nio.charset.StandardCharsets;
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
