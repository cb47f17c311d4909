package trainbook.engine.sweep;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class SearchSpaceTest {
    @Test
    void rangesKeepTheirOldMeaningAndPrefixesMakeItExplicit() {
        assertEquals(new Param.FloatRange(1e-4, 1e-1, true), Param.parseRange("1e-4..1e-1", false));
        assertEquals(new Param.FloatRange(0, 0.5, false), Param.parseRange("0..0.5", false));
        assertEquals(new Param.FloatRange(1, 5, false), Param.parseRange("1..5", false), "hi/lo < 10 is linear");
        assertEquals(new Param.FloatRange(1e-4, 1e-1, false), Param.parseRange("lin:1e-4..1e-1", false));
        assertEquals(new Param.FloatRange(1, 5, true), Param.parseRange("log:1..5", false));
        assertEquals(new Param.IntRange(16, 256, true), Param.parseRange("16..256", true));
    }

    @Test
    void badRangesSayWhatIsWrong() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Param.parseRange("1e-2..1e-2", false))
                .getMessage().contains("empty"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Param.parseRange("1e-1..1e-4", false))
                .getMessage().contains("goes down"));
        String m = assertThrows(IllegalArgumentException.class, () -> Param.parseRange("log:0..1", false)).getMessage();
        assertTrue(m.contains("touches 0"), m);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Param.parseRange("a..b", false))
                .getMessage().contains("numbers"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Param.parseRange("1.5..4", true))
                .getMessage().contains("whole numbers"));
    }

    @Test
    void descriptionRoundTrips() {
        SearchSpace s = SearchSpace.of().logFloat("lr", 1e-4, 0.1).floatRange("dropout", 0, 0.5).intRange("width", 16, 256)
                .add("units", "log:8..64", true).choice("opt", "sgd", "adam");
        Map<String, String> d = s.describe();
        assertEquals("log:1e-4..0.1", d.get("lr"));
        assertEquals("sgd|adam", d.get("opt"));
        assertEquals("int:log:8..64", d.get("units"));
        assertEquals(s, SearchSpace.fromDescription(d));
        assertEquals(-1, s.gridSize());
        assertEquals(6, SearchSpace.of().choice("a", "1", "2", "3").intRange("b", 0, 1).gridSize());
    }

    @Test
    void internalValuesAndBounds() {
        Param lr = new Param.FloatRange(1e-4, 1e-1, true);
        assertEquals(Math.log(1e-3), lr.internal(1e-3), 1e-12);
        assertEquals(1e-1, (double) lr.external(100), 1e-12, "clipped to the range");
        Param n = new Param.IntRange(1, 4, false);
        assertEquals(0.5, n.low());
        assertEquals(4.5, n.high());
        assertEquals(3L, n.external(2.6));
        Param c = new Param.Choice(List.of("sgd", "adam"));
        assertEquals(1.0, c.internal("adam"));
        assertEquals("sgd", c.external(0));
    }
}
