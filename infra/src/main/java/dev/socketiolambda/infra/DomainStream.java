package dev.socketiolambda.infra;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.StartingPosition;

/**
 * A domain table whose DynamoDB Stream feeds a function that turns writes into Socket.IO
 * broadcasts. The construct creates the function (same runtime settings as the socket functions),
 * an SQS dead-letter queue and an event source mapping with partial batch responses
 * ({@code ReportBatchItemFailures}), bisect on error, bounded retries and a maximum record age.
 *
 * <p>The table must have a stream ({@code stream(StreamViewType.NEW_AND_OLD_IMAGES)} on a CDK
 * table, or {@code tableStreamArn} on an imported one).
 */
public final class DomainStream {
  private static final Pattern ID = Pattern.compile("[A-Za-z][A-Za-z0-9]*");
  private static final Pattern HANDLER = Pattern.compile("[A-Za-z_$][\\w$.]*(::[A-Za-z_$][\\w$]*)?");

  private final String id;
  private final ITable table;
  private final String handler;
  private final Code code;
  private final int batchSize;
  private final int retryAttempts;
  private final Duration maxRecordAge;
  private final int parallelizationFactor;
  private final StartingPosition startingPosition;
  private final Integer memorySize;
  private final Duration timeout;
  private final Map<String, String> environment;

  private DomainStream(Builder b) {
    this.id = b.id;
    this.table = b.table;
    this.handler = b.handler;
    this.code = b.code;
    this.batchSize = b.batchSize;
    this.retryAttempts = b.retryAttempts;
    this.maxRecordAge = b.maxRecordAge;
    this.parallelizationFactor = b.parallelizationFactor;
    this.startingPosition = b.startingPosition;
    this.memorySize = b.memorySize;
    this.timeout = b.timeout;
    this.environment = Map.copyOf(b.environment);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Construct id prefix, e.g. {@code Orders}. */
  public String id() {
    return id;
  }

  public ITable table() {
    return table;
  }

  /** The Lambda handler, {@code class::method}. */
  public String handler() {
    return handler;
  }

  /** The code asset; null means the socket functions' code. */
  public Code code() {
    return code;
  }

  public int batchSize() {
    return batchSize;
  }

  public int retryAttempts() {
    return retryAttempts;
  }

  /** Null means the default of one hour. */
  public Duration maxRecordAge() {
    return maxRecordAge;
  }

  public int parallelizationFactor() {
    return parallelizationFactor;
  }

  public StartingPosition startingPosition() {
    return startingPosition;
  }

  /** Null means the construct's memory size. */
  public Integer memorySize() {
    return memorySize;
  }

  /** Null means 60 seconds. */
  public Duration timeout() {
    return timeout;
  }

  /** Extra environment for this function only. */
  public Map<String, String> environment() {
    return environment;
  }

  /** Builds a {@link DomainStream}; {@code id}, {@code table} and {@code handler} are required. */
  public static final class Builder {
    private String id;
    private ITable table;
    private String handler;
    private Code code;
    private int batchSize = 100;
    private int retryAttempts = 3;
    private Duration maxRecordAge;
    private int parallelizationFactor = 1;
    private StartingPosition startingPosition = StartingPosition.LATEST;
    private Integer memorySize;
    private Duration timeout;
    private final Map<String, String> environment = new LinkedHashMap<>();

    private Builder() {}

    public Builder id(String id) {
      this.id = id;
      return this;
    }

    public Builder table(ITable table) {
      this.table = table;
      return this;
    }

    public Builder handler(String handler) {
      this.handler = handler;
      return this;
    }

    public Builder code(Code code) {
      this.code = code;
      return this;
    }

    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    public Builder retryAttempts(int retryAttempts) {
      this.retryAttempts = retryAttempts;
      return this;
    }

    public Builder maxRecordAge(Duration maxRecordAge) {
      this.maxRecordAge = maxRecordAge;
      return this;
    }

    public Builder parallelizationFactor(int parallelizationFactor) {
      this.parallelizationFactor = parallelizationFactor;
      return this;
    }

    public Builder startingPosition(StartingPosition startingPosition) {
      this.startingPosition = startingPosition;
      return this;
    }

    public Builder memorySize(Integer memorySize) {
      this.memorySize = memorySize;
      return this;
    }

    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    public Builder environment(Map<String, String> environment) {
      this.environment.putAll(environment);
      return this;
    }

    public DomainStream build() {
      Objects.requireNonNull(table, "domain stream table");
      if (id == null || !ID.matcher(id).matches()) {
        throw new IllegalArgumentException("domain stream id must be letters and digits starting with a letter, was '"
            + id + "'");
      }
      if (handler == null || !HANDLER.matcher(handler).matches()) {
        throw new IllegalArgumentException("domain stream " + id
            + ": handler must be a class name with an optional ::method, was '" + handler + "'");
      }
      if (batchSize < 1 || batchSize > 10_000) {
        throw new IllegalArgumentException("domain stream " + id + ": batchSize must be 1..10000, was " + batchSize);
      }
      if (retryAttempts < 0 || retryAttempts > 10_000) {
        throw new IllegalArgumentException("domain stream " + id
            + ": retryAttempts must be bounded, 0..10000 (infinite retries block the shard), was " + retryAttempts);
      }
      if (parallelizationFactor < 1 || parallelizationFactor > 10) {
        throw new IllegalArgumentException("domain stream " + id + ": parallelizationFactor must be 1..10, was "
            + parallelizationFactor);
      }
      Objects.requireNonNull(startingPosition, "startingPosition");
      if (startingPosition == StartingPosition.AT_TIMESTAMP) {
        throw new IllegalArgumentException("domain stream " + id + ": DynamoDB streams start at LATEST or TRIM_HORIZON");
      }
      if (memorySize != null && (memorySize < 128 || memorySize > 10_240)) {
        throw new IllegalArgumentException("domain stream " + id + ": memorySize must be 128..10240 MB, was "
            + memorySize);
      }
      return new DomainStream(this);
    }
  }
}
