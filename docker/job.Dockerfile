# The Flink image of the job: the official Flink image (same version as the Maven build), the job
# jar in usrlib/, the S3 file system plugin enabled. Build from the repository root after
# `./mvnw -DskipTests package`:  docker build -f docker/job.Dockerfile -t streaming-etl-job .
FROM flink:2.2.1-scala_2.12-java17

RUN mkdir -p /opt/flink/plugins/s3-fs-hadoop \
 && cp /opt/flink/opt/flink-s3-fs-hadoop-*.jar /opt/flink/plugins/s3-fs-hadoop/

COPY --chown=flink:flink job/target/streaming-etl-job.jar /opt/flink/usrlib/streaming-etl-job.jar
