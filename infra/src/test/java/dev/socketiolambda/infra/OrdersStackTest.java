package dev.socketiolambda.infra;

import static dev.socketiolambda.infra.TemplateJson.list;
import static dev.socketiolambda.infra.TemplateJson.props;
import static dev.socketiolambda.infra.TemplateJson.refs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.examples.orders.OrdersBundle;
import dev.socketiolambda.examples.orders.OrdersConfig;
import dev.socketiolambda.functions.stream.StreamProcessor;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The orders bundle's stack as {@code cdk synth -c socketio:example=orders} makes it: the domain table
 * of its stream rules with a stream into the stream function, its metrics and limits tables, the HTTP
 * API of its routes, the generated token key, no schedules, cdk-nag clean.
 */
class OrdersStackTest {
  private static Template template;
  private static TemplateJson json;
  private static Annotations annotations;

  @BeforeAll
  static void synthesize() {
    App app = Stacks.app(Map.of(InfraApp.EXAMPLE_CONTEXT, "orders"));
    BundleStack stack = (BundleStack) InfraApp.createStack(app);
    Stacks.Synthesized s = Stacks.synthesize(stack, stack.getSocketIo());
    template = s.template();
    json = s.json();
    annotations = s.annotations();
  }

  @Test
  void domainTableHasTheRulesKeyAndANewAndOldImagesStream() {
    template.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
        "TableName", OrdersConfig.DEFAULT_TABLE,
        "KeySchema", List.of(Map.of("AttributeName", "pk", "KeyType", "HASH")),
        "StreamSpecification", Map.of("StreamViewType", "NEW_AND_OLD_IMAGES"),
        "BillingMode", "PAY_PER_REQUEST",
        "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true)));
    // state, domain, metrics, limits
    template.resourceCountIs("AWS::DynamoDB::Table", 4);
    template.hasResourceProperties("AWS::DynamoDB::Table", Match.objectLike(Map.of(
        "TimeToLiveSpecification", Map.of("AttributeName", "ttl", "Enabled", true))));
  }

  @Test
  void theStreamFeedsTheStreamFunctionWithTheBundlesRulesAndPartialBatchFailures() {
    String domainTable = json.ofType("AWS::DynamoDB::Table").entrySet().stream()
        .filter(e -> OrdersConfig.DEFAULT_TABLE.equals(props(e.getValue()).get("TableName")))
        .map(Map.Entry::getKey).findFirst().orElseThrow();
    List<Map<String, Object>> fromTable = json.ofType("AWS::Lambda::EventSourceMapping").values().stream()
        .map(TemplateJson::props).filter(m -> refs(m.get("EventSourceArn")).contains(domainTable)).toList();
    assertThat(fromTable).hasSize(1);
    Map<String, Object> m = fromTable.get(0);
    assertThat(list(m.get("FunctionResponseTypes"))).containsExactly("ReportBatchItemFailures");
    assertThat(m).containsEntry("StartingPosition", "LATEST").containsKey("DestinationConfig")
        .containsKey("MaximumRetryAttempts");
    template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
        "Handler", "dev.socketiolambda.functions.stream.StreamHandler::handleRequest",
        "Environment", Map.of("Variables", Match.objectLike(Map.of(StreamProcessor.RULES_ENV, OrdersBundle.RULES))))));
  }

  @Test
  void routesGetAnHttpApiAndTheAppRunsAsTheOrdersBundleWithItsAudience() {
    Map<String, Map<String, Object>> apis = json.ofType("AWS::ApiGatewayV2::Api");
    assertThat(apis.values().stream().map(a -> props(a).get("ProtocolType")).collect(Collectors.toList()))
        .containsExactlyInAnyOrder("WEBSOCKET", "HTTP", "HTTP"); // the bundle's routes and the polling API
    template.resourceCountIs("AWS::Scheduler::Schedule", 0); // the seed has no periodic task
    template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of("Environment",
        Map.of("Variables", Match.objectLike(Map.of("SOCKETIO_APP", "orders",
            "AUTH_AUDIENCE", OrdersConfig.DEFAULT_AUDIENCE))))));
  }

  @Test
  void theTokenKeyIsAGeneratedSecret() {
    Map<String, Map<String, Object>> secrets = json.ofType("AWS::SecretsManager::Secret");
    assertThat(secrets).hasSize(1);
    Map<String, Object> p = props(secrets.values().iterator().next());
    assertThat(p).doesNotContainKey("SecretString");
    assertThat(p.get("GenerateSecretString")).isEqualTo(Map.of("PasswordLength", OrdersBundle.JWT_SECRET.length(),
        "ExcludePunctuation", true, "IncludeSpace", false));
  }

  @Test
  void hasNoUnsuppressedAwsSolutionsErrors() {
    assertThat(CdkNagTest.errors(annotations).stream().map(e -> e.getId() + ": " + e.getEntry().getData()).toList())
        .isEmpty();
  }
}
