package trainbook.kernel;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/** The parts of code assistance that need no JShell (the kernel test asks JShell through the kernel). */
class CodeAssistTest {
    @Test
    void questionMarkAsksForHelpOnlyAfterAName() {
        assertEquals(Optional.of("Math.max"), CodeAssist.helpTarget("Math.max?"));
        assertEquals(Optional.of("String.valueOf("), CodeAssist.helpTarget("  String.valueOf( ?\n"));
        assertTrue(CodeAssist.helpTarget("a ? b : c").isEmpty());
        assertTrue(CodeAssist.helpTarget("%train?").isEmpty());
    }

    @Test
    void theNextLineIsIndentedOneLevelAfterAnOpening() {
        assertEquals("    ", CodeAssist.indentFor("for (int i = 0; i < 3; i++) {"));
        assertEquals("        ", CodeAssist.indentFor("    list.forEach(x ->"));
        assertEquals("  ", CodeAssist.indentFor("  int x = f(1,\n"), "a blank last line takes the line before");
        assertEquals("", CodeAssist.indentFor("int x ="));
    }

    @Test
    void magicLinesAreBlankedWithoutMovingTheJava() {
        String code = "int a = 1;\n%train epochs=2\nMath.ma";
        String java = CodeAssist.blankMagics(code);
        assertEquals(code.length(), java.length());
        assertEquals(code.indexOf("Math.ma"), java.indexOf("Math.ma"));
        assertFalse(java.contains("%"));
    }
}
