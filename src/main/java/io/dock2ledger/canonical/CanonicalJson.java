package io.dock2ledger.canonical;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.math.BigDecimal;

/**
 * The one JSON dialect of the hub: decimals are written as plain strings ("443.02", never 443.02 or 4.4302E2)
 * so that no binary floating point ever touches money or quantities on the way through JSON, JSONata or the API.
 */
public final class CanonicalJson {

    private CanonicalJson() {
    }

    public static ObjectMapper newMapper() {
        SimpleModule decimals = new SimpleModule("dock2ledger-decimals");
        decimals.addSerializer(BigDecimal.class, new PlainDecimalSerializer());
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(decimals)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
    }

    static final class PlainDecimalSerializer extends JsonSerializer<BigDecimal> {
        @Override
        public void serialize(BigDecimal value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeString(value.toPlainString());
        }
    }
}
