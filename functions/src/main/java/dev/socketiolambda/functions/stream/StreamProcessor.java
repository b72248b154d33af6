package dev.socketiolambda.functions.stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.socketiolambda.functions.fanout.BroadcastResult;
import dev.socketiolambda.functions.server.BroadcastOperator;
import dev.socketiolambda.functions.server.Emitter;
import dev.socketiolambda.protocol.ProtocolException;
import dev.socketiolambda.protocol.json.Json;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Turns a batch of DynamoDB Streams records into Socket.IO broadcasts, in order, with Lambda's
 * partial batch failure semantics. Knows nothing about Lambda itself.
 *
 * <ul>
 *   <li>Each record goes through every rule of its table (several may match: several broadcasts),
 *       then through the hook, if any. Each broadcast carries an event id derived from the record
 *       ({@code <eventID>/<rule name>}), the same on every retry, so clients and the
 *       connection-state-recovery log can drop duplicates.</li>
 *   <li>A record nothing matches is skipped, counted and logged; it is never retried.</li>
 *   <li>Retries are per recipient: with a fan-out queue, recipients a broadcast could not reach
 *       are handed to it (their ids, the frames, the event id) and the record is done; what the
 *       queue cannot deliver ends in its dead-letter queue, replayable. The fan-out's shard ledger
 *       makes every retry or replay reach only the connections not reached yet.</li>
 *   <li>A record fails when a broadcast throws (or the hook does, or the record is malformed), or,
 *       without a fan-out queue, when a non-volatile broadcast has {@code failed() > 0} deliveries
 *       after the fan-out's own retries. Gone connections (410) are not failures. Volatile
 *       broadcasts never fail a record.</li>
 *   <li>On the first failure its sequence number is reported in {@code batchItemFailures} and the
 *       rest of the batch is not attempted: Lambda retries from that record, which keeps the
 *       per-item order. Broadcasts of the failed record already sent go, on the retry, only to the
 *       connections they did not reach.</li>
 * </ul>
 */
public final class StreamProcessor {
  /** The rule file location: a file path, or {@code classpath:rules.json}. */
  public static final String RULES_ENV = "SOCKETIO_STREAM_RULES";
  /** The class name of a {@link StreamHook}. */
  public static final String HOOK_ENV = "SOCKETIO_STREAM_HOOK";

  private final Rules rules;
  private final StreamHook hook;
  private final Emitter emitter;
  private final Consumer<String> log;
  private final Clock clock;

  /** A processor that logs to standard error. */
  public StreamProcessor(Rules rules, StreamHook hook, Emitter emitter) {
    this(rules, hook, emitter, line -> System.err.println("socketio-lambda stream: " + line), Clock.systemUTC());
  }

