package dev.apexbench.reports.targets;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Walks the YAML tree of targets.yaml, checking every key and value against the format. */
final class TargetsParser {

  private static final Pattern QUERY_NAME = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+");

  private final String file;
  private final LimitParser limits;

  TargetsParser(String file) {
    this.file = file;
    this.limits = new LimitParser(file);
  }

  Targets parse(String yaml) {
    YamlNode root = new YamlReader(file).read(yaml);
    if (root == null) {
      throw new TargetsException(file, 1, "the file is empty", "a mapping with version, queries, database, plans, load");
    }
    YamlNode.Mapping top = mapping(root, "the file", List.of("version", "queries", "database", "plans", "load", "capacity", "dr", "work",
        "accepted"));
    Map<String, YamlNode.Entry> e = top.entries();
    if (e.containsKey("version")) {
      YamlNode.Entry v = e.get("version");
      String version = scalar(v, "version", "1");
      if (!"1".equals(version)) {
        throw new TargetsException(file, v.value().line(), "version \"" + version + "\" is not supported", "1");
      }
    }
    Map<String, Limit> classes = Map.of();
    Map<String, Limit> overrides = Map.of();
    Map<String, Integer> overrideLines = new LinkedHashMap<>();
    if (e.containsKey("queries")) {
      YamlNode.Mapping q = mapping(e.get("queries").value(), "queries", List.of("statistic", "classes", "overrides"));
      Statistic st = statistic(q, "queries", Statistic.P95);
      classes = limitMap(q, "queries.classes", Targets.QUERY_CLASSES, "query class", st);
      overrides = overrides(q, st, overrideLines);
    }
    Map<String, Limit> database = Map.of();
    if (e.containsKey("database")) {
      YamlNode.Mapping d = mapping(e.get("database").value(), "database", Targets.DATABASE_METRICS);
      Map<String, Limit> m = new LinkedHashMap<>();
      for (YamlNode.Entry en : d.entries().values()) {
        putIfSet(m, en.key(), limits.parse(scalar(en, "database." + en.key()), en.value().line(),
            "database." + en.key(), Quantity.PERCENT, false, false));
      }
      database = Collections.unmodifiableMap(m);
    }
    boolean requireIndex = true;
    if (e.containsKey("plans")) {
      YamlNode.Mapping p = mapping(e.get("plans").value(), "plans", List.of("require_intended_index"));
      if (p.entries().containsKey("require_intended_index")) {
        requireIndex = bool(p.entries().get("require_intended_index"), "plans.require_intended_index");
      }
    }
    Limit errorRate = null;
    Map<String, Limit> groups = Map.of();
    Limit sustained = null;
    Limit rps = null;
    Limit maxPause = Targets.DEFAULT_GENERATOR_MAX_PAUSE;
    boolean scheduleKept = true;
    Map<String, Limit> phases = Map.of();
    Limit poolUtilization = null;
    Integer poolPendingMax = null;
    if (e.containsKey("load")) {
      YamlNode.Mapping l = mapping(e.get("load").value(), "load",
          List.of("error_rate", "statistic", "groups", "phases", "sustained_rate", "achieved_rps", "generator_max_pause", "schedule_kept",
              "pool_utilization", "pool_pending_max"));
      Statistic st = statistic(l, "load", Statistic.P95);
      groups = limitMap(l, "load.groups", Targets.LOAD_GROUPS, "endpoint group", st);
      phases = limitMap(l, "load.phases", Targets.LOAD_PHASES, "part of a request's time", st);
      for (Map.Entry<String, Limit> p : phases.entrySet()) {
        if (!Targets.PHASE_STATISTICS.contains(p.getValue().statistic())) {
          YamlNode.Entry pe = ((YamlNode.Mapping) l.entries().get("phases").value()).entries().get(p.getKey());
          throw new TargetsException(file, pe.value().line(), "load.phases." + p.getKey() + " judges "
              + p.getValue().statistic().key() + ", which a request's breakdown does not record",
              String.join(", ", Targets.PHASE_STATISTICS.stream().map(Statistic::key).toList()));
        }
      }
      errorRate = optional(l, "error_rate", Quantity.PERCENT, true);
      sustained = optional(l, "sustained_rate", Quantity.PERCENT, false);
      rps = optional(l, "achieved_rps", Quantity.RATE, false);
      if (l.entries().containsKey("generator_max_pause")) {
        YamlNode.Entry en = l.entries().get("generator_max_pause");
        Limit p = limits.parse(scalar(en, "load.generator_max_pause"), en.value().line(), "load.generator_max_pause",
            Quantity.LATENCY, true, false);
        maxPause = p == null ? null : p.withDefaultStatistic(Statistic.MAX);
      }
      if (l.entries().containsKey("pool_utilization")) {
        YamlNode.Entry en = l.entries().get("pool_utilization");
        Limit u = limits.parse(scalar(en, "load.pool_utilization"), en.value().line(), "load.pool_utilization", Quantity.PERCENT, true, true);
        poolUtilization = u == null ? null : u.withDefaultStatistic(Statistic.P95);
        if (poolUtilization != null && !List.of(Statistic.P50, Statistic.P95, Statistic.MAX).contains(poolUtilization.statistic())) {
          throw new TargetsException(file, en.value().line(), "load.pool_utilization judges " + poolUtilization.statistic().key()
              + ", which the pool's samples do not give", "p50, p95, max");
        }
      }
      if (l.entries().containsKey("pool_pending_max")) {
        YamlNode.Entry en = l.entries().get("pool_pending_max");
        String v = scalar(en, "load.pool_pending_max", "a whole number of waiting threads, or none");
        if (v != null && !v.equals("none")) {
          try {
            poolPendingMax = Integer.parseInt(v.strip());
          } catch (NumberFormatException ex) {
            poolPendingMax = -1;
          }
          if (poolPendingMax < 0) {
            throw new TargetsException(file, en.value().line(), "load.pool_pending_max: \"" + v + "\" is not allowed",
                "a whole number of waiting threads (0 or more), or none");
          }
        }
      }
      if (l.entries().containsKey("schedule_kept")) {
        scheduleKept = bool(l.entries().get("schedule_kept"), "load.schedule_kept");
      }
    }
    Limit sustainable = null;
    if (e.containsKey("capacity")) {
      YamlNode.Mapping c = mapping(e.get("capacity").value(), "capacity", List.of("sustainable_rps"));
      YamlNode.Entry en = c.entries().get("sustainable_rps");
      sustainable = en == null ? null
          : limits.parse(scalar(en, "capacity.sustainable_rps"), en.value().line(), "capacity.sustainable_rps", Quantity.RATE, false, false);
    }
    Limit rto = null;
    Limit rpo = null;
    boolean integrity = true;
    if (e.containsKey("dr")) {
      YamlNode.Mapping d = mapping(e.get("dr").value(), "dr", List.of("rto", "rpo", "integrity"));
      YamlNode.Entry en = d.entries().get("rto");
      rto = en == null ? null : limits.parse(scalar(en, "dr.rto"), en.value().line(), "dr.rto", Quantity.DURATION, true, false);
      en = d.entries().get("rpo");
      rpo = en == null ? null : limits.parse(scalar(en, "dr.rpo"), en.value().line(), "dr.rpo", Quantity.DURATION, true, false);
      en = d.entries().get("integrity");
      if (en != null) {
        String v = scalar(en, "dr.integrity", "all, none");
        if (!"all".equals(v) && !"none".equals(v)) {
          throw new TargetsException(file, en.value().line(), "dr.integrity: \"" + v + "\" is not allowed", "all, none");
        }
        integrity = "all".equals(v);
      }
    }
    Map<String, Limit> work = Map.of();
    if (e.containsKey("work")) {
      YamlNode.Mapping w = mapping(e.get("work").value(), "work", Targets.WORK_METRICS);
      YamlNode.Entry en = w.entries().get("shared_blks_per_call");
      if (en != null) {
        if (!(en.value() instanceof YamlNode.Mapping m)) {
          throw new TargetsException(file, en.value().line(), "work.shared_blks_per_call must be a mapping, not " + en.value().kind(),
              "query classes or catalog query names, each with a limit such as \"<= 50 blocks\"");
        }
        Map<String, Limit> out = new LinkedHashMap<>();
        for (YamlNode.Entry x : m.entries().values()) {
          String where = "work.shared_blks_per_call." + x.key();
          if (!Targets.QUERY_CLASSES.contains(x.key()) && !QUERY_NAME.matcher(x.key()).matches()) {
            throw new TargetsException(file, x.keyLine(), where + ": \"" + x.key() + "\" is neither a query class nor a catalog query name",
                String.join(", ", Targets.QUERY_CLASSES) + ", or a name like simple.status_recent");
          }
          putIfSet(out, x.key(), limits.parse(scalar(x, where), x.value().line(), where, Quantity.BLOCKS, true, false));
        }
        work = Collections.unmodifiableMap(out);
      }
    }
    List<Targets.Accepted> accepted = e.containsKey("accepted") ? accepted(e.get("accepted")) : List.of();
    return new Targets(file, classes, overrides, database, requireIndex, errorRate, groups, sustained, rps, maxPause, scheduleKept,
        Collections.unmodifiableMap(overrideLines), accepted, phases, sustainable, rto, rpo, integrity, poolUtilization, poolPendingMax,
        work);
  }

