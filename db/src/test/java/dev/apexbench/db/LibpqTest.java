package dev.apexbench.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --db as PostgreSQL users write it: libpq URIs, keyword/value strings, PG* variables and the password file. */
class LibpqTest {

  @TempDir Path dir;

  /** An environment whose password file is {@code dir/pgpass} (absent unless a test writes it). */
  private Map<String, String> env(String... kv) {
    Map<String, String> env = new HashMap<>();
    env.put("PGPASSFILE", dir.resolve("pgpass").toString());
    for (int i = 0; i < kv.length; i += 2) {
      env.put(kv[i], kv[i + 1]);
    }
    return env;
  }

  private Path pgpass(String content, String mode) throws Exception {
    Path f = dir.resolve("pgpass");
    Files.writeString(f, content);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
    return f;
  }

  @Test
  void aUriGivesHostPortDatabaseUserAndPasswordWithTheCredentialsOutOfTheUrl() {
    DbSpec s = DbSpec.parse("postgresql://alice:s%40cret@db.example:5433/apex?sslmode=require&application_name=bench", null, env());
    assertThat(s.provider()).isEqualTo(Provider.EXTERNAL);
    assertThat(s.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:5433/apex?sslmode=require&ApplicationName=bench");
    assertThat(s.user()).isEqualTo("alice");
    assertThat(s.password()).isEqualTo("s@cret");
    assertThat(s.safeUrl()).doesNotContain("s@cret").doesNotContain("cret");
    assertThat(DbSpec.parse("postgres://bob@h/db", null, env()).jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/db");
  }

  @Test
  void tlsAndSessionParametersPassThroughUnderPgjdbcNamesAndTheKeyPasswordIsAProperty() {
    DbSpec s = DbSpec.parse("postgresql://u@h/db?sslmode=verify-full&sslrootcert=/etc/ca.pem&sslcert=/c.pem&sslkey=/k.pk8"
        + "&sslpassword=k3y&target_session_attrs=read-write&connect_timeout=7&gssencmode=disable", null, env());
    assertThat(s.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/db?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem&sslcert=%2Fc.pem"
        + "&sslkey=%2Fk.pk8&targetServerType=primary&connectTimeout=7&gssEncMode=disable");
    assertThat(s.sslPassword()).isEqualTo("k3y");
    assertThat(s.jdbcUrl()).doesNotContain("k3y");
  }

  @Test
  void aUriWithoutAHostTakesEverythingMissingFromThePgVariables() {
    DbSpec s = DbSpec.parse("postgresql://", null,
        env("PGHOST", "pg.internal", "PGPORT", "6543", "PGDATABASE", "apex", "PGUSER", "carol", "PGPASSWORD", "pw1"));
    assertThat(s.jdbcUrl()).isEqualTo("jdbc:postgresql://pg.internal:6543/apex");
    assertThat(s.user()).isEqualTo("carol");
    assertThat(s.password()).isEqualTo("pw1");
    DbSpec dbOnly = DbSpec.parse("postgresql:///other", null, env("PGHOST", "pg.internal", "PGUSER", "carol"));
    assertThat(dbOnly.jdbcUrl()).isEqualTo("jdbc:postgresql://pg.internal:5432/other");
    DbSpec defaults = DbSpec.parse("postgresql://", null, env("PGUSER", "dave"));
    assertThat(defaults.jdbcUrl()).as("libpq: database defaults to the user name").isEqualTo("jdbc:postgresql://localhost:5432/dave");
  }

  @Test
  void keywordValueStringsAreReadAsLibpqReadsThem() {
    DbSpec s = DbSpec.parse("host=db.example port=5433 dbname='my db' user=erin password='it\\'s' sslmode=require", null, env());
    assertThat(s.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:5433/my%20db?sslmode=require");
    assertThat(s.user()).isEqualTo("erin");
    assertThat(s.password()).isEqualTo("it's");
  }

  @Test
  void multipleHostsKeepTheirPorts() {
    assertThat(DbSpec.parse("postgresql://u@h1:5432,h2:5433/db?target_session_attrs=any", null, env()).jdbcUrl())
        .isEqualTo("jdbc:postgresql://h1:5432,h2:5433/db?targetServerType=any");
    assertThat(DbSpec.parse("postgresql://u@[::1]:5433/db", null, env()).jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5433/db");
  }

  @Test
  void thePasswordFileSuppliesAMissingPasswordFirstMatchWinsWithWildcardsAndEscapes() throws Exception {
    pgpass("""
        # host:port:database:user:password
        other:5432:*:frank:nope
        db.example:5433:apex:frank:pa\\:ss\\\\word:ignored-after-an-unescaped-colon
        *:*:*:frank:fallback
        """, "rw-------");
    DbSpec s = DbSpec.parse("postgresql://frank@db.example:5433/apex", null, env());
    assertThat(s.password()).isEqualTo("pa:ss\\word");
    assertThat(s.note()).isEqualTo("password from pgpass line 3");
    assertThat(DbSpec.parse("postgresql://frank@elsewhere/apex", null, env()).password()).isEqualTo("fallback");
    assertThat(DbSpec.parse("jdbc:postgresql://elsewhere:5432/apex?user=frank", null, env()).password())
        .as("also for JDBC URLs without a password").isEqualTo("fallback");
    assertThat(DbSpec.parse("postgresql://frank:given@db.example:5433/apex", null, env()).password())
        .as("a password given wins over the file").isEqualTo("given");
    assertThat(DbSpec.parse("postgresql://frank@db.example:5433/apex", null, env("PGPASSWORD", "env")).password())
        .as("PGPASSWORD wins over the file").isEqualTo("env");
  }

  @Test
  void aPasswordFileOthersCanReadIsIgnoredWithAWarningAsLibpqDoes() throws Exception {
    pgpass("*:*:*:*:leaked\n", "rw-r--r--");
    DbSpec s = DbSpec.parse("postgresql://grace@h/db", null, env());
    assertThat(s.password()).isEmpty();
    assertThat(s.note()).contains("has group or world access").contains("u=rw (0600)").doesNotContain("leaked");
  }

  @Test
  void badInputIsOneLineNamingTheSettingTheValueAndWhatIsAllowed() {
    Map<String, String> e = env();
    assertThatThrownBy(() -> DbSpec.parse("postgresql://u@h/db?sslmode=sometimes", null, e))
        .hasMessage("--db: sslmode 'sometimes' is not allowed (allowed: disable, allow, prefer, require, verify-ca, verify-full)");
    assertThatThrownBy(() -> DbSpec.parse("postgresql://u@h/db?sslcrl=/x", null, e))
        .hasMessageStartingWith("--db: parameter 'sslcrl' is not supported here (allowed: host, hostaddr, port, dbname");
    assertThatThrownBy(() -> DbSpec.parse("postgresql://u:pw@h:99999/db", null, e))
        .hasMessage("--db: port '99999' is not allowed (allowed: a number from 1 to 65535)");
    assertThatThrownBy(() -> DbSpec.parse("postgresql://u@%2Fvar%2Frun%2Fpostgresql/db", null, e))
        .hasMessageContaining("is a Unix-domain socket; the JDBC driver connects over TCP");
    assertThatThrownBy(() -> DbSpec.parse("postgresql://", null, env("PGHOST", "/var/run/postgresql")))
        .hasMessageStartingWith("--db: PGHOST '/var/run/postgresql' is a Unix-domain socket");
    assertThatThrownBy(() -> DbSpec.parse("host=h dbname", null, e)).hasMessageContaining("'dbname' in the connection string has no value");
    assertThatThrownBy(() -> DbSpec.parse("host=h password='open", null, e))
        .hasMessageContaining("the quoted value of 'password' is not closed").hasMessageNotContaining("open");
    assertThatThrownBy(() -> DbSpec.parse("postgresql://u:topsecret@h/db?bogus=1", null, e)).hasMessageNotContaining("topsecret");
    assertThatThrownBy(() -> DbSpec.parse("postgresql://u:topsecret@h/db?x", null, e)).hasMessageNotContaining("topsecret");
  }
}
