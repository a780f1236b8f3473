package dev.apexbench.reports.write;

import dev.apexbench.reports.model.TargetResult;

/** A small HTML builder: every text goes through {@link #esc}; markup is added explicitly. */
final class Html {

  private final StringBuilder sb = new StringBuilder(64 * 1024);

  /** Escapes text for element content and quoted attribute values. */
  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  Html raw(String html) {
    sb.append(html);
    return this;
  }

  Html text(String s) {
    sb.append(esc(s));
    return this;
  }

  /** A section heading with an anchor. */
  Html h2(String id, String title) {
    return raw("<h2 id=\"").raw(esc(id)).raw("\">").text(title).raw("</h2>\n");
  }

  Html h3(String title) {
    return raw("<h3>").text(title).raw("</h3>\n");
  }

  /** A paragraph of text, with an optional CSS class. */
  Html p(String cls, String text) {
    return raw(cls == null ? "<p>" : "<p class=\"" + esc(cls) + "\">").text(text).raw("</p>\n");
  }

  /** An empty chart container; report.js draws into it. */
  Html chart(String id, int heightPx) {
    return raw("<div class=\"chart\" id=\"").raw(esc(id)).raw("\" style=\"height:" + heightPx + "px\"></div>\n");
  }

  Html tableStart(String cls, String... headers) {
    raw("<div class=\"scroll\"><table" + (cls == null ? "" : " class=\"" + esc(cls) + "\"") + "><thead><tr>");
    for (String h : headers) {
      raw(h.startsWith("#") ? "<th class=\"num\">" + esc(h.substring(1)) : "<th>" + esc(h)).raw("</th>");
    }
    return raw("</tr></thead><tbody>\n");
  }

  Html tableEnd() {
    return raw("</tbody></table></div>\n");
  }

  /** A row of cells made with {@link #td}, {@link #num} or {@link #cell}. */
  Html tr(String cls, String... cells) {
    raw(cls == null || cls.isEmpty() ? "<tr>" : "<tr class=\"" + esc(cls) + "\">");
    for (String c : cells) {
      raw(c);
    }
    return raw("</tr>\n");
  }

  static String td(String text) {
    return "<td>" + esc(text) + "</td>";
  }

  static String num(String text) {
    return "<td class=\"num\">" + esc(text) + "</td>";
  }

  static String code(String text) {
    return "<td><code>" + esc(text) + "</code></td>";
  }

  /** A cell holding markup built by the caller (which escaped its text). */
  static String cell(String html) {
    return "<td>" + html + "</td>";
  }

  static String badge(boolean pass) {
    return pass ? "<span class=\"badge pass\">pass</span>" : "<span class=\"badge fail\">fail</span>";
  }

  /** A target's badge: pass, fail, accepted (a breach accepted until a date) or expired. */
  static String badge(TargetResult t) {
    String s = TargetText.status(t);
    return switch (s) {
      case "pass" -> badge(true);
      case "fail" -> badge(false);
      case "expired" -> "<span class=\"badge fail\" title=\"" + esc(TargetText.acceptanceNote(t)) + "\">expired</span>";
      default -> "<span class=\"badge accepted\" title=\"" + esc(TargetText.acceptanceNote(t)) + "\">accepted</span>";
    };
  }

  /** The row class for a target: failing rows are highlighted, accepted breaches marked. */
  static String rowClass(TargetResult t) {
    return t == null ? "" : t.blocks() ? "bad" : TargetText.accepted(t) ? "accepted" : "";
  }

  @Override
  public String toString() {
    return sb.toString();
  }
}
