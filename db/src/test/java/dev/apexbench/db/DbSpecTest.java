package dev.apexbench.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DbSpecTest {
  @Test
  void parsesTheThreeProviders() {
    assertThat(DbSpec.parse("embedded", null, Map.of()).provider()).isEqualTo(Provider.EMBEDDED);
    DbSpec docker = DbSpec.parse("docker", null, Map.of());
    assertThat(docker.provider()).isEqualTo(Provider.DOCKER);
    assertThat(docker.image()).as("default image").isEqualTo("postgres:18");
    assertThat(DbSpec.parse("docker", "local/postgres:15", Map.of()).image()).isEqualTo("local/postgres:15");
    DbSpec ext = DbSpec.parse("jdbc:postgresql://db.example:5433/apex?user=bench&password=s3cret", null, Map.of());
    assertThat(ext.provider()).isEqualTo(Provider.EXTERNAL);
    assertThat(ext.user()).isEqualTo("bench");
    assertThat(ext.password()).isEqualTo("s3cret");
  }

  @Test
  void credentialsFallBackToPgUserAndPgPassword() {
    DbSpec ext = DbSpec.parse("jdbc:postgresql://127.0.0.1/apex", null, Map.of("PGUSER", "u1", "PGPASSWORD", "p1"));
    assertThat(ext.user()).isEqualTo("u1");
    assertThat(ext.password()).isEqualTo("p1");
  }

  @Test
  void passwordsNeverAppearInSafeUrls() {
    DbSpec ext = DbSpec.parse("jdbc:postgresql://h/apex?user=a&password=topsecret&ssl=false", null, Map.of());
    assertThat(ext.safeUrl()).doesNotContain("topsecret").contains("password=***").contains("ssl=false");
  }

  @Test
  void unknownValueNamesTheSettingTheValueAndWhatIsAllowed() {
    assertThatThrownBy(() -> DbSpec.parse("mysql", null, Map.of()))
        .isInstanceOfSatisfying(BenchException.class, e -> assertThat(e.exitCode()).isEqualTo(2))
        .hasMessageContaining("--db")
        .hasMessageContaining("'mysql'")
        .hasMessageContaining("embedded, docker, or a jdbc:postgresql://");
    assertThatThrownBy(() -> DbSpec.parse("jdbc:postgresql://host:5432", null, Map.of()))
        .hasMessageContaining("names no database");
  }
}
