package io.batchflux.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The jar's entry point. It re-runs the command in a child JVM that maps the class-data archive the build leaves
 * beside the jar ({@code batchflux.jsa}, AppCDS), so the few thousand classes of Netty, Reactor, Jackson and
 * picocli are neither parsed nor verified again: for the quick actions ({@code list},
 * {@code cancel}) also with C1 only and the serial collector, which suit a sub-second process; for {@code get},
 * {@code create}, {@code watch}, {@code results}, {@code run} and {@code demo} with the full JIT ({@code create} and
 * {@code run}, which stream a file into an upload, with higher C2 thresholds and ParallelGC). Every other case
 * (the {@code emulator}, help, an action it cannot tell) runs {@link Main} in this JVM.
 *
 * <p>It relaunches only when nothing would be lost: the JVM options given before {@code -jar} are at most heap
 * (under 32 GiB) and stack sizes and {@code -D} properties (they are passed on), none come from {@code
 * JAVA_TOOL_OPTIONS}, {@code JDK_JAVA_OPTIONS} or {@code _JAVA_OPTIONS}, the archive was made by this JDK from this
 * jar as it is now (path, size, time stamp), and {@code BATCHFLUX_RELAUNCH} is not {@code 0}. The child ends
 * itself when this JVM dies (see {@link Main#main}). The child inherits standard input, output, error and the
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
    /** Written by the training run beside the archive: which jar and JVM made it (see {@link #archiveRecord}). */
    static final String ARCHIVE_JAR_NAME = "batchflux.jsa.jar-path";
    /** Set on the training run (by the build): where to write {@link #ARCHIVE_JAR_NAME}. */
    static final String RECORD_JAR_PROPERTY = "batchflux.archive.record-jar";
    private static final Set<String> QUICK_ACTIONS = Set.of("list", "cancel");
    /**
     * Relaunched with the archive but the full JIT ({@code get} too: it downloads and parses the output file); the
     * emulator, a long-lived server, always runs here.
     */
    private static final Set<String> LONG_ACTIONS = Set.of("get", "create", "watch", "results", "run", "demo");
    /** The long actions that stream a request file into an upload. */
    private static final Set<String> UPLOAD_ACTIONS = Set.of("create", "run");
    /**
     * For the upload actions: C2 compiles only what runs 20,000 times (default 5,000) or loops 200,000 times, and
     * ParallelGC's simpler barriers replace G1's. A process of a few seconds spent most of its CPU compiling
     * methods that were merely warm, CPU the upload (and a server on the same machine) could use: create of a
     * 200 MB spec, 3 runs each, 2.94-3.11 s with these vs 3.30 s without (benchmarks/README.md, "B3").
     */
    static final List<String> UPLOAD_JVM_OPTIONS = List.of("-XX:Tier4InvocationThreshold=20000",
            "-XX:Tier4CompileThreshold=30000", "-XX:Tier4BackEdgeThreshold=200000", "-XX:+UseParallelGC");
    /** JVM options from these reach every JVM started with this environment: the child would get them twice. */
    static final List<String> OPTION_VARIABLES = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");

    private Launcher() {}

    public static void main(String[] args) {
        recordJarIfTraining();
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
        for (String variable : OPTION_VARIABLES) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                // e.g. a GC choice would clash with the child's, a debugger port would be taken twice
                return Optional.empty();
            }
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
                || !jvmArguments.subList(jarAt + 2, jvmArguments.size()).equals(args)
                || !isSameFile(jvmArguments.get(jarAt + 1), jar)) {
            return Optional.empty();
        }
        List<String> userOptions = jvmArguments.subList(0, jarAt);
        if (!userOptions.stream().allMatch(Launcher::isCarriedOver)
                || userOptions.stream().anyMatch(Launcher::turnsOffCompressedOops)) {
            return Optional.empty();
        }
        if (namesOwnDescriptor(args) || args.stream().anyMatch(arg -> arg.startsWith("@"))) {
            // the child inherits only standard input, output and error; an argument file could name another
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
        } else if (action.map(UPLOAD_ACTIONS::contains).orElse(false)) {
            command.addAll(UPLOAD_JVM_OPTIONS);
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
     * A heap of 32 GiB or more: the JVM then addresses objects without compressed pointers, and the archive, dumped
     * with them, does not map at all.
     */
    static boolean turnsOffCompressedOops(String option) {
        if (!option.startsWith("-Xmx")) {
            return false;
        }
        String size = option.substring(4).toLowerCase(Locale.ROOT);
        long unit = 1;
        if (!size.isEmpty() && "kmgt".indexOf(size.charAt(size.length() - 1)) >= 0) {
            unit = 1L << (10 * (1 + "kmgt".indexOf(size.charAt(size.length() - 1))));
            size = size.substring(0, size.length() - 1);
        }
        try {
            return Long.parseLong(size) >= (32L << 30) / unit;
        } catch (NumberFormatException e) {
            return true; // not a size this check understands: the JVM will say what is wrong, in-process
        }
    }

    /**
     * The action named on the command line ({@code -action X}, {@code --action=X}, or a first bare word; no
     * arguments at all mean {@code list}), or empty when it cannot be told without the full parser.
     */
    static Optional<String> action(List<String> args) {
        Optional<String> flag = flagValue(args, "action");
        if (flag.isPresent()) {
            return flag.map(word -> word.toLowerCase(Locale.ROOT));
        }
        if (args.isEmpty()) {
            return Optional.of(DEFAULT_ACTION);
        }
        if (!args.get(0).startsWith("-")) {
            return Optional.of(args.get(0).toLowerCase(Locale.ROOT));
        }
        return Optional.empty();
    }

    /**
     * Whether a {@code -file} names one of this process's own file descriptors other than standard input, such as a
     * shell's process substitution ({@code -file <(zcat requests.txt.gz)} passes {@code /dev/fd/63}): a child JVM
     * would not have it open.
     */
    static boolean namesOwnDescriptor(List<String> args) {
        return flagValue(args, "file")
                .filter(file -> file.startsWith("/dev/fd/") || file.startsWith("/proc/self/fd/"))
                .filter(file -> !file.endsWith("/0"))
                .isPresent();
    }

    /** The value of the first {@code -name} or {@code --name} flag, given as the next argument or after {@code =}. */
    private static Optional<String> flagValue(List<String> args, String name) {
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if ((arg.equals("-" + name) || arg.equals("--" + name)) && i + 1 < args.size()) {
                return Optional.of(args.get(i + 1));
            }
            if (arg.startsWith("-" + name + "=") || arg.startsWith("--" + name + "=")) {
                return Optional.of(arg.substring(arg.indexOf('=') + 1));
            }
        }
        return Optional.empty();
    }

    /**
     * Whether the archive was made from this very jar by this very JVM: not older than the jar (else it was made for
     * another build), and recorded for the jar's real path, size and time stamp and for this JVM. The JVM ignores an
     * archive whose jar moved or changed or that another JDK build made, and then, the archive being a static one,
     * shares no classes at all: the relaunch would only cost.
     */
    static boolean isUsableArchive(Path archive, Path jar) {
        try {
            Path recorded = archive.resolveSibling(ARCHIVE_JAR_NAME);
            return Files.isRegularFile(archive) && Files.isRegularFile(recorded)
                    && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) >= 0
                    && Files.readString(recorded, StandardCharsets.UTF_8).strip().equals(archiveRecord(jar));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * What the training run records beside the archive made from {@code jar} by this JVM: the jar's real path, its
     * size and modification time (which the JVM checks too: a jar replaced by one with an older time stamp is
     * caught), and the JVM.
     */
    static String archiveRecord(Path jar) throws IOException {
        return jar.toRealPath() + "\n" + Files.size(jar) + " " + Files.getLastModifiedTime(jar).toMillis() + "\n"
                + System.getProperty("java.home") + " " + System.getProperty("java.vm.version");
    }

    private static boolean isSameFile(String jarArgument, Path jar) {
        try {
            return Files.isSameFile(Path.of(jarArgument), jar);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The build's training run notes which jar its archive belongs to. */
    private static void recordJarIfTraining() {
        String record = System.getProperty(RECORD_JAR_PROPERTY);
        if (record == null) {
            return;
        }
        try {
            Path jar = ownJar().orElseThrow(() -> new IOException("not running from a jar"));
            Files.writeString(Path.of(record), archiveRecord(jar), StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.err.println("batchflux: cannot record the archive's jar in " + record + ": " + e);
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
        AtomicReference<@Nullable Process> started = new AtomicReference<>();
        // SIGTERM or Ctrl-C on this JVM: the child ends too (Ctrl-C reaches both through the process group).
        // Registered before the start, so that no signal falls between the two.
        Thread stopChild = new Thread(() -> stop(started.get()), "batchflux-stop-child");
        try {
            Runtime.getRuntime().addShutdownHook(stopChild);
        } catch (IllegalStateException shuttingDown) {
            return Optional.of(EXIT_FAILURE);
        }
        Process child;
        try {
            child = new ProcessBuilder(command).inheritIO().start();
            started.set(child);
        } catch (IOException | RuntimeException e) {
            Runtime.getRuntime().removeShutdownHook(stopChild);
            return Optional.empty();
        }
        try {
            return Optional.of(child.waitFor());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(child);
            return Optional.of(EXIT_FAILURE);
        }
    }

    /** Asks the child to end, and makes it end if it has not within 30 s. */
    private static void stop(@Nullable Process child) {
        if (child == null || !child.isAlive()) {
            return;
        }
        child.destroy();
        try {
            if (!child.waitFor(30, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            child.destroyForcibly();
        }
    }
}
