package io.batchflux.cli;

/** Carries out one action within a session and returns the exit code; failures are thrown, not printed. */
interface ActionRunner {
    int run(Session session);
}
