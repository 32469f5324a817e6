package io.batchflux.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes benchmark input files.
 * <ul>
 *   <li>{@code upload-jsonl PATH TOTAL_BYTES}: the exact bytes {@link UploadMain} sends;</li>
 *   <li>{@code spec PATH N CONTENT_BYTES}: N spec entries {@code user: <text> ///};</li>
 *   <li>{@code jsonl PATH N CONTENT_BYTES}: the same N requests as native batch JSONL.</li>
 * </ul>
 */
public final class GenMain {
    private GenMain() {}

    public static void main(String[] args) throws IOException {
        Path path = Path.of(args[1]);
        long n = Long.parseLong(args[2]);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16)) {
            long bytes;
            switch (args[0]) {
                case "upload-jsonl" -> bytes = new JsonlLines(n, 900).writeTo(out);
                case "spec", "jsonl" -> bytes = writeRequests(out, args[0].equals("spec"), n, Integer.parseInt(args[3]));
                default -> throw new IllegalArgumentException("unknown kind " + args[0]);
            }
            System.out.println("WROTE " + path + " " + bytes + " bytes");
        }
    }

    private static long writeRequests(OutputStream out, boolean spec, long n, int contentBytes) throws IOException {
        byte[][] texts = new byte[256][];
        for (int k = 0; k < texts.length; k++) {
            texts[k] = Corpus.text(77L + k, contentBytes).getBytes(StandardCharsets.UTF_8);
        }
        long bytes = 0;
        for (long i = 0; i < n; i++) {
            byte[] text = texts[(int) (i & 255)];
            byte[] head = (spec ? "user: "
                    : "{\"custom_id\":\"" + (i + 1) + "\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\","
                            + "\"body\":{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"")
                    .getBytes(StandardCharsets.UTF_8);
            byte[] tail = (spec ? " ///\n" : "\"}]}}\n").getBytes(StandardCharsets.UTF_8);
            out.write(head);
            out.write(text);
            out.write(tail);
            bytes += head.length + text.length + tail.length;
        }
        return bytes;
    }
}
