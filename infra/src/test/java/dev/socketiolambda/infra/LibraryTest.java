package dev.socketiolambda.infra;

import static dev.socketiolambda.infra.TemplateJson.list;
import static dev.socketiolambda.infra.TemplateJson.props;
import static dev.socketiolambda.infra.TemplateJson.refs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.Code;

/**
 * What an infra team adopting the construct relies on: a default that deploys in a fresh account,
 * plain and exported outputs, an environment-agnostic template, stages side by side, safe removal
 * policies, limits that match API Gateway's, alarms that do not page on one event, and the SnapStart
 * guard. Bring-your-own resources: {@link BringYourOwnTest}.
 */
class LibraryTest {
  private static final String APP = "dev.socketiolambda.functions.apps.DemoApp";
  private static final String JAR = FunctionsArtifact.locate().toString();

  private static SocketIoLambdaProps.Builder settings() {
    return SocketIoLambdaProps.builder().appClass(APP).code(Code.fromAsset(JAR)); // an asset belongs to one stack
  }

  private static Stacks.Synthesized construct(String stackId, SocketIoLambdaProps props) {
    App app = Stacks.app(Map.of());
    Stack stack = new Stack(app, stackId);
    SocketIoLambda c = new SocketIoLambda(stack, "SocketIo", props);
    Aspects.of(app).add(new AwsSolutionsChecks());
    return Stacks.synthesize(stack, c);
  }

  @Test
  void theDefaultConstructSetsTheAccountsLoggingRoleBeforeTheStageLogs() {
    Stacks.Synthesized s = construct("Defaults", settings().build());
    TemplateJson json = s.json();
    String account = json.ofType("AWS::ApiGateway::Account").keySet().iterator().next();
    Map<String, Object> stage = json.ofType("AWS::ApiGatewayV2::Stage").values().iterator().next();
    assertThat(list(stage.get("DependsOn"))).contains(account);
    assertThat(props(stage)).containsKey("AccessLogSettings");
    String role = refs(props(json.resources().get(account)).get("CloudWatchRoleArn")).iterator().next();
    assertThat(json.resources().get(role)).containsEntry("DeletionPolicy", "Retain");
    assertThat(CdkNagTest.errors(s.annotations())).isEmpty();
  }

  @Test
  void stageLoggingOffNeedsNoAccountRoleAndStaysNagClean() {
    Stacks.Synthesized s = construct("NoLogs", settings().stageLogging(StageLogging.OFF).build());
    s.template().resourceCountIs("AWS::ApiGateway::Account", 0);
    s.template().hasResourceProperties("AWS::ApiGatewayV2::Stage", Map.of(
        "AccessLogSettings", Match.absent(),
        "DefaultRouteSettings", Map.of("ThrottlingRateLimit", 500, "ThrottlingBurstLimit", 1000)));
    assertThat(CdkNagTest.errors(s.annotations())).isEmpty();
  }

  @Test
  void accountRoleExistsLogsWithoutTouchingTheAccountSetting() {
    Stacks.Synthesized s = construct("RoleExists", settings().stageLogging(StageLogging.LOGS_ACCOUNT_ROLE_EXISTS).build());
    s.template().resourceCountIs("AWS::ApiGateway::Account", 0);
    s.template().hasResourceProperties("AWS::ApiGatewayV2::Stage", Map.of("AccessLogSettings", Match.anyValue()));
  }

  @Test
  void outputsHavePlainKeysAndExportNamesOfTheStack() {
    Map<String, Map<String, Object>> outputs = Stacks.app().json().outputs();
    assertThat(outputs).containsKeys("WebSocketUrl", "ClientSnippet", "ApiId", "ApiEndpoint", "StageName",
        "ManagementEndpoint", "StateTableName", "StateTableArn", "FanOutQueueUrl", "FanOutDlqArn");
    outputs.forEach((key, o) -> assertThat(o.get("Export")).as(key)
        .isEqualTo(Map.of("Name", InfraApp.STACK_NAME + "-" + key)));
    assertThat(Stacks.full().json().outputs()).containsKeys("OrdersStreamDlqArn", "CustomDomainTarget",
        "CustomDomainHostedZoneId", "CustomDomainManagementEndpoint");
  }

  @Test
  void anOutputPrefixLetsTwoConstructsShareAStack() {
    App app = Stacks.app(Map.of());
    Stack stack = new Stack(app, "Two");
    new SocketIoLambda(stack, "Chat", settings().outputPrefix("Chat").build());
    new SocketIoLambda(stack, "Game", settings().outputPrefix("Game").exportOutputs(false).build());
    Map<String, Map<String, Object>> outputs = new TemplateJson(
        software.amazon.awscdk.assertions.Template.fromStack(stack)).outputs();
    assertThat(outputs).containsKeys("ChatWebSocketUrl", "GameWebSocketUrl");
    assertThat(outputs.get("ChatWebSocketUrl").get("Export")).isEqualTo(Map.of("Name", "Two-ChatWebSocketUrl"));
    assertThat(outputs.get("GameWebSocketUrl")).doesNotContainKey("Export");
  }

