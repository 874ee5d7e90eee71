package io.dock2ledger.erp.tryton;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * Tryton's JSON-RPC encodings: a date is {@code {"__class__":"date","year":..,"month":..,"day":..}}, a number with
 * decimals {@code {"__class__":"Decimal","decimal":"10.00"}}. Money stays BigDecimal end to end, never a double.
 */
public final class TrytonJson {

    private TrytonJson() {
    }

    /** A mapper that writes LocalDate and BigDecimal the way Tryton reads them, and reads floats as BigDecimal. */
    public static ObjectMapper mapper() {
        SimpleModule tryton = new SimpleModule("tryton-json-rpc");
        tryton.addSerializer(LocalDate.class, new StdSerializer<>(LocalDate.class) {
            @Override
            public void serialize(LocalDate date, JsonGenerator json, SerializerProvider provider) throws IOException {
                json.writeStartObject();
                json.writeStringField("__class__", "date");
                json.writeNumberField("year", date.getYear());
                json.writeNumberField("month", date.getMonthValue());
                json.writeNumberField("day", date.getDayOfMonth());
                json.writeEndObject();
            }
        });
        tryton.addSerializer(BigDecimal.class, new StdSerializer<>(BigDecimal.class) {
            @Override
            public void serialize(BigDecimal value, JsonGenerator json, SerializerProvider provider)
                    throws IOException {
                json.writeStartObject();
                json.writeStringField("__class__", "Decimal");
                json.writeStringField("decimal", value.toPlainString());
                json.writeEndObject();
            }
        });
        return JsonMapper.builder()
                .addModule(tryton)
                .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .build();
    }

    /** A Decimal field read back ({@code {"__class__":"Decimal","decimal":"443.02"}}); null stays null. */
    public static BigDecimal decimal(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isObject() && "Decimal".equals(node.path("__class__").asText())) {
            return new BigDecimal(node.path("decimal").asText());
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        throw new IllegalArgumentException("not a Tryton Decimal: " + node);
    }

    /** A date field read back; null stays null. */
    public static LocalDate date(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isObject() && "date".equals(node.path("__class__").asText())) {
            return LocalDate.of(node.path("year").asInt(), node.path("month").asInt(), node.path("day").asInt());
        }
        throw new IllegalArgumentException("not a Tryton date: " + node);
    }
}
