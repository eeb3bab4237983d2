# The event generator (tools/target/streaming-etl-tools.jar).
# Build from the repository root after `./mvnw -DskipTests package`:
#   docker build -f docker/tools.Dockerfile -t streaming-etl-tools .
FROM eclipse-temurin:17-jre
COPY tools/target/streaming-etl-tools.jar /app/tools.jar
ENTRYPOINT ["java", "-jar", "/app/tools.jar"]
