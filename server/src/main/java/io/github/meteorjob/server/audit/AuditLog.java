package io.github.meteorjob.server.audit;

import io.github.meteorjob.server.ddp.DdpObserver;
import io.github.meteorjob.server.jobs.JobCollectionServer;
import io.github.meteorjob.server.security.AccessControl;
import io.github.meteorjob.server.security.User;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * The access log of the job server's manager and admin methods ({@code jobCancel}, {@code jobRemove},
 * {@code startJobServer}, ...): one INFO line per call under the logger {@value #LOGGER}, so operators can route
 * it to its own file. A line names who called (user id and username, or {@code anonymous}), from which address
 * and connection, the method, the job ids it named and the result; never job data, options or credentials.
 *
 * <pre>
 * method=jobPile_jobCancel user=u1(alice) address=10.0.0.7 connection=Hx3k... jobs=[a1b2,c3d4] result=ok
 * method=jobPile_jobRemove user=anonymous address=127.0.0.1 connection=... jobs=[a1b2] result=error:403
 * </pre>
 */
public final class AuditLog implements DdpObserver {

    /** The name of the audit logger. */
    public static final String LOGGER = "io.github.meteorjob.server.audit";

    /** Job ids named per line; more are summarized as {@code +N more}. */
    static final int MAX_IDS = 20;
    /** Characters kept of one id (a client may send anything as an id). */
    static final int MAX_ID_CHARS = 64;

    private static final System.Logger LOG = System.getLogger(LOGGER);

    private final AccessControl access;
    private final Set<String> audited = new HashSet<>();

    /** Audits the manager and admin methods of {@code roots}; users' names come from {@code access}. */
    public AuditLog(AccessControl access, Collection<String> roots) {
        this.access = access;
        JobCollectionServer.METHOD_LEVELS.forEach((method, levels) -> {
            // the methods only managers and admins may call: those that change jobs or the job server
            // (getJob, which managers may call too, is a read that workers and viewers share)
            if (Set.of("admin", "manager").containsAll(levels)) {
                roots.forEach(root -> audited.add(root + "_" + method));
            }
        });
    }

    /** Whether calls of this DDP method are audited. */
    public boolean audits(String method) {
        return audited.contains(method);
    }

    @Override
    public void methodCalled(MethodCall call) {
        if (!audited.contains(call.method()) || !LOG.isLoggable(System.Logger.Level.INFO)) {
            return;
        }
        LOG.log(System.Logger.Level.INFO, line(call));
    }

    /** The audit line of a call. */
    String line(MethodCall call) {
        StringBuilder b = new StringBuilder(160);
        b.append("method=").append(call.method());
        b.append(" user=");
        if (call.userId() == null) {
            b.append("anonymous");
        } else {
            safe(b, call.userId());
            String name = access.users().byId(call.userId()).map(User::username).orElse(null);
            if (name != null) {
                b.append('(');
                safe(b, name);
                b.append(')');
            }
        }
        b.append(" address=");
        safe(b, call.remoteAddress() == null ? "unknown" : call.remoteAddress());
        b.append(" connection=");
        safe(b, String.valueOf(call.connectionId()));
        b.append(" jobs=");
        ids(b, call.params());
        b.append(" result=").append(call.error() == null ? "ok" : "error:" + call.errorCode());
        return b.toString();
    }

    /** The ids of the first parameter (an id or an array of ids), as manager methods take them. */
    private static void ids(StringBuilder b, JsonArray params) {
        JsonValue first = params == null || params.isEmpty() ? null : params.get(0);
        b.append('[');
        if (first instanceof JsonString s) {
            safe(b, s.getString());
        } else if (first instanceof JsonArray a) {
            int n = 0;
            for (JsonValue v : a) {
                if (n == MAX_IDS) {
                    b.append(",+").append(a.size() - MAX_IDS).append(" more");
                    break;
                }
                if (n++ > 0) {
                    b.append(',');
                }
                safe(b, v instanceof JsonString s ? s.getString() : "?");
            }
        }
        b.append(']');
    }

    /**
     * Appends {@code s} cut to {@value #MAX_ID_CHARS} characters, with every character outside printable ASCII,
     * spaces, brackets, commas and '=' replaced by '?': a client-chosen id cannot forge a line or a field.
     */
    private static void safe(StringBuilder b, String s) {
        int n = Math.min(s.length(), MAX_ID_CHARS);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            b.append(c > ' ' && c < 127 && c != '[' && c != ']' && c != ',' && c != '=' && c != '(' && c != ')' ? c : '?');
        }
        if (s.length() > n) {
            b.append("...");
        }
    }
}
