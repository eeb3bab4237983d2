# The dashboard: its Spring Boot jar (production front-end bundle inside) on a Java 17 runtime.
# Build from the repository root after `./mvnw -DskipTests package`:
#   docker build -f docker/dashboard.Dockerfile -t streaming-etl-dashboard .
FROM eclipse-temurin:17-jre
COPY dashboard/target/streaming-etl-dashboard.jar /app/dashboard.jar
EXPOSE 8080
ENTRYPOINT ["java", "-Xmx512m", "-jar", "/app/dashboard.jar"]
