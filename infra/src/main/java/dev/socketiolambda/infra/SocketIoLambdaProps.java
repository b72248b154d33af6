package dev.socketiolambda.infra;

import dev.socketiolambda.functions.server.EngineConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sns.ITopic;

/**
 * Settings of a {@link SocketIoLambda}. Only {@code appClass} is required; everything else has a
 * default suited to a production deployment (retained data, SnapStart, arm64, 1,024 MB).
 */
public final class SocketIoLambdaProps {
  /** Memory of the Java functions when none is given. See {@link SocketIoLambda} for how it was chosen. */
  public static final int DEFAULT_MEMORY_MB = 1024;
  public static final String DEFAULT_STAGE = "prod";

  private static final Pattern STAGE = Pattern.compile("[A-Za-z0-9_-]{1,128}");

  private final String appClass;
  private final Code code;
  private final String stageName;
  private final String apiName;
  private final int memorySize;
  private final Architecture architecture;
  private final boolean snapStart;
  private final EngineConfig engine;
  private final Duration heartbeatRate;
  private final Map<String, String> environment;
  private final IFunction authorizer;
  private final CustomDomain customDomain;
  private final List<DomainStream> domainStreams;
  private final RemovalPolicy removalPolicy;
  private final String tableName;
  private final boolean pointInTimeRecovery;
  private final ITopic alarmTopic;
  private final RetentionDays logRetention;
  private final int throttleRateLimit;
  private final int throttleBurstLimit;
  private final boolean apiGatewayCloudWatchRole;
  private final boolean createOutputs;

