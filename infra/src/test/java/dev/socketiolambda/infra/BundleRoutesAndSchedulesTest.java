package dev.socketiolambda.infra;

import static dev.socketiolambda.infra.TemplateJson.list;
import static dev.socketiolambda.infra.TemplateJson.props;
import static dev.socketiolambda.infra.TemplateJson.refs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketiolambda.functions.bundle.AppBundle;
import dev.socketiolambda.functions.bundle.AppContext;
import dev.socketiolambda.functions.server.SocketIoApp;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awssdk.services.dynamodb.model.ListTablesRequest;

/**
 * A bundle with HTTP routes and schedules ({@link TasksTestBundle}): the HTTP API and its function,
 * the schedule function and its EventBridge Scheduler schedules, their grants, and cdk-nag.
 */
class BundleRoutesAndSchedulesTest {
  private static BundleStack stack;
  private static TemplateJson json;
  private static Stacks.Synthesized synthesized;

  @BeforeAll
  static void synthesize() {
    App app = Stacks.app(Map.of());
    stack = bundleStack(app, new TasksTestBundle());
    Aspects.of(app).add(new AwsSolutionsChecks());
    synthesized = Stacks.synthesize(stack, stack.getSocketIo());
    json = synthesized.json();
  }

  private static BundleStack bundleStack(App app, AppBundle bundle) {
    return new BundleStack(app, "TasksBundle", StackProps.builder().build(), bundle,
        new BundleStack.Options(Code.fromAsset(Path.of("src/test/resources/stream-stub").toAbsolutePath().toString()),
            RemovalPolicy.DESTROY, s -> SocketIoLambdaProps.builder()));
  }

  @Test
  void theHttpApiHasOnlyADefaultRouteIntoTheHttpAliasWithPayloadTwoAndNoCors() {
    Map<String, Map<String, Object>> apis = json.ofType("AWS::ApiGatewayV2::Api");
    Map<String, Object> http = apis.values().stream().map(TemplateJson::props)
        .filter(p -> "HTTP".equals(p.get("ProtocolType"))).findFirst().orElseThrow();
    assertThat(http).doesNotContainKey("CorsConfiguration"); // the router answers preflights
    List<Map<String, Object>> httpRoutes = json.ofType("AWS::ApiGatewayV2::Route").values().stream()
        .map(TemplateJson::props).filter(p -> refs(p.get("ApiId")).contains(id(stack.getHttpApi().getApi())))
        .toList();
    assertThat(httpRoutes).singleElement().satisfies(r -> assertThat(r).containsEntry("RouteKey", "$default"));
    Map<String, Object> integration = json.ofType("AWS::ApiGatewayV2::Integration").values().stream()
        .map(TemplateJson::props).filter(p -> "2.0".equals(p.get("PayloadFormatVersion")))
        .filter(p -> refs(p.get("ApiId")).contains(id(stack.getHttpApi().getApi()))).findFirst().orElseThrow();
    assertThat(integration).containsEntry("IntegrationType", "AWS_PROXY");
    assertThat(refs(integration.get("IntegrationUri"))).containsExactly(aliasOf(BundleHttpApi.FUNCTION));
  }

  @Test
  void theHttpStageIsTheDefaultOneThrottledWithAccessLogsAndItsUrlIsAnOutput() {
    Map<String, Object> stage = json.ofType("AWS::ApiGatewayV2::Stage").values().stream().map(TemplateJson::props)
        .filter(p -> "$default".equals(p.get("StageName"))).findFirst().orElseThrow();
    assertThat(stage).containsEntry("AutoDeploy", true).containsKey("AccessLogSettings");
    assertThat(props(Map.of("Properties", stage.get("AccessLogSettings"))))
        .containsEntry("Format", BundleHttpApi.ACCESS_LOG_FORMAT);
    assertThat((Map<String, Object>) stage.get("DefaultRouteSettings"))
        .containsKeys("ThrottlingRateLimit", "ThrottlingBurstLimit");
    assertThat(json.outputs()).containsKey("HttpApiUrl");
  }

