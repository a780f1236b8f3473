package dev.apexbench.jmh;

import dev.apexbench.db.ColumnKind;
import dev.apexbench.db.catalog.CatalogQuery;
import dev.apexbench.db.catalog.QueryCatalog;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Per-thread benchmark state: one JDBC connection and one prepared statement for one catalog
 * query, opened once per trial (JMH samples 06 and 38: no per-invocation setup), and parameter
 * sets sampled from the seeded data. Each invocation binds the next set, executes, and reads
 * every column of every row with the getter of its type, as the api does ({@link ColumnKind}).
 *
 * <p>Where the server is: system properties {@value #URL} (JDBC URL), {@value #PROPS} (a file of
 * connection properties with user and password, so no secret appears on a command line) and
 * {@value #SEED} (the run's seed, which picks the parameters).
 */
public abstract class CatalogQueryState {
  /** The catalog entry this benchmark instance measures (its family's {@code @Param}). */
  protected abstract String queryName();

  @Setup(Level.Trial)
  public void setUp(ThreadParams thread) throws SQLException, IOException {
    open(queryName(), thread.getThreadIndex());
  }

  @TearDown(Level.Trial)
  public void tearDown() throws SQLException {
    close();
  }

  public static final String URL = "apex.jdbc.url";
  public static final String PROPS = "apex.jdbc.props";
  public static final String SEED = "apex.seed";
  static final int PARAMETER_SETS = 1024;
  /**
   * {@code -Dapex.jmh.read=objects} (through {@code --jmh-args "-jvmArgsAppend
   * -Dapex.jmh.read=objects"}): read every cell with {@code getObject} instead, to see what JDBC's
   * generic decoding costs against typed reads.
   */
  static final boolean READ_OBJECTS = "objects".equals(System.getProperty("apex.jmh.read"));

  private Connection connection;
  private PreparedStatement statement;
  private List<Object[]> params;
  private int next;
  /** How each column is read, found once (a prepared statement's shape does not change). */
  private ColumnKind[] kinds;

  protected void open(String queryName, int threadIndex) throws SQLException, IOException {
    CatalogQuery q = QueryCatalog.get(queryName);
    connection = connect();
    long seed = Long.parseLong(System.getProperty(SEED, "42"));
    params = q.sample(connection, seed + threadIndex, PARAMETER_SETS);
    statement = connection.prepareStatement(q.sql());
    next = 0;
  }

  static Connection connect() throws SQLException, IOException {
    String url = System.getProperty(URL);
    if (url == null) {
      throw new IllegalStateException(
          "-D" + URL + " is not set: run through `bench jmh`, or pass -jvmArgs \"-D" + URL + "=jdbc:postgresql://...\"");
    }
    Properties props = new Properties();
    String file = System.getProperty(PROPS);
    if (file != null) {
      try (Reader r = Files.newBufferedReader(Path.of(file))) {
        props.load(r);
      }
    }
    return DriverManager.getConnection(url, props);
  }

  /** Runs the query once with the next parameter set; returns a checksum of what was read. */
  protected long execute() throws SQLException {
    Object[] p = params.get(next);
    next = next + 1 == params.size() ? 0 : next + 1;
    CatalogQuery.bind(statement, p);
    long sum = 0;
    try (ResultSet rs = statement.executeQuery()) {
      if (kinds == null) {
        kinds = ColumnKind.of(rs.getMetaData());
      }
      while (rs.next()) {
        for (int c = 0; c < kinds.length; c++) {
          if (READ_OBJECTS) {
            Object v = rs.getObject(c + 1);
            sum += v == null ? 0 : v.hashCode();
          } else {
            sum += read(rs, c + 1, kinds[c]);
          }
        }
      }
    }
    return sum;
  }

  /**
   * One cell read as the api reads it (the getter of its type, a timestamptz as an
   * OffsetDateTime, JSON as its text), folded into the checksum so that nothing is optimised away.
   */
  static long read(ResultSet rs, int i, ColumnKind kind) throws SQLException {
    return switch (kind) {
      case LONG -> rs.getLong(i);
      case INT -> rs.getInt(i);
      case DOUBLE -> Double.doubleToRawLongBits(rs.getDouble(i));
      case DECIMAL -> java.util.Objects.hashCode(rs.getBigDecimal(i));
      case BOOL -> rs.getBoolean(i) ? 1 : 0;
      case TIMESTAMPTZ -> java.util.Objects.hashCode(rs.getObject(i, java.time.OffsetDateTime.class));
      default -> {
        String v = rs.getString(i);
        yield v == null ? 0 : v.length();
      }
    };
  }

  protected void close() throws SQLException {
    if (statement != null) {
      statement.close();
    }
    if (connection != null) {
      connection.close();
    }
  }
}
