package dev.apexbench.db.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The difference between two {@link StatsSnapshot}s: what happened during one measured phase,
 * and nothing before or after it. The hit rates are of the harness's own relations (its tables,
 * their indexes and TOAST data, from pg_statio_user_tables/indexes), not of the whole database:
 * on a shared server the exporter's and other clients' reads would mix in; {@code blksHit} and
 * {@code blksRead} are the whole database's, for reference.
 *
 * @param schemaBlksHit blocks of the harness's relations found in shared buffers
 * @param schemaBlksRead blocks of the harness's relations read from outside shared buffers
 */
public record StatsWindow(
    String phase,
    double seconds,
    Double indexHitRate,
    Double cacheHitRate,
    Double indexScanRatio,
    long blksHit,
    long blksRead,
    long idxBlksHit,
    long idxBlksRead,
    long idxScan,
    long seqScan,
    long xactCommit,
    long xactRollback,
    long schemaBlksHit,
    long schemaBlksRead,
    List<TableDelta> tables,
    List<StatementDelta> topStatements) {

  public record TableDelta(String table, StatsSnapshot.Table delta) {}

  /**
   * One statement over the window: its calls, time and the work counters of pg_stat_statements
   * (shared blocks hit and read, temp blocks read and written, WAL bytes), summed over the calls.
   */
  public record StatementDelta(String query, long calls, double totalMs, double meanMs, double stddevMs, long rows, long sharedBlksHit,
      long sharedBlksRead, long tempBlks, long walBytes) {

    public StatementDelta(String query, long calls, double totalMs, double meanMs, double stddevMs, long rows) {
      this(query, calls, totalMs, meanMs, stddevMs, rows, 0, 0, 0, 0);
    }

    /** Shared blocks hit or read over the window. */
    public long sharedBlks() {
      return sharedBlksHit + sharedBlksRead;
    }
  }

  public static final int TOP_STATEMENTS = 10;

  public static StatsWindow between(String phase, StatsSnapshot before, StatsSnapshot after) {
    List<TableDelta> tables = new ArrayList<>();
    long idxHit = 0, idxRead = 0, idxScan = 0, seqScan = 0, allHit = 0, allRead = 0;
    for (Map.Entry<String, StatsSnapshot.Table> e : after.tables().entrySet()) {
      StatsSnapshot.Table a = e.getValue();
      StatsSnapshot.Table b = before.tables().getOrDefault(e.getKey(), new StatsSnapshot.Table(0, 0, 0, 0, 0, 0, 0, 0));
      StatsSnapshot.Table d =
          new StatsSnapshot.Table(
              a.seqScan() - b.seqScan(),
              a.idxScan() - b.idxScan(),
              a.seqTupRead() - b.seqTupRead(),
              a.idxTupFetch() - b.idxTupFetch(),
              a.heapBlksHit() - b.heapBlksHit(),
              a.heapBlksRead() - b.heapBlksRead(),
              a.idxBlksHit() - b.idxBlksHit(),
              a.idxBlksRead() - b.idxBlksRead(),
              a.toastBlksHit() - b.toastBlksHit(),
              a.toastBlksRead() - b.toastBlksRead());
      tables.add(new TableDelta(e.getKey(), d));
      idxHit += d.idxBlksHit();
      idxRead += d.idxBlksRead();
      idxScan += d.idxScan();
      seqScan += d.seqScan();
      allHit += d.blocksHit();
      allRead += d.blocksRead();
    }
    tables.sort(Comparator.comparing(TableDelta::table));
    long hit = after.blksHit() - before.blksHit();
    long read = after.blksRead() - before.blksRead();
    return new StatsWindow(
        phase,
        (after.nanoTime() - before.nanoTime()) / 1e9,
        ratio(idxHit, idxHit + idxRead),
        ratio(allHit, allHit + allRead),
        ratio(idxScan, idxScan + seqScan),
        hit,
        read,
        idxHit,
        idxRead,
        idxScan,
        seqScan,
        after.xactCommit() - before.xactCommit(),
        after.xactRollback() - before.xactRollback(),
        allHit,
        allRead,
        tables,
        statements(before, after));
  }

  /** part / whole, or null when nothing was counted (a rate over nothing is not 100 %). */
  static Double ratio(long part, long whole) {
    return whole <= 0 ? null : part / (double) whole;
  }

  static List<StatementDelta> statements(StatsSnapshot before, StatsSnapshot after) {
    List<StatementDelta> out = allStatements(before, after);
    return out.size() > TOP_STATEMENTS ? new ArrayList<>(out.subList(0, TOP_STATEMENTS)) : out;
  }

  /** Every statement that ran between the snapshots, by total time, the longest first. */
  public static List<StatementDelta> allStatements(StatsSnapshot before, StatsSnapshot after) {
    List<StatementDelta> out = new ArrayList<>();
    for (Map.Entry<String, StatsSnapshot.Statement> e : after.statements().entrySet()) {
      StatsSnapshot.Statement a = e.getValue();
      StatsSnapshot.Statement b = before.statements().get(e.getKey());
      if (b == null || a.calls() < b.calls()) {
        b = new StatsSnapshot.Statement(a.query(), 0, 0, 0, 0); // new in the window, or evicted and re-added
      }
      long calls = a.calls() - b.calls();
      if (calls <= 0) {
        continue;
      }
      double total = a.totalMs() - b.totalMs();
      double mean = total / calls;
      double variance = Math.max(0, (a.sumSquaresMs() - b.sumSquaresMs()) / calls - mean * mean);
      out.add(new StatementDelta(a.query(), calls, total, mean, Math.sqrt(variance), a.rows() - b.rows(),
          a.sharedBlksHit() - b.sharedBlksHit(), a.sharedBlksRead() - b.sharedBlksRead(), a.tempBlks() - b.tempBlks(),
          a.walBytes() - b.walBytes()));
    }
    out.sort(Comparator.comparingDouble(StatementDelta::totalMs).reversed());
    return out;
  }

  /** Several windows (e.g. jmh and load) as one: counters added, rates recomputed. */
  public static Totals combine(List<StatsWindow> windows) {
    long hit = 0, read = 0, ih = 0, ir = 0, is = 0, ss = 0;
    for (StatsWindow w : windows) {
      hit += w.schemaBlksHit;
      read += w.schemaBlksRead;
      ih += w.idxBlksHit;
      ir += w.idxBlksRead;
      is += w.idxScan;
      ss += w.seqScan;
    }
    return new Totals(ratio(ih, ih + ir), ratio(hit, hit + read), ratio(is, is + ss));
  }

  public record Totals(Double indexHitRate, Double cacheHitRate, Double indexScanRatio) {}
}