  private List<Targets.Accepted> accepted(YamlNode.Entry en) {
    if (en.value() instanceof YamlNode.Scalar sc && sc.text() == null) {
      return List.of();
    }
    if (!(en.value() instanceof YamlNode.Sequence seq)) {
      throw new TargetsException(file, en.value().line(), "accepted must be a list, not " + en.value().kind(),
          "a list of entries with target, reason and until");
    }
    List<Targets.Accepted> out = new java.util.ArrayList<>();
    for (YamlNode item : seq.items()) {
      YamlNode.Mapping m = mapping(item, "an accepted entry", List.of("target", "reason", "until"));
      String target = requiredText(m, "target", item.line());
      String reason = requiredText(m, "reason", item.line());
      String until = requiredText(m, "until", item.line());
      java.time.LocalDate date;
      try {
        date = java.time.LocalDate.parse(until);
      } catch (java.time.format.DateTimeParseException ex) {
        throw new TargetsException(file, m.entries().get("until").value().line(), "accepted until: \"" + until + "\" is not a date",
            "an ISO date such as 2027-03-31");
      }
      out.add(new Targets.Accepted(target, reason, date, m.entries().get("target").value().line()));
    }
    return List.copyOf(out);
  }

  private String requiredText(YamlNode.Mapping m, String key, int line) {
    YamlNode.Entry en = m.entries().get(key);
    String v = en == null ? null : scalar(en, "accepted " + key, "text");
    if (v == null || v.isBlank()) {
      throw new TargetsException(file, en == null ? line : en.value().line(), "an accepted entry has no " + key,
          "target, reason and until (an ISO date) on every entry");
    }
    return v.strip();
  }

