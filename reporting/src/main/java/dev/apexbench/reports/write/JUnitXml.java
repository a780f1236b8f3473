package dev.apexbench.reports.write;

import dev.apexbench.reports.model.Results;
import dev.apexbench.reports.model.TargetResult;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * {@code junit.xml}: one test case per target (plan checks and regressions included), one test
 * suite per kind of target, so any CI renders the gate. A breached target is a {@code failure}
 * whose message is "actual X vs limit Y"; a failed phase is an {@code error} in suite "phases".
 */
final class JUnitXml {

  private JUnitXml() {}

  static String render(Results r) {
    Map<String, List<TargetResult>> suites = new LinkedHashMap<>();
    if (r.targets() != null) {
      for (TargetResult t : r.targets()) {
        suites.computeIfAbsent(t.kind() == null ? "target" : t.kind(), k -> new ArrayList<>()).add(t);
      }
    }
    List<String> failedPhases = TargetText.failedPhases(r);
    int tests = r.targets() == null ? 0 : r.targets().size();
    long failures = r.targets() == null ? 0 : r.targets().stream().filter(t -> t.blocks() && TargetText.gating(r, t)).count();
    long skipped = r.targets() == null ? 0 : r.targets().stream().filter(t -> skipped(r, t)).count();
    StringWriter out = new StringWriter();
    try {
      XMLStreamWriter x = XMLOutputFactory.newInstance().createXMLStreamWriter(out);
      x.writeStartDocument("UTF-8", "1.0");
      nl(x, 0);
      x.writeStartElement("testsuites");
      x.writeAttribute("name", "apex-bench" + (r.run() == null || r.run().id() == null ? "" : " " + clean(r.run().id())));
      x.writeAttribute("tests", String.valueOf(tests + failedPhases.size()));
      x.writeAttribute("failures", String.valueOf(failures));
      x.writeAttribute("errors", String.valueOf(failedPhases.size()));
      x.writeAttribute("skipped", String.valueOf(skipped));
      for (Map.Entry<String, List<TargetResult>> s : suites.entrySet()) {
        suite(x, r, s.getKey(), s.getValue());
      }
      if (!failedPhases.isEmpty()) {
        phases(x, r, failedPhases);
      }
      nl(x, 0);
      x.writeEndElement();
      x.writeEndDocument();
      x.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("cannot write junit.xml: " + e.getMessage(), e);
    }
    return out + "\n";
  }

  private static void suite(XMLStreamWriter x, Results r, String kind, List<TargetResult> targets) throws XMLStreamException {
    nl(x, 1);
    x.writeStartElement("testsuite");
    x.writeAttribute("name", "apex-bench." + clean(kind));
    x.writeAttribute("tests", String.valueOf(targets.size()));
    x.writeAttribute("failures", String.valueOf(targets.stream().filter(t -> t.blocks() && TargetText.gating(r, t)).count()));
    x.writeAttribute("errors", "0");
    x.writeAttribute("skipped", String.valueOf(targets.stream().filter(t -> skipped(r, t)).count()));
    if (r.run() != null && r.run().startedAt() != null) {
      x.writeAttribute("timestamp", clean(r.run().startedAt()));
    }
    for (TargetResult t : targets) {
      nl(x, 2);
      x.writeStartElement("testcase");
      x.writeAttribute("classname", "apex-bench." + clean(kind));
      x.writeAttribute("name", clean(t.name()));
      x.writeAttribute("time", "0");
      if (t.blocks() && TargetText.gating(r, t)) {
        nl(x, 3);
        x.writeStartElement("failure");
        boolean expired = "expired".equals(TargetText.status(t));
        x.writeAttribute("message", clean(expired ? TargetText.acceptanceNote(t) + "; " + TargetText.actualVsLimit(t)
            : TargetText.actualVsLimit(t)));
        x.writeAttribute("type", expired ? "acceptance expired" : "target breached");
        x.writeCharacters(clean(t.detail() == null ? "" : t.detail()));
        x.writeEndElement();
        nl(x, 2);
      } else if (skipped(r, t)) {
        nl(x, 3);
        x.writeStartElement("skipped");
        x.writeAttribute("message", clean((TargetText.accepted(t) ? TargetText.acceptanceNote(t)
            : "not gating (gate " + r.verdicts().gate() + ")") + "; " + TargetText.actualVsLimit(t)));
        x.writeEndElement();
        nl(x, 2);
      }
      x.writeEndElement();
    }
    nl(x, 1);
    x.writeEndElement();
  }

  /** Reported as skipped: an accepted breach, or a failing target of the gate that does not decide the run. */
  private static boolean skipped(Results r, TargetResult t) {
    return TargetText.accepted(t) || (t.blocks() && !TargetText.gating(r, t));
  }

  private static void phases(XMLStreamWriter x, Results r, List<String> failed) throws XMLStreamException {
    nl(x, 1);
    x.writeStartElement("testsuite");
    x.writeAttribute("name", "apex-bench.phases");
    x.writeAttribute("tests", String.valueOf(failed.size()));
    x.writeAttribute("failures", "0");
    x.writeAttribute("errors", String.valueOf(failed.size()));
    x.writeAttribute("skipped", "0");
    for (String p : failed) {
      nl(x, 2);
      x.writeStartElement("testcase");
      x.writeAttribute("classname", "apex-bench.phases");
      x.writeAttribute("name", clean(p.replaceFirst(" failed.*", "")));
      x.writeAttribute("time", "0");
      nl(x, 3);
      x.writeStartElement("error");
      x.writeAttribute("message", clean(p));
      x.writeAttribute("type", "phase failed");
      x.writeEndElement();
      nl(x, 2);
      x.writeEndElement();
    }
    nl(x, 1);
    x.writeEndElement();
  }

  private static void nl(XMLStreamWriter x, int depth) throws XMLStreamException {
    x.writeCharacters("\n" + "  ".repeat(depth));
  }

  /** Drops characters XML 1.0 cannot carry at all (control characters other than tab, CR, LF). */
  static String clean(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(s.length());
    s.codePoints().filter(c -> c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
        || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF)).forEach(sb::appendCodePoint);
    return sb.toString();
  }
}
