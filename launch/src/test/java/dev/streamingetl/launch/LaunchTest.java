package dev.streamingetl.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link Ports}, {@link PidFile} and {@link Jvm}, with real sockets and processes. */
class LaunchTest {

    @TempDir Path dir;

    @Test
    void aFreePortIsBelowTheOutgoingRangeAndCanBeBound() throws Exception {
        for (int i = 0; i < 20; i++) {
            int port = Ports.freePort();
            assertThat(port).isBetween(Ports.FIRST, Ports.LAST);
            try (ServerSocket socket =
                    new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(socket.getLocalPort()).isEqualTo(port);
            }
        }
    }

    @Test
    void aTakenPortIsReportedInOneLineNamingWhoNeedsIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> Ports.requireFree(port, "Kafka"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage(
                            "port "
                                    + port
                                    + " (Kafka) is already in use: stop what holds it or pick another"
                                    + " port");
        }
        Ports.requireFree(Ports.freePort(), "Kafka");
    }

    @Test
    void aPidFileFindsAndStopsItsProcessAndThenNothing() throws Exception {
        Process sleeper = new ProcessBuilder(List.of("sleep", "60")).start();
        PidFile pid = new PidFile(dir.resolve("sleeper.pid"));
        pid.write(sleeper);
        assertThat(pid.running()).map(ProcessHandle::pid).contains(sleeper.pid());
        assertThat(pid.stop()).isTrue();
        assertThat(sleeper.isAlive()).isFalse();
        assertThat(Files.exists(dir.resolve("sleeper.pid"))).isFalse();
        assertThat(pid.running()).isEmpty();
        assertThat(pid.stop()).as("nothing left to stop").isFalse();
    }

    @Test
    void aMissingBuildResourceSaysWhatToBuild() throws Exception {
        assertThatThrownBy(() -> Jvm.buildResource(LaunchTest.class, "nothing.classpath"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(
                        "nothing.classpath is missing: build the module of LaunchTest with Maven"
                                + " first");
        assertThat(Path.of(Jvm.java())).isExecutable();
        Files.write(dir.resolve("log"), List.of("1", "2", "3", "4"));
        assertThat(Jvm.tail(dir.resolve("log"), 2)).isEqualTo("3\n4");
    }
}
