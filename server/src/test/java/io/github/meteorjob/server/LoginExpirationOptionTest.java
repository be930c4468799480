package io.github.meteorjob.server;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code --login-expiration-days} (Meteor's {@code loginExpirationInDays}) sets the token lifetime. */
class LoginExpirationOptionTest {

    @Test
    void bothSpellingsSetTheLifetimeOfResumeTokens() throws Exception {
        assertThat(Main.parse(new String[]{"--login-expiration-days", "3"}).build().access().tokenLifetime())
                .isEqualTo(Duration.ofDays(3));
        assertThat(Main.parse(new String[]{"--token-lifetime-days", "4"}).build().access().tokenLifetime())
                .isEqualTo(Duration.ofDays(4));
        assertThat(Main.parse(new String[0]).build().access().tokenLifetime()).isEqualTo(Duration.ofDays(90));
        assertThatThrownBy(() -> Main.parse(new String[]{"--login-expiration-days", "0"}))
                .hasMessageContaining("--login-expiration-days");
    }
}
