package io.batchflux.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The emulator's files: metadata in memory, bytes on disk under {@code root/files}, in-flight uploads and result
 * files under {@code root/tmp} until {@link #adopt} gives them an id. Every method touching the disk blocks:
 * call them off the event loop.
 */
final class FileStore {

    private final Path files;
    private final Path tmp;
    private final Clock clock;
    private final Map<String, StoredFile> byId = new ConcurrentHashMap<>();
    /** Creation order, for listing newest first. */
    private final java.util.concurrent.ConcurrentSkipListMap<Long, String> order =
            new java.util.concurrent.ConcurrentSkipListMap<>();
    private final java.util.concurrent.atomic.AtomicLong sequence = new java.util.concurrent.atomic.AtomicLong();

    FileStore(Path root, Clock clock) {
        this.files = root.resolve("files");
        this.tmp = root.resolve("tmp");
        this.clock = clock;
        try {
            Files.createDirectories(files);
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the emulator's storage under " + root, e);
        }
    }

    /** A new empty file for bytes that are not a stored file yet. */
    Path newTempFile(String prefix) throws IOException {
        return Files.createTempFile(tmp, prefix, ".part");
    }

    /**
     * Makes {@code temp} a stored file with a fresh id, moving it out of the temporary area.
     *
     * @param expiresAfterSeconds seconds after creation at which the file expires, or null for never
     */
    StoredFile adopt(Path temp, String filename, String purpose, @Nullable Long expiresAfterSeconds) throws IOException {
        String id = IdGenerator.fileId();
        Path target = files.resolve(id);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        long now = clock.instant().getEpochSecond();
        Long expiresAt = expiresAfterSeconds == null ? null : now + expiresAfterSeconds;
        StoredFile file = new StoredFile(id, Files.size(target), now, expiresAt, filename, purpose, target);
        byId.put(id, file);
        order.put(sequence.incrementAndGet(), id);
        return file;
    }

    @Nullable StoredFile get(String id) {
        return byId.get(id);
    }

    /** Forgets the file and deletes its bytes (a reader that has it open keeps reading); null when unknown. */
    @Nullable StoredFile delete(String id) throws IOException {
        StoredFile file = byId.remove(id);
        order.values().remove(id);
        if (file != null) {
            Files.deleteIfExists(file.path());
        }
        return file;
    }

    /** Stored files, newest first, of {@code purpose} when given, after the file {@code after} when given. */
    java.util.List<StoredFile> list(@Nullable String purpose, @Nullable String after, int limit) {
        return list(purpose, after, limit, false);
    }

    /** Up to {@code limit + 1} files after {@code after}, newest first, or oldest first when {@code ascending}. */
    java.util.List<StoredFile> list(@Nullable String purpose, @Nullable String after, int limit, boolean ascending) {
        java.util.List<StoredFile> out = new java.util.ArrayList<>();
        boolean skipping = after != null;
        for (String id : (ascending ? order : order.descendingMap()).values()) {
            StoredFile file = byId.get(id);
            if (file == null) {
                continue;
            }
            if (skipping) {
                skipping = !id.equals(after);
                continue;
            }
            if ((purpose == null || purpose.equals(file.purpose())) && out.size() <= limit) {
                out.add(file);
            }
            if (out.size() > limit) {
                break;
            }
        }
        return out;
    }

    int size() {
        return byId.size();
    }

    /** The files in the temporary area: in-flight uploads and result files being written. */
    long tempFileCount() throws IOException {
        try (var entries = Files.list(tmp)) {
            return entries.count();
        }
    }
}
