package io.batchflux.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** The parts of {@code --help} that are generated: the action list, exit codes, examples; and the version. */
final class HelpText {
    private HelpText() {}

    static CommandLine configure(CommandLine commandLine) {
        List<String> footer = new ArrayList<>(List.of("%nActions:"));
        for (Action a : Action.values()) {
            footer.add(String.format("  %-9s %s", a.word(), a.summary()));
        }
        footer.addAll(List.of(
                "%nExit codes:",
                "  0  success (watch/run/demo: the batch completed)",
                "  1  runtime failure: server error, unknown batch id, rejected key, unreachable server, timeout",
                "  2  usage: bad flags, missing OPENAI_API_KEY, invalid request spec, missing file",
                "  3  watch/run/demo: the batch ended failed, expired or cancelled; results: the batch failed",
                "%nExamples:",
                "  java -jar batchflux.jar demo",
                "  java -jar batchflux.jar -action create -requests \"system: Be brief. || user: Hello /// user: Hi\"",
                "  java -jar batchflux.jar -action get -id batch_abc123",
                "  java -jar batchflux.jar run -file requests.txt --output results.jsonl",
                "  java -jar batchflux.jar emulator --port 8089",
                "%nThe demo action and --emulator use an in-process emulator and need no key; demo --real uses",
                "OPENAI_API_KEY and OPENAI_BASE_URL instead."));
        commandLine.getCommandSpec().usageMessage().footer(footer.toArray(String[]::new));
        commandLine.setUsageHelpAutoWidth(false);
        return commandLine;
    }

    /** The jar manifest's version, or the project version when the manifest has none. */
    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }
}
