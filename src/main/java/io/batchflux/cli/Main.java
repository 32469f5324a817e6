package io.batchflux.cli;

import io.batchflux.json.WireJson;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import reactor.netty.http.HttpResources;
import reactor.util.Loggers;

/**
 * The {@code batchflux} command: {@code java -jar batchflux.jar -action create -requests "user: Hello"}.
 *
 * <p>Runs one action and exits with {@link #EXIT_OK} (0), {@link #EXIT_FAILURE} (1: the server or the network
 * failed, or a timeout), {@link #EXIT_USAGE} (2: wrong flags, missing key, invalid request spec, missing file,
 * input too large for a batch; nothing was stored: an upload in progress is aborted before its end) or {@link
 * #EXIT_NOT_COMPLETED} (3: a watched batch ended {@code failed}, {@code expired} or {@code cancelled}, or the results
 * of a failed one were asked). Errors are one {@code ❌ <message>} line on stderr that never contains the API key.
 *
 * <p>Tests run it in-process: {@code new Main(env::get, out, err, false).run(args)}.
 */
public final class Main {
    /** Success. */
    public static final int EXIT_OK = 0;
    /** A runtime failure: the server answered with an error, was unreachable, or watching timed out. */
    public static final int EXIT_FAILURE = 1;
    /** The invocation was wrong (flags, environment, request input); nothing was stored. */
    public static final int EXIT_USAGE = 2;
    /** A watched or run batch ended in a terminal status other than {@code completed}. */
    public static final int EXIT_NOT_COMPLETED = 3;
    /** The flags that print and exit without reaching a server. */
    private static final Set<String> HELP_OR_VERSION = Stream.concat(Arrays.stream(CliOptions.HELP_NAMES),
            Stream.of(CliOptions.VERSION_NAME)).collect(Collectors.toUnmodifiableSet());

    private final Function<String, @Nullable String> env;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean interactive;

    /**
     * A command reading its environment through {@code env} and printing to {@code out} and {@code err}.
     *
     * @param interactive whether stdout is a terminal, so progress may be redrawn in place
     */
    public Main(Function<String, @Nullable String> env, PrintStream out, PrintStream err, boolean interactive) {
        this.env = env;
        this.out = out;
        this.err = err;
        this.interactive = interactive;
    }

    /** Runs the command with the process environment and streams, then exits with its code. */
    public static void main(String[] args) {
        // first, before any Reactor class makes its logger: without SLF4J, Reactor logs to the console, not JUL,
        // and its warnings (a body aborted on bad input) would put a stack trace above the one ❌ line
        Loggers.useJdkLoggers();
        // Netty's allocator announces itself to JFR (a quarter second of JFR set-up per run) unless told not to;
        // a short command has no use for it. -Dio.netty.jfr.enabled=true still turns it on.
        if (System.getProperty("io.netty.jfr.enabled") == null) {
            System.setProperty("io.netty.jfr.enabled", "false");
        }
        if (System.getProperty(Launcher.RELAUNCHED_PROPERTY) != null) {
            // run by Launcher: if that JVM is killed outright (kill -9, an IDE's stop button), stop too rather than
            // go on as a hidden process still working against the API
            ProcessHandle.current().parent().ifPresent(parent -> parent.onExit()
                    .thenRun(() -> Runtime.getRuntime().halt(EXIT_FAILURE)));
        }
        // UTF-8 whatever the platform charset: the emoji must survive a C/POSIX locale
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        decoderWarmUpAction(args, System::getenv).ifPresent(Main::startDecoderWarmUp);
        InterruptNote.install(err);
        int code = new Main(System::getenv, out, err, System.console() != null).run(args);
        InterruptNote.clear(); // returned: whatever it said, it said itself
        out.flush();
        err.flush();
        stopEventLoops();
        System.exit(code);
    }

    /**
     * The action whose first responses' decoders are worth building ahead, told from the raw arguments before the
     * flags are parsed: none for help or the version, and none when no server is in reach (neither a key nor an
     * emulator of its own), so that the commonest early failure does not share its CPU with the warm-up.
     */
    static Optional<Action> decoderWarmUpAction(String[] args, Function<String, @Nullable String> env) {
        List<String> arguments = Arrays.asList(args);
        // each flag in both spellings, as the parser takes them (CliOptions.withGoStyleDashes)
        if (arguments.stream().anyMatch(a -> HELP_OR_VERSION.contains(a.toLowerCase(Locale.ROOT))
                || HELP_OR_VERSION.contains("-" + a.toLowerCase(Locale.ROOT)))) {
            return Optional.empty();
        }
        Optional<Action> action = Launcher.action(arguments).flatMap(Action::find);
        String key = env.apply("OPENAI_API_KEY");
        boolean ownEmulator = arguments.contains("--emulator") || arguments.contains("-emulator")
                || (action.equals(Optional.of(Action.DEMO)) && !arguments.contains("--real")
                        && !arguments.contains("-real"));
        return ownEmulator || (key != null && !key.isBlank()) ? action : Optional.empty();
    }

