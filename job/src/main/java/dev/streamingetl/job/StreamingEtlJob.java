package dev.streamingetl.job;

import dev.streamingetl.job.config.ConfigException;
import dev.streamingetl.job.config.FlinkSettings;
import dev.streamingetl.job.config.JobConfig;
import dev.streamingetl.job.config.KafkaPreflight;
import dev.streamingetl.job.config.LocalPathPreflight;
import dev.streamingetl.job.config.S3Preflight;
import dev.streamingetl.job.sinks.IcebergTables;
import dev.streamingetl.spec.SpecException;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ExceptionUtils;
import org.apache.flink.util.ParameterTool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point for {@code flink run} and for the local run: parse flags, check Kafka and S3, build,
 * execute.
 */
public final class StreamingEtlJob {

    private static final Logger LOG = LoggerFactory.getLogger(StreamingEtlJob.class);

    public static void main(String[] args) throws Exception {
        if (JobConfig.isHelpRequest(args)) {
            System.out.print(JobConfig.usage());
            return;
        }
        JobConfig config;
        StreamExecutionEnvironment env;
        try {
            config = JobConfig.parse(args);
            Configuration flinkConf = FlinkSettings.flinkConf();
            FlinkSettings.initializeFileSystems(config, flinkConf);
            LocalPathPreflight.check(config);
            KafkaPreflight.check(config);
            S3Preflight.check(config, flinkConf);
            IcebergTables.prepare(config);
            env = FlinkSettings.environment(config, flinkConf);
        } catch (ConfigException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            return;
        }
        String spec = config.pipeline().toYaml();
        LOG.info("Pipeline spec {}, as the job runs it:\n{}", config.pipeline().source(), spec);
        // The Web UI shows these under the job's configuration.
        env.getConfig()
                .setGlobalJobParameters(
                        ParameterTool.fromMap(
                                Map.of(
                                        "pipeline.source",
                                        config.pipeline().source(),
                                        "pipeline.spec",
                                        spec)));
        Pipeline.build(env, config);
        try {
            env.execute("Streaming ETL: " + config.kafkaTopic() + " -> " + config.sinks());
        } catch (Exception e) {
            // A restore the spec refuses fails the job with the reason as a SpecException.
            SpecException refused =
                    ExceptionUtils.findThrowable(e, SpecException.class).orElseThrow(() -> e);
            System.err.println("error: " + refused.getMessage());
            System.exit(2);
        }
    }
}
