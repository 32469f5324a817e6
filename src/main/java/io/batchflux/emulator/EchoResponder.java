package io.batchflux.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Answers one batch request deterministically from its body, in the response shape of its endpoint: chat and
 * text completions echo the prompt ({@code "echo: " + last user text}), embeddings are 8 numbers hashed from the
 * input, responses echo the input, moderations flag nothing. Token counts are whitespace-separated words.
 * A string anywhere in the body containing {@code [[fail:NNN]]} (NNN in 400..599) turns the answer into an HTTP
 * failure with that status; {@code [[slow]]} makes the request take ten times as long (see {@link #isSlow}).
 */
final class EchoResponder {

    static final Set<String> ENDPOINTS = Set.of("/v1/chat/completions", "/v1/embeddings", "/v1/completions",
            "/v1/responses", "/v1/moderations");

    private static final Pattern FAIL = Pattern.compile("\\[\\[fail:(\\d{3})]]");
    private static final String SLOW = "[[slow]]";

    /** An answer: HTTP status, response body, and the tokens it used (0 for failures). */
    record Answer(int statusCode, ObjectNode body, long inputTokens, long outputTokens) {
        boolean succeeded() {
            return statusCode >= 200 && statusCode < 300;
        }
    }

    private EchoResponder() {
    }

    static boolean supports(String endpoint) {
        return ENDPOINTS.contains(endpoint);
    }

    static boolean isSlow(JsonNode body) {
        return strings(body).stream().anyMatch(s -> s.contains(SLOW));
    }

    /** Answers {@code body}; {@code created} is the unix second to stamp, {@code seed} makes the ids. */
    static Answer answer(String endpoint, JsonNode body, long created, String seed) {
        for (String s : strings(body)) {
            Matcher m = FAIL.matcher(s);
            while (m.find()) {
                int status = Integer.parseInt(m.group(1));
                if (status >= 400 && status <= 599) {
                    return failure(status);
                }
            }
        }
        String model = body.path("model").asString("");
        return switch (endpoint) {
            case "/v1/chat/completions" -> chat(body, model, created, seed);
            case "/v1/embeddings" -> embeddings(body, model);
            case "/v1/completions" -> completion(body, model, created, seed);
            case "/v1/responses" -> response(body, model, created, seed);
            case "/v1/moderations" -> moderation(body, model, seed);
            default -> throw new IllegalArgumentException("no echo for endpoint " + endpoint);
        };
    }

    private static Answer failure(int status) {
        ObjectNode body = EmulatorJson.object();
        ObjectNode error = body.putObject("error");
        error.put("message", "Emulated failure: the request asked for HTTP " + status + " with [[fail:" + status + "]].");
        error.put("type", status >= 500 ? "server_error" : "invalid_request_error");
        error.putNull("param");
        error.put("code", "emulated_failure");
        return new Answer(status, body, 0, 0);
    }

    private static Answer chat(JsonNode body, String model, long created, String seed) {
        String lastUser = "";
        long prompt = 0;
        for (JsonNode message : body.path("messages")) {
            String text = text(message.path("content"));
            prompt += words(text);
            if (message.path("role").asString("").equals("user")) {
                lastUser = text;
            }
        }
        String reply = "echo: " + lastUser;
        long completion = words(reply);
        ObjectNode out = EmulatorJson.object();
        out.put("id", "chatcmpl-" + IdGenerator.hashHex(seed, 24));
        out.put("object", "chat.completion");
        out.put("created", created);
        out.put("model", model);
        ObjectNode choice = out.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", reply);
        message.putNull("refusal");
        choice.putNull("logprobs");
        choice.put("finish_reason", "stop");
        putUsage(out.putObject("usage"), prompt, completion);
        return new Answer(200, out, prompt, completion);
    }

    private static Answer embeddings(JsonNode body, String model) {
        ObjectNode out = EmulatorJson.object();
        out.put("object", "list");
        ArrayNode data = out.putArray("data");
        long prompt = 0;
        List<String> inputs = inputs(body.path("input"));
        for (int i = 0; i < inputs.size(); i++) {
            ObjectNode item = data.addObject();
            item.put("object", "embedding");
            item.put("index", i);
            ArrayNode vector = item.putArray("embedding");
            for (double v : vector(inputs.get(i))) {
                vector.add(v);
            }
            prompt += words(inputs.get(i));
        }
        out.put("model", model);
        ObjectNode usage = out.putObject("usage");
        usage.put("prompt_tokens", prompt);
        usage.put("total_tokens", prompt);
        return new Answer(200, out, prompt, 0);
    }

    private static Answer completion(JsonNode body, String model, long created, String seed) {
        String prompt = String.join("\n", inputs(body.path("prompt")));
        String reply = "echo: " + prompt;
        ObjectNode out = EmulatorJson.object();
        out.put("id", "cmpl-" + IdGenerator.hashHex(seed, 24));
        out.put("object", "text_completion");
        out.put("created", created);
        out.put("model", model);
        ObjectNode choice = out.putArray("choices").addObject();
        choice.put("text", reply);
        choice.put("index", 0);
        choice.putNull("logprobs");
        choice.put("finish_reason", "stop");
        putUsage(out.putObject("usage"), words(prompt), words(reply));
        return new Answer(200, out, words(prompt), words(reply));
    }

    private static Answer response(JsonNode body, String model, long created, String seed) {
        JsonNode input = body.path("input");
        String text;
        if (input.isArray()) {
            // a list of messages: echo the last one's text
            text = input.isEmpty() ? "" : text(input.get(input.size() - 1).path("content"));
        } else {
            text = input.asString("");
        }
        String reply = "echo: " + text;
        ObjectNode out = EmulatorJson.object();
        out.put("id", "resp_" + IdGenerator.hashHex(seed, 32));
        out.put("object", "response");
        out.put("created_at", created);
        out.put("status", "completed");
        out.put("model", model);
        ObjectNode message = out.putArray("output").addObject();
        message.put("type", "message");
        message.put("id", "msg_" + IdGenerator.hashHex(seed + "\nmessage", 32));
        message.put("status", "completed");
        message.put("role", "assistant");
        ObjectNode content = message.putArray("content").addObject();
        content.put("type", "output_text");
        content.put("text", reply);
        content.putArray("annotations");
        ObjectNode usage = out.putObject("usage");
        long in = words(text);
        long outTokens = words(reply);
        usage.put("input_tokens", in);
        usage.putObject("input_tokens_details").put("cached_tokens", 0);
        usage.put("output_tokens", outTokens);
        usage.putObject("output_tokens_details").put("reasoning_tokens", 0);
        usage.put("total_tokens", in + outTokens);
        return new Answer(200, out, in, outTokens);
    }

    private static Answer moderation(JsonNode body, String model, String seed) {
        ObjectNode out = EmulatorJson.object();
        out.put("id", "modr-" + IdGenerator.hashHex(seed, 24));
        out.put("model", model);
        ArrayNode results = out.putArray("results");
        for (String ignored : inputs(body.path("input"))) {
            ObjectNode result = results.addObject();
            result.put("flagged", false);
            ObjectNode categories = result.putObject("categories");
            ObjectNode scores = result.putObject("category_scores");
            for (String category : List.of("harassment", "hate", "self-harm", "sexual", "violence")) {
                categories.put(category, false);
                scores.put(category, 0.0);
            }
        }
        return new Answer(200, out, 0, 0);
    }

    private static void putUsage(ObjectNode usage, long prompt, long completion) {
        usage.put("prompt_tokens", prompt);
        usage.put("completion_tokens", completion);
        usage.put("total_tokens", prompt + completion);
    }

    /** 8 numbers in [-1, 1], rounded to 6 decimals, from the SHA-256 of {@code input}. */
    static double[] vector(String input) {
        byte[] hash = IdGenerator.sha256(input);
        double[] v = new double[8];
        for (int i = 0; i < 8; i++) {
            int bits = ((hash[2 * i] & 0xff) << 8) | (hash[2 * i + 1] & 0xff);
            v[i] = Math.round((bits / 65535.0 * 2 - 1) * 1e6) / 1e6;
        }
        return v;
    }

    /** A message content's text: a string, or the {@code text} of its parts. */
    private static String text(JsonNode content) {
        if (content.isArray()) {
            List<String> parts = new ArrayList<>();
            content.forEach(part -> {
                if (part.path("text").isString()) {
                    parts.add(part.path("text").asString());
                }
            });
            return String.join(" ", parts);
        }
        return content.asString("");
    }

    /** An {@code input}/{@code prompt}: one string, or an array whose elements become strings. */
    private static List<String> inputs(JsonNode input) {
        List<String> out = new ArrayList<>();
        if (input.isArray()) {
            input.forEach(item -> out.add(item.isString() ? item.asString() : item.toString()));
        } else if (!input.isMissingNode() && !input.isNull()) {
            out.add(input.isString() ? input.asString() : input.toString());
        }
        return out;
    }

    static long words(String text) {
        long count = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            boolean space = Character.isWhitespace(text.charAt(i));
            if (!space && !inWord) {
                count++;
            }
            inWord = !space;
        }
        return count;
    }

    private static List<String> strings(@Nullable JsonNode node) {
        List<String> out = new ArrayList<>();
        collect(node, out);
        return out;
    }

    private static void collect(@Nullable JsonNode node, List<String> out) {
        if (node == null) {
            return;
        }
        if (node.isString()) {
            out.add(node.asString());
        } else if (node.isContainer()) {
            node.forEach(child -> collect(child, out));
        }
    }
}
