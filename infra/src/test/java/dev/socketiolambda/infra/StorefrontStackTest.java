package dev.socketiolambda.infra;

import static dev.socketiolambda.infra.TemplateJson.props;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.examples.storefront.StorefrontBundle;
import dev.socketiolambda.examples.storefront.StorefrontConfig;
import dev.socketiolambda.examples.storefront.StorefrontEvents;
import dev.socketiolambda.examples.storefront.StorefrontTables;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The storefront's stack as {@code cdk synth -c socketio:example=storefront} makes it: the six domain
 * tables with streams into the stream function (rules + {@link StorefrontEvents}), the index table,
 * the HTTP API, the two schedules, and no cdk-nag error.
 */
class StorefrontStackTest {
  private static Stacks.Synthesized stack;

  @BeforeAll
  static void synthesize() {
    App app = Stacks.app(Map.of(InfraApp.EXAMPLE_CONTEXT, "storefront"));
    BundleStack s = (BundleStack) InfraApp.createStack(app);
    stack = Stacks.synthesize(s, s.getSocketIo());
  }

  @Test
  void theSixDomainTablesHaveTheirKeysAndNewAndOldImageStreams() {
    Map<String, Object> keys = new TreeMap<>();
    stack.json().ofType("AWS::DynamoDB::Table").values().stream().map(TemplateJson::props)
        .filter(p -> p.containsKey("TableName") && String.valueOf(p.get("TableName")).startsWith("storefront-"))
        .forEach(p -> {
          assertThat(p.get("StreamSpecification")).isEqualTo(Map.of("StreamViewType", "NEW_AND_OLD_IMAGES"));
          assertThat(p.get("PointInTimeRecoverySpecification"))
              .isEqualTo(Map.of("PointInTimeRecoveryEnabled", true));
          keys.put(String.valueOf(p.get("TableName")), p.get("KeySchema"));
        });
    assertThat(keys).containsOnlyKeys(StorefrontTables.PRODUCTS, StorefrontTables.CARTS, StorefrontTables.ORDERS,
        StorefrontTables.WHOLESALE, StorefrontTables.QUOTATIONS, StorefrontTables.NOTIFICATIONS);
    assertThat(keys.get(StorefrontTables.CARTS)).isEqualTo(List.of(
        Map.of("AttributeName", "userId", "KeyType", "HASH"), Map.of("AttributeName", "productId", "KeyType", "RANGE")));
    assertThat(keys.get(StorefrontTables.PRODUCTS)).isEqualTo(List.of(
        Map.of("AttributeName", "productId", "KeyType", "HASH")));
  }

  @Test
  void theIndexTableHasTtlAndNoStreamAndItsNameReachesTheFunctions() {
    stack.template().hasResourceProperties("AWS::DynamoDB::Table", Match.objectLike(Map.of(
        "KeySchema", List.of(Map.of("AttributeName", "pk", "KeyType", "HASH"),
            Map.of("AttributeName", "sk", "KeyType", "RANGE")),
        "TimeToLiveSpecification", Map.of("AttributeName", StorefrontTables.TTL_ATTRIBUTE, "Enabled", true),
        "StreamSpecification", Match.absent())));
    stack.template().hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
        "Environment", Map.of("Variables", Match.objectLike(Map.of("SOCKETIO_APP", "storefront",
            "AUTH_AUDIENCE", StorefrontConfig.DEFAULT_AUDIENCE, "STOREFRONT_TABLE", Match.anyValue()))))));
  }

  @Test
  void everyDomainTableFeedsTheStreamFunctionWithTheRulesAndTheHookReportingPartialFailures() {
    Template t = stack.template();
    t.resourcePropertiesCountIs("AWS::Lambda::Function", Match.objectLike(Map.of(
        "Handler", "dev.socketiolambda.functions.stream.StreamHandler::handleRequest",
        "Environment", Map.of("Variables", Match.objectLike(Map.of(
            "SOCKETIO_STREAM_RULES", StorefrontBundle.RULES,
            "SOCKETIO_STREAM_HOOK", StorefrontEvents.class.getName()))))), 6);
    // the stream mappings (the seventh mapping is the construct's fan-out queue, which has no starting position)
    t.resourcePropertiesCountIs("AWS::Lambda::EventSourceMapping", Match.objectLike(Map.of(
        "FunctionResponseTypes", List.of("ReportBatchItemFailures"), "StartingPosition", Match.anyValue())), 6);
  }

  @Test
  void theRoutesGetAnHttpApiAndBothSchedulesRunEveryMinute() {
    assertThat(stack.json().ofType("AWS::ApiGatewayV2::Api").values().stream()
        .map(r -> String.valueOf(props(r).get("ProtocolType"))).toList()).contains("HTTP", "WEBSOCKET");
    TreeSet<String> schedules = new TreeSet<>();
    stack.json().ofType("AWS::Scheduler::Schedule").values().forEach(r -> {
      Map<String, Object> p = props(r);
      assertThat(p.get("ScheduleExpression")).isEqualTo("rate(1 minute)");
      @SuppressWarnings("unchecked")
      Map<String, Object> target = (Map<String, Object>) p.get("Target");
      schedules.add(String.valueOf(target.get("Input")));
    });
    assertThat(schedules).hasSize(2).anyMatch(i -> i.contains("\"metrics\""))
        .anyMatch(i -> i.contains("\"quotation-expiry\""));
  }

  @Test
  void hasNoUnsuppressedCdkNagErrors() {
    assertThat(CdkNagTest.errors(stack.annotations()).stream().map(m -> m.getId()).toList()).isEmpty();
  }
}
