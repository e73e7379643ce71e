package org.agencyverify.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The form of an event's details that the chain hashes. It depends only on the JSON value, never
 * on how the text was laid out, so it survives PostgreSQL's jsonb: jsonb keeps every value exactly
 * but reorders keys (by length, then bytes), changes whitespace and rewrites number notation
 * ({@code 1.0E7} comes back as {@code 10000000}). Hence: keys sorted by UTF-16 code units, no
 * whitespace, numbers as exact plain decimals without trailing zeros ({@code 1.50}, {@code 1.5E0}
 * → {@code 1.5}; {@code 1.0E7} → {@code 10000000}), strings escaped as Jackson does by default.
 *
 * <p>It uses a mapper of its own with fixed settings, not the application's: a hash written today
 * must still recompute after the service's JSON settings change. For integers, strings, booleans
 * and null (all the service has ever written) this is byte for byte the earlier form (Jackson with
 * sorted map keys), so earlier events verify unchanged.
 */
public final class CanonicalJson {

    private static final ObjectMapper FIXED = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private CanonicalJson() {}

    /** The canonical form of any JSON text (a jsonb column as PostgreSQL prints it, or what a mapper wrote). */
    public static String of(String json) {
        try {
            StringWriter out = new StringWriter(json.length());
            try (JsonGenerator generator = FIXED.getFactory().createGenerator(out)) {
                write(FIXED.readTree(json), generator);
            }
            return out.toString();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(JsonNode node, JsonGenerator out) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                List<String> names = new ArrayList<>();
                node.fieldNames().forEachRemaining(names::add);
                names.sort(null);
                out.writeStartObject();
                for (String name : names) {
                    out.writeFieldName(name);
                    write(node.get(name), out);
                }
                out.writeEndObject();
            }
            case ARRAY -> {
                out.writeStartArray();
                for (Iterator<JsonNode> items = node.elements(); items.hasNext(); ) {
                    write(items.next(), out);
                }
                out.writeEndArray();
            }
            case NUMBER -> out.writeNumber(plain(node.decimalValue()));
            case STRING -> out.writeString(node.textValue());
            case BOOLEAN -> out.writeBoolean(node.booleanValue());
            case NULL -> out.writeNull();
            default -> throw new IllegalArgumentException("not a JSON value: " + node.getNodeType());
        }
    }

    /** Exact value, one spelling: {@code 100}, {@code 1.5}, {@code 0}; never an exponent or trailing zero. */
    static String plain(BigDecimal number) {
        BigDecimal stripped = number.stripTrailingZeros();
        return stripped.scale() <= 0 ? stripped.toBigIntegerExact().toString() : stripped.toPlainString();
    }
}
