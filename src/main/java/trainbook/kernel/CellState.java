package trainbook.kernel;

/**
 * What the kernel knows about the cell being run, shared by the parts that evaluate, wait and format errors: whether
 * a cell is running, whether it was interrupted, and its execution count (for tracebacks that name the cell).
 */
final class CellState {
    private volatile boolean running;
    private volatile boolean interrupted;
    private volatile int count;

    /** A cell starts: not interrupted yet; {@code count} is 0 for silent requests and code run outside a request. */
    void begin(int count) {
        this.count = count;
        this.interrupted = false;
        this.running = true;
    }

    /** The cell is over: the next interrupt belongs to no cell. */
    void end() {
        running = false;
        interrupted = false;
        count = 0;
    }

    /** An interrupt arrived; it counts only while a cell runs (also while it is still compiling). */
    void interrupt() {
        if (running) interrupted = true;
    }

    boolean running() {
        return running;
    }

    boolean interrupted() {
        return interrupted;
    }

    /** True when the running cell was interrupted: waits and evaluation steps end with "interrupted". */
    boolean interruptedWhileRunning() {
        return running && interrupted;
    }

    int count() {
        return count;
    }
}
