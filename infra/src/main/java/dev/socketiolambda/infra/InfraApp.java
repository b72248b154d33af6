package dev.socketiolambda.infra;

import dev.socketiolambda.functions.bundle.AppBundle;
import dev.socketiolambda.functions.bundle.Bundles;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.DefaultStackSynthesizer;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.sns.Topic;

/**
 * The CDK app of this repository ({@code infra/cdk.json}): deploys the demo application with
 * {@link SocketIoLambda} as {@value #STACK_NAME}, or with {@code -c socketio:example=NAME} an
 * application bundle ({@link BundleStack}), e.g. the chat as {@value #CHAT_STACK_NAME}. Settings come from CDK context
 * ({@code -c key=value} or {@code cdk.json}):
 * <ul>
 *   <li>{@code socketio:example}: unset for the demo stack, or a bundle's name ({@code chat})</li>
 *   <li>{@code socketio:app}: the SocketIoApp class (default {@value #DEFAULT_APP}); the chat
 *       examples ignore it and run their bundle</li>
 *   <li>{@code socketio:stage}: stage name (default {@value SocketIoLambdaProps#DEFAULT_STAGE})</li>
 *   <li>{@code socketio:memory}: MB per function (default {@value SocketIoLambdaProps#DEFAULT_MEMORY_MB})</li>
 *   <li>{@code socketio:pingIntervalMs}, {@code socketio:pingTimeoutMs}: Engine.IO heartbeat</li>
 *   <li>{@code socketio:stackName}: the stack's name (default {@value #STACK_NAME} or
 *       {@value #CHAT_STACK_NAME} for the stage {@value SocketIoLambdaProps#DEFAULT_STAGE}, else
 *       {@code <that>-<stage>}, so several stages deploy side by side)</li>
 *   <li>{@code socketio:removalPolicy}: {@code destroy} (default for the demo) or {@code retain}
 *       (default for the chat example, where it also applies to the chat table and the secret);
 *       {@code snapshot} is refused (nothing here can be snapshotted)</li>
 *   <li>{@code socketio:stageLogging}: {@code with-account-role} (default), {@code account-role-exists}
 *       or {@code off}; {@code socketio:apiGatewayCloudWatchRole=false} is the same as
 *       {@code account-role-exists}</li>
 *   <li>{@code socketio:account}, {@code socketio:region}: pin the stack to an environment (both or
 *       neither; default neither: an environment-agnostic template)</li>
 *   <li>{@code socketio:alarmTopicArn}: SNS topic for alarms (optional)</li>
 *   <li>{@code socketio:domainName}, {@code socketio:certificateArn}, {@code socketio:apiMappingKey}:
 *       custom domain (optional)</li>
 *   <li>{@code socketio:polling}: {@code true} (default: long-polling and the one URL through
 *       CloudFront) or {@code false} (the WebSocket API alone)</li>
 *   <li>{@code socketio:corsOrigins}: comma-separated origins (or {@code *}) whose pages may poll</li>
 *   <li>{@code socketio:urlDomainName}, {@code socketio:urlCertificateArn}: a custom domain for the
 *       one URL (the certificate in {@code us-east-1}, optional)</li>
 * </ul>
 * The stack is environment-agnostic unless {@code socketio:account} and {@code socketio:region} say
 * otherwise (the CLI's {@code CDK_DEFAULT_ACCOUNT}/{@code CDK_DEFAULT_REGION} are ignored): the
 * template holds no account or region, deploys wherever {@code cdk deploy} or {@code sam deploy}
 * sends it, and synth needs no credentials and no network. A pinned stack gets a synth warning.
 * cdk-nag's AwsSolutions pack runs on every synth; an unsuppressed finding fails it.
 */
public final class InfraApp {
  /** Name of the demo stack for the default stage. */
  public static final String STACK_NAME = "SocketIoLambdaStack";
  /** Name of the chat example's stack ({@code -c socketio:example=chat}). */
  public static final String CHAT_STACK_NAME = "SocketIoChatStack";
  /** The demo's application class. */
  public static final String DEFAULT_APP = "dev.socketiolambda.functions.apps.DemoApp";
  /** Context key that picks an example instead of the demo stack. */
  public static final String EXAMPLE_CONTEXT = "socketio:example";

  /** Id of the warning a stack pinned to an account and region gets. */
  public static final String PINNED_ENVIRONMENT_WARNING = "socketio-lambda:pinnedEnvironment";

