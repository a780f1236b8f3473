package dev.apexbench.reports.targets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TargetsTest {

  @Test
  void theRepositoryFileHoldsTheReportTargets() {
    Targets t = Targets.load(Path.of("../targets.yaml"));
    assertThat(t.queryClasses()).containsOnlyKeys("simple", "composite", "aggregation", "jsonb");
    assertThat(t.queryClasses().get("simple")).isEqualTo(new Limit(Statistic.P95, Op.LT, 10, "ms", t.queryClasses().get("simple").line()));
    assertThat(t.queryClasses().get("composite").value()).isEqualTo(50);
    assertThat(t.queryClasses().get("aggregation").value()).isEqualTo(100);
    assertThat(t.queryClasses().get("jsonb").value()).isEqualTo(50);
    assertThat(t.database().get("index_hit_rate")).extracting(Limit::op, Limit::value, Limit::unit).containsExactly(Op.GT, 95.0, "%");
    assertThat(t.database().get("cache_hit_rate")).extracting(Limit::op, Limit::value).containsExactly(Op.GT, 99.0);
    assertThat(t.database()).as("index_scan_ratio: none").doesNotContainKey("index_scan_ratio");
    assertThat(t.requireIntendedIndex()).isTrue();
    assertThat(t.loadErrorRate()).extracting(Limit::op, Limit::value, Limit::unit).containsExactly(Op.LT, 1.0, "%");
    assertThat(t.loadGroups()).containsOnlyKeys("simple", "composite", "aggregation", "jsonb", "write");
    assertThat(t.loadGroups().values()).allSatisfy(l -> assertThat(l.statistic()).isEqualTo(Statistic.P95));
    assertThat(t.sustainedRate()).extracting(Limit::op, Limit::value).containsExactly(Op.GE, 95.0);
    assertThat(t.achievedRps()).isNull();
    assertThat(t.accepted()).extracting(Targets.Accepted::target).containsExactly("jsonb.path_range p95_ms", "load jsonb p95_ms");
    assertThat(t.drRto()).as("the report's RTO, in seconds").extracting(Limit::op, Limit::value, Limit::unit).containsExactly(Op.LT, 900.0, "s");
    assertThat(t.drRpo()).extracting(Limit::op, Limit::value).containsExactly(Op.LT, 300.0);
    assertThat(t.drIntegrity()).isTrue();
    assertThat(t.capacitySustainableRps()).extracting(Limit::op, Limit::value, Limit::unit).containsExactly(Op.GE, 500.0, "rps");
    assertThat(t.loadPhases().get("pool")).extracting(Limit::statistic, Limit::value).containsExactly(Statistic.P95, 5.0);
    assertThat(t.poolUtilization()).extracting(Limit::statistic, Limit::op, Limit::value).containsExactly(Statistic.P95, Op.LT, 80.0);
    assertThat(t.poolPendingMax()).as("none").isNull();
    assertThat(t.workBlocksPerCall()).as("jsonb: none").containsOnlyKeys("simple", "composite", "aggregation");
    assertThat(t.workBlocksPerCall().get("simple")).extracting(Limit::op, Limit::value, Limit::unit).containsExactly(Op.LE, 100.0, "blocks");
    assertThat(t.accepted()).allSatisfy(a -> assertThat(a.reason()).doesNotContain("\n").hasSizeGreaterThan(40));
    assertThat(t.unknownAccepted(Targets.targetNames(java.util.List.of("jsonb.path_range"), java.util.List.of("jsonb")))).isEmpty();
  }

  @Test
  void convertsUnitsAndKeepsStatisticsAndNone() {
    Targets t = Targets.parse("""
        queries:
          statistic: p99
          classes:
            simple: "<= 0.5 s"
            jsonb: "< 250 us"
          overrides:
            simple.status_recent: "p95 < 80 ms"
            simple.by_etag: none
        load:
          achieved_rps: ">= 20 rps"
        """, "t.yaml");
    assertThat(t.queryClasses().get("simple")).extracting(Limit::statistic, Limit::op, Limit::value, Limit::unit)
        .containsExactly(Statistic.P99, Op.LE, 500.0, "ms");
    assertThat(t.queryClasses().get("jsonb").value()).isCloseTo(0.25, within(1e-12));
    assertThat(t.queryOverrides().get("simple.status_recent")).extracting(Limit::statistic, Limit::value)
        .containsExactly(Statistic.P95, 80.0);
    assertThat(t.queryOverrides()).containsKey("simple.by_etag");
    assertThat(t.queryOverrides().get("simple.by_etag")).isNull();
    assertThat(t.achievedRps()).extracting(Limit::op, Limit::value, Limit::unit).containsExactly(Op.GE, 20.0, "rps");
    assertThat(t.requireIntendedIndex()).as("default").isTrue();
    assertThat(t.queryClasses().get("simple").line()).isEqualTo(4);
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of("unknown top-level key", "version: 1\nquerys: {}\n", 2, "unknown key \"querys\" at the top level",
            "version, queries, database, plans, load"),
        Arguments.of("unknown key in a section", "queries:\n  statistic: p95\n  clases: {}\n", 3,
            "unknown key \"clases\" in queries", "statistic, classes, overrides"),
        Arguments.of("unknown query class", "queries:\n  classes:\n    simple: \"< 10 ms\"\n    fancy: \"< 5 ms\"\n", 4,
            "unknown query class \"fancy\"", "simple, composite, aggregation, jsonb"),
        Arguments.of("unknown endpoint group", "load:\n  groups:\n    reads: \"< 5 ms\"\n", 3,
            "unknown endpoint group \"reads\"", "simple, composite, aggregation, jsonb, write"),
        Arguments.of("unknown part of a request", "load:\n  phases:\n    pool: \"< 5 ms\"\n    jdbc: \"< 5 ms\"\n", 4,
            "unknown part of a request's time \"jdbc\"", "queue, pool, db, encode, other, network+client"),
        Arguments.of("a statistic a breakdown lacks", "load:\n  phases:\n    pool: \"p90 < 5 ms\"\n", 3,
            "load.phases.pool judges p90, which a request's breakdown does not record", "mean, p50, p95, p99, max"),
        Arguments.of("an unknown unit on a recovery objective", "dr:\n  rto: \"< 15 minutes\"\n", 2, "unknown unit \"minutes\"", "s, min, h"),
        Arguments.of("integrity neither all nor none", "dr:\n  integrity: most\n", 2, "dr.integrity: \"most\" is not allowed", "all, none"),
        Arguments.of("pool utilisation on a statistic the samples lack", "load:\n  pool_utilization: \"p99 < 80 %\"\n", 2,
            "load.pool_utilization judges p99", "p50, p95, max"),
        Arguments.of("pool pending not a count", "load:\n  pool_pending_max: some\n", 2, "load.pool_pending_max: \"some\" is not allowed",
            "a whole number of waiting threads"),
        Arguments.of("unknown database metric", "database:\n  index_hit_rate: \"> 95 %\"\n  hit_rate: \"> 9 %\"\n", 3,
            "unknown database metric \"hit_rate\"", "index_hit_rate, cache_hit_rate, index_scan_ratio"),
        Arguments.of("unknown section statistic", "queries:\n  statistic: p97\n", 2, "unknown statistic \"p97\"",
            "mean, p50, p90, p95, p99, p999, max"),
        Arguments.of("unknown statistic in a limit", "queries:\n  classes:\n    simple: \"p97 < 10 ms\"\n", 3,
            "unknown statistic \"p97\"", "mean, p50"),
        Arguments.of("unknown unit", "queries:\n  classes:\n    simple: \"< 10 msec\"\n", 3, "unknown unit \"msec\"",
            "ms, s, us"),
        Arguments.of("latency unit on a rate", "database:\n  index_hit_rate: \"> 95 ms\"\n", 2,
            "unit \"ms\" does not fit a rate in percent", "%"),
        Arguments.of("percent on a latency", "queries:\n  classes:\n    simple: \"< 10 %\"\n", 3,
            "unit \"%\" does not fit a latency", "ms, s, us"),
        Arguments.of("rps on an error rate", "load:\n  error_rate: \"< 1 rps\"\n", 2, "does not fit a rate in percent", "%"),
        Arguments.of("no unit", "queries:\n  classes:\n    simple: \"< 10\"\n", 3, "has no unit", "ms, s, us"),
        Arguments.of("no comparison", "queries:\n  classes:\n    composite: \"50 ms\"\n", 3, "\"50 ms\" has no comparison",
            "\"[statistic] <|<= number unit\""),
        Arguments.of("not a number", "queries:\n  classes:\n    simple: \"< ten ms\"\n", 3, "has no number after <",
            "number unit"),
        Arguments.of("bound the wrong way", "database:\n  cache_hit_rate: \"< 99 %\"\n", 2,
            "\"< 99 %\" is an upper bound, but this target is a minimum",
            ">, >="),
        Arguments.of("more than 100 %", "load:\n  sustained_rate: \">= 120 %\"\n", 2, "more than 100 %", "0 % to 100 %"),
        Arguments.of("statistic on a rate", "load:\n  error_rate: \"p95 < 1 %\"\n", 2, "names a statistic", "number unit"),
        Arguments.of("not a boolean", "plans:\n  require_intended_index: maybe\n", 2, "\"maybe\" is not a boolean",
            "true, false"),
        Arguments.of("a section that is not a mapping", "database: \"> 95 %\"\n", 1, "database must be a mapping",
            "keys index_hit_rate"),
        Arguments.of("a list where a limit belongs", "queries:\n  classes:\n    simple:\n      - \"< 10 ms\"\n", 4,
            "queries.classes.simple must be a single value", "\"< 10 ms\""),
        Arguments.of("bad override name", "queries:\n  overrides:\n    Status Recent: \"< 5 ms\"\n", 3,
            "\"Status Recent\" in queries.overrides is not a catalog query name", "simple.status_recent"),
        Arguments.of("duplicate key", "database:\n  index_hit_rate: \"> 95 %\"\n  index_hit_rate: \"> 90 %\"\n", 3,
            "duplicate key \"index_hit_rate\" (first on line 2)", "each key once"),
        Arguments.of("unquoted > is invalid YAML", "version: 1\ndatabase:\n  index_hit_rate: > 95 %\n", 3, "not valid YAML",
            "\"> 95 %\""),
        Arguments.of("unsupported version", "version: 2\n", 1, "version \"2\" is not supported", "1"),
        Arguments.of("empty file", "# only a comment\n", 1, "the file is empty", "version, queries"),
        Arguments.of("a latency on a work counter", "work:\n  shared_blks_per_call:\n    simple: \"<= 10 ms\"\n", 3,
            "unit \"ms\" does not fit a count of blocks", "blocks"),
        Arguments.of("a floor on a work counter", "work:\n  shared_blks_per_call:\n    simple: \">= 10 blocks\"\n", 3,
            "is a lower bound, but this target is a maximum", "<, <="),
        Arguments.of("an unknown work counter", "work:\n  rows_per_call: x\n", 2, "unknown key \"rows_per_call\"", "shared_blks_per_call"),
        Arguments.of("a work key that is no class or query", "work:\n  shared_blks_per_call:\n    Simple Stuff: \"<= 5 blocks\"\n", 3,
            "\"Simple Stuff\" is neither a query class nor a catalog query name", "simple, composite"),
        Arguments.of("accepted not a list", "accepted:\n  target: x\n", 2, "accepted must be a list", "target, reason and until"),
        Arguments.of("accepted entry without a reason", "accepted:\n  - target: jsonb.path_range p95_ms\n    until: 2027-03-31\n", 2,
            "an accepted entry has no reason", "target, reason and until"),
        Arguments.of("accepted entry with a bad date", "accepted:\n  - target: a b\n    reason: r\n    until: next spring\n", 4,
            "accepted until: \"next spring\" is not a date", "an ISO date such as 2027-03-31"),
        Arguments.of("accepted entry with an unknown key", "accepted:\n  - target: a b\n    reason: r\n    until: 2027-01-01\n    owner: me\n",
            5, "unknown key \"owner\" in an accepted entry", "target, reason, until"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void invalidFilesGiveOneLineWithFileLineAndWhatIsAllowed(String why, String yaml, int line, String problem, String allowed) {
    assertThatThrownBy(() -> Targets.parse(yaml, "conf/targets.yaml"))
        .isInstanceOf(TargetsException.class)
        .satisfies(e -> {
          String m = e.getMessage();
          assertThat(m).as("one line").doesNotContain("\n").doesNotContain("\r");
          assertThat(m).as("file and line").startsWith("conf/targets.yaml:" + line + ": ");
          assertThat(m).contains(problem);
          assertThat(m).matches(".*\\(allowed: .*" + java.util.regex.Pattern.quote(allowed) + ".*\\)$");
        });
  }

  @Test
  void acceptedEntriesAreReadWithTheirLineAndCoverTheirTargetWithOrWithoutTheHitRateLabel() {
    Targets t = Targets.parse("""
        version: 1
        accepted:
          - target: jsonb.path_range p95_ms
            reason: no index serves a range over an extracted JSONB value
            until: 2027-03-31
          - target: database cache_hit_rate_pct
            reason: cold-start runs
            until: "2027-01-15"
        """, "t.yaml");
    assertThat(t.accepted()).hasSize(2);
    Targets.Accepted first = t.accepted().get(0);
    assertThat(first.target()).isEqualTo("jsonb.path_range p95_ms");
    assertThat(first.until()).isEqualTo(java.time.LocalDate.of(2027, 3, 31));
    assertThat(first.line()).isEqualTo(3);
    assertThat(first.covers("jsonb.path_range p95_ms")).isTrue();
    assertThat(first.covers("jsonb.path_range p99_ms")).isFalse();
    assertThat(t.accepted().get(1).covers("database cache_hit_rate_pct (cold start)")).isTrue();
    assertThat(Targets.parse("accepted:\n", "t.yaml").accepted()).isEmpty();
  }

  @Test
  void anAcceptedEntryNamingNoTargetIsOneLineWithFileAndLine() {
    Targets t = Targets.parse("""
        accepted:
          - target: jsonb.path_range p95_ms
            reason: r
            until: 2027-03-31
          - target: jsonb.path_rnage p95_ms
            reason: a typo
            until: 2027-03-31
        """, "conf/targets.yaml");
    var names = Targets.targetNames(java.util.List.of("jsonb.path_range", "simple.by_id"), java.util.List.of("simple", "jsonb"));
    assertThat(t.unknownAccepted(names)).hasValueSatisfying(m -> assertThat(m)
        .startsWith("conf/targets.yaml:5: accepted names \"jsonb.path_rnage p95_ms\", which is no target")
        .contains("(allowed: ").doesNotContain("\n"));
    for (String known : java.util.List.of("jsonb.path_range p95_ms", "simple.by_id uses_intended_index", "simple.by_id p50_change_pct",
        "database cache_hit_rate_pct", "load jsonb p95_ms", "load total error_rate_pct", "load generator schedule_kept",
        "load GET /projects/{id} p95_change_pct")) {
      assertThat(names.test(known)).as(known).isTrue();
    }
    for (String unknown : java.util.List.of("jsonb.path_range", "load reads p95_ms", "database hit_rate_pct", "simple.by_id p97_ms")) {
      assertThat(names.test(unknown)).as(unknown).isFalse();
    }
  }

  @Test
  void loadNamesTheFileInItsErrors(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("targets.yaml");
    Files.writeString(file, "queries:\n  classes:\n    simple: \"< 10 parsecs\"\n");
    assertThatThrownBy(() -> Targets.load(file)).isInstanceOf(TargetsException.class)
        .hasMessageStartingWith(file + ":3: queries.classes.simple: unknown unit \"parsecs\"");
  }

  @Test
  void aMissingFileIsATargetsError(@TempDir Path dir) {
    assertThatThrownBy(() -> Targets.load(dir.resolve("missing.yaml"))).isInstanceOf(TargetsException.class)
        .hasMessageStartingWith(dir.resolve("missing.yaml") + ":1: cannot read the targets file");
  }
}