  @Test
  void theHttpAndScheduleFunctionsRunTheirHandlersWithTheEnvironmentOfTheSocketFunctions() {
    Map<String, Object> defaultEnv = env("Default");
    assertThat(defaultEnv).containsEntry("SOCKETIO_APP", TasksTestBundle.NAME).containsEntry("TASKS_PAGE", "20")
        .containsKey("TASKS_TABLE").containsKey("SOCKETIO_FANOUT_QUEUE_URL");
    assertThat(env(BundleHttpApi.FUNCTION)).isEqualTo(defaultEnv);
    assertThat(env(BundleSchedules.FUNCTION)).isEqualTo(defaultEnv);
    assertThat(props(function(BundleHttpApi.FUNCTION))).containsEntry("Handler",
        "dev.socketiolambda.functions.http.HttpHandler::handleRequest").containsEntry("Timeout", 29);
    assertThat(props(function(BundleSchedules.FUNCTION))).containsEntry("Handler",
        "dev.socketiolambda.functions.schedule.ScheduleHandler::handleRequest").containsEntry("Timeout", 90);
    assertThat(90_000L).isGreaterThan(60_000L + dev.socketiolambda.functions.schedule.ScheduleHandler.SAFETY_MARGIN_MS);
  }

  @Test
  void schedulesUnderAMinuteShareOneEveryMinuteScheduleAndLongerOnesGetTheirOwn() {
    Map<String, String> inputByExpression = new java.util.TreeMap<>();
    List<String> rates = new ArrayList<>();
    json.ofType("AWS::Scheduler::Schedule").values().forEach(r -> {
      Map<String, Object> p = props(r);
      @SuppressWarnings("unchecked")
      Map<String, Object> target = (Map<String, Object>) p.get("Target");
      assertThat(p).containsEntry("FlexibleTimeWindow", Map.of("Mode", "OFF"));
      assertThat(target).containsEntry("RetryPolicy", Map.of("MaximumRetryAttempts", 0,
          "MaximumEventAgeInSeconds", 60));
      assertThat(refs(target.get("Arn"))).containsExactly(aliasOf(BundleSchedules.FUNCTION));
      assertThat(refs(target.get("RoleArn"))).containsExactly(schedulerRole());
      inputByExpression.put(String.valueOf(target.get("Input")), String.valueOf(p.get("ScheduleExpression")));
      rates.add(String.valueOf(p.get("ScheduleExpression")));
    });
    assertThat(inputByExpression).containsOnly(
        Map.entry("{\"schedule\":\"*\",\"time\":\"<aws.scheduler.scheduled-time>\"}", "rate(1 minute)"),
        Map.entry("{\"schedule\":\"cleanup\",\"time\":\"<aws.scheduler.scheduled-time>\"}", "rate(1 minute)"),
        Map.entry("{\"schedule\":\"digest\",\"time\":\"<aws.scheduler.scheduled-time>\"}", "rate(5 minutes)"));
    assertThat(rates).hasSize(3); // nothing for "metrics" (10 s): it ticks inside the per-minute invocation
  }

  @Test
  void theSchedulerRoleMayInvokeTheScheduleAliasOnlyAndTheAliasNeverRetries() {
    Map<String, Object> role = props(json.resources().get(schedulerRole()));
    assertThat(String.valueOf(role.get("AssumeRolePolicyDocument"))).contains("scheduler.amazonaws.com")
        .contains("aws:SourceAccount");
    List<Map<String, Object>> statements = new ArrayList<>();
    json.policyStatements().forEach(e -> {
      if (refs(props(json.resources().get(e.getKey())).get("Roles")).contains(schedulerRole())) {
        statements.add(e.getValue());
      }
    });
    assertThat(statements).singleElement().satisfies(s -> {
      assertThat(list(s.get("Action"))).containsExactly("lambda:InvokeFunction");
      assertThat(refs(s.get("Resource"))).containsExactly(aliasOf(BundleSchedules.FUNCTION));
    });
    Map<String, Object> invokeConfig = json.ofType("AWS::Lambda::EventInvokeConfig").values().stream()
        .map(TemplateJson::props).filter(p -> refs(p.get("FunctionName")).contains(functionId(
            BundleSchedules.FUNCTION))).findFirst().orElseThrow();
    assertThat(invokeConfig).containsEntry("MaximumRetryAttempts", 0);
    assertThat(refs(invokeConfig.get("Qualifier"))).containsExactly(aliasOf(BundleSchedules.FUNCTION));
  }

