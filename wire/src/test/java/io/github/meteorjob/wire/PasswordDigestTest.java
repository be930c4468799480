package io.github.meteorjob.wire;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordDigestTest {

    @Test
    void knownDigestVector() {
        // sha256("abc") from FIPS 180-2
        assertThat(PasswordDigest.sha256Hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void utf8BytesAreDigested() {
        // "é" as its two UTF-8 bytes c3 a9 (sha256sum of them); UTF-16 or Latin-1 bytes would give another digest
        assertThat(PasswordDigest.sha256Hex("\u00e9"))
                .isEqualTo("4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c");
    }
}
