package dev.apexbench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * deploy/k8s/ and deploy/bench.Dockerfile validated offline (no cluster): every manifest parses and
 * names itself; the injectors are an Indexed Job that never retries, with its N stated once in
 * completions and once in --injector K/N, resources, and the completion index wired into the
 * arguments; every argument list given to the harness image parses with the real CLI; the merge
 * reads the volume the injectors write; the injectors' target is the api's Service; no Secret
 * value is an argument; docs/kubernetes.md names the images, Jobs and ConfigMap the files use.
 */
class K8sManifestsTest {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Path K8S = ROOT.resolve("deploy/k8s");
  static final Path DOCS = ROOT.resolve("docs/kubernetes.md");
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final String HARNESS_IMAGE = "ghcr.io/apex-bench/bench:0.1.0";
  static final String API_IMAGE = "ghcr.io/apex-bench/api:0.1.0";
  static final String INDEX_ANNOTATION = "metadata.annotations['batch.kubernetes.io/job-completion-index']";
  static final Pattern VAR = Pattern.compile("\\$\\$|\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

  /** One YAML document of one file. */
  record Doc(Path file, JsonNode node) {
    String kind() {
      return node.path("kind").asText();
    }

    String name() {
      return node.path("metadata").path("name").asText();
    }
  }

  static List<Path> files() throws Exception {
    try (Stream<Path> s = Files.walk(K8S)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }

  static List<Doc> docs(Path file) throws Exception {
    List<Doc> out = new ArrayList<>();
    try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile())) {
      while (it.hasNextValue()) {
        JsonNode n = it.nextValue();
        if (n != null && !n.isNull() && !n.isMissingNode()) {
          out.add(new Doc(file, n));
        }
      }
    }
    return out;
  }

  static List<Doc> all() throws Exception {
    List<Doc> out = new ArrayList<>();
    for (Path f : files()) {
      out.addAll(docs(f));
    }
    return out;
  }

  static Doc the(String kind, String name) throws Exception {
    List<Doc> found = all().stream().filter(d -> d.kind().equals(kind) && d.name().equals(name)).toList();
    assertThat(found).as(kind + " " + name + " in deploy/k8s").hasSize(1);
    return found.get(0);
  }

  /** The pod spec of a Job, Deployment or StatefulSet (spec.template.spec) or of a Pod (spec). */
  static JsonNode podSpec(JsonNode workload) {
    return workload.path("kind").asText().equals("Pod") ? workload.path("spec") : workload.path("spec").path("template").path("spec");
  }

  static List<JsonNode> containers(JsonNode pod) {
    List<JsonNode> out = new ArrayList<>();
    pod.path("initContainers").forEach(out::add);
    pod.path("containers").forEach(out::add);
    return out;
  }

  static JsonNode onlyContainer(Doc workload) {
    JsonNode cs = podSpec(workload.node()).path("containers");
    assertThat(cs.size()).as(workload.name() + ": one container").isEqualTo(1);
    return cs.get(0);
  }

