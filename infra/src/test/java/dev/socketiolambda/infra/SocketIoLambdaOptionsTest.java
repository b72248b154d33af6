package dev.socketiolambda.infra;

import static dev.socketiolambda.infra.TemplateJson.list;
import static dev.socketiolambda.infra.TemplateJson.props;
import static dev.socketiolambda.infra.TemplateJson.refs;
import static dev.socketiolambda.infra.TemplateJson.render;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The construct with every option: authorizer, custom domain, domain stream, alarm topic, retained data. */
class SocketIoLambdaOptionsTest {
  private static Template template;
  private static TemplateJson json;

  @BeforeAll
  static void synthesize() {
    template = Stacks.full().template();
    json = Stacks.full().json();
  }

  @Test
  void connectRouteUsesALambdaAuthorizerFedByTheTokenQueryParameter() {
    template.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", Map.of(
        "AuthorizerType", "REQUEST",
        "IdentitySource", List.of("route.request.querystring.token")));
    template.hasResourceProperties("AWS::ApiGatewayV2::Route", Map.of(
        "RouteKey", "$connect", "AuthorizationType", "CUSTOM", "AuthorizerId", Match.anyValue()));
    for (String key : List.of("$default", "$disconnect")) {
      template.hasResourceProperties("AWS::ApiGatewayV2::Route", Map.of("RouteKey", key, "AuthorizationType", "NONE"));
    }
  }

  @Test
  void routeResponsesOnMakeTheDefaultRouteTwoWayWithADefaultRouteResponse() {
    String api = json.webSocketApi();
    Map<String, String> routes = json.ofType("AWS::ApiGatewayV2::Route").entrySet().stream()
        .filter(e -> refs(props(e.getValue()).get("ApiId")).contains(api))
        .collect(Collectors.toMap(e -> (String) props(e.getValue()).get("RouteKey"), Map.Entry::getKey));
    String defaultRoute = routes.get("$default");
    assertThat(props(json.resources().get(defaultRoute))).containsEntry("RouteResponseSelectionExpression", "$default");
    Map<String, Map<String, Object>> responses = json.ofType("AWS::ApiGatewayV2::RouteResponse");
    assertThat(responses).hasSize(1);
    Map<String, Object> response = props(responses.values().iterator().next());
    assertThat(response).containsEntry("RouteResponseKey", "$default");
    assertThat(refs(response.get("RouteId"))).containsExactly(defaultRoute);
    assertThat(props(json.resources().get(routes.get("$connect")))).doesNotContainKey("RouteResponseSelectionExpression");
    List<Object> settings = json.ofType("AWS::Lambda::Function").values().stream()
        .map(f -> (Map<?, ?>) props(f).get("Environment")).filter(e -> e != null)
        .map(e -> (Map<?, ?>) e.get("Variables")).filter(v -> v != null && v.containsKey("SOCKETIO_ROUTE_RESPONSES"))
        .map(v -> (Object) v.get("SOCKETIO_ROUTE_RESPONSES")).collect(Collectors.toList());
    assertThat(settings).isNotEmpty().containsOnly("true"); // the runtime answers in the route response too
  }

  @Test
  void customDomainMapsTheStageUnderSocketIoSoClientsKeepTheDefaultPath() {
    template.hasResourceProperties("AWS::ApiGatewayV2::DomainName", Map.of("DomainName", Stacks.DOMAIN,
        "DomainNameConfigurations", List.of(Map.of("CertificateArn", Match.anyValue(), "EndpointType", "REGIONAL",
            "SecurityPolicy", "TLS_1_2"))));
    template.hasResourceProperties("AWS::ApiGatewayV2::ApiMapping", Map.of("ApiMappingKey", "socket.io"));
    Map<String, String> outputs = outputs();
    assertThat(outputs).containsEntry("CustomDomainClientSnippet",
        "io(\"wss://" + Stacks.DOMAIN + "\", { transports: [\"websocket\"] })");
    assertThat(outputs.get("CustomDomainTarget")).contains("RegionalDomainName");
    assertThat(outputs.get("CustomDomainHostedZoneId")).contains("RegionalHostedZoneId");
    assertThat(outputs).containsEntry("CustomDomainManagementEndpoint", "https://" + Stacks.DOMAIN + "/socket.io");
    assertThat(outputs.get("ClientSnippet")).contains("path: \"/live\"");
  }

  @Test
  void domainTableStreamFeedsTheStreamAliasWithPartialBatchResponsesBisectBoundedRetriesAndADlq() {
    Map<String, Map<String, Object>> mappings = json.ofType("AWS::Lambda::EventSourceMapping");
    assertThat(mappings).hasSize(2); // the domain stream and the fan-out queue
    Map<String, Object> m = props(mappings.values().stream().filter(e -> props(e).containsKey("StartingPosition"))
        .findFirst().orElseThrow());
    assertThat(list(m.get("FunctionResponseTypes"))).containsExactly("ReportBatchItemFailures");
    assertThat(m).containsEntry("BisectBatchOnFunctionError", true)
        .containsEntry("MaximumRetryAttempts", 3)
        .containsEntry("MaximumRecordAgeInSeconds", 3600)
        .containsEntry("StartingPosition", "LATEST")
        .containsEntry("BatchSize", 100);
    String alias = refs(m.get("FunctionName")).iterator().next();
    assertThat(SocketIoLambdaStackTest.handlerOfAlias(json, alias)).isEqualTo(Stacks.STREAM_HANDLER);
    String orders = json.ofType("AWS::DynamoDB::Table").keySet().stream().filter(id -> id.startsWith("Orders"))
        .findFirst().orElseThrow();
    assertThat(refs(m.get("EventSourceArn"))).containsExactly(orders);
    @SuppressWarnings("unchecked")
    Map<String, Object> onFailure = (Map<String, Object>) ((Map<String, Object>) m.get("DestinationConfig"))
        .get("OnFailure");
    String dlq = refs(onFailure.get("Destination")).iterator().next();
    assertThat(json.typeOf(dlq)).isEqualTo("AWS::SQS::Queue");
    assertThat(props(json.resources().get(dlq))).containsEntry("SqsManagedSseEnabled", true)
        .containsEntry("MessageRetentionPeriod", 1_209_600);
  }

  @Test
  void streamSettingsDomainTableStreamsStateTableDoesNot() {
    template.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
        "KeySchema", List.of(Map.of("AttributeName", "orderId", "KeyType", "HASH")),
        "StreamSpecification", Map.of("StreamViewType", "NEW_AND_OLD_IMAGES")));
    template.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
        "TimeToLiveSpecification", Map.of("AttributeName", "ttl", "Enabled", true),
        "StreamSpecification", Match.absent()));
  }

  @Test
  void streamFunctionGetsTheRuntimeEnvironmentAndItsTable() {
    Map<String, Object> fn = json.ofType("AWS::Lambda::Function").values().stream()
        .filter(f -> Stacks.STREAM_HANDLER.equals(props(f).get("Handler"))).findFirst().orElseThrow();
    @SuppressWarnings("unchecked")
    Map<String, Object> env = (Map<String, Object>) ((Map<String, Object>) props(fn).get("Environment"))
        .get("Variables");
    assertThat(env).containsKeys("SOCKETIO_APP", "SOCKETIO_TABLE", "SOCKETIO_MANAGEMENT_ENDPOINT")
        .containsEntry("SOCKETIO_STREAM_RULES", "classpath:orders-rules.json");
    assertThat(props(fn)).containsEntry("Runtime", "java21").containsEntry("MemorySize", 2048);
  }

  @Test
  void retainedDataAndAConcreteEnvironmentInTheManageConnectionsArns() {
    template.allResources("AWS::DynamoDB::Table", Map.of("DeletionPolicy", "Retain"));
    template.hasResource("AWS::SQS::Queue", Map.of("DeletionPolicy", "Retain"));
    List<String> resources = json.policyStatements().stream().map(Map.Entry::getValue)
        .filter(s -> list(s.get("Action")).contains("execute-api:ManageConnections"))
        .flatMap(s -> list(s.get("Resource")).stream()).map(TemplateJson::render).distinct().toList();
    assertThat(resources).hasSize(2).allSatisfy(r -> assertThat(r)
        .matches("arn:(aws|\\$\\{AWS::Partition}):execute-api:" + Stacks.REGION + ":" + Stacks.ACCOUNT
            + ":\\$\\{Ref:SocketIoApi[0-9A-F]+}/live/(POST|DELETE)/@connections/\\*"));
    // no $connect authorizer account role here (apiGatewayCloudWatchRole=false)
    template.resourceCountIs("AWS::ApiGateway::Account", 0);
  }

  @Test
  void noStatementGrantsDynamoDbOrManageConnectionsOnAWildcardResource() {
    SocketIoLambdaStackTest.assertNoWildcards(json);
  }

  @Test
  void alarmsIncludeTheDlqDepthAndIteratorAgeAndNotifyTheTopic() {
    Map<String, Map<String, Object>> alarms = json.ofType("AWS::CloudWatch::Alarm");
    assertThat(alarms.values().stream().map(a -> (String) props(a).get("MetricName")).collect(Collectors
        .groupingBy(m -> m, Collectors.counting()))).isEqualTo(Map.of("Errors", 8L, "Throttles", 8L,
            "ApproximateNumberOfMessagesVisible", 2L, "IteratorAge", 1L, // DLQs: the stream's and fan-out's
            "DynamoDbThrottles", 1L, "DeliveryFailures", 1L, "EngineErrors", 1L, // the runtime's own metrics
            "HeartbeatLag", 1L));
    alarms.values().forEach(a -> assertThat(list(props(a).get("AlarmActions"))).containsExactly(Stacks.TOPIC_ARN));
  }

  @Test
  void streamFunctionMayHandLargeBroadcastsToTheFanOutQueue() {
    SocketIoLambda socketIo = Stacks.full().socketIo();
    Map<String, Object> stream = json.ofType("AWS::Lambda::Function").values().stream()
        .filter(f -> Stacks.STREAM_HANDLER.equals(props(f).get("Handler"))).findFirst().orElseThrow();
    @SuppressWarnings("unchecked")
    Map<String, Object> env = (Map<String, Object>) ((Map<String, Object>) props(stream).get("Environment"))
        .get("Variables");
    String queue = json.ofType("AWS::SQS::Queue").keySet().stream().filter(id -> id.startsWith("SocketIoFanOutQueue"))
        .findFirst().orElseThrow();
    assertThat(refs(env.get("SOCKETIO_FANOUT_QUEUE_URL"))).containsExactly(queue);
    String role = refs(props(stream).get("Role")).iterator().next();
    assertThat(json.policyStatements()).anySatisfy(e -> {
      assertThat(refs(props(json.resources().get(e.getKey())).get("Roles"))).containsExactly(role);
      assertThat(list(e.getValue().get("Action"))).contains("sqs:SendMessage");
      // with the recommended flags (minimized policies) the stream's own DLQ shares the statement
      assertThat(refs(e.getValue().get("Resource"))).contains(queue)
          .allSatisfy(ref -> assertThat(json.typeOf(ref)).isEqualTo("AWS::SQS::Queue"));
    });
    assertThat(socketIo.getFanOutQueue()).isNotNull();
  }

  private static Map<String, String> outputs() {
    return json.outputs().entrySet().stream().collect(Collectors.toMap(
        Map.Entry::getKey, e -> render(e.getValue().get("Value"))));
  }
}
