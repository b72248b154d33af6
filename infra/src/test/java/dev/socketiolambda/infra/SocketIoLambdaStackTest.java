package dev.socketiolambda.infra;

import static dev.socketiolambda.infra.TemplateJson.list;
import static dev.socketiolambda.infra.TemplateJson.props;
import static dev.socketiolambda.infra.TemplateJson.refs;
import static dev.socketiolambda.infra.TemplateJson.render;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.functions.server.EngineConfig;
import dev.socketiolambda.functions.store.TableDefinitions;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** Assertions over the template {@code cdk synth} produces for the app ({@link InfraApp}, no context). */
class SocketIoLambdaStackTest {
  private static Template template;
  private static TemplateJson json;

  @BeforeAll
  static void synthesize() {
    template = Stacks.app().template();
    json = Stacks.app().json();
  }

  @Test
  void hasTheThreeWebSocketRoutes() {
    String api = json.webSocketApi();
    assertThat(json.ofType("AWS::ApiGatewayV2::Route").values().stream()
        .filter(r -> refs(props(r).get("ApiId")).contains(api)).map(r -> props(r).get("RouteKey")))
        .containsExactlyInAnyOrder("$connect", "$disconnect", "$default"); // the polling HTTP API has its own: OneUrlTest
    for (String key : List.of("$connect", "$disconnect", "$default")) {
      template.hasResourceProperties("AWS::ApiGatewayV2::Route", Map.of("RouteKey", key));
    }
    template.hasResourceProperties("AWS::ApiGatewayV2::Api", Map.of("ProtocolType", "WEBSOCKET"));
  }

  @Test
  void defaultRouteIsOneWayByDefault() {
    // replies leave as PostToConnection calls: no `6` answers a pong or a frame that needs no reply
    assertThat(props(json.resources().get(routeId("$default")))).doesNotContainKey("RouteResponseSelectionExpression");
    assertThat(json.ofType("AWS::ApiGatewayV2::RouteResponse")).isEmpty();
  }

  @Test
  void everyRouteIntegratesWithTheAliasOfTheRightHandler() {
    assertThat(handlerBehindRoute("$connect")).isEqualTo(handler("ConnectHandler"));
    assertThat(handlerBehindRoute("$disconnect")).isEqualTo(handler("DisconnectHandler"));
    assertThat(handlerBehindRoute("$default")).isEqualTo(handler("DefaultHandler"));
    json.ofType("AWS::ApiGatewayV2::Integration").values().forEach(i -> {
      assertThat(props(i)).containsEntry("IntegrationType", "AWS_PROXY");
      assertThat(refs(props(i).get("IntegrationUri")))
          .allSatisfy(ref -> assertThat(json.typeOf(ref)).isEqualTo("AWS::Lambda::Alias"));
    });
  }

