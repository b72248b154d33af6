package dev.socketiolambda.functions.stream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A validated stream rule file (format: {@code docs/stream-rules.md}): the rules mapping domain
 * table writes to Socket.IO broadcasts, and the domain tables it describes. Loading fails with one
 * {@link RuleException} whose message names the rule and the field.
 *
 * <pre>{@code
 * Rules rules = Rules.fromClasspath("rules.json");
 * Rules rules = Rules.fromFile(Path.of("config/rules.json"));
 * Rules rules = Rules.load("{\"rules\":[...]}");
 * }</pre>
 */
public final class Rules {
  private static final Rules NONE = new Rules(List.of(), List.of());

  private final List<Rule> rules;
  private final List<DomainTable> tables;
  private final Map<String, List<Rule>> byTable;

  Rules(List<Rule> rules, List<DomainTable> tables) {
    this.rules = List.copyOf(rules);
    this.tables = List.copyOf(tables);
    Map<String, List<Rule>> index = new LinkedHashMap<>();
    for (Rule r : rules) {
      index.computeIfAbsent(r.table(), t -> new ArrayList<>()).add(r);
    }
    index.replaceAll((t, list) -> List.copyOf(list));
    this.byTable = Map.copyOf(index);
  }

  /** No rules (a stream function driven by a hook only). */
  public static Rules none() {
    return NONE;
  }

  /** Parses and validates rule file text. */
  public static Rules load(String json) {
    return RuleParser.parse(json, null);
  }

  /** Reads a rule file; messages start with its path. */
  public static Rules fromFile(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new RuleException(file + ": no such rule file", e);
    } catch (IOException e) {
      throw new RuleException(file + ": cannot read the rule file: " + e.getMessage(), e);
    }
    return RuleParser.parse(text, file.toString());
  }

  /** Reads a rule file from the classpath ({@code rules.json}, {@code /stream/orders.json}). */
  public static Rules fromClasspath(String resource) {
    String name = resource.startsWith("/") ? resource.substring(1) : resource;
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = Rules.class.getClassLoader();
    }
    try (InputStream in = loader.getResourceAsStream(name)) {
      if (in == null) {
        throw new RuleException("classpath:" + name + ": no such rule file on the classpath");
      }
      return RuleParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "classpath:" + name);
    } catch (IOException e) {
      throw new RuleException("classpath:" + name + ": cannot read the rule file: " + e.getMessage(), e);
    }
  }

  /**
   * Reads a rule file from a location as {@code SOCKETIO_STREAM_RULES} gives it: {@code classpath:rules.json}
   * or a file path.
   */
  public static Rules fromLocation(String location) {
    if (location.startsWith("classpath:")) {
      return fromClasspath(location.substring("classpath:".length()));
    }
    return fromFile(Path.of(location));
  }

  /** The rules, in file order. */
  public List<Rule> rules() {
    return rules;
  }

  /** The rule with this name. */
  public Optional<Rule> rule(String name) {
    return rules.stream().filter(r -> r.name().equals(name)).findFirst();
  }

  /** The domain tables of the {@code tables} section, in file order (empty without one). */
  public List<DomainTable> tables() {
    return tables;
  }

  /** The rules of a table, in file order. */
  public List<Rule> forTable(String table) {
    return table == null ? List.of() : byTable.getOrDefault(table, List.of());
  }

  /** The broadcasts the rules make from a record (several rules may match; none is an empty list). */
  public List<StreamBroadcast> broadcasts(StreamRecord record) {
    return apply(record, Instant.now(), s -> {}).broadcasts();
  }

  /** Applies the rules to one record. */
  Applied apply(StreamRecord record, Instant now, Consumer<String> log) {
    int matched = 0;
    int dropped = 0;
    List<StreamBroadcast> out = new ArrayList<>();
    for (Rule r : forTable(record.tableName())) {
      if (r.matches(record, log)) {
        matched++;
        Optional<StreamBroadcast> b = r.broadcastFor(record, now, log);
        if (b.isPresent()) {
          out.add(b.get());
        } else {
          dropped++;
        }
      }
    }
    return new Applied(matched, dropped, out);
  }

  /** What the rules made of one record. */
  record Applied(int matchedRules, int dropped, List<StreamBroadcast> broadcasts) {}

  @Override
  public String toString() {
    return "Rules" + rules;
  }
}
