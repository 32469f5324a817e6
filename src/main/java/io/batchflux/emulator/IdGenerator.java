package io.batchflux.emulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Makes ids in OpenAI's shapes: random ones for objects ({@code file-}, {@code batch_} + 24 alphanumerics) and
 * deterministic ones, hashed from a seed string, for result lines so that a rerun of a batch yields the same ids.
 */
final class IdGenerator {

    private static final char[] ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private IdGenerator() {
    }

    static String fileId() {
        return "file-" + random(ALNUM, 24);
    }

    static String batchId() {
        return "batch_" + random(ALNUM, 24);
    }

    /** A request id for an HTTP answer ({@code x-request-id}): {@code req_} and 32 hex digits. */
    static String httpRequestId() {
        return "req_" + random(HEX, 32);
    }

    /** {@code length} lowercase hex digits (at most 64) derived from {@code seed} by SHA-256. */
    static String hashHex(String seed, int length) {
        return HexFormat.of().formatHex(sha256(seed)).substring(0, length);
    }

    static byte[] sha256(String seed) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM ships SHA-256", e);
        }
    }

    private static String random(char[] alphabet, int length) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = alphabet[random.nextInt(alphabet.length)];
        }
        return new String(out);
    }
}
