package io.batchflux.emulator;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The state of one {@code POST /files} upload: the parser, the form fields seen so far and the temporary file the
 * {@code file} part streams into. Every method blocks on the disk and is synchronized, so an abort arriving from
 * another thread waits for the write in progress instead of racing it.
 */
final class UploadInProgress implements MultipartStreamParser.Listener {

    private static final int MAX_FIELD_BYTES = 64 * 1024;
    /** All the form fields of one upload together: the form has two small ones, and a body of thousands of fields
     * must not fill the heap. */
    private static final int MAX_FIELDS_BYTES = 256 * 1024;
    private static final int MAX_FIELDS = 16;
    private static final long MIN_EXPIRY_SECONDS = 3600;
    private static final long MAX_EXPIRY_SECONDS = 2_592_000;

    /** The purposes of OpenAI's {@code CreateFileRequest}. */
    private static final java.util.List<String> PURPOSES = java.util.List.of("assistants", "batch", "fine-tune",
            "vision", "user_data", "evals");

    private enum Part { NONE, FILE, FIELD }

    private final MultipartStreamParser parser;
    private final long maxFileBytes;
    private final FileStore store;
    private final EmulatorCounters counters;
    private final Map<String, String> fields = new HashMap<>();
    private final ByteArrayOutputStream fieldValue = new ByteArrayOutputStream();
    private long fieldsBytes;
    private Part part = Part.NONE;
    private @Nullable String fieldName;
    private boolean fileSeen;
    private @Nullable String filename;
    private @Nullable Path temp;
    private @Nullable FileChannel channel;
    private long fileBytes;
    private @Nullable OpenAiError rejection;
    private boolean done;

    UploadInProgress(String boundary, int maxHeaderBytes, long maxFileBytes, FileStore store, EmulatorCounters counters) {
        this.parser = new MultipartStreamParser(boundary, this, maxHeaderBytes);
        this.maxFileBytes = maxFileBytes;
        this.store = store;
        this.counters = counters;
    }

    /** Parses one chunk; once the upload is rejected the rest of the body is only drained. */
    synchronized void feed(ByteBuf chunk) {
        if (rejection != null || done) {
            return;
        }
        try {
            parser.feed(chunk);
        } catch (MultipartStreamParser.MalformedMultipartException e) {
            reject(OpenAiError.invalid("file", e.getMessage()));
        } catch (UncheckedIOException e) {
            reject(new OpenAiError(500, "The emulator could not store the upload: " + e.getCause().getMessage(),
                    "server_error", null, null));
        }
    }

