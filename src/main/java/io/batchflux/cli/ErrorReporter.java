package io.batchflux.cli;

import io.batchflux.BatchApiException;
import io.batchflux.BatchTimeoutException;
import io.batchflux.BatchTransportException;
import io.batchflux.BatchfluxException;
import io.batchflux.MissingApiKeyException;
import io.batchflux.NoRequestsException;
import io.batchflux.RequestSpecException;
import io.batchflux.http.NotReplayableException;
import io.batchflux.json.ControlCharacters;
import io.batchflux.jsonl.EncodeLimitException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.UnaryOperator;
import reactor.core.Exceptions;

/**
 * Turns any failure into the one line the user sees ({@code ❌ <message>}, without the API key) and the exit code:
 * {@link Main#EXIT_USAGE} for what the command line or input got wrong before anything was stored (an input too
 * large for a batch included),
 * {@link Main#EXIT_FAILURE} for what went wrong talking to the server.
 */
final class ErrorReporter {
    private final UnaryOperator<String> redact;
    private final boolean noShard;

    /**
     * @param redact hides the API key in every message
     * @param noShard whether {@code --no-shard} was given (for an input that could be split into a job): an input
     *     too large for one batch then says how to split it
     */
    ErrorReporter(UnaryOperator<String> redact, boolean noShard) {
        this.redact = redact;
        this.noShard = noShard;
    }

    /** The line to print, starting with {@code ❌ }. */
    String line(Throwable failure) {
        Throwable t = unwrap(failure);
        String hint = noShard && t instanceof EncodeLimitException tooMany && tooMany.fitsSeveralBatches()
                ? "; without --no-shard, create and run split it themselves"
                : t instanceof RequestSpecException spec && spec.reason().contains("than the limit of")
                        ? "; --max-request-bytes raises the limit" : "";
        return errorLine(redact.apply(describe(t) + hint));
    }

    /**
     * {@code ❌ message} as one line, whatever a server or an input put into the message, and without terminal escape
     * sequences from either. Every {@code ❌} line of the CLI is made here.
     */
    static String errorLine(String message) {
        return "❌ " + ControlCharacters.escape(message);
    }

    /** {@code ⚠️  message} as one line, escaped as {@link #errorLine} escapes: a warning may quote a server too. */
    static String warningLine(String message) {
        return "⚠️  " + ControlCharacters.escape(message);
    }

    int exitCode(Throwable failure) {
        Throwable t = unwrap(failure);
        return t instanceof UsageException || t instanceof RequestSpecException || t instanceof MissingApiKeyException
                || t instanceof NoRequestsException || t instanceof EncodeLimitException || isMissingFile(t)
                ? Main.EXIT_USAGE : Main.EXIT_FAILURE;
    }

    private static String describe(Throwable t) {
        if (t instanceof BatchApiException api) {
            if (api.isAuthenticationError()) {
                return "the server rejected the API key (HTTP " + api.statusCode() + " on " + api.call()
                        + "): check OPENAI_API_KEY" + serverSays(api);
            }
            if (api.call().startsWith("POST /files")) {
                return "upload failed: " + api.getMessage();
            }
            return api.getMessage();
        }
        if (t instanceof BatchTimeoutException) {
            return "timed out: " + t.getMessage();
        }
        if (t instanceof BatchTransportException) {
            return "server unreachable: " + t.getMessage();
        }
        if (t instanceof BatchfluxException || t instanceof UsageException) {
            return String.valueOf(t.getMessage());
        }
        if (t instanceof UncheckedIOException) {
            return String.valueOf(t.getMessage());
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    private static String serverSays(BatchApiException api) {
        String message = api.serverMessage();
        return message == null || message.isBlank() ? "" : " (server: " + message + ")";
    }

    private static boolean isMissingFile(Throwable t) {
        return t instanceof BatchfluxException && String.valueOf(t.getMessage()).startsWith("request file not found");
    }

    private static Throwable unwrap(Throwable failure) {
        // block() wraps checked exceptions in a reactive wrapper the user should not see
        Throwable t = Exceptions.unwrap(failure);
        // Reactor Netty reports a body's error to the connection observer too and may hand back both as one
        // "Multiple exceptions" (the same exception twice, for a shard's request too large): the first one says it
        List<Throwable> all = Exceptions.isMultiple(t) ? Exceptions.unwrapMultiple(t) : List.of();
        if (!all.isEmpty()) {
            return unwrap(all.get(0));
        }
        // the CLI's upload streams its input once: why it was not sent again is the library's concern, the cause
        // is the user's
        return t instanceof NotReplayableException && t.getCause() != null ? unwrap(t.getCause()) : t;
    }
}
