package dev.streamingetl.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the cluster's JVMs are configured: by Flink's own code, from the project's config.yaml. */
class LocalFlinkClusterTest {

    private static final Path CONF = Path.of("..", "flink-conf");

    @Test
    void memoryFlagsAreFlinksOwnFromTheConfigAndItsOverrides() throws Exception {
        LocalFlinkCluster.Resources configured =
                LocalFlinkCluster.resources(CONF, "GET_TM_RESOURCE_PARAMS", List.of());
        LocalFlinkCluster.Resources larger =
                LocalFlinkCluster.resources(
                        CONF,
                        "GET_TM_RESOURCE_PARAMS",
                        List.of("-Dtaskmanager.memory.process.size=3072m"));
        assertThat(configured.jvmArgs()).anyMatch(a -> a.startsWith("-Xmx"));
        assertThat(configured.dynamicProperties())
                .anyMatch(p -> p.startsWith("taskmanager.memory.task.heap.size="));
        assertThat(heap(larger)).isGreaterThan(heap(configured));
    }

    @Test
    void aConfigFlinkCannotUseIsReportedWithFlinksAnswer(@TempDir Path dir) throws Exception {
        Files.writeString(
                dir.resolve("config.yaml"),
                "taskmanager:\n  memory:\n    process:\n      size: 1m\n");
        assertThatThrownBy(
                        () -> LocalFlinkCluster.resources(dir, "GET_TM_RESOURCE_PARAMS", List.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Flink could not compute the GET_TM_RESOURCE_PARAMS");
    }

    @Test
    void jvmOptionsComeFromConfigYaml() {
        assertThat(LocalFlinkCluster.javaOpts(CONF))
                .contains("--add-opens=java.base/java.nio=ALL-UNNAMED")
                .doesNotContain("");
    }

    private static long heap(LocalFlinkCluster.Resources r) {
        String xmx =
                r.jvmArgs().stream().filter(a -> a.startsWith("-Xmx")).findFirst().orElseThrow();
        return Long.parseLong(xmx.substring(4));
    }
}
