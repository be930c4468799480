package io.github.meteorjob.cdi.internal;

import io.github.meteorjob.ddp.DdpClientOptions;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Locale;

/**
 * The {@code meteor-job.tls.*} keys: a trust store for a Meteor server whose certificate comes from a private CA
 * (or is self-signed), and whether {@code wss://} checks the host name. Without them the JVM's (or the
 * application server's) default trust applies.
 */
final class TlsSettings {

    private TlsSettings() {
    }

    /** Applies the keys to {@code builder}; a bad trust store fails here, naming the key and the file. */
    static void apply(ConfigReader config, DdpClientOptions.Builder builder) {
        config.getBoolean(ConfigKeys.TLS_HOSTNAME_VERIFICATION).ifPresent(builder::hostnameVerification);
        String store = config.get(ConfigKeys.TLS_TRUST_STORE).orElse(null);
        if (store == null) {
            for (String key : new String[] {ConfigKeys.TLS_TRUST_STORE_PASSWORD, ConfigKeys.TLS_TRUST_STORE_TYPE}) {
                if (config.get(key).isPresent()) {
                    throw new IllegalArgumentException(key + " is set but " + ConfigKeys.TLS_TRUST_STORE + " is not");
                }
            }
            return;
        }
        char[] password = config.get(ConfigKeys.TLS_TRUST_STORE_PASSWORD).map(String::toCharArray).orElse(null);
        String type = config.get(ConfigKeys.TLS_TRUST_STORE_TYPE).orElseGet(() -> typeOf(store));
        builder.sslContext(trusting(Path.of(store), type, password));
    }

    /** {@code .jks} files are JKS; everything else is taken for PKCS12, the JDK's default type since Java 9. */
    private static String typeOf(String file) {
        return file.toLowerCase(Locale.ROOT).endsWith(".jks") ? "JKS" : "PKCS12";
    }

    private static SSLContext trusting(Path file, String type, char[] password) {
        KeyStore trust;
        try {
            trust = KeyStore.getInstance(type);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(ConfigKeys.TLS_TRUST_STORE_TYPE + "=" + type
                    + " is not a key store type this JVM knows (use PKCS12 or JKS)", e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            trust.load(in, password);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(ConfigKeys.TLS_TRUST_STORE + "=" + file + ": no such file", e);
        } catch (IOException | GeneralSecurityException e) {
            // a wrong password surfaces as an IOException whose cause is an UnrecoverableKeyException
            throw new IllegalArgumentException(ConfigKeys.TLS_TRUST_STORE + "=" + file + " cannot be read as " + type
                    + " (wrong " + ConfigKeys.TLS_TRUST_STORE_PASSWORD + " or type?): " + e.getMessage(), e);
        }
        try {
            if (trust.size() == 0) {
                throw new IllegalArgumentException(ConfigKeys.TLS_TRUST_STORE + "=" + file
                        + " holds no certificate; import your CA's certificate into it");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, tmf.getTrustManagers(), null);
            return tls;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot build a TLS context from " + ConfigKeys.TLS_TRUST_STORE + "="
                    + file + ": " + e.getMessage(), e);
        }
    }
}
