package dev.streamingetl.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Tests that the Docker and Kubernetes files stay in step with the versions the Maven build uses.
 */
class DeploymentFilesTest {

    private static final Path ROOT = Path.of("..");

    @Test
    void imagesUseTheBuildsFlinkAndKafkaVersions() throws Exception {
        String pom = Files.readString(ROOT.resolve("pom.xml"));
        String flink = property(pom, "flink.version");
        String kafka = property(pom, "kafka.version");
        assertThat(Files.readString(ROOT.resolve("docker/job.Dockerfile")))
                .contains("FROM flink:" + flink + "-scala_2.12-java17");
        String compose = Files.readString(ROOT.resolve("docker/compose.yaml"));
        assertThat(compose)
                .contains("image: apache/kafka:" + kafka)
                .doesNotContain("apache/kafka:latest");
        String k8s = Files.readString(ROOT.resolve("docker/k8s/flinkdeployment.yaml"));
        assertThat(k8s)
                .contains("flinkVersion: v" + flink.replaceAll("^(\\d+)\\.(\\d+).*", "$1_$2"));
    }

    @Test
    void composeAndKubernetesPassTheJobOnlyFlagsItKnows() throws Exception {
        String usage = dev.streamingetl.job.config.JobConfig.usage();
        for (String file :
                new String[] {"docker/compose.yaml", "docker/k8s/flinkdeployment.yaml"}) {
            Matcher flags =
                    Pattern.compile("- (--[a-z-]+)=").matcher(Files.readString(ROOT.resolve(file)));
            int found = 0;
            while (flags.find()) {
                assertThat(usage)
                        .as(file + " passes " + flags.group(1))
                        .contains(flags.group(1) + "=");
                found++;
            }
            assertThat(found).as("flags in " + file).isGreaterThanOrEqualTo(3);
        }
    }

    private static String property(String pom, String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
        assertThat(m.find()).as(name + " in pom.xml").isTrue();
        return m.group(1);
    }
}
