package trainbook.magic.args;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;

import static org.junit.jupiter.api.Assertions.*;

class KeyDefTest {
    @Test
    void theBuilderSetsEachNamedField() {
        KeyDef d = KeyDef.key("epochs").type("int").def("5").valid("≥ 1").example("epochs=10").help("passes")
                .magics(EnumSet.of(Magic.TRAIN)).apply((a, v) -> a.spec.epochs(Integer.parseInt(v)));
        assertEquals(new KeyDef("epochs", "int", "5", "≥ 1", "epochs=10", "passes", EnumSet.of(Magic.TRAIN), false,
                d.apply()), d);
        assertFalse(d.list());
        assertTrue(d.accepts(Magic.TRAIN));
        assertFalse(d.accepts(Magic.LRFIND));
        MagicArgs args = new MagicArgs(Magic.TRAIN);
        d.apply().apply(args, "7");
        assertEquals(7, args.spec.epochs());
    }

    @Test
    void listMarksACommaListValue() {
        KeyDef d = KeyDef.key("augment").type("list").def("none").valid("flip, crop").example("augment=flip,crop")
                .help("augmentation").magics(EnumSet.of(Magic.TRAIN)).list().apply((a, v) -> { });
        assertTrue(d.list());
        assertEquals("augment", d.name());
    }

    @Test
    void theTableIsWrittenWithTheBuilder() {
        // every row of the table keeps its fields: a spot check of one key against its help text
        KeyDef model = Keys.get("model");
        assertEquals("name|variable", model.type());
        assertEquals("mlp", model.def());
        assertEquals("model=mlp(512,256)", model.example());
        assertTrue(Keys.get("milestones").list());
    }
}
