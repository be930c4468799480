package io.github.meteorjob.ejson.jsonb;

import io.github.meteorjob.ejson.Ejson;
import io.github.meteorjob.ejson.ObjectId;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EjsonMapperTest {

    public record Doc(String name, Instant at, Date old, byte[] data, ObjectId ref, List<Instant> times) {
    }

    public static class Pojo {
        public String title;
        public Instant when;

        public Pojo() {
        }
    }

    public record Dated(Date at) {
    }

    @Test
    void anySubclassOfDateIsADate() {
        JsonObject wire = EjsonMapper.toJson(new Dated(new java.sql.Date(20))).asJsonObject();
        assertThat(wire.get("at")).isEqualTo(Json.createObjectBuilder().add("$date", 20).build());
    }

    @Test
    void recordsMapSpecialTypesToEjson() {
        Doc d = new Doc("n", Instant.ofEpochMilli(10), new Date(20), new byte[]{9},
                ObjectId.of("000000000000000000000001"), List.of(Instant.ofEpochMilli(30)));
        JsonObject wire = EjsonMapper.toJson(d).asJsonObject();
        assertThat(wire.get("at")).isEqualTo(Ejson.date(Instant.ofEpochMilli(10)));
        assertThat(wire.get("old")).isEqualTo(Json.createObjectBuilder().add("$date", 20).build());
        assertThat(wire.get("data")).isEqualTo(Json.createObjectBuilder().add("$binary", "CQ==").build());
        assertThat(wire.get("ref")).isEqualTo(Json.createObjectBuilder().add("$type", "oid")
                .add("$value", "000000000000000000000001").build());
        assertThat(wire.getJsonArray("times").get(0)).isEqualTo(Ejson.date(Instant.ofEpochMilli(30)));

        Doc back = EjsonMapper.fromJson(wire, Doc.class);
        assertThat(back.name()).isEqualTo("n");
        assertThat(back.at()).isEqualTo(Instant.ofEpochMilli(10));
        assertThat(back.old()).isEqualTo(new Date(20));
        assertThat(back.data()).containsExactly(9);
        assertThat(back.ref()).isEqualTo(d.ref());
        assertThat(back.times()).containsExactly(Instant.ofEpochMilli(30));
    }

    @Test
    void encodeUsesJsonbForPojosInsideMaps() {
        Pojo p = new Pojo();
        p.title = "t";
        p.when = Instant.ofEpochMilli(5);
        assertThat(Ejson.stringify(EjsonMapper.encode(Map.of("p", p))))
                .isEqualTo("{\"p\":{\"title\":\"t\",\"when\":{\"$date\":5}}}");
        Pojo back = EjsonMapper.fromJson(Ejson.parse("{\"title\":\"t\",\"when\":{\"$date\":5}}"), Pojo.class);
        assertThat(back.when).isEqualTo(Instant.ofEpochMilli(5));
    }

    @Test
    void specialTargetTypes() {
        JsonValue v = Ejson.parse("{\"a\":1}");
        assertThat((JsonValue) EjsonMapper.fromJson(v, JsonValue.class)).isSameAs(v);
        assertThat((Object) EjsonMapper.fromJson(v, Object.class)).isEqualTo(Map.of("a", 1L));
        assertThat((Instant) EjsonMapper.fromJson(Ejson.parse("{\"$date\":3}"), Instant.class)).isEqualTo(Instant.ofEpochMilli(3));
        assertThat((Doc) EjsonMapper.fromJson(JsonValue.NULL, Doc.class)).isNull();
        assertThatThrownBy(() -> EjsonMapper.fromJson(Json.createValue("x"), Doc.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Doc");
    }
}
