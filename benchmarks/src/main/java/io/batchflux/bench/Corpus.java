package io.batchflux.bench;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Deterministic synthetic text, spec lines, request JSONL and OpenAI-shaped result lines for the benchmarks.
 * Text is plain ASCII words and punctuation that need no JSON escaping and hold no spec separators
 * ({@code ||}, {@code ///}).
 */
final class Corpus {
    private static final String[] WORDS = ("the of and to in is that for it as was with be by on not he this are or his "
            + "from at which but have an they you were her she there would their we him been has when who will more "
            + "no if out so said what up its about into than them can only other new some could time these two may "
            + "then do first any my now such like our over man me even most made after also did many before must "
            + "through back years where much your way well down should because each just those people how too little "
            + "state good very make world still own see men work long get here between both life being under never "
            + "day same another know while last might us great old year off come since against go came right used "
            + "take three latency throughput buffer stream request batch model token answer summary question").split(" ");

    private Corpus() {}

    /** About {@code bytes} bytes of words (never more than a word longer), seeded by {@code seed}. */
    static String text(long seed, int bytes) {
        SplittableRandom rnd = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder(bytes + 16);
        while (sb.length() < bytes) {
            if (sb.length() > 0) {
                sb.append(rnd.nextInt(12) == 0 ? ", " : " ");
            }
            sb.append(WORDS[rnd.nextInt(WORDS.length)]);
            if (rnd.nextInt(15) == 0) {
                sb.append('.');
            }
        }
        return sb.toString();
    }

    /**
     * Request {@code i} as a spec entry of 2 or 3 messages and about {@code bytes} bytes of content,
     * followed by {@code " ///\n"}.
     */
    static String specEntry(int i, int bytes) {
        boolean three = i % 2 == 0;
        if (three) {
            int part = bytes / 4;
            return "system: " + text(i * 31L, part) + " || user: " + text(i * 31L + 1, part * 2)
                    + " || assistant: " + text(i * 31L + 2, part) + " ///\n";
        }
        return "system: " + text(i * 31L, bytes / 4) + " || user: " + text(i * 31L + 1, bytes * 3 / 4) + " ///\n";
    }

    /** The same request as {@link #specEntry} in native batch JSONL, with a trailing newline. */
    static String jsonlEntry(int i, int bytes) {
        boolean three = i % 2 == 0;
        StringBuilder sb = new StringBuilder(bytes + 256);
        sb.append("{\"custom_id\":\"request-").append(i).append("\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",")
                .append("\"body\":{\"model\":\"gpt-4o-mini\",\"messages\":[");
        if (three) {
            int part = bytes / 4;
            message(sb, "system", text(i * 31L, part)).append(',');
            message(sb, "user", text(i * 31L + 1, part * 2)).append(',');
            message(sb, "assistant", text(i * 31L + 2, part));
        } else {
            message(sb, "system", text(i * 31L, bytes / 4)).append(',');
            message(sb, "user", text(i * 31L + 1, bytes * 3 / 4));
        }
        return sb.append("]}}\n").toString();
    }

    private static StringBuilder message(StringBuilder sb, String role, String content) {
        return sb.append("{\"role\":\"").append(role).append("\",\"content\":\"").append(content).append("\"}");
    }

    /**
     * A chat-completion batch output line in the shape OpenAI returns (ids, usage with details, choices with
     * message, refusal, logprobs, finish_reason; {@code "error": null}), with about {@code contentBytes} of answer.
     */
    static String resultLine(int i, int contentBytes) {
        String content = text(i * 17L + 5, contentBytes);
        return "{\"id\": \"batch_req_" + hex(i, 32) + "\", \"custom_id\": \"request-" + i + "\", \"response\": "
                + "{\"status_code\": 200, \"request_id\": \"" + hex(i * 7L + 3, 32) + "\", \"body\": {\"id\": "
                + "\"chatcmpl-" + hex(i * 13L + 1, 29) + "\", \"object\": \"chat.completion\", \"created\": "
                + (1729730156L + i) + ", \"model\": \"gpt-4o-2024-08-06\", \"choices\": [{\"index\": 0, \"message\": "
                + "{\"role\": \"assistant\", \"content\": \"" + content + "\", \"refusal\": null}, \"logprobs\": null, "
                + "\"finish_reason\": \"stop\"}], \"usage\": {\"prompt_tokens\": " + (300 + i % 200)
                + ", \"completion_tokens\": " + (150 + i % 100) + ", \"total_tokens\": " + (450 + i % 300)
                + ", \"prompt_tokens_details\": {\"cached_tokens\": 0, \"audio_tokens\": 0}, "
                + "\"completion_tokens_details\": {\"reasoning_tokens\": 0, \"audio_tokens\": 0, "
                + "\"accepted_prediction_tokens\": 0, \"rejected_prediction_tokens\": 0}}, "
                + "\"system_fingerprint\": \"fp_" + hex(i, 10) + "\"}}, \"error\": null}\n";
    }

    private static String hex(long seed, int len) {
        SplittableRandom rnd = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder(len);
        for (int k = 0; k < len; k++) {
            sb.append(Character.forDigit(rnd.nextInt(16), 16));
        }
        return sb.toString();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
