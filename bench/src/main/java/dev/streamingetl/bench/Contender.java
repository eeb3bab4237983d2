package dev.streamingetl.bench;

import dev.streamingetl.launch.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The engines compared, and the JVM each runs in for one run. */
enum Contender {
    CEILING("ceiling", false),
    OURS("ours", true),
    /** Ours with the raw event table as well (--raw-output-path): what keeping history costs. */
    OURS_RAW("ours-raw", true),
    SPARK("spark", true),
    KAFKA_STREAMS("kafka-streams", false);

    final String label;

    /** Whether it writes the Parquet lake as well as the topic. */
    final boolean writesLake;

    Contender(String label, boolean writesLake) {
        this.label = label;
        this.writesLake = writesLake;
    }

    static Contender of(String label) {
        for (Contender c : values()) {
            if (c.label.equals(label)) {
                return c;
            }
        }
        throw new IllegalArgumentException(
                "unknown contender '" + label + "': ceiling, ours, ours-raw, spark, kafka-streams");
    }

    /** Where one run of a contender puts its outputs. */
    record Run(
            String bootstrap,
            String inputTopic,
            String outputTopic,
            String dlqTopic,
            String ticksTopic,
            String id,
            Path dir,
            int parallelism,
            Path repo,
            Path pipeline) {}

    /** The command line of one run, with {@code jvmOptions} first. */
    List<String> command(Run run, List<String> jvmOptions) throws IOException {
        List<String> c = new ArrayList<>();
        c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        c.addAll(jvmOptions);
        switch (this) {
            case CEILING -> {
                c.addAll(List.of("-cp", benchClasspath(run.repo())));
                c.addAll(
                        List.of(
                                CeilingConsumer.class.getName(),
                                run.bootstrap(),
                                run.inputTopic()));
            }
            case OURS, OURS_RAW -> {
                c.addAll(
                        List.of(
                                "-Dlog4j.configurationFile="
                                        + run.repo().resolve("flink-conf/log4j-local.properties"),
                                "--add-opens=java.base/java.util=ALL-UNNAMED",
                                "--add-opens=java.base/java.lang=ALL-UNNAMED",
                                "-cp",
                                run.repo().resolve("job/target/streaming-etl-job.jar")
                                        + ":"
                                        + read(run.repo().resolve("job/target/local.classpath")),
                                "dev.streamingetl.job.StreamingEtlJob",
                                "--local",
                                "--bounded",
                                "--web-ui-port",
                                Integer.toString(Ports.freePort()),
                                "--parallelism",
                                Integer.toString(run.parallelism()),
                                "--kafka-bootstrap",
                                run.bootstrap(),
                                "--kafka-topic",
                                run.inputTopic(),
                                "--starting-offsets",
                                "earliest",
                                "--group-id",
                                run.id(),
                                "--transactional-id-prefix",
                                run.id(),
                                "--dlq-topic",
                                run.dlqTopic(),
                                "--analytics-kafka-topic",
                                run.outputTopic(),
                                "--output-path",
                                run.dir().resolve("lake").toString(),
                                "--checkpoint-path",
                                run.dir().resolve("checkpoints").toString()));
                if (run.pipeline() != null) {
                    c.addAll(List.of("--pipeline", run.pipeline().toString()));
                }
                if (this == OURS_RAW) {
                    c.addAll(List.of("--raw-output-path", run.dir().resolve("raw").toString()));
                }
            }
            case KAFKA_STREAMS -> {
                c.addAll(List.of("-cp", benchClasspath(run.repo())));
                c.addAll(
                        List.of(
                                KafkaStreamsContender.class.getName(),
                                run.bootstrap(),
                                run.inputTopic(),
                                run.outputTopic(),
                                run.dlqTopic(),
                                run.id(),
                                Integer.toString(run.parallelism()),
                                run.dir().resolve("state").toString(),
                                run.ticksTopic()));
            }
            case SPARK -> {
                c.addAll(SPARK_JAVA_OPTIONS);
                c.addAll(
                        List.of(
                                "-cp",
                                run.repo()
                                                .resolve(
                                                        "bench/spark/target/streaming-etl-bench-spark.jar")
                                        + ":"
                                        + read(
                                                run.repo()
                                                        .resolve(
                                                                "bench/spark/target/spark.classpath")),
                                "dev.streamingetl.bench.spark.SparkContender",
                                run.bootstrap(),
                                run.inputTopic(),
                                run.outputTopic(),
                                run.dir().toString(),
                                Integer.toString(run.parallelism())));
            }
            default -> throw new IllegalStateException(name());
        }
        return c;
    }

    /** The module flags Spark's own launcher sets on Java 17. */
    private static final List<String> SPARK_JAVA_OPTIONS =
            List.of(
                    "-Xmx2g",
                    "--add-opens=java.base/java.lang=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
                    "--add-opens=java.base/java.io=ALL-UNNAMED",
                    "--add-opens=java.base/java.net=ALL-UNNAMED",
                    "--add-opens=java.base/java.nio=ALL-UNNAMED",
                    "--add-opens=java.base/java.util=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
                    "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
                    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                    "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
                    "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
                    "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
                    "-Djdk.reflect.useDirectMethodHandle=false",
                    "-Dio.netty.tryReflectionSetAccessible=true");

    private static String benchClasspath(Path repo) throws IOException {
        return repo.resolve("bench/target/streaming-etl-bench.jar")
                + ":"
                + read(repo.resolve("bench/target/bench.classpath"));
    }

    private static String read(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new IllegalStateException(
                    file + " is missing: build with ./mvnw -DskipTests install");
        }
        return Files.readString(file).trim();
    }
}
