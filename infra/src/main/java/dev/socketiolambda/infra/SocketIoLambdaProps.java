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
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sns.ITopic;

/**
 * Settings of a {@link SocketIoLambda}. Only {@code appClass} is required; everything else has a
 * default suited to a first production deployment in a fresh account (retained data, SnapStart,
 * arm64, 1,024 MB, stage logs with the account's API Gateway logging role set). Each getter names
 * its default; the builder validates everything at {@link Builder#build()}.
 */
public final class SocketIoLambdaProps {
  /** Memory of the Java functions when none is given. See {@link SocketIoLambda} for how it was chosen. */
  public static final int DEFAULT_MEMORY_MB = 1024;
  /** The stage name when none is given. */
  public static final String DEFAULT_STAGE = "prod";
  /** API Gateway's largest WebSocket message (128 KB): the default and the ceiling of {@link #engine()}'s maxPayload. */
  public static final long API_GATEWAY_MAX_MESSAGE_BYTES = 128 * 1024;
  /** The stage's steady request rate per second when none is given. */
  public static final int DEFAULT_THROTTLE_RATE = 500;
  /** The stage's burst (token bucket size) when none is given: twice the rate. */
  public static final int DEFAULT_THROTTLE_BURST = 1000;
  /** Errors (or throttles) of one function per 5 minutes, in 2 of 3 periods, that set off its alarm, by default. */
  public static final int DEFAULT_ALARM_THRESHOLD = 5;
  /** The {@code $connect} authorizer's identity source when none is given: the {@code token} query parameter. */
  public static final List<String> DEFAULT_AUTHORIZER_IDENTITY_SOURCE =
      List.of(SocketIoLambda.AUTHORIZER_IDENTITY_SOURCE);

  private static final Pattern STAGE = Pattern.compile("[A-Za-z0-9_-]{1,128}");
  private static final Pattern OUTPUT_PREFIX = Pattern.compile("[A-Za-z0-9]{0,64}");
  private static final List<String> ROUTE_KEYS = List.of("$connect", "$disconnect", "$default");

  private final Builder b;
  private final EngineConfig engine;

  private SocketIoLambdaProps(Builder b, EngineConfig engine) {
    this.b = b.copy();
    this.engine = engine;
  }

  /** A builder with every default. */
  public static Builder builder() {
    return new Builder();
  }

  /** Required: the {@code SocketIoApp} class the functions load ({@code SOCKETIO_APP}). */
  public String appClass() {
    return b.appClass.trim();
  }

  /**
   * The code of every function (a jar with the runtime and your application). Default: the minimized
   * runtime artifact ({@link FunctionsArtifact#locate(FunctionsArtifact.Role)} of
   * {@link FunctionsArtifact.Role#MIN}: the {@code lambda-min} jar next to the runtime on the class
   * path, or this repository's build), with only what the functions use.
   */
  public Code code() {
    return b.code;
  }

  /** The API Gateway stage; clients pass {@code path: "/<stage>"} against the execute-api URL. Default {@value #DEFAULT_STAGE}. */
  public String stageName() {
    return b.stageName;
  }

  /** The API's name. Default null: CDK names it after the construct path. */
  public String apiName() {
    return b.apiName;
  }

  /** MB of every function unless {@link #functionOptions()} says otherwise. Default {@value #DEFAULT_MEMORY_MB}. */
  public int memorySize() {
    return b.memorySize;
  }

  /** Processor architecture of the functions. Default {@code ARM_64}. */
  public Architecture architecture() {
    return b.architecture;
  }

  /** SnapStart on published versions. Default true; every trigger targets the alias {@value SocketIoLambda#ALIAS_NAME}. */
  public boolean snapStart() {
    return b.snapStart;
  }

  /**
   * Engine.IO settings every function gets: ping interval (default 240,000 ms) and timeout (default
   * 120,000 ms), max payload (default and ceiling {@value #API_GATEWAY_MAX_MESSAGE_BYTES} bytes,
   * API Gateway's message limit), connect timeout and route responses (the runtime's defaults).
   */
  public EngineConfig engine() {
    return engine;
  }

  /** How often the heartbeat runs: whole minutes. Default 1 minute. */
  public Duration heartbeatRate() {
    return b.heartbeatRate;
  }

