package io.batchflux;

/**
 * Token counts of one answer ({@code usage} of a chat completion, completion or embedding body); fields the
 * body lacks are 0. The {@code /v1/responses} names ({@code input_tokens}, {@code output_tokens}) are mapped to
 * prompt and completion tokens.
 */
public record TokenUsage(long promptTokens, long completionTokens, long totalTokens) {}