  @Test
  void theBundlesTableIsGrantedToTheHttpAndScheduleFunctionsBesideTheListeners() {
    String table = id(stack.getTables().get("TasksTable"));
    Set<String> roles = new TreeSet<>();
    json.policyStatements().forEach(e -> {
      if (refs(e.getValue().get("Resource")).contains(table)) {
        roles.addAll(refs(props(json.resources().get(e.getKey())).get("Roles")));
      }
    });
    assertThat(roles).containsExactlyInAnyOrderElementsOf(
        List.of("Default", "Disconnect", "Heartbeat", BundleHttpApi.FUNCTION, BundleSchedules.FUNCTION).stream()
            .map(BundleRoutesAndSchedulesTest::roleOf).toList());
  }

  @Test
  void theHttpAndScheduleFunctionsHaveAlarmsAndTheStackIsNagClean() {
    assertThat(stack.getSocketIo().getAlarms().stream().map(a -> a.getNode().getId()))
        .contains("HttpErrorsAlarm", "HttpThrottlesAlarm", "ScheduleErrorsAlarm", "ScheduleThrottlesAlarm");
    assertThat(CdkNagTest.errors(synthesized.annotations()).stream()
        .map(m -> m.getId() + ": " + m.getEntry().getData())).isEmpty();
  }

  @Test
  void aBundleWithoutRoutesOrSchedulesGetsNeither() {
    AppBundle plain = bundle("plain-test", context -> io -> { });
    BundleStack s = bundleStack(new App(), plain);
    assertThat(s.getHttpApi()).isNull();
    assertThat(s.getSchedules()).isNull();
    assertThat(s.getSocketIo().getFunctions()).doesNotContainKeys(BundleHttpApi.FUNCTION, BundleSchedules.FUNCTION);
  }

  @Test
  void anAppThatCallsDynamoDbWhileBeingBuiltFailsTheSynthWithItsName() {
    AppBundle eager = bundle("eager-test", context -> {
      context.dynamo().listTables(ListTablesRequest.builder().build());
      return io -> { };
    });
    assertThatThrownBy(() -> bundleStack(new App(), eager)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("bundle eager-test").hasMessageContaining("listTables");
  }

  // ------------------------------------------------------------------ helpers

  /** A bundle with nothing but its socket app. */
  private static AppBundle bundle(String name, java.util.function.Function<AppContext, SocketIoApp> app) {
    return new AppBundle() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String description() {
        return name + " (infra tests)";
      }

      @Override
      public SocketIoApp createApp(AppContext context) {
        return app.apply(context);
      }
    };
  }

  private static String id(software.constructs.IConstruct c) {
    return stack.getLogicalId((software.amazon.awscdk.CfnElement) c.getNode().getDefaultChild());
  }

  private static String functionId(String name) {
    return id(stack.getSocketIo().getFunctions().get(name).function());
  }

  private static String aliasOf(String name) {
    return id(stack.getSocketIo().getFunctions().get(name).alias());
  }

  private static String roleOf(String name) {
    return id(stack.getSocketIo().getFunctions().get(name).role());
  }

  private static String schedulerRole() {
    return json.ofType("AWS::IAM::Role").keySet().stream().filter(k -> k.startsWith("SchedulerRole"))
        .findFirst().orElseThrow();
  }

  private static Map<String, Object> function(String name) {
    return json.resources().get(functionId(name));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> env(String name) {
    return (Map<String, Object>) ((Map<String, Object>) props(function(name)).get("Environment")).get("Variables");
  }
}