  /** Extra environment variables for every function (they win over the construct's own). Default none. */
  public Map<String, String> environment() {
    return Map.copyOf(b.environment);
  }

  /** Lambda REQUEST authorizer on {@code $connect}. Default none (clients authenticate in the namespace CONNECT). */
  public IFunction authorizer() {
    return b.authorizer;
  }

  /** Identity source of the authorizer; a request without it is refused with 401. Default {@code route.request.querystring.token}. */
  public List<String> authorizerIdentitySource() {
    return List.copyOf(b.authorizerIdentitySource);
  }

  /** A custom domain (new or existing) and optionally its Route 53 record. Default none. */
  public CustomDomain customDomain() {
    return b.customDomain;
  }

  /**
   * Engine.IO long-polling and the one URL. Default true: a {@code Polling} function
   * ({@code PollingHandler}) behind an API Gateway HTTP API ({@code GET}, {@code POST} and
   * {@code OPTIONS} on {@value OneUrl#ENGINE_IO_PATH}), and a CloudFront distribution in front of
   * both APIs whose viewer-request function sends {@code transport=websocket} to the WebSocket stage
   * and everything else to the HTTP API, so {@code io("https://<distribution>")} works with
   * socket.io-client's default options (polling first, then the upgrade). Off: the WebSocket API
   * alone, as before ({@code transports: ["websocket"]}, {@code path: "/<stage>"}). See {@link OneUrl}.
   */
  public boolean polling() {
    return b.polling;
  }

  /**
   * Origins allowed to poll from another origin, with credentials ({@code SOCKETIO_CORS_ORIGINS} of
   * the polling function; {@code *} allows any). Default none: only pages served from the one URL's
   * own origin may poll, as socket.io without its {@code cors} option. WebSocket connections are not
   * subject to CORS.
   */
  public List<String> corsOrigins() {
    return List.copyOf(b.corsOrigins);
  }

  /**
   * A custom domain for the one URL (the CloudFront distribution): its {@code domainName},
   * {@code certificate} (ACM, in {@code us-east-1}, as CloudFront requires) and optional
   * {@code hostedZone} for an alias record; the API mapping key does not apply (CloudFront passes
   * the path through, so clients keep the default {@code /socket.io/}). Needs {@link #polling()}.
   * Default none: the distribution's {@code *.cloudfront.net} name.
   */
  public CustomDomain urlDomain() {
    return b.urlDomain;
  }

  /** Stream functions for domain tables, one per table. Default none. */
  public List<DomainStream> domainStreams() {
    return List.copyOf(b.domainStreams);
  }

  /**
   * What happens to the state table, the log groups and the queues when they leave the stack:
   * {@code RETAIN} (default) or {@code DESTROY}. {@code SNAPSHOT} is refused: CloudFormation cannot
   * snapshot any of them.
   */
  public RemovalPolicy removalPolicy() {
    return b.removalPolicy;
  }

  /**
   * An existing state table to use instead of creating one. It must have the schema of
   * {@code TableDefinitions.stateTable} ({@code pk}/{@code sk}, GSI {@code due}, TTL on {@code ttl}).
   * Default null: the construct creates it.
   */
  public ITable table() {
    return b.table;
  }

  /** Physical name of the created state table. Default null: CloudFormation names it (several stacks per account). */
  public String tableName() {
    return b.tableName;
  }

  /** Customer managed KMS key of the created state table. Default null: DynamoDB's AWS owned key. */
  public IKey tableEncryptionKey() {
    return b.tableEncryptionKey;
  }

  /** Point-in-time recovery of the created state table. Default true. */
  public boolean pointInTimeRecovery() {
    return b.pointInTimeRecovery;
  }

  /** Customer managed KMS key of the fan-out queue and every dead-letter queue. Default null: SSE-SQS. */
  public IKey queueEncryptionKey() {
    return b.queueEncryptionKey;
  }

  /** Where alarms notify. Default null: the alarms exist without actions. */
  public ITopic alarmTopic() {
    return b.alarmTopic;
  }

