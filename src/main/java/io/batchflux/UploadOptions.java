package io.batchflux;

import org.jspecify.annotations.Nullable;

/**
 * How a file is uploaded: its {@code purpose}, the {@code filename} sent in the multipart part, an optional
 * expiry, and whether the body is sent with a {@code Content-Length} (sized: the source is read twice, once to
 * count) instead of chunked. Immutable: every {@code with...} returns a copy.
 *
 * <p>Defaults: purpose {@code batch}, filename {@code batchinput.jsonl}, no expiry, chunked. The default filename
 * is sent with a tag of its own per upload ({@code batchinput-<12 hex digits>.jsonl}): a copy that an attempt
 * whose answer was lost may have stored is then told apart from every other file, and deleted. A filename of the
 * caller's choice is sent as given: an upload under it is not sent again after such a loss, and fails saying a copy
 * may be stored under that name.
 */
public record UploadOptions(String purpose, String filename, @Nullable ExpiresAfter expiresAfter, boolean sized) {
    /** The filename that is sent tagged per upload. */
    public static final String DEFAULT_FILENAME = "batchinput.jsonl";
    public static final UploadOptions DEFAULTS = new UploadOptions("batch", DEFAULT_FILENAME, null, false);

    public UploadOptions {
        requireToken(purpose, "purpose");
        requireToken(filename, "filename");
        if (filename.indexOf('"') >= 0 || filename.indexOf('\r') >= 0 || filename.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("filename must not contain quotes or line breaks: " + filename);
        }
    }

    /** The defaults: a chunked {@code purpose=batch} upload named {@code batchinput.jsonl}. */
    public static UploadOptions defaults() {
        return DEFAULTS;
    }

    public UploadOptions withPurpose(String purpose) {
        return new UploadOptions(purpose, filename, expiresAfter, sized);
    }

    public UploadOptions withFilename(String filename) {
        return new UploadOptions(purpose, filename, expiresAfter, sized);
    }

    public UploadOptions withExpiresAfter(@Nullable ExpiresAfter expiresAfter) {
        return new UploadOptions(purpose, filename, expiresAfter, sized);
    }

    /** Send a {@code Content-Length} (for servers or proxies that refuse chunked bodies). */
    public UploadOptions withSized(boolean sized) {
        return new UploadOptions(purpose, filename, expiresAfter, sized);
    }

    private static void requireToken(@Nullable String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
