package trainbook.engine.run;

/**
 * Facts about the training data, measured before step 1 so the doctor can check the data before blaming the
 * optimizer. Computed by the engine over the training set (or a large sample of it).
 *
 * @param name           data name, e.g. {@code fashion-mnist}
 * @param task           {@code classification} or {@code regression}
 * @param numClasses     number of classes (classification), else 0
 * @param sampleShape    shape of one input sample, e.g. [1, 28, 28] or [784]
 * @param trainSize      training samples
 * @param valSize        validation samples (0 when none)
 * @param inputMin       smallest input value (after the engine's normalisation, i.e. what the model sees)
 * @param inputMax       largest input value
 * @param inputMean      mean input value
 * @param inputStd       standard deviation of input values
 * @param nonFiniteInputs count of NaN/Inf input values
 * @param labelMin       smallest label/target value
 * @param labelMax       largest label/target value
 * @param classCounts    samples per class (classification), empty otherwise
 * @param targetMean     mean of the target (regression) or of the label ids
 * @param targetVar      variance of the target (regression) or of the label ids
 * @param integerTargets whether every target value is a whole number
 * @param normalized     whether the engine normalised the inputs
 */
public record DataProfile(String name, String task, int numClasses, long[] sampleShape, int trainSize, int valSize,
                          double inputMin, double inputMax, double inputMean, double inputStd, long nonFiniteInputs,
                          double labelMin, double labelMax, long[] classCounts, double targetMean, double targetVar,
                          boolean integerTargets, boolean normalized) {
    public boolean isClassification() { return "classification".equals(task); }
}
