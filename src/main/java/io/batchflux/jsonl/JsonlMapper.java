package io.batchflux.jsonl;

import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Jackson mapper for line work: a line holds exactly one JSON value (trailing tokens are an error), and a
 * generator writing several root values puts no separator between them (the encoder writes the {@code \n}).
 */
public final class JsonlMapper {
    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .rootValueSeparator((String) null)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private JsonlMapper() {
    }

    /** The shared, immutable mapper. */
    public static JsonMapper mapper() {
        return MAPPER;
    }
}