  @Test
  void functionsAreJava21OnArm64WithSnapStartOnPublishedVersions() {
    Map<String, Map<String, Object>> functions = json.ofType("AWS::Lambda::Function");
    assertThat(functions).hasSize(7);
    functions.values().forEach(f -> {
      Map<String, Object> p = props(f);
      assertThat(p).containsEntry("Runtime", "java21");
      assertThat(list(p.get("Architectures"))).containsExactly("arm64");
      assertThat(p.get("SnapStart")).isEqualTo(Map.of("ApplyOn", "PublishedVersions"));
      assertThat(((Number) p.get("MemorySize")).intValue()).isEqualTo(SocketIoLambdaProps.DEFAULT_MEMORY_MB);
    });
    assertThat(functions.values().stream().map(f -> (String) props(f).get("Handler")).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(handler("ConnectHandler"), handler("DefaultHandler"), handler("DisconnectHandler"),
            handler("OpenHandler"), handler("HeartbeatHandler"), handler("FanOutHandler"),
            "dev.socketiolambda.functions.polling.PollingHandler::handleRequest");
  }

  @Test
  void everyFunctionHasALiveAliasOnAPublishedVersion() {
    Map<String, Map<String, Object>> aliases = json.ofType("AWS::Lambda::Alias");
    assertThat(aliases).hasSize(7);
    aliases.values().forEach(a -> {
      assertThat(props(a)).containsEntry("Name", SocketIoLambda.ALIAS_NAME);
      assertThat(refs(props(a).get("FunctionVersion")))
          .allSatisfy(v -> assertThat(json.typeOf(v)).isEqualTo("AWS::Lambda::Version"));
      assertThat(refs(props(a).get("FunctionName")))
          .allSatisfy(v -> assertThat(json.typeOf(v)).isEqualTo("AWS::Lambda::Function"));
    });
  }

  @Test
  void environmentIsWiredToTheTableTheApiAndTheOpenFunction() {
    String table = json.ofType("AWS::DynamoDB::Table").keySet().iterator().next();
    String api = json.webSocketApi();
    EngineConfig d = EngineConfig.DEFAULT;
    json.ofType("AWS::Lambda::Function").values().forEach(f -> {
      Map<String, Object> env = env(f);
      assertThat(env).containsEntry("SOCKETIO_APP", InfraApp.DEFAULT_APP)
          .containsEntry("SOCKETIO_PING_INTERVAL_MS", Long.toString(d.pingInterval()))
          .containsEntry("SOCKETIO_PING_TIMEOUT_MS", Long.toString(d.pingTimeout()))
          .containsEntry("SOCKETIO_MAX_PAYLOAD", Long.toString(SocketIoLambdaProps.API_GATEWAY_MAX_MESSAGE_BYTES))
          .containsEntry("SOCKETIO_CONNECT_TIMEOUT_MS", Long.toString(d.connectTimeout()))
          .containsEntry("SOCKETIO_ROUTE_RESPONSES", "false");
      assertThat(refs(env.get("SOCKETIO_TABLE"))).containsExactly(table);
      assertThat(render(env.get("SOCKETIO_MANAGEMENT_ENDPOINT")))
          .isEqualTo("https://${Ref:" + api + "}.execute-api.${AWS::Region}.${AWS::URLSuffix}/prod");
    });
    Map<String, Object> connectEnv = env(function(handler("ConnectHandler")).getValue());
    String openAlias = aliasOf(function(handler("OpenHandler")).getKey());
    assertThat(refs(connectEnv.get("SOCKETIO_OPEN_FUNCTION"))).containsExactly(openAlias);
    json.ofType("AWS::Lambda::Function").values().stream().filter(f -> f != function(handler("ConnectHandler"))
        .getValue()).forEach(f -> assertThat(env(f)).doesNotContainKey("SOCKETIO_OPEN_FUNCTION"));
  }

  @Test
  void connectFunctionMayInvokeTheOpenAliasAsynchronouslyWithoutRetries() {
    String openAlias = aliasOf(function(handler("OpenHandler")).getKey());
    String connectRole = roleOf(function(handler("ConnectHandler")).getValue());
    assertThat(statementsOf(connectRole)).anySatisfy(s -> {
      assertThat(list(s.get("Action"))).containsExactly("lambda:InvokeFunction");
      assertThat(refs(s.get("Resource"))).containsExactly(openAlias);
    });
    Map<String, Object> config = asyncConfigOf(openAlias);
    assertThat(config).containsEntry("MaximumRetryAttempts", 0).containsEntry("MaximumEventAgeInSeconds", 60);
  }

  @Test
  void heartbeatAliasHasNoLambdaAsyncRetriesEither() {
    // EventBridge invokes asynchronously: without this config Lambda retries a failed tick twice (1 and 2 min later)
    String heartbeatAlias = aliasOf(function(handler("HeartbeatHandler")).getKey());
    assertThat(asyncConfigOf(heartbeatAlias)).containsEntry("MaximumRetryAttempts", 0)
        .containsEntry("MaximumEventAgeInSeconds", 60);
    // exactly the two asynchronous targets: Open and Heartbeat
    assertThat(json.ofType("AWS::Lambda::EventInvokeConfig")).hasSize(2);
  }

  private static Map<String, Object> asyncConfigOf(String alias) {
    return json.ofType("AWS::Lambda::EventInvokeConfig").values().stream().map(TemplateJson::props)
        .filter(c -> refs(c.get("Qualifier")).contains(alias)).findFirst().orElseThrow();
  }

  @Test
  void stateTableIsOnDemandWithTtlPointInTimeRecoveryAndNoStream() {
    template.resourceCountIs("AWS::DynamoDB::Table", 1);
    template.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
        "BillingMode", "PAY_PER_REQUEST",
        "TimeToLiveSpecification", Map.of("AttributeName", TableDefinitions.TTL_ATTRIBUTE, "Enabled", true),
        "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
        "StreamSpecification", Match.absent()));
    // the app is a demo: `cdk destroy` removes its data (the construct's default is RETAIN)
    template.hasResource("AWS::DynamoDB::Table", Map.of("DeletionPolicy", "Delete"));
  }

  @Test
  void heartbeatRunsEveryMinuteOnTheHeartbeatAlias() {
    Map<String, Map<String, Object>> rules = json.ofType("AWS::Events::Rule");
    assertThat(rules).hasSize(1);
    Map<String, Object> rule = props(rules.values().iterator().next());
    assertThat(rule).containsEntry("ScheduleExpression", "rate(1 minute)").containsEntry("State", "ENABLED");
    @SuppressWarnings("unchecked")
    Map<String, Object> target = (Map<String, Object>) list(rule.get("Targets")).get(0);
    assertThat(refs(target.get("Arn"))).containsExactly(aliasOf(function(handler("HeartbeatHandler")).getKey()));
    assertThat(target.get("RetryPolicy")).isEqualTo(Map.of("MaximumRetryAttempts", 0, "MaximumEventAgeInSeconds", 60));
  }

  @Test
  void stageAutoDeploysWithThrottlingAndAccessLogging() {
    template.hasResourceProperties("AWS::ApiGatewayV2::Stage", Map.of(
        "StageName", "prod",
        "AutoDeploy", true,
        "DefaultRouteSettings", Map.of("ThrottlingRateLimit", 500, "ThrottlingBurstLimit", 1000,
            "LoggingLevel", "ERROR"),
        "AccessLogSettings", Map.of("DestinationArn", Match.anyValue(),
            "Format", SocketIoLambda.ACCESS_LOG_FORMAT)));
    // the account-wide logging role the stage's logs need (socketio:apiGatewayCloudWatchRole=true by default)
    template.resourceCountIs("AWS::ApiGateway::Account", 1);
  }

  @Test
  void manageConnectionsIsScopedToThisApiStageAndMethods() {
    String api = json.webSocketApi();
    List<Map<String, Object>> manage = json.policyStatements().stream().map(Map.Entry::getValue)
        .filter(s -> list(s.get("Action")).contains("execute-api:ManageConnections")).toList();
    assertThat(manage).hasSize(6); // open, default, disconnect, heartbeat, fan-out, polling: not $connect
    manage.forEach(s -> {
      assertThat(list(s.get("Action"))).containsExactly("execute-api:ManageConnections");
      assertThat(list(s.get("Resource")).stream().map(TemplateJson::render).toList()).containsExactlyInAnyOrder(
          "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Ref:" + api + "}/prod/POST/@connections/*",
          "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Ref:" + api + "}/prod/DELETE/@connections/*");
    });
    String connectRole = roleOf(function(handler("ConnectHandler")).getValue());
    assertThat(statementsOf(connectRole)).noneSatisfy(s ->
        assertThat(list(s.get("Action"))).contains("execute-api:ManageConnections"));
  }

  @Test
  void noStatementGrantsDynamoDbOrManageConnectionsOnAWildcardResource() {
    assertNoWildcards(json);
  }

  /**
   * No statement grants DynamoDB or ManageConnections actions on {@code *}, nor uses wildcard
   * actions. The one exception IAM forces: {@code dynamodb:ListStreams}, which has no resource type
   * (it only lists stream ARNs) and which Lambda's stream poller needs; it must stand alone.
   */
  static void assertNoWildcards(TemplateJson json) {
    assertThat(json.policyStatements()).isNotEmpty().allSatisfy(e -> {
      List<String> actions = list(e.getValue().get("Action")).stream().map(String::valueOf).toList();
      boolean sensitive = actions.stream().anyMatch(a -> a.startsWith("dynamodb:")
          || a.startsWith("execute-api:") || a.startsWith("sqs:"));
      if (sensitive) {
        assertThat(actions).as("actions of %s", e.getKey()).noneMatch(a -> a.contains("*"));
        boolean wildcardResource = list(e.getValue().get("Resource")).stream().anyMatch("*"::equals);
        if (wildcardResource) {
          assertThat(actions).as("%s grants %s on *", e.getKey(), actions).containsExactly("dynamodb:ListStreams");
        }
      }
    });
  }

  @Test
  void tableGrantsDifferPerFunction() {
    String connectRole = roleOf(function(handler("ConnectHandler")).getValue());
    // $connect puts the connection row, and an upgrade's WebSocket claims its polling session: no reads or deletes
    assertThat(statementsOf(connectRole).stream().flatMap(s -> list(s.get("Action")).stream())
        .filter(a -> String.valueOf(a).startsWith("dynamodb:")))
        .containsExactlyInAnyOrder("dynamodb:PutItem", "dynamodb:UpdateItem");
    String heartbeatRole = roleOf(function(handler("HeartbeatHandler")).getValue());
    assertThat(statementsOf(heartbeatRole).stream().flatMap(s -> list(s.get("Action")).stream()))
        .contains("dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem");
    // one role per function, none shared
    assertThat(json.ofType("AWS::Lambda::Function").values().stream().map(SocketIoLambdaStackTest::roleOf)
        .distinct()).hasSize(7);
  }

  @Test
  void alarmsCoverErrorsAndThrottlesOfEveryFunctionAndThereIsADashboard() {
    Map<String, Map<String, Object>> alarms = json.ofType("AWS::CloudWatch::Alarm");
    assertThat(alarms).hasSize(19);
    assertThat(alarms.values().stream().map(a -> (String) props(a).get("MetricName")).collect(Collectors
        .groupingBy(m -> m, Collectors.counting()))).isEqualTo(Map.of("Errors", 7L, "Throttles", 7L,
            "ApproximateNumberOfMessagesVisible", 1L, "DynamoDbThrottles", 1L, "DeliveryFailures", 1L,
            "EngineErrors", 1L, "HeartbeatLag", 1L));
    // the depth alarm watches the fan-out DLQ, not the shard queue itself
    Map<String, Object> depth = alarms.values().stream().map(TemplateJson::props)
        .filter(a -> "ApproximateNumberOfMessagesVisible".equals(a.get("MetricName"))).findFirst().orElseThrow();
    assertThat(refs(depth.get("Dimensions"))).containsExactly(fanOutDlq());
    template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
  }

  @Test
  void outputsTheWssUrlAndAReadyToPasteClientSnippet() {
    String api = json.webSocketApi();
    Map<String, String> outputs = json.outputs().entrySet().stream().collect(Collectors.toMap(
        Map.Entry::getKey, e -> render(e.getValue().get("Value"))));
    assertThat(outputs).containsEntry("WebSocketUrl",
        "wss://${Ref:" + api + "}.execute-api.${AWS::Region}.${AWS::URLSuffix}/prod");
    assertThat(outputs).containsEntry("ClientSnippet",
        "io(\"${GetAtt:" + api + ".ApiEndpoint}\", { path: \"/prod\", transports: [\"websocket\"] })");
    assertThat(outputs).containsKeys("ManagementEndpoint", "StateTableName");
  }

  @Test
  void codeIsTheFunctionsJarAssetWithTheMetadataSamReads() {
    json.ofType("AWS::Lambda::Function").values().forEach(f -> {
      assertThat(render(((Map<?, ?>) props(f).get("Code")).get("S3Key"))).endsWith(".jar");
      @SuppressWarnings("unchecked")
      Map<String, Object> metadata = (Map<String, Object>) f.get("Metadata");
      assertThat(metadata).containsEntry("aws:asset:property", "Code");
      assertThat((String) metadata.get("aws:asset:path")).startsWith("asset.").endsWith(".jar");
    });
    // no CDK bootstrap-version parameter or rule: `sam deploy` takes the template as it is
    assertThat(json.root()).doesNotContainKey("Rules");
    assertThat(json.root().getOrDefault("Parameters", Map.of()).toString()).doesNotContain("BootstrapVersion");
  }

  @Test
  void fanOutQueueIsEncryptedSslOnlyWithADlqAndOutlastsTheFunctionTimeout() {
    Map<String, Map<String, Object>> queues = json.ofType("AWS::SQS::Queue");
    assertThat(queues).hasSize(2).containsKeys(fanOutQueue(), fanOutDlq());
    queues.values().forEach(q -> assertThat(props(q)).containsEntry("SqsManagedSseEnabled", true));
    Map<String, Object> queue = props(queues.get(fanOutQueue()));
    @SuppressWarnings("unchecked")
    Map<String, Object> redrive = (Map<String, Object>) queue.get("RedrivePolicy");
    assertThat(redrive).containsEntry("maxReceiveCount", SocketIoLambda.FAN_OUT_MAX_RECEIVES);
    assertThat(render(redrive.get("deadLetterTargetArn"))).isEqualTo("${GetAtt:" + fanOutDlq() + ".Arn}");
    int fanOutTimeout = ((Number) props(function(handler("FanOutHandler")).getValue()).get("Timeout")).intValue();
    assertThat(((Number) queue.get("VisibilityTimeout")).intValue()).isGreaterThan(fanOutTimeout);
    // both queues refuse requests that do not use TLS
    Map<String, Map<String, Object>> policies = json.ofType("AWS::SQS::QueuePolicy");
    for (String q : List.of(fanOutQueue(), fanOutDlq())) {
      assertThat(policies.values()).anySatisfy(p -> {
        assertThat(refs(props(p).get("Queues"))).containsExactly(q);
        assertThat(props(p).toString()).contains("Deny").contains("aws:SecureTransport=false");
      });
    }
  }

  @Test
  void fanOutAliasConsumesTheShardQueueWithPartialBatchResponses() {
    Map<String, Map<String, Object>> mappings = json.ofType("AWS::Lambda::EventSourceMapping");
    assertThat(mappings).hasSize(1);
    Map<String, Object> m = props(mappings.values().iterator().next());
    assertThat(list(m.get("FunctionResponseTypes"))).containsExactly("ReportBatchItemFailures");
    assertThat(m).containsEntry("BatchSize", SocketIoLambda.FAN_OUT_BATCH_SIZE);
    assertThat(refs(m.get("EventSourceArn"))).containsExactly(fanOutQueue());
    String alias = refs(m.get("FunctionName")).iterator().next();
    assertThat(alias).isEqualTo(aliasOf(function(handler("FanOutHandler")).getKey()));
    assertThat(handlerOfAlias(json, alias)).isEqualTo(handler("FanOutHandler"));
  }

  @Test
  void broadcastingFunctionsGetTheQueueUrlAndMaySendOnlyToThatQueue() {
    List<String> broadcasters = List.of(handler("DefaultHandler"), handler("DisconnectHandler"),
        handler("HeartbeatHandler"), "dev.socketiolambda.functions.polling.PollingHandler::handleRequest");
    json.ofType("AWS::Lambda::Function").values().forEach(f -> {
      if (broadcasters.contains((String) props(f).get("Handler"))) {
        assertThat(render(env(f).get("SOCKETIO_FANOUT_QUEUE_URL"))).isEqualTo("${Ref:" + fanOutQueue() + "}");
      } else { // Connect and Open never broadcast; FanOut delivers a shard, it never splits it again
        assertThat(env(f)).doesNotContainKey("SOCKETIO_FANOUT_QUEUE_URL");
      }
    });
    List<Map.Entry<String, Map<String, Object>>> send = json.policyStatements().stream()
        .filter(e -> list(e.getValue().get("Action")).contains("sqs:SendMessage")).toList();
    assertThat(send).hasSize(broadcasters.size());
    send.forEach(e -> {
      assertThat(list(e.getValue().get("Action"))).noneMatch(a -> String.valueOf(a).contains("*"));
      assertThat(list(e.getValue().get("Resource")).stream().map(TemplateJson::render).toList())
          .containsExactly("${GetAtt:" + fanOutQueue() + ".Arn}");
    });
    List<String> sendRoles = send.stream().flatMap(e -> refs(props(json.resources().get(e.getKey())).get("Roles"))
        .stream()).toList();
    assertThat(sendRoles).containsExactlyInAnyOrderElementsOf(broadcasters.stream()
        .map(h -> roleOf(function(h).getValue())).toList());
  }

  @Test
  void theRuntimesOwnMetricsAreOnTheDashboardAndAlarmedPerDeployment() {
    String api = json.webSocketApi();
    // every socket function names its deployment in its invocation lines: the API id
    json.ofType("AWS::Lambda::Function").values().stream().filter(f -> env(f).containsKey("SOCKETIO_TABLE"))
        .forEach(f -> assertThat(refs(env(f).get("SOCKETIO_SERVICE"))).containsExactly(api));
    List<Map<String, Object>> runtime = json.ofType("AWS::CloudWatch::Alarm").values().stream().map(TemplateJson::props)
        .filter(a -> "SocketIoLambda".equals(a.get("Namespace"))).toList();
    assertThat(runtime).hasSize(4).allSatisfy(a -> {
      assertThat(refs(a.get("Dimensions"))).containsExactly(api);
      assertThat(a).containsEntry("EvaluationPeriods", 3).containsEntry("DatapointsToAlarm", 2);
    });
    String body = render(props(json.ofType("AWS::CloudWatch::Dashboard").values().iterator().next())
        .get("DashboardBody"));
    assertThat(body).contains("\"SocketIoLambda\",\"FramesIn\"", "\"DynamoDbThrottles\"", "\"BroadcastRecipients\"",
        "\"Latency\"", "\"Function\",\"default\"", "\"Function\",\"fanout\"", "\"HeartbeatLag\"");
    // sockets per namespace: the heartbeat's gauge lines, every namespace of this deployment found by a search
    assertThat(body).contains("Sockets per namespace", "SEARCH('{SocketIoLambda,Service,SocketNamespace} MetricName=");
    Map<String, Object> lag = runtime.stream().filter(a -> "HeartbeatLag".equals(a.get("MetricName"))).findFirst()
        .orElseThrow();
    assertThat(lag).containsEntry("Statistic", "Maximum").containsEntry("Threshold", 60000);
  }

  // ------------------------------------------------------------------ helpers

  private static String fanOutQueue() {
    return json.ofType("AWS::SQS::Queue").keySet().stream().filter(id -> id.startsWith("SocketIoFanOutQueue"))
        .findFirst().orElseThrow();
  }

  private static String fanOutDlq() {
    return json.ofType("AWS::SQS::Queue").keySet().stream().filter(id -> id.startsWith("SocketIoFanOutDlq"))
        .findFirst().orElseThrow();
  }

  static String handler(String simpleName) {
    return "dev.socketiolambda.functions.handler." + simpleName + "::handleRequest";
  }

  private static String routeId(String key) {
    return json.ofType("AWS::ApiGatewayV2::Route").entrySet().stream()
        .filter(e -> key.equals(props(e.getValue()).get("RouteKey"))).map(Map.Entry::getKey).findFirst()
        .orElseThrow();
  }

  private static String handlerBehindRoute(String key) {
    return handlerBehindRoute(json, key);
  }

  /** Route -> integration -> alias -> function -> Handler. */
  static String handlerBehindRoute(TemplateJson json, String key) {
    Map<String, Object> route = props(json.ofType("AWS::ApiGatewayV2::Route").values().stream()
        .filter(r -> key.equals(props(r).get("RouteKey"))).findFirst().orElseThrow());
    String integration = refs(route.get("Target")).iterator().next();
    String alias = refs(props(json.resources().get(integration)).get("IntegrationUri")).iterator().next();
    return handlerOfAlias(json, alias);
  }

  static String handlerOfAlias(TemplateJson json, String alias) {
    assertThat(json.typeOf(alias)).isEqualTo("AWS::Lambda::Alias");
    String fn = refs(props(json.resources().get(alias)).get("FunctionName")).iterator().next();
    return (String) props(json.resources().get(fn)).get("Handler");
  }

  private static Map.Entry<String, Map<String, Object>> function(String handler) {
    return json.ofType("AWS::Lambda::Function").entrySet().stream()
        .filter(e -> handler.equals(props(e.getValue()).get("Handler"))).findFirst().orElseThrow();
  }

  private static String aliasOf(String functionId) {
    return json.ofType("AWS::Lambda::Alias").entrySet().stream()
        .filter(e -> refs(props(e.getValue()).get("FunctionName")).contains(functionId)).map(Map.Entry::getKey)
        .findFirst().orElseThrow();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> env(Map<String, Object> function) {
    return (Map<String, Object>) ((Map<String, Object>) props(function).get("Environment")).get("Variables");
  }

  private static String roleOf(Map<String, Object> function) {
    return refs(props(function).get("Role")).iterator().next();
  }

  private static List<Map<String, Object>> statementsOf(String roleId) {
    List<String> policies = json.ofType("AWS::IAM::Policy").entrySet().stream()
        .filter(e -> refs(props(e.getValue()).get("Roles")).contains(roleId)).map(Map.Entry::getKey).toList();
    return json.policyStatements().stream().filter(e -> policies.contains(e.getKey())).map(Map.Entry::getValue)
        .toList();
  }
}
