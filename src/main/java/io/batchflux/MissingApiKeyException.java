package io.batchflux;

/** No API key is configured; signalled by every call before any I/O. */
public class MissingApiKeyException extends BatchfluxException {
    private static final long serialVersionUID = 1L;

    public MissingApiKeyException() {
        super("OPENAI_API_KEY is not set: export OPENAI_API_KEY=sk-... (or pass BatchClientOptions.builder()"
                + ".apiKey(...)); any non-empty value works for the embedded emulator");
    }
}