  /**
   * Errors (and, separately, throttles) of one function in 5 minutes that count as a bad period;
   * the alarm goes off after 2 bad periods out of 3, so one failed event does not page. Default
   * {@value #DEFAULT_ALARM_THRESHOLD}. Dead-letter queue alarms go off on the first message (lost data).
   */
  public int alarmThreshold() {
    return b.alarmThreshold;
  }

  /** Retention of the log groups the construct creates. Default one month. */
  public RetentionDays logRetention() {
    return b.logRetention;
  }

  /** An existing log group for the stage's access logs. Default null: a new one ({@link #logRetention()}). */
  public ILogGroup accessLogGroup() {
    return b.accessLogGroup;
  }

  /** Stage logging and the account's API Gateway logging role. Default {@link StageLogging#LOGS_WITH_ACCOUNT_ROLE}. */
  public StageLogging stageLogging() {
    return b.stageLogging;
  }

  /** Whether the construct sets API Gateway's account-wide CloudWatch Logs role (see {@link #stageLogging()}). */
  public boolean apiGatewayCloudWatchRole() {
    return b.stageLogging == StageLogging.LOGS_WITH_ACCOUNT_ROLE;
  }

  /** Steady requests per second of the stage. Default {@value #DEFAULT_THROTTLE_RATE}. */
  public int throttleRateLimit() {
    return b.throttleRateLimit;
  }

  /** Burst of the stage, at least the rate. Default {@value #DEFAULT_THROTTLE_BURST}. */
  public int throttleBurstLimit() {
    return b.throttleBurstLimit;
  }

  /** Throttles of single routes ({@code $connect}, {@code $disconnect}, {@code $default}). Default none: the stage's. */
  public Map<String, ThrottleSettings> routeThrottles() {
    return Map.copyOf(b.routeThrottles);
  }

  /** X-Ray tracing of the functions. Default {@code DISABLED}. */
  public Tracing tracing() {
    return b.tracing;
  }

  /**
   * A VPC for the functions. Default null: no VPC. In a VPC the functions need a way to DynamoDB,
   * SQS and {@code execute-api} (NAT or VPC endpoints).
   */
  public IVpc vpc() {
    return b.vpc;
  }

  /** Subnets of the functions in {@link #vpc()}. Default null: CDK's choice (private subnets). */
  public SubnetSelection vpcSubnets() {
    return b.vpcSubnets;
  }

  /** Security groups of the functions in {@link #vpc()}. Default empty: CDK creates one per function. */
  public List<ISecurityGroup> securityGroups() {
    return List.copyOf(b.securityGroups);
  }

  /** Memory, timeout, reserved concurrency and log group per function name. Default none. */
  public Map<String, FunctionOptions> functionOptions() {
    return Map.copyOf(b.functionOptions);
  }

  /** Tags on every resource of the construct. Default none. */
  public Map<String, String> tags() {
    return Map.copyOf(b.tags);
  }

  /** Whether the construct adds its CloudFormation outputs. Default true. */
  public boolean createOutputs() {
    return b.createOutputs;
  }

  /**
   * Prefix of the output keys ({@code <prefix>WebSocketUrl}, ...), for two constructs in one stack.
   * Default empty: the keys are exactly those the README lists.
   */
  public String outputPrefix() {
    return b.outputPrefix;
  }

