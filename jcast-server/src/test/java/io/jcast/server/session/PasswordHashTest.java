package io.jcast.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHashTest {
    @Test
    void hashesAreSaltedAndVerify() {
        String a = PasswordHash.hash("hunter2-long");
        String b = PasswordHash.hash("hunter2-long");
        assertNotEquals(a, b, "salted");
        assertTrue(a.startsWith("pbkdf2-sha256$" + PasswordHash.ITERATIONS + "$"));
        assertFalse(a.contains("hunter2"));
        assertTrue(PasswordHash.verify("hunter2-long", a));
        assertFalse(PasswordHash.verify("hunter2-lonG", a));
        assertFalse(PasswordHash.verify("x", "garbage"));
        assertEquals(64, PasswordHash.sha256("token").length());
        assertNotEquals(PasswordHash.newSecret(), PasswordHash.newSecret());
    }
}
