package io.batchflux.cli;

import io.batchflux.Batch;
import io.batchflux.BatchRequest;
import io.batchflux.BatchResult;
import io.batchflux.emulator.BatchEmulator;
import io.batchflux.emulator.EmulatorOptions;
import io.batchflux.spec.RequestSpecParser;
import io.batchflux.spec.SpecOptions;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import reactor.core.publisher.Flux;

/**
 * {@code demo}: the whole story (create, watch, results) on built-in example requests against an in-process
 * emulator, so it works on a fresh machine without key or network. {@code --real} sends them to the server of
 * {@code OPENAI_API_KEY}/{@code OPENAI_BASE_URL} instead.
 */
final class Demo {
    /** The README's two requests and a few more; the last asks the emulator to fail it with HTTP 400. */
    static final String REQUESTS = "system: You are a helpful assistant. || user: Hello"
            + " /// system: You are a helpful assistant. || user: How are you?"
            + " /// user: Summarise the Batch API in one sentence."
            + " /// system: Answer in French. || user: Good morning: how is the weather?"
            + " /// user: This request fails on purpose [[fail:400]]";

    /** Slow enough to watch the progress, quick enough to finish in about two seconds. */
    static EmulatorOptions timings() {
        return EmulatorOptions.defaults()
                .withValidationDelay(Duration.ofMillis(300))
                .withPerRequestDelay(Duration.ofMillis(40))
                .withFinalizingDelay(Duration.ofMillis(300));
    }

    private Demo() {}

    static int run(Session s) {
        if (!s.options.real) {
            s.useEmulator(timings());
        }
        PrintStream human = s.human();
        Flux<BatchRequest> requests = RequestSpecParser.create(SpecOptions.defaults().withModel(s.options.model)
                .withEndpoint(s.options.endpoint)).parse(REQUESTS);
        BatchEmulator emulator = s.emulator();
        if (emulator != null) {
            human.println("🧪 Demo against an in-process Batch API emulator at " + emulator.baseUrl());
            human.println("   No API key or network needed; answers are \"echo: <last user message>\".");
        } else {
            human.println("🧪 Demo against " + s.client().options().baseUrl());
        }
        human.println("   Submitting 5 example requests; the last one asks for a failure with [[fail:400]].");
        human.println();

        List<BatchResult> results = new ArrayList<>();
        Batch last;
        ResultTally tally = new ResultTally();
        boolean jsonl = s.options.json || s.options.output != null;
        try (ResultLineWriter writer = jsonl ? ResultLineWriter.open(s.options.output, s.out) : null) {
            last = RunCommand.execute(s, requests, r -> {
                tally.add(r);
                if (writer != null) {
                    writer.write(r);
                } else {
                    results.add(r);
                }
            });
            if (writer != null) {
                writer.complete();
            }
        }
        if (!results.isEmpty()) {
            human.println();
            human.println("📥 Results:");
            ResultTextPrinter printer = new ResultTextPrinter(human);
            results.stream().sorted(Comparator.comparing(BatchResult::customId)).forEach(printer::print);
        }
        human.println(tally.summary());
        return Outcome.report(s, last);
    }
}
