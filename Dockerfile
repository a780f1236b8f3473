# The apex-bench api for docker-compose.yml: built with Maven in a builder stage, run on a JRE.
FROM maven:3.9.11-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -DskipTests package

FROM eclipse-temurin:17.0.16_8-jre
RUN useradd --system --uid 10001 --home /app apex
WORKDIR /app
COPY --from=build /src/cli/target/apex-bench.jar /app/apex-bench.jar
COPY --from=build /src/cli/target/lib /app/lib
COPY --from=build /src/targets.yaml /app/targets.yaml
USER apex
EXPOSE 8080
ENTRYPOINT ["java", "-Xmx512m", "--add-opens=java.base/java.lang=ALL-UNNAMED", "-Dapex.home=/app", "-jar", "/app/apex-bench.jar"]
CMD ["serve", "--bind", "0.0.0.0", "--port", "8080"]
