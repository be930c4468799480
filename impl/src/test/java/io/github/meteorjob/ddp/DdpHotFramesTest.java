package io.github.meteorjob.ddp;

import io.github.meteorjob.DdpException;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static io.github.meteorjob.ddp.DdpTestSupport.await;
import static io.github.meteorjob.ddp.DdpTestSupport.failure;
import static io.github.meteorjob.ddp.DdpTestSupport.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The streaming reader of {@code result} and {@code updated} frames ({@link HotFrames}): it takes the frames
 * whose first member is {@code msg}, leaves the others to the tree reader, and gives the same outcome as the
 * tree reader for every shape of those frames.
 */
class DdpHotFramesTest extends ScriptedServerFixture {

    @Test
    void resultAndUpdatedFramesAreReadWithoutTheTreeReaderOthersAreLeftToIt() {
        Counters counters = new Counters();
        HotFrames hot = new HotFrames(new PendingCalls(null, counters, Duration.ofSeconds(10)));
        assertThat(hot.read("{\"msg\":\"result\",\"id\":\"7\",\"result\":{\"a\":[1,2]}}"))
                .isEqualTo(HotFrames.Outcome.HANDLED);
        assertThat(counters.unknownResultIds.sum()).isEqualTo(1);
        assertThat(hot.read("{\"msg\":\"updated\",\"methods\":[\"7\"]}")).isEqualTo(HotFrames.Outcome.HANDLED);
        assertThat(hot.read("{\"msg\":\"added\",\"collection\":\"c\",\"id\":\"1\"}"))
                .isEqualTo(HotFrames.Outcome.NOT_HOT);
        assertThat(hot.read("{\"id\":\"7\",\"msg\":\"result\",\"result\":1}")).isEqualTo(HotFrames.Outcome.NOT_HOT);
        assertThat(hot.read("[1]")).isEqualTo(HotFrames.Outcome.NOT_HOT);
        assertThat(hot.read("{\"msg\":7}")).isEqualTo(HotFrames.Outcome.NOT_HOT);
    }

    @Test
    void resultMembersInAnyOrderWithUnknownMembersAndEscapedIds() {
        server.onCall("shape", c -> {
            String id = c.id();
            String escaped = id.chars().mapToObj(ch -> String.format("\\u%04x", ch)).reduce("", String::concat);
            switch (c.params().getString(0)) {
                case "idLast" -> c.send("{\"msg\":\"result\",\"x\":{\"y\":[1,{\"z\":null}]},\"result\":"
                        + "{\"when\":{\"$date\":5},\"n\":[1.5,true]},\"id\":\"" + id + "\"}");
                case "msgLater" -> c.send("{\"id\":\"" + id + "\",\"msg\":\"result\",\"result\":\"tree\"}");
                case "escapedId" -> c.send("{\"msg\":\"result\",\"id\":\"" + escaped + "\",\"result\":3}");
                case "noResult" -> c.send(" {\"msg\":\"result\",\"id\":\"" + id + "\"} ");
                case "error" -> c.send("{\"msg\":\"result\",\"id\":\"" + id + "\",\"error\":{\"error\":404,"
                        + "\"reason\":\"nope\",\"message\":\"nope [404]\",\"errorType\":\"Meteor.Error\"}}");
                default -> throw new IllegalStateException();
            }
        });
        connectFast();
        assertThat(await(client.call("shape", params("idLast")))).isEqualTo(Json.createObjectBuilder()
                .add("when", Json.createObjectBuilder().add("$date", 5))
                .add("n", Json.createArrayBuilder().add(1.5).add(true)).build());
        assertThat(await(client.call("shape", params("msgLater")))).isEqualTo(Json.createValue("tree"));
        assertThat(await(client.call("shape", params("escapedId")))).isEqualTo(Json.createValue(3));
        assertThat(await(client.call("shape", params("noResult")))).isEqualTo(JsonValue.NULL);
        assertThat(failure(client.call("shape", params("error")))).isInstanceOf(DdpException.class)
                .hasMessageContaining("nope");
        assertThat(client.stats().malformedFrames()).isZero();
    }

    @Test
    void malformedResultFramesAreCountedAndCompleteNothing() {
        server.onCall("late", c -> {
            c.send("{\"msg\":\"result\",\"id\":\"" + c.id() + "\",\"result\":1} trailing");
            c.send("{\"msg\":\"result\",\"id\":\"" + c.id() + "\",\"result\":[1,}");
            c.send("{\"msg\":\"result\",\"id\":" + c.id() + ",\"result\":1}");
            c.send("{\"msg\":\"result\",\"result\":1}");
            c.send("{\"msg\":\"result\",\"id\":\"" + c.id() + "\",\"result\":2}");
        });
        connectFast();
        assertThat(await(client.call("late", params()))).isEqualTo(Json.createValue(2));
        assertThat(client.stats().malformedFrames()).isEqualTo(4);
    }

    @Test
    void updatedTakesOnlyTheStringsOfAMethodsArray() {
        server.sendUpdated(false);
        server.onMethod("write", p -> JsonValue.TRUE);
        connectFast();
        DdpCall call = ((DefaultDdpClient) client).invoke("write", params(), CallOptions.DEFAULT);
        await(call.result());
        CompletableFuture<Void> updated = call.updated().toCompletableFuture();
        server.send("{\"msg\":\"updated\",\"methods\":\"" + call.id() + "\"}");
        server.send("{\"msg\":\"updated\",\"methods\":[\"" + call.id() + "\"],\"methods\":5}");
        server.send("{\"msg\":\"updated\",\"methods\":[\"" + call.id() + "\",}");
        server.send("{\"msg\":\"updated\",\"methods\":[[\"" + call.id() + "\"],{\"m\":\"" + call.id() + "\"},7]}");
        // a later frame is read only after the earlier ones: none of them completed the notice
        await(client.call("write", params()));
        assertThat(updated).isNotDone();
        assertThat(client.stats().malformedFrames()).isEqualTo(1);
        server.send("{\"msg\":\"updated\",\"x\":[{\"a\":[]}],\"methods\":[1,{\"a\":[2]},[\"z\"],\"" + call.id()
                + "\"]}");
        await(call.updated());
        await().until(updated::isDone);
    }
}
