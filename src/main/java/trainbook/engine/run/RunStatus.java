package trainbook.engine.run;

/** Life-cycle state of a run. */
public enum RunStatus { CREATED, RUNNING, FINISHED, FAILED }
