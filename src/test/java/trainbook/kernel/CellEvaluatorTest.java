package trainbook.kernel;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The evaluator's source handling; cells run through JShell are tested through the kernel (TrainbookKernelTest). */
class CellEvaluatorTest {
    @Test
    void aSnippetsLineIsTheLineOfItsFirstCode() {
        String cell = "int a = 1;\n\n  int b = 2;";
        assertEquals(1, CellEvaluator.lineOf(cell, 0));
        assertEquals(3, CellEvaluator.lineOf(cell, "int a = 1;".length()), "blank lines before it are skipped");
        assertEquals(1, CellEvaluator.lineOf("", 0));
    }

    @Test
    void displayCallsAreRecognisedByName() {
        assertTrue(CellEvaluator.isDisplayCall("display(chart, \"image/svg+xml\");"));
        assertTrue(CellEvaluator.isDisplayCall("NotebookStatics.display(x)"));
        assertFalse(CellEvaluator.isDisplayCall("displayAll(x)"));
        assertFalse(CellEvaluator.isDisplayCall("String id = display(x);"));
    }
}
