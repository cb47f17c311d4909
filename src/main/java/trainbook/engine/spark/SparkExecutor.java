package trainbook.engine.spark;

import trainbook.engine.sweep.TrialExecutor;

/** A trial executor on Spark: closing it stops the Spark application and its executors. */
public interface SparkExecutor extends TrialExecutor, AutoCloseable {
    /** The master URL it runs on. */
    String master();

    @Override
    void close();
}
