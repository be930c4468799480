package io.github.meteorjob.server.jobs;

import io.github.meteorjob.BackoffMethod;
import io.github.meteorjob.DdpException;
import io.github.meteorjob.JobStatus;
import io.github.meteorjob.LogLevel;
import io.github.meteorjob.wire.MeteorMatch;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.Set;

import static io.github.meteorjob.wire.MeteorMatch.fail;
import static io.github.meteorjob.wire.MeteorMatch.id;
import static io.github.meteorjob.wire.MeteorMatch.isInt;
import static io.github.meteorjob.wire.MeteorMatch.isNumber;
import static io.github.meteorjob.wire.MeteorMatch.isPlainObject;
import static io.github.meteorjob.wire.MeteorMatch.num;
import static io.github.meteorjob.wire.MeteorMatch.oneOf;
import static io.github.meteorjob.wire.MeteorMatch.show;
import static io.github.meteorjob.wire.MeteorMatch.where;

/**
 * Parameter checks with the strictness of Meteor's {@code check()} patterns used by
 * job-collection: object patterns refuse unknown keys, optional keys may be absent but not
 * {@code null}, and a failure is answered like Meteor's sanitized {@code Match.Error}: error 400,
 * reason "Match failed", with {@code details} naming what is wrong.
 *
 * <p>The atoms (strings, booleans, dates, ids, integers, options objects) are {@link MeteorMatch}'s in the
 * module {@code wire}, which the job query's wire form reads with too; the callers use those directly, so each
 * rule exists once. What only job-collection's methods need stays here.
 */
final class Check {

    /** Cached: {@code Json.createX} looks the provider up on every call, which costs more than a job. */
    private static final jakarta.json.spi.JsonProvider JSON = io.github.meteorjob.ejson.Ejson.provider();

    /** Job statuses as spelt on the wire ({@link JobStatus#wireName()}). */
    static final Set<String> STATUSES = wireNames(JobStatus.values(), JobStatus::wireName);
    static final Set<String> LOG_LEVELS = wireNames(LogLevel.values(), LogLevel::wireName);
    static final Set<String> BACKOFFS = wireNames(BackoffMethod.values(), BackoffMethod::wireName);

    /** A validator of one value; returns normally or throws via {@link MeteorMatch#fail}. */
    @FunctionalInterface
    interface Rule extends MeteorMatch.Rule {
    }

    private Check() {
    }

    private static <E> Set<String> wireNames(E[] values, java.util.function.Function<E, String> name) {
        Set<String> out = new java.util.LinkedHashSet<>();
        for (E v : values) {
            out.add(name.apply(v));
        }
        return java.util.Collections.unmodifiableSet(out);
    }

    static JsonValue arg(JsonArray params, int i) {
        return params != null && i < params.size() ? params.get(i) : null;
    }

    // ---------------------------------------------------------------- atoms

    static String idOrNull(JsonValue v, String field) {
        return v != null && v.getValueType() == JsonValue.ValueType.NULL ? null : id(v, field);
    }

    static double numGTEZero(JsonValue v, String field) {
        if (isNumber(v) && num(v) >= 0) {
            return num(v);
        }
        throw fail("Expected a finite number ≥ 0, got " + show(v) + where(field));
    }

    static double numGTZero(JsonValue v, String field) {
        if (isNumber(v) && num(v) > 0) {
            return num(v);
        }
        throw fail("Expected a finite number > 0, got " + show(v) + where(field));
    }

    /** Match.Integer: a signed 32-bit integer. */
    static int int32(JsonValue v, String field) {
        if (isInt(v) && num(v) >= Integer.MIN_VALUE && num(v) <= Integer.MAX_VALUE) {
            return (int) num(v);
        }
        throw fail("Expected Integer, got " + show(v) + where(field));
    }

    // ---------------------------------------------------------------- objects

    /**
     * Refuses field names MongoDB cannot store, which makes job-collection's insert or update fail:
     * a key containing {@code .} or starting with {@code $}, at any depth of {@code v} (EJSON values
     * such as dates are not documents and are skipped). Answered 400 naming the key's path.
     */
    static void storableKeys(JsonValue v, String path) {
        if (v instanceof JsonArray a) {
            for (int i = 0; i < a.size(); i++) {
                storableKeys(a.get(i), path + "[" + i + "]");
            }
        } else if (v instanceof JsonObject o && isPlainObject(o)) {
            for (var e : o.entrySet()) {
                String key = e.getKey();
                String at = path + (key.matches("[A-Za-z_][A-Za-z0-9_]*") ? "." + key : "[" + JSON.createValue(key) + "]");
                if (key.startsWith("$") || key.contains(".")) {
                    throw new DdpException(JSON.createValue(400), "Invalid field name", JSON.createValue(
                            "Key " + at + " must not " + (key.startsWith("$") ? "start with '$'" : "contain '.'")
                                    + ": MongoDB cannot store it, so job-collection cannot save the job"));
                }
                storableKeys(e.getValue(), at);
            }
        }
    }

    static final Rule BOOLEAN = MeteorMatch::bool;
    static final Rule DATE = MeteorMatch::date;
    static final Rule OBJECT = MeteorMatch::object;
    static final Rule INT_GTE_ZERO = MeteorMatch::intGTEZero;
    static final Rule INT_GTE_ONE = MeteorMatch::intGTEOne;
    static final Rule LOG_LEVEL = (v, f) -> oneOf(v, LOG_LEVELS, f);

    /** job-collection's {@code _validLaterJSObj}: {@code {schedules: [Object], exceptions?: [Object]}}. */
    static boolean isLaterObject(JsonValue v) {
        if (!(v instanceof JsonObject o) || !isPlainObject(v)) {
            return false;
        }
        for (String k : o.keySet()) {
            if (!k.equals("schedules") && !k.equals("exceptions")) {
                return false;
            }
        }
        return objectArray(o.get("schedules")) && (!o.containsKey("exceptions") || objectArray(o.get("exceptions")));
    }

    private static boolean objectArray(JsonValue v) {
        if (!(v instanceof JsonArray a)) {
            return false;
        }
        for (JsonValue e : a) {
            if (!isPlainObject(e)) {
                return false;
            }
        }
        return true;
    }
}
