package io.batchflux.reliability;

import io.batchflux.BatchRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Generators of fuzz inputs for the request parsers: valid specs and JSONL with their expected requests,
 * mutations of them, and random bytes. Pure functions of the {@link SplittableRandom} they are given. */
final class FuzzInputs {
    static final String MODEL = "gpt-4o-mini";
    static final String ENDPOINT = "/v1/chat/completions";
    static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String[] ROLES = {"system", "user", "assistant", "developer"};
    private static final String[] WORDS = {"a", "hello", "héllo", "👋", "∑", "10:00", "a/b", "x|y", "ü:", "z", "日本"};
    private static final String[] SPACES = {"", " ", "  ", "\n", "\t", " \r\n "};
    private static final byte[] INTERESTING = "/|:{}\"\\\n\r ,[]u0".getBytes(StandardCharsets.US_ASCII);

    /** An input and, when it is valid, the requests it must parse to. */
    record Input(String kind, byte[] bytes, List<BatchRequest> expected) {
        boolean valid() {
            return expected != null;
        }
    }

    private FuzzInputs() {}

    static Input validSpec(SplittableRandom r) {
        StringBuilder spec = new StringBuilder();
        List<BatchRequest> expected = new ArrayList<>();
        int pieces = 1 + r.nextInt(4);
        for (int p = 1; p <= pieces; p++) {
            if (p > 1) {
                spec.append("///");
            }
            if (r.nextInt(8) == 0) {
                spec.append(pick(r, SPACES)); // a blank piece keeps its number but gives no request
                continue;
            }
            ArrayNode messages = JsonNodeFactory.instance.arrayNode();
            int count = 1 + r.nextInt(3);
            for (int m = 0; m < count; m++) {
                if (m > 0) {
                    spec.append("||");
                }
                String role = pick(r, ROLES);
                String content = content(r);
                spec.append(pick(r, SPACES)).append(role).append(pick(r, SPACES)).append(':')
                        .append(pick(r, SPACES)).append(content).append(pick(r, SPACES));
                messages.addObject().put("role", role).put("content", content);
            }
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.put("model", MODEL);
            body.set("messages", messages);
            expected.add(BatchRequest.post(String.format("%03d", p), ENDPOINT, body));
        }
        return new Input("valid-spec", spec.toString().getBytes(StandardCharsets.UTF_8), expected);
    }

    static Input validJsonl(SplittableRandom r) {
        StringBuilder jsonl = new StringBuilder();
        List<BatchRequest> expected = new ArrayList<>();
        int lines = 1 + r.nextInt(4);
        for (int i = 0; i < lines; i++) {
            if (r.nextInt(6) == 0) {
                jsonl.append(r.nextBoolean() ? "\n" : "  \r\n"); // blank lines are skipped
            }
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            boolean withModel = r.nextBoolean();
            if (withModel) {
                body.put("model", MODEL);
            }
            body.putArray("messages").addObject().put("role", pick(r, ROLES)).put("content", content(r));
            if (r.nextInt(4) == 0) {
                body.put("temperature", r.nextInt(3));
            }
            ObjectNode line = JsonNodeFactory.instance.objectNode();
            String id = "c-" + i + (r.nextBoolean() ? "-ü" : "");
            line.put("custom_id", id);
            line.put("method", "POST");
            line.put("url", ENDPOINT);
            line.set("body", body);
            jsonl.append(JSON.writeValueAsString(line));
            boolean last = i == lines - 1;
            if (!last || r.nextBoolean()) {
                jsonl.append(r.nextBoolean() ? "\n" : "\r\n");
            }
            ObjectNode expectedBody = body.deepCopy();
            if (!withModel) {
                expectedBody.put("model", MODEL);
            }
            expected.add(new BatchRequest(id, "POST", ENDPOINT, expectedBody));
        }
        return new Input("valid-jsonl", jsonl.toString().getBytes(StandardCharsets.UTF_8), expected);
    }

    /** 1 to 3 random edits of a valid input: deletions, insertions, bit flips, a dropped colon, a bad role. */
    static Input mutate(Input valid, SplittableRandom r) {
        byte[] bytes = valid.bytes();
        int edits = 1 + r.nextInt(3);
        StringBuilder kind = new StringBuilder("mutated-" + valid.kind());
        for (int e = 0; e < edits; e++) {
            int op = r.nextInt(6);
            if (bytes.length == 0) {
                op = 1;
            }
            int at = r.nextInt(Math.max(1, bytes.length));
            switch (op) {
                case 0 -> { // delete
                    bytes = concat(slice(bytes, 0, at), slice(bytes, at + 1, bytes.length));
                    kind.append("+del");
                }
                case 1 -> { // insert
                    byte b = r.nextBoolean() ? INTERESTING[r.nextInt(INTERESTING.length)] : (byte) r.nextInt(256);
                    bytes = concat(slice(bytes, 0, at), new byte[] {b}, slice(bytes, at, bytes.length));
                    kind.append("+ins");
                }
                case 2 -> { // flip
                    bytes = bytes.clone();
                    bytes[at] ^= (byte) (1 << r.nextInt(8));
                    kind.append("+flip");
                }
                case 3 -> { // drop a colon
                    int colon = indexOf(bytes, (byte) ':', at);
                    if (colon >= 0) {
                        bytes = concat(slice(bytes, 0, colon), slice(bytes, colon + 1, bytes.length));
                    }
                    kind.append("+nocolon");
                }
                case 4 -> { // unknown role
                    String text = new String(bytes, StandardCharsets.UTF_8);
                    String[] bad = {"tool", "usr", "User", "", "user user", "function"};
                    bytes = text.replaceFirst(pick(r, ROLES), pick(r, bad)).getBytes(StandardCharsets.UTF_8);
                    kind.append("+role");
                }
                default -> { // duplicate a slice, e.g. a repeated line or delimiter
                    int to = Math.min(bytes.length, at + 1 + r.nextInt(16));
                    bytes = concat(slice(bytes, 0, to), slice(bytes, at, bytes.length));
                    kind.append("+dup");
                }
            }
        }
        return new Input(kind.toString(), bytes, null);
    }

    /** Random bytes, half the time from a spec/JSON-flavoured alphabet so they get past the first check. */
    static Input randomBytes(SplittableRandom r) {
        byte[] bytes = new byte[r.nextInt(65)];
        boolean flavoured = r.nextBoolean();
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = flavoured && r.nextInt(4) != 0 ? INTERESTING[r.nextInt(INTERESTING.length)] : (byte) r.nextInt(256);
        }
        return new Input(flavoured ? "flavoured-bytes" : "random-bytes", bytes, null);
    }

    private static String content(SplittableRandom r) {
        int words = r.nextInt(4);
        StringBuilder sb = new StringBuilder();
        for (int w = 0; w < words; w++) {
            if (w > 0) {
                sb.append(r.nextInt(5) == 0 ? "\n" : " ");
            }
            sb.append(pick(r, WORDS));
        }
        return sb.toString();
    }

    static <T> T pick(SplittableRandom r, T[] items) {
        return items[r.nextInt(items.length)];
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int k = 0; k < bytes.length; k++) {
            int i = (from + k) % bytes.length;
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] slice(byte[] b, int from, int to) {
        return java.util.Arrays.copyOfRange(b, Math.min(from, b.length), Math.min(to, b.length));
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** The input as a Java string literal, for failure messages. */
    static String show(byte[] bytes) {
        StringBuilder sb = new StringBuilder("\"");
        for (byte b : bytes) {
            int c = b & 0xFF;
            if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        return sb.append('"').toString();
    }
}