  private SocketIoLambdaProps(Builder b, EngineConfig engine) {
    this.appClass = b.appClass.trim();
    this.code = b.code;
    this.stageName = b.stageName;
    this.apiName = b.apiName;
    this.memorySize = b.memorySize;
    this.architecture = b.architecture;
    this.snapStart = b.snapStart;
    this.engine = engine;
    this.heartbeatRate = b.heartbeatRate;
    this.environment = Map.copyOf(b.environment);
    this.authorizer = b.authorizer;
    this.customDomain = b.customDomain;
    this.domainStreams = List.copyOf(b.domainStreams);
    this.removalPolicy = b.removalPolicy;
    this.tableName = b.tableName;
    this.pointInTimeRecovery = b.pointInTimeRecovery;
    this.alarmTopic = b.alarmTopic;
    this.logRetention = b.logRetention;
    this.throttleRateLimit = b.throttleRateLimit;
    this.throttleBurstLimit = b.throttleBurstLimit;
    this.apiGatewayCloudWatchRole = b.apiGatewayCloudWatchRole;
    this.createOutputs = b.createOutputs;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The {@code SocketIoApp} class the functions load ({@code SOCKETIO_APP}). */
  public String appClass() {
    return appClass;
  }

  /** The code of the socket functions; null means {@link FunctionsArtifact#locate()}. */
  public Code code() {
    return code;
  }

  /** The API Gateway stage; clients pass {@code path: "/<stage>"} against the execute-api URL. */
  public String stageName() {
    return stageName;
  }

  /** The API's name; null lets CDK name it after the construct path. */
  public String apiName() {
    return apiName;
  }

  public int memorySize() {
    return memorySize;
  }

  public Architecture architecture() {
    return architecture;
  }

  /** SnapStart on published versions; the routes, schedule and stream sources always target an alias. */
  public boolean snapStart() {
    return snapStart;
  }

  /** Engine.IO settings every function gets (ping interval and timeout, max payload, connect timeout, route responses). */
  public EngineConfig engine() {
    return engine;
  }

  public Duration heartbeatRate() {
    return heartbeatRate;
  }

  /** Extra environment variables for every function (they win over the construct's own). */
  public Map<String, String> environment() {
    return environment;
  }

  /** Optional Lambda REQUEST authorizer on {@code $connect}, fed by the {@code token} query parameter. */
  public IFunction authorizer() {
    return authorizer;
  }

  public CustomDomain customDomain() {
    return customDomain;
  }

  public List<DomainStream> domainStreams() {
    return domainStreams;
  }

  /** Applies to the state table, the log groups and the dead-letter queues. */
  public RemovalPolicy removalPolicy() {
    return removalPolicy;
  }

  /** Physical table name; null lets CloudFormation name it (recommended: several stacks per account). */
  public String tableName() {
    return tableName;
  }

  public boolean pointInTimeRecovery() {
    return pointInTimeRecovery;
  }

  /** Where alarms notify; null creates the alarms without actions. */
  public ITopic alarmTopic() {
    return alarmTopic;
  }

  public RetentionDays logRetention() {
    return logRetention;
  }

  public int throttleRateLimit() {
    return throttleRateLimit;
  }

  public int throttleBurstLimit() {
    return throttleBurstLimit;
  }

  /**
   * Whether to set API Gateway's account-wide CloudWatch Logs role (needed once per account and
   * region before any stage can log). Off by default because it is a per-account singleton.
   */
  public boolean apiGatewayCloudWatchRole() {
    return apiGatewayCloudWatchRole;
  }

  public boolean createOutputs() {
    return createOutputs;
  }

  /** Builds {@link SocketIoLambdaProps}; validation happens in {@link #build()}. */
  public static final class Builder {
    private String appClass;
    private Code code;
    private String stageName = DEFAULT_STAGE;
    private String apiName;
    private int memorySize = DEFAULT_MEMORY_MB;
    private Architecture architecture = Architecture.ARM_64;
    private boolean snapStart = true;
    private Long pingIntervalMs;
    private Long pingTimeoutMs;
    private Long maxPayload;
    private Long connectTimeoutMs;
    private Boolean routeResponses;
    private Duration heartbeatRate;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private IFunction authorizer;
    private CustomDomain customDomain;
    private final List<DomainStream> domainStreams = new ArrayList<>();
    private RemovalPolicy removalPolicy = RemovalPolicy.RETAIN;
    private String tableName;
    private boolean pointInTimeRecovery = true;
    private ITopic alarmTopic;
    private RetentionDays logRetention = RetentionDays.ONE_MONTH;
    private int throttleRateLimit = 1000;
    private int throttleBurstLimit = 500;
    private boolean apiGatewayCloudWatchRole;
    private boolean createOutputs = true;

    private Builder() {}

    public Builder appClass(String appClass) {
      this.appClass = appClass;
      return this;
    }

    public Builder code(Code code) {
      this.code = code;
      return this;
    }

    public Builder stageName(String stageName) {
      this.stageName = stageName;
      return this;
    }

    public Builder apiName(String apiName) {
      this.apiName = apiName;
      return this;
    }

    public Builder memorySize(int memorySize) {
      this.memorySize = memorySize;
      return this;
    }

    public Builder architecture(Architecture architecture) {
      this.architecture = architecture;
      return this;
    }

    public Builder snapStart(boolean snapStart) {
      this.snapStart = snapStart;
      return this;
    }

    public Builder pingIntervalMs(long pingIntervalMs) {
      this.pingIntervalMs = pingIntervalMs;
      return this;
    }

    public Builder pingTimeoutMs(long pingTimeoutMs) {
      this.pingTimeoutMs = pingTimeoutMs;
      return this;
    }

    public Builder maxPayload(long maxPayload) {
      this.maxPayload = maxPayload;
      return this;
    }

    public Builder connectTimeoutMs(long connectTimeoutMs) {
      this.connectTimeoutMs = connectTimeoutMs;
      return this;
    }

    public Builder routeResponses(boolean routeResponses) {
      this.routeResponses = routeResponses;
      return this;
    }

    public Builder heartbeatRate(Duration heartbeatRate) {
      this.heartbeatRate = heartbeatRate;
      return this;
    }

    public Builder environment(Map<String, String> environment) {
      this.environment.putAll(environment);
      return this;
    }

    public Builder authorizer(IFunction authorizer) {
      this.authorizer = authorizer;
      return this;
    }

    public Builder customDomain(CustomDomain customDomain) {
      this.customDomain = customDomain;
      return this;
    }

    public Builder domainStream(DomainStream domainStream) {
      this.domainStreams.add(Objects.requireNonNull(domainStream, "domainStream"));
      return this;
    }

    public Builder domainStreams(List<DomainStream> domainStreams) {
      domainStreams.forEach(this::domainStream);
      return this;
    }

    public Builder removalPolicy(RemovalPolicy removalPolicy) {
      this.removalPolicy = removalPolicy;
      return this;
    }

    public Builder tableName(String tableName) {
      this.tableName = tableName;
      return this;
    }

    public Builder pointInTimeRecovery(boolean pointInTimeRecovery) {
      this.pointInTimeRecovery = pointInTimeRecovery;
      return this;
    }

    public Builder alarmTopic(ITopic alarmTopic) {
      this.alarmTopic = alarmTopic;
      return this;
    }

    public Builder logRetention(RetentionDays logRetention) {
      this.logRetention = logRetention;
      return this;
    }

    public Builder throttle(int rateLimit, int burstLimit) {
      this.throttleRateLimit = rateLimit;
      this.throttleBurstLimit = burstLimit;
      return this;
    }

    public Builder apiGatewayCloudWatchRole(boolean apiGatewayCloudWatchRole) {
      this.apiGatewayCloudWatchRole = apiGatewayCloudWatchRole;
      return this;
    }

    public Builder createOutputs(boolean createOutputs) {
      this.createOutputs = createOutputs;
      return this;
    }

    public SocketIoLambdaProps build() {
      if (appClass == null || appClass.isBlank()) {
        throw new IllegalArgumentException("appClass is required: the SocketIoApp class the functions load "
            + "(e.g. dev.socketiolambda.functions.apps.DemoApp)");
      }
      if (stageName == null || !STAGE.matcher(stageName).matches()) {
        throw new IllegalArgumentException("stageName must be 1..128 letters, digits, '-' or '_', was '"
            + stageName + "'");
      }
      if (memorySize < 128 || memorySize > 10_240) {
        throw new IllegalArgumentException("memorySize must be 128..10240 MB, was " + memorySize);
      }
      Objects.requireNonNull(architecture, "architecture");
      Objects.requireNonNull(removalPolicy, "removalPolicy");
      Objects.requireNonNull(logRetention, "logRetention");
      if (throttleRateLimit < 1 || throttleBurstLimit < 1) {
        throw new IllegalArgumentException("throttle limits must be positive, were rate=" + throttleRateLimit
            + ", burst=" + throttleBurstLimit);
      }
      EngineConfig d = EngineConfig.DEFAULT;
      EngineConfig engine; // the runtime's own validation (the same rules as the open packet)
      try {
        engine = new EngineConfig(
            pingIntervalMs != null ? pingIntervalMs : d.pingInterval(),
            pingTimeoutMs != null ? pingTimeoutMs : d.pingTimeout(),
            maxPayload != null ? maxPayload : d.maxPayload(),
            connectTimeoutMs != null ? connectTimeoutMs : d.connectTimeout(),
            d.defaultAckTimeout(),
            routeResponses != null ? routeResponses : d.routeResponses(),
            d.fanoutConcurrency(), d.postAttempts(), d.openRetryMs());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("invalid Engine.IO settings: " + e.getMessage(), e);
      }
      Duration rate = heartbeatRate != null ? heartbeatRate : Duration.minutes(1);
      double rateMs = rate.toMilliseconds().doubleValue();
      if (rateMs < 60_000 || rateMs % 60_000 != 0) {
        throw new IllegalArgumentException("heartbeatRate must be whole minutes (EventBridge's smallest rate is "
            + "1 minute), was " + rate.toHumanString());
      }
      if (engine.pingTimeout() <= rateMs) {
        throw new IllegalArgumentException("pingTimeoutMs (" + engine.pingTimeout() + ") must exceed the heartbeat "
            + "rate (" + (long) rateMs + " ms): pings go out on the schedule, and a client closes the connection "
            + "pingInterval + pingTimeout after the last ping it saw");
      }
      if (engine.pingInterval() + rateMs >= 600_000) {
        throw new IllegalArgumentException("pingIntervalMs (" + engine.pingInterval() + ") plus the heartbeat rate ("
            + (long) rateMs + " ms) must stay below API Gateway's 10 minute idle timeout, or idle connections "
            + "are closed between pings");
      }
      this.heartbeatRate = rate;
      return new SocketIoLambdaProps(this, engine);
    }
  }
}
