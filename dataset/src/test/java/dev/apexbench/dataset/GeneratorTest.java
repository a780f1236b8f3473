package dev.apexbench.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Determinism and shape of the generated rows, without a database. */
class GeneratorTest {
  /**
   * The rows of scale 0.05, seed 42, pinned. If this fails, the generated data changed: bump
   * {@link Generator#VERSION} (so stored datasets are rebuilt) and update this value.
   */
  static final String GOLDEN_FINGERPRINT_SCALE_005_SEED_42 =
      "c37e3e85d11707a5d5dc39192c661808c59001551f127f4a9550a6fba817f19f";

  static Generator gen(String scale, long seed) {
    return new Generator(new DatasetSpec(new BigDecimal(scale), seed));
  }

  @Test
  void sameSeedSameBytesDifferentSeedDifferentBytes() {
    String a = Fingerprint.of(gen("0.05", 42));
    assertThat(Fingerprint.of(gen("0.05", 42))).as("same seed").isEqualTo(a);
    assertThat(Fingerprint.of(gen("0.05", 43))).as("different seed").isNotEqualTo(a);
    assertThat(Fingerprint.of(gen("0.06", 42))).as("different scale").isNotEqualTo(a);
  }

  @Test
  void fingerprintIsPinnedAcrossTimeAndReleases() {
    assertThat(Fingerprint.of(gen("0.05", 42)))
        .as("generator output changed: bump Generator.VERSION and update the golden value")
        .isEqualTo(GOLDEN_FINGERPRINT_SCALE_005_SEED_42);
  }

  @Test
  void chunksAreIndependentOfGenerationOrder() {
    Generator g = gen("0.3", 7);
    assertThat(g.chunkCount()).isEqualTo(3);
    Chunk last = g.chunk(2);
    g.chunk(0);
    g.chunk(1);
    assertThat(gen("0.3", 7).chunk(2).payloads()).isEqualTo(last.payloads());
  }

  @Test
  void countsFollowTheScale() {
    DatasetSpec s = new DatasetSpec(BigDecimal.ONE, 1);
    assertThat(s.projects()).isEqualTo(10_000);
    assertThat(s.payloads()).isEqualTo(10_000);
    assertThat(s.events()).isEqualTo(30_000);
    DatasetSpec tenth = new DatasetSpec(new BigDecimal("0.1"), 1);
    assertThat(tenth.projects() + tenth.payloads() + tenth.events()).isEqualTo(5_000);
    Generator g = gen("0.0025", 3); // 25 projects: one partial chunk
    Chunk c = g.chunk(0);
    assertThat(g.chunkCount()).isEqualTo(1);
    assertThat(c.projectRows()).isEqualTo(25);
    assertThat(c.eventRows()).isEqualTo(75);
    assertThat(lines(c.projects())).hasSize(25);
    assertThat(lines(c.events())).hasSize(75);
  }

  @Test
  void contentShaIsTheSha256OfTheCanonicalInputs() throws Exception {
    Chunk c = gen("0.01", 42).chunk(0);
    String[] projects = lines(c.projects());
    String[] payloads = lines(c.payloads());
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    for (int i = 0; i < projects.length; i++) {
      String[] p = projects[i].split("\t", -1);
      String[] l = payloads[i].split("\t", -1);
      String inputs = l[3].replace("\\\\", "\\");
      assertThat(p[8]).isEqualTo(HexFormat.of().formatHex(sha.digest(inputs.getBytes(StandardCharsets.UTF_8))));
      assertThat(inputs).startsWith("{\"currency\":").contains("\"module\":\"" + l[2] + "\"");
    }
  }

  @Test
  void payloadsAreAFewKilobytesOfNestedJson() {
    Chunk c = gen("0.1", 42).chunk(0);
    long total = 0;
    int min = Integer.MAX_VALUE;
    int max = 0;
    for (String line : lines(c.payloads())) {
      int len = line.split("\t", -1)[3].length();
      total += len;
      min = Math.min(min, len);
      max = Math.max(max, len);
    }
    double avg = total / (double) c.payloadRows();
    assertThat(avg).as("average inputs size in bytes").isBetween(1500.0, 4500.0);
    assertThat(min).isGreaterThan(700);
    assertThat(max).isLessThan(8000);
  }

  @Test
  void statusMixAndTenantSkewLookLikeTheReportsWorkload() {
    Generator g = gen("1", 42);
    Map<String, Integer> status = new HashMap<>();
    Map<String, Integer> perAccount = new HashMap<>();
    int n = 0;
    for (int i = 0; i < g.chunkCount(); i++) {
      for (String line : lines(g.chunk(i).projects())) {
        String[] f = line.split("\t", -1);
        status.merge(f[3], 1, Integer::sum);
        perAccount.merge(f[1], 1, Integer::sum);
        n++;
      }
    }
    assertThat(status.get("draft") / (double) n).isBetween(0.22, 0.28);
    assertThat(status.get("estimating") / (double) n).isBetween(0.27, 0.33);
    assertThat(status.get("rejected") / (double) n).isBetween(0.08, 0.12);
    int largest = perAccount.values().stream().max(Integer::compare).orElseThrow();
    long small = perAccount.values().stream().filter(v -> v < 20).count();
    assertThat(largest).as("the largest tenant holds a big share (Zipf)").isGreaterThan(n / 10);
    assertThat(small).as("most tenants are small").isGreaterThan(perAccount.size() / 2);
  }

  static String[] lines(byte[] copyText) {
    String s = new String(copyText, StandardCharsets.UTF_8);
    return s.isEmpty() ? new String[0] : s.split("\n");
  }
}
