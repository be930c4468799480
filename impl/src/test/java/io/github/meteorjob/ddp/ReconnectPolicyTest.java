package io.github.meteorjob.ddp;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The reconnect schedule as a function of attempt number and outage age: no clock, no network. */
class ReconnectPolicyTest {

    private static final ReconnectPolicy P = ReconnectPolicy.DEFAULT;

    @Test
    void aYoungOutageIsProbedEveryQuarterSecondSoTheClientIsBackWithinASecondOfTheServer() {
        for (int attempt : new int[] {1, 2, 10, 100, 239}) {
            for (long ageMs : new long[] {0, 1, 999, 10_000, 59_999}) {
                Duration d = P.delay(attempt, Duration.ofMillis(ageMs), 0.0);
                assertThat(d).as("attempt %d at %d ms", attempt, ageMs).isEqualTo(Duration.ofMillis(250));
                // jitter only shortens, by at most half
                assertThat(P.delay(attempt, Duration.ofMillis(ageMs), 0.999999))
                        .isBetween(Duration.ofMillis(125), Duration.ofMillis(126));
            }
        }
    }

    @Test
    void anOutageOlderThanAMinuteBacksOffExponentiallyToThirtySeconds() {
        Duration old = Duration.ofSeconds(60);
        // 240 nominal fast attempts fit in the 60 s window; the exponent counts the ones after it
        assertThat(P.delay(241, old, 0.0)).isEqualTo(Duration.ofMillis(500));
        assertThat(P.delay(242, old, 0.0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(P.delay(246, old, 0.0)).isEqualTo(Duration.ofSeconds(16));
        assertThat(P.delay(247, old, 0.0)).isEqualTo(Duration.ofSeconds(30));
        assertThat(P.delay(100_000, Duration.ofDays(3), 0.0)).isEqualTo(Duration.ofSeconds(30));
        // fewer attempts than nominal in the window (slow connects): never below the first backoff step
        assertThat(P.delay(5, Duration.ofSeconds(61), 0.0)).isEqualTo(Duration.ofMillis(500));
        assertThat(P.delay(250, old, 0.5)).isEqualTo(Duration.ofMillis(22_500));
    }

    @Test
    void attemptsPerMinuteStayLowForAServerThatStaysDown() {
        // simulate the schedule (ignoring connect time): a server down for 10 minutes
        long t = 0;
        int attempt = 0;
        int afterWindow = 0;
        while (t < 600_000) {
            attempt++;
            t += P.delay(attempt, Duration.ofMillis(t), 0.0).toMillis();
            if (t > 60_000) {
                afterWindow++;
            }
        }
        assertThat(attempt - afterWindow).isBetween(239, 241);
        // after the first minute: 0.5+1+2+4+8+16 s then every 30 s, about 23 attempts in 9 minutes
        assertThat(afterWindow).isBetween(21, 25);
    }

    @Test
    void withoutAFastWindowItIsPlainExponentialBackoff() {
        ReconnectPolicy p = new ReconnectPolicy(Duration.ofMillis(500), Duration.ofSeconds(30), 2.0, 0.0, 5);
        assertThat(p.delay(1, Duration.ZERO, 0.0)).isEqualTo(Duration.ofMillis(500));
        assertThat(p.delay(3, Duration.ZERO, 0.0)).isEqualTo(Duration.ofMillis(2000));
        assertThat(p.delay(3, 0.0)).isEqualTo(Duration.ofMillis(2000));
    }

    @Test
    void badSchedulesAreRefusedByName() {
        assertThatThrownBy(() -> P.withFastWindow(Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessageContaining("fastDelay must be positive");
        assertThatThrownBy(() -> P.withFastWindow(Duration.ofMillis(-1), Duration.ZERO))
                .hasMessageContaining("fastDelay must not be negative");
        assertThatThrownBy(() -> P.delay(0, Duration.ZERO, 0.0)).hasMessageContaining("1-based");
    }
}
