package dev.socketiolambda.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.util.Locale;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.DefaultStackSynthesizer;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.sns.Topic;

/**
 * The CDK app of this repository ({@code infra/cdk.json}): deploys the demo application with
 * {@link SocketIoLambda}. Settings come from CDK context ({@code -c key=value} or {@code cdk.json}):
 * <ul>
 *   <li>{@code socketio:app}: the SocketIoApp class (default {@value #DEFAULT_APP})</li>
 *   <li>{@code socketio:stage}: stage name (default {@value SocketIoLambdaProps#DEFAULT_STAGE})</li>
 *   <li>{@code socketio:memory}: MB per function (default {@value SocketIoLambdaProps#DEFAULT_MEMORY_MB})</li>
 *   <li>{@code socketio:pingIntervalMs}, {@code socketio:pingTimeoutMs}: Engine.IO heartbeat</li>
 *   <li>{@code socketio:removalPolicy}: {@code destroy} (default here: a demo) or {@code retain}</li>
 *   <li>{@code socketio:apiGatewayCloudWatchRole}: {@code true} (default) sets API Gateway's
 *       account-wide logging role; use {@code false} when the account already has one</li>
 *   <li>{@code socketio:alarmTopicArn}: SNS topic for alarms (optional)</li>
 *   <li>{@code socketio:domainName}, {@code socketio:certificateArn}, {@code socketio:apiMappingKey}:
 *       custom domain (optional)</li>
 * </ul>
 * The stack is environment-agnostic unless {@code CDK_DEFAULT_ACCOUNT}/{@code CDK_DEFAULT_REGION}
 * are set (the CDK CLI sets them from your profile), so synth needs no credentials and no network.
 * cdk-nag's AwsSolutions pack runs on every synth; an unsuppressed finding fails it.
 */
public final class InfraApp {
  public static final String STACK_NAME = "SocketIoLambdaStack";
  public static final String DEFAULT_APP = "dev.socketiolambda.functions.apps.DemoApp";

  private InfraApp() {}

  public static void main(String[] args) {
    AppProps.Builder appProps = AppProps.builder();
    if (System.getenv("CDK_OUTDIR") == null) {
      appProps.outdir("cdk.out"); // run without the CDK CLI: same place as `cdk synth`
    }
    App app = new App(appProps.build());
    createStack(app);
    app.synth();
  }

  /** Adds the stack (and the cdk-nag checks) to an app; settings from the app's context. */
  public static SocketIoLambdaStack createStack(App app) {
    // SAM reads the asset paths from this metadata (the CDK CLI turns it on too).
    app.getNode().setContext("aws:cdk:enable-asset-metadata", true);
    StackProps.Builder stackProps = StackProps.builder()
        .description("socketio-lambda: Socket.IO on AWS Lambda + API Gateway WebSockets")
        // No bootstrap-version rule: `sam deploy` can deploy the synthesized template as it is.
        .synthesizer(DefaultStackSynthesizer.Builder.create().generateBootstrapVersionRule(false).build());
    String account = System.getenv("CDK_DEFAULT_ACCOUNT");
    String region = System.getenv("CDK_DEFAULT_REGION");
    if (account != null && region != null) {
      stackProps.env(Environment.builder().account(account).region(region).build());
    }
    Context ctx = new Context(app);
    SocketIoLambdaStack stack = new SocketIoLambdaStack(app, STACK_NAME, stackProps.build(), s -> props(ctx, s));
    Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
    return stack;
  }

  private static SocketIoLambdaProps props(Context ctx, Stack stack) {
    SocketIoLambdaProps.Builder b = SocketIoLambdaProps.builder()
        .appClass(ctx.string("socketio:app", DEFAULT_APP))
        .stageName(ctx.string("socketio:stage", SocketIoLambdaProps.DEFAULT_STAGE))
        .memorySize(Integer.parseInt(ctx.string("socketio:memory",
            Integer.toString(SocketIoLambdaProps.DEFAULT_MEMORY_MB))))
        .apiGatewayCloudWatchRole(Boolean.parseBoolean(ctx.string("socketio:apiGatewayCloudWatchRole", "true")))
        .removalPolicy(removalPolicy(ctx.string("socketio:removalPolicy", "destroy")));
    String ping = ctx.string("socketio:pingIntervalMs", null);
    if (ping != null) {
      b.pingIntervalMs(Long.parseLong(ping));
    }
    String timeout = ctx.string("socketio:pingTimeoutMs", null);
    if (timeout != null) {
      b.pingTimeoutMs(Long.parseLong(timeout));
    }
    String topic = ctx.string("socketio:alarmTopicArn", null);
    if (topic != null) {
      b.alarmTopic(Topic.fromTopicArn(stack, "AlarmTopic", topic));
    }
    String domain = ctx.string("socketio:domainName", null);
    if (domain != null) {
      String cert = ctx.string("socketio:certificateArn", null);
      if (cert == null) {
        throw new IllegalArgumentException("socketio:domainName needs socketio:certificateArn (an ACM certificate "
            + "for " + domain + " in the stack's region)");
      }
      b.customDomain(new CustomDomain(domain, Certificate.fromCertificateArn(stack, "DomainCertificate", cert),
          ctx.string("socketio:apiMappingKey", CustomDomain.DEFAULT_MAPPING_KEY)));
    }
    return b.build();
  }

  private static RemovalPolicy removalPolicy(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "destroy" -> RemovalPolicy.DESTROY;
      case "retain" -> RemovalPolicy.RETAIN;
      case "snapshot" -> RemovalPolicy.SNAPSHOT;
      default -> throw new IllegalArgumentException("socketio:removalPolicy must be destroy, retain or snapshot, was "
          + value);
    };
  }

  private record Context(App app) {
    String string(String key, String fallback) {
      Object v = app.getNode().tryGetContext(key);
      return v == null || v.toString().isBlank() ? fallback : v.toString();
    }
  }
}
