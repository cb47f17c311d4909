package trainbook.magic;

import org.junit.jupiter.api.Test;
import trainbook.magic.args.MagicArgs;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FirstTrainWarmupTest {
    @Test
    void parsesARealTrainLine() {
        MagicArgs a = FirstTrainWarmup.run();
        assertEquals("mlp(256,128)", a.spec.model());
        assertEquals("fashion-mnist", a.spec.data());
        assertEquals(1, a.spec.epochs());
        assertEquals(3e-3, a.spec.lr(), 0.0);
        assertEquals("none", a.spec.val());
    }
}
