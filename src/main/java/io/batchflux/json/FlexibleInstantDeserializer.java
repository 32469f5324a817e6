package io.batchflux.json;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

/**
 * Reads a timestamp the way servers actually send them: unix seconds (OpenAI), fractional seconds, ISO-8601
 * strings with or without offset (Azure, Together), numeric strings; 0, empty and null mean "unset".
 * Millisecond epochs (values past year 5138 in seconds) are recognised and scaled.
 */
final class FlexibleInstantDeserializer extends ValueDeserializer<Instant> {
    private static final long MILLIS_THRESHOLD = 100_000_000_000L;

    @Override
    public @Nullable Instant deserialize(JsonParser p, DeserializationContext ctxt) {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT) {
            return fromEpoch(p.getLongValue());
        }
        if (token == JsonToken.VALUE_NUMBER_FLOAT) {
            double seconds = p.getDoubleValue();
            return seconds <= 0 ? null : Instant.ofEpochMilli(Math.round(seconds * 1000));
        }
        if (token == JsonToken.VALUE_STRING) {
            return fromText(p.getString().trim(), p, ctxt);
        }
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
    }

    private static @Nullable Instant fromEpoch(long value) {
        if (value <= 0) {
            return null;
        }
        return value >= MILLIS_THRESHOLD ? Instant.ofEpochMilli(value) : Instant.ofEpochSecond(value);
    }

    private static @Nullable Instant fromText(String text, JsonParser p, DeserializationContext ctxt) {
        if (text.isEmpty()) {
            return null;
        }
        if (text.chars().allMatch(Character::isDigit)) {
            return fromEpoch(Long.parseLong(text));
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                // Some backends send local ISO timestamps without offset; they mean UTC.
                return java.time.LocalDateTime.parse(text).toInstant(java.time.ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                return (Instant) ctxt.handleWeirdStringValue(Instant.class, text, "not a timestamp: %s", text);
            }
        }
    }

    @Override
    public @Nullable Object getNullValue(DeserializationContext ctxt) {
        return null;
    }
}
