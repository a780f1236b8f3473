package dev.apexbench.reports.write;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * The files inlined into index.html: ECharts from its webjar (so the page needs no network), and
 * the page's own CSS and script from this package's resources.
 */
final class Assets {

  private static final String ECHARTS_POM = "META-INF/maven/org.webjars.npm/echarts/pom.properties";

  private Assets() {}

  /** ECharts version and minified source, loaded once. */
  static final class Echarts {
    static final String VERSION = version();
    static final String SOURCE = resource(Assets.class.getClassLoader(),
        "META-INF/resources/webjars/echarts/" + VERSION + "/dist/echarts.min.js");

    private Echarts() {}

    private static String version() {
      try (InputStream in = Assets.class.getClassLoader().getResourceAsStream(ECHARTS_POM)) {
        if (in == null) {
          throw new IllegalStateException("the ECharts webjar is not on the class path (" + ECHARTS_POM + ")");
        }
        Properties p = new Properties();
        p.load(in);
        return p.getProperty("version");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  static String css() {
    return resource(Assets.class.getClassLoader(), "dev/apexbench/reports/write/report.css");
  }

  static String script() {
    return resource(Assets.class.getClassLoader(), "dev/apexbench/reports/write/report.js");
  }

  private static String resource(ClassLoader cl, String name) {
    try (InputStream in = cl.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Makes text safe inside a script element: nothing in it can close the element. */
  static String inScript(String js) {
    return js.replaceAll("(?i)</(script)", "<\\\\/$1");
  }
}
