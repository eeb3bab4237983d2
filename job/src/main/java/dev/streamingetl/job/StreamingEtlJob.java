package dev.streamingetl.job;

import dev.streamingetl.job.config.ConfigException;
import dev.streamingetl.job.config.FlinkSettings;
import dev.streamingetl.job.config.JobConfig;
import dev.streamingetl.job.config.KafkaPreflight;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Entry point for {@code flink run} and for the local run: parse flags, check Kafka, build,
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
            KafkaPreflight.check(config);
            env = FlinkSettings.environment(config);
        } catch (ConfigException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            return;
        }
        Pipeline.build(env, config);
        env.execute("Streaming ETL: " + config.kafkaTopic() + " -> " + config.sinks());
    }
}
