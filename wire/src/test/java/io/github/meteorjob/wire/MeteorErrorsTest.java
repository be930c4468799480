package io.github.meteorjob.wire;

import io.github.meteorjob.DdpException;
import io.github.meteorjob.ejson.Ejson;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MeteorErrorsTest {

    @Test
    void writesMeteorsErrorObject() {
        DdpException e = new DdpException(Json.createValue(403), "Method not authorized",
                Json.createObjectBuilder().add("method", "jobRemove_q").build());
        assertThat(Ejson.stringify(MeteorErrors.toJson(e))).isEqualTo("{\"error\":403,\"reason\":\"Method not authorized\","
                + "\"message\":\"Method not authorized [403]\",\"errorType\":\"Meteor.Error\","
                + "\"details\":{\"method\":\"jobRemove_q\"}}");
        // no reason, no details: both left out
        assertThat(Ejson.stringify(MeteorErrors.toJson(new DdpException(Json.createValue("x"), null, null))))
                .doesNotContain("reason").doesNotContain("details").contains("\"error\":\"x\"");
    }

    @Test
    void readsWhatTheServerWrites() {
        DdpException sent = new DdpException("validation-error", "bad type");
        DdpException read = MeteorErrors.fromJson(MeteorErrors.toJson(sent));
        assertThat(read.error()).isEqualTo(Json.createValue("validation-error"));
        assertThat(read.reason()).isEqualTo("bad type");
        assertThat(read.getMessage()).isEqualTo(sent.getMessage());
        assertThat(read.details()).isEqualTo(JsonValue.NULL);
    }

    @Test
    void readsLooserShapes() {
        // message stands in for a missing reason; a missing code is null; a bare value is the code
        DdpException m = MeteorErrors.fromJson(Ejson.parse("{\"message\":\"boom\"}"));
        assertThat(m.reason()).isEqualTo("boom");
        assertThat(m.error()).isEqualTo(JsonValue.NULL);
        DdpException bare = MeteorErrors.fromJson(Json.createValue(500));
        assertThat(bare.errorCode()).isEqualTo(500);
        assertThat(bare.reason()).isNull();
    }
}
