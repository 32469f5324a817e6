package io.batchflux.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The jar's entry point. It re-runs the command in a child JVM that maps the class-data archive the build leaves
 * beside the jar ({@code batchflux.jsa}, AppCDS), so the few thousand classes of Netty, Reactor, Jackson and
 * picocli are neither parsed nor verified again: for the quick actions ({@code list}, {@code get},
 * {@code cancel}) also with C1 only and the serial collector, which suit a sub-second process; for
 * {@code create}, {@code watch}, {@code results}, {@code run} and {@code demo} with the full JIT. Every other case
 * (the {@code emulator}, help, an action it cannot tell) runs {@link Main} in this JVM.
 *
 * <p>It relaunches only when nothing would be lost: the JVM options given before {@code -jar} are at most heap
 * and stack sizes and {@code -D} properties (they are passed on), the archive exists and is newer than the jar,
 * and {@code BATCHFLUX_RELAUNCH} is not {@code 0}. The child inherits standard input, output, error and the
 * environment; this JVM waits for it, passes a termination on to it, and exits with its exit code. This class
 * uses only the JDK, so the waiting JVM stays small and starts in a few tens of milliseconds.
 */
public final class Launcher {
    /** Set in the child, so that it never relaunches again. */
    static final String RELAUNCHED_PROPERTY = "batchflux.relaunched";
    static final String ARCHIVE_NAME = "batchflux.jsa";
    /** By name, not {@code Main.class}: naming the class would load it (and picocli) into the waiting JVM. */
    private static final String MAIN_CLASS = "io.batchflux.cli.Main";
    private static final int EXIT_FAILURE = 1;
    private static final String DEFAULT_ACTION = "list";
    private static final Set<String> QUICK_ACTIONS = Set.of("list", "get", "cancel");
    /** Relaunched with the archive but the full JIT; the emulator, a long-lived server, always runs here. */
    private static final Set<String> LONG_ACTIONS = Set.of("create", "watch", "results", "run", "demo");

    private Launcher() {}

    public static void main(String[] args) {
        Optional<List<String>> child = childCommand(args);
        if (child.isPresent()) {
            Optional<Integer> code = runChild(child.get());
            if (code.isPresent()) {
                System.exit(code.get());
            }
        }
        Main.main(args);
    }

    private static Optional<List<String>> childCommand(String[] args) {
        if (System.getProperty(RELAUNCHED_PROPERTY) != null || "0".equals(System.getenv("BATCHFLUX_RELAUNCH"))) {
            return Optional.empty();
        }
        ProcessHandle.Info self = ProcessHandle.current().info();
        Optional<Path> jar = ownJar();
        if (self.command().isEmpty() || self.arguments().isEmpty() || jar.isEmpty()) {
            return Optional.empty();
        }
        return relaunchCommand(self.command().get(), Arrays.asList(self.arguments().get()), jar.get(),
                Arrays.asList(args));
    }

    /**
     * The child's command line, or empty when this invocation should run in-process.
     *
     * @param java the running JVM's executable
     * @param jvmArguments everything after the executable on this JVM's command line
     * @param jar the jar this class was loaded from
     * @param args the program arguments
     */
    static Optional<List<String>> relaunchCommand(String java, List<String> jvmArguments, Path jar, List<String> args) {
        // "<options> -jar <jar> <args...>"; options are carried over when they are only sizes and properties
        int jarAt = jvmArguments.size() - args.size() - 2;
        if (jarAt < 0 || !jvmArguments.get(jarAt).equals("-jar")
                || !jvmArguments.subList(jarAt + 2, jvmArguments.size()).equals(args)) {
            return Optional.empty();
        }
        List<String> userOptions = jvmArguments.subList(0, jarAt);
        if (!userOptions.stream().allMatch(Launcher::isCarriedOver)) {
            return Optional.empty();
        }
        Optional<String> action = action(args);
        boolean quick = action.map(QUICK_ACTIONS::contains).orElse(false);
        if (!quick && !action.map(LONG_ACTIONS::contains).orElse(false)) {
            return Optional.empty();
        }
        Path archive = jar.resolveSibling(ARCHIVE_NAME);
        if (!isUsableArchive(archive, jar)) {
            return Optional.empty();
        }
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(userOptions);
        command.addAll(List.of("-XX:SharedArchiveFile=" + archive,
                // an archive from another JDK build or jar is ignored silently, and the command still runs
                "-Xshare:auto", "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        if (quick) {
            // a sub-second process: C2 would compile nothing it gets to use, and one small heap needs no G1
            command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        }
        command.addAll(List.of("-D" + RELAUNCHED_PROPERTY + "=true", "-cp", jar.toString(), MAIN_CLASS));
        command.addAll(args);
        return Optional.of(command);
    }

    /**
     * Heap and stack sizes and system properties mean the same in the child. Anything else (agents, a debugger
     * port, GC or JIT choices, another archive) would clash with the relaunch or be changed by it.
     */
    private static boolean isCarriedOver(String option) {
        return option.startsWith("-D") || option.startsWith("-Xmx") || option.startsWith("-Xms")
                || option.startsWith("-Xss");
    }

    /**
     * The action named on the command line ({@code -action X}, {@code --action=X}, or a first bare word; no
     * arguments at all mean {@code list}), or empty when it cannot be told without the full parser.
     */
    static Optional<String> action(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if ((arg.equals("-action") || arg.equals("--action")) && i + 1 < args.size()) {
                return Optional.of(args.get(i + 1));
            }
            if (arg.startsWith("-action=") || arg.startsWith("--action=")) {
                return Optional.of(arg.substring(arg.indexOf('=') + 1));
            }
        }
        if (args.isEmpty()) {
            return Optional.of(DEFAULT_ACTION);
        }
        if (!args.get(0).startsWith("-")) {
            return Optional.of(args.get(0));
        }
        return Optional.empty();
    }

    private static boolean isUsableArchive(Path archive, Path jar) {
        try {
            // an archive older than the jar was made for another build of it
            return Files.isRegularFile(archive)
                    && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) >= 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<Path> ownJar() {
        try {
            CodeSource source = Launcher.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return Optional.empty();
            }
            Path location = Path.of(source.getLocation().toURI());
            return location.getFileName().toString().endsWith(".jar") && Files.isRegularFile(location)
                    ? Optional.of(location)
                    : Optional.empty();
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The child's exit code, or empty when it could not be started (then the command runs in-process). */
    private static Optional<Integer> runChild(List<String> command) {
        Process child;
        try {
            child = new ProcessBuilder(command).inheritIO().start();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        // SIGTERM or Ctrl-C on this JVM: the child ends too (Ctrl-C reaches both through the process group)
        Thread stopChild = new Thread(() -> {
            if (child.isAlive()) {
                child.destroy();
                try {
                    child.waitFor(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "batchflux-stop-child");
        Runtime.getRuntime().addShutdownHook(stopChild);
        try {
            return Optional.of(child.waitFor());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            child.destroy();
            return Optional.of(EXIT_FAILURE);
        }
    }
}
