# The apex-bench api for docker-compose.yml: only the api's runtime classpath (no Gatling, JMH,
# Testcontainers or embedded PostgreSQL binaries), built in a Maven stage whose dependency layer is
# cached until a POM changes.
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
RUN ./mvnw -B -q -pl api -am dependency:go-offline
# 2. the sources, then the api and its runtime classpath
COPY . .
RUN ./mvnw -B -o -DskipTests -pl api -am package && ./mvnw -B -o -q -pl api dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=target/lib

FROM eclipse-temurin:17.0.16_8-jre
RUN useradd --system --uid 10001 --home /app apex
WORKDIR /app
COPY --from=build /src/api/target/lib /app/lib
COPY --from=build /src/api/target/apex-bench-api-*.jar /app/lib/
USER apex
EXPOSE 8080
# the heap follows the container's memory limit instead of a fixed -Xmx
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-cp", "/app/lib/*", "dev.apexbench.api.ServeMain"]
