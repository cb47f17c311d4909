package trainbook.engine.sweep;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import trainbook.engine.Cancellation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** TrialHandle.next(): executors that keep trials in flight get new ones up to the total, and none after a stop. */
class StudyNextTest {
    @AfterEach
    void reset() { Cancellation.current().reset(); }

    /** Keeps up to its parallelism in flight, starting a new trial whenever one ends; records in-flight counts. */
    static final class Streaming implements TrialExecutor {
        final List<Integer> inFlightAtAsk = new ArrayList<>();
        TrialHandle last;

        @Override
        public void execute(List<TrialHandle> batch, Objective objective) {
            Deque<TrialHandle> running = new ArrayDeque<>(batch);
            while (!running.isEmpty()) {
                TrialHandle h = running.poll();
                h.run(objective);
                last = h;
                inFlightAtAsk.add(running.size());
                h.next().ifPresent(running::add);
            }
        }

        @Override
        public int parallelism() { return 3; }
    }

    static SearchSpace space() { return SearchSpace.of().floatRange("x", -5, 5); }

    @Test
    void aStreamingExecutorRunsExactlyTheTotalWithTrialsStillInFlightWhenItAsks() {
        Streaming ex = new Streaming();
        Study s = Study.builder().space(space()).seed(4).executor(ex).build();
        assertEquals(10, s.optimize(t -> t.getDouble("x") * t.getDouble("x"), 10));
        assertEquals(10, s.trials().size());
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), s.trials().stream().map(Trial::number).toList());
        assertEquals(2, ex.inFlightAtAsk.get(0), "the first new trial was asked for with two others still running");
        assertTrue(ex.last.next().isEmpty(), "no trial outside optimize()");
    }

    @Test
    void noNewTrialAfterAStop() {
        Streaming ex = new Streaming();
        Study s = Study.builder().space(space()).seed(4).executor(ex).build();
        s.optimize(t -> {
            if (t.number() == 2) Cancellation.current().requestStop();
            return t.getDouble("x");
        }, 10);
        assertEquals(4, s.trials().size(), "the batch of 3 and trial 4, asked for when trial 1 ended; none after the stop in trial 2");
        assertTrue(s.stopped());
    }
}
