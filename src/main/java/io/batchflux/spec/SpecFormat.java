package io.batchflux.spec;

/** The input format {@link RequestSpecParser} expects. */
public enum SpecFormat {
    /** JSONL when the first non-whitespace byte is <code>{</code>, the request spec format otherwise. */
    AUTO,
    /** The request spec format: {@code role: text || role: text /// ...}. */
    SPEC,
    /** Native batch input JSONL: one {@code {"custom_id","method","url","body"}} per line. */
    JSONL
}