  /** Whether outputs are exported as {@code <stackName>-<outputKey>}. Default true. */
  public boolean exportOutputs() {
    return b.exportOutputs;
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
    private Map<String, String> environment = new LinkedHashMap<>();
    private IFunction authorizer;
    private List<String> authorizerIdentitySource = DEFAULT_AUTHORIZER_IDENTITY_SOURCE;
    private CustomDomain customDomain;
    private boolean polling = true;
    private List<String> corsOrigins = new ArrayList<>();
    private CustomDomain urlDomain;
    private List<DomainStream> domainStreams = new ArrayList<>();
    private RemovalPolicy removalPolicy = RemovalPolicy.RETAIN;
    private ITable table;
    private String tableName;
    private IKey tableEncryptionKey;
    private boolean pointInTimeRecovery = true;
    private IKey queueEncryptionKey;
    private ITopic alarmTopic;
    private int alarmThreshold = DEFAULT_ALARM_THRESHOLD;
    private RetentionDays logRetention = RetentionDays.ONE_MONTH;
    private ILogGroup accessLogGroup;
    private StageLogging stageLogging = StageLogging.LOGS_WITH_ACCOUNT_ROLE;
    private int throttleRateLimit = DEFAULT_THROTTLE_RATE;
    private int throttleBurstLimit = DEFAULT_THROTTLE_BURST;
    private Map<String, ThrottleSettings> routeThrottles = new LinkedHashMap<>();
    private Tracing tracing = Tracing.DISABLED;
    private IVpc vpc;
    private SubnetSelection vpcSubnets;
    private List<ISecurityGroup> securityGroups = new ArrayList<>();
    private Map<String, FunctionOptions> functionOptions = new LinkedHashMap<>();
    private Map<String, String> tags = new LinkedHashMap<>();
    private boolean createOutputs = true;
    private String outputPrefix = "";
    private boolean exportOutputs = true;

    private Builder() {}

    private Builder copy() {
      Builder c = new Builder();
      for (java.lang.reflect.Field f : Builder.class.getDeclaredFields()) {
        try {
          Object v = f.get(this);
          if (v instanceof Map<?, ?> m) {
            v = new LinkedHashMap<>(m);
          } else if (v instanceof List<?> l) {
            v = new ArrayList<>(l);
          }
          f.set(c, v);
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
      return c;
    }

    /** See {@link SocketIoLambdaProps#appClass()}. */
    public Builder appClass(String appClass) {
      this.appClass = appClass;
      return this;
    }

    /** See {@link SocketIoLambdaProps#code()}. */
    public Builder code(Code code) {
      this.code = code;
      return this;
    }

    /** See {@link SocketIoLambdaProps#stageName()}. */
    public Builder stageName(String stageName) {
      this.stageName = stageName;
      return this;
    }

    /** See {@link SocketIoLambdaProps#apiName()}. */
    public Builder apiName(String apiName) {
      this.apiName = apiName;
      return this;
    }

    /** See {@link SocketIoLambdaProps#memorySize()}. */
    public Builder memorySize(int memorySize) {
      this.memorySize = memorySize;
      return this;
    }

    /** See {@link SocketIoLambdaProps#architecture()}. */
    public Builder architecture(Architecture architecture) {
      this.architecture = architecture;
      return this;
    }

    /** See {@link SocketIoLambdaProps#snapStart()}. */
    public Builder snapStart(boolean snapStart) {
      this.snapStart = snapStart;
      return this;
    }

    /** Engine.IO ping interval in ms. Default 240,000 (the runtime's). See {@link SocketIoLambdaProps#engine()}. */
    public Builder pingIntervalMs(long pingIntervalMs) {
      this.pingIntervalMs = pingIntervalMs;
      return this;
    }

    /** Engine.IO ping timeout in ms, more than the heartbeat rate. Default 120,000 (the runtime's). */
    public Builder pingTimeoutMs(long pingTimeoutMs) {
      this.pingTimeoutMs = pingTimeoutMs;
      return this;
    }

    /** Largest packet clients may send, in bytes, at most {@value SocketIoLambdaProps#API_GATEWAY_MAX_MESSAGE_BYTES} (the default). */
    public Builder maxPayload(long maxPayload) {
      this.maxPayload = maxPayload;
      return this;
    }

    /** Time a client has for its namespace CONNECT, in ms. Default: the runtime's. */
    public Builder connectTimeoutMs(long connectTimeoutMs) {
      this.connectTimeoutMs = connectTimeoutMs;
      return this;
    }

    /**
     * Whether replies travel in the {@code $default} route response (a two-way route). Default: the
     * runtime's (false): replies are posted, so no billed noop {@code 6} answers each pong and each
     * frame that needs no reply (7-20 points of overhead in docs/cost.md), for one PostToConnection per
     * reply, which shares the account's management API rate with every broadcast.
     */
    public Builder routeResponses(boolean routeResponses) {
      this.routeResponses = routeResponses;
      return this;
    }

    /** See {@link SocketIoLambdaProps#heartbeatRate()}. */
    public Builder heartbeatRate(Duration heartbeatRate) {
      this.heartbeatRate = heartbeatRate;
      return this;
    }

    /** Adds to {@link SocketIoLambdaProps#environment()}. */
    public Builder environment(Map<String, String> environment) {
      this.environment.putAll(environment);
      return this;
    }

    /** See {@link SocketIoLambdaProps#authorizer()}. */
    public Builder authorizer(IFunction authorizer) {
      this.authorizer = authorizer;
      return this;
    }

    /** See {@link SocketIoLambdaProps#authorizerIdentitySource()}, e.g. {@code route.request.header.Authorization}. */
    public Builder authorizerIdentitySource(List<String> identitySource) {
      this.authorizerIdentitySource = List.copyOf(identitySource);
      return this;
    }

    /** See {@link SocketIoLambdaProps#customDomain()}. */
    public Builder customDomain(CustomDomain customDomain) {
      this.customDomain = customDomain;
      return this;
    }

    /** Adds one of {@link SocketIoLambdaProps#domainStreams()}. */
    public Builder domainStream(DomainStream domainStream) {
      this.domainStreams.add(Objects.requireNonNull(domainStream, "domainStream"));
      return this;
    }

    /** Adds to {@link SocketIoLambdaProps#domainStreams()}. */
    public Builder domainStreams(List<DomainStream> domainStreams) {
      domainStreams.forEach(this::domainStream);
      return this;
    }

    /** See {@link SocketIoLambdaProps#removalPolicy()}. */
    public Builder removalPolicy(RemovalPolicy removalPolicy) {
      this.removalPolicy = removalPolicy;
      return this;
    }

    /** See {@link SocketIoLambdaProps#table()}. */
    public Builder table(ITable table) {
      this.table = table;
      return this;
    }

    /** See {@link SocketIoLambdaProps#tableName()}. */
    public Builder tableName(String tableName) {
      this.tableName = tableName;
      return this;
    }

    /** See {@link SocketIoLambdaProps#tableEncryptionKey()}. */
    public Builder tableEncryptionKey(IKey key) {
      this.tableEncryptionKey = key;
      return this;
    }

    /** See {@link SocketIoLambdaProps#pointInTimeRecovery()}. */
    public Builder pointInTimeRecovery(boolean pointInTimeRecovery) {
      this.pointInTimeRecovery = pointInTimeRecovery;
      return this;
    }

    /** See {@link SocketIoLambdaProps#queueEncryptionKey()}. */
    public Builder queueEncryptionKey(IKey key) {
      this.queueEncryptionKey = key;
      return this;
    }

    /** See {@link SocketIoLambdaProps#alarmTopic()}. */
    public Builder alarmTopic(ITopic alarmTopic) {
      this.alarmTopic = alarmTopic;
      return this;
    }

    /** See {@link SocketIoLambdaProps#alarmThreshold()}. */
    public Builder alarmThreshold(int alarmThreshold) {
      this.alarmThreshold = alarmThreshold;
      return this;
    }

    /** See {@link SocketIoLambdaProps#logRetention()}. */
    public Builder logRetention(RetentionDays logRetention) {
      this.logRetention = logRetention;
      return this;
    }

    /** See {@link SocketIoLambdaProps#accessLogGroup()}. */
    public Builder accessLogGroup(ILogGroup accessLogGroup) {
      this.accessLogGroup = accessLogGroup;
      return this;
    }

    /** See {@link SocketIoLambdaProps#stageLogging()}. */
    public Builder stageLogging(StageLogging stageLogging) {
      this.stageLogging = stageLogging;
      return this;
    }

    /**
     * True: {@link StageLogging#LOGS_WITH_ACCOUNT_ROLE} (the default); false:
     * {@link StageLogging#LOGS_ACCOUNT_ROLE_EXISTS}.
     */
    public Builder apiGatewayCloudWatchRole(boolean apiGatewayCloudWatchRole) {
      this.stageLogging = apiGatewayCloudWatchRole ? StageLogging.LOGS_WITH_ACCOUNT_ROLE
          : StageLogging.LOGS_ACCOUNT_ROLE_EXISTS;
      return this;
    }

    /** The stage's throttle: steady rate and burst (at least the rate). Default {@value SocketIoLambdaProps#DEFAULT_THROTTLE_RATE}/{@value SocketIoLambdaProps#DEFAULT_THROTTLE_BURST}. */
    public Builder throttle(int rateLimit, int burstLimit) {
      this.throttleRateLimit = rateLimit;
      this.throttleBurstLimit = burstLimit;
      return this;
    }

    /** A throttle for one route, e.g. a tighter {@code $connect}. See {@link SocketIoLambdaProps#routeThrottles()}. */
    public Builder routeThrottle(String routeKey, int rateLimit, int burstLimit) {
      this.routeThrottles.put(routeKey, ThrottleSettings.builder().rateLimit(rateLimit).burstLimit(burstLimit).build());
      return this;
    }

    /** See {@link SocketIoLambdaProps#tracing()}. */
    public Builder tracing(Tracing tracing) {
      this.tracing = tracing;
      return this;
    }

    /** See {@link SocketIoLambdaProps#vpc()}. */
    public Builder vpc(IVpc vpc) {
      this.vpc = vpc;
      return this;
    }

    /** See {@link SocketIoLambdaProps#vpcSubnets()}. */
    public Builder vpcSubnets(SubnetSelection vpcSubnets) {
      this.vpcSubnets = vpcSubnets;
      return this;
    }

    /** See {@link SocketIoLambdaProps#securityGroups()}. */
    public Builder securityGroups(List<ISecurityGroup> securityGroups) {
      this.securityGroups = new ArrayList<>(securityGroups);
      return this;
    }

    /** Settings of one function by name (see {@link FunctionOptions}); names are checked when the construct is built. */
    public Builder function(String name, FunctionOptions options) {
      this.functionOptions.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(options, "options"));
      return this;
    }

    /** Adds to {@link SocketIoLambdaProps#tags()}. */
    public Builder tags(Map<String, String> tags) {
      this.tags.putAll(tags);
      return this;
    }

    /** See {@link SocketIoLambdaProps#polling()}. */
    public Builder polling(boolean polling) {
      this.polling = polling;
      return this;
    }

    /** See {@link SocketIoLambdaProps#corsOrigins()}. */
    public Builder corsOrigins(List<String> corsOrigins) {
      this.corsOrigins = new ArrayList<>(Objects.requireNonNull(corsOrigins, "corsOrigins"));
      return this;
    }

    /** See {@link SocketIoLambdaProps#urlDomain()}. */
    public Builder urlDomain(CustomDomain urlDomain) {
      this.urlDomain = urlDomain;
      return this;
    }

    /** See {@link SocketIoLambdaProps#createOutputs()}. */
    public Builder createOutputs(boolean createOutputs) {
      this.createOutputs = createOutputs;
      return this;
    }

    /** See {@link SocketIoLambdaProps#outputPrefix()}. */
    public Builder outputPrefix(String outputPrefix) {
      this.outputPrefix = outputPrefix;
      return this;
    }

    /** See {@link SocketIoLambdaProps#exportOutputs()}. */
    public Builder exportOutputs(boolean exportOutputs) {
      this.exportOutputs = exportOutputs;
      return this;
    }

    /** Validates and builds the props; an invalid setting fails with a message that says why. */
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
      Objects.requireNonNull(stageLogging, "stageLogging");
      Objects.requireNonNull(tracing, "tracing");
      if (removalPolicy == RemovalPolicy.SNAPSHOT) {
        throw new IllegalArgumentException("removalPolicy SNAPSHOT is not supported: CloudFormation cannot snapshot "
            + "DynamoDB tables, log groups or SQS queues (the construct's resources); use RETAIN to keep them "
            + "(and point-in-time recovery, on by default, for the table's backups)");
      }
      if (table != null && (tableName != null || tableEncryptionKey != null)) {
        throw new IllegalArgumentException("table is an existing state table: tableName and tableEncryptionKey "
            + "apply only to the table the construct creates");
      }
      if (vpc == null && (vpcSubnets != null || !securityGroups.isEmpty())) {
        throw new IllegalArgumentException("vpcSubnets and securityGroups need a vpc");
      }
      if (authorizerIdentitySource.isEmpty()) {
        throw new IllegalArgumentException("authorizerIdentitySource must name at least one source, e.g. "
            + DEFAULT_AUTHORIZER_IDENTITY_SOURCE);
      }
      if (alarmThreshold < 1) {
        throw new IllegalArgumentException("alarmThreshold must be positive, was " + alarmThreshold);
      }
      if (outputPrefix == null || !OUTPUT_PREFIX.matcher(outputPrefix).matches()) {
        throw new IllegalArgumentException("outputPrefix must be letters and digits (an output key), was '"
            + outputPrefix + "'");
      }
      checkOneUrl();
      checkThrottle("stage", throttleRateLimit, throttleBurstLimit);
      routeThrottles.forEach((key, t) -> {
        if (!ROUTE_KEYS.contains(key)) {
          throw new IllegalArgumentException("routeThrottle: unknown route '" + key + "', the routes are " + ROUTE_KEYS);
        }
        checkThrottle("route " + key, t.getRateLimit().intValue(), t.getBurstLimit().intValue());
      });
      EngineConfig engine = engine();
      Duration rate = heartbeatRate != null ? heartbeatRate : Duration.minutes(1);
      checkHeartbeat(engine, rate);
      this.heartbeatRate = rate;
      return new SocketIoLambdaProps(this, engine);
    }

    private void checkOneUrl() {
      if (!polling && (urlDomain != null || !corsOrigins.isEmpty())) {
        throw new IllegalArgumentException("urlDomain and corsOrigins need polling(true): they belong to the "
            + "CloudFront distribution and the polling function");
      }
      for (String origin : corsOrigins) {
        if (origin == null || origin.isBlank() || origin.contains(",")
            || !(origin.equals("*") || origin.matches("https?://[^/\\s]+"))) {
          throw new IllegalArgumentException("corsOrigins: each is '*' or an origin such as https://app.example.com "
              + "(scheme and host, no path, no comma), was '" + origin + "'");
        }
      }
      if (urlDomain != null) {
        if (urlDomain.existing() != null) {
          throw new IllegalArgumentException("urlDomain " + urlDomain.domainName() + ": CloudFront needs an ACM "
              + "certificate (in us-east-1), not an existing API Gateway domain name");
        }
        if (customDomain != null && customDomain.domainName().equalsIgnoreCase(urlDomain.domainName())) {
          throw new IllegalArgumentException("urlDomain and customDomain are both " + urlDomain.domainName()
              + ": one host name cannot point at both CloudFront and the WebSocket API's domain name");
        }
      }
    }

    private static void checkThrottle(String what, int rate, int burst) {
      if (rate < 1 || burst < 1) {
        throw new IllegalArgumentException(what + " throttle limits must be positive, were rate=" + rate
            + ", burst=" + burst);
      }
      if (burst < rate) {
        throw new IllegalArgumentException(what + " throttle: burst (" + burst + ") must be at least the rate ("
            + rate + " per second): the burst is the bucket a second's requests are taken from");
      }
    }

    private EngineConfig engine() {
      EngineConfig d = EngineConfig.DEFAULT;
      long payload = maxPayload != null ? maxPayload : Math.min(d.maxPayload(), API_GATEWAY_MAX_MESSAGE_BYTES);
      if (payload > API_GATEWAY_MAX_MESSAGE_BYTES) {
        throw new IllegalArgumentException("maxPayload (" + payload + ") must not exceed API Gateway's WebSocket "
            + "message limit of " + API_GATEWAY_MAX_MESSAGE_BYTES + " bytes (128 KB): clients would be told they "
            + "may send packets API Gateway refuses");
      }
      try { // the runtime's own validation (the same rules as the open packet)
        return new EngineConfig(
            pingIntervalMs != null ? pingIntervalMs : d.pingInterval(),
            pingTimeoutMs != null ? pingTimeoutMs : d.pingTimeout(),
            payload,
            connectTimeoutMs != null ? connectTimeoutMs : d.connectTimeout(),
            d.defaultAckTimeout(),
            routeResponses != null ? routeResponses : d.routeResponses(),
            d.fanoutConcurrency(), d.postAttempts(), d.openRetryMs());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("invalid Engine.IO settings: " + e.getMessage(), e);
      }
    }

    private static void checkHeartbeat(EngineConfig engine, Duration rate) {
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
    }
  }
}
