package dev.socketiolambda.functions.stream;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.socketiolambda.functions.handler.Runtime;
import dev.socketiolambda.functions.observability.InvocationLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The stream function: a DynamoDB Streams event source mapping on a domain table (with
 * {@code ReportBatchItemFailures} enabled) invokes it with a batch of records; it answers
 * {@code {"batchItemFailures":[{"itemIdentifier":"<SequenceNumber>"}]}} (see {@link StreamProcessor}
 * for the semantics). An event that cannot be read at all makes it throw: Lambda retries the batch.
 *
 * <p>Environment:
 * <ul>
 *   <li>{@code SOCKETIO_STREAM_RULES}: the rule file, a path ({@code /var/task/rules.json}) or
 *       {@code classpath:rules.json} (format: {@code docs/stream-rules.md})</li>
 *   <li>{@code SOCKETIO_STREAM_HOOK}: a {@link StreamHook} class name (optional; at least one of the two)</li>
 *   <li>{@code SOCKETIO_MANAGEMENT_ENDPOINT}, {@code SOCKETIO_TABLE}, {@code AWS_REGION},
 *       {@code DYNAMODB_ENDPOINT}: the emitter's settings ({@link Runtime})</li>
 * </ul>
 */
public final class StreamHandler implements RequestStreamHandler {
  private final StreamProcessor processor;
  private final Consumer<String> log;
  private final InvocationLog invocationLog;

  /** Builds the processor from the environment, once per function instance. */
  public StreamHandler() {
    this(StreamProcessor.fromEnvironment(System.getenv(), () -> Runtime.shared().emitter()),
        line -> System.out.println("socketio-lambda stream: " + line), InvocationLog.fromEnvironment());
  }

  /** A handler around a given processor (tests, local stacks). */
  public StreamHandler(StreamProcessor processor) {
    this(processor, line -> System.out.println("socketio-lambda stream: " + line));
  }

  /** A handler around a given processor, logging its batch summaries to {@code log}. */
  public StreamHandler(StreamProcessor processor, Consumer<String> log) {
    this(processor, log, InvocationLog.off());
  }

  /** ... and one invocation line per batch (records, broadcasts, failed records as {@code BatchItemFailures}). */
  public StreamHandler(StreamProcessor processor, Consumer<String> log, InvocationLog invocationLog) {
    this.processor = Objects.requireNonNull(processor, "processor");
    this.log = Objects.requireNonNull(log, "log");
    this.invocationLog = Objects.requireNonNull(invocationLog, "invocationLog");
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    InvocationLog.Entry line = invocationLog.start("stream");
    StreamResponse response;
    try {
      ByteArrayOutputStream buf = new ByteArrayOutputStream(4096);
      input.transferTo(buf);
      response = processor.process(buf.toString(StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      line.failed(e);
      throw e;
    }
    line.measured("StreamRecords", "Count", response.records())
        .measured(InvocationLog.BATCH_ITEM_FAILURES, "Count", response.batchItemFailures().size()).ok();
    log.accept("batch " + response.summary());
    output.write(response.toJson().getBytes(StandardCharsets.UTF_8));
  }
}
