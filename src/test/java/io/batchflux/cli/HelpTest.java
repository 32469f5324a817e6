package io.batchflux.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --help}, {@code --version} and the parsing of flags that need no server. */
class HelpTest {

    @Test
    void helpListsEveryActionEveryFlagAndTheDefaults() {
        CliHarness.Run run = CliHarness.run(Map.of(), "--help");
        assertEquals(0, run.code());
        String help = run.out();
        for (Action action : Action.values()) {
            assertTrue(help.contains("  " + action.word() + " "), "action " + action.word());
        }
        for (String flag : List.of("-action", "-model", "-requests", "-file", "-id", "-after", "-limit", "--json",
                "--output", "--endpoint", "--poll-interval", "--timeout", "--port", "--emulator", "--real",
                "--verbose", "--help", "--version")) {
            assertTrue(help.contains(flag), "flag " + flag);
        }
        for (String fact : List.of("Default: gpt-4o-mini", "Default: 5", "Default: /v1/chat/completions",
                "Default: 8089", "(default: list)", "0  success", "2  usage", "3  watch/run/demo")) {
            assertTrue(help.contains(fact), fact + " in\n" + help);
        }
        assertEquals("", run.err());
    }

    @Test
    void versionPrintsTheVersion() {
        CliHarness.Run run = CliHarness.run(Map.of(), "--version");
        assertEquals(0, run.code());
        assertTrue(run.out().startsWith("batchflux "), run.out());
    }

    @Test
    void actionMayBeAFirstWordOrAFlagButNotTwoDifferentOnes() {
        CliOptions word = parse("demo", "--port", "9");
        assertEquals(Action.DEMO, word.action());
        assertEquals(Action.CREATE, parse("-action=create").action());
        assertEquals(Action.GET, parse("--action", "get").action());
        assertEquals(Action.LIST, parse().action());
        assertThrows(UsageException.class, () -> parse("demo", "-action", "list").action());
    }

    @Test
    void flagsAndValuesParseToTheirTypesWithDefaultsOtherwise() {
        CliOptions defaults = parse();
        assertEquals(CliOptions.DEFAULT_MODEL, defaults.model);
        assertEquals(CliOptions.DEFAULT_LIMIT, defaults.limit);
        assertEquals(CliOptions.DEFAULT_MAX_BYTES, defaults.maxBytes);
        assertEquals("", defaults.file);
        assertEquals(null, defaults.output);
        assertEquals(false, defaults.json);

        CliOptions given = parse("-model=m", "-limit", "7", "--max-requests", "3", "--output", "out.jsonl",
                "--poll-interval", "2s", "--json", "--no-shard=true", "--verbose=false", "--emulator", "--real");
        assertEquals("m", given.model);
        assertEquals(7, given.limit);
        assertEquals(3, given.maxRequests);
        assertEquals(java.nio.file.Path.of("out.jsonl"), given.output);
        assertEquals(Duration.ofSeconds(2), given.pollInterval);
        assertTrue(given.json && given.noShard && given.emulator && given.real);
        assertEquals(false, given.verbose, "--verbose=false, as picocli's annotated booleans accepted");
    }

    @Test
    void decodersAreWarmedOnlyWhenAServerIsInReach() {
        Map<String, String> key = Map.of("OPENAI_API_KEY", "sk-test");
        Map<String, String> none = Map.of();
        assertEquals(java.util.Optional.of(Action.CREATE),
                Main.decoderWarmUpAction(new String[] {"-action", "create", "-file", "f"}, key::get));
        assertEquals(java.util.Optional.empty(),
                Main.decoderWarmUpAction(new String[] {"-action", "create", "-file", "f"}, none::get), "no key");
        assertEquals(java.util.Optional.of(Action.DEMO), Main.decoderWarmUpAction(new String[] {"demo"}, none::get));
        assertEquals(java.util.Optional.empty(),
                Main.decoderWarmUpAction(new String[] {"demo", "--real"}, none::get));
        assertEquals(java.util.Optional.of(Action.LIST),
                Main.decoderWarmUpAction(new String[] {"list", "--emulator"}, none::get));
        assertEquals(java.util.Optional.empty(), Main.decoderWarmUpAction(new String[] {"list", "--HELP"}, key::get));
        assertEquals(java.util.Optional.of(Action.LIST),
                Main.decoderWarmUpAction(new String[] {"list", "-emulator"}, none::get), "one dash as well");
        assertEquals(java.util.Optional.empty(), Main.decoderWarmUpAction(new String[] {"demo", "-real"}, none::get));
        assertEquals(java.util.Optional.empty(), Main.decoderWarmUpAction(new String[] {"list", "-version"}, key::get));
        assertEquals(List.of(), Action.EMULATOR.firstResponses(), "the emulator reads no responses");
    }