  @Test
  void theAppsTemplateNamesNoAccountAndNoRegion() {
    for (Stacks.Synthesized s : List.of(Stacks.app(), Stacks.chat())) {
      String template = s.template().toJSON().toString();
      assertThat(Pattern.compile("\\b\\d{12}\\b").matcher(template).find()).as("an account id").isFalse();
      assertThat(Pattern.compile("\\b(us|eu|ap|sa|ca|me|af|il|mx)-[a-z]+-\\d\\b").matcher(template).find())
          .as("a region").isFalse();
      assertThat(template).contains("AWS::Region").contains("AWS::AccountId");
      assertThat(s.stack().getRegion()).startsWith("${Token");
    }
  }

  @Test
  void pinningTheAppToAnEnvironmentIsAsked() {
    App app = Stacks.app(Map.of("socketio:account", Stacks.ACCOUNT, "socketio:region", Stacks.REGION));
    Stack stack = InfraApp.createStack(app);
    assertThat(stack.getRegion()).isEqualTo(Stacks.REGION);
    assertThat(warnings(stack, InfraApp.PINNED_ENVIRONMENT_WARNING)).hasSize(1);
    App half = Stacks.app(Map.of("socketio:region", Stacks.REGION));
    assertThatThrownBy(() -> InfraApp.createStack(half)).hasMessageContaining("both or neither");
  }

  @Test
  void stagesDeploySideBySideUnderTheirOwnStackNames() {
    App app = Stacks.app(Map.of("socketio:stage", "dev"));
    Stack dev = InfraApp.createStack(app);
    assertThat(dev.getStackName()).isEqualTo(InfraApp.STACK_NAME + "-dev");
    App chat = Stacks.app(Map.of("socketio:stage", "staging", InfraApp.EXAMPLE_CONTEXT, "chat"));
    assertThat(InfraApp.createStack(chat).getStackName()).isEqualTo(InfraApp.CHAT_STACK_NAME + "-staging");
    App named = Stacks.app(Map.of("socketio:stackName", "TeamA-Sockets"));
    assertThat(InfraApp.createStack(named).getStackName()).isEqualTo("TeamA-Sockets");
    // nothing named physically: two stacks of the construct cannot collide on a table, queue or log group name
    TemplateJson json = Stacks.app().json();
    Map.of("AWS::DynamoDB::Table", "TableName", "AWS::Logs::LogGroup", "LogGroupName", "AWS::SQS::Queue", "QueueName",
        "AWS::Lambda::Function", "FunctionName", "AWS::IAM::Role", "RoleName", "AWS::CloudWatch::Dashboard",
        "DashboardName", "AWS::CloudWatch::Alarm", "AlarmName").forEach((type, name) ->
            assertThat(json.ofType(type)).isNotEmpty().allSatisfy((id, r) -> assertThat(props(r)).doesNotContainKey(name)));
  }

  @Test
  void dataIsRetainedByDefaultOutsideTheDemo() {
    TemplateJson json = construct("Retained", settings().build()).json();
    for (String type : List.of("AWS::DynamoDB::Table", "AWS::Logs::LogGroup", "AWS::SQS::Queue")) {
      assertThat(json.ofType(type)).isNotEmpty().allSatisfy((id, r) ->
          assertThat(r).as(id).containsEntry("DeletionPolicy", "Retain"));
    }
    // the demo stack of the app is a demo: it deletes them
    assertThat(Stacks.app().json().ofType("AWS::DynamoDB::Table")).allSatisfy((id, r) ->
        assertThat(r).containsEntry("DeletionPolicy", "Delete"));
  }

