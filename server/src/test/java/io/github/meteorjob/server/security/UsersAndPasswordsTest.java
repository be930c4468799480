package io.github.meteorjob.server.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UsersAndPasswordsTest {

    @TempDir
    Path dir;

    @Test
    void storedHashIsSaltedPbkdf2OverTheDigestWithEnoughIterations() {
        String a = PasswordHashing.hash("secret");
        String b = PasswordHashing.hash("secret");
        assertThat(a).startsWith("pbkdf2-sha256:").isNotEqualTo(b).doesNotContain("secret")
                .doesNotContain(PasswordHashing.sha256Hex("secret"));
        assertThat(Integer.parseInt(a.split(":")[1])).isGreaterThanOrEqualTo(100_000);
        assertThat(PasswordHashing.verifyDigest(PasswordHashing.sha256Hex("secret"), a)).isTrue();
        assertThat(PasswordHashing.verifyDigest(PasswordHashing.sha256Hex("secret").toUpperCase(), a)).isTrue();
        assertThat(PasswordHashing.verifyDigest(PasswordHashing.sha256Hex("Secret"), a)).isFalse();
        assertThat(PasswordHashing.sha256Hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void weakOrMalformedStoredHashesAreRejected() {
        assertThatThrownBy(() -> PasswordHashing.validate("pbkdf2-sha256:1000:AAAAAAAAAAA=:AAAAAAAAAAAAAAAAAAAAAA=="))
                .hasMessageContaining("at least 100000");
        assertThatThrownBy(() -> PasswordHashing.validate("pbkdf2-sha256:x")).hasMessageContaining("<iterations>");
    }

    @Test
    void usersFileWithPlainAndHashedPasswords() throws Exception {
        String hash = PasswordHashing.hash("pw2");
        Path file = dir.resolve("users.json");
        Files.writeString(file, """
                {"users": [
                  {"username": "w", "email": "w@example.com", "password": "pw1", "levels": ["worker"]},
                  {"username": "boss", "password": "%s", "levels": ["admin"], "id": "u-boss"}
                ]}
                """.formatted(hash));
        UserDirectory users = UserDirectory.load(file);
        assertThat(users.size()).isEqualTo(2);
        User w = users.byEmail("W@example.com").orElseThrow();
        assertThat(w.id()).isEqualTo("w");
        assertThat(w.levels()).isEqualTo(Set.of("worker"));
        assertThat(w.passwordHash()).startsWith("pbkdf2-sha256:");
        assertThat(PasswordHashing.verifyDigest(PasswordHashing.sha256Hex("pw1"), w.passwordHash())).isTrue();
        User boss = users.byUsername("boss").orElseThrow();
        assertThat(boss.id()).isEqualTo("u-boss");
        assertThat(boss.passwordHash()).isEqualTo(hash);
        assertThat(boss.toString()).doesNotContain(hash);
    }

    @Test
    void badUsersFilesAreRefusedNamingTheProblem() throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"users\":[{\"username\":\"w\",\"password\":\"p\",\"levels\":[\"boss\"]}]}");
        assertThatThrownBy(() -> UserDirectory.load(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("users[0]")
                .hasMessageContaining("unknown permission level 'boss'");
        Files.writeString(file, "{\"users\":[{\"username\":\"w\",\"password\":\"p\",\"levels\":[\"worker\"],\"pasword\":1}]}");
        assertThatThrownBy(() -> UserDirectory.load(file)).hasMessageContaining("unknown field 'pasword'");
        Files.writeString(file, "{\"users\":[{\"username\":\"w\",\"levels\":[\"worker\"]}]}");
        assertThatThrownBy(() -> UserDirectory.load(file)).hasMessageContaining("'password' is required");
        Files.writeString(file, "[not json");
        assertThatThrownBy(() -> UserDirectory.load(file)).hasMessageContaining("not valid JSON");
        Files.writeString(file, "{\"users\":[{\"username\":\"w\",\"password\":\"p\",\"levels\":[\"worker\"]},"
                + "{\"username\":\"W\",\"password\":\"p\",\"levels\":[\"worker\"],\"id\":\"other\"}]}");
        assertThatThrownBy(() -> UserDirectory.load(file)).hasMessageContaining("duplicate username");
    }

    @Test
    void javaApiValidatesLevels() {
        UserDirectory users = new UserDirectory();
        assertThatThrownBy(() -> users.add("x", null, "pw", List.of("root"))).hasMessageContaining("unknown permission level 'root'");
        assertThatThrownBy(() -> users.add("x", null, "pw", List.of())).hasMessageContaining("at least one");
        assertThat(users.isEmpty()).isTrue();
        AccessControl open = new AccessControl(users);
        assertThat(open.isOpen()).isTrue();
        assertThat(open.permits(null, Set.of("admin"))).isTrue();
        users.add("m", null, "pw", List.of("manager"));
        assertThat(open.isOpen()).isFalse();
        assertThat(open.permits(null, Set.of("manager"))).isFalse();
        assertThat(open.permits("m", Set.of("admin", "manager"))).isTrue();
        assertThat(open.permits("m", Set.of("admin", "worker"))).isFalse();
    }
}
