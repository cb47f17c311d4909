package trainbook.engine;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

class SpellingTest {
    private static final List<String> OPTS = List.of("sgd", "momentum", "nesterov", "adam", "adamw", "rmsprop");

    @Test
    void aTranspositionIsOneEditAndCaseIsIgnored() {
        assertEquals(1, Spelling.distance("adma", "adam"));
        assertEquals(0, Spelling.distance("ADAM", "adam"));
        assertEquals(3, Spelling.distance("", "sgd"));
    }

    @Test
    void nearestAlwaysAnswersClosestOnlyForPlausibleTypos() {
        assertEquals("rmsprop", Spelling.nearest("rmsporp", OPTS));
        assertEquals("sgd", Spelling.nearest("zzzzzzzz", OPTS), "the first on ties, however far");
        assertNull(Spelling.nearest("x", List.of()));
        assertEquals(Optional.of("nesterov"), Spelling.closest("nest", OPTS), "a prefix of a name");
        assertEquals(Optional.empty(), Spelling.closest("banana", OPTS));
        assertEquals(" (did you mean 'rmsprop'?)", Spelling.didYouMean("rmsporp", OPTS));
    }
}
