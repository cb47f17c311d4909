package trainbook.engine.run;

/**
 * The kernel process's memory during a run: resident size at the start, the peak while it trained, and the limit
 * it must stay under (the container's, else physical memory). Megabytes; −1 where the platform does not say.
 *
 * @param startMb     resident size when the run started
 * @param peakMb      highest resident size during the run
 * @param limitMb     the memory limit
 * @param limitSource where the limit comes from, e.g. {@code cgroup v1 memory.limit_in_bytes}
 * @param peakExact   whether {@code peakMb} is the kernel's own high-water mark for the run (else sampled at epoch ends)
 */
public record MemoryUse(double startMb, double peakMb, double limitMb, String limitSource, boolean peakExact) {
    /** Peak as a fraction of the limit, or NaN when either is unknown. */
    public double peakShare() {
        return peakMb > 0 && limitMb > 0 ? peakMb / limitMb : Double.NaN;
    }
}
