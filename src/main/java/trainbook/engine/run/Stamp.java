package trainbook.engine.run;

/**
 * Reproducibility stamp: what is needed to say whether two runs should have given the same losses.
 */
public record Stamp(long seed, String djlVersion, String pytorchVersion, String device, int threads, String jdk,
                    String os, String trainbookVersion, String startedAt) {
}
