package io.github.meteorjob.ddp;

import io.github.meteorjob.ejson.Ejson;
import jakarta.json.JsonArray;

import java.util.List;

/** Builds outgoing DDP frames as text without intermediate JSON trees (hot path). */
final class DdpFrames {

    private DdpFrames() {
    }

    static String connect(String version, List<String> support) {
        StringBuilder sb = new StringBuilder(64).append("{\"msg\":\"connect\",\"version\":");
        quote(sb, version).append(",\"support\":[");
        for (int i = 0; i < support.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            quote(sb, support.get(i));
        }
        return sb.append("]}").toString();
    }

    static String method(String id, String method, JsonArray params) {
        StringBuilder sb = new StringBuilder(96 + method.length());
        sb.append("{\"msg\":\"method\",\"id\":");
        quote(sb, id).append(",\"method\":");
        quote(sb, method).append(",\"params\":");
        return Ejson.append(sb, params).append('}').toString();
    }

    static String sub(String id, String name, JsonArray params) {
        StringBuilder sb = new StringBuilder(64).append("{\"msg\":\"sub\",\"id\":");
        quote(sb, id).append(",\"name\":");
        quote(sb, name).append(",\"params\":");
        return Ejson.append(sb, params).append('}').toString();
    }

    static String unsub(String id) {
        return quote(new StringBuilder(32).append("{\"msg\":\"unsub\",\"id\":"), id).append('}').toString();
    }

    static String ping(String id) {
        return id == null ? "{\"msg\":\"ping\"}"
                : quote(new StringBuilder(32).append("{\"msg\":\"ping\",\"id\":"), id).append('}').toString();
    }

    static String pong(String id) {
        return id == null ? "{\"msg\":\"pong\"}"
                : quote(new StringBuilder(32).append("{\"msg\":\"pong\",\"id\":"), id).append('}').toString();
    }

    /** Appends s as a JSON string literal. */
    static StringBuilder quote(StringBuilder sb, String s) {
        return Ejson.quote(sb, s);
    }
}