  @Test
  void snapshotIsRefusedBecauseNothingHereCanBeSnapshotted() {
    assertThatThrownBy(() -> settings().removalPolicy(RemovalPolicy.SNAPSHOT).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SNAPSHOT").hasMessageContaining("RETAIN");
    App app = Stacks.app(Map.of("socketio:removalPolicy", "snapshot"));
    assertThatThrownBy(() -> InfraApp.createStack(app)).hasMessageContaining("snapshot is not supported");
  }

  @Test
  void maxPayloadStaysWithinApiGatewaysMessageLimit() {
    assertThat(settings().build().engine().maxPayload()).isEqualTo(128 * 1024);
    assertThat(settings().maxPayload(64 * 1024).build().engine().maxPayload()).isEqualTo(64 * 1024);
    assertThatThrownBy(() -> settings().maxPayload(1_000_000).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("128 KB");
  }

  @Test
  void throttleBurstIsAtLeastTheRate() {
    assertThat(settings().build().throttleBurstLimit()).isGreaterThanOrEqualTo(settings().build().throttleRateLimit());
    assertThatThrownBy(() -> settings().throttle(1000, 500).build()).hasMessageContaining("burst (500)");
    assertThatThrownBy(() -> settings().routeThrottle("$connect", 50, 10).build()).hasMessageContaining("route $connect");
    assertThatThrownBy(() -> settings().routeThrottle("sendMessage", 50, 100).build())
        .hasMessageContaining("unknown route 'sendMessage'");
  }

  @Test
  void functionAlarmsNeedSeveralEventsInTwoOfThreePeriods() {
    Map<String, Map<String, Object>> alarms = Stacks.app().json().ofType("AWS::CloudWatch::Alarm");
    assertThat(alarms.values().stream().map(TemplateJson::props)
        .filter(a -> List.of("Errors", "Throttles").contains(a.get("MetricName"))).toList())
        .hasSize(14).allSatisfy(a -> {
          assertThat(a).containsEntry("Threshold", SocketIoLambdaProps.DEFAULT_ALARM_THRESHOLD)
              .containsEntry("EvaluationPeriods", 3).containsEntry("DatapointsToAlarm", 2);
        });
    // a dead-letter message is lost data: that one pages at once
    assertThat(alarms.values().stream().map(TemplateJson::props)
        .filter(a -> "ApproximateNumberOfMessagesVisible".equals(a.get("MetricName"))))
        .allSatisfy(a -> assertThat(a).containsEntry("Threshold", 1).containsEntry("EvaluationPeriods", 1));
  }

  @Test
  void aTriggerOnTheFunctionInsteadOfTheAliasIsReported() {
    App app = Stacks.app(Map.of());
    Stack stack = new Stack(app, "Guard");
    SocketIoLambda c = new SocketIoLambda(stack, "SocketIo", settings().build());
    Rule.Builder.create(stack, "Wrong").schedule(Schedule.rate(Duration.hours(1)))
        .targets(List.of(new LambdaFunction(c.getFunctions().get("Heartbeat").function()))).build();
    Rule.Builder.create(stack, "Right").schedule(Schedule.rate(Duration.hours(1)))
        .targets(List.of(new LambdaFunction(c.getFunctions().get("Heartbeat").alias()))).build();
    List<String> paths = warnings(stack, SnapStartGuard.WARNING_ID).stream().map(SynthesisMessage::getId).toList();
    assertThat(paths).anyMatch(p -> p.contains("/Wrong/")).noneMatch(p -> p.contains("/Right/"))
        .noneMatch(p -> p.contains("/SocketIo/")); // the construct's own triggers all use the alias
  }

  @Test
  void unknownFunctionOptionsAreRefused() {
    App app = Stacks.app(Map.of());
    Stack stack = new Stack(app, "Unknown");
    SocketIoLambdaProps p = settings().function("Defualt", FunctionOptions.builder().memorySize(2048).build()).build();
    assertThatThrownBy(() -> new SocketIoLambda(stack, "SocketIo", p))
        .hasMessageContaining("'Defualt'").hasMessageContaining("Default");
  }

  @Test
  void aCustomerManagedKeyEncryptsTheCreatedStateTable() {
    App app = Stacks.app(Map.of());
    Stack stack = new Stack(app, "Keyed");
    Key key = Key.Builder.create(stack, "TableKey").enableKeyRotation(true).build();
    SocketIoLambda c = new SocketIoLambda(stack, "SocketIo", settings().tableEncryptionKey(key).build());
    TemplateJson json = Stacks.synthesize(stack, c).json();
    Map<String, Object> sse = (Map<String, Object>) props(json.ofType("AWS::DynamoDB::Table").values().iterator()
        .next()).get("SSESpecification");
    assertThat(sse).containsEntry("SSEEnabled", true).containsEntry("SSEType", "KMS");
    assertThat(refs(sse.get("KMSMasterKeyId"))).containsExactly(json.ofType("AWS::KMS::Key").keySet().iterator()
        .next());
  }

  @Test
  void everyRecommendedFeatureFlagIsOnInCdkJson() {
    // cdk.json carries aws-cdk-lib's CURRENTLY_RECOMMENDED_FLAGS (see infra/README.md); the stacks above use them
    assertThat(Stacks.CDK_JSON_CONTEXT.keySet().stream().filter(k -> k.startsWith("@aws-cdk"))).hasSizeGreaterThan(80);
    assertThat(Stacks.app().stack().getNode().tryGetContext("@aws-cdk/aws-lambda:recognizeLayerVersion"))
        .isEqualTo(true);
  }

  @SuppressWarnings("deprecation")
  static List<SynthesisMessage> warnings(Stack stack, String id) {
    return software.amazon.awscdk.assertions.Annotations.fromStack(stack)
        .findWarning("*", Match.stringLikeRegexp(".*" + id + ".*"));
  }
}
