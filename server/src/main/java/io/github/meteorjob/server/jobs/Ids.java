package io.github.meteorjob.server.jobs;

import java.security.SecureRandom;

/** Meteor-style random ids ({@code Random.id()}): 17 characters from Meteor's unmistakable alphabet. */
final class Ids {

    private static final char[] ALPHABET = "23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    static String newId() {
        char[] c = new char[17];
        byte[] b = new byte[17];
        RANDOM.nextBytes(b);
        for (int i = 0; i < c.length; i++) {
            // 256 % 55 bias is irrelevant for ids; Meteor's ids are not secrets either
            c[i] = ALPHABET[(b[i] & 0xff) % ALPHABET.length];
        }
        return new String(c);
    }
}
