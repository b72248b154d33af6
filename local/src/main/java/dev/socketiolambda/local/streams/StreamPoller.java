package dev.socketiolambda.local.streams;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Emulates a Lambda event source mapping on the DynamoDB stream of one table, against DynamoDB
 * Local (or any endpoint speaking the DynamoDB Streams API): reads the shards with the real
 * {@link DynamoDbStreamsClient}, hands batches of records to a function as the exact event JSON
 * Lambda sends ({@link StreamEvents}) and applies the mapping's error handling.
 *
 * <h2>Semantics</h2>
 *
 * <ul>
 *   <li><b>Start.</b> {@link #start} returns once it holds an iterator for every open shard; with
 *       {@link StreamPollerSettings.StartingPosition#LATEST} (the default) every record written
 *       after it returns is delivered, none written before. Shards that appear later (DynamoDB
 *       Local rolls shards over, splits are possible on AWS) are read from their beginning, a
 *       child only after its parent is read to its end.
 *   <li><b>Batches.</b> Up to {@code batchSize} records of one shard per invocation, in stream
 *       order; one batch in flight per table (so per shard) at a time. There is no batching
 *       window: a poll that finds records invokes at once. Records read before a function is
 *       {@linkplain #attach attached} wait (at most a batch per shard is read ahead).
 *   <li><b>Success</b> (a blank, {@code null} or {@code {}} answer, or an empty
 *       {@code batchItemFailures}): the batch is checkpointed.
 *   <li><b>Partial failure</b> ({@code {"batchItemFailures":[{"itemIdentifier":"<SequenceNumber>"}]}}):
 *       the records before the lowest failed sequence number are checkpointed, never sent again;
 *       the retry starts at that record and holds the rest of the batch (not topped up with newer
 *       records). Each such retry counts against {@code maxRetryAttempts}. When they are
 *       exhausted, the records named in the last answer go to the dead-letter list and the others
 *       count as processed (the function reported them so).
 *   <li><b>Function error</b> (the function throws, or answers something that is not JSON, not an
 *       object, or a {@code batchItemFailures} entry without a valid {@code itemIdentifier}): with
 *       {@code bisectBatchOnFunctionError} a batch of two or more records is split in halves that
 *       are processed one after the other, each with a fresh retry count (bisecting is bounded by
 *       log2 of the batch size and does not use up retries); a single record, or any batch without
 *       bisect, is retried up to {@code maxRetryAttempts} times, then the whole batch goes to the
 *       dead-letter list. Either way the shard moves on: a poison record never blocks it for good.
 *   <li><b>Record age.</b> With {@code maxRecordAge}, records older than that are discarded to the
 *       dead-letter list before an invocation instead of being sent.
 *   <li>Retries wait {@code retryBackoff}, doubled per retry, at most 2 s. Dead letters are kept
 *       in memory (the last {@value #MAX_DEAD_LETTERS}) and logged on standard error.
 *   <li>An invocation is not timed out: the function runs in this JVM, and a batch still running
 *       after {@link #close()} returns is abandoned (not checkpointed, not retried).
 * </ul>
 *
 * <p>The function is any {@code Function<String, String>}: event JSON in, response JSON out (a
 * {@code RequestStreamHandler} adapted by the caller).
 */
public final class StreamPoller implements AutoCloseable {
  /** Dead letters kept for {@link #deadLetters()}; older ones are dropped (they were logged). */
  public static final int MAX_DEAD_LETTERS = 1_000;
  private static final long DISCOVERY_INTERVAL_MS = 1_000;
  private static final long ERROR_PAUSE_MS = 1_000;

  private final DynamoDbClient dynamo;
  private final DynamoDbStreamsClient streams;
  private final String table;
  private final StreamPollerSettings settings;
  private volatile Function<String, String> function;

  private final Map<String, ShardState> shards = new LinkedHashMap<>();
  private final Set<String> finishedShards = new HashSet<>();
  private final Deque<DeadLetter> deadLetters = new ArrayDeque<>();
  private final Object monitor = new Object();
  private final AtomicLong invocations = new AtomicLong();
  private final AtomicLong processed = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong bisections = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();
  private final AtomicLong read = new AtomicLong();

  private String streamArn;
  private String eventSourceArn;
  private volatile long nextDiscovery;
  private boolean woken; // guarded by monitor
  private boolean lastErrorLogged;
  private boolean discoveryErrorLogged;
  private final Thread thread;
  private volatile boolean closed;

  private StreamPoller(DynamoDbClient dynamo, DynamoDbStreamsClient streams, String table,
      StreamPollerSettings settings, Function<String, String> function) {
    this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
    this.streams = Objects.requireNonNull(streams, "streams");
    this.table = Objects.requireNonNull(table, "table");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.function = function;
    this.thread = new Thread(this::run, "stream-poller-" + table);
    this.thread.setDaemon(true);
  }

  /**
   * Starts polling the stream of {@code table}: resolves its latest stream, takes an iterator on
   * every shard, then returns; reading and invoking go on on a daemon thread until {@link #close()}.
   *
   * @param function the function to invoke, or null to read ahead until {@link #attach} is called
   * @throws IllegalStateException when the table does not exist or has no stream
   */
  public static StreamPoller start(DynamoDbClient dynamo, DynamoDbStreamsClient streams, String table,
      StreamPollerSettings settings, Function<String, String> function) {
    StreamPoller poller = new StreamPoller(dynamo, streams, table, settings, function);
    try {
      poller.resolveStream();
      poller.discover(true);
    } catch (ResourceNotFoundException e) {
      throw new IllegalStateException("cannot poll the stream of table " + table + ": " + e.getMessage(), e);
    }
    poller.thread.start();
    return poller;
  }

  /**
   * Polls at once instead of after the rest of the pause between polls: the table was just written
   * ({@link StreamWakeUps}). A wake that comes during a poll makes the next pause end at once.
   */
  public void wake() {
    synchronized (monitor) {
      woken = true;
      if (shards.isEmpty()) {
        nextDiscovery = 0; // the table's first write may have opened its first shard
      }
      monitor.notifyAll();
    }
  }

  /** Sets (or replaces) the function; batches read while there was none are sent to it. */
  public void attach(Function<String, String> function) {
    this.function = Objects.requireNonNull(function, "function");
    synchronized (monitor) {
      monitor.notifyAll();
    }
  }

  public String table() {
    return table;
  }

  public StreamPollerSettings settings() {
    return settings;
  }

  /** The {@code eventSourceARN} of the events, e.g. {@code arn:aws:dynamodb:us-east-1:000000000000:table/orders/stream/LABEL}. */
  public String eventSourceArn() {
    synchronized (monitor) {
      return eventSourceArn;
    }
  }

  /** The records discarded so far (the last {@value #MAX_DEAD_LETTERS} batches), oldest first. */
  public List<DeadLetter> deadLetters() {
    synchronized (deadLetters) {
      return List.copyOf(deadLetters);
    }
  }

  /** Counters since the start. */
  public Stats stats() {
    return new Stats(read.get(), invocations.get(), processed.get(), retries.get(), bisections.get(),
        deadLettered.get());
  }

  /**
   * What a poller did.
   *
   * @param recordsRead records read from the stream
   * @param invocations function invocations (retries and bisected halves included)
   * @param recordsProcessed records checkpointed as processed
   * @param retries retried invocations
   * @param bisections batches split in two
   * @param recordsDeadLettered records discarded to the dead-letter list
   */
  public record Stats(long recordsRead, long invocations, long recordsProcessed, long retries, long bisections,
      long recordsDeadLettered) {}

  /** Stops the polling thread (waits up to 5 s for it). Idempotent. */
  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    if (Thread.currentThread() != thread) {
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  // ------------------------------------------------------------------ the loop

  private void run() {
    while (!closed) {
      try {
        boolean busy = pollOnce();
        lastErrorLogged = false;
        if (!busy) {
          pause(settings.pollInterval().toMillis(), true);
        }
      } catch (Closing e) {
        return;
      } catch (RuntimeException e) {
        if (closed || e instanceof AbortedException || Thread.currentThread().isInterrupted()) {
          return;
        }
        if (!lastErrorLogged) { // one line per outage, not one per poll
          log("polling failed, will retry: " + e);
          lastErrorLogged = true;
        }
        try {
          pause(ERROR_PAUSE_MS);
        } catch (Closing c) {
          return;
        }
      }
    }
  }

  /** One round over the shards; true when it read or processed something. */
  private boolean pollOnce() {
    if (System.currentTimeMillis() >= nextDiscovery) {
      discoverSafely();
    }
    boolean busy = false;
    List<ShardState> round;
    synchronized (monitor) {
      round = new ArrayList<>(shards.values());
    }
    for (ShardState s : round) {
      if (closed) {
        throw new Closing();
      }
      if (!ready(s)) {
        continue;
      }
      busy |= fetch(s);
      Function<String, String> fn = function;
      if (fn != null && !s.pending.isEmpty()) {
        List<Pending> batch = new ArrayList<>(settings.batchSize());
        for (Pending p : s.pending) {
          if (batch.size() == settings.batchSize()) {
            break;
          }
          batch.add(p);
        }
        deliver(s, batch, fn);
        busy = true;
      }
      if (s.iterator == null && s.pending.isEmpty()) {
        synchronized (monitor) {
          shards.remove(s.shardId);
          finishedShards.add(s.shardId);
        }
        nextDiscovery = 0; // a closed shard may have children to pick up
      }
    }
    return busy;
  }

  private boolean ready(ShardState s) {
    synchronized (monitor) {
      return s.parentShardId == null || finishedShards.contains(s.parentShardId)
          || !shards.containsKey(s.parentShardId);
    }
  }

  /** Reads what fits in the read-ahead (one batch); true when records came. */
  private boolean fetch(ShardState s) {
    if (s.iterator == null || s.pending.size() >= settings.batchSize()) {
      return false;
    }
    GetRecordsResponse r;
    try {
      int limit = Math.min(1000, settings.batchSize() - s.pending.size());
      r = streams.getRecords(b -> b.shardIterator(s.iterator).limit(limit));
    } catch (ExpiredIteratorException | TrimmedDataAccessException e) {
      s.iterator = s.lastRead != null
          ? iterator(s.shardId, ShardIteratorType.AFTER_SEQUENCE_NUMBER, s.lastRead)
          : iterator(s.shardId, ShardIteratorType.TRIM_HORIZON, null);
      return false;
    } catch (ResourceNotFoundException e) {
      // the table (or its stream) was deleted: start over from the latest stream
      log("the stream of table " + table + " is gone (" + e.getMessage() + "); looking for the table's new stream");
      synchronized (monitor) {
        shards.clear();
        finishedShards.clear();
        streamArn = null;
      }
      nextDiscovery = System.currentTimeMillis() + DISCOVERY_INTERVAL_MS;
      return false;
    }
    s.iterator = r.nextShardIterator();
    String arn = eventSourceArn();
    for (Record record : r.records()) {
      s.pending.addLast(new Pending(record, StreamEvents.record(record, settings.region(), arn)));
      s.lastRead = record.dynamodb().sequenceNumber();
    }
    read.addAndGet(r.records().size());
    return !r.records().isEmpty();
  }

  // ------------------------------------------------------------------ delivery and error handling

  /** Delivers a prefix of the shard's pending records: returns when each is processed or discarded. */
  private void deliver(ShardState s, List<Pending> batch, Function<String, String> fn) {
    List<Pending> current = batch;
    int retry = 0;
    while (true) {
      if (closed) {
        throw new Closing();
      }
      current = dropExpired(s, current, retry);
      if (current.isEmpty()) {
        return;
      }
      StreamEvents.Outcome outcome = invoke(current, fn);
      switch (outcome.kind()) {
        case SUCCESS -> {
          checkpoint(s, current, true);
          return;
        }
        case PARTIAL -> {
          checkpoint(s, current.subList(0, outcome.firstFailed()), true);
          current = List.copyOf(current.subList(outcome.firstFailed(), current.size()));
          if (retry >= settings.maxRetryAttempts()) {
            Set<String> failed = new HashSet<>(outcome.failedSequenceNumbers());
            List<Pending> dead = current.stream().filter(p -> failed.contains(p.sequenceNumber())).toList();
            deadLetter(s, dead, retry, "the function reported " + dead.size() + " record(s) failed after "
                + retry + " retries");
            checkpoint(s, current, false);
            processed.addAndGet(current.size() - dead.size());
            return;
          }
        }
        case ERROR -> {
          if (settings.bisectBatchOnFunctionError() && current.size() > 1) {
            bisections.incrementAndGet();
            int half = current.size() / 2;
            List<Pending> first = List.copyOf(current.subList(0, half));
            List<Pending> second = List.copyOf(current.subList(half, current.size()));
            deliver(s, first, fn);
            deliver(s, second, fn);
            return;
          }
          if (retry >= settings.maxRetryAttempts()) {
            deadLetter(s, current, retry, "function error after " + retry + " retries: " + outcome.error());
            checkpoint(s, current, false);
            return;
          }
        }
        default -> throw new IllegalStateException(outcome.kind().toString());
      }
      retry++;
      retries.incrementAndGet();
      pause(settings.retryDelayMs(retry));
    }
  }

  private StreamEvents.Outcome invoke(List<Pending> batch, Function<String, String> fn) {
    List<ObjectNode> records = new ArrayList<>(batch.size());
    List<String> sequenceNumbers = new ArrayList<>(batch.size());
    for (Pending p : batch) {
      records.add(p.json());
      sequenceNumbers.add(p.sequenceNumber());
    }
    String event = StreamEvents.event(records);
    invocations.incrementAndGet();
    String response;
    try {
      response = fn.apply(event);
    } catch (Throwable t) {
      if (t instanceof VirtualMachineError fatal && !(t instanceof StackOverflowError)) {
        throw fatal; // out of memory: no point going on
      }
      if (closed) {
        throw new Closing();
      }
      return StreamEvents.Outcome.error("the function threw " + t);
    }
    return StreamEvents.outcome(response, sequenceNumbers, settings.reportBatchItemFailures());
  }

  private List<Pending> dropExpired(ShardState s, List<Pending> batch, int retry) {
    if (settings.maxRecordAge() == null) {
      return batch;
    }
    Instant oldest = Instant.now().minus(settings.maxRecordAge());
    int expired = 0;
    while (expired < batch.size() && batch.get(expired).created() != null
        && batch.get(expired).created().isBefore(oldest)) {
      expired++;
    }
    if (expired == 0) {
      return batch;
    }
    List<Pending> dead = batch.subList(0, expired);
    deadLetter(s, dead, retry, "older than the maximum record age of " + settings.maxRecordAge());
    checkpoint(s, dead, false);
    return List.copyOf(batch.subList(expired, batch.size()));
  }

  /** Removes these records (a prefix of the pending ones) from the shard's read-ahead. */
  private void checkpoint(ShardState s, List<Pending> done, boolean countAsProcessed) {
    for (Pending p : done) {
      Pending head = s.pending.pollFirst();
      if (head != p) {
        throw new IllegalStateException("checkpoint out of order in shard " + s.shardId);
      }
    }
    if (countAsProcessed) {
      processed.addAndGet(done.size());
    }
  }

  private void deadLetter(ShardState s, List<Pending> records, int retry, String reason) {
    if (records.isEmpty()) {
      return;
    }
    List<String> sequenceNumbers = records.stream().map(Pending::sequenceNumber).toList();
    String event = StreamEvents.event(records.stream().map(Pending::json).toList());
    DeadLetter letter = new DeadLetter(table, s.shardId, reason, retry, sequenceNumbers, event, Instant.now());
    synchronized (deadLetters) {
      deadLetters.addLast(letter);
      while (deadLetters.size() > MAX_DEAD_LETTERS) {
        deadLetters.removeFirst();
      }
    }
    deadLettered.addAndGet(records.size());
    log("discarded " + records.size() + " record(s) of shard " + s.shardId + " (sequence numbers "
        + sequenceNumbers.get(0) + (records.size() > 1 ? ".." + sequenceNumbers.get(records.size() - 1) : "")
        + "): " + reason);
  }

  // ------------------------------------------------------------------ stream and shard discovery

  private void resolveStream() {
    TableDescription t = dynamo.describeTable(b -> b.tableName(table)).table();
    if (t.latestStreamArn() == null || t.streamSpecification() == null
        || !Boolean.TRUE.equals(t.streamSpecification().streamEnabled())) {
      throw new IllegalStateException("table " + table + " has no enabled stream: create it with a "
          + "StreamSpecification (NEW_AND_OLD_IMAGES)");
    }
    String arn = t.latestStreamArn();
    String label = t.latestStreamLabel();
    if (label == null) {
      int at = arn.indexOf("/stream/");
      label = at < 0 ? "local" : arn.substring(at + "/stream/".length());
    }
    synchronized (monitor) {
      streamArn = arn;
      eventSourceArn = StreamEvents.streamArn(settings.region(), settings.accountId(), table, label);
    }
  }

  private void discoverSafely() {
    boolean none;
    synchronized (monitor) {
      none = shards.isEmpty();
    }
    // no shard yet (a table never written to): look again soon, its first shard holds new records
    nextDiscovery = System.currentTimeMillis() + (none ? settings.pollInterval().toMillis() : DISCOVERY_INTERVAL_MS);
    try {
      String before;
      synchronized (monitor) {
        before = streamArn;
      }
      resolveStream(); // the table may have been deleted and created again: a new stream
      boolean replaced;
      synchronized (monitor) {
        replaced = before != null && !before.equals(streamArn);
        if (replaced) {
          shards.clear();
          finishedShards.clear();
        }
      }
      if (replaced) {
        log("table " + table + " has a new stream (was it created again?): reading it from its start");
      }
      discover(false);
      discoveryErrorLogged = false;
    } catch (ResourceNotFoundException | IllegalStateException e) {
      nextDiscovery = System.currentTimeMillis() + DISCOVERY_INTERVAL_MS;
      if (!discoveryErrorLogged) {
        log("stream of table " + table + " unavailable, will retry: " + e.getMessage());
        discoveryErrorLogged = true;
      }
      synchronized (monitor) { // the table is gone: so are its records
        streamArn = null;
        shards.clear();
        finishedShards.clear();
      }
    }
  }

  /** Adds the shards not seen yet; at start they begin at the starting position, later at their start. */
  private void discover(boolean atStart) {
    String arn;
    synchronized (monitor) {
      arn = streamArn;
    }
    if (arn == null) {
      return;
    }
    String exclusiveStart = null;
    List<Shard> found = new ArrayList<>();
    do {
      String from = exclusiveStart;
      DescribeStreamResponse d = streams.describeStream(b -> b.streamArn(arn).exclusiveStartShardId(from));
      found.addAll(d.streamDescription().shards());
      exclusiveStart = d.streamDescription().lastEvaluatedShardId();
    } while (exclusiveStart != null);
    for (Shard shard : found) {
      boolean known;
      synchronized (monitor) {
        known = shards.containsKey(shard.shardId()) || finishedShards.contains(shard.shardId());
      }
      if (known) {
        continue;
      }
      boolean closedShard = shard.sequenceNumberRange() != null
          && shard.sequenceNumberRange().endingSequenceNumber() != null;
      ShardIteratorType type;
      if (!atStart) {
        type = ShardIteratorType.TRIM_HORIZON;
      } else if (settings.startingPosition() == StreamPollerSettings.StartingPosition.TRIM_HORIZON) {
        type = ShardIteratorType.TRIM_HORIZON;
      } else if (closedShard) {
        // LATEST on a shard that is already closed: nothing in it is new
        synchronized (monitor) {
          finishedShards.add(shard.shardId());
        }
        continue;
      } else {
        type = ShardIteratorType.LATEST;
      }
      ShardState s = new ShardState(shard.shardId(), shard.parentShardId());
      s.iterator = iterator(shard.shardId(), type, null);
      synchronized (monitor) {
        shards.put(s.shardId, s);
      }
    }
  }

  private String iterator(String shardId, ShardIteratorType type, String sequenceNumber) {
    String arn;
    synchronized (monitor) {
      arn = streamArn;
    }
    return streams.getShardIterator(b -> b.streamArn(arn).shardId(shardId).shardIteratorType(type)
        .sequenceNumber(sequenceNumber)).shardIterator();
  }

  // ------------------------------------------------------------------ support

  private void pause(long ms) {
    pause(ms, false);
  }

  /**
   * Waits {@code ms}; with {@code wakeable} (the pause between polls), a {@link #wake} since the last
   * such pause ends it at once (a write that came while the poll was under way is not missed).
   */
  private void pause(long ms, boolean wakeable) {
    if (ms <= 0) {
      return;
    }
    synchronized (monitor) {
      if (closed) {
        throw new Closing();
      }
      try {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        long left = ms;
        while (left > 0 && !closed && !(wakeable && woken)) {
          monitor.wait(left);
          left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        }
        if (wakeable) {
          woken = false;
        }
      } catch (InterruptedException e) {
        throw new Closing();
      }
      if (closed) {
        throw new Closing();
      }
    }
  }

  private void log(String message) {
    if (!closed) {
      System.err.println("[stream-poller " + table + "] " + message);
    }
  }

  /** A shard being read: its iterator (null once read to its end) and the records read, not yet checkpointed. */
  private static final class ShardState {
    final String shardId;
    final String parentShardId;
    final Deque<Pending> pending = new ArrayDeque<>();
    String iterator;
    String lastRead;

    ShardState(String shardId, String parentShardId) {
      this.shardId = shardId;
      this.parentShardId = parentShardId;
    }
  }

  /** A record read from the stream, with its event JSON built once. */
  private record Pending(Record record, ObjectNode json) {
    String sequenceNumber() {
      return record.dynamodb().sequenceNumber();
    }

    Instant created() {
      return StreamEvents.created(record);
    }
  }

  /** Unwinds the polling thread on close. */
  private static final class Closing extends RuntimeException {
    Closing() {
      super(null, null, false, false);
    }
  }
}
