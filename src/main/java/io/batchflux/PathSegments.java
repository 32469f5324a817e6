package io.batchflux;

import java.nio.charset.StandardCharsets;

/** Percent-encodes ids placed in URL paths and queries, so an id can never change the path it is put in. */
final class PathSegments {
    private PathSegments() {}

    static String encode(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("an id must not be blank");
        }
        StringBuilder sb = new StringBuilder(id.length());
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }
}
