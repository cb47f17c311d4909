package trainbook.doctor;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import trainbook.doctor.rules.*;
import trainbook.engine.run.Finding;
import trainbook.engine.run.GradSample;
import trainbook.engine.run.RunNote;
import trainbook.engine.run.RunRecord;
import trainbook.engine.run.ShapeErrors;
import trainbook.engine.run.RunStatus;
import trainbook.engine.run.Severity;
import trainbook.engine.run.StopReason;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/** Each rule fires on a record broken in its own way, with the evidence, pointer and remedy it should carry. */
class RunRulesTest {

    static Finding only(Rule rule, RunRecord r) {
        List<Finding> f = rule.check(r);
        assertEquals(1, f.size(), () -> rule.id() + ": " + f);
        assertEquals(rule.id(), f.get(0).rule());
        assertFalse(f.get(0).message().isBlank());
        return f.get(0);
    }

    static void silent(Rule rule, RunRecord r) {
        List<Finding> f = rule.check(r);
        assertTrue(f.isEmpty(), () -> rule.id() + " should be silent: " + f);
    }

    static double number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), () -> "no match for " + regex + " in: " + text);
        return Double.parseDouble(m.group(1));
    }

    @Nested
    class InitialLoss {
        final Rule rule = new InitialLossRule();

        @Test
        void highInitialLossWithUnscaledInputs() {
            RunRecord r = Records.healthy(1);
            Records.losses(r, t -> 9.2 * Math.exp(-t / 50.0) + 0.3);
            Records.data(r, p -> { p.inputMax = 255; p.inputMean = 73; p.inputStd = 90; });
            Finding f = only(rule, r);
            assertEquals(Severity.WARNING, f.severity());
            assertEquals(0, f.step());
            assertEquals(1, f.epoch());
            assertEquals(9.5 / Math.log(10), number(f.evidence(), "\\(×([0-9.]+)\\)"), 0.1);
            assertTrue(f.evidence().contains("ln 10 = 2.303"), f.evidence());
            assertTrue(f.remedy().contains("standardise the inputs"), f.remedy());
            assertTrue(f.message().contains("not standardised"), f.message());
        }

        @Test
        void mseTargetsFarFromZero() {
            RunRecord r = Records.healthy().regression().build();
            Records.data(r, p -> { p.targetMean = 50; p.targetVar = 4; });
            Records.losses(r, t -> 2504 * Math.exp(-t / 30.0) + 3);
            Finding f = only(rule, r);
            assertTrue(f.message().contains("far from zero"), f.message());
            assertTrue(f.remedy().contains("standardise the target"), f.remedy());
        }

        @Test
        void lowInitialLossLooksLikeLeakage() {
            RunRecord r = Records.healthy(2);
            Records.losses(r, t -> 0.05);
            Finding f = only(rule, r);
            assertEquals(Severity.WARNING, f.severity());
            assertTrue(f.message().contains("far below a random guess"), f.message());
        }

        @Test
        void warmStartAndCustomLossAreNotJudged() {
            RunRecord r = Records.healthy(3);
            Records.losses(r, t -> 0.05);
            r.spec().put("init", "run:base");
            silent(rule, r);
            RunRecord c = Records.healthy(3);
            Records.losses(c, t -> 40);
            c.spec().put("loss", "<custom>");
            silent(rule, c);
        }
    }

    @Nested
    class NotFalling {
        final Rule rule = new NotFallingRule();

        @Test
        void flatLossWithTinyUpdatesIsAProblemAndSuggestsAHigherLr() {
            RunRecord r = Records.healthy(4);
            Random rnd = new Random(4);
            Records.losses(r, t -> Math.log(10) * (1 + 0.03 * rnd.nextGaussian()));
            Records.updateRatios(r, t -> 2e-6);
            Finding f = only(rule, r);
            assertEquals(Severity.PROBLEM, f.severity());
            assertEquals("lr=0.5", f.remedy());   // 1e-3 × 1e-3 / 2e-6
            assertEquals(199, f.step());
            assertEquals(5, f.epoch());
            assertTrue(f.message().contains("too low"), f.message());
        }

        @Test
        void sgdWithAMinusculeLrIsTooLowFromItsRange() {
            RunRecord r = Records.healthy().opt("sgd").lr(1e-6).seed(5).build();
            Records.losses(r, t -> 2.3 - 1e-5 * t);
            Finding f = only(rule, r);
            assertEquals("lr=1e-5", f.remedy());
        }

        @Test
        void slowDropIsAWarningAndUnknownCauseSuggestsTheFinder() {
            RunRecord r = Records.healthy(6);
            Records.losses(r, t -> 2.3 * (1 - 0.03 * Math.min(t, 200) / 200.0));
            Finding f = only(rule, r);
            assertEquals(Severity.WARNING, f.severity());
            assertTrue(f.remedy().startsWith("lr=lrfind"), f.remedy());
            double drop = number(f.evidence(), "\\(−([0-9.]+) %\\)");
            assertEquals(2.6, drop, 0.6);
        }

        @Test
        void risingLossIsAProblemTooHighLrRemedy() {
            RunRecord r = Records.healthy(7);
            Records.losses(r, t -> 2.3 + 0.004 * t);
            Records.updateRatios(r, t -> 0.4);
            Finding f = only(rule, r);
            assertEquals(Severity.PROBLEM, f.severity());
            assertTrue(f.message().contains("rose"), f.message());
            assertEquals("lr=3e-6 clip=1", f.remedy());   // 1e-3 × 1e-3 / 0.4
        }

        @Test
        void aLongWarmupExtendsTheHorizon() {
            RunRecord r = Records.healthy().steps(200, 3).seed(64).build();
            r.warmupSteps(400);
            // flat while the LR warms up, then falling: judged over warmup + 300 steps, so it fell
            Records.losses(r, t -> t < 400 ? 2.3 : 2.3 * Math.exp(-(t - 400) / 50.0));
            silent(rule, r);
            r.warmupSteps(0);
            assertEquals(Severity.PROBLEM, only(rule, r).severity());
        }

        @Test
        void tooFewStepsSaysNothing() {
            RunRecord r = Records.healthy().steps(5, 3).build();
            Records.losses(r, t -> 2.3);
            silent(rule, r);
        }
    }

    @Nested
    class Divergence {
        final Rule rule = new DivergenceRule();

        @Test
        void nanNamesTheStepAndEpoch() {
            RunRecord r = Records.healthy(8);
            Records.losses(r, t -> t < 57 ? 2.0 : Double.NaN);
            Finding f = only(rule, r);
            assertEquals(Severity.PROBLEM, f.severity());
            assertEquals(57, f.step());
            assertEquals(2, f.epoch());
            assertTrue(f.message().contains("NaN at step 57"), f.message());
            assertTrue(f.evidence().contains("last finite loss 2 at step 56"), f.evidence());
            assertEquals("lr=1e-4 clip=1", f.remedy());
        }

        @Test
        void explodingLossFoundThroughTheRollingMedian() {
            RunRecord r = Records.healthy(9);
            Records.losses(r, t -> t < 100 ? 2.0 : 2.0 * Math.exp((t - 100) / 10.0));
            Finding f = only(rule, r);
            // 2·e^(x/10) > 4·2 from x = 14; the rolling median of 5 lags 2 steps
            assertEquals(116, f.step(), 1);
            assertTrue(f.message().contains("exploded"), f.message());
        }

        @Test
        void singleSpikeIsNotDivergence() {
            RunRecord r = Records.healthy(10);
            Records.losses(r, t -> t == 50 ? 100 : 2.0 - t * 0.005);
            silent(rule, r);
        }

        @Test
        void stopReasonAloneIsEnough() {
            RunRecord r = new RunRecord("x").stopReason(StopReason.DIVERGED);
            Finding f = only(rule, r);
            assertEquals(Severity.PROBLEM, f.severity());
            assertTrue(f.evidence().contains("diverged"));
        }

        @Test
        void nanInputsAreNamedInTheRemedy() {
            RunRecord r = Records.healthy(11);
            Records.losses(r, t -> Double.NaN);
            Records.data(r, p -> p.nonFinite = 7);
            Finding f = only(rule, r);
            assertEquals(0, f.step());
            assertTrue(f.remedy().contains("remove the NaN/Inf inputs"), f.remedy());
            assertTrue(f.evidence().contains("7 NaN/Inf"), f.evidence());
        }
    }

    @Nested
    class Oscillation {
        final Rule rule = new OscillationRule();

        @Test
        void noisyLossAroundAFlatTrend() {
            RunRecord r = Records.healthy(12);
            Random rnd = new Random(12);
            Records.losses(r, t -> Math.max(0.05, 1.5 + 1.2 * rnd.nextGaussian()));
            silent(rule, r);   // step noise alone: could be sampling noise of small batches
            Records.epochLosses(r, new double[]{1.6, 1.4, 1.7, 1.5, 1.6}, new double[]{1.6, 1.5, 1.6, 1.5, 1.6});
            Finding f = only(rule, r);
            assertEquals(Severity.WARNING, f.severity());
            assertEquals(100, f.step());
            assertEquals("lr=1e-4 batch=128", f.remedy());
            assertEquals(0.8, number(f.evidence(), "ratio ([0-9.]+)"), 0.3);
            assertTrue(f.evidence().contains("train_loss rose 21.43 % from epoch 2 to 3"), f.evidence());
        }

        @Test
        void validationBounceCountsAndExtremeNoiseNeedsNoEpochs() {
            RunRecord r = Records.healthy(62);
            Random rnd = new Random(62);
            Records.losses(r, t -> Math.max(0.05, 1.5 + 1.2 * rnd.nextGaussian()));
            Records.epochLosses(r, new double[]{1.6, 1.5, 1.45, 1.4, 1.38}, new double[]{1.6, 1.3, 1.8, 1.4, 1.4});
            assertTrue(only(rule, r).evidence().contains("val_loss bounced 1.3 → 1.8 → 1.4 around epoch 3"));
            RunRecord x = Records.healthy(63);
            Random rx = new Random(63);
            Records.losses(x, t -> Math.max(0.02, 0.6 + 1.5 * rx.nextGaussian()));
            x.epochs().clear();
            assertTrue(number(only(rule, x).evidence(), "ratio ([0-9.]+)") > 1);
        }

        @Test
        void tinyLossOfASolvedTaskIsNotOscillation() {
            RunRecord r = Records.healthy().classes(2).seed(13).build();
            Random rnd = new Random(13);
            Records.losses(r, t -> t < 50 ? 0.69 * Math.exp(-t / 10.0)
                    : Math.max(0, 0.005 * (1 + rnd.nextGaussian())));
            silent(rule, r);
        }
    }

    @Nested
    class ExplodingGradients {
        final Rule rule = new ExplodingGradientsRule();

        @Test
        void spikeSuggestsAClipNearTheNinetiethPercentile() {
            RunRecord r = Records.healthy(14);
            Random rnd = new Random(14);
            Records.gradNorms(r, t -> t == 120 ? 50 : 1.0 * Math.exp(0.1 * rnd.nextGaussian()));
            Finding f = only(rule, r);
            assertEquals(Severity.WARNING, f.severity());
            assertEquals(120, f.step());
            assertEquals(4, f.epoch());
            double clip = number(f.remedy(), "clip=([0-9.]+)");
            assertEquals(1.12, clip, 0.15);
        }

        @Test
        void nonFiniteNormIsAProblem() {
            RunRecord r = Records.healthy(15);
            Records.gradNorms(r, t -> t == 30 ? Double.POSITIVE_INFINITY : 1.0);
            Finding f = only(rule, r);
            assertEquals(Severity.PROBLEM, f.severity());
            assertEquals(30, f.step());
            assertEquals("clip=1 lr=1e-4", f.remedy());
        }

        @Test
        void clippedSpikesAreInformation() {
            RunRecord r = Records.healthy(16);
            r.spec().put("clip", "1");
            Records.gradNorms(r, t -> t == 120 ? 50 : 1.0);
            assertEquals(Severity.INFO, only(rule, r).severity());
        }

        @Test
        void aClipActingOnNearlyEveryStepAsksForALowerLr() {
            RunRecord r = Records.healthy(18);
            r.spec().put("clip", "1");
            r.spec().put("lr", "0.3");
            Random rnd = new Random(18);
            Records.gradNorms(r, t -> 5 * Math.exp(0.3 * rnd.nextGaussian()));
            Finding f = only(rule, r);
            assertEquals(Severity.WARNING, f.severity());
            assertTrue(f.message().startsWith("clip=1 acted on 100 % of the sampled steps"), f.message());
            assertEquals("lr=0.03", f.remedy());
            // a seat belt that catches about half the steps is not flagged
            RunRecord half = Records.healthy(19);
            half.spec().put("clip", "1");
            Random rnd2 = new Random(19);
            Records.gradNorms(half, t -> Math.exp(0.3 * rnd2.nextGaussian()));
            silent(rule, half);
        }

        @Test
        void steadyGrowthIsNotASpike() {
            RunRecord r = Records.healthy(17);
            Records.gradNorms(r, t -> 1.0 + t / 100.0);
            silent(rule, r);
        }

        @Test
        void normsFromGradSamplesWhenStepsHaveNone() {
            RunRecord r = Records.healthy(18);
            Records.gradNorms(r, t -> Double.NaN);
            List<GradSample> g = new ArrayList<>(r.gradSamples());
            r.gradSamples().clear();
            for (GradSample s : g) {
                LinkedHashMap<String, Double> n = new LinkedHashMap<>();
                n.put("a_weight", s.step() == 150 ? 30.0 : 0.6);
                n.put("b_weight", s.step() == 150 ? 40.0 : 0.8);
                r.gradSamples().add(new GradSample(s.step(), n, s.updateRatios()));
            }
            Finding f = only(rule, r);
            assertEquals(150, f.step());
            assertEquals(1.0, number(f.remedy(), "clip=([0-9.]+)"), 1e-9);
        }
    }

    @Nested
    class VanishingGradients {
        final Rule rule = new VanishingGradientsRule();

        @Test
        void firstLayerStarvedInADeepSigmoidNet() {
            RunRecord r = Records.healthy(19);
            r.spec().put("act", "sigmoid");
            List<GradSample> g = new ArrayList<>(r.gradSamples());
            r.gradSamples().clear();
            for (GradSample s : g) {
                LinkedHashMap<String, Double> n = new LinkedHashMap<>();
                n.put("01Linear_weight", 2e-6);
                n.put("01Linear_bias", 1e-6);
                n.put("05Linear_weight", 0.02);
                n.put("06Linear_weight", 0.5);
                n.put("06Linear_bias", 0.1);
                r.gradSamples().add(new GradSample(s.step(), n, s.updateRatios()));
            }
            Finding f = only(rule, r);
            assertEquals(Severity.WARNING, f.severity());
            assertEquals(4e-6, number(f.evidence(), "= ([0-9.e-]+) over"), 1e-9);
            assertTrue(f.evidence().contains("01Linear_weight") && f.evidence().contains("06Linear_weight"));
            assertEquals("act=relu norm=batchnorm", f.remedy());
            assertEquals(0, f.step());
        }

        @Test
        void tinyGlobalNormsWhileTheLossIsHigh() {
            RunRecord r = Records.healthy(20);
            r.gradSamples().clear();
            Records.gradNorms(r, t -> 1e-8);
            Records.losses(r, t -> 2.3);
            Finding f = only(rule, r);
            assertTrue(f.message().contains("stalled"), f.message());
        }

        @Test
        void tinyNormsAfterTheLossReachedZeroAreFine() {
            RunRecord r = Records.healthy(21);
            r.gradSamples().clear();
            Records.gradNorms(r, t -> 1e-8);
            Records.losses(r, t -> 2.3 * Math.exp(-t / 5.0));
            silent(rule, r);
        }
    }

    @Nested
    class DeadUnits {
        final Rule rule = new DeadUnitsRule();

        @Test
        void moreThanHalfDeadIsAWarningNearlyAllAProblem() {
            RunRecord r = Records.healthy(22);
            r.deadUnits().put("02Linear", 0.75);
            Finding f = only(rule, r);
            assertEquals(Severity.WARNING, f.severity());
            assertTrue(f.evidence().contains("02Linear 75 %"), f.evidence());
            assertTrue(f.remedy().startsWith("act=leakyrelu"), f.remedy());
            r.deadUnits().put("01Linear", 0.97);
            Finding g = only(rule, r);
            assertEquals(Severity.PROBLEM, g.severity());
            assertTrue(g.message().contains("01Linear"), g.message());
        }

        @Test
        void exactlyHalfIsNotMoreThanHalf() {
            RunRecord r = Records.healthy(23);
            r.deadUnits().put("01Linear", 0.5);
            silent(rule, r);
        }
    }

    @Nested
    class UpdateRatio {
        final Rule rule = new UpdateRatioRule();

        @Test
        void tinyRatioSuggestsScalingTheLrUp() {
            RunRecord r = Records.healthy(24);
            Records.updateRatios(r, t -> 1e-6);
            Finding f = only(rule, r);
            assertEquals("lr=1", f.remedy());
            assertTrue(f.message().contains("too low"));
            assertEquals(1e-6, number(f.evidence(), "median ‖Δw‖/‖w‖ ([0-9.e-]+)"), 1e-12);
        }

        @Test
        void hugeRatioSuggestsScalingTheLrDown() {
            RunRecord r = Records.healthy(25);
            Records.updateRatios(r, t -> 0.5);
            Finding f = only(rule, r);
            assertEquals("lr=2e-6", f.remedy());
            assertTrue(f.message().contains("too high"));
        }

        @Test
        void ratiosAreJudgedAtTheBaseLrNotAtTheDecayedOne() {
            RunRecord r = Records.healthy(60);
            java.util.List<trainbook.engine.run.StepRecord> s = new ArrayList<>(r.steps());
            r.steps().clear();
            for (trainbook.engine.run.StepRecord x : s) {
                double lr = 1e-3 * Math.pow(0.1, x.step() / 40);            // step decay, gamma 0.1 per epoch
                double u = Double.isNaN(x.updateRatio()) ? Double.NaN : 3e-3 * lr / 1e-3;
                r.steps().add(new trainbook.engine.run.StepRecord(x.step(), x.epoch(), x.batch(), lr, x.loss(),
                        x.gradNorm(), u, x.millis()));
            }
            silent(rule, r);
        }

        @Test
        void warmupStepsAreLeftOut() {
            RunRecord r = Records.healthy(26);
            r.warmupSteps(100);
            Records.updateRatios(r, t -> t < 100 ? 1e-7 : 2e-3);
            silent(rule, r);
        }
    }

    @Nested
    class Overfitting {
        final Rule rule = new OverfittingRule();
        final double[] train = {1.0, 0.6, 0.4, 0.3, 0.2, 0.15};
        final double[] val = {1.0, 0.7, 0.6, 0.65, 0.72, 0.8};

        @Test
        void namesTheEpochWhereTheyPart() {
            RunRecord r = Records.healthy(27);
            Records.epochLosses(r, train, val);
            Finding f = only(rule, r);
            assertEquals(Severity.WARNING, f.severity());
            assertEquals(3, f.epoch());
            assertTrue(f.evidence().contains("+33.33 %"), f.evidence());
            assertEquals("patience=2", f.remedy(), "early stopping first, alone; regularisation once it is on");
        }

        @Test
        void imageDataAlsoGetsAugmentation() {
            RunRecord r = Records.healthy(28);
            r.spec().put("data", "fashion-mnist");
            r.spec().put("patience", "3");
            r.spec().put("wd", "1e-4");
            Records.epochLosses(r, train, val);
            assertEquals("wd=1e-3 dropout=0.3 augment=flip,crop", only(rule, r).remedy());
        }

        @Test
        void caughtByEarlyStoppingIsInformation() {
            RunRecord r = Records.healthy(29);
            Records.epochLosses(r, train, val);
            r.stopReason(StopReason.PATIENCE);
            assertEquals(Severity.INFO, only(rule, r).severity());
        }

        @Test
        void aSmallWobbleAfterTheBestIsNotOverfitting() {
            RunRecord r = Records.healthy(61);
            Records.epochLosses(r, new double[]{1.0, 0.6, 0.5, 0.49, 0.48}, new double[]{1.0, 0.62, 0.52, 0.53, 0.54});
            silent(rule, r);   // +3.8 %: within the wobble of a small validation set
            Records.epochLosses(r, new double[]{1.0, 0.6, 0.5, 0.51, 0.52}, new double[]{1.0, 0.62, 0.52, 0.6, 0.7});
            silent(rule, r);   // val rises but so does train: not overfitting (divergence or LR trouble)
        }

        @Test
        void oneBadEpochIsNoise() {
            RunRecord r = Records.healthy(30);
            Records.epochLosses(r, new double[]{1, 0.6, 0.4, 0.3, 0.25}, new double[]{1, 0.7, 0.6, 0.62, 0.58});
            silent(rule, r);
        }
    }

    @Nested
    class Underfitting {
        final Rule rule = new UnderfittingRule();

        @Test
        void highAndFlatSuggestsCapacityAndEpochs() {
            RunRecord r = Records.healthy(31);
            Records.epochLosses(r, new double[]{2.31, 2.29, 2.285}, new double[]{2.3, 2.3, 2.3});
            Finding f = only(rule, r);
            assertEquals(Severity.WARNING, f.severity());
            assertEquals(3, f.epoch());
            // nothing in the data profile speaks against the labels: no blame on them
            assertEquals("model=mlp(128,64) epochs=6", f.remedy());
            assertFalse(f.message().contains("label"), f.message());
            assertTrue(f.message().contains("learned almost nothing"), f.message());
        }

        @Test
        void blamesTheDataOnlyWithDataEvidence() {
            RunRecord r = Records.healthy(31);
            Records.epochLosses(r, new double[]{2.31, 2.29, 2.285}, new double[]{2.3, 2.3, 2.3});
            Records.data(r, p -> p.labelMax = p.numClasses + 2.0);
            Finding f = only(rule, r);
            assertTrue(f.message().contains("the data look broken (label-range: labels span"), f.message());
            assertTrue(f.remedy().endsWith("— and fix the data first (see label-range)"), f.remedy());
        }

        @Test
        void regularisationIsRemovedAndLinearModelsGrow() {
            RunRecord r = Records.healthy(32);
            r.spec().put("model", "linear");
            r.spec().put("dropout", "0.5");
            r.spec().put("wd", "1e-3");
            Records.epochLosses(r, new double[]{2.0, 1.99}, null);
            assertEquals("model=mlp(256,128) dropout=0 wd=0 epochs=4", only(rule, r).remedy());
        }

        @Test
        void stillFallingOrAlreadyLowIsNotUnderfitting() {
            RunRecord r = Records.healthy(33);
            Records.epochLosses(r, new double[]{2.3, 2.0, 1.7}, new double[]{2.3, 2.0, 1.7});
            silent(rule, r);
            Records.epochLosses(r, new double[]{0.3, 0.3, 0.3}, new double[]{0.35, 0.35, 0.35});
            silent(rule, r);
        }
    }

    @Nested
    class Data {
        @Test
        void nonFiniteInputs() {
            RunRecord r = Records.healthy(34);
            Records.data(r, p -> p.nonFinite = 12);
            Finding f = only(new DataNonFiniteRule(), r);
            assertEquals(Severity.PROBLEM, f.severity());
            assertTrue(f.message().contains("12 NaN/Inf"));
        }

        @Test
        void rawPixelsWideSpreadAndConstantInputs() {
            Rule rule = new DataScaleRule();
            RunRecord r = Records.healthy(35);
            Records.data(r, p -> { p.inputMin = 0; p.inputMax = 255; p.inputMean = 73; p.inputStd = 90; p.normalized = false; });
            Finding f = only(rule, r);
            assertTrue(f.message().contains("0–255"));
            assertTrue(f.remedy().contains("255"));
            Records.data(r, p -> { p.inputMin = -400; p.inputMax = 900; p.inputMean = 3; p.inputStd = 50; });
            assertTrue(only(rule, r).message().contains("not normalised"));
            Records.data(r, p -> { p.inputMin = 0.5; p.inputMax = 0.5; p.inputMean = 0.5; p.inputStd = 0; });
            assertTrue(only(rule, r).message().contains("constant"));
        }

        @Test
        void labelsOutsideTheClassRange() {
            Rule rule = new LabelRangeRule();
            RunRecord r = Records.healthy(36);
            Records.data(r, p -> { p.labelMin = 1; p.labelMax = 10; });
            Finding f = only(rule, r);
            assertEquals(Severity.PROBLEM, f.severity());
            assertTrue(f.message().contains("1-based"));
            assertEquals("subtract 1 from the labels before %train", f.remedy());
            Records.data(r, p -> { p.labelMin = -1; p.labelMax = 9; });
            assertTrue(only(rule, r).evidence().contains("valid labels 0..9"));
            Records.data(r, p -> { p.labelMin = 0; p.labelMax = 8.5; p.integerTargets = false; });
            assertTrue(only(rule, r).message().contains("not whole numbers"));
        }

        @Test
        void classImbalanceAndEmptyClasses() {
            Rule rule = new ClassImbalanceRule();
            RunRecord r = Records.healthy().classes(3).build();
            Records.data(r, p -> p.classCounts = new long[]{900, 50, 50});
            Finding f = only(rule, r);
            assertTrue(f.message().contains("18:1"), f.message());
            assertTrue(f.message().contains("90 %"), f.message());
            Records.data(r, p -> p.classCounts = new long[]{100, 0, 100});
            assertTrue(only(rule, r).message().contains("Class 1 has no training samples"));
            Records.data(r, p -> p.classCounts = new long[]{100, 20, 100});
            silent(rule, r);
            Records.data(r, p -> p.classCounts = new long[]{0, 100, 90, 110});
            silent(rule, r);   // 1-based labels: label-range explains the empty class 0
            Finding b = only(new LabelRangeRule(), r);
            assertTrue(b.message().contains("1-based (1..3)"), b.message());
            assertEquals("subtract 1 from the labels before %train", b.remedy());
        }

        @Test
        void shapeMismatchFromTheEnginesShapeNote() {
            Rule rule = new ShapeMismatchRule();
            RunRecord r = Records.healthy(37).status(RunStatus.FAILED)
                    .error("mat1 and mat2 shapes cannot be multiplied (32x784 and 2x64)");
            silent(rule, r); // the doctor reads the note's kind, never the error's wording
            ShapeErrors.noteFromError(r); // what the engine does when a run fails
            Finding f = only(rule, r);
            assertEquals(Severity.PROBLEM, f.severity());
            assertTrue(f.evidence().contains("32x784"));
            assertTrue(f.message().contains("[2]"), f.message());
            silent(new RunFailedRule(), r);
            RunRecord n = Records.healthy(38);
            n.note(RunNote.Kind.SHAPE_MISMATCH, "model input size 784 does not match the data's 2 features");
            only(rule, n);
            silent(new EngineNotesRule(), n);
        }

        @Test
        void lossThatDoesNotFitTheTarget() {
            Rule rule = new LossMismatchRule();
            RunRecord r = Records.healthy(39);
            r.spec().put("loss", "mse");
            Finding f = only(rule, r);
            assertEquals(Severity.WARNING, f.severity());
            assertEquals("loss=ce", f.remedy());
            RunRecord g = Records.healthy().regression().build();
            g.spec().put("loss", "ce");
            Finding h = only(rule, g);
            assertEquals(Severity.PROBLEM, h.severity());
            assertEquals("loss=mse", h.remedy());
            RunRecord b = Records.healthy(40);
            b.spec().put("loss", "bce");
            assertEquals("loss=ce", only(rule, b).remedy());
            RunRecord ids = Records.healthy().regression().build();   // a notebook dataset of float class ids
            Records.data(ids, p -> { p.labelMin = 0; p.labelMax = 2; p.integerTargets = true; });
            Finding i = only(rule, ids);
            assertTrue(i.message().contains("look like class ids"), i.message());
            assertEquals("loss=ce", i.remedy());
        }
    }

    @Nested
    class Schedule {
        @Test
        void warmupLongerThanTheRun() {
            Rule rule = new ScheduleWarmupRule();
            RunRecord r = Records.healthy(41).warmupSteps(300);
            Finding f = only(rule, r);
            assertEquals(Severity.PROBLEM, f.severity());
            assertEquals("warmup=20s", f.remedy());
            assertTrue(f.evidence().contains("warmup 300 steps of 200"), f.evidence());
            r.warmupSteps(120);
            assertEquals(Severity.WARNING, only(rule, r).severity());
            r.warmupSteps(40);
            silent(rule, r);
            r.warmupSteps(200);                      // the engine caps warmup at the run's length ...
            r.spec().put("warmup", "1000s");         // ... the spec says what was asked for
            assertTrue(only(rule, r).evidence().contains("warmup 1000 steps of 200"));
        }

        @Test
        void finalLrAboveInitial() {
            Rule rule = new ScheduleRisingRule();
            RunRecord r = Records.healthy(42);
            r.spec().put("sched", "exp");
            r.spec().put("gamma", "1.5");
            double[] s = new double[200];
            for (int i = 0; i < s.length; i++) s[i] = 1e-3 * Math.pow(1.5, i / 40);
            r.schedule(s);
            Finding f = only(rule, r);
            assertEquals("gamma=0.5", f.remedy());
            assertEquals(199, f.step());
            r.spec().put("sched", "cosine");
            assertEquals("final=1e-5", only(rule, r).remedy());
        }

        @Test
        void lrReachingZeroEarly() {
            Rule rule = new ScheduleZeroRule();
            RunRecord r = Records.healthy(43);
            r.spec().put("sched", "step");
            r.spec().put("gamma", "0.1");
            double[] s = new double[200];
            for (int i = 0; i < s.length; i++) s[i] = 1e-3 * Math.pow(0.1, i / 40);
            r.schedule(s);
            Finding f = only(rule, r);
            assertEquals(120, f.step());
            assertEquals(4, f.epoch());
            assertEquals("gamma=0.3", f.remedy());
            assertTrue(f.message().contains("last 40 %"), f.message());
        }

        @Test
        void cosineToZeroAtTheEndAndLinearWarmupFromZeroAreFine() {
            RunRecord r = Records.healthy(44).warmupSteps(20);
            double[] s = new double[200];
            for (int i = 0; i < s.length; i++) {
                s[i] = i < 20 ? 1e-3 * i / 20 : 1e-3 * 0.5 * (1 + Math.cos(Math.PI * (i - 20) / 180.0));
            }
            r.schedule(s);
            silent(new ScheduleZeroRule(), r);
            silent(new ScheduleRisingRule(), r);
            silent(new ScheduleWarmupRule(), r);
        }
    }

    @Test
    void lrFarFromTheFinderSuggestion() {
        Rule rule = new FinderGapRule();
        RunRecord r = Records.healthy().lr(1e-2).build().lrFinderSuggestion(1e-4);
        Finding f = only(rule, r);
        assertEquals(100, number(f.evidence(), "factor ([0-9.]+)"), 1e-6);
        assertEquals("lr=lrfind", f.remedy());
        assertTrue(f.message().contains("above"));
        silent(rule, Records.healthy(45).lrFinderSuggestion(3e-3));
    }

    @Test
    void engineNotesAreStatedAsInfo() {
        RunRecord r = Records.healthy(46);
        r.note(RunNote.Kind.ENGINE, "mixed precision is unavailable on CPU; training in FP32");
        r.note(RunNote.Kind.ENGINE, "clip_value clamps each element, not the global norm.");
        r.note(RunNote.Kind.SETTING, "validation: a seeded 10% split of the training data");      // configuration echo
        r.note(RunNote.Kind.SETTING, "schedule: constant 1e-3");
        r.note(RunNote.Kind.SETTING, "gradient norms and update ratios are sampled every 10 step(s)");
        r.note(RunNote.Kind.SHAPE_MISMATCH, "model input size 784 does not match the data's 2 features"); // ShapeMismatchRule's
        List<Finding> f = new EngineNotesRule().check(r);
        assertEquals(2, f.size());
        assertEquals("Mixed precision is unavailable on CPU; training in FP32.", f.get(0).message());
        assertEquals("Clip_value clamps each element, not the global norm.", f.get(1).message());
        assertTrue(f.stream().allMatch(x -> x.severity() == Severity.INFO));
    }

    @Test
    void failedRunIsAProblem() {
        RunRecord r = Records.healthy(47).status(RunStatus.FAILED).error("java.lang.OutOfMemoryError: heap\n\tat x");
        Finding f = only(new RunFailedRule(), r);
        assertEquals(Severity.PROBLEM, f.severity());
        assertEquals("java.lang.OutOfMemoryError: heap", f.evidence());
        silent(new ShapeMismatchRule(), r);
    }

    @Test
    void stopReasonsAreExplained() {
        Rule rule = new StopReasonRule();
        RunRecord r = Records.healthy(48).stopReason(StopReason.PATIENCE).bestEpoch(3);
        Finding f = only(rule, r);
        assertEquals(Severity.INFO, f.severity());
        assertTrue(f.message().contains("weights of epoch 3 kept"), f.message());
        r.stopReason(StopReason.MAX_TIME);
        r.spec().put("max_time", "30");
        assertEquals("max_time=60", only(rule, r).remedy());
        r.stopReason(StopReason.COMPLETED);
        silent(rule, r);
    }
}
