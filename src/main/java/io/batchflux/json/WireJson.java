package io.batchflux.json;

import io.batchflux.BatchStatus;
import java.time.Instant;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * The one {@link JsonMapper} that reads and writes the public wire records. Immutable and thread-safe.
 *
 * <p>Records use Java names; the mapper maps them to OpenAI's snake_case. Unknown properties are ignored
 * because servers add fields all the time; timestamps accept unix seconds, ISO-8601 strings and null.
 */
public final class WireJson {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .addModule(new SimpleModule("batchflux-wire")
                    .addDeserializer(Instant.class, new FlexibleInstantDeserializer())
                    .addSerializer(Instant.class, new EpochSecondsSerializer())
                    .addDeserializer(BatchStatus.class, new BatchStatusDeserializer())
                    .addSerializer(BatchStatus.class, new BatchStatusSerializer()))
            .build();

    private WireJson() {}

    /** The configured mapper. */
    public static JsonMapper mapper() {
        return MAPPER;
    }

    /**
     * Builds the mapper and its deserializers for {@code types} on the calling thread, and decodes a typical document
     * of each type it knows one for ({@link io.batchflux.Batch}, {@link io.batchflux.BatchPage},
     * {@link io.batchflux.FileObject}). A first decode in a fresh JVM costs tens of milliseconds (Jackson builds
     * deserializers by reflection and links method handles); a short-lived process calls this on a spare thread at
     * start, so that its first response is not held up.
     */
    public static void warmUp(Class<?>... types) {
        for (Class<?> type : types) {
            String document = WarmUpDocuments.of(type);
            if (document != null) {
                MAPPER.readValue(document, type);
            } else {
                MAPPER.readerFor(type); // builds and caches the root deserializer
            }
        }
    }
}