    /**
     * Builds and exercises the JSON decoders of the action's first responses on a spare thread while this one
     * parses the flags, creates the client and connects: done on first use they cost 10-70 ms on the critical
     * path, for {@code create} right after the upload ends (benchmarks/README.md, "D4"). A failure here is ignored:
     * the first real response meets the same problem and reports it.
     */
    private static void startDecoderWarmUp(Action action) {
        Class<?>[] types = action.firstResponses().toArray(Class<?>[]::new);
        if (types.length == 0) {
            return;
        }
        Runnable warmUp = () -> {
            try {
                WireJson.warmUp(types);
            } catch (Throwable ignored) {
                // nothing may reach stderr from here; see above
            }
        };
        // its own 1 MiB stack: an -Xss passed to the JVM must not make Jackson's reflection overflow here and leave
        // a half-initialized class behind for the real decode
        Thread thread = new Thread(null, warmUp, "batchflux-warm-up", 1 << 20);
        thread.setDaemon(true); // never holds up the exit
        thread.start();
    }

    /**
     * Stops Netty's shared event loops before the JVM exits. HotSpot's exit waits up to 300 ms for every thread
     * that is in native code, and an idle event loop sits in {@code epoll_wait}: without this every command would
     * end with a 300 ms pause. Nothing is in flight any more (the command has returned), so no quiet period.
     */
    private static void stopEventLoops() {
        try {
            HttpResources.disposeLoopsAndConnectionsLater(Duration.ZERO, Duration.ofMillis(200))
                    .block(Duration.ofSeconds(1));
        } catch (RuntimeException ignored) {
            // exiting anyway: at worst the JVM waits its 300 ms
        }
    }

    /** Parses {@code args}, runs the action and returns the exit code; never throws, never calls exit. */
    public int run(String... args) {
        CommandLine commandLine = HelpText.configure(new CommandLine(CliOptions.spec()));
        CliOptions options;
        try {
            options = CliOptions.from(commandLine.parseArgs(CliOptions.withGoStyleDashes(args,
                    commandLine.getCommandSpec())));
        } catch (CommandLine.ParameterException e) {
            err.println(ErrorReporter.errorLine(String.valueOf(e.getMessage())));
            err.println("   Run with --help to see every action and flag.");
            return EXIT_USAGE;
        }
        if (options.help) {
            commandLine.usage(out);
            return EXIT_OK;
        }
        if (options.version) {
            out.println("batchflux " + HelpText.version());
            return EXIT_OK;
        }
        quietLogging(options.verbose);
        Action action;
        try {
            action = options.action();
        } catch (UsageException e) {
            if (!options.json) {
                // as the original: the configuration first, with the action as given, then what is wrong with it
                new BatchPrinter(out).header(options.model, options.actionAsGiven());
            }
            out.flush();
            err.println(ErrorReporter.errorLine(String.valueOf(e.getMessage())));
            return EXIT_USAGE;
        }
        try (Session session = new Session(options, action, env, out, err, interactive)) {
            ErrorReporter reporter = new ErrorReporter(session::redact,
                    options.noShard && !RequestSource.readsOnce(options));
            try {
                new BatchPrinter(session.human()).header(options.model, action);
                return dispatch(action, session);
            } catch (RuntimeException | Error e) {
                out.flush();
                err.println(reporter.line(e));
                if (options.verbose) {
                    e.printStackTrace(err);
                }
                return reporter.exitCode(e);
            }
        }
    }

    private static int dispatch(Action action, Session session) {
        return switch (action) {
            case CREATE -> BatchCommands.create(session);
            case GET -> BatchCommands.get(session);
            case CANCEL -> BatchCommands.cancel(session);
            case LIST -> BatchCommands.list(session);
            case WATCH -> WatchCommand.run(session);
            case RESULTS -> ResultsCommand.run(session);
            case RUN -> RunCommand.run(session);
            case DEMO -> Demo.run(session);
            case EMULATOR -> EmulatorCommand.run(session);
        };
    }

    /**
     * Netty and Reactor log through JUL here (Reactor because {@link #main} told it to); their warnings would break
     * the one-line error contract.
     */
    private static void quietLogging(boolean verbose) {
        Logger root = Logger.getLogger("");
        Level level = verbose ? Level.INFO : Level.OFF;
        root.setLevel(level);
        for (Handler handler : root.getHandlers()) {
            handler.setLevel(level);
        }
    }
}
