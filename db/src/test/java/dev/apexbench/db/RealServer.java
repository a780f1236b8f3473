package dev.apexbench.db;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test that needs a real PostgreSQL, a running api or a real load (or Docker, Debian's
 * PostgreSQL 15): it runs in {@code mvn verify} (failsafe, two JVMs at once), not in the fast
 * tier {@code mvn test} (surefire), which keeps to tests that need nothing but the JVM.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag(RealServer.TAG)
public @interface RealServer {
  String TAG = "real-server";
}
