# syntax=docker/dockerfile:1
# Build: docker build -t social-adapter:0.1.0-SNAPSHOT .
# Tests run in CI (.ci/run), not here: the image build only packages.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# Dependencies first, so editing sources does not re-download them.
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY conf conf
COPY src src
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
# A fixed numeric uid/gid so the pod's runAsUser/fsGroup (10001) match files in the image.
RUN groupadd --system --gid 10001 social \
 && useradd --system --uid 10001 --gid social --home-dir /app --no-create-home social \
 && mkdir -p /app/data /app/conf \
 && chown -R 10001:10001 /app/data
WORKDIR /app
COPY --from=build /src/target/social-adapter.jar /app/social-adapter.jar
COPY conf/application.yaml /app/conf/application.yaml
USER 10001:10001
# Inside a container the service must listen beyond loopback; Kubernetes sets these too.
ENV SOCIAL_HTTP_HOST=0.0.0.0 \
    SOCIAL_MANAGEMENT_HOST=0.0.0.0
EXPOSE 8080 8081
VOLUME ["/app/data"]
# Heap sized from the container's memory limit, leaving room for metaspace, threads and
# Netty's direct buffers; exit on OOM so Kubernetes restarts a clean JVM instead of a
# half-dead one that still answers probes.
ENTRYPOINT ["java", \
  "-XX:MaxRAMPercentage=70", \
  "-XX:InitialRAMPercentage=30", \
  "-XX:+ExitOnOutOfMemoryError", \
  "-XX:+UseG1GC", \
  "-Djava.io.tmpdir=/tmp", \
  "-jar", "/app/social-adapter.jar"]
CMD ["run", "--config", "/app/conf/application.yaml"]
