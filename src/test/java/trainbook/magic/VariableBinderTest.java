package trainbook.magic;

import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.loss.Loss;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;
import trainbook.magic.args.ArgException;
import trainbook.magic.args.ArgParser;
import trainbook.magic.args.Magic;
import trainbook.magic.args.MagicArgs;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class VariableBinderTest {

    private final Block net = Linear.builder().setUnits(3).build();
    private final Table table = Table.create("t", DoubleColumn.create("x", 1, 2, 3), DoubleColumn.create("y", 0, 1, 0));
    private final Map<String, Object> vars = new HashMap<>(Map.of(
            "net", net, "tbl", table, "myLoss", Loss.l2Loss(), "text", "hello"));

    private MagicArgs bind(String line) {
        MagicArgs a = ArgParser.parse(Magic.TRAIN, line);
        VariableBinder.bind(a, VariableBinder.of(vars));
        return a;
    }

    private String error(String line) {
        ArgException e = assertThrows(ArgException.class, () -> bind(line));
        assertFalse(e.getMessage().contains("\n"));
        return e.getMessage();
    }

    @Test
    void bindsObjectsOfTheRightType() {
        MagicArgs a = bind("model=net data=tbl target=y loss=myLoss val=tbl");
        assertSame(net, a.spec.modelObject());
        assertSame(table, a.spec.dataObject());
        assertSame(table, a.spec.valObject());
        assertSame(vars.get("myLoss"), a.spec.lossObject());
        assertEquals("<Linear>", a.spec.toMap().get("model"));
    }

    @Test
    void bindsADjlDataset() {
        try (var m = ai.djl.ndarray.NDManager.newBaseManager()) {
            ArrayDataset ds = new ArrayDataset.Builder().setData(m.zeros(new ai.djl.ndarray.types.Shape(4, 2)))
                    .optLabels(m.zeros(new ai.djl.ndarray.types.Shape(4))).setSampling(2, false).build();
            vars.put("ds", ds);
            assertSame(ds, bind("data=ds").spec.dataObject());
            assertTrue(error("data=ds target=y").contains("target=y applies to a Tablesaw Table"));
        }
    }

    @Test
    void unknownNamesSuggestTheClosestKnownName() {
        String m = error("model=mpl");
        assertTrue(m.contains("unknown model 'mpl' (did you mean 'mlp'?)"), m);
        assertTrue(m.contains("a DJL Block"), m);
        m = error("data=mnsit");
        assertTrue(m.contains("unknown data 'mnsit' (did you mean 'mnist'?)"), m);
        m = error("loss=mce");
        assertTrue(m.contains("unknown loss 'mce' (did you mean 'mse'?)") || m.contains("(did you mean 'ce'?)"), m);
        m = error("val=non");
        assertTrue(m.contains("unknown val 'non' (did you mean 'none'?)"), m);
    }

    @Test
    void wrongTypesAreNamed() {
        String m = error("model=text");
        assertTrue(m.contains("variable 'text' is a java.lang.String, but model= needs a DJL Block"), m);
        m = error("data=net");
        assertTrue(m.contains("needs a DJL Dataset"), m);
        m = error("loss=tbl");
        assertTrue(m.contains("needs a DJL Loss"), m);
        vars.put("nothing", null);
        m = error("model=nothing");
        assertTrue(m.contains("variable 'nothing' for model is null"), m);
    }

    @Test
    void tableNeedsAnExistingTargetColumn() {
        String m = error("data=tbl");
        assertTrue(m.contains("data=tbl is a Tablesaw Table: add target=COL") && m.contains("columns: x, y"), m);
        m = error("data=tbl target=Y1");
        assertTrue(m.contains("target=Y1 is not a column of tbl"), m);
    }
}
