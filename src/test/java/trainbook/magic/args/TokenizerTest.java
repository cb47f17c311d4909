package trainbook.magic.args;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class TokenizerTest {

    private static List<String> raws(String line) {
        return Tokenizer.tokenize(line).stream().map(Token::raw).toList();
    }

    @Test
    void splitsAtWhitespaceAndFirstEquals() {
        List<Token> t = Tokenizer.tokenize("  epochs=3   val=split=0.2 run1 --help ");
        assertEquals(4, t.size());
        assertEquals(new Token("epochs", "3", "epochs=3"), t.get(0));
        assertEquals(new Token("val", "split=0.2", "val=split=0.2"), t.get(1));
        assertTrue(t.get(2).positional());
        assertEquals("run1", t.get(2).value());
        assertEquals("--help", t.get(3).value());
    }

    @Test
    void parenthesesKeepCommasAndSpaces() {
        assertEquals(List.of("model=mlp(512,256)", "lr=1e-3"), raws("model=mlp(512, 256) lr=1e-3"));
        assertEquals(List.of("model=mlp(512,256),cnn"), raws("model=mlp(512,256),cnn"));
    }

    @Test
    void quotesGroupAndAreRemoved() {
        assertEquals(List.of("target=sepal length", "data=csv:my file.csv"), raws("target=\"sepal length\" data='csv:my file.csv'"));
        assertEquals(List.of("target=it's"), raws("target=\"it's\""));
        assertEquals(List.of("a=b c"), raws("a=b\\ c"));
    }

    @Test
    void emptyLineGivesNoTokens() {
        assertTrue(Tokenizer.tokenize("   ").isEmpty());
        assertTrue(Tokenizer.tokenize(null).isEmpty());
    }

    @Test
    void fromJJavaArgsRejoinsFragments() {
        // JJava's MagicParser splits at spaces and strips double quotes
        List<String> args = List.of("model=mlp(512,", "256)", "target=sepal length", "epochs=2");
        assertEquals(List.of("model=mlp(512,256)", "target=sepal length", "epochs=2"),
                Tokenizer.fromArgs(args).stream().map(Token::raw).toList());
        // single quotes are not handled by JJava: they group here
        assertEquals(List.of("target=sepal length", "epochs=2"),
                Tokenizer.fromArgs(List.of("target='sepal", "length'", "epochs=2")).stream().map(Token::raw).toList());
        // a lone apostrophe (from a double-quoted value) stays literal
        assertEquals(List.of("target=it's"), Tokenizer.fromArgs(List.of("target=it's")).stream().map(Token::raw).toList());
    }

    @Test
    void errorsQuoteTheToken() {
        ArgException e = assertThrows(ArgException.class, () -> Tokenizer.tokenize("model=mlp(512,256 epochs=2"));
        assertTrue(e.getMessage().contains("unclosed '('"), e.getMessage());
        e = assertThrows(ArgException.class, () -> Tokenizer.tokenize("target=\"abc"));
        assertTrue(e.getMessage().contains("unclosed quote"), e.getMessage());
        e = assertThrows(ArgException.class, () -> Tokenizer.tokenize("model=mlp)"));
        assertTrue(e.getMessage().contains("unbalanced ')'") && e.getMessage().contains("'model=mlp)'"), e.getMessage());
        e = assertThrows(ArgException.class, () -> Tokenizer.tokenize("lr= 1e-3"));
        assertTrue(e.getMessage().contains("missing value in 'lr='"), e.getMessage());
        e = assertThrows(ArgException.class, () -> Tokenizer.tokenize("=3"));
        assertTrue(e.getMessage().contains("missing key"), e.getMessage());
    }

    @Test
    void exceptionHasNoStackTrace() {
        ArgException e = assertThrows(ArgException.class, () -> Tokenizer.tokenize("=3"));
        assertEquals(0, e.getStackTrace().length);
        assertEquals("%train: missing key before '=' in '=3': write key=value, e.g. lr=3e-4", e.withPrefix("%train").getMessage());
    }
}
