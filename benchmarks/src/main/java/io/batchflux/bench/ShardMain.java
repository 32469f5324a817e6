package io.batchflux.bench;

import io.batchflux.BatchClient;
import io.batchflux.BatchRequest;
import io.batchflux.ShardCreated;
import io.batchflux.SubmitOptions;
import io.batchflux.jsonl.JsonlMapper;
import java.util.List;
import reactor.core.publisher.Flux;
import tools.jackson.databind.node.ObjectNode;

/**
 * Times {@code client.submitShards(requests, SubmitOptions.defaults())} for {@code n} small chat requests generated
 * lazily (one user message of ~{@code contentBytes}, so OpenAI's 50,000-request limit cuts the shards, not the
 * 200 MB one), until every shard's batch is created. Arguments: {@code baseUrl n [contentBytes]} (default 100).
 */
public final class ShardMain {
    private ShardMain() {}

    public static void main(String[] args) {
        String baseUrl = args[0];
        int n = Integer.parseInt(args[1]);
        int contentBytes = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        String[] texts = new String[64];
        for (int k = 0; k < texts.length; k++) {
            texts[k] = Corpus.text(2000L + k, contentBytes);
        }
        Flux<BatchRequest> requests = Flux.range(0, n).map(i -> request(i, texts[i % texts.length]));
        try (BatchClient client = Clients.forBaseUrl(baseUrl)) {
            long t0 = System.nanoTime();
            List<ShardCreated> shards = client.submitShards(requests, SubmitOptions.defaults()).collectList().block();
            long nanos = System.nanoTime() - t0;
            Clients.result("shards", String.format("requests=%d shards=%d batches=%d first=%s last=%s wall_ms=%d"
                            + " requests_per_s=%.0f", n, shards.size(),
                    shards.stream().map(s -> s.batch().id()).distinct().count(), shards.get(0).batch().id(),
                    shards.get(shards.size() - 1).batch().id(), nanos / 1_000_000, n / (nanos / 1e9)));
        }
    }

    private static BatchRequest request(int i, String text) {
        ObjectNode body = JsonlMapper.mapper().createObjectNode();
        body.put("model", "gpt-4o-mini");
        ObjectNode message = body.putArray("messages").addObject();
        message.put("role", "user");
        message.put("content", text);
        return BatchRequest.post("req-" + i, "/v1/chat/completions", body);
    }
}
