package dev.socketiolambda.infra;

import static dev.socketiolambda.infra.TemplateJson.props;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.examples.queue.QueueBundle;
import dev.socketiolambda.examples.queue.QueueConfig;
import dev.socketiolambda.examples.queue.QueueTables;
import dev.socketiolambda.functions.stream.DomainTable;
import dev.socketiolambda.functions.stream.Rules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.CfnElement;
import software.constructs.IConstruct;

/**
 * The service queue's stack as {@code cdk synth -c socketio:example=queue} makes it: the clients
 * table, the two domain tables of the stream rules with their streams into the stream function, the
 * HTTP API of the routes, the per-minute schedule that runs the 10 s metrics ticks, the generated
 * key, cdk-nag's AwsSolutions pack clean.
 */
class QueueStackTest {
  private static BundleStack stack;
  private static TemplateJson json;
  private static Stacks.Synthesized synthesized;

  @BeforeAll
  static void synthesize() {
    stack = (BundleStack) InfraApp.createStack(Stacks.app(Map.of(InfraApp.EXAMPLE_CONTEXT, "queue")));
    synthesized = Stacks.synthesize(stack, stack.getSocketIo());
    json = synthesized.json();
  }

  @Test
  void theDomainTablesAreTheRulesTablesWithNewAndOldImageStreamsAndPitr() {
    List<DomainTable> domain = Rules.fromLocation(QueueBundle.RULES).tables();
    assertThat(domain).extracting(DomainTable::name).containsExactly(QueueTables.TICKETS, QueueTables.FLOOR);
    for (DomainTable t : domain) {
      Map<String, Object> table = json.ofType("AWS::DynamoDB::Table").values().stream().map(TemplateJson::props)
          .filter(p -> t.name().equals(p.get("TableName"))).findFirst().orElseThrow();
      List<Map<String, Object>> keys = new ArrayList<>(List.of(Map.of("AttributeName", t.partitionKey(), "KeyType",
          "HASH")));
      keys.add(Map.of("AttributeName", t.sortKey(), "KeyType", "RANGE"));
      assertThat(table).containsEntry("KeySchema", keys)
          .containsEntry("StreamSpecification", Map.of("StreamViewType", "NEW_AND_OLD_IMAGES"))
          .containsEntry("BillingMode", "PAY_PER_REQUEST")
          .containsEntry("PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true))
          .containsEntry("SSESpecification", Map.of("SSEEnabled", true));
    }
    Map<String, Object> tickets = json.ofType("AWS::DynamoDB::Table").values().stream().map(TemplateJson::props)
        .filter(p -> QueueTables.TICKETS.equals(p.get("TableName"))).findFirst().orElseThrow();
    assertThat(tickets.get("AttributeDefinitions")).isEqualTo(List.of(
        Map.of("AttributeName", "serviceType", "AttributeType", "S"), Map.of("AttributeName", "seq", "AttributeType", "N")));
  }

  @Test
  void theClientsTableHasNoStreamAndOnlyTheListenerFunctionsMayUseIt() {
    Map<String, Object> clients = props(json.resources().get(id(stack.getTables().get(
        QueueBundle.CLIENTS_TABLE.id()))));
    assertThat(clients).doesNotContainKeys("StreamSpecification", "TableName")
        .containsEntry("KeySchema", List.of(Map.of("AttributeName", "pk", "KeyType", "HASH")));
    // the state table, the clients table, the two domain tables
    synthesized.template().resourceCountIs("AWS::DynamoDB::Table", 4);
  }

  @Test
  void eachDomainTableStreamFeedsTheStreamFunctionWithTheQueueRulesAndReportsPartialFailures() {
    // the DynamoDB stream mappings (the construct's SQS fan-out mapping has no starting position)
    List<Map<String, Object>> mappings = json.ofType("AWS::Lambda::EventSourceMapping").values().stream()
        .map(TemplateJson::props).filter(p -> p.containsKey("StartingPosition")).toList();
    assertThat(mappings).hasSize(2);
    mappings.forEach(m -> assertThat(m)
        .containsEntry("FunctionResponseTypes", List.of("ReportBatchItemFailures"))
        .containsEntry("StartingPosition", "LATEST"));
    for (String name : List.of("QueueTicketsStream", "QueueFloorStream")) {
      Map<String, Object> env = env(name);
      assertThat(env).containsEntry("SOCKETIO_STREAM_RULES", QueueBundle.RULES).containsEntry("SOCKETIO_APP", "queue");
      assertThat(props(function(name))).containsEntry("Handler",
          "dev.socketiolambda.functions.stream.StreamHandler::handleRequest");
    }
  }

  @Test
  void theRoutesGetAnHttpApiAndTheTenSecondMetricsRideTheEveryMinuteSchedule() {
    assertThat(json.ofType("AWS::ApiGatewayV2::Api").values().stream().map(TemplateJson::props)
        .filter(p -> "HTTP".equals(p.get("ProtocolType")))).hasSize(2); // the bundle's routes and the polling API
    assertThat(props(function(BundleHttpApi.FUNCTION))).containsEntry("Handler",
        "dev.socketiolambda.functions.http.HttpHandler::handleRequest");
    Map<String, Map<String, Object>> schedules = json.ofType("AWS::Scheduler::Schedule");
    assertThat(schedules).hasSize(1);
    Map<String, Object> p = props(schedules.values().iterator().next());
    assertThat(p).containsEntry("ScheduleExpression", "rate(1 minute)");
    assertThat(String.valueOf(((Map<?, ?>) p.get("Target")).get("Input")))
        .isEqualTo("{\"schedule\":\"*\",\"time\":\"<aws.scheduler.scheduled-time>\"}");
  }

  @Test
  void everyFunctionRunsTheQueueWithItsAudienceAndTheKeysArn() {
    String secret = id(stack.getSecrets().get(QueueBundle.JWT_SECRET.id()));
    Map<String, Map<String, Object>> functions = json.ofType("AWS::Lambda::Function");
    assertThat(functions).isNotEmpty();
    functions.values().forEach(f -> {
      @SuppressWarnings("unchecked")
      Map<String, Object> env = (Map<String, Object>) ((Map<String, Object>) props(f).get("Environment"))
          .get("Variables");
      assertThat(env).containsEntry("SOCKETIO_APP", "queue")
          .containsEntry("AUTH_AUDIENCE", QueueConfig.DEFAULT_AUDIENCE);
      assertThat(env.get("QUEUE_CLIENTS_TABLE")).isEqualTo(Map.of("Ref", id(stack.getTables().get(
          QueueBundle.CLIENTS_TABLE.id()))));
      assertThat(env.get("AUTH_JWT_SECRET_ARN")).isEqualTo(Map.of("Ref", secret)); // read at init, never the value
      assertThat(env).doesNotContainKey("AUTH_JWT_SECRET");
    });
  }

  @Test
  void theStackHasNoUnsuppressedAwsSolutionsErrors() {
    assertThat(CdkNagTest.errors(synthesized.annotations()).stream().map(m -> m.getId() + ": "
        + m.getEntry().getData()).toList()).isEmpty();
  }

  @Test
  void theFunctionsThatRunTheAppMayWriteTheDomainTablesAndTheOthersMayNot() {
    String tickets = json.ofType("AWS::DynamoDB::Table").entrySet().stream()
        .filter(e -> QueueTables.TICKETS.equals(props(e.getValue()).get("TableName"))).map(Map.Entry::getKey)
        .findFirst().orElseThrow();
    for (String name : List.of("Default", BundleHttpApi.FUNCTION, BundleSchedules.FUNCTION)) {
      assertThat(writesTo(name, tickets)).as(name).isTrue();
    }
    assertThat(writesTo("Connect", tickets)).isFalse();
    assertThat(writesTo("FanOut", tickets)).isFalse();
  }

  /** Whether a policy of the function's role allows PutItem on the table. */
  private static boolean writesTo(String functionName, String tableId) {
    String role = TemplateJson.refs(props(function(functionName)).get("Role")).iterator().next();
    return json.policyStatements().stream()
        .filter(e -> TemplateJson.refs(props(json.resources().get(e.getKey())).get("Roles")).contains(role))
        .map(Map.Entry::getValue)
        .anyMatch(st -> TemplateJson.list(st.get("Action")).contains("dynamodb:PutItem")
            && TemplateJson.refs(st.get("Resource")).contains(tableId));
  }

  private static Map<String, Object> function(String name) {
    return json.resources().get(id(stack.getSocketIo().getFunctions().get(name).function()));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> env(String name) {
    return (Map<String, Object>) ((Map<String, Object>) props(function(name)).get("Environment")).get("Variables");
  }

  private static String id(IConstruct c) {
    return stack.getLogicalId((CfnElement) c.getNode().getDefaultChild());
  }

}