  /**
   * @param rules the rules (use {@link Rules#none()} for a hook only)
   * @param hook the hook, or null
   * @param emitter where broadcasts go
   * @param log receives one line per skipped record, left-out room and failure
   * @param clock stands in for records without a creation time (envelope timestamps)
   */
  public StreamProcessor(Rules rules, StreamHook hook, Emitter emitter, Consumer<String> log, Clock clock) {
    this.rules = Objects.requireNonNull(rules, "rules");
    this.hook = hook;
    this.emitter = Objects.requireNonNull(emitter, "emitter");
    this.log = Objects.requireNonNull(log, "log");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * A processor configured from environment variables: rules from {@value #RULES_ENV}, hook from
   * {@value #HOOK_ENV}; at least one must be set.
   */
  public static StreamProcessor fromEnvironment(Map<String, String> env, Emitter emitter) {
    Objects.requireNonNull(emitter, "emitter");
    return fromEnvironment(env, () -> emitter);
  }

  /**
   * As {@link #fromEnvironment(Map, Emitter)}, building the emitter only once the rules and hook
   * have loaded (so a bad rule file is the error reported, not a missing endpoint).
   */
  public static StreamProcessor fromEnvironment(Map<String, String> env, Supplier<Emitter> emitter) {
    String location = blankToNull(env.get(RULES_ENV));
    String hookClass = blankToNull(env.get(HOOK_ENV));
    if (location == null && hookClass == null) {
      throw new RuleException("the stream function needs " + RULES_ENV + " (a rule file path or classpath:rules.json)"
          + " or " + HOOK_ENV + " (a StreamHook class name), or both");
    }
    Rules rules = location == null ? Rules.none() : Rules.fromLocation(location);
    StreamHook hook = hookClass == null ? null : StreamHook.load(hookClass);
    return new StreamProcessor(rules, hook, emitter.get());
  }

  public Rules rules() {
    return rules;
  }

  /**
   * Processes a Lambda DynamoDB Streams event given as text.
   *
   * @throws StreamEventException when the text is not an event with a {@code Records} array
   */
  public StreamResponse process(String eventJson) {
    JsonNode event;
    try {
      event = Json.parse(eventJson);
    } catch (ProtocolException e) {
      throw new StreamEventException("the stream event is not JSON: " + e.getMessage(), e);
    }
    return process(event);
  }

  /**
   * Processes a Lambda DynamoDB Streams event ({@code {"Records":[...]}}). A record that cannot be
   * read fails like any other record.
   *
   * @throws StreamEventException when there is no {@code Records} array, or a bad record has no
   *     sequence number to report (Lambda then retries the whole batch)
   */
  public StreamResponse process(JsonNode event) {
    JsonNode records = event == null ? null : event.get("Records");
    if (records == null || !records.isArray()) {
      throw new StreamEventException("a DynamoDB Streams event is an object with a 'Records' array");
    }
    List<JsonNode> raw = new ArrayList<>(records.size());
    records.forEach(raw::add);
    return run(raw.size(), i -> parse(raw.get(i), i));
  }

  /** Processes records already read. */
  public StreamResponse processRecords(List<StreamRecord> records) {
    return run(records.size(), records::get);
  }

  private interface Source {
    StreamRecord get(int index);
  }

  private StreamRecord parse(JsonNode raw, int index) {
    try {
      return StreamRecord.parse(raw);
    } catch (StreamEventException e) {
      String seq = raw == null ? null : raw.path("dynamodb").path("SequenceNumber").asText(null);
      if (seq == null || seq.isEmpty()) {
        throw new StreamEventException("record #" + (index + 1) + " of the batch is malformed and has no "
            + "SequenceNumber to report: " + e.getMessage(), e);
      }
      throw new BadRecord(seq, e);
    }
  }

  /** A record that could not be read but whose sequence number is known. */
  private static final class BadRecord extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String sequenceNumber;

    BadRecord(String sequenceNumber, StreamEventException cause) {
      super(cause.getMessage(), cause);
      this.sequenceNumber = sequenceNumber;
    }
  }

  private StreamResponse run(int size, Source source) {
    long start = System.nanoTime();
    Counters c = new Counters();
    List<String> failures = new ArrayList<>(1);
    for (int i = 0; i < size; i++) {
      StreamRecord record = null;
      String current = null;
      try {
        record = source.get(i);
        current = handle(record, c);
      } catch (BadRecord e) {
        fail(failures, c, e.sequenceNumber, "record " + e.sequenceNumber + " is malformed: " + e.getMessage(),
            size - i - 1);
        break;
      } catch (RuntimeException e) {
        if (record == null) {
          throw e; // a record we cannot name: the whole batch is retried
        }
        fail(failures, c, record.sequenceNumber(), "record " + record.sequenceNumber() + " (" + record.tableName()
            + " " + record.eventName() + ")" + (c.current == null ? "" : " at broadcast '" + c.current + "'")
            + " failed: " + e, size - i - 1);
        break;
      }
      if (current != null) {
        fail(failures, c, record.sequenceNumber(), "record " + record.sequenceNumber() + " (" + record.tableName()
            + " " + record.eventName() + ") failed: " + current, size - i - 1);
        break;
      }
    }
    return new StreamResponse(failures, size, c.processed, c.skipped, c.failed, c.notAttempted, c.broadcasts,
        c.dropped, c.recipients, c.delivered, c.undelivered, c.gone,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
  }

  private void fail(List<String> failures, Counters c, String sequenceNumber, String message, int left) {
    failures.add(sequenceNumber);
    c.failed++;
    c.notAttempted = left;
    log.accept(message + "; reported in batchItemFailures, " + left + " later record(s) left for the retry");
  }

  /** Handles one record; returns a failure description, or null when it is done. */
  private String handle(StreamRecord record, Counters c) {
    c.current = null;
    Rules.Applied applied = rules.apply(record, clock.instant(), log);
    c.dropped += applied.dropped();
    List<StreamBroadcast> all = new ArrayList<>(applied.broadcasts());
    if (hook != null) {
      List<StreamBroadcast> extra = hook.map(record);
      if (extra != null) {
        all.addAll(extra);
      }
    }
    if (applied.matchedRules() == 0 && all.isEmpty()) {
      c.skipped++;
      log.accept("skipped record " + record.sequenceNumber() + " (" + record.tableName() + " " + record.eventName()
          + "): no rule matched" + (hook == null ? "" : " and the hook sent nothing"));
      return null;
    }
    for (StreamBroadcast b : all) {
      c.current = b.name();
      BroadcastResult r = send(record, b);
      c.broadcasts++;
      c.recipients += r.recipients();
      c.delivered += r.delivered();
      c.undelivered += r.failed();
      c.gone += r.gone();
      if (r.failed() > 0 && !b.volatileEmit()) {
        return "broadcast '" + b.name() + "' (" + b.event() + ") could not reach " + r.failed() + " of "
            + r.recipients() + " recipient(s)";
      }
    }
    c.current = null;
    c.processed++;
    return null;
  }

  private BroadcastResult send(StreamRecord record, StreamBroadcast b) {
    BroadcastOperator op = emitter.of(b.namespace());
    if (!b.rooms().isEmpty()) {
      op = op.to(b.rooms().toArray(String[]::new));
    }
    if (!b.except().isEmpty()) {
      op = op.except(b.except().toArray(String[]::new));
    }
    if (b.volatileEmit()) {
      op = op.volatileEmit();
    }
    op = op.eventId(b.eventId() != null ? b.eventId() : record.broadcastId(b.name()));
    BroadcastResult r = op.emit(b.event(), b.args().toArray());
    return r == null ? BroadcastResult.NONE : r;
  }

  private static final class Counters {
    int processed;
    int skipped;
    int failed;
    int notAttempted;
    int broadcasts;
    int dropped;
    int recipients;
    int delivered;
    int undelivered;
    int gone;
    String current;
  }

  private static String blankToNull(String v) {
    return v == null || v.isBlank() ? null : v;
  }
}
