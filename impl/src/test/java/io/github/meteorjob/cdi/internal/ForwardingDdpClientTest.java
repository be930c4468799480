package io.github.meteorjob.cdi.internal;

import io.github.meteorjob.ddp.CallOptions;
import io.github.meteorjob.ddp.ConnectionListener;
import io.github.meteorjob.ddp.ConnectionState;
import io.github.meteorjob.ddp.DdpClient;
import io.github.meteorjob.ddp.UserIdentity;
import io.github.meteorjob.ejson.Ejson;
import jakarta.json.JsonArray;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ForwardingDdpClient} hands each operation of {@link DdpClient} to its delegate: the same method with the
 * same arguments, and the delegate's answer back (a forwarder calling the wrong overload or dropping an argument fails
 * here, which the compiler would not notice).
 */
class ForwardingDdpClientTest {

    /** A method of the delegate as it was called. */
    private record Seen(Method method, List<Object> args) {
    }

    @Test
    void everyAbstractOperationGoesToTheDelegateWithItsArguments() throws Exception {
        List<Seen> seen = new ArrayList<>();
        // one answer of each return type that is easy to make; null for the others
        AutoCloseable registration = () -> { };
        Map<Class<?>, Object> answers = Map.of(CompletionStage.class, new CompletableFuture<>(),
                JsonValue.class, JsonValue.TRUE, ConnectionState.class, ConnectionState.CONNECTED,
                AutoCloseable.class, registration);
        DdpClient delegate = (DdpClient) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DdpClient.class}, (proxy, method, args) -> {
                    seen.add(new Seen(method, args == null ? List.of() : Arrays.asList(args)));
                    return answers.get(method.getReturnType());
                });
        ForwardingDdpClient forwarding = new ForwardingDdpClient() {
            @Override
            DdpClient delegate() {
                return delegate;
            }
        };
        int checked = 0;
        for (Method m : DdpClient.class.getMethods()) {
            if (!Modifier.isAbstract(m.getModifiers())) {
                continue;
            }
            Object[] args = new Object[m.getParameterCount()];
            for (int i = 0; i < args.length; i++) {
                args[i] = sample(m.getParameterTypes()[i], i);
            }
            seen.clear();
            Object result = m.invoke(forwarding, args);
            assertThat(seen).as(m.toString()).containsExactly(new Seen(m, Arrays.asList(args)));
            assertThat(result).as(m.toString()).isSameAs(answers.get(m.getReturnType()));
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(14);
    }

    /** An argument of the type, distinct per position, so that swapped or dropped arguments show. */
    private static Object sample(Class<?> type, int position) {
        if (type == String.class) {
            return "arg" + position;
        }
        if (type == JsonArray.class) {
            return Ejson.provider().createArrayBuilder().add(position).build();
        }
        if (type == CallOptions.class) {
            return CallOptions.IDEMPOTENT;
        }
        if (type == Type.class) {
            return Integer.class;
        }
        if (type == UserIdentity.class) {
            return UserIdentity.username("user" + position);
        }
        if (type == ConnectionListener.class) {
            return new ConnectionListener() {
            };
        }
        throw new AssertionError("no sample argument of " + type + ": add one");
    }
}