  private Limit optional(YamlNode.Mapping m, String key, Quantity q, boolean upper) {
    YamlNode.Entry en = m.entries().get(key);
    return en == null ? null : limits.parse(scalar(en, "load." + key), en.value().line(), "load." + key, q, upper, false);
  }

  private Map<String, Limit> limitMap(YamlNode.Mapping parent, String path, List<String> allowed, String what, Statistic st) {
    String key = path.substring(path.indexOf('.') + 1);
    YamlNode.Entry en = parent.entries().get(key);
    if (en == null) {
      return Map.of();
    }
    YamlNode.Mapping m = mapping(en.value(), path, null);
    Map<String, Limit> out = new LinkedHashMap<>();
    for (YamlNode.Entry c : m.entries().values()) {
      if (!allowed.contains(c.key())) {
        throw new TargetsException(file, c.keyLine(), "unknown " + what + " \"" + c.key() + "\" in " + path,
            String.join(", ", allowed));
      }
      Limit l = limits.parse(scalar(c, path + "." + c.key()), c.value().line(), path + "." + c.key(),
          Quantity.LATENCY, true, true);
      putIfSet(out, c.key(), l == null ? null : l.withDefaultStatistic(st));
    }
    return Collections.unmodifiableMap(out);
  }

  private Map<String, Limit> overrides(YamlNode.Mapping q, Statistic st, Map<String, Integer> lines) {
    YamlNode.Entry en = q.entries().get("overrides");
    if (en == null) {
      return Map.of();
    }
    YamlNode.Mapping m = mapping(en.value(), "queries.overrides", null);
    Map<String, Limit> out = new HashMap<>();
    for (YamlNode.Entry c : m.entries().values()) {
      if (!QUERY_NAME.matcher(c.key()).matches()) {
        throw new TargetsException(file, c.keyLine(), "\"" + c.key() + "\" in queries.overrides is not a catalog query name",
            "names like simple.status_recent: lower-case words joined by dots");
      }
      Limit l = limits.parse(scalar(c, "queries.overrides." + c.key()), c.value().line(),
          "queries.overrides." + c.key(), Quantity.LATENCY, true, true);
      out.put(c.key(), l == null ? null : l.withDefaultStatistic(st));
      lines.put(c.key(), c.keyLine());
    }
    return Collections.unmodifiableMap(out);
  }

