package dev.socketiolambda.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.StreamViewType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.sns.Topic;

/**
 * The synthesized stacks the tests share (jsii start-up and synthesis cost seconds, so each stack
 * is built once per test JVM): the app's own stack, the app's chat example stack, and a stack that
 * uses every option.
 */
final class Stacks {
  static final String ACCOUNT = "123456789012";
  static final String REGION = "eu-west-1";
  static final String DOMAIN = "ws.example.com";
  static final String URL_DOMAIN = "io.example.com";
  static final String CORS_ORIGIN = "https://app.example.com";
  static final String TOPIC_ARN = "arn:aws:sns:eu-west-1:123456789012:socketio-alarms";
  static final String STREAM_HANDLER = "com.example.orders.OrderBroadcaster::handleRequest";

  /** A synthesized stack with its template and annotations. */
  record Synthesized(Stack stack, SocketIoLambda socketIo, Template template, TemplateJson json,
      Annotations annotations) {}

  /** The context of {@code infra/cdk.json}: the app's settings and every recommended feature flag. */
  static final Map<String, Object> CDK_JSON_CONTEXT = cdkJsonContext();

  private static Synthesized app;
  private static Synthesized full;
  private static Synthesized chat;

  private Stacks() {}

  /** The stack of {@link InfraApp} with no context: what {@code cdk synth} produces (cdk-nag included). */
  static synchronized Synthesized app() {
    if (app == null) {
      SocketIoLambdaStack stack = (SocketIoLambdaStack) InfraApp.createStack(app(Map.of()));
      app = synthesize(stack, stack.getSocketIo());
    }
    return app;
  }

  /** The stack of {@link InfraApp} with {@code -c socketio:example=chat} (cdk-nag included). */
  static synchronized Synthesized chat() {
    if (chat == null) {
      App a = app(Map.of(InfraApp.EXAMPLE_CONTEXT, "chat"));
      BundleStack stack = (BundleStack) InfraApp.createStack(a);
      chat = synthesize(stack, stack.getSocketIo());
    }
    return chat;
  }

  /**
   * Every option: route responses on, authorizer, custom domain, the one URL's domain and CORS origins, a domain table
   * stream, an alarm topic, retained data,
   * a concrete account and region, another stage name.
   */
  static synchronized Synthesized full() {
    if (full == null) {
      App a = app(Map.of());
      Stack stack = new Stack(a, "FullOptions", StackProps.builder()
          .env(Environment.builder().account(ACCOUNT).region(REGION).build()).build());
      Function authorizer = Function.Builder.create(stack, "TokenAuthorizer")
          .runtime(Runtime.NODEJS_22_X)
          .handler("index.handler")
          .code(Code.fromInline("exports.handler = async () => ({ isAuthorized: false });"))
          .build();
      Table orders = Table.Builder.create(stack, "Orders")
          .partitionKey(Attribute.builder().name("orderId").type(AttributeType.STRING).build())
          .billingMode(BillingMode.PAY_PER_REQUEST)
          .stream(StreamViewType.NEW_AND_OLD_IMAGES)
          .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
              .pointInTimeRecoveryEnabled(true).build())
          .build();
      SocketIoLambda socketIo = new SocketIoLambda(stack, "SocketIo", SocketIoLambdaProps.builder()
          .appClass("dev.socketiolambda.functions.apps.ConformanceApp")
          .stageName("live")
          .memorySize(2048)
          .routeResponses(true)
          .authorizer(authorizer)
          .customDomain(CustomDomain.of(DOMAIN, Certificate.fromCertificateArn(stack, "Cert",
              "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000000")))
          .domainStream(DomainStream.builder()
              .id("Orders")
              .table(orders)
              .handler(STREAM_HANDLER)
              .code(Code.fromAsset(Path.of("src/test/resources/stream-stub").toAbsolutePath().toString()))
              .environment(Map.of("SOCKETIO_STREAM_RULES", "classpath:orders-rules.json"))
              .retryAttempts(3)
              .maxRecordAge(Duration.hours(1))
              .build())
          .urlDomain(CustomDomain.of(URL_DOMAIN, Certificate.fromCertificateArn(stack, "UrlCert",
              "arn:aws:acm:us-east-1:123456789012:certificate/11111111-1111-1111-1111-111111111111")))
          .corsOrigins(List.of(CORS_ORIGIN))
          .alarmTopic(Topic.fromTopicArn(stack, "Alarms", TOPIC_ARN))
          .removalPolicy(RemovalPolicy.RETAIN)
          .apiGatewayCloudWatchRole(false)
          .build());
      // The fixture's own resources are not the construct's: their findings are accepted here.
      NagSuppressions.addResourceSuppressions(authorizer, List.of(
          NagPackSuppression.builder().id("AwsSolutions-IAM4")
              .reason("Test fixture: a stand-in authorizer with CDK's default execution role").build(),
          NagPackSuppression.builder().id("AwsSolutions-L1")
              .reason("Test fixture: the authorizer's runtime is irrelevant to the construct").build()), true);
      Aspects.of(a).add(new AwsSolutionsChecks());
      full = synthesize(stack, socketIo);
    }
    return full;
  }

  /** An app with cdk.json's context (feature flags included) plus {@code extra}, as {@code cdk synth -c} gives it. */
  static App app(Map<String, Object> extra) {
    Map<String, Object> context = new java.util.LinkedHashMap<>(CDK_JSON_CONTEXT);
    context.putAll(extra);
    return new App(AppProps.builder().context(context).build());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cdkJsonContext() {
    try {
      Map<String, Object> cdkJson = new com.fasterxml.jackson.databind.ObjectMapper()
          .readValue(Path.of("cdk.json").toFile(), Map.class);
      return Map.copyOf((Map<String, Object>) cdkJson.get("context"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static Synthesized synthesize(Stack stack, SocketIoLambda socketIo) {
    Template template = Template.fromStack(stack);
    return new Synthesized(stack, socketIo, template, new TemplateJson(template), Annotations.fromStack(stack));
  }
}
