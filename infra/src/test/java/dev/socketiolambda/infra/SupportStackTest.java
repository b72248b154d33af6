package dev.socketiolambda.infra;

import static dev.socketiolambda.infra.TemplateJson.props;
import static dev.socketiolambda.infra.TemplateJson.refs;
import static dev.socketiolambda.infra.TemplateJson.render;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.examples.support.SupportBundle;
import dev.socketiolambda.examples.support.SupportConfig;
import dev.socketiolambda.functions.stream.StreamHandler;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.constructs.IConstruct;

/**
 * The support desk's stack as {@code cdk synth -c socketio:example=support} makes it: the support
 * table, the queries table of the stream rules with its stream into the stream function, the HTTP API
 * of the seed's controllers, the generated key, the grants, and no cdk-nag finding.
 */
class SupportStackTest {
  private static final String QUERIES = "SocketioSupportQueries";
  private static Stacks.Synthesized synthesized;
  private static BundleStack stack;
  private static TemplateJson json;

  @BeforeAll
  static void synthesize() {
    stack = (BundleStack) InfraApp.createStack(Stacks.app(Map.of(InfraApp.EXAMPLE_CONTEXT, "support")));
    synthesized = Stacks.synthesize(stack, stack.getSocketIo());
    json = synthesized.json();
  }

  @Test
  void theStackIsTheSupportBundlesAndNagClean() {
    assertThat(stack.getStackName()).isEqualTo("SocketIoSupportStack");
    assertThat(stack.getBundle()).isInstanceOf(SupportBundle.class);
    assertThat(CdkNagTest.errors(synthesized.annotations()).stream()
        .map(m -> m.getId() + ": " + m.getEntry().getData())).isEmpty();
  }

  @Test
  void theSupportTableIsOnDemandWithPitrAndSseWithoutStreamOrTtlAndIsRetained() {
    Map<String, Object> table = props(json.resources().get(id(stack.getTables().get("SupportTable"))));
    assertThat(table).containsEntry("BillingMode", "PAY_PER_REQUEST")
        .containsEntry("PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true))
        .containsEntry("SSESpecification", Map.of("SSEEnabled", true))
        .doesNotContainKeys("StreamSpecification", "TimeToLiveSpecification", "TableName");
    assertThat(render(table.get("KeySchema"))).contains("pk").contains("HASH").contains("sk").contains("RANGE");
    assertThat(json.resources().get(id(stack.getTables().get("SupportTable")))).containsEntry("DeletionPolicy", "Retain");
    // the support table, the queries table and the construct's state table
    synthesized.template().resourceCountIs("AWS::DynamoDB::Table", 3);
  }

  @Test
  void theQueriesTableHasTheRulesNameKeyAndANewAndOldImagesStream() {
    Map<String, Object> table = props(json.resources().get(id(stack.getTables().get(QUERIES + "Table"))));
    assertThat(table).containsEntry("TableName", SupportConfig.DEFAULT_QUERIES_TABLE)
        .containsEntry("BillingMode", "PAY_PER_REQUEST")
        .containsEntry("StreamSpecification", Map.of("StreamViewType", "NEW_AND_OLD_IMAGES"))
        .containsEntry("PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true))
        .containsEntry("SSESpecification", Map.of("SSEEnabled", true))
        .containsEntry("KeySchema", List.of(Map.of("AttributeName", "queryId", "KeyType", "HASH")));
  }

  @Test
  void theQueriesStreamFeedsTheStreamFunctionWithTheBundlesRulesAndPartialBatchResponses() {
    SocketIoLambda.SocketFunction fn = stack.getSocketIo().getFunctions().get(QUERIES + "Stream");
    Map<String, Object> function = props(json.resources().get(id(fn.function())));
    assertThat(function.get("Handler")).isEqualTo(StreamHandler.class.getName() + "::handleRequest");
    assertThat(variables(function)).containsEntry("SOCKETIO_STREAM_RULES", SupportBundle.RULES);
    Map<String, Object> mapping = json.ofType("AWS::Lambda::EventSourceMapping").values().stream()
        .map(TemplateJson::props).filter(p -> render(p.get("EventSourceArn")).contains(
            id(stack.getTables().get(QUERIES + "Table")))).findFirst().orElseThrow();
    assertThat(mapping).containsEntry("FunctionResponseTypes", List.of("ReportBatchItemFailures"))
        .containsEntry("BisectBatchOnFunctionError", true)
        .containsKey("DestinationConfig");
    assertThat(((Number) mapping.get("MaximumRetryAttempts")).intValue()).isPositive();
    assertThat(refs(mapping.get("FunctionName"))).contains(id(fn.alias()));
  }

  @Test
  void theSeedsControllersAreAnHttpApiServedByTheHttpFunction() {
    assertThat(stack.getHttpApi()).isNotNull();
    assertThat(stack.getSocketIo().getFunctions()).containsKey(BundleHttpApi.FUNCTION);
    assertThat(json.ofType("AWS::ApiGatewayV2::Api").values().stream().map(TemplateJson::props)
        .map(p -> p.get("ProtocolType"))).contains("HTTP", "WEBSOCKET");
    assertThat(json.ofType("AWS::ApiGatewayV2::Integration").values().stream().map(TemplateJson::props)
        .anyMatch(p -> "2.0".equals(p.get("PayloadFormatVersion")))).isTrue();
  }

  @Test
  void theFunctionsGetTheTableTheAudienceAndTheKeysArnOnly() {
    Map<String, Object> function = props(json.resources().get(id(
        stack.getSocketIo().getFunctions().get(BundleHttpApi.FUNCTION).function())));
    Map<String, Object> env = variables(function);
    assertThat(env).containsEntry("AUTH_AUDIENCE", SupportConfig.DEFAULT_AUDIENCE);
    assertThat(refs(env.get("SUPPORT_TABLE"))).containsExactly(id(stack.getTables().get("SupportTable")));
    assertThat(env.get("AUTH_JWT_SECRET_ARN")).isEqualTo(Map.of("Ref", id(stack.getSecrets().get("JwtSecret"))));
    assertThat(env).doesNotContainKey("AUTH_JWT_SECRET");
    Map<String, Object> secret = props(json.resources().get(id(stack.getSecrets().get("JwtSecret"))));
    assertThat(secret).doesNotContainKey("SecretString");
  }

  @Test
  void theSupportTableIsGrantedOnlyToTheFunctionsThatRunTheApp() {
    String table = id(stack.getTables().get("SupportTable"));
    Set<String> roles = new TreeSet<>();
    json.policyStatements().forEach(e -> {
      if (refs(e.getValue().get("Resource")).contains(table)) {
        roles.addAll(refs(props(json.resources().get(e.getKey())).get("Roles")));
      }
    });
    assertThat(roles).containsExactlyInAnyOrderElementsOf(List.of("Default", "Disconnect", "Heartbeat",
        BundleHttpApi.FUNCTION).stream().map(f -> id(stack.getSocketIo().getFunctions().get(f).role())).toList());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> variables(Map<String, Object> functionProps) {
    return (Map<String, Object>) ((Map<String, Object>) functionProps.get("Environment")).get("Variables");
  }

  private static String id(IConstruct c) {
    return stack.getLogicalId((software.amazon.awscdk.CfnElement) c.getNode().getDefaultChild());
  }
}
