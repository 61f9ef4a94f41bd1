# Jouvence's image: `docker build -t jouvence:0.1.0-SNAPSHOT .` (k8s/ expects it; see "Deploying on Kubernetes").
# --- build ------------------------------------------------------------------------------------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY service/pom.xml service/
COPY simulator/pom.xml simulator/
# The product module (and the simulator its tests compile against); the demo and benchmarks are not built, and
# nothing but service/target reaches the runtime image.
# Dependencies in their own layer, so that a source change does not download them again.
RUN mvn -B -q -pl service -am dependency:go-offline || true
COPY simulator/src ./simulator/src
COPY service/src ./service/src
RUN mvn -B -q -pl service -am -DskipTests package

# --- runtime ----------------------------------------------------------------------------------------------------------
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 jouvence \
 && useradd --system --uid 10001 --gid 10001 --home-dir /app --no-create-home --shell /usr/sbin/nologin jouvence \
 && mkdir -p /app/data \
 && chown 10001:10001 /app/data
WORKDIR /app
# service/target/jouvence.jar finds its dependencies in lib/ (manifest class path).
COPY --from=build /src/service/target/lib/ /app/lib/
COPY --from=build /src/service/target/jouvence.jar /app/jouvence.jar
# The restore runner, for {runner}: run with the new Moodle's PHP (jouvence.restore.runner).
COPY service/src/main/moodle/jouvence-restore.php /app/moodle/jouvence-restore.php
# Non-root; on Kubernetes the root filesystem is read-only and /tmp, staging and the import folder are volumes.
USER 10001:10001
# 8080: REST API and web pages (camel.server.port); 9876: health and metrics (camel.management.port).
EXPOSE 8080 9876
ENTRYPOINT ["java","-XX:MaxRAMPercentage=75","-jar","/app/jouvence.jar"]
