package dev.streamingetl.dashboard;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

/**
 * {@code --hash-password}: reads a password from standard input (the console hides it when there is
 * one) and prints its hash for {@code dashboard.security.users.<name>=}.
 */
final class PasswordHash {

    private PasswordHash() {}

    static String fromStandardInput() throws IOException {
        String password;
        if (System.console() != null) {
            char[] typed = System.console().readPassword("password: ");
            password = typed == null ? "" : new String(typed);
        } else {
            password =
                    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                            .readLine();
        }
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("--hash-password: no password given");
        }
        return PasswordEncoderFactories.createDelegatingPasswordEncoder().encode(password);
    }
}
