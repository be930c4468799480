package io.github.meteorjob.ejson;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Wire forms as Meteor's EJSON writes them (EJSON.stringify output, keys in order). */
class EjsonGoldenTest {

    private static String wire(Object javaValue) {
        return Ejson.stringify(Ejson.encode(javaValue));
    }

    private static Object read(String json) {
        return Ejson.decode(Ejson.parse(json));
    }

    @Test
    void dates() {
        Instant t = Instant.ofEpochMilli(1_700_000_000_123L);
        assertThat(wire(t)).isEqualTo("{\"$date\":1700000000123}");
        assertThat(wire(new Date(5))).isEqualTo("{\"$date\":5}");
        assertThat(wire(Instant.EPOCH.minusMillis(1))).isEqualTo("{\"$date\":-1}");
        assertThat(read("{\"$date\":1700000000123}")).isEqualTo(t);
        assertThat(Ejson.date(t)).isEqualTo(Json.createObjectBuilder().add("$date", 1700000000123L).build());
        assertThat(Ejson.instant(Ejson.parse("{\"$date\":8640000000000000}")))
                .isEqualTo(Instant.ofEpochMilli(8640000000000000L));
    }

    @Test
    void instantRejectsNonDates() {
        assertThatThrownBy(() -> Ejson.instant(Json.createValue(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("$date").hasMessageContaining("5");
        assertThatThrownBy(() -> Ejson.instant(Ejson.parse("{\"$date\":\"x\"}")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> read("{\"$date\":\"2020\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid EJSON $date");
    }

    @Test
    void binary() {
        byte[] bytes = "hello".getBytes(StandardCharsets.US_ASCII);
        assertThat(wire(bytes)).isEqualTo("{\"$binary\":\"aGVsbG8=\"}");
        assertThat((byte[]) read("{\"$binary\":\"aGVsbG8=\"}")).isEqualTo(bytes);
        assertThat(wire(new byte[0])).isEqualTo("{\"$binary\":\"\"}");
        assertThatThrownBy(() -> read("{\"$binary\":\"***\"}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("base64");
    }

    @Test
    void infNaN() {
        assertThat(wire(Double.POSITIVE_INFINITY)).isEqualTo("{\"$InfNaN\":1}");
        assertThat(wire(Double.NEGATIVE_INFINITY)).isEqualTo("{\"$InfNaN\":-1}");
        assertThat(wire(Double.NaN)).isEqualTo("{\"$InfNaN\":0}");
        assertThat(wire(Float.NaN)).isEqualTo("{\"$InfNaN\":0}");
        assertThat(read("{\"$InfNaN\":1}")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(read("{\"$InfNaN\":-1}")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat((Double) read("{\"$InfNaN\":0}")).isNaN();
    }

    @Test
    void objectIdAndCustomTypes() {
        ObjectId oid = ObjectId.of("5F1D7B2C9E4A3B2C1D0E9F8A");
        assertThat(oid.hex()).isEqualTo("5f1d7b2c9e4a3b2c1d0e9f8a");
        assertThat(wire(oid)).isEqualTo("{\"$type\":\"oid\",\"$value\":\"5f1d7b2c9e4a3b2c1d0e9f8a\"}");
        assertThat(read("{\"$type\":\"oid\",\"$value\":\"5f1d7b2c9e4a3b2c1d0e9f8a\"}")).isEqualTo(oid);
        assertThat(read("{\"$value\":{\"a\":1},\"$type\":\"money\"}"))
                .isEqualTo(new EjsonCustom("money", Json.createObjectBuilder().add("a", 1).build()));
        assertThat(wire(new EjsonCustom("money", Json.createValue("5 EUR"))))
                .isEqualTo("{\"$type\":\"money\",\"$value\":\"5 EUR\"}");
        assertThatThrownBy(() -> ObjectId.of("xyz")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("24 hex");
        assertThatThrownBy(() -> ObjectId.of("zz1d7b2c9e4a3b2c1d0e9f8a")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("non-hex");
        ObjectId g = ObjectId.generate();
        assertThat(g.timestamp()).isBetween(Instant.now().minusSeconds(5), Instant.now().plusSeconds(5));
        assertThat(ObjectId.generate()).isNotEqualTo(g);
    }

    @Test
    void objectsThatLookSpecialAreEscaped() {
        assertThat(wire(Map.of("$date", 5))).isEqualTo("{\"$escape\":{\"$date\":5}}");
        assertThat(wire(Map.of("$binary", "x"))).isEqualTo("{\"$escape\":{\"$binary\":\"x\"}}");
        assertThat(wire(Map.of("$InfNaN", 1))).isEqualTo("{\"$escape\":{\"$InfNaN\":1}}");
        assertThat(wire(Map.of("$escape", 1))).isEqualTo("{\"$escape\":{\"$escape\":1}}");
        Map<String, Object> typeValue = new LinkedHashMap<>();
        typeValue.put("$type", "a");
        typeValue.put("$value", 1);
        assertThat(wire(typeValue)).isEqualTo("{\"$escape\":{\"$type\":\"a\",\"$value\":1}}");
        // values inside an escaped object are still encoded
        assertThat(wire(Map.of("$date", Instant.ofEpochMilli(7)))).isEqualTo("{\"$escape\":{\"$date\":{\"$date\":7}}}");
        // not special: more keys, or an ordinary key
        Map<String, Object> two = new LinkedHashMap<>();
        two.put("$date", 5);
        two.put("other", 1);
        assertThat(wire(two)).isEqualTo("{\"$date\":5,\"other\":1}");
        assertThat(wire(Map.of("$foo", 1))).isEqualTo("{\"$foo\":1}");

        assertThat(read("{\"$escape\":{\"$date\":5}}")).isEqualTo(Map.of("$date", 5L));
        assertThat(read("{\"$escape\":{\"$date\":{\"$date\":7}}}")).isEqualTo(Map.of("$date", Instant.ofEpochMilli(7)));
    }

    @Test
    void nested() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("_id", "abc");
        doc.put("created", Instant.ofEpochMilli(1000));
        doc.put("log", List.of(Map.of("time", Instant.ofEpochMilli(2000)), Map.of("n", Double.POSITIVE_INFINITY)));
        doc.put("blob", new byte[]{1, 2, 3});
        doc.put("nothing", null);
        doc.put("ok", true);
        doc.put("ratio", 0.25);
        doc.put("big", new BigDecimal("123456789012345678901234567890"));
        String json = "{\"_id\":\"abc\",\"created\":{\"$date\":1000},\"log\":[{\"time\":{\"$date\":2000}},"
                + "{\"n\":{\"$InfNaN\":1}}],\"blob\":{\"$binary\":\"AQID\"},\"nothing\":null,\"ok\":true,"
                + "\"ratio\":0.25,\"big\":123456789012345678901234567890}";
        assertThat(wire(doc)).isEqualTo(json);
        @SuppressWarnings("unchecked")
        Map<String, Object> back = (Map<String, Object>) read(json);
        assertThat(back.get("created")).isEqualTo(Instant.ofEpochMilli(1000));
        assertThat((byte[]) back.get("blob")).containsExactly(1, 2, 3);
        assertThat(back.get("big")).isEqualTo(new BigDecimal("123456789012345678901234567890"));
        assertThat(back.get("ratio")).isEqualTo(0.25);
        assertThat(back.get("log")).isEqualTo(List.of(Map.of("time", Instant.ofEpochMilli(2000)),
                Map.of("n", Double.POSITIVE_INFINITY)));
        assertThat(back).containsEntry("nothing", null).containsEntry("ok", true).containsEntry("_id", "abc");
    }

    @Test
    void numbers() {
        assertThat(read("42")).isEqualTo(42L);
        assertThat(read("9007199254740992")).isEqualTo(9007199254740992L);
        assertThat(read("1.5")).isEqualTo(1.5);
        assertThat(read("0.1")).isEqualTo(0.1);
        assertThat(read("0.10000000000000000000001")).isEqualTo(new BigDecimal("0.10000000000000000000001"));
        assertThat(read("99999999999999999999")).isEqualTo(new BigDecimal("99999999999999999999"));
        assertThat(wire(0.1f)).isEqualTo("0.1");
        assertThat(wire(7)).isEqualTo("7");
        assertThat(wire((short) 7)).isEqualTo("7");
    }

    @Test
    void miscJavaValues() {
        assertThat(wire(null)).isEqualTo("null");
        assertThat(wire(Optional.empty())).isEqualTo("null");
        assertThat(wire(Optional.of("x"))).isEqualTo("\"x\"");
        assertThat(wire('c')).isEqualTo("\"c\"");
        assertThat(wire(Thread.State.NEW)).isEqualTo("\"NEW\"");
        assertThat(wire(new int[]{1, 2})).isEqualTo("[1,2]");
        assertThat(wire(new String[]{"a"})).isEqualTo("[\"a\"]");
        JsonObject raw = Json.createObjectBuilder().add("$date", 1).build();
        assertThat(Ejson.encode(raw)).isSameAs(raw); // JSON-P values are taken as wire form already
        assertThat(Ejson.params("a", 1, Instant.ofEpochMilli(3))).isEqualTo(Json.createArrayBuilder().add("a").add(1)
                .add(Json.createObjectBuilder().add("$date", 3)).build());
        assertThat(Ejson.decode(JsonValue.NULL)).isNull();
    }

    @Test
    void parseErrorsAreClear() {
        assertThatThrownBy(() -> Ejson.parse("{oops")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("malformed JSON");
        assertThatThrownBy(() -> Ejson.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    record Point(int x, int y) {
    }

    @Test
    void recordsNeedAnObjectMapperAtAnyDepth() {
        // the codec is JSON-P only: a record is refused with its type named, not silently dropped
        assertThatThrownBy(() -> Ejson.encode(Map.of("p", List.of(new Point(1, 2)))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Point.class.getName()).hasMessageContaining("object mapper");
        // with a mapper, the codec hands it every value it does not know, inside maps and lists too
        JsonValue wire = Ejson.encode(Map.of("p", List.of(new Point(1, 2))), o -> Json.createValue(o.toString()));
        assertThat(Ejson.stringify(wire)).isEqualTo("{\"p\":[\"Point[x=1, y=2]\"]}");
    }
}