  private InfraApp() {}

  /** Synthesizes the app into {@code cdk.out} (or {@code CDK_OUTDIR}). */
  public static void main(String[] args) {
    AppProps.Builder appProps = AppProps.builder();
    if (System.getenv("CDK_OUTDIR") == null) {
      appProps.outdir("cdk.out"); // run without the CDK CLI: same place as `cdk synth`
    }
    App app = new App(appProps.build());
    createStack(app);
    app.synth();
  }

  /**
   * Adds the stack (and the cdk-nag checks) to an app; settings from the app's context: the demo
   * stack ({@link SocketIoLambdaStack}), or the example {@value #EXAMPLE_CONTEXT} names.
   */
  public static Stack createStack(App app) {
    Context ctx = new Context(app);
    String example = ctx.string(EXAMPLE_CONTEXT, null);
    if (example == null) {
      return createDemoStack(app);
    }
    String name = example.trim().toLowerCase(Locale.ROOT);
    AppBundle bundle = Bundles.all().stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow(() ->
        new IllegalArgumentException(EXAMPLE_CONTEXT + " must be one of " + examples() + " (or unset for the demo "
            + "stack " + STACK_NAME + "), was '" + example + "'"));
    return createBundleStack(app, bundle);
  }

  /** The bundles {@value #EXAMPLE_CONTEXT} accepts: every one on the class path but the demo and conformance apps. */
  public static List<String> examples() {
    return Bundles.all().stream().map(AppBundle::name).filter(n -> !n.equals("demo") && !n.equals("conformance"))
        .toList();
  }

  /** The stack name of a bundle: {@code SocketIo<Name>Stack} ({@value #CHAT_STACK_NAME} for the chat). */
  public static String stackName(AppBundle bundle) {
    return "SocketIo" + Character.toUpperCase(bundle.name().charAt(0)) + bundle.name().substring(1).replace("-", "")
        + "Stack";
  }

  /** Adds the demo stack, {@value #STACK_NAME}, and the cdk-nag checks. */
  public static SocketIoLambdaStack createDemoStack(App app) {
    Context ctx = new Context(app);
    SocketIoLambdaStack stack = new SocketIoLambdaStack(app, stackName(ctx, STACK_NAME),
        stackProps(ctx, "socketio-lambda: Socket.IO on AWS Lambda + API Gateway WebSockets"),
        s -> settings(ctx, s, RemovalPolicy.DESTROY).appClass(ctx.string("socketio:app", DEFAULT_APP)).build());
    warnIfPinned(stack);
    Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
    return stack;
  }

  /** Adds a bundle's stack, {@link #stackName}, and the cdk-nag checks. */
  public static BundleStack createBundleStack(App app, AppBundle bundle) {
    Context ctx = new Context(app);
    RemovalPolicy removal = removalPolicy(ctx, RemovalPolicy.RETAIN);
    BundleStack stack = new BundleStack(app, stackName(ctx, stackName(bundle)),
        stackProps(ctx, "socketio-lambda " + bundle.name() + " example: " + bundle.description()),
        bundle, new BundleStack.Options(null, removal, s -> settings(ctx, s, removal)));
    warnIfPinned(stack);
    Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
    return stack;
  }

  /** The stack name: {@code socketio:stackName}, else {@code base} for the default stage and {@code base-<stage>} for others. */
  private static String stackName(Context ctx, String base) {
    String stage = ctx.string("socketio:stage", SocketIoLambdaProps.DEFAULT_STAGE);
    return ctx.string("socketio:stackName", stage.equals(SocketIoLambdaProps.DEFAULT_STAGE) ? base : base + "-" + stage);
  }

  private static StackProps stackProps(Context ctx, String description) {
    // SAM reads the asset paths from this metadata (the CDK CLI turns it on too).
    ctx.app().getNode().setContext("aws:cdk:enable-asset-metadata", true);
    StackProps.Builder stackProps = StackProps.builder()
        .description(description)
        // No bootstrap-version rule: `sam deploy` can deploy the synthesized template as it is.
        .synthesizer(DefaultStackSynthesizer.Builder.create().generateBootstrapVersionRule(false).build());
    String account = ctx.string("socketio:account", null);
    String region = ctx.string("socketio:region", null);
    if ((account == null) != (region == null)) {
      throw new IllegalArgumentException("socketio:account and socketio:region pin the stack together: give both "
          + "or neither (neither: an environment-agnostic template), were account=" + account + ", region=" + region);
    }
    if (account != null) {
      stackProps.env(Environment.builder().account(account).region(region).build());
    }
    return stackProps.build();
  }