    @Override
    public void partStarted(PartHeaders headers) {
        if (rejection != null) {
            return;
        }
        if ("file".equals(headers.name())) {
            if (fileSeen) {
                reject(OpenAiError.invalid("file", "Only one 'file' part is allowed per upload."));
                return;
            }
            fileSeen = true;
            filename = headers.filename();
            try {
                temp = store.newTempFile("upload-");
                channel = FileChannel.open(temp, StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            part = Part.FILE;
        } else if (headers.name() != null) {
            fieldName = headers.name();
            fieldValue.reset();
            part = Part.FIELD;
        } else {
            part = Part.NONE;
        }
    }

    @Override
    public void partData(ByteBuffer data) {
        if (rejection != null) {
            return;
        }
        if (part == Part.FILE) {
            fileBytes += data.remaining();
            if (fileBytes > maxFileBytes) {
                reject(OpenAiError.invalid("file", "File is too large: the maximum is " + maxFileBytes + " bytes."));
                return;
            }
            try {
                while (data.hasRemaining()) {
                    channel.write(data);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else if (part == Part.FIELD) {
            if (fieldValue.size() + data.remaining() > MAX_FIELD_BYTES) {
                reject(OpenAiError.invalid(fieldName, "Form field '" + fieldName + "' is longer than " + MAX_FIELD_BYTES + " bytes."));
                return;
            }
            fieldsBytes += data.remaining();
            if (fieldsBytes > MAX_FIELDS_BYTES) {
                reject(OpenAiError.invalid(fieldName, "The form fields are longer than " + MAX_FIELDS_BYTES
                        + " bytes together."));
                return;
            }
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            fieldValue.writeBytes(bytes);
        }
    }

    @Override
    public void partEnded() {
        if (part == Part.FIELD && fieldName != null && rejection == null) {
            if (!fields.containsKey(fieldName) && fields.size() == MAX_FIELDS) {
                reject(OpenAiError.invalid(fieldName, "An upload takes at most " + MAX_FIELDS + " form fields."));
            } else {
                fields.putIfAbsent(fieldName, fieldValue.toString(StandardCharsets.UTF_8));
            }
        }
        part = Part.NONE;
    }

    /** Stores the file once the body has ended; throws the answer for an invalid or incomplete form. */
    synchronized StoredFile finish() throws IOException {
        if (rejection != null) {
            throw rejection;
        }
        if (!parser.isComplete()) {
            abort();
            throw OpenAiError.invalid("file", "The multipart body ended before its closing boundary.");
        }
        try {
            String purpose = fields.get("purpose");
            if (purpose == null || purpose.isBlank()) {
                throw OpenAiError.missing("purpose");
            }
            if (!PURPOSES.contains(purpose)) {
                throw OpenAiError.invalid("purpose", "Invalid value: '" + purpose + "'. Supported values are: "
                        + String.join(", ", PURPOSES) + ".");
            }
            if (!fileSeen) {
                throw OpenAiError.missing("file");
            }
            if (filename == null || filename.isBlank()) {
                throw OpenAiError.invalid("file", "The 'file' part needs a filename in its Content-Disposition.");
            }
            Long expiresAfter = expiresAfterSeconds(purpose);
            channel.close();
            StoredFile file = store.adopt(temp, filename, purpose, expiresAfter);
            done = true;
            counters.uploadCompleted();
            return file;
        } catch (OpenAiError e) {
            deleteTemp();
            throw e;
        }
    }

    /** Drops the upload: the body broke off, or the exchange was cancelled. Idempotent; a stored file stays. */
    synchronized void abort() {
        if (!done) {
            done = true;
            deleteTemp();
            counters.uploadAborted();
        }
    }

    private @Nullable Long expiresAfterSeconds(String purpose) {
        String anchorKey = fields.containsKey("expires_after[anchor]") ? "expires_after[anchor]" : "expires_after.anchor";
        String secondsKey = fields.containsKey("expires_after[seconds]") ? "expires_after[seconds]" : "expires_after.seconds";
        String anchor = fields.get(anchorKey);
        String seconds = fields.get(secondsKey);
        if (anchor == null && seconds == null) {
            // OpenAI keeps batch files 30 days unless told otherwise
            return purpose.equals("batch") ? MAX_EXPIRY_SECONDS : null;
        }
        if (anchor == null) {
            throw OpenAiError.missing("expires_after[anchor]");
        }
        if (seconds == null) {
            throw OpenAiError.missing("expires_after[seconds]");
        }
        if (!anchor.equals("created_at")) {
            throw OpenAiError.invalid(anchorKey, "Invalid value: '" + anchor + "'. Supported values are: 'created_at'.");
        }
        try {
            long value = Long.parseLong(seconds.trim());
            if (value >= MIN_EXPIRY_SECONDS && value <= MAX_EXPIRY_SECONDS) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below, like an out-of-range number
        }
        throw OpenAiError.invalid(secondsKey, "Invalid value for '" + secondsKey + "': expected an integer between "
                + MIN_EXPIRY_SECONDS + " and " + MAX_EXPIRY_SECONDS + " (seconds), got '" + seconds + "'.");
    }

    private void reject(OpenAiError error) {
        if (rejection == null) {
            rejection = error;
        }
        deleteTemp();
    }

    private void deleteTemp() {
        try {
            if (channel != null) {
                channel.close();
            }
            if (temp != null) {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the partial upload " + temp, e);
        } finally {
            channel = null;
            temp = null;
        }
    }
}
