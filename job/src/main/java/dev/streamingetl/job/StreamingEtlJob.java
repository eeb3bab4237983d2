package dev.streamingetl.job;

import dev.streamingetl.job.config.ConfigException;
import dev.streamingetl.job.config.FlinkSettings;
import dev.streamingetl.job.config.JobConfig;
import dev.streamingetl.job.config.KafkaPreflight;
import dev.streamingetl.job.config.LocalPathPreflight;
import dev.streamingetl.job.config.S3Preflight;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Entry point for {@code flink run} and for the local run: parse flags, check Kafka and S3, build,
 * execute.
 */
public final class StreamingEtlJob {

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
            env = FlinkSettings.environment(config, flinkConf);
        } catch (ConfigException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            return;
        }
        Pipeline.build(env, config);
        env.execute("Streaming ETL: " + config.kafkaTopic() + " -> " + config.sinks());
    }
}
