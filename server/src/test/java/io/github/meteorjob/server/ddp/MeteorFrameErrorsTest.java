package io.github.meteorjob.server.ddp;

import io.github.meteorjob.server.security.AccessControl;
import io.github.meteorjob.server.security.UserDirectory;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connection-level {@code error} frames, case by case as Meteor's {@code ddp-server} sends them
 * ({@code stream_server} data handler, {@code DDPCommon.parseDDP}, {@code Session.processMessage}).
 */
class MeteorFrameErrorsTest {

    private DdpServer server;
    private String url;

    @BeforeEach
    void start() {
        server = new DdpServer(DdpServerOptions.defaults(), new AccessControl(new UserDirectory()));
        server.method("echo", Set.of("worker"), (inv, params) -> params);
        server.start("127.0.0.1", 0, null);
        url = "ws://127.0.0.1:" + server.port() + "/websocket";
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static JsonObject error(RawDdpClient c, String frame) throws Exception {
        c.sendText(frame);
        return c.next(m -> "error".equals(m.getString("msg", null)));
    }

    private static JsonObject bare(String reason) {
        return Json.createObjectBuilder().add("msg", "error").add("reason", reason).build();
    }

    private static JsonObject quoting(String reason, String frame) {
        return Json.createObjectBuilder().add("msg", "error").add("reason", reason)
                .add("offendingMessage", Json.createReader(new java.io.StringReader(frame)).readValue()).build();
    }

    @Test
    void textThatIsNotAJsonObjectOrArrayIsABadRequestWithoutOffendingMessage() throws Exception {
        try (RawDdpClient c = RawDdpClient.connected(url)) {
            for (String frame : new String[]{"{not json", "", "5", "\"connect\"", "null", "true", "{}{}"}) {
                assertThat(error(c, frame)).as(frame).isEqualTo(bare("Bad request"));
            }
        }
    }

    @Test
    void anObjectOrArrayWithoutATruthyMsgIsABadRequestQuotingIt() throws Exception {
        try (RawDdpClient c = RawDdpClient.connected(url)) {
            for (String frame : new String[]{"{}", "[]", "[1,2]", "{\"msg\":\"\"}", "{\"msg\":0}", "{\"msg\":null}",
                    "{\"server_id\":\"0\"}"}) {
                assertThat(error(c, frame)).as(frame).isEqualTo(quoting("Bad request", frame));
            }
        }
    }

    @Test
    void aMessageMeteorCannotDecodeIsAParseError() throws Exception {
        try (RawDdpClient c = RawDdpClient.connected(url)) {
            assertThat(error(c, "{\"msg\":\"method\",\"id\":\"1\",\"method\":\"echo\",\"cleared\":\"x\"}"))
                    .isEqualTo(bare("Parse error"));
            assertThat(error(c, "{\"msg\":\"method\",\"id\":\"2\",\"method\":\"echo\",\"params\":[{\"a\":{\"$type\":\"nope\",\"$value\":1}}]}"))
                    .isEqualTo(bare("Parse error"));
            // an ObjectID is a type Meteor knows
            c.sendText("{\"msg\":\"method\",\"id\":\"3\",\"method\":\"echo\",\"params\":[{\"$type\":\"oid\",\"$value\":\"0123456789abcdef01234567\"}]}");
            assertThat(c.result("3").getJsonArray("result").getJsonObject(0).getString("$type")).isEqualTo("oid");
        }
    }

    @Test
    void beforeConnectEveryMessageButConnectIsMustConnectFirst() throws Exception {
        try (RawDdpClient c = RawDdpClient.open(url)) {
            for (String frame : new String[]{"{\"msg\":\"ping\"}", "{\"msg\":1}", "{\"msg\":\"bogus\"}"}) {
                assertThat(error(c, frame)).as(frame).isEqualTo(quoting("Must connect first", frame));
            }
            c.handshake();
        }
    }

    @Test
    void aSecondConnectIsAlreadyConnectedAndUnknownMessagesAreBadRequests() throws Exception {
        try (RawDdpClient c = RawDdpClient.connected(url)) {
            String connect = "{\"msg\":\"connect\",\"version\":\"1\",\"support\":[\"1\"]}";
            assertThat(error(c, connect)).isEqualTo(quoting("Already connected", connect));
            for (String frame : new String[]{"{\"msg\":1}", "{\"msg\":\"bogus\"}", "{\"msg\":true}"}) {
                assertThat(error(c, frame)).as(frame).isEqualTo(quoting("Bad request", frame));
            }
            assertThat(c.call("echo", Json.createValue(7)).getJsonArray("result").getInt(0)).isEqualTo(7);
        }
    }
}
