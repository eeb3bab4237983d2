package dev.streamingetl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@code bin/cluster}'s command line, as a process. */
class ClusterCommandITCase {

    private static final Path SCRIPT = Path.of("..", "bin", "cluster").toAbsolutePath();

    @TempDir Path dir;

    @Test
    void helpListsTheSubcommandsAndAMistakeIsOneLineAndExitTwo() throws Exception {
        Result help = run("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.output()).contains("start", "stop", "status", "--dir", "--conf");

        Result typo = run("stat");
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.output().strip())
                .isEqualTo("error: Unmatched argument at index 0: 'stat' (see --help)");
    }

    @Test
    void statusOfNoClusterSaysSoWithExitOne() throws Exception {
        Result status = run("--dir", dir.toString(), "status");
        assertThat(status.exitCode()).isEqualTo(1);
        assertThat(status.output().strip()).isEqualTo("The cluster is not running");
        Result stop = run("--dir", dir.toString(), "stop");
        assertThat(stop.exitCode()).isZero();
        assertThat(stop.output().strip()).isEqualTo("The cluster was not running");
    }

    private record Result(int exitCode, String output) {}

    private static Result run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
