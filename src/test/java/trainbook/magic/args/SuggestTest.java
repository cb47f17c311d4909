package trainbook.magic.args;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SuggestTest {
    @Test
    void distanceCountsTranspositionAsOne() {
        assertEquals(0, Suggest.distance("adam", "ADAM"));
        assertEquals(1, Suggest.distance("adma", "adam"));
        assertEquals(1, Suggest.distance("epoch", "epochs"));
        assertEquals(3, Suggest.distance("kitten", "sitting"));
    }

    @Test
    void closestWithinLimitOrByPrefix() {
        List<String> c = List.of("none", "step", "multistep", "exp", "cosine", "onecycle");
        assertEquals(Optional.of("cosine"), Suggest.closest("cosin", c));
        assertEquals(Optional.of("cosine"), Suggest.closest("cos", c));
        assertEquals(Optional.of("multistep"), Suggest.closest("multi", c));
        assertEquals(Optional.empty(), Suggest.closest("banana", c));
        assertEquals("", Suggest.didYouMean("zzzz", c));
        assertEquals(" (did you mean 'step'?)", Suggest.didYouMean("stpe", c));
    }
}
