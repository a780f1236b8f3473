# The apex-bench harness image: the `bench` CLI (load injectors, merge, seed) for deploy/k8s/.
# Build from the repository root and push to a registry your cluster can pull from:
#
#   docker build -f deploy/bench.Dockerfile -t REGISTRY/apex-bench/bench:0.1.0 .
#   docker push REGISTRY/apex-bench/bench:0.1.0
#
# Arguments are bench's: docker run --rm REGISTRY/apex-bench/bench:0.1.0 load --help
FROM eclipse-temurin:17.0.16_8-jdk AS build
WORKDIR /src
# 1. the build's dependencies, from the POMs alone (this layer is reused while no POM changes)
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY dataset/pom.xml dataset/
COPY db/pom.xml db/
COPY db-providers/pom.xml db-providers/
COPY datagen/pom.xml datagen/
COPY api/pom.xml api/
COPY jmh/pom.xml jmh/
COPY gatling/pom.xml gatling/
COPY reporting/pom.xml reporting/
COPY harness/pom.xml harness/
COPY cli/pom.xml cli/
RUN ./mvnw -B -q dependency:go-offline
# 2. the sources, then the CLI: cli/target/apex-bench.jar and its runtime classpath in cli/target/lib/
COPY . .
RUN ./mvnw -B -DskipTests package

FROM eclipse-temurin:17.0.16_8-jre
# a non-root user whose home is /app: bench keeps its state in /app/.apex-bench (-Dapex.home)
RUN useradd --system --uid 10001 --home-dir /app apex \
  && mkdir -p /app/.apex-bench \
  && chown apex:apex /app /app/.apex-bench
WORKDIR /app
COPY --from=build /src/cli/target/lib /app/lib
COPY --from=build /src/cli/target/apex-bench.jar /app/apex-bench.jar
COPY --from=build /src/targets.yaml /app/targets.yaml
USER 10001
# the heap follows the container's memory limit instead of ./bench's fixed -Xmx2g
ENV JAVA_TOOL_OPTIONS=-XX:MaxRAMPercentage=75
# as ./bench runs it: Gatling runs in-process and needs java.lang opened; apex.home is where
# targets.yaml, reports/ and .apex-bench/ are looked for
ENTRYPOINT ["java", "--add-opens=java.base/java.lang=ALL-UNNAMED", "-Dapex.home=/app", "-jar", "/app/apex-bench.jar"]