  private static void warnIfPinned(Stack stack) {
    if (!Token.isUnresolved(stack.getRegion())) {
      Annotations.of(stack).addWarningV2(PINNED_ENVIRONMENT_WARNING, "This template is pinned to account "
          + stack.getAccount() + " and region " + stack.getRegion() + " (socketio:account, socketio:region): "
          + "its ARNs and integration URIs name them, so deploy it only there.");
    }
  }

  /** The construct's settings from context, all but the application. */
  private static SocketIoLambdaProps.Builder settings(Context ctx, Stack stack, RemovalPolicy defaultRemoval) {
    SocketIoLambdaProps.Builder b = SocketIoLambdaProps.builder()
        .stageName(ctx.string("socketio:stage", SocketIoLambdaProps.DEFAULT_STAGE))
        .memorySize(Integer.parseInt(ctx.string("socketio:memory",
            Integer.toString(SocketIoLambdaProps.DEFAULT_MEMORY_MB))))
        .stageLogging(stageLogging(ctx))
        .removalPolicy(removalPolicy(ctx, defaultRemoval));
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
    oneUrl(ctx, stack, b);
    return b;
  }

  /** {@code socketio:polling}, {@code socketio:corsOrigins}, {@code socketio:urlDomainName} and its certificate. */
  private static void oneUrl(Context ctx, Stack stack, SocketIoLambdaProps.Builder b) {
    String polling = ctx.string("socketio:polling", "true").trim().toLowerCase(Locale.ROOT);
    if (!polling.equals("true") && !polling.equals("false")) {
      throw new IllegalArgumentException("socketio:polling must be true or false, was " + polling);
    }
    b.polling(polling.equals("true"));
    String cors = ctx.string("socketio:corsOrigins", null);
    if (cors != null) {
      b.corsOrigins(Arrays.stream(cors.split(",")).map(String::trim).filter(o -> !o.isEmpty()).toList());
    }
    String domain = ctx.string("socketio:urlDomainName", null);
    if (domain != null) {
      String cert = ctx.string("socketio:urlCertificateArn", null);
      if (cert == null) {
        throw new IllegalArgumentException("socketio:urlDomainName needs socketio:urlCertificateArn (an ACM "
            + "certificate for " + domain + " in us-east-1, as CloudFront requires)");
      }
      b.urlDomain(CustomDomain.of(domain, Certificate.fromCertificateArn(stack, "UrlCertificate", cert)));
    }
  }

  private static RemovalPolicy removalPolicy(Context ctx, RemovalPolicy fallback) {
    String value = ctx.string("socketio:removalPolicy", null);
    if (value == null) {
      return fallback;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "destroy" -> RemovalPolicy.DESTROY;
      case "retain" -> RemovalPolicy.RETAIN;
      case "snapshot" -> throw new IllegalArgumentException("socketio:removalPolicy=snapshot is not supported: "
          + "CloudFormation cannot snapshot DynamoDB tables, log groups, queues or secrets; use retain");
      default -> throw new IllegalArgumentException("socketio:removalPolicy must be destroy or retain, was " + value);
    };
  }

  private static StageLogging stageLogging(Context ctx) {
    String value = ctx.string("socketio:stageLogging", null);
    if (value == null) {
      return Boolean.parseBoolean(ctx.string("socketio:apiGatewayCloudWatchRole", "true"))
          ? StageLogging.LOGS_WITH_ACCOUNT_ROLE : StageLogging.LOGS_ACCOUNT_ROLE_EXISTS;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "with-account-role" -> StageLogging.LOGS_WITH_ACCOUNT_ROLE;
      case "account-role-exists" -> StageLogging.LOGS_ACCOUNT_ROLE_EXISTS;
      case "off" -> StageLogging.OFF;
      default -> throw new IllegalArgumentException("socketio:stageLogging must be with-account-role, "
          + "account-role-exists or off, was " + value);
    };
  }

  private record Context(App app) {
    String string(String key, String fallback) {
      Object v = app.getNode().tryGetContext(key);
      return v == null || v.toString().isBlank() ? fallback : v.toString();
    }
  }
}
