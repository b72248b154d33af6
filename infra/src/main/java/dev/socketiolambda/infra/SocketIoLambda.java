package dev.socketiolambda.infra;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.socketiolambda.functions.handler.ConnectHandler;
import dev.socketiolambda.functions.handler.DefaultHandler;
import dev.socketiolambda.functions.handler.DisconnectHandler;
import dev.socketiolambda.functions.handler.FanOutHandler;
import dev.socketiolambda.functions.handler.HeartbeatHandler;
import dev.socketiolambda.functions.handler.OpenHandler;
import dev.socketiolambda.functions.polling.PollingHandler;
import dev.socketiolambda.functions.server.EngineConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.WebSocketLambdaAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.WebSocketLambdaAuthorizerProps;
import software.amazon.awscdk.aws_apigatewayv2_integrations.WebSocketLambdaIntegration;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.CfnAccount;
import software.amazon.awscdk.services.apigatewayv2.ApiMapping;
import software.amazon.awscdk.services.apigatewayv2.CfnStage;
import software.amazon.awscdk.services.apigatewayv2.DomainName;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogDestination;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogSettings;
import software.amazon.awscdk.services.apigatewayv2.IDomainName;
import software.amazon.awscdk.services.apigatewayv2.LogGroupLogDestination;
import software.amazon.awscdk.services.apigatewayv2.SecurityPolicy;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.apigatewayv2.WebSocketApi;
import software.amazon.awscdk.services.apigatewayv2.WebSocketRoute;
import software.amazon.awscdk.services.apigatewayv2.WebSocketRouteOptions;
import software.amazon.awscdk.services.apigatewayv2.WebSocketStage;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.CreateAlarmOptions;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.events.targets.LambdaFunctionProps;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.VersionOptions;
import software.amazon.awscdk.services.lambda.eventsources.DynamoEventSource;
import software.amazon.awscdk.services.lambda.eventsources.DynamoEventSourceProps;
import software.amazon.awscdk.services.lambda.eventsources.SqsDlq;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSourceProps;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.route53.ARecord;
import software.amazon.awscdk.services.route53.RecordTarget;
import software.amazon.awscdk.services.route53.targets.ApiGatewayv2DomainProperties;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * Deploys a socketio-lambda application: an API Gateway WebSocket API ({@code $connect},
 * {@code $disconnect}, and {@code $default} as a two-way route whose route response carries the
 * reply frame), the six runtime functions (the sixth, FanOut, delivers shards of large broadcasts from an
 * SQS queue), the DynamoDB state table declared from
 * {@link dev.socketiolambda.functions.store.TableDefinitions}, the heartbeat schedule, optional
 * stream functions for domain tables, least-privilege IAM, alarms, a dashboard and outputs; and,
 * unless {@link SocketIoLambdaProps#polling()} is off, Engine.IO long-polling (a seventh function,
 * {@code Polling}, behind an HTTP API) with one URL for both transports: a CloudFront distribution
 * in front of both APIs ({@link OneUrl}).
 *
 * <p>Functions: Java 21 on arm64 with SnapStart on published versions. Every trigger (routes,
 * async open invoke, schedule, stream sources) targets the alias {@value #ALIAS_NAME}, never
 * {@code $LATEST}, because SnapStart only applies to published versions.
 *
 * <p><b>Memory.</b> The default of {@value SocketIoLambdaProps#DEFAULT_MEMORY_MB} MB was measured only
 * off Lambda: with the CPU Lambda gives each size (1,769 MB = one vCPU, emulated by a CPU quota;
 * docs/performance.md, "Memory size"), a {@code $default} event takes about 2 ms of CPU, and back to
 * back the events take 1.7-1.9x as long at 512 MB as at 1,024 MB, so 512 MB saves only 5-16 % of the
 * GB-seconds of a busy function for nearly twice the latency (and twice the cold start without
 * SnapStart). Neither the restore latency nor DynamoDB's real latency could be measured (no AWS
 * account). Measure the {@code $default} function under your traffic (for example with AWS Lambda
 * Power Tuning) and set {@link SocketIoLambdaProps.Builder#memorySize(int)} from what you see.
 *
 * <p><b>Authorization.</b> The optional authorizer runs on {@code $connect} with, by default, the
 * {@code token} query parameter as identity source ({@code io(url, { query: { token } })}); a missing token is
 * refused with 401 without invoking it. Socket.IO's own {@code auth} payload is checked later, in the
 * namespace CONNECT, by the application's middlewares.
 */
public class SocketIoLambda extends Construct {
  /** The alias every trigger invokes. */
  public static final String ALIAS_NAME = "live";
  /** Default identity source of the optional {@code $connect} authorizer. */
  public static final String AUTHORIZER_IDENTITY_SOURCE = "route.request.querystring.token";
  /** Format of the stage's access log lines (JSON, one per connect, message and disconnect). */
  public static final String ACCESS_LOG_FORMAT = "{\"requestId\":\"$context.requestId\","
      + "\"connectionId\":\"$context.connectionId\",\"eventType\":\"$context.eventType\","
      + "\"routeKey\":\"$context.routeKey\",\"status\":\"$context.status\","
      + "\"requestTimeEpoch\":\"$context.requestTimeEpoch\",\"sourceIp\":\"$context.identity.sourceIp\","
      + "\"integrationLatency\":\"$context.integrationLatency\","
      + "\"integrationStatus\":\"$context.integrationStatus\",\"error\":\"$context.error.message\","
      + "\"authorizerError\":\"$context.authorizer.error\"}";

  /** The @connections methods the runtime calls: POST (send a frame) and DELETE (close); never GET. */
  private static final String[] MANAGEMENT_METHODS = {"POST", "DELETE"};
  /** Timeout of the fan-out function; the shard queue's visibility timeout is six times this (AWS's advice). */
  static final int FAN_OUT_TIMEOUT_SECONDS = 60;
  /** Receives of a fan-out shard before it moves to the fan-out DLQ. */
  static final int FAN_OUT_MAX_RECEIVES = 3;
  /** Shards (SQS messages) per fan-out invocation. */
  static final int FAN_OUT_BATCH_SIZE = 5;

  private final SocketIoLambdaProps props;
  private Code runtimeCode;
  private final ITable table;
  private final WebSocketApi api;
  private final String managementEndpoint;
  private final Map<String, String> env;
  private final Map<String, String> broadcastEnv;
  private final Map<String, SocketFunction> functions = new LinkedHashMap<>();
  private final Map<String, Queue> deadLetterQueues = new LinkedHashMap<>();
  private final Queue fanOutDeadLetterQueue;
  private final Queue fanOutQueue;
  private final List<WebSocketRoute> routes = new ArrayList<>();
  private final WebSocketStage stage;
  private final IDomainName domainName;
  private final OneUrl oneUrl;
  private final String clientSnippet;
  private final List<Alarm> alarms = new ArrayList<>();
  private final Dashboard dashboard;

  /**
   * One deployed function: the function, the alias every trigger must target (SnapStart applies
   * only to published versions; a trigger on the function itself runs {@code $LATEST} and is
   * reported at synth), its role and log group.
   */
  public record SocketFunction(Function function, Alias alias, Role role, ILogGroup logGroup) {}

  /** Builds every resource; see {@link SocketIoLambdaProps} for the settings and their defaults. */
  public SocketIoLambda(Construct scope, String id, SocketIoLambdaProps props) {
    super(scope, id);
    this.props = props;
    this.table = props.table() != null ? props.table() : StateTable.create(this, "StateTable",
        new StateTable.Options(props.tableName(), props.removalPolicy(), props.pointInTimeRecovery())
            .withEncryptionKey(props.tableEncryptionKey()));
    this.api = WebSocketApi.Builder.create(this, "Api")
        .apiName(props.apiName())
        .description("Socket.IO (" + props.appClass() + ") on AWS Lambda")
        .build();
    this.managementEndpoint = Fn.join("", List.of("https://", api.getApiId(), ".execute-api.", Aws.REGION, ".",
        Aws.URL_SUFFIX, "/", props.stageName()));
    this.env = runtimeEnvironment();
    // Large broadcasts are split into shards on this queue and delivered by the FanOut function.
    this.fanOutDeadLetterQueue = queue("FanOutDlq", Duration.days(14)).build();
    this.fanOutQueue = queue("FanOutQueue", Duration.hours(1)) // a broadcast an hour late is no use to anyone
        .visibilityTimeout(Duration.seconds(FAN_OUT_TIMEOUT_SECONDS * 6))
        .deadLetterQueue(DeadLetterQueue.builder().queue(fanOutDeadLetterQueue)
            .maxReceiveCount(FAN_OUT_MAX_RECEIVES).build())
        .build();
    // Functions that broadcast (they run application handlers) may hand shards to the queue.
    this.broadcastEnv = new LinkedHashMap<>(env);
    broadcastEnv.put("SOCKETIO_FANOUT_QUEUE_URL", fanOutQueue.getQueueUrl());

    createFunctions();
    createRoutes();
    this.stage = createStage();
    createHeartbeatSchedule();
    props.domainStreams().forEach(this::domainStream);
    checkFunctionOptions();
    this.domainName = props.customDomain() != null ? customDomain(props.customDomain()) : null;
    this.oneUrl = props.polling() ? new OneUrl(this, functions.get(OneUrl.FUNCTION)) : null;
    this.clientSnippet = Fn.join("", List.of("io(\"", api.getApiEndpoint(), "\", { path: \"/", props.stageName(),
        "\", transports: [\"websocket\"] })"));
    createAlarms();
    this.dashboard = createDashboard();
    if (props.createOutputs()) {
      SocketIoOutputs.create(this);
    }
    props.tags().forEach((key, value) -> Tags.of(this).add(key, value));
    SnapStartGuard.watch(this);
    Suppressions.apply(this);
  }

  // ------------------------------------------------------------------ functions

  private Map<String, String> runtimeEnvironment() {
    EngineConfig e = props.engine();
    Map<String, String> out = new LinkedHashMap<>();
    out.put("SOCKETIO_APP", props.appClass());
    out.put("SOCKETIO_TABLE", table.getTableName());
    out.put("SOCKETIO_MANAGEMENT_ENDPOINT", managementEndpoint);
    out.put("SOCKETIO_PING_INTERVAL_MS", Long.toString(e.pingInterval()));
    out.put("SOCKETIO_PING_TIMEOUT_MS", Long.toString(e.pingTimeout()));
    out.put("SOCKETIO_MAX_PAYLOAD", Long.toString(e.maxPayload()));
    out.put("SOCKETIO_CONNECT_TIMEOUT_MS", Long.toString(e.connectTimeout()));
    out.put("SOCKETIO_ROUTE_RESPONSES", Boolean.toString(e.routeResponses()));
    out.put("SOCKETIO_SERVICE", api.getApiId()); // the dimension of the runtime's metrics (RuntimeMetrics)
    out.putAll(props.environment());
    return out;
  }

  private void createFunctions() {
    // The open step first: $connect needs its alias ARN. Asynchronous targets get no retries.
    SocketFunction open = socketFunction("Open", OpenHandler.class, "Engine.IO open packet (async, after $connect)",
        Duration.seconds(15), env, true);
    grantManagement(open);
    table.grantReadWriteData(open.role());

    Map<String, String> connectEnv = new LinkedHashMap<>(env);
    connectEnv.put("SOCKETIO_OPEN_FUNCTION", open.alias().getFunctionArn());
    connectEnv.putAll(props.environment());
    SocketFunction connect = socketFunction("Connect", ConnectHandler.class, "$connect: stores the connection",
        Duration.seconds(10), connectEnv, false);
    if (props.polling()) {
      // $connect puts the connection row; the WebSocket of an upgrade (?sid=) also claims its polling session
      table.grant(connect.role(), "dynamodb:PutItem", "dynamodb:UpdateItem");
    } else {
      table.grant(connect.role(), "dynamodb:PutItem"); // $connect only puts the connection row
    }
    if (table.getEncryptionKey() != null) { // what grantWriteData would add for a customer managed key
      table.getEncryptionKey().grantEncryptDecrypt(connect.role());
    }
    open.alias().grantInvoke(connect.role());

    broadcaster("Default", DefaultHandler.class, "$default: one Socket.IO frame per invocation", 20, false);
    broadcaster("Disconnect", DisconnectHandler.class, "$disconnect: best-effort cleanup", 20, false);
    // A failed tick is caught up by the next one: no Lambda retries either (EventBridge invokes asynchronously).
    broadcaster("Heartbeat", HeartbeatHandler.class, "Scheduled heartbeat: pings due connections, closes silent ones",
        55, true);

    // No SOCKETIO_FANOUT_QUEUE_URL: a shard is delivered where it is received, never split again.
    SocketFunction fanOut = socketFunction("FanOut", FanOutHandler.class,
        "fan-out: delivers shards of large broadcasts from SQS", Duration.seconds(FAN_OUT_TIMEOUT_SECONDS), env, false);
    grantManagement(fanOut);
    table.grantReadWriteData(fanOut.role()); // reads recipients, deletes the rows of gone connections
    fanOut.alias().addEventSource(new SqsEventSource(fanOutQueue, SqsEventSourceProps.builder()
        .batchSize(FAN_OUT_BATCH_SIZE)
        .reportBatchItemFailures(true) // FanOutHandler answers batchItemFailures: only failed shards come back
        .build()));

    if (props.polling()) {
      pollingFunction();
    }
  }

  /**
   * The long-polling function: it runs application handlers for the frames clients POST, so it
   * gets what the other broadcasters get (the table, ManageConnections on this stage for frames to
   * WebSocket clients, the fan-out queue), and the CORS origins.
   */
  private void pollingFunction() {
    Map<String, String> pollingEnv = new LinkedHashMap<>(broadcastEnv);
    if (!props.corsOrigins().isEmpty()) {
      pollingEnv.put("SOCKETIO_CORS_ORIGINS", String.join(",", props.corsOrigins()));
    }
    pollingEnv.putAll(props.environment()); // the user's variables still win
    SocketFunction f = socketFunction(OneUrl.FUNCTION, PollingHandler.class.getName() + "::handleRequest",
        "Engine.IO long-polling (API Gateway HTTP API, payload 2.0)", OneUrl.FUNCTION_TIMEOUT, pollingEnv,
        code(), props.memorySize(), false);
    grantManagement(f);
    table.grantReadWriteData(f.role());
    fanOutQueue.grantSendMessages(f.role());
  }

  /** A function that runs application handlers: it posts, uses the table and may hand shards to the queue. */
  private SocketFunction broadcaster(String id, Class<? extends RequestStreamHandler> handler, String description,
      int timeoutSeconds, boolean asyncTarget) {
    SocketFunction f = socketFunction(id, handler, description, Duration.seconds(timeoutSeconds), broadcastEnv,
        asyncTarget);
    grantManagement(f);
    table.grantReadWriteData(f.role());
    fanOutQueue.grantSendMessages(f.role());
    return f;
  }

  private SocketFunction socketFunction(String id, Class<? extends RequestStreamHandler> handler, String description,
      Duration timeout, Map<String, String> environment, boolean asyncTarget) {
    return socketFunction(id, handler.getName() + "::handleRequest", description, timeout, environment,
        code(), props.memorySize(), asyncTarget);
  }

  /**
   * The code of every function: {@link SocketIoLambdaProps#code()} when given (a bundle's jar has the
   * application), else the minimized runtime artifact ({@link FunctionsArtifact.Role#MIN}), one asset
   * for all of them.
   */
  private Code code() {
    if (props.code() != null) {
      return props.code();
    }
    if (runtimeCode == null) {
      runtimeCode = Code.fromAsset(FunctionsArtifact.locate(FunctionsArtifact.Role.MIN).toString());
    }
    return runtimeCode;
  }

  private SocketFunction socketFunction(String id, String handler, String description, Duration timeout,
      Map<String, String> environment, Code functionCode, int memory, boolean asyncTarget) {
    FunctionOptions o = props.functionOptions().getOrDefault(id, FunctionOptions.DEFAULT);
    ILogGroup logs = o.logGroup() != null ? o.logGroup() : LogGroup.Builder.create(this, id + "Logs")
        .retention(props.logRetention())
        .removalPolicy(props.removalPolicy())
        .build();
    Role role = Role.Builder.create(this, id + "Role")
        .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
        .description("socketio-lambda " + id + " function")
        .build();
    logs.grantWrite(role);
    Function.Builder fn = Function.Builder.create(this, id + "Function")
        .description("socketio-lambda " + description)
        .runtime(Runtime.JAVA_21)
        .architecture(props.architecture())
        .handler(handler)
        .code(functionCode)
        .memorySize(o.memorySize() != null ? o.memorySize() : memory)
        .timeout(o.timeout() != null ? o.timeout() : timeout)
        .reservedConcurrentExecutions(o.reservedConcurrency())
        .environment(environment)
        .role(role)
        .logGroup(logs)
        .tracing(props.tracing())
        .snapStart(props.snapStart() ? SnapStartConf.ON_PUBLISHED_VERSIONS : null)
        // every deploy publishes a version; the replaced one is deleted, not kept forever
        .currentVersionOptions(VersionOptions.builder().removalPolicy(RemovalPolicy.DESTROY).build());
    if (props.vpc() != null) {
      fn.vpc(props.vpc()).vpcSubnets(props.vpcSubnets())
          .securityGroups(props.securityGroups().isEmpty() ? null : props.securityGroups());
      role.addManagedPolicy(ManagedPolicy.fromAwsManagedPolicyName("service-role/AWSLambdaVPCAccessExecutionRole"));
    }
    Function function = fn.build();
    Alias.Builder alias = Alias.Builder.create(this, id + "Alias")
        .aliasName(ALIAS_NAME)
        .version(function.getCurrentVersion());
    if (asyncTarget) {
      // Lambda would otherwise retry a failed asynchronous event twice and keep it for 6 hours.
      alias.retryAttempts(0).maxEventAge(Duration.minutes(1));
    }
    SocketFunction f = new SocketFunction(function, alias.build(), role, logs);
    functions.put(id, f);
    return f;
  }

  /**
   * Adds a function that runs application code beside the socket functions (a bundle's HTTP routes
   * or schedules): same code, environment (with the fan-out queue), log group, role per function,
   * alias {@value #ALIAS_NAME}, cdk-nag suppressions and error/throttle alarms as the others.
   * Grants what the runtime's emitter needs, as for the socket functions that broadcast:
   * {@code execute-api:ManageConnections} on this stage, read/write on the state table (recipients,
   * {@code socketsJoin}/{@code socketsLeave}, rows of gone connections, schedule leases) and
   * {@code sqs:SendMessage} on the fan-out queue; application tables are the caller's to grant.
   *
   * @param asyncTarget true for a function invoked asynchronously: its alias then gets no retries
   */
  public SocketFunction addAppFunction(String id, String handler, String description, Duration timeout,
      boolean asyncTarget) {
    if (functions.containsKey(id)) {
      throw new IllegalArgumentException("there is already a function " + id + ": " + functions.keySet());
    }
    SocketFunction f = socketFunction(id, handler, description, timeout, broadcastEnv,
        code(), props.memorySize(), asyncTarget);
    grantManagement(f);
    table.grantReadWriteData(f.role());
    fanOutQueue.grantSendMessages(f.role());
    functionAlarms(id, f.function());
    Suppressions.applyToFunction(this, id, f);
    return f;
  }

  private void checkFunctionOptions() {
    for (String name : props.functionOptions().keySet()) {
      if (!functions.containsKey(name)) {
        throw new IllegalArgumentException("function options for '" + name + "': no such function; the functions "
            + "are " + functions.keySet());
      }
    }
  }

  /** {@code execute-api:ManageConnections} on this API and stage only: POST and DELETE on @connections. */
  private void grantManagement(SocketFunction f) {
    List<String> resources = new ArrayList<>();
    for (String method : MANAGEMENT_METHODS) {
      resources.add(Stack.of(this).formatArn(ArnComponents.builder()
          .service("execute-api")
          .resource(api.getApiId())
          .resourceName(props.stageName() + "/" + method + "/@connections/*")
          .arnFormat(ArnFormat.SLASH_RESOURCE_NAME)
          .build()));
    }
    f.role().addToPrincipalPolicy(PolicyStatement.Builder.create()
        .effect(Effect.ALLOW)
        .actions(List.of("execute-api:ManageConnections"))
        .resources(resources)
        .build());
  }

  private Queue.Builder queue(String id, Duration retention) {
    Queue.Builder q = Queue.Builder.create(this, id)
        .enforceSsl(true)
        .retentionPeriod(retention)
        .removalPolicy(props.removalPolicy());
    if (props.queueEncryptionKey() != null) {
      q.encryption(QueueEncryption.KMS).encryptionMasterKey(props.queueEncryptionKey());
    } else {
      q.encryption(QueueEncryption.SQS_MANAGED);
    }
    return q;
  }

  private void domainStream(DomainStream ds) {
    if (ds.table().getTableStreamArn() == null) {
      throw new IllegalArgumentException("domain stream " + ds.id() + ": table " + ds.table().getNode().getPath()
          + " has no stream; create it with stream(StreamViewType.NEW_AND_OLD_IMAGES) or import it with "
          + "tableStreamArn");
    }
    Queue dlq = queue(ds.id() + "StreamDlq", Duration.days(14)).build();
    deadLetterQueues.put(ds.id(), dlq);
    Map<String, String> streamEnv = new LinkedHashMap<>(broadcastEnv);
    streamEnv.putAll(ds.environment());
    SocketFunction f = socketFunction(ds.id() + "Stream", ds.handler(),
        "stream of " + ds.id() + ": domain writes become broadcasts",
        ds.timeout() != null ? ds.timeout() : Duration.seconds(60), streamEnv,
        ds.code() != null ? ds.code() : code(), ds.memorySize() != null ? ds.memorySize() : props.memorySize(), false);
    grantManagement(f);
    table.grantReadWriteData(f.role());
    fanOutQueue.grantSendMessages(f.role());
    f.alias().addEventSource(new DynamoEventSource(ds.table(), DynamoEventSourceProps.builder()
        .startingPosition(ds.startingPosition())
        .batchSize(ds.batchSize())
        .parallelizationFactor(ds.parallelizationFactor())
        .reportBatchItemFailures(true)
        .bisectBatchOnError(true)
        .retryAttempts(ds.retryAttempts())
        .maxRecordAge(ds.maxRecordAge() != null ? ds.maxRecordAge() : Duration.hours(1))
        .onFailure(new SqsDlq(dlq))
        .build()));
  }

  private void createHeartbeatSchedule() {
    Rule.Builder.create(this, "HeartbeatSchedule")
        .description("socketio-lambda heartbeat: pings connections that are due")
        .schedule(Schedule.rate(props.heartbeatRate()))
        // A missed tick is caught up by the next one: no retries, no stale deliveries.
        .targets(List.of(new LambdaFunction(functions.get("Heartbeat").alias(),
            LambdaFunctionProps.builder().retryAttempts(0).maxEventAge(Duration.minutes(1)).build())))
        .build();
  }

  // ------------------------------------------------------------------ API, stage, domain

  private void createRoutes() {
    // $default is a two-way route: its response is the reply frame (see DefaultHandler).
    WebSocketRouteOptions.Builder connect = WebSocketRouteOptions.builder()
        .integration(new WebSocketLambdaIntegration("ConnectIntegration", functions.get("Connect").alias()));
    if (props.authorizer() != null) {
      connect.authorizer(new WebSocketLambdaAuthorizer("ConnectAuthorizer", props.authorizer(),
          WebSocketLambdaAuthorizerProps.builder().identitySource(props.authorizerIdentitySource()).build()));
    }
    routes.add(api.addRoute("$connect", connect.build()));
    routes.add(api.addRoute("$disconnect", WebSocketRouteOptions.builder()
        .integration(new WebSocketLambdaIntegration("DisconnectIntegration", functions.get("Disconnect").alias()))
        .build()));
    routes.add(api.addRoute("$default", WebSocketRouteOptions.builder()
        .integration(new WebSocketLambdaIntegration("DefaultIntegration", functions.get("Default").alias()))
        .returnResponse(props.engine().routeResponses())
        .build()));
  }

  private WebSocketStage createStage() {
    WebSocketStage.Builder b = WebSocketStage.Builder.create(this, "Stage")
        .webSocketApi(api)
        .stageName(props.stageName())
        .autoDeploy(true)
        .throttle(stageThrottle(props));
    if (props.stageLogging().logs()) {
      b.accessLogSettings(accessLogSettings());
    }
    WebSocketStage s = b.build();
    CfnStage cfn = (CfnStage) s.getNode().getDefaultChild();
    if (props.stageLogging().logs()) {
      // Execution logs for errors only (authorizer failures, integration errors, throttling).
      cfn.addPropertyOverride("DefaultRouteSettings.LoggingLevel", "ERROR");
    }
    routeThrottles(s, cfn);
    if (props.stageLogging() == StageLogging.LOGS_WITH_ACCOUNT_ROLE) {
      s.getNode().addDependency(apiGatewayAccount());
    }
    return s;
  }

  private IAccessLogSettings accessLogSettings() {
    ILogGroup logs = props.accessLogGroup() != null ? props.accessLogGroup()
        : LogGroup.Builder.create(this, "AccessLogs")
            .retention(props.logRetention())
            .removalPolicy(props.removalPolicy())
            .build();
    return accessLogs(logs, ACCESS_LOG_FORMAT);
  }

  /** The stage throttle of {@code props}, for every API stage of the construct (WebSocket and HTTP). */
  static ThrottleSettings stageThrottle(SocketIoLambdaProps props) {
    return ThrottleSettings.builder()
        .rateLimit(props.throttleRateLimit())
        .burstLimit(props.throttleBurstLimit())
        .build();
  }

  /** Access logs of an API Gateway v2 stage: one JSON line per request in {@code logs}. */
  static IAccessLogSettings accessLogs(ILogGroup logs, String jsonFormat) {
    IAccessLogDestination destination = new LogGroupLogDestination(logs);
    return new IAccessLogSettings() {
      @Override
      public IAccessLogDestination getDestination() {
        return destination;
      }

      @Override
      public AccessLogFormat getFormat() {
        return AccessLogFormat.custom(jsonFormat);
      }
    };
  }

  /** Per-route throttles; the stage then waits for the routes (CloudFormation refuses settings of unknown routes). */
  private void routeThrottles(WebSocketStage s, CfnStage cfn) {
    props.routeThrottles().forEach((key, t) -> {
      cfn.addPropertyOverride("RouteSettings." + key + ".ThrottlingRateLimit", t.getRateLimit());
      cfn.addPropertyOverride("RouteSettings." + key + ".ThrottlingBurstLimit", t.getBurstLimit());
      if (props.stageLogging().logs()) {
        cfn.addPropertyOverride("RouteSettings." + key + ".LoggingLevel", "ERROR");
      }
    });
    if (!props.routeThrottles().isEmpty()) {
      routes.forEach(r -> s.getNode().addDependency(r));
    }
  }

  /** API Gateway's account-wide CloudWatch Logs role, which every logging stage in the account and region needs. */
  private CfnAccount apiGatewayAccount() {
    Role role = Role.Builder.create(this, "ApiGatewayCloudWatchRole")
        .assumedBy(new ServicePrincipal("apigateway.amazonaws.com"))
        .description("API Gateway account-wide role for CloudWatch Logs (access and execution logs)")
        .managedPolicies(List.of(ManagedPolicy.fromAwsManagedPolicyName(
            "service-role/AmazonAPIGatewayPushToCloudWatchLogs")))
        .build();
    // Other APIs in the account use the same setting: keep the role when this stack goes.
    role.applyRemovalPolicy(RemovalPolicy.RETAIN);
    return CfnAccount.Builder.create(this, "ApiGatewayAccount").cloudWatchRoleArn(role.getRoleArn()).build();
  }

  private IDomainName customDomain(CustomDomain cd) {
    IDomainName dn = cd.existing() != null ? cd.existing() : DomainName.Builder.create(this, "Domain")
        .domainName(cd.domainName())
        .certificate(cd.certificate())
        .securityPolicy(SecurityPolicy.TLS_1_2)
        .build();
    ApiMapping.Builder mapping = ApiMapping.Builder.create(this, "ApiMapping").api(api).domainName(dn).stage(stage);
    if (!cd.apiMappingKey().isEmpty()) {
      mapping.apiMappingKey(cd.apiMappingKey());
    }
    mapping.build();
    if (cd.hostedZone() != null) {
      ARecord.Builder.create(this, "DomainRecord")
          .zone(cd.hostedZone())
          .recordName(cd.domainName() + ".")
          .target(RecordTarget.fromAlias(new ApiGatewayv2DomainProperties(dn.getRegionalDomainName(),
              dn.getRegionalHostedZoneId())))
          .build();
    }
    return dn;
  }

  // ------------------------------------------------------------------ observability

  private void createAlarms() {
    functions.forEach((name, f) -> functionAlarms(name, f.function()));
    new RuntimeMetrics(api.getApiId()).alarms(this, props.alarmThreshold()).forEach(this::addAction);
    dlqAlarm("FanOutDlqDepth", fanOutDeadLetterQueue, "socketio-lambda FanOut: broadcast shards that failed "
        + FAN_OUT_MAX_RECEIVES + " deliveries are waiting in the DLQ");
    for (Map.Entry<String, Queue> e : deadLetterQueues.entrySet()) {
      dlqAlarm(e.getKey() + "DlqDepth", e.getValue(),
          "socketio-lambda " + e.getKey() + ": stream records that failed every retry are waiting in the DLQ");
      Function fn = functions.get(e.getKey() + "Stream").function();
      Alarm iteratorAge = Metric.Builder.create().namespace("AWS/Lambda").metricName("IteratorAge")
          .dimensionsMap(Map.of("FunctionName", fn.getFunctionName()))
          .statistic("Maximum").period(Duration.minutes(5)).build()
          .createAlarm(this, e.getKey() + "IteratorAgeAlarm", CreateAlarmOptions.builder()
              .threshold(300_000).evaluationPeriods(3)
              .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
              .treatMissingData(TreatMissingData.NOT_BREACHING)
              .alarmDescription("socketio-lambda " + e.getKey() + ": broadcasts lag the domain writes by 5 min+")
              .build());
      addAction(iteratorAge);
    }
  }

  private void functionAlarms(String name, Function fn) {
    functionAlarm(name + "Errors", fn.metricErrors(fiveMinuteSum()),
        "socketio-lambda " + name + ": function errors (crashes, timeouts)");
    functionAlarm(name + "Throttles", fn.metricThrottles(fiveMinuteSum()),
        "socketio-lambda " + name + ": throttled invocations (concurrency limit)");
  }

  private static MetricOptions fiveMinuteSum() {
    return MetricOptions.builder().period(Duration.minutes(5)).statistic("Sum").build();
  }

  /** {@link SocketIoLambdaProps#alarmThreshold()} events in 5 minutes, in 2 of 3 periods: one bad event does not page. */
  private void functionAlarm(String id, Metric metric, String description) {
    addAction(metric.createAlarm(this, id + "Alarm", CreateAlarmOptions.builder()
        .threshold(props.alarmThreshold())
        .evaluationPeriods(3)
        .datapointsToAlarm(2)
        .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
        .treatMissingData(TreatMissingData.NOT_BREACHING)
        .alarmDescription(description + ": " + props.alarmThreshold() + "+ per 5 minutes in 2 of 3 periods")
        .build()));
  }

  /** A message in a dead-letter queue is lost data: the first one pages. */
  private void dlqAlarm(String id, Queue queue, String description) {
    addAction(queue.metricApproximateNumberOfMessagesVisible(MetricOptions.builder()
        .period(Duration.minutes(5)).statistic("Maximum").build())
        .createAlarm(this, id + "Alarm", CreateAlarmOptions.builder()
            .threshold(1)
            .evaluationPeriods(1)
            .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
            .treatMissingData(TreatMissingData.NOT_BREACHING)
            .alarmDescription(description)
            .build()));
  }

  private void addAction(Alarm a) {
    alarms.add(a);
    if (props.alarmTopic() != null) {
      a.addAlarmAction(new SnsAction(props.alarmTopic()));
    }
  }

  private Dashboard createDashboard() {
    Dashboard d = Dashboard.Builder.create(this, "Dashboard").build();
    MetricOptions sum = fiveMinuteSum();
    d.addWidgets(
        graph("Connections and messages", List.of(stage.metric("ConnectCount", sum), stage.metric("MessageCount", sum))),
        graph("API errors", List.of(stage.metric("ClientError", sum), stage.metric("ExecutionError", sum),
            stage.metric("IntegrationError", sum))),
        graph("Integration latency p99 (ms)", List.of(stage.metric("IntegrationLatency",
            MetricOptions.builder().period(Duration.minutes(5)).statistic("p99").build()))));
    List<IMetric> invocations = new ArrayList<>();
    List<IMetric> errors = new ArrayList<>();
    List<IMetric> throttles = new ArrayList<>();
    List<IMetric> durations = new ArrayList<>();
    for (Map.Entry<String, SocketFunction> e : functions.entrySet()) {
      Function fn = e.getValue().function();
      MetricOptions labelled = MetricOptions.builder().period(Duration.minutes(5)).statistic("Sum")
          .label(e.getKey()).build();
      invocations.add(fn.metricInvocations(labelled));
      errors.add(fn.metricErrors(labelled));
      throttles.add(fn.metricThrottles(labelled));
      durations.add(fn.metricDuration(MetricOptions.builder().period(Duration.minutes(5)).statistic("p99")
          .label(e.getKey()).build()));
    }
    d.addWidgets(graph("Invocations", invocations), graph("Errors", errors), graph("Throttles", throttles),
        graph("Duration p99 (ms)", durations));
    List<IWidget> data = new ArrayList<>();
    data.add(graph("State table requests", List.of(table.metricConsumedReadCapacityUnits(sum),
        table.metricConsumedWriteCapacityUnits(sum))));
    List<IMetric> depth = new ArrayList<>();
    depth.add(fanOutQueue.metricApproximateNumberOfMessagesVisible(
        MetricOptions.builder().period(Duration.minutes(5)).statistic("Maximum").label("FanOut queue").build()));
    depth.add(fanOutDeadLetterQueue.metricApproximateNumberOfMessagesVisible(
        MetricOptions.builder().period(Duration.minutes(5)).statistic("Maximum").label("FanOut DLQ").build()));
    deadLetterQueues.forEach((id, q) -> depth.add(q.metricApproximateNumberOfMessagesVisible(
        MetricOptions.builder().period(Duration.minutes(5)).statistic("Maximum").label(id).build())));
    data.add(graph("Queue depth (fan-out, DLQs)", depth));
    d.addWidgets(data.toArray(IWidget[]::new));
    d.addWidgets(new RuntimeMetrics(api.getApiId()).widgets().toArray(IWidget[]::new));
    return d;
  }

  private static GraphWidget graph(String title, List<? extends IMetric> metrics) {
    return GraphWidget.Builder.create().title(title).left(new ArrayList<>(metrics)).width(8).build();
  }

  // ------------------------------------------------------------------ accessors

  /** The settings this construct was built with. */
  public SocketIoLambdaProps getProps() {
    return props;
  }

  /** The state table: the one created, or {@link SocketIoLambdaProps#table()}. */
  public ITable getTable() {
    return table;
  }

  /** The WebSocket API. */
  public WebSocketApi getApi() {
    return api;
  }

  /** The stage clients connect to. */
  public WebSocketStage getStage() {
    return stage;
  }

  /**
   * Functions by name: Connect, Default, Disconnect, Open, Heartbeat, FanOut, Polling (unless polling
   * is off), and {@code <id>Stream} per domain stream.
   */
  public Map<String, SocketFunction> getFunctions() {
    return Collections.unmodifiableMap(functions);
  }

  /** Dead-letter queues of the domain streams, by stream id. */
  public Map<String, Queue> getDeadLetterQueues() {
    return Collections.unmodifiableMap(deadLetterQueues);
  }

  /** The queue of broadcast shards the FanOut function consumes. */
  public Queue getFanOutQueue() {
    return fanOutQueue;
  }

  /** Where fan-out shards go after {@value #FAN_OUT_MAX_RECEIVES} failed receives. */
  public Queue getFanOutDeadLetterQueue() {
    return fanOutDeadLetterQueue;
  }

  /** Every alarm the construct created. */
  public List<Alarm> getAlarms() {
    return Collections.unmodifiableList(alarms);
  }

  /** The CloudWatch dashboard. */
  public Dashboard getDashboard() {
    return dashboard;
  }

  /** The custom domain (created or existing), or null. */
  public IDomainName getDomainName() {
    return domainName;
  }

  /** The polling HTTP API and the CloudFront distribution in front of both APIs, or null when polling is off. */
  public OneUrl getOneUrl() {
    return oneUrl;
  }

  /** {@code https://<apiId>.execute-api.<region>.amazonaws.com/<stage>}. */
  public String getManagementEndpoint() {
    return managementEndpoint;
  }

  /** {@code wss://<apiId>.execute-api.<region>.amazonaws.com/<stage>}. */
  public String getWebSocketUrl() {
    return stage.getUrl();
  }

  /** {@code io("wss://<apiId>.execute-api.<region>.amazonaws.com", { path: "/<stage>", transports: ["websocket"] })}. */
  public String getClientSnippet() {
    return clientSnippet;
  }
}