  static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(a -> out.add(a.asText()));
    return out;
  }

  static JsonNode env(JsonNode container, String name) {
    for (JsonNode e : container.path("env")) {
      if (e.path("name").asText().equals(name)) {
        return e;
      }
    }
    return null;
  }

  /** The value after {@code option} in {@code args}, as written (before any substitution). */
  static String argAfter(List<String> args, String option) {
    int i = args.indexOf(option);
    assertThat(i).as(option + " in " + args).isNotNegative().isLessThan(args.size() - 1);
    return args.get(i + 1);
  }

  /**
   * Sample values for a container's environment, as the kubelet would set them: literal values,
   * ConfigMap keys from the manifests, index 0 for the completion index and a future instant for
   * the ConfigMap the user creates at run time (apex-injectors).
   */
  static Map<String, String> sampleEnv(JsonNode container, int index) throws Exception {
    Map<String, String> m = new LinkedHashMap<>();
    for (JsonNode e : container.path("env")) {
      String name = e.path("name").asText();
      JsonNode from = e.path("valueFrom");
      if (e.has("value")) {
        m.put(name, e.get("value").asText());
      } else if (INDEX_ANNOTATION.equals(from.path("fieldRef").path("fieldPath").asText())) {
        m.put(name, String.valueOf(index));
      } else if (from.has("configMapKeyRef")) {
        String cm = from.get("configMapKeyRef").path("name").asText();
        String key = from.get("configMapKeyRef").path("key").asText();
        List<Doc> maps = all().stream().filter(d -> d.kind().equals("ConfigMap") && d.name().equals(cm)).toList();
        if (maps.isEmpty()) {
          assertThat(cm + "/" + key).as("a ConfigMap the user creates (docs/kubernetes.md)").isEqualTo("apex-injectors/start-at");
          m.put(name, Instant.now().plus(3, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString());
        } else {
          JsonNode v = maps.get(0).node().path("data").path(key);
          assertThat(v.isMissingNode()).as("ConfigMap " + cm + " has key " + key).isFalse();
          m.put(name, v.asText());
        }
      } else if (from.has("secretKeyRef")) {
        m.put(name, "sample-secret");
      } else {
        m.put(name, "sample");
      }
    }
    return m;
  }

  /** {@code $(VAR)} and {@code $$} as Kubernetes expands them in args; every VAR must be declared. */
  static List<String> expand(List<String> args, Map<String, String> env) {
    List<String> out = new ArrayList<>();
    for (String a : args) {
      Matcher m = VAR.matcher(a);
      StringBuilder sb = new StringBuilder();
      while (m.find()) {
        String v;
        if (m.group(1) == null) {
          v = "$";
        } else {
          assertThat(env).as("$(" + m.group(1) + ") in " + a + " is declared in the container's env (else it stays literal)")
              .containsKey(m.group(1));
          v = env.get(m.group(1));
        }
        m.appendReplacement(sb, Matcher.quoteReplacement(v));
      }
      m.appendTail(sb);
      out.add(sb.toString());
    }
    return out;
  }

  static CommandLine.ParseResult parse(List<String> args) {
    CommandLine.ParseResult[] r = new CommandLine.ParseResult[1];
    assertThatCode(() -> r[0] = Bench.commandLine().parseArgs(args.toArray(String[]::new)))
        .as("bench " + String.join(" ", args)).doesNotThrowAnyException();
    assertThat(r[0].subcommand()).as("a bench command").isNotNull();
    return r[0].subcommand();
  }

  static String mountPathOfClaim(JsonNode container, JsonNode pod, String claim) {
    String volume = null;
    for (JsonNode v : pod.path("volumes")) {
      if (claim.equals(v.path("persistentVolumeClaim").path("claimName").asText())) {
        volume = v.path("name").asText();
      }
    }
    assertThat(volume).as("a volume from claim " + claim).isNotNull();
    for (JsonNode vm : container.path("volumeMounts")) {
      if (vm.path("name").asText().equals(volume)) {
        return vm.path("mountPath").asText();
      }
    }
    throw new AssertionError("volume " + volume + " is not mounted in " + container.path("name").asText());
  }

  static String claimOf(JsonNode pod) {
    List<String> claims = new ArrayList<>();
    pod.path("volumes").forEach(v -> {
      if (v.has("persistentVolumeClaim")) {
        claims.add(v.get("persistentVolumeClaim").path("claimName").asText());
      }
    });
    assertThat(claims).as("one persistent volume claim").hasSize(1);
    return claims.get(0);
  }

  /** A CPU quantity in cores: "2", "1.5", "500m". */
  static double cores(String q) {
    return q.endsWith("m") ? Double.parseDouble(q.substring(0, q.length() - 1)) / 1000 : Double.parseDouble(q);
  }

  /** A memory quantity in bytes: "2Gi", "512Mi", "1G", "1000000". */
  static double bytes(String q) {
    Matcher m = Pattern.compile("([0-9.]+)(Ki|Mi|Gi|Ti|k|M|G|T)?").matcher(q);
    assertThat(m.matches()).as("memory quantity " + q).isTrue();
    double n = Double.parseDouble(m.group(1));
    String u = m.group(2) == null ? "" : m.group(2);
    return n * switch (u) {
      case "Ki" -> 1024d;
      case "Mi" -> 1024d * 1024;
      case "Gi" -> 1024d * 1024 * 1024;
      case "Ti" -> 1024d * 1024 * 1024 * 1024;
      case "k" -> 1e3;
      case "M" -> 1e6;
      case "G" -> 1e9;
      case "T" -> 1e12;
      default -> 1d;
    };
  }

  static Doc injectors() throws Exception {
    Doc job = the("Job", "apex-injectors");
    assertThat(job.file().getFileName().toString()).isEqualTo("injectors-job.yaml");
    return job;
  }

  static Doc merge() throws Exception {
    Doc job = the("Job", "apex-merge");
    assertThat(job.file().getFileName().toString()).isEqualTo("merge-job.yaml");
    return job;
  }

  @Test
  void everyFileParsesAndEveryDocumentHasApiVersionKindAndName() throws Exception {
    List<Path> files = files();
    assertThat(files.stream().map(f -> f.getFileName().toString()))
        .contains("injectors-job.yaml", "merge-job.yaml", "api.yaml");
    for (Path f : files) {
      assertThat(f.getFileName().toString()).as(f + ": YAML").matches(".+\\.ya?ml");
      List<Doc> docs = docs(f);
      assertThat(docs).as(f + ": documents").isNotEmpty();
      for (Doc d : docs) {
        String where = f.getFileName() + ": " + d.node().toString().substring(0, Math.min(80, d.node().toString().length()));
        assertThat(d.node().path("apiVersion").asText()).as(where + " apiVersion").isNotBlank();
        assertThat(d.kind()).as(where + " kind").isNotBlank();
        assertThat(d.name()).as(where + " metadata.name").isNotBlank();
      }
    }
    // names are unique per kind (a second document of the same kind and name would replace the first)
    List<String> ids = all().stream().map(d -> d.kind() + "/" + d.name()).toList();
    assertThat(ids).doesNotHaveDuplicates();
  }

  @Test
  void everyJobsPodsAreNotRestartedInPlace() throws Exception {
    int jobs = 0;
    for (Doc d : all()) {
      if (d.kind().equals("Job")) {
        assertThat(podSpec(d.node()).path("restartPolicy").asText()).as(d.name() + " restartPolicy").isEqualTo("Never");
        jobs++;
      }
    }
    assertThat(jobs).as("the seed, injector and merge Jobs").isGreaterThanOrEqualTo(3);
  }

  @Test
  void theInjectorsAreAnIndexedJobOfNPodsThatNeverRetries() throws Exception {
    JsonNode spec = injectors().node().path("spec");
    assertThat(spec.path("completionMode").asText()).isEqualTo("Indexed");
    assertThat(spec.path("completions").isInt()).as("completions").isTrue();
    assertThat(spec.path("parallelism").isInt()).as("parallelism").isTrue();
    int n = spec.get("completions").asInt();
    assertThat(n).as("completions").isGreaterThanOrEqualTo(1);
    assertThat(spec.get("parallelism").asInt()).as("parallelism: all N injectors run at once").isEqualTo(n);
    assertThat(spec.path("backoffLimit").isInt()).as("backoffLimit set").isTrue();
    assertThat(spec.get("backoffLimit").asInt()).as("backoffLimit: a retried injector starts after the instant").isZero();
    assertThat(podSpec(injectors().node()).path("restartPolicy").asText()).isEqualTo("Never");
  }

  @Test
  void theInjectorArgumentsNIsTheJobsCompletions() throws Exception {
    Doc job = injectors();
    int completions = job.node().path("spec").path("completions").asInt(-1);
    List<String> args = strings(onlyContainer(job).path("args"));
    assertThat(args).as("the injector's arguments").isNotEmpty();
    assertThat(args.get(0)).isEqualTo("load");
    Matcher m = Pattern.compile("\\$\\(JOB_COMPLETION_INDEX\\)/(\\d+)").matcher(argAfter(args, "--injector"));
    assertThat(m.matches()).as("--injector $(JOB_COMPLETION_INDEX)/N, not " + argAfter(args, "--injector")).isTrue();
    assertThat(Integer.parseInt(m.group(1))).as("the N of --injector K/N is the Job's completions").isEqualTo(completions);
  }

  @Test
  void theCompletionIndexAndTheStartInstantAreWiredIntoTheArguments() throws Exception {
    JsonNode c = onlyContainer(injectors());
    JsonNode index = env(c, "JOB_COMPLETION_INDEX");
    assertThat(index).as("env JOB_COMPLETION_INDEX declared, so $(JOB_COMPLETION_INDEX) expands").isNotNull();
    assertThat(index.path("valueFrom").path("fieldRef").path("fieldPath").asText()).isEqualTo(INDEX_ANNOTATION);
    List<String> args = strings(c.path("args"));
    assertThat(argAfter(args, "--start-at")).isEqualTo("$(START_AT)");
    JsonNode start = env(c, "START_AT");
    assertThat(start).as("env START_AT").isNotNull();
    JsonNode ref = start.path("valueFrom").path("configMapKeyRef");
    String docs = Files.readString(DOCS);
    assertThat(docs).as("the docs create the ConfigMap the Job reads")
        .contains("kubectl create configmap " + ref.path("name").asText() + " --from-literal=" + ref.path("key").asText() + "=");
  }

  @Test
  void theInjectorsGetCpuAndMemoryRequestsAndLimits() throws Exception {
    JsonNode c = onlyContainer(injectors());
    JsonNode res = c.path("resources");
    for (String kind : new String[] {"requests", "limits"}) {
      for (String r : new String[] {"cpu", "memory"}) {
        assertThat(res.path(kind).path(r).asText()).as(kind + "." + r).isNotBlank();
      }
    }
    double cpuRequest = cores(res.path("requests").path("cpu").asText());
    assertThat(cpuRequest).as("at least one whole core per injector").isGreaterThanOrEqualTo(1);
    assertThat(cpuRequest).as("cpu request <= limit").isLessThanOrEqualTo(cores(res.path("limits").path("cpu").asText()));
    assertThat(bytes(res.path("requests").path("memory").asText())).as("memory request <= limit")
        .isLessThanOrEqualTo(bytes(res.path("limits").path("memory").asText()));
    JsonNode opts = env(c, "JAVA_TOOL_OPTIONS");
    assertThat(opts).as("JAVA_TOOL_OPTIONS").isNotNull();
    assertThat(opts.path("value").asText()).as("the heap follows the memory limit").contains("-XX:MaxRAMPercentage=");
  }

  @Test
  void theInjectorsPreferDifferentNodes() throws Exception {
    Doc job = injectors();
    JsonNode pod = podSpec(job.node());
    JsonNode labels = job.node().path("spec").path("template").path("metadata").path("labels");
    JsonNode terms = pod.path("affinity").path("podAntiAffinity").path("preferredDuringSchedulingIgnoredDuringExecution");
    assertThat(terms.size()).as("a preferred pod anti-affinity").isPositive();
    JsonNode term = terms.get(0).path("podAffinityTerm");
    assertThat(term.path("topologyKey").asText()).isEqualTo("kubernetes.io/hostname");
    JsonNode match = term.path("labelSelector").path("matchLabels");
    assertThat(match.size()).as("matchLabels").isPositive();
    match.properties().forEach(e -> assertThat(labels.path(e.getKey()).asText())
        .as("the anti-affinity selects the injectors' own label " + e.getKey()).isEqualTo(e.getValue().asText()));
  }

  @Test
  void theInjectorsRunTheHarnessImageTheDocsTellHowToBuild() throws Exception {
    assertThat(onlyContainer(injectors()).path("image").asText()).isEqualTo(HARNESS_IMAGE);
    assertThat(onlyContainer(merge()).path("image").asText()).isEqualTo(HARNESS_IMAGE);
    assertThat(onlyContainer(the("Job", "apex-seed")).path("image").asText()).isEqualTo(HARNESS_IMAGE);
    String docs = Files.readString(DOCS);
    assertThat(docs).contains(HARNESS_IMAGE).contains("deploy/bench.Dockerfile").contains(API_IMAGE);
    assertThat(Files.isRegularFile(ROOT.resolve("deploy/bench.Dockerfile"))).isTrue();
    assertThat(onlyContainer(the("Deployment", "apex-api")).path("image").asText()).isEqualTo(API_IMAGE);
  }

  /** The injectors' --out, as injector K gets it, for every K. */
  static List<Path> injectorOuts() throws Exception {
    Doc job = injectors();
    JsonNode c = onlyContainer(job);
    int n = job.node().path("spec").path("completions").asInt();
    List<Path> outs = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      outs.add(Path.of(argAfter(expand(strings(c.path("args")), sampleEnv(c, k)), "--out")));
    }
    return outs;
  }

  @Test
  void theInjectorsArgumentsParseWithTheCliForEveryIndex() throws Exception {
    Doc job = injectors();
    JsonNode c = onlyContainer(job);
    int n = job.node().path("spec").path("completions").asInt();
    String mount = mountPathOfClaim(c, podSpec(job.node()), claimOf(podSpec(job.node())));
    List<Path> outs = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      List<String> args = expand(strings(c.path("args")), sampleEnv(c, k));
      assertThat(argAfter(args, "--injector")).isEqualTo(k + "/" + n);
      CommandLine.ParseResult load = parse(args);
      assertThat(load.commandSpec().name()).isEqualTo("load");
      Path out = load.matchedOptionValue("--out", (Path) null);
      assertThat(out).as("--out").isNotNull();
      assertThat(out.startsWith(Path.of(mount))).as("--out " + out + " is on the results volume, mounted at " + mount).isTrue();
      outs.add(out);
    }
    // run ids are per second and each reports root has one latest link: injectors must not share one
    assertThat(outs).as("a reports root per injector").doesNotHaveDuplicates();
  }

  @Test
  void theMergeReadsTheVolumeTheInjectorsWriteAndItsArgumentsParse() throws Exception {
    Doc inj = injectors();
    JsonNode ic = onlyContainer(inj);
    String claim = claimOf(podSpec(inj.node()));
    String injectorsMount = mountPathOfClaim(ic, podSpec(inj.node()), claim);
    List<Path> outs = injectorOuts();
    Doc merge = merge();
    JsonNode mc = onlyContainer(merge);
    assertThat(claimOf(podSpec(merge.node()))).as("the merge mounts the injectors' claim").isEqualTo(claim);
    assertThat(mountPathOfClaim(mc, podSpec(merge.node()), claim)).as("at the injectors' path").isEqualTo(injectorsMount);
    List<String> args = expand(strings(mc.path("args")), sampleEnv(mc, 0));
    CommandLine.ParseResult r = parse(args);
    assertThat(r.commandSpec().name()).isEqualTo("merge");
    List<Path> dirs = new ArrayList<>();
    for (PositionalParamSpec p : r.matchedPositionals()) {
      p.stringValues().forEach(v -> dirs.add(Path.of(v)));
    }
    assertThat(dirs).as("merge DIR...").isNotEmpty();
    for (Path out : outs) {
      // InjectorMerge.find looks up to 4 levels down for <run-id>/load-state.json
      assertThat(dirs.stream().anyMatch(d -> out.startsWith(d) && d.relativize(out).getNameCount() <= 2))
          .as("the merge reads injector output " + out + " (DIRs " + dirs + ")").isTrue();
    }
    Path merged = Path.of(argAfter(args, "--out"));
    assertThat(merged.startsWith(Path.of(injectorsMount))).as("the merged run lands on the volume: " + merged).isTrue();
    assertThat(outs.stream().noneMatch(merged::startsWith)).as("not inside an injector's reports root").isTrue();
    // the pod that kubectl cp reads from has the same volume, and the docs copy the merged run from it
    Doc reader = the("Pod", "apex-results-reader");
    JsonNode rc = podSpec(reader.node()).path("containers").get(0);
    assertThat(claimOf(podSpec(reader.node()))).isEqualTo(claim);
    assertThat(mountPathOfClaim(rc, podSpec(reader.node()), claim)).isEqualTo(injectorsMount);
    assertThat(Files.readString(DOCS)).contains("kubectl cp " + reader.name() + ":" + merged + " ");
    Doc pvc = the("PersistentVolumeClaim", claim);
    assertThat(strings(pvc.node().path("spec").path("accessModes"))).as("all injectors mount it at once").contains("ReadWriteMany");
  }

  @Test
  void everyHarnessContainersArgumentsParseWithTheCli() throws Exception {
    int parsed = 0;
    for (Doc d : all()) {
      if (!List.of("Job", "Pod", "Deployment", "StatefulSet").contains(d.kind())) {
        continue;
      }
      for (JsonNode c : containers(podSpec(d.node()))) {
        if (HARNESS_IMAGE.equals(c.path("image").asText()) && !c.has("command")) {
          List<String> args = expand(strings(c.path("args")), sampleEnv(c, 0));
          assertThat(args).as(d.name() + ": a bench command").isNotEmpty();
          parse(args);
          parsed++;
        }
      }
    }
    assertThat(parsed).as("the seed, injector and merge containers").isGreaterThanOrEqualTo(3);
  }

  @Test
  void theSeedJobLoadsTheDatasetTheApiServes() throws Exception {
    JsonNode seed = onlyContainer(the("Job", "apex-seed"));
    JsonNode api = onlyContainer(the("Deployment", "apex-api"));
    CommandLine.ParseResult r = parse(expand(strings(seed.path("args")), sampleEnv(seed, 0)));
    assertThat(r.commandSpec().name()).isEqualTo("seed");
    Map<String, String> apiEnv = sampleEnv(api, 0);
    assertThat(r.matchedOptionValue("--db", "")).as("the seed's database is the api's").isEqualTo(apiEnv.get("APEX_BENCH_DB"));
    assertThat(r.matchedOptionValue("--scale", java.math.BigDecimal.ONE).compareTo(new java.math.BigDecimal(apiEnv.get("APEX_BENCH_SCALE"))))
        .as("scale").isZero();
    assertThat(r.matchedOptionValue("--seed", 0L)).as("seed").isEqualTo(Long.parseLong(apiEnv.get("APEX_BENCH_SEED")));
  }

  @Test
  void theInjectorsTargetIsTheApisService() throws Exception {
    URI target = URI.create(argAfter(strings(onlyContainer(injectors()).path("args")), "--target-url"));
    Doc svc = the("Service", target.getHost());
    int port = target.getPort() < 0 ? 80 : target.getPort();
    JsonNode sp = null;
    for (JsonNode p : svc.node().path("spec").path("ports")) {
      if (p.path("port").asInt() == port) {
        sp = p;
      }
    }
    assertThat(sp).as("Service " + svc.name() + " has port " + port).isNotNull();
    // the Service selects the api's pods, and its targetPort is a port of the api container
    Doc api = the("Deployment", "apex-api");
    JsonNode labels = api.node().path("spec").path("template").path("metadata").path("labels");
    JsonNode selector = svc.node().path("spec").path("selector");
    assertThat(selector.size()).as("selector").isPositive();
    selector.properties().forEach(e -> assertThat(labels.path(e.getKey()).asText()).as("selector " + e.getKey()).isEqualTo(e.getValue().asText()));
    JsonNode c = onlyContainer(api);
    String targetPort = sp.path("targetPort").asText(sp.path("port").asText());
    boolean found = false;
    for (JsonNode cp : c.path("ports")) {
      found |= cp.path("name").asText().equals(targetPort) || cp.path("containerPort").asText().equals(targetPort);
      if (cp.path("name").asText().equals(targetPort) || cp.path("containerPort").asText().equals(targetPort)) {
        assertThat(cp.path("containerPort").asText()).as("the api listens where APEX_BENCH_PORT says")
            .isEqualTo(sampleEnv(c, 0).get("APEX_BENCH_PORT"));
      }
    }
    assertThat(found).as("targetPort " + targetPort + " is a port of the api container").isTrue();
    for (String probe : new String[] {"startupProbe", "readinessProbe", "livenessProbe"}) {
      if (c.has(probe) || !probe.equals("startupProbe")) {
        assertThat(c.path(probe).path("httpGet").path("path").asText()).as(probe).isEqualTo("/health");
      }
    }
  }

  @Test
  void noSecretValueIsAnArgumentAndPasswordsComeFromTheSecret() throws Exception {
    List<Doc> all = all();
    Map<String, Map<String, String>> secrets = new LinkedHashMap<>();
    for (Doc d : all) {
      if (d.kind().equals("Secret")) {
        Map<String, String> values = new LinkedHashMap<>();
        d.node().path("stringData").properties().forEach(e -> values.put(e.getKey(), e.getValue().asText()));
        d.node().path("data").properties().forEach(e ->
            values.put(e.getKey(), new String(Base64.getDecoder().decode(e.getValue().asText()), StandardCharsets.UTF_8)));
        secrets.put(d.name(), values);
      }
    }
    assertThat(secrets).as("the database password's Secret").isNotEmpty();
    int refs = 0;
    for (Doc d : all) {
      for (JsonNode c : containers(podSpec(d.node()))) {
        String where = d.kind() + " " + d.name() + " container " + c.path("name").asText();
        List<String> words = new ArrayList<>(strings(c.path("command")));
        words.addAll(strings(c.path("args")));
        String line = String.join(" ", words);
        for (Map<String, String> values : secrets.values()) {
          for (String v : values.values()) {
            assertThat(line).as(where + ": a Secret value in the arguments").doesNotContain(v);
          }
        }
        assertThat(line.toLowerCase(java.util.Locale.ROOT)).as(where + ": no password in the arguments").doesNotContain("password=");
        for (JsonNode e : c.path("env")) {
          String name = e.path("name").asText();
          JsonNode ref = e.path("valueFrom").path("secretKeyRef");
          if (name.contains("PASSWORD")) {
            assertThat(e.has("value")).as(where + " " + name + " is not written out").isFalse();
            assertThat(ref.isMissingNode()).as(where + " " + name + " comes from a Secret").isFalse();
          }
          if (!ref.isMissingNode()) {
            assertThat(secrets).as(where + " " + name + ": the Secret it names").containsKey(ref.path("name").asText());
            assertThat(secrets.get(ref.path("name").asText())).as(where + " " + name + ": the key").containsKey(ref.path("key").asText());
            refs++;
          }
        }
      }
    }
    assertThat(refs).as("PostgreSQL, the seed and the api take the password from the Secret").isGreaterThanOrEqualTo(3);
  }

  @Test
  void theDocsWaitForJobsThatExist() throws Exception {
    String docs = Files.readString(DOCS);
    Matcher m = Pattern.compile("kubectl wait --for=condition=complete job/([a-z0-9-]+)").matcher(docs);
    List<String> waited = new ArrayList<>();
    while (m.find()) {
      waited.add(m.group(1));
      the("Job", m.group(1));
    }
    assertThat(waited).contains("apex-seed", injectors().name(), merge().name());
    Matcher apply = Pattern.compile("kubectl apply -f (deploy/k8s/[a-z0-9.-]+)").matcher(docs);
    int applied = 0;
    while (apply.find()) {
      assertThat(ROOT.resolve(apply.group(1))).as(apply.group(1)).isRegularFile();
      applied++;
    }
    assertThat(applied).isGreaterThanOrEqualTo(3);
  }

  @Test
  void theHarnessImageRunsTheJarAsTheBenchScriptDoes() throws Exception {
    String docker = Files.readString(ROOT.resolve("deploy/bench.Dockerfile"));
    String script = Files.readString(ROOT.resolve("bench"));
    Matcher opens = Pattern.compile("--add-opens=\\S+").matcher(script);
    assertThat(opens.find()).as("./bench's --add-opens").isTrue();
    Matcher entry = Pattern.compile("(?m)^ENTRYPOINT (\\[.+])$").matcher(docker);
    assertThat(entry.find()).as("an exec-form ENTRYPOINT").isTrue();
    List<String> cmd = strings(new ObjectMapper().readTree(entry.group(1)));
    assertThat(cmd.get(0)).isEqualTo("java");
    assertThat(cmd).contains(opens.group()).contains("-Dapex.home=/app");
    assertThat(cmd.subList(cmd.size() - 2, cmd.size())).containsExactly("-jar", "/app/apex-bench.jar");
    // the jar's manifest finds its classpath in lib/ beside it
    assertThat(docker).containsPattern("(?m)^COPY --from=build /src/cli/target/lib /app/lib/?\\s*$")
        .containsPattern("(?m)^COPY --from=build /src/cli/target/apex-bench\\.jar /app/apex-bench\\.jar\\s*$");
    assertThat(docker).containsPattern("(?m)^FROM eclipse-temurin:17[^ ]*-jre\\s*$").containsPattern("(?m)^WORKDIR /app\\s*$");
    Matcher user = Pattern.compile("(?m)^USER (\\S+)\\s*$").matcher(docker);
    assertThat(user.find()).as("a USER").isTrue();
    assertThat(user.group(1)).as("not root").isNotIn("root", "0");
    // the dependency layer comes from every module's POM, before the sources
    assertThat(docker.indexOf("dependency:go-offline")).isPositive().isLessThan(docker.indexOf("COPY . ."));
    try (Stream<Path> modules = Files.list(ROOT)) {
      for (Path mod : modules.filter(d -> Files.exists(d.resolve("pom.xml"))).toList()) {
        assertThat(docker).as("the POM of module " + mod.getFileName()).contains("COPY " + mod.getFileName() + "/pom.xml");
      }
    }
  }
}
