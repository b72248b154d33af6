package dev.socketiolambda.infra;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.logs.ILogGroup;

/**
 * Settings of one of the construct's functions ({@code Connect}, {@code Default},
 * {@code Disconnect}, {@code Open}, {@code Heartbeat}, {@code FanOut}, or {@code <id>Stream}),
 * given with {@link SocketIoLambdaProps.Builder#function(String, FunctionOptions)}. A null field
 * keeps the construct's value.
 *
 * @param memorySize MB; default {@link SocketIoLambdaProps#memorySize()} (1,024 MB)
 * @param timeout default: Connect 10 s, Open 15 s, Default and Disconnect 20 s, Heartbeat 55 s,
 *     FanOut 60 s, streams 60 s (or the stream's own)
 * @param reservedConcurrency reserved concurrent executions; default none (the account's pool).
 *     Note that a reservation also caps the function: requests over it are throttled
 * @param logGroup an existing log group for the function; default a new one with
 *     {@link SocketIoLambdaProps#logRetention()} and {@link SocketIoLambdaProps#removalPolicy()}
 */
public record FunctionOptions(Integer memorySize, Duration timeout, Integer reservedConcurrency, ILogGroup logGroup) {
  /** Nothing overridden. */
  public static final FunctionOptions DEFAULT = new FunctionOptions(null, null, null, null);

  public FunctionOptions {
    if (memorySize != null && (memorySize < 128 || memorySize > 10_240)) {
      throw new IllegalArgumentException("memorySize must be 128..10240 MB, was " + memorySize);
    }
    if (timeout != null && (timeout.toSeconds().intValue() < 1 || timeout.toSeconds().intValue() > 900)) {
      throw new IllegalArgumentException("timeout must be 1..900 s, was " + timeout.toHumanString());
    }
    if (reservedConcurrency != null && reservedConcurrency < 0) {
      throw new IllegalArgumentException("reservedConcurrency must be >= 0, was " + reservedConcurrency);
    }
  }

  /** A builder with nothing set. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link FunctionOptions}. */
  public static final class Builder {
    private Integer memorySize;
    private Duration timeout;
    private Integer reservedConcurrency;
    private ILogGroup logGroup;

    private Builder() {}

    /** See {@link FunctionOptions#memorySize()}. */
    public Builder memorySize(int memorySize) {
      this.memorySize = memorySize;
      return this;
    }

    /** See {@link FunctionOptions#timeout()}. */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /** See {@link FunctionOptions#reservedConcurrency()}. */
    public Builder reservedConcurrency(int reservedConcurrency) {
      this.reservedConcurrency = reservedConcurrency;
      return this;
    }

    /** See {@link FunctionOptions#logGroup()}. */
    public Builder logGroup(ILogGroup logGroup) {
      this.logGroup = logGroup;
      return this;
    }

    public FunctionOptions build() {
      return new FunctionOptions(memorySize, timeout, reservedConcurrency, logGroup);
    }
  }
}
