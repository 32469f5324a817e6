package io.batchflux.cli;

import io.batchflux.Batch;
import io.batchflux.BatchPage;
import io.batchflux.FileObject;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The actions of the tool, as typed after {@code -action} or as the first word. */
enum Action {
    CREATE("upload the requests of -requests or -file and create a batch"),
    GET("show a batch; download and parse its output file"),
    CANCEL("ask the server to cancel a batch"),
    LIST("list batches, newest first (-limit, -after)"),
    WATCH("follow a batch until it ends, with a progress line"),
    RESULTS("write a batch's per-request results as JSONL (--output)"),
    RUN("create, watch and fetch results in one go"),
    DEMO("run example requests against an in-process emulator; needs no key or network"),
    EMULATOR("serve the Batch API emulator on 127.0.0.1 (--port) until Ctrl-C");

    private final String summary;

    Action(String summary) {
        this.summary = summary;
    }

    /** The name users type: {@code create}, {@code get}, ... */
    String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    String summary() {
        return summary;
    }

    /** The wire types of the first responses this action reads. */
    List<Class<?>> firstResponses() {
        return switch (this) {
            case CREATE, RUN, DEMO -> List.of(FileObject.class, Batch.class);
            case GET, CANCEL, WATCH, RESULTS -> List.of(Batch.class);
            case LIST -> List.of(BatchPage.class);
            case EMULATOR -> List.of();
        };
    }

    /** The action for a typed word, or a usage error listing the valid ones. */
    static Action parse(String word) {
        return find(word).orElseThrow(
                () -> new UsageException("unknown action '" + word + "': use one of " + words()));
    }

    /** The action for a typed word, if there is one. */
    static Optional<Action> find(String word) {
        for (Action a : values()) {
            if (a.word().equalsIgnoreCase(word.trim())) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    static String words() {
        return Arrays.stream(values()).map(Action::word).collect(Collectors.joining(", "));
    }
}
