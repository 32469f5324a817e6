package io.batchflux.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * What stopping the command now (Ctrl-C, SIGTERM) would leave behind, said in one {@code ❌} line on the way out:
 * whether a batch may exist, where a job's batches are recorded, how to go on. A command sets it while it submits
 * or waits on something it created, and clears it when it is done; a JVM stopped with none set says nothing.
 */
final class InterruptNote {
    static final String SUBMITTING = "an upload cut short stores nothing, but a batch whose creation was under way may"
            + " exist: check with -action list";

    private static final AtomicReference<@Nullable String> NOTE = new AtomicReference<>();
    /** Against an in-process emulator whatever the command made ends with the process: there is nothing to say. */
    private static volatile boolean silenced;

    private InterruptNote() {}

    static void set(String note) {
        if (!silenced) {
            NOTE.set(note);
        }
    }

    /** For a command whose server is an emulator inside this process. */
    static void silence() {
        silenced = true;
        NOTE.set(null);
    }

    static void clear() {
        NOTE.set(null);
    }

    /** When the batch is created: it runs on whatever happens to this process. */
    static void batchRuns(String batchId) {
        set("batch " + batchId + " was created and runs on: " + watchThenResults(batchId));
    }

    /** When every batch of the job exists, recorded in {@code jobFile}. */
    static void jobRuns(Path jobFile) {
        set("the job's batches run on: " + watchThenResults(jobFile.toString()));
    }

    private static String watchThenResults(String id) {
        return "-action watch -id " + id + ", then -action results -id " + id;
    }

    /** Prints the note, if one is set, when the JVM stops before the command has returned. */
    static void install(PrintStream err) {
        Thread hook = new Thread(() -> {
            String note = NOTE.getAndSet(null);
            if (note != null) {
                err.println(ErrorReporter.errorLine("interrupted: " + note));
                err.flush();
            }
        }, "batchflux-interrupt-note");
        Runtime.getRuntime().addShutdownHook(hook);
    }
}
