package dev.socketiolambda.local.streams;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link StreamPoller} reads a stream and invokes its function: the local counterpart of a
 * Lambda event source mapping on a DynamoDB stream.
 *
 * @param batchSize largest number of records per invocation (1..1000; AWS default 100)
 * @param pollInterval pause between {@code GetRecords} calls when a poll found nothing
 * @param maxRetryAttempts retries of a failing batch before its records are discarded to the
 *     dead-letter list (0..10,000; unlike AWS there is no "infinite": a local run must not stall)
 * @param bisectBatchOnFunctionError split a batch in two when the function fails, and retry each half
 * @param reportBatchItemFailures honour {@code {"batchItemFailures":[...]}} responses (the
 *     {@code ReportBatchItemFailures} function response type); when false such responses count as success
 * @param maxRecordAge records older than this are discarded to the dead-letter list instead of
 *     being sent; null = no limit
 * @param startingPosition where reading starts in the shards that exist when the poller starts
 *     (shards that appear later are always read from their beginning)
 * @param retryBackoff pause before the first retry of a failed batch; doubled per retry, capped at 2 s
 * @param region region in the events' {@code awsRegion} and {@code eventSourceARN}
 * @param accountId account in the events' {@code eventSourceARN}
 */
public record StreamPollerSettings(
    int batchSize, Duration pollInterval, int maxRetryAttempts, boolean bisectBatchOnFunctionError,
    boolean reportBatchItemFailures, Duration maxRecordAge, StartingPosition startingPosition,
    Duration retryBackoff, String region, String accountId) {

  /** Where a poller starts reading the shards that exist when it starts. */
  public enum StartingPosition {
    /**
     * At the end: only records written after {@link StreamPoller#start} returned are delivered
     * (what a local stack wants for tables that outlive it).
     */
    LATEST,
    /** At the oldest record still in the stream (24 h retention). */
    TRIM_HORIZON
  }

  /**
   * Batch size 100, 100 ms poll interval, 3 retries, bisect on error, batch item failures honoured,
   * no age limit, {@code LATEST}, 50 ms first retry back-off, {@code us-east-1}, account
   * {@code 000000000000}.
   */
  public static final StreamPollerSettings DEFAULT = new StreamPollerSettings(100, Duration.ofMillis(100), 3, true,
      true, null, StartingPosition.LATEST, Duration.ofMillis(50), "us-east-1", "000000000000");

  public StreamPollerSettings {
    if (batchSize < 1 || batchSize > 1000) {
      throw new IllegalArgumentException("stream batch size must be 1..1000, was " + batchSize);
    }
    Objects.requireNonNull(pollInterval, "pollInterval");
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("stream poll interval must be positive, was " + pollInterval);
    }
    if (maxRetryAttempts < 0 || maxRetryAttempts > 10_000) {
      throw new IllegalArgumentException("maximum retry attempts must be 0..10000, was " + maxRetryAttempts);
    }
    if (maxRecordAge != null && (maxRecordAge.isNegative() || maxRecordAge.isZero())) {
      throw new IllegalArgumentException("maximum record age must be positive, was " + maxRecordAge);
    }
    Objects.requireNonNull(startingPosition, "startingPosition");
    Objects.requireNonNull(retryBackoff, "retryBackoff");
    if (retryBackoff.isNegative()) {
      throw new IllegalArgumentException("retry back-off must be >= 0, was " + retryBackoff);
    }
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(accountId, "accountId");
  }

  public StreamPollerSettings withBatchSize(int v) {
    return new StreamPollerSettings(v, pollInterval, maxRetryAttempts, bisectBatchOnFunctionError,
        reportBatchItemFailures, maxRecordAge, startingPosition, retryBackoff, region, accountId);
  }

  public StreamPollerSettings withPollInterval(Duration v) {
    return new StreamPollerSettings(batchSize, v, maxRetryAttempts, bisectBatchOnFunctionError,
        reportBatchItemFailures, maxRecordAge, startingPosition, retryBackoff, region, accountId);
  }

  public StreamPollerSettings withMaxRetryAttempts(int v) {
    return new StreamPollerSettings(batchSize, pollInterval, v, bisectBatchOnFunctionError,
        reportBatchItemFailures, maxRecordAge, startingPosition, retryBackoff, region, accountId);
  }

  public StreamPollerSettings withBisectBatchOnFunctionError(boolean v) {
    return new StreamPollerSettings(batchSize, pollInterval, maxRetryAttempts, v,
        reportBatchItemFailures, maxRecordAge, startingPosition, retryBackoff, region, accountId);
  }

  public StreamPollerSettings withReportBatchItemFailures(boolean v) {
    return new StreamPollerSettings(batchSize, pollInterval, maxRetryAttempts, bisectBatchOnFunctionError,
        v, maxRecordAge, startingPosition, retryBackoff, region, accountId);
  }

  public StreamPollerSettings withMaxRecordAge(Duration v) {
    return new StreamPollerSettings(batchSize, pollInterval, maxRetryAttempts, bisectBatchOnFunctionError,
        reportBatchItemFailures, v, startingPosition, retryBackoff, region, accountId);
  }

  public StreamPollerSettings withStartingPosition(StartingPosition v) {
    return new StreamPollerSettings(batchSize, pollInterval, maxRetryAttempts, bisectBatchOnFunctionError,
        reportBatchItemFailures, maxRecordAge, v, retryBackoff, region, accountId);
  }

  public StreamPollerSettings withRetryBackoff(Duration v) {
    return new StreamPollerSettings(batchSize, pollInterval, maxRetryAttempts, bisectBatchOnFunctionError,
        reportBatchItemFailures, maxRecordAge, startingPosition, v, region, accountId);
  }

  /** Pause before retry number {@code retry} (1-based): the back-off doubled per retry, at most 2 s. */
  long retryDelayMs(int retry) {
    long base = retryBackoff.toMillis();
    if (base == 0) {
      return 0;
    }
    long delay = base << Math.min(10, Math.max(0, retry - 1));
    return Math.min(2_000, delay);
  }
}
