package trainbook.engine.transfer;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import trainbook.engine.TrainSpec;
import trainbook.engine.optim.UpdateRule;
import trainbook.engine.store.RunStore;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Transfer learning on a model split into a <b>head</b> — the last layer that has parameters (the output layer
 * of every built-in model) — and a <b>body</b>, everything before it:
 * <ul>
 *   <li>{@code head=new} with {@code init=run:NAME}: the body's weights come from the saved run, the head keeps its
 *       fresh initialisation and the shape of this run's outputs (another class count);</li>
 *   <li>{@code freeze=body}: the body's parameters get no gradient and no update (torch's
 *       {@code requires_grad_(False)}); batch-norm running statistics still follow the data, as in torch in train
 *       mode; a DJL Block handed in from a notebook is trained in place, so its body stays frozen after the run
 *       (call {@code Parameter.freeze(false)} to train it again);</li>
 *   <li>{@code body_lr=F}: the body is updated with {@code lr × F}, the head with {@code lr} (torch's parameter
 *       groups).</li>
 * </ul>
 * The training loop calls {@link #warmStart}, {@link #freeze} (session set-up) and {@link #scaleLr} (after creating
 * the optimizer); each returns the line the run's notes carry.
 */
public final class Transfer {
    private Transfer() {}

    /** Valid {@code head=} values. */
    public static final List<String> HEADS = List.of("keep", "new");
    /** Valid {@code freeze=} values. */
    public static final List<String> FREEZES = List.of("none", "body");

    /**
     * The keys of the head's parameters: those of the last block in parameter order that has parameters, e.g.
     * {@code 05Linear_weight, 05Linear_bias} for {@code mlp(128)}.
     *
     * @throws IllegalArgumentException for a block without parameters
     */
    public static Set<String> headKeys(Block block) {
        List<String> keys = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) keys.add(p.getKey());
        if (keys.isEmpty()) throw new IllegalArgumentException("the model has no parameters, so it has no head to replace");
        String last = keys.get(keys.size() - 1);
        String prefix = owner(last);
        Set<String> head = new LinkedHashSet<>();
        for (String k : keys) if (owner(k).equals(prefix)) head.add(k);
        return head;
    }

    /** The block part of a parameter key: {@code 05Linear_weight} → {@code 05Linear}. */
    private static String owner(String key) {
        int u = key.lastIndexOf('_');
        return u < 0 ? "" : key.substring(0, u);
    }

    /** The head's name for notes, e.g. {@code 05Linear}. */
    public static String headName(Block block) {
        return owner(headKeys(block).iterator().next());
    }

    /**
     * Warm start from a saved run: every parameter ({@code head=keep}), or every body parameter with the head left
     * as initialised for this run ({@code head=new}; the saved head may have another number of outputs). Loaded
     * arrays are fresh tensors, so trainable parameters track gradients again afterwards.
     *
     * @return the note for the run
     */
    public static String warmStart(TrainSpec spec, RunStore store, String run, Block block, NDManager manager) {
        boolean newHead = "new".equals(spec.head());
        if (!newHead) {
            store.loadParameters(run, block, manager);
            trackGradients(block);
            return "warm start: parameters loaded from run '" + run + "'";
        }
        Set<String> head = headKeys(block);
        Map<String, byte[]> fresh = new LinkedHashMap<>();
        try {
            for (Pair<String, Parameter> p : block.getParameters()) {
                if (!head.contains(p.getKey())) continue;
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                try (DataOutputStream out = new DataOutputStream(bytes)) {
                    p.getValue().save(out);
                }
                fresh.put(p.getKey(), bytes.toByteArray());
            }
            store.loadParameters(run, block, manager, head);
            for (Pair<String, Parameter> p : block.getParameters()) {
                byte[] b = fresh.get(p.getKey());
                if (b == null) continue;
                try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(b))) {
                    p.getValue().load(manager, in);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("head=new: cannot set the new output layer: " + e.getMessage(), e);
        } catch (MalformedModelException e) {
            throw new IllegalStateException("head=new: cannot set the new output layer: " + e.getMessage(), e);
        }
        trackGradients(block);
        return "warm start: body loaded from run '" + run + "', new output layer " + headName(block) + " ("
                + outputs(block) + " outputs, freshly initialised)";
    }

    private static long outputs(Block block) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (headKeys(block).contains(p.getKey()) && p.getKey().endsWith("_weight")) {
                return p.getValue().getArray().getShape().get(0);
            }
        }
        return -1;
    }

    private static void trackGradients(Block block) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter par = p.getValue();
            if (par.isInitialized() && par.requiresGradient()) par.getArray().setRequiresGradient(true);
        }
    }

    /**
     * {@code freeze=body}: every body parameter stops requiring a gradient, so backward does not reach it and the
     * optimizer skips it. Does nothing for {@code freeze=none}.
     *
     * @return the note for the run, or null when nothing was frozen
     */
    public static String freeze(TrainSpec spec, Block block) {
        if (spec.freeze() == null || spec.freeze().equals("none")) return null;
        if (!spec.freeze().equals("body")) {
            throw new IllegalArgumentException("freeze '" + spec.freeze() + "': valid: " + String.join(", ", FREEZES));
        }
        Set<String> head = headKeys(block);
        long frozen = 0;
        long total = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter par = p.getValue();
            if (!par.isInitialized()) continue;
            long n = par.getArray().size();
            if (par.requiresGradient()) total += n;
            if (head.contains(p.getKey()) || !par.requiresGradient()) continue;
            par.freeze(true);
            frozen += n;
        }
        return "freeze=body: " + frozen + " of " + total + " trainable weights frozen; only the output layer "
                + headName(block) + " (" + (total - frozen) + " weights) is updated"
                + (spec.init() == null || spec.init().isBlank() ? " (no init=: the body stays at its random initialisation)" : "");
    }

    /**
     * {@code body_lr=F}: the optimizer updates body parameters with {@code lr × F}.
     *
     * @return the note for the run, or null without body_lr
     */
    public static String scaleLr(TrainSpec spec, Block block, UpdateRule opt) {
        if (spec.bodyLr() == null || spec.bodyLr() == 1.0) return null;
        if (!(spec.bodyLr() > 0) || Double.isInfinite(spec.bodyLr())) {
            throw new IllegalArgumentException("body_lr '" + spec.bodyLr() + "': expected a multiplier > 0, e.g. body_lr=0.1");
        }
        Set<String> head = headKeys(block);
        double f = spec.bodyLr();
        ToDoubleFunction<String> scale = k -> head.contains(k) ? 1.0 : f;
        if (!opt.setLrScale(scale)) {
            throw new IllegalArgumentException("body_lr: opt=" + opt.name() + " cannot use one LR per parameter");
        }
        return "body_lr=" + TrainSpec.num(f) + ": the body learns at lr × " + TrainSpec.num(f) + ", the output layer "
                + headName(block) + " at lr";
    }

    /** Values of the named parameters, copied to the host (tests and notebooks compare them before and after). */
    public static Map<String, float[]> snapshot(Block block) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (!p.getValue().isInitialized()) continue;
            NDArray a = p.getValue().getArray();
            out.put(p.getKey(), a.toFloatArray());
        }
        return out;
    }
}
