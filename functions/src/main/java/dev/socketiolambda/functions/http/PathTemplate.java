package dev.socketiolambda.functions.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A route's path as API Gateway HTTP APIs write it: literal segments, {@code {name}} parameters
 * (one segment each) and a last {@code {name+}} that takes the rest of the path. Matching is
 * exact per segment; {@link #compareSpecificity} ranks literal over parameter over greedy, as
 * API Gateway picks the most specific route.
 */
public final class PathTemplate {
  private enum Kind { LITERAL, PARAM, GREEDY }

  private record Segment(Kind kind, String text) {}

  private final String template;
  private final List<Segment> segments;

  private PathTemplate(String template, List<Segment> segments) {
    this.template = template;
    this.segments = segments;
  }

  /** Parses and checks a template; bad ones fail with the template named. */
  public static PathTemplate parse(String template) {
    if (template == null || !template.startsWith("/")) {
      throw new IllegalArgumentException("a path template must start with '/', was '" + template + "'");
    }
    List<Segment> segments = new ArrayList<>();
    Set<String> names = new HashSet<>();
    String[] parts = template.substring(1).split("/", -1);
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      if (part.isEmpty()) {
        if (parts.length == 1) {
          break; // "/"
        }
        throw new IllegalArgumentException("empty segment in path template '" + template + "'");
      }
      if (part.startsWith("{") && part.endsWith("}")) {
        boolean greedy = part.endsWith("+}");
        String name = part.substring(1, part.length() - (greedy ? 2 : 1));
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
          throw new IllegalArgumentException("bad parameter '" + part + "' in path template '" + template + "'");
        }
        if (!names.add(name)) {
          throw new IllegalArgumentException("parameter {" + name + "} appears twice in '" + template + "'");
        }
        if (greedy && i != parts.length - 1) {
          throw new IllegalArgumentException("{" + name + "+} must be the last segment of '" + template + "'");
        }
        segments.add(new Segment(greedy ? Kind.GREEDY : Kind.PARAM, name));
      } else if (part.contains("{") || part.contains("}")) {
        throw new IllegalArgumentException("a parameter must be a whole segment in '" + template + "'");
      } else {
        segments.add(new Segment(Kind.LITERAL, part));
      }
    }
    return new PathTemplate(template, List.copyOf(segments));
  }

  /** The parameters when the raw (percent-encoded) path matches, else null. */
  public Map<String, String> match(List<String> rawSegments) {
    Map<String, String> params = new LinkedHashMap<>();
    int n = segments.size();
    for (int i = 0; i < n; i++) {
      Segment s = segments.get(i);
      if (s.kind() == Kind.GREEDY) {
        if (i >= rawSegments.size()) {
          return null; // API Gateway's {proxy+} needs at least one segment
        }
        List<String> rest = new ArrayList<>();
        for (String raw : rawSegments.subList(i, rawSegments.size())) {
          rest.add(decode(raw));
        }
        params.put(s.text(), String.join("/", rest));
        return params;
      }
      if (i >= rawSegments.size()) {
        return null;
      }
      String value = decode(rawSegments.get(i));
      if (s.kind() == Kind.LITERAL) {
        if (!s.text().equals(value)) {
          return null;
        }
      } else {
        if (value.isEmpty()) {
          return null;
        }
        params.put(s.text(), value);
      }
    }
    return rawSegments.size() == n ? params : null;
  }

  /** Negative when this template is more specific than the other for a path both match. */
  public int compareSpecificity(PathTemplate other) {
    int n = Math.min(segments.size(), other.segments.size());
    for (int i = 0; i < n; i++) {
      int c = segments.get(i).kind().compareTo(other.segments.get(i).kind());
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(other.segments.size(), segments.size());
  }

  /** The segments of a raw path ({@code "/"} has none); a trailing slash is one empty segment. */
  public static List<String> split(String rawPath) {
    if (rawPath == null || rawPath.isEmpty() || rawPath.equals("/")) {
      return List.of();
    }
    String p = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
    return List.of(p.split("/", -1));
  }

  private static String decode(String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    try {
      // '+' is a plus in a path, not a space
      return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw HttpError.badRequest("the path has a malformed percent-encoding");
    }
  }

  @Override
  public String toString() {
    return template;
  }
}