  private Statistic statistic(YamlNode.Mapping m, String path, Statistic dflt) {
    YamlNode.Entry en = m.entries().get("statistic");
    if (en == null) {
      return dflt;
    }
    String s = scalar(en, path + ".statistic", Statistic.allowed());
    Statistic st = Statistic.parse(s == null ? "" : s.strip());
    if (st == null) {
      throw new TargetsException(file, en.value().line(), "unknown statistic \"" + s + "\" in " + path + ".statistic",
          Statistic.allowed());
    }
    return st;
  }

  private boolean bool(YamlNode.Entry en, String path) {
    String s = scalar(en, path, "true, false");
    if ("true".equals(s) || "false".equals(s)) {
      return Boolean.parseBoolean(s);
    }
    throw new TargetsException(file, en.value().line(), path + ": \"" + s + "\" is not a boolean", "true, false");
  }

  /** The node as a mapping whose keys are all in {@code allowed} (any keys when null). */
  private YamlNode.Mapping mapping(YamlNode n, String what, List<String> allowed) {
    if (n instanceof YamlNode.Scalar s && s.text() == null) {
      return new YamlNode.Mapping(s.line()); // a key with only comments below it: nothing set
    }
    if (!(n instanceof YamlNode.Mapping m)) {
      throw new TargetsException(file, n.line(), what + " must be a mapping, not " + n.kind(),
          allowed == null ? "key: value lines" : "keys " + String.join(", ", allowed));
    }
    if (allowed != null) {
      for (YamlNode.Entry en : m.entries().values()) {
        if (!allowed.contains(en.key())) {
          String in = what.equals("the file") ? "at the top level" : "in " + what;
          String noun = what.equals("database") ? "unknown database metric" : "unknown key";
          throw new TargetsException(file, en.keyLine(), noun + " \"" + en.key() + "\" " + in, String.join(", ", allowed));
        }
      }
    }
    return m;
  }

  private String scalar(YamlNode.Entry en, String path) {
    return scalar(en, path, "a quoted limit such as \"< 10 ms\", or none");
  }

  private String scalar(YamlNode.Entry en, String path, String allowed) {
    if (en.value() instanceof YamlNode.Scalar s) {
      return s.text();
    }
    throw new TargetsException(file, en.value().line(), path + " must be a single value, not " + en.value().kind(), allowed);
  }

  private static void putIfSet(Map<String, Limit> m, String key, Limit l) {
    if (l != null) {
      m.put(key, l);
    }
  }
}
