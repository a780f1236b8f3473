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
        .hasMessageContaining("embedded, docker, a jdbc:postgresql://");
    assertThatThrownBy(() -> DbSpec.parse("jdbc:postgresql://host:5432", null, Map.of()))
        .hasMessageContaining("names no database");
  }

  @Test
  void credentialsInTheUserInfoPartAreTakenOutOfTheUrlAndMaskedEverywhere() {
    DbSpec ext = DbSpec.parse("jdbc:postgresql://alice:s%40cret@db.example:5433/apex?ssl=false", null, Map.of());
    assertThat(ext.user()).isEqualTo("alice");
    assertThat(ext.password()).isEqualTo("s@cret");
    assertThat(ext.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:5433/apex?ssl=false");
    assertThat(ext.urlWithoutCredentials()).doesNotContain("cret").doesNotContain("alice");
    assertThat(DbSpec.redact("jdbc:postgresql://alice:topsecret@h/apex")).isEqualTo("jdbc:postgresql://alice:***@h/apex");
    assertThat(DbSpec.redact("jdbc:postgresql://h/apex?sslpassword=k3y&user=a")).isEqualTo("jdbc:postgresql://h/apex?sslpassword=***&user=a");
  }

  @Test
  void aMissingHostOrABadPortIsOneLineNamingIt() {
    assertThatThrownBy(() -> DbSpec.parse("jdbc:postgresql://", null, Map.of())).hasMessageContaining("has no host");
    assertThatThrownBy(() -> DbSpec.parse("jdbc:postgresql://127.0.0.1:notaport/db", null, Map.of()))
        .hasMessage("--db: port 'notaport' in 'jdbc:postgresql://127.0.0.1:notaport/db' is not allowed (allowed: a number from 1 to 65535)");
    assertThatThrownBy(() -> DbSpec.parse("jdbc:postgresql://u:pw@127.0.0.1:99999/db", null, Map.of()))
        .hasMessageContaining("port '99999'").hasMessageNotContaining("pw@");
    assertThat(DbSpec.parse("jdbc:postgresql://h1:5432,h2:5433/apex", null, Map.of()).provider()).isEqualTo(Provider.EXTERNAL);
  }
}
