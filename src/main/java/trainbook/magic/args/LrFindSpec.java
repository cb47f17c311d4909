package trainbook.magic.args;

import trainbook.engine.TrainSpec;

/**
 * What {@code %lrfind} parses into: the model/data/optimizer part of a {@link TrainSpec} plus the LR ramp.
 */
public final class LrFindSpec {
    /** model, data, optimizer, batch, seed ... (the keys %lrfind shares with %train) */
    public TrainSpec spec = new TrainSpec();
    /** first learning rate of the ramp */
    public double start = 1e-7;
    /** last learning rate of the ramp */
    public double end = 10;
    /** number of steps (mini-batches) */
    public int steps = 100;
    /** exp (geometric ramp) | linear */
    public String mode = "exp";

    @Override
    public String toString() {
        return "lrfind(start=" + TrainSpec.num(start) + ", end=" + TrainSpec.num(end) + ", steps=" + steps
                + ", mode=" + mode + ", model=" + spec.model() + ", data=" + spec.data() + ", opt=" + spec.opt() + ")";
    }
}
