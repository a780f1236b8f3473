package dev.apexbench.harness.load;

import dev.apexbench.dataset.DatasetSpec;
import dev.apexbench.db.BenchException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** What the command asks of a deployment given by URL before it loads it: is it up, which dataset does it serve. */
public final class TargetApi {
  private TargetApi() {}

  /**
   * The dataset a deployment serves, from its {@code GET /dataset}; empty when it does not say
   * (an older api, or another implementation of the contract).
   */
  public static java.util.Optional<DatasetSpec> datasetOf(String base) {
    try {
      HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
          .send(HttpRequest.newBuilder(URI.create(base + "/dataset")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        return java.util.Optional.empty();
      }
      com.fasterxml.jackson.databind.JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
      if (!n.hasNonNull("scale") || !n.hasNonNull("seed")) {
        return java.util.Optional.empty();
      }
      return java.util.Optional.of(new DatasetSpec(new java.math.BigDecimal(n.get("scale").asText()), n.get("seed").asLong()));
    } catch (java.io.IOException | RuntimeException e) {
      return java.util.Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return java.util.Optional.empty();
    }
  }

  /** Its {@code GET /health} answers 200, or one line (exit 2) says what it did. */
  public static void checkHealth(String base) {
    try {
      HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
          .send(HttpRequest.newBuilder(URI.create(base + "/health")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw BenchException.environment("--target-url: " + base + "/health answered " + r.statusCode() + " (expected 200)", null);
      }
    } catch (java.io.IOException e) {
      throw BenchException.environment("--target-url: " + base + " does not answer (" + e.getClass().getSimpleName() + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw BenchException.environment("--target-url: interrupted", e);
    }
  }
}
