package trainbook.magic.args;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import trainbook.engine.TrainSpec;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Table-driven: every key parses into the right field, every error is one line quoting the token. */
class ArgParserTest {

    private static final Set<String> COVERED = new HashSet<>();

    private static Arguments c(Magic m, String line, Function<MagicArgs, Object> field, Object expected) {
        for (Token t : Tokenizer.tokenize(line)) COVERED.add(t.key());
        return arguments(m, line, field, expected);
    }

    static Stream<Arguments> validCases() {
        Magic T = Magic.TRAIN, L = Magic.LRFIND;
        return Stream.of(
                c(T, "model=linear", a -> a.spec.model, "linear"),
                c(T, "model=MLP", a -> a.spec.model, "mlp"),
                c(T, "model=mlp(512,256)", a -> a.spec.model, "mlp(512,256)"),
                c(T, "model=mlp(512, 256)", a -> a.spec.model, "mlp(512,256)"),
                c(T, "model=cnn", a -> a.spec.model, "cnn"),
                c(T, "model=lenet", a -> a.spec.model, "lenet"),
                c(T, "model=net", a -> a.variables.get("model"), "net"),
                c(T, "act=gelu", a -> a.spec.act, "gelu"),
                c(T, "dropout=0.2", a -> a.spec.dropout, 0.2),
                c(T, "norm=batchnorm", a -> a.spec.norm, "batchnorm"),
                c(T, "data=mnist", a -> a.spec.data, "mnist"),
                c(T, "data=fashion-mnist", a -> a.spec.data, "fashion-mnist"),
                c(T, "data=spirals", a -> a.spec.data, "spirals"),
                c(T, "data=blobs", a -> a.spec.data, "blobs"),
                c(T, "data=linear", a -> a.spec.data, "linear"),
                c(T, "data=blobs(n=200, classes=4)", a -> a.spec.data, "blobs(n=200,classes=4)"),
                c(T, "data=linear(noise=0.5)", a -> a.spec.data, "linear(noise=0.5)"),
                c(T, "data=mnist:/data/mnist", a -> a.spec.data, "mnist:/data/mnist"),
                c(T, "data=idx:/usr/share/datasets/fashion-mnist", a -> a.spec.data, "idx:/usr/share/datasets/fashion-mnist"),
                c(T, "data=csv:Iris.csv target=species", a -> a.spec.data + "|" + a.spec.target, "csv:Iris.csv|species"),
                c(T, "data=tbl target=y", a -> a.variables.get("data") + "|" + a.spec.target, "tbl|y"),
                c(T, "val=split=0.2", a -> a.spec.val, "split=0.2"),
                c(T, "val=none", a -> a.spec.val, "none"),
                c(T, "val=test", a -> a.spec.val + "|" + a.variables.get("val"), "test|null"),
                c(T, "metrics=acc,F1,top5", a -> a.spec.metrics, List.of("acc", "f1", "top5")),
                c(T, "metrics=mae,rmse,r2", a -> a.spec.metrics, List.of("mae", "rmse", "r2")),
                c(T, "monitor=val_f1", a -> a.spec.monitor, "val_f1"),
                c(T, "monitor=val_rmse", a -> a.spec.monitor, "val_rmse"),
                c(T, "val=mnist", a -> a.spec.val, "mnist"),
                c(T, "val=valSet", a -> a.variables.get("val"), "valSet"),
                c(T, "augment=flip,crop", a -> a.spec.augment, List.of("flip", "crop")),
                c(T, "augment=none", a -> a.spec.augment, List.of()),
                c(T, "epochs=10", a -> a.spec.epochs, 10),
                c(T, "batch=64", a -> a.spec.batch, 64),
                c(T, "limit=50", a -> a.spec.limit, 50),
                c(T, "limit=none", a -> a.spec.limit, null),
                c(T, "max_time=90", a -> a.spec.maxTime, 90.0),
                c(T, "max_time=2m", a -> a.spec.maxTime, 120.0),
                c(T, "max_time=1.5h", a -> a.spec.maxTime, 5400.0),
                c(T, "opt=sgd", a -> a.spec.opt, "sgd"),
                c(T, "opt=AdamW", a -> a.spec.opt, "adamw"),
                c(T, "lr=3e-4", a -> a.spec.lr, 3e-4),
                c(T, "lr=lrfind", a -> a.spec.lrFromFinder, true),
                c(T, "opt=nesterov momentum=0.95", a -> a.spec.momentum, 0.95),
                c(T, "wd=1e-4", a -> a.spec.wd, 1e-4),
                c(T, "loss=huber", a -> a.spec.loss, "huber"),
                c(T, "loss=myLoss", a -> a.variables.get("loss"), "myLoss"),
                c(T, "sched=cosine", a -> a.spec.sched, "cosine"),
                c(T, "sched=step step=2", a -> a.spec.stepSize, 2),
                c(T, "sched=step gamma=0.5", a -> a.spec.gamma, 0.5),
                c(T, "sched=multistep milestones=3,6", a -> a.spec.milestones, List.of(3, 6)),
                c(T, "sched=multistep", a -> a.spec.milestones, List.of()),
                c(T, "sched=cosine final=1e-5", a -> a.spec.finalLr, 1e-5),
                c(T, "sched=onecycle cycle_momentum=false", a -> a.spec.cycleMomentum, false),
                c(T, "sched=warmCos", a -> a.variables.get("sched"), "warmCos"),
                c(T, "augment=flip,cutmix", a -> a.spec.augment, List.of("flip", "cutmix")),
                c(T, "augment=mixup", a -> a.spec.augment, List.of("mixup")),
                c(T, "warmup=1", a -> a.spec.warmupEpochs, 1.0),
                c(T, "warmup=0.5", a -> a.spec.warmupEpochs, 0.5),
                c(T, "warmup=500s", a -> a.spec.warmupSteps, 500),
                c(T, "warmup=2 warmup_mode=exp", a -> a.spec.warmupMode, "exp"),
                c(T, "patience=3", a -> a.spec.patience, 3),
                c(T, "patience=off", a -> a.spec.patience, null),
                c(T, "patience=2 min_delta=1e-3", a -> a.spec.minDelta, 1e-3),
                c(T, "monitor=val_acc", a -> a.spec.monitor, "val_acc"),
                c(T, "patience=2 start_from_epoch=3", a -> a.spec.startFromEpoch, 3),
                c(T, "runs=/tmp/r", a -> a.spec.runsDir, "/tmp/r"),
                c(T, "restore_best=false", a -> a.spec.restoreBest, false),
                c(T, "clip=1.0", a -> a.spec.clip, 1.0),
                c(T, "clip=off", a -> a.spec.clip, null),
                c(T, "clip_value=0.5", a -> a.spec.clipValue, 0.5),
                c(T, "grad_every=1", a -> a.spec.gradEvery, 1),
                c(T, "init=run:baseline", a -> a.spec.init, "run:baseline"),
                c(T, "classes=0-4", a -> a.spec.classes, List.of(0, 1, 2, 3, 4)),
                c(T, "classes=7,2-3", a -> a.spec.classes, List.of(7, 2, 3)),
                c(T, "train_size=500", a -> a.spec.trainSize, 500),
                c(T, "train_size=all", a -> a.spec.trainSize, null),
                c(T, "init=run:src head=new", a -> a.spec.head, "new"),
                c(T, "freeze=body", a -> a.spec.freeze, "body"),
                c(T, "body_lr=0.1", a -> a.spec.bodyLr, 0.1),
                c(T, "seed=7", a -> a.spec.seed, 7L),
                c(T, "device=cpu", a -> a.spec.device, "cpu"),
                c(T, "device=gpu:1", a -> a.spec.device, "gpu:1"),
                c(T, "threads=2", a -> a.spec.threads, 2),
                c(T, "threads=default", a -> a.spec.threads, null),
                c(T, "as=baseline", a -> a.spec.name, "baseline"),
                c(T, "live=false", a -> a.spec.live, false),
                c(T, "dry=true", a -> a.spec.dry, true),
                c(T, "format=svg", a -> a.format, "svg"),
                c(T, "charts=static", a -> a.charts, "static"),
                c(L, "start=1e-6", a -> a.lrfind.start, 1e-6),
                c(L, "end=1", a -> a.lrfind.end, 1.0),
                c(L, "steps=200", a -> a.lrfind.steps, 200),
                c(L, "mode=linear", a -> a.lrfind.mode, "linear"),
                c(L, "model=cnn opt=sgd batch=32", a -> a.spec.model + a.spec.opt + a.spec.batch, "cnnsgd32"),
                // %compare-only keys are covered in CompareParserTest
                c(Magic.COMPARE, "search=random trials=4 last=2", a -> null, null),
                // %interpret-only keys are parsed in InterpretMagicTest
                c(Magic.INTERPRET, "top=16 split=test", a -> null, null),
                c(Magic.COMPARE, "search=tpe prune=asha min_epochs=2 eta=3 study=s1", a -> null, null),
                c(Magic.COMPARE, "search=tpe multivariate=true", a -> a.multivariate, true),
                // backend=spark's keys: parsed in BackendKeysTest (default build) and src/spark/test
                c(Magic.COMPARE, "backend=spark master=spark://127.0.0.1:7077 parallel=4 keep_params=true", a -> null, null)
        );
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("validCases")
    void everyKeyParsesIntoItsField(Magic m, String line, Function<MagicArgs, Object> field, Object expected) {
        if (m == Magic.COMPARE || m == Magic.INTERPRET) return; // only registers coverage
        MagicArgs a = ArgParser.parse(m, line);
        assertEquals(expected, field.apply(a), line);
    }

    @Test
    void defaultsMatchTrainSpec() {
        MagicArgs a = ArgParser.parse(Magic.TRAIN, "");
        assertEquals(new TrainSpec().toMap(), a.spec.toMap());
        MagicArgs l = ArgParser.parse(Magic.LRFIND, "");
        assertEquals(1e-7, l.lrfind.start);
        assertEquals(10, l.lrfind.end);
        assertEquals(100, l.lrfind.steps);
        assertEquals("exp", l.lrfind.mode);
    }

    @Test
    void tableCoversEveryKeyAndEveryTrainSpecKey() {
        validCases().count();
        for (KeyDef k : Keys.ALL) assertTrue(COVERED.contains(k.name()), "no valid case for key " + k.name());
        // every key TrainSpec.toMap spells is a magic key
        for (String key : new TrainSpec().toMap().keySet()) assertNotNull(Keys.get(key), "TrainSpec key without a magic key: " + key);
        for (KeyDef k : Keys.ALL) {
            assertFalse(k.example().isBlank());
            assertTrue(k.example().startsWith(k.name() + "="), k.example());
            assertFalse(k.help().isBlank());
            assertFalse(k.valid().isBlank());
        }
    }

    @Test
    void everyExampleParses() {
        for (KeyDef k : Keys.ALL) {
            for (Magic m : List.of(Magic.TRAIN, Magic.LRFIND)) {
                if (!k.accepts(m)) continue;
                String ctx = switch (k.name()) {
                    case "step", "gamma" -> "sched=step ";
                    case "milestones" -> "sched=multistep ";
                    case "final" -> "sched=cosine lr=1e-2 ";
                    case "warmup_mode" -> "warmup=1 ";
                    case "cycle_momentum" -> "sched=onecycle ";
                    case "min_delta", "start_from_epoch" -> "patience=2 ";
                    case "momentum" -> "opt=sgd ";
                    case "target" -> "data=csv:x.csv ";
                    case "head" -> "init=run:src ";
                    default -> "";
                };
                assertDoesNotThrow(() -> ArgParser.parse(m, ctx + k.example()), m + " " + k.example());
            }
        }
    }

    static Stream<Arguments> errorCases() {
        Magic T = Magic.TRAIN, L = Magic.LRFIND;
        return Stream.of(
                // unknown key, with suggestion and the valid list
                arguments(T, "epoch=3", "epoch", List.of("unknown key 'epoch'", "did you mean 'epochs'?", "%train keys: model,")),
                arguments(T, "learning_rate=1e-3", "learning_rate", List.of("unknown key 'learning_rate'", "lr")),
                arguments(T, "warmup-mode=exp", "warmup-mode", List.of("did you mean 'warmup_mode'?")),
                arguments(T, "start=1e-6", "start", List.of("'start' does not apply to %train", "%lrfind")),
                arguments(L, "epochs=3", "epochs", List.of("does not apply to %lrfind", "steps=N")),
                arguments(L, "lr=1e-3", "lr", List.of("does not apply to %lrfind", "start=")),
                arguments(T, "search=grid", "search", List.of("does not apply to %train", "%compare")),
                arguments(T, "fast", "fast", List.of("unexpected word 'fast'", "key=value")),
                arguments(T, "dry", "dry", List.of("unexpected word 'dry'", "did you mean dry=true?")),
                // bad values
                arguments(T, "epochs=0", "0", List.of("bad value '0' for epochs", "1..100000", "epochs=10")),
                arguments(T, "epochs=100001", "100001", List.of("bad value '100001' for epochs", "1..100000")),
                arguments(L, "steps=1000000", "1000000", List.of("bad value '1000000' for steps", "5..100000")),
                arguments(T, "epochs=2.5", "2.5", List.of("bad value '2.5' for epochs")),
                arguments(T, "batch=many", "many", List.of("bad value 'many' for batch")),
                arguments(T, "limit=-1", "-1", List.of("bad value '-1' for limit")),
                arguments(T, "max_time=soon", "soon", List.of("bad value 'soon' for max_time", "5m")),
                arguments(T, "lr=fast", "fast", List.of("bad value 'fast' for lr", "lrfind")),
                arguments(T, "lr=0", "0", List.of("bad value '0' for lr")),
                arguments(T, "lr=1e-3,1e-2", "lr=1e-3,1e-2", List.of("is a list", "%compare lr=1e-3,1e-2")),
                arguments(T, "lr=NaN", "NaN", List.of("bad value 'NaN' for lr")),
                arguments(T, "dropout=1", "1", List.of("bad value '1' for dropout")),
                arguments(T, "momentum=1.2 opt=sgd", "1.2", List.of("bad value '1.2' for momentum")),
                arguments(T, "wd=-1", "-1", List.of("bad value '-1' for wd")),
                arguments(T, "gamma=0 sched=step", "0", List.of("bad value '0' for gamma")),
                arguments(T, "opt=adma", "adma", List.of("unknown opt 'adma'", "did you mean 'adam'?", "sgd, momentum, nesterov")),
                // an identifier such as sched=cosin names a notebook variable: the binder reports it (SchedVariableTest)
                arguments(T, "sched=cos-ine", "cos-ine", List.of("unknown sched 'cos-ine'", "did you mean 'cosine'?")),
                arguments(T, "sched=cosine cycle_momentum=false", "cycle_momentum=false", List.of("applies to sched=onecycle")),
                arguments(T, "sched=onecycle cycle_momentum=maybe", "maybe", List.of("bad value 'maybe' for cycle_momentum")),
                arguments(T, "augment=cutmx", "cutmx", List.of("unknown augment 'cutmx'", "did you mean 'cutmix'?")),
                arguments(T, "act=rleu", "rleu", List.of("unknown act 'rleu'", "relu")),
                arguments(T, "norm=bn", "bn", List.of("unknown norm 'bn'", "batchnorm")),
                arguments(T, "monitor=acc", "acc", List.of("unknown monitor 'acc'", "val_acc")),
                arguments(T, "monitor=test_acc", "test_acc", List.of("unknown monitor 'test_acc'", "val_acc", "val_f1")),
                arguments(T, "metrics=acc,f2", "f2", List.of("unknown metric 'f2' in metrics=acc,f2", "did you mean 'f1'",
                        "valid: acc, top5, f1, precision, recall (classification), mae, rmse, r2 (regression)")),
                arguments(T, "metrics=acc,acc", "acc", List.of("metric 'acc' listed twice")),
                arguments(T, "warmup_mode=cos warmup=1", "cos", List.of("unknown warmup_mode 'cos'", "linear, exp")),
                arguments(T, "format=jpg", "jpg", List.of("unknown format 'jpg'", "png, svg")),
                arguments(T, "restore_best=maybe", "maybe", List.of("bad value 'maybe' for restore_best", "true or false")),
                arguments(T, "live=2", "2", List.of("bad value '2' for live")),
                arguments(T, "seed=x", "x", List.of("bad value 'x' for seed")),
                arguments(T, "device=tpu", "tpu", List.of("unknown device 'tpu'", "auto, cpu, gpu, gpu:N")),
                arguments(T, "threads=0", "0", List.of("bad value '0' for threads")),
                arguments(T, "patience=0", "0", List.of("bad value '0' for patience")),
                arguments(T, "clip=-1", "-1", List.of("bad value '-1' for clip")),
                arguments(T, "clip_value=0", "0", List.of("bad value '0' for clip_value")),
                arguments(T, "grad_every=-2", "-2", List.of("bad value '-2' for grad_every")),
                arguments(T, "sched=step step=0", "0", List.of("bad value '0' for step")),
                arguments(T, "sched=cosine final=-1", "-1", List.of("bad value '-1' for final")),
                arguments(T, "warmup=ten", "ten", List.of("bad value 'ten' for warmup", "500s")),
                arguments(T, "warmup=1.5s", "1.5", List.of("bad value '1.5' for warmup")),
                arguments(T, "sched=multistep milestones=6,3", "3", List.of("milestones must increase")),
                arguments(T, "sched=multistep milestones=a", "a", List.of("bad milestone 'a'")),
                arguments(T, "augment=flip,rotate", "rotate", List.of("unknown augment 'rotate'", "flip, crop, noise")),
                arguments(T, "augment=flip,flip", "flip", List.of("listed twice")),
                arguments(T, "init=baseline", "baseline", List.of("bad value 'baseline' for init", "run:NAME")),
                arguments(T, "as=my-run", "my-run", List.of("bad name 'my-run' for as", "Java identifier")),
                arguments(T, "as=class", "class", List.of("bad name 'class' for as")),
                arguments(L, "start=0", "0", List.of("bad value '0' for start")),
                arguments(L, "steps=2", "2", List.of("bad value '2' for steps", "5..100000")),
                arguments(L, "mode=log", "log", List.of("unknown mode 'log'", "exp, linear")),
                // unknown names
                arguments(T, "model=mlp(512,x)", "mlp(512,x)", List.of("bad hidden width 'x'", "mlp(512,256)")),
                arguments(T, "model=mlp()", "mlp()", List.of("bad hidden width ''")),
                arguments(T, "model=resnet(3)", "resnet(3)", List.of("unknown model 'resnet(3)'", "linear, mlp, mlp(W,...), cnn, lenet")),
                arguments(T, "data=fashion-mnst", "fashion-mnst", List.of("unknown data 'fashion-mnst'", "did you mean 'fashion-mnist'?")),
                arguments(T, "data=csv:", "csv:", List.of("missing path in data=csv:")),
                arguments(T, "data=blobs(m=3)", "blobs(m=3)", List.of("bad argument 'm=3'", "n=N, classes=N, features=N", "did you mean 'n'?")),
                arguments(T, "data=spirals(classes=1)", "1", List.of("classes ≥ 2")),
                arguments(T, "data=linear(noise=-1)", "-1", List.of("noise ≥ 0")),
                arguments(T, "val=split=1.5", "1.5", List.of("bad value '1.5' for val", "0 < F < 1")),
                arguments(T, "val=splt=0.2", "splt=0.2", List.of("unknown val 'splt=0.2'")),
                arguments(T, "loss=cross-entropy", "cross-entropy", List.of("unknown loss 'cross-entropy'", "ce, bce, mse, mae, huber")),
                // conflicts
                arguments(T, "warmup=1 warmup=500s", "warmup=500s", List.of("warmup given both in epochs and in steps")),
                arguments(T, "lr=1e-3 lr=1e-2", "lr=1e-2", List.of("key 'lr' given twice", "%compare lr=1e-3,1e-2")),
                arguments(T, "patience=2 val=none", "patience=2", List.of("monitors val_loss but val=none", "monitor=train_loss")),
                arguments(T, "monitor=val_acc val=none", "monitor=val_acc", List.of("val=none")),
                arguments(T, "step=2", "step=2", List.of("step=2 has no effect with sched=none", "applies to sched=step")),
                arguments(T, "sched=cosine milestones=3", "milestones=3", List.of("applies to sched=multistep")),
                arguments(T, "gamma=0.5 sched=cosine", "gamma=0.5", List.of("applies to sched=step|multistep|exp")),
                arguments(T, "final=1e-5", "final=1e-5", List.of("applies to sched=cosine|onecycle")),
                arguments(T, "sched=cosine lr=1e-3 final=1e-2", "final=1e-2", List.of("above lr=1e-3")),
                arguments(T, "warmup_mode=exp", "warmup_mode=exp", List.of("has no effect without a warmup", "warmup=1")),
                arguments(T, "start_from_epoch=1", "start_from_epoch=1", List.of("has no effect without early stopping")),
                arguments(T, "min_delta=0.01", "min_delta=0.01", List.of("has no effect without early stopping", "patience=N")),
                arguments(T, "momentum=0.8", "momentum=0.8", List.of("no effect with opt=adam", "sgd|momentum|nesterov|rmsprop")),
                arguments(T, "target=y", "target=y", List.of("target=y applies to data=csv:PATH or a Table variable")),
                arguments(T, "data=csv:iris.csv", "data=csv:iris.csv", List.of("needs target=COL")),
                arguments(T, "classes=a-b", "a-b", List.of("bad class 'a-b'", "classes=0-4")),
                arguments(T, "classes=5", "5", List.of("at least two")),
                arguments(T, "classes=9-5", "9-5", List.of("low-high")),
                arguments(T, "classes=1,2,1", "1", List.of("listed twice")),
                arguments(T, "train_size=0", "0", List.of("train_size", "≥ 1")),
                arguments(T, "head=old", "old", List.of("keep, new")),
                arguments(T, "freeze=all", "all", List.of("none, body")),
                arguments(T, "body_lr=0", "0", List.of("body_lr", "> 0")),
                arguments(T, "head=new", "head=new", List.of("has no effect without init=run:NAME", "init=run:NAME")),
                arguments(T, "freeze=body body_lr=0.1", "body_lr=0.1", List.of("has no effect with freeze=body")),
                arguments(L, "start=1 end=0.1", "end=0.1", List.of("the ramp must go up"))
        );
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("errorCases")
    void everyErrorIsOneLineQuotingTheToken(Magic m, String line, String token, List<String> fragments) {
        ArgException e = assertThrows(ArgException.class, () -> ArgParser.parse(m, line));
        String msg = e.getMessage();
        assertTrue(msg.startsWith(m.spelling() + ": "), msg);
        assertFalse(msg.contains("\n"), msg);
        assertEquals(token, e.token(), msg);
        assertTrue(msg.contains("'" + token + "'") || msg.contains(token), "token not quoted: " + msg);
        for (String f : fragments) assertTrue(msg.contains(f), "missing '" + f + "' in: " + msg);
    }

    @Test
    void helpTokenIsRecognised() {
        assertTrue(ArgParser.isHelp(Tokenizer.tokenize("--help")));
        assertTrue(ArgParser.isHelp(Tokenizer.tokenize("epochs=3 -h")));
        assertFalse(ArgParser.isHelp(Tokenizer.tokenize("epochs=3")));
    }
}
