package trainbook.engine.schedule;

/** The checks of a schedule's arguments: each failure is one line that names the value and says what is valid. */
final class ScheduleChecks {
    private ScheduleChecks() {}

    static void checkLr(String what, double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException(what + "=" + lr + " is invalid: use a finite learning rate ≥ 0, e.g. 1e-3");
        }
    }

    static void checkMomentum(String what, double m) {
        if (!(m >= 0 && m < 1)) {
            throw new IllegalArgumentException(what + "=" + m + " is invalid: use a momentum in [0, 1), e.g. 0.85 and 0.95");
        }
    }

    static void checkGamma(double gamma) {
        if (!(gamma > 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("gamma=" + gamma + " is invalid: use a finite factor > 0, e.g. 0.1");
        }
    }

    static void checkSpe(int spe) {
        if (spe < 1) throw new IllegalArgumentException("steps per epoch " + spe + " is invalid: use ≥ 1");
    }
}