    @Test
    void durationsAcceptShortAndIsoSpellings() {
        DurationConverter c = new DurationConverter();
        assertEquals(Duration.ofMillis(500), c.convert("500ms"));
        assertEquals(Duration.ofSeconds(2), c.convert("2s"));
        assertEquals(Duration.ofSeconds(3), c.convert("3"));
        assertEquals(Duration.ofMinutes(5), c.convert("5m"));
        assertEquals(Duration.ofSeconds(90), c.convert("PT1M30S"));
        assertThrows(CommandLine.TypeConversionException.class, () -> c.convert("soon"));
        assertThrows(CommandLine.TypeConversionException.class, () -> c.convert("0s"));
    }

    @Test
    void badDurationIsAUsageError() {
        CliHarness.Run run = CliHarness.run(Map.of(), "watch", "-id", "b", "--timeout", "soon");
        assertEquals(Main.EXIT_USAGE, run.code());
        assertTrue(run.err().startsWith("❌ "), run.err());
        assertTrue(run.err().contains("'soon' is not a duration"), run.err());
    }

    @Test
    void everyFlagTakesOneDashOrTwoAsGoFlagsDo() {
        CliOptions one = goStyle("-json", "-timeout=5s", "-poll-interval", "1s", "-no-shard", "-max-requests=5",
                "-endpoint", "/v1/embeddings", "-output=o.jsonl", "-emulator", "-port=9", "-verbose", "-real");
        CliOptions two = parse("--json", "--timeout=5s", "--poll-interval", "1s", "--no-shard", "--max-requests=5",
                "--endpoint", "/v1/embeddings", "--output=o.jsonl", "--emulator", "--port=9", "--verbose", "--real");
        assertEquals(List.of(two.json, two.timeout, two.pollInterval, two.noShard, two.maxRequests, two.endpoint,
                two.output, two.emulator, two.port, two.verbose, two.real), List.of(one.json, one.timeout,
                one.pollInterval, one.noShard, one.maxRequests, one.endpoint, one.output, one.emulator, one.port,
                one.verbose, one.real));
        assertEquals(Duration.ofSeconds(5), one.timeout);
        assertTrue(new CommandLine(CliOptions.spec()).parseArgs(
                CliOptions.withGoStyleDashes(new String[] {"-version"}, CliOptions.spec())).isVersionHelpRequested());
    }

    @Test
    void aValueThatLooksLikeAFlagIsLeftAlone() {
        assertEquals("-json", goStyle("-requests", "-json").requests);
        assertEquals("-json", goStyle("--after=x", "-id", "-json").id);
        assertEquals(List.of("create", "--", "-json"), List.of(CliOptions.withGoStyleDashes(
                new String[] {"create", "--", "-json"}, CliOptions.spec())));
        assertThrows(CommandLine.UnmatchedArgumentException.class, () -> goStyle("-jsn"));
    }

    private static CliOptions goStyle(String... args) {
        return parse(CliOptions.withGoStyleDashes(args, CliOptions.spec()));
    }

    private static CliOptions parse(String... args) {
        return CliOptions.from(new CommandLine(CliOptions.spec()).parseArgs(args));
    }
}
