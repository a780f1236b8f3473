package dev.apexbench.dataset;

import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The dataset fingerprint: SHA-256 over the per-chunk, per-table digests of the COPY bytes, in
 * chunk order. Equal fingerprints mean byte-identical rows.
 */
public final class Fingerprint {
  private final MessageDigest digest = Generator.sha256();

  public void add(Chunk chunk) {
    for (int t = 0; t < 3; t++) {
      digest.update(chunk.digest(t));
    }
  }

  public String hex() {
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Generates every chunk without loading anything (for tests and the generator benchmark). */
  public static String of(Generator gen) {
    Fingerprint f = new Fingerprint();
    for (int i = 0; i < gen.chunkCount(); i++) {
      f.add(gen.chunk(i));
    }
    return f.hex();
  }
}
