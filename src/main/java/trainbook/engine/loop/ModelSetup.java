package trainbook.engine.loop;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import trainbook.engine.TrainSpec;
import trainbook.engine.model.Models;
import trainbook.engine.run.RunNote;

import java.util.List;

/** The model a session trains: the block, whether the session owns it, the manager of its parameters. */
record ModelSetup(Block block, boolean owned, NDManager blockManager) {

    /**
     * The spec's model, initialised for one sample of {@code sampleShape}: a notebook Block (trained in place, its
     * parameters outlive the session) or a built-in one built for {@code outputs} outputs under {@code manager}.
     */
    static ModelSetup build(TrainSpec spec, long[] sampleShape, int outputs, Device device, NDManager manager,
                            List<RunNote> notes) {
        long[] in = new long[sampleShape.length + 1];
        in[0] = 1;
        System.arraycopy(sampleShape, 0, in, 1, sampleShape.length);
        if (spec.modelObject() != null) {
            if (!(spec.modelObject() instanceof Block b)) {
                throw new IllegalArgumentException("model object of type " + spec.modelObject().getClass().getName()
                        + " is not a DJL Block; valid model names: " + Models.VALID);
            }
            // parameters of a notebook block outlive this session
            NDManager blockManager = NDManager.newBaseManager(device);
            if (!b.isInitialized()) b.initialize(blockManager, DataType.FLOAT32, new Shape(in));
            notes.add(RunNote.setting("model: the DJL Block handed in (trained in place)"));
            return new ModelSetup(b, false, blockManager);
        }
        Block block = Models.build(spec.model(), spec.act(), spec.dropout(), spec.norm(), sampleShape, outputs);
        NDManager blockManager = manager.newSubManager(device);
        block.initialize(blockManager, DataType.FLOAT32, new Shape(in));
        return new ModelSetup(block, true, blockManager);
    }
}
