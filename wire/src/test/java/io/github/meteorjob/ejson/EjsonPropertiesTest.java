package io.github.meteorjob.ejson;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** decode(parse(stringify(encode(x)))) gives x back for generated EJSON values. */
class EjsonPropertiesTest {

    @Property(tries = 300)
    void roundTripsThroughTheWire(@ForAll("values") Object value) {
        String wire = Ejson.stringify(Ejson.encode(value));
        Object back = Ejson.decode(Ejson.parse(wire));
        assertThat(normalize(back)).isEqualTo(normalize(value));
        // and the wire form is stable
        assertThat(Ejson.stringify(Ejson.encode(back))).isEqualTo(wire);
    }

    @Property(tries = 300)
    void stringifyWritesWhatJsonPWrites(@ForAll String text, @ForAll long n, @ForAll double d) {
        jakarta.json.JsonValue v = jakarta.json.Json.createObjectBuilder().add(text, text)
                .add("n", n).add("d", d == d && !Double.isInfinite(d) ? d : 0.5)
                .add("a", jakarta.json.Json.createArrayBuilder().add(text).addNull().add(true)).build();
        java.io.StringWriter w = new java.io.StringWriter();
        try (jakarta.json.JsonWriter jw = jakarta.json.Json.createWriter(w)) {
            jw.write(v);
        }
        assertThat(Ejson.stringify(v)).isEqualTo(w.toString());
        assertThat(Ejson.parse(Ejson.stringify(v))).isEqualTo(v);
    }

    @Property(tries = 200)
    void datesRoundTrip(@ForAll("instants") Instant t) {
        assertThat(Ejson.instant(Ejson.parse(Ejson.stringify(Ejson.date(t))))).isEqualTo(t);
    }

    @Provide
    Arbitrary<Instant> instants() {
        return Arbitraries.longs().between(-8_640_000_000_000_000L, 8_640_000_000_000_000L).map(Instant::ofEpochMilli);
    }

    @Provide
    Arbitrary<Object> values() {
        return Arbitraries.recursive(this::leaf, this::container, 4);
    }

    private Arbitrary<Object> leaf() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(12).map(s -> (Object) s),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.doubles().filter(d -> d != Math.rint(d) || Double.isInfinite(d)).map(d -> (Object) d),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY).map(d -> (Object) d),
                Arbitraries.of(Boolean.TRUE, Boolean.FALSE).map(b -> (Object) b),
                Arbitraries.just(null),
                instants().map(i -> (Object) i),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(16).map(b -> (Object) b),
                Arbitraries.bytes().array(byte[].class).ofSize(12).map(b -> (Object) new ObjectId(HexFormat.of().formatHex(b))),
                // keys that collide with EJSON's special keys must survive through $escape
                Arbitraries.of("$date", "$binary", "$InfNaN", "$escape", "$type", "$regexp").flatMap(k ->
                        Arbitraries.longs().map(v -> (Object) Map.of(k, v))),
                Arbitraries.longs().map(v -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("$type", "t");
                    m.put("$value", v);
                    return (Object) m;
                }));
    }

    private Arbitrary<Object> container(Arbitrary<Object> inner) {
        return Arbitraries.oneOf(
                inner.list().ofMaxSize(4).map(l -> (Object) l),
                Arbitraries.maps(Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(5), inner)
                        .ofMaxSize(4).map(m -> (Object) new LinkedHashMap<>(m)));
    }

    /** byte[] has identity equality; NaN compares fine through Double.equals. */
    private static Object normalize(Object v) {
        if (v instanceof byte[] b) {
            return "bytes:" + Arrays.toString(b);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) {
                out.add(normalize(o));
            }
            return out;
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(k, normalize(x)));
            return out;
        }
        return v;
    }
}
