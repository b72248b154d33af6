package dev.socketiolambda.infra;

import dev.socketiolambda.functions.bundle.AppBundle;
import dev.socketiolambda.functions.bundle.BundleSecret;
import dev.socketiolambda.functions.bundle.BundleTable;
import dev.socketiolambda.functions.schedule.Schedules;
import dev.socketiolambda.functions.secrets.SecretEnvironment;
import dev.socketiolambda.functions.stream.DomainTable;
import dev.socketiolambda.functions.stream.Rules;
import dev.socketiolambda.functions.stream.StreamHandler;
import dev.socketiolambda.functions.stream.StreamProcessor;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.StreamViewType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * An application bundle on AWS ({@link AppBundle}, found by name: {@link InfraApp} deploys one with
 * {@code -c socketio:example=NAME}): the bundle's DynamoDB tables, the domain tables of its stream
 * rules (each with a stream into the runtime's stream function running the bundle's rules and
 * hook), a Secrets Manager secret for each of its secrets, and one {@link SocketIoLambda} that runs the bundle ({@code SOCKETIO_APP=<name>})
 * from the bundle's jar ({@link BundleArtifact}). The stack knows no application: the chat
 * ({@code examples/chat}) is one bundle among others.
 *
 * <ul>
 *   <li><b>Tables</b>: declared from each {@link BundleTable}'s {@code CreateTable} request (the
 *       one the local stack sends) through {@link StateTable#fromDefinition}, with point-in-time
 *       recovery, encryption under the AWS managed key and TTL only where the bundle names one; the
 *       functions get each table's name in the table's variable ({@code CHAT_TABLE}).</li>
 *   <li><b>Secrets</b>: a generated string of letters and digits of the secret's length. The
 *       functions get only its ARN, in the secret's variable plus {@code _ARN}
 *       ({@code AUTH_JWT_SECRET_ARN}), and read the value once per instance when the application is
 *       built ({@link SecretEnvironment}): neither the template nor the functions' configuration holds
 *       it. Every function of the construct carries the bundle's environment, so every function role
 *       may {@code secretsmanager:GetSecretValue} on exactly the bundle's secrets (no other action, no
 *       other resource). Whoever issues tokens signs them with this same secret (read it with
 *       {@code aws secretsmanager get-secret-value}; the {@code <id>Arn} output names it). A new value
 *       reaches a function instance when it starts, which is why the secret does not rotate
 *       automatically.</li>
 *   <li><b>HTTP routes</b> (when {@code httpApp} is not null at synth time): {@link BundleHttpApi}.</li>
 *   <li><b>Schedules</b> (when the app is a {@code ScheduledApp} with schedules at synth time):
 *       {@link BundleSchedules}. Both questions are asked of the bundle built with a
 *       {@link SynthTimeContext}.</li>
 *   <li><b>Static assets</b> (when {@code webAssets()} is not null): {@link BundleWebAssets}.</li>
 *   <li><b>Grants</b>: read/write on the bundle's tables only for the roles of the functions that
 *       run the application's code ({@link #LISTENER_FUNCTIONS}, plus {@code Http} and {@code Schedule}
 *       when deployed): {@code Default} (namespace
 *       CONNECT with its middleware and connection listener, every event, client DISCONNECT),
 *       {@code Disconnect} (disconnect listeners) and {@code Heartbeat} (disconnect listeners of
 *       connections it closes for ping or connect timeouts). {@code Connect} only stores the
 *       connection, {@code Open} only posts the open packet, {@code FanOut} only posts broadcast
 *       shards: they get nothing. Every function still gets the bundle's environment (the
 *       construct's {@code environment} goes to all of them).</li>
 * </ul>
 */
public class BundleStack extends Stack {
  /** The construct's functions that run the application's listeners: the only ones granted its tables. */
  public static final List<String> LISTENER_FUNCTIONS = List.of("Default", "Disconnect", "Heartbeat");
  static final String SECRET_ROTATION_REASON = "The secret is a signing key of the application's tokens: their "
      + "issuer signs with it and the functions verify with it (read from Secrets Manager when a function instance "
      + "starts). An automatic rotation would invalidate every issued token at once, and warm function instances "
      + "would keep the old value, so no client could connect. Rotate it deliberately: put a new value, redeploy "
      + "the functions, re-issue the tokens.";

  private final AppBundle bundle;
  private final Map<String, Table> tables = new LinkedHashMap<>();
  private final List<Table> domainTables = new ArrayList<>();
  private final Map<String, Secret> secrets = new LinkedHashMap<>();
  private final SocketIoLambda socketIo;
  private final BundleHttpApi httpApi;
  private final BundleSchedules schedules;
  private final BundleWebAssets webAssets;

  /**
   * What the stack takes besides the bundle itself.
   *
   * @param code the bundle's Lambda code, or null for the {@link BundleArtifact} jar as an asset
   * @param removalPolicy of the bundle's tables and secrets (the construct's resources follow the
   *     props {@code socketIo} returns; {@link InfraApp} sets both from {@code socketio:removalPolicy})
   * @param socketIo the construct's settings (stage, memory, alarms, more environment); the stack
   *     then sets {@code appClass}, {@code code} and the tables' and secrets' variables
   */
  public record Options(Code code, RemovalPolicy removalPolicy,
      Function<Stack, SocketIoLambdaProps.Builder> socketIo) {
    public Options {
      Objects.requireNonNull(removalPolicy, "removalPolicy");
      Objects.requireNonNull(socketIo, "socketIo");
    }

    /** The bundle's jar from the build, data retained, the construct's defaults. */
    public static Options defaults() {
      return new Options(null, RemovalPolicy.RETAIN, stack -> SocketIoLambdaProps.builder());
    }
  }

  public BundleStack(Construct scope, String id, StackProps stackProps, AppBundle bundle) {
    this(scope, id, stackProps, bundle, Options.defaults());
  }

  public BundleStack(Construct scope, String id, StackProps stackProps, AppBundle bundle, Options options) {
    super(scope, id, stackProps);
    this.bundle = Objects.requireNonNull(bundle, "bundle");
    Map<String, String> env = new LinkedHashMap<>(bundle.environment());
    for (BundleTable t : bundle.tables()) {
      Table table = StateTable.fromDefinition(this, t.id(), t.definition().apply(t.defaultName()),
          new StateTable.Options(null, options.removalPolicy(), true, t.ttlAttribute(), TableEncryption.AWS_MANAGED));
      tables.put(t.id(), table);
      env.put(t.nameVariable(), table.getTableName());
    }
    for (BundleSecret s : bundle.secrets()) {
      Secret secret = Secret.Builder.create(this, s.id())
          .description("socketio-lambda " + bundle.name() + ": " + s.description() + " (" + s.variable() + ")")
          .generateSecretString(SecretStringGenerator.builder()
              .passwordLength(s.length())
              .excludePunctuation(true) // letters and digits: one byte per character, safe in shells and env
              .includeSpace(false)
              .build())
          .removalPolicy(options.removalPolicy())
          .build();
      NagSuppressions.addResourceSuppressions(secret, List.of(NagPackSuppression.builder()
          .id("AwsSolutions-SMG4").reason(SECRET_ROTATION_REASON).build()));
      secrets.put(s.id(), secret);
      // the ARN only: the functions read the value at init (a dynamic reference would put it in their configuration)
      env.put(s.variable() + SecretEnvironment.ARN_SUFFIX, secret.getSecretArn());
    }
    Code code = options.code() != null ? options.code() : Code.fromAsset(BundleArtifact.locate(bundle).toString());
    SocketIoLambdaProps.Builder builder = options.socketIo().apply(this)
        .appClass(bundle.name())
        .code(code)
        .environment(env);
    domainStreams(builder, options.removalPolicy());
    webAssets = bundle.webAssets() == null ? null : new BundleWebAssets(this, bundle.name(),
        bundle.getClass().getClassLoader(), bundle.webAssets(), options.removalPolicy());
    SocketIoLambdaProps props = builder.build();
    if (props.polling() && webAssets != null) {
      // the bundle's own pages are served from another origin (the assets' distribution): they may poll
      List<String> cors = new ArrayList<>(props.corsOrigins());
      cors.add("https://" + webAssets.getDistribution().getDistributionDomainName());
      props = builder.corsOrigins(cors).build();
    }
    socketIo = new SocketIoLambda(this, "SocketIo", props);
    httpApi = bundle.httpApp(SynthTimeContext.of(bundle)) == null ? null
        : new BundleHttpApi(this, socketIo, bundle.name(), options.removalPolicy());
    Schedules appSchedules = Schedules.of(SynthTimeContext.app(bundle));
    schedules = appSchedules.all().isEmpty() ? null
        : new BundleSchedules(this, socketIo, bundle.name(), appSchedules);
    List<String> appFunctions = new ArrayList<>(LISTENER_FUNCTIONS);
    if (httpApi != null) {
      appFunctions.add(BundleHttpApi.FUNCTION);
    }
    if (schedules != null) {
      appFunctions.add(BundleSchedules.FUNCTION);
    }

    for (BundleTable t : bundle.tables()) {
      Table table = tables.get(t.id());
      if (t.access() == null) {
        appFunctions.forEach(name -> table.grantReadWriteData(socketIo.getFunctions().get(name).role()));
      } else {
        t.access().functions().forEach(name -> table.grant(socketIo.getFunctions().get(name).role(),
            t.access().actions().toArray(String[]::new)));
      }
    }
    grantSecretReads();
    // the application writes its domain tables (the writes its stream rules turn into broadcasts)
    domainTables.forEach(table -> appFunctions.forEach(name ->
        table.grantReadWriteData(socketIo.getFunctions().get(name).role())));
    if (props.createOutputs()) {
      outputs(props);
    }
  }

  /**
   * Lets every function read the bundle's secrets, and nothing else of Secrets Manager: each one may
   * build the application (the WebSocket functions, the stream and schedule functions, the HTTP
   * function) and every one carries the secrets' ARNs.
   */
  private void grantSecretReads() {
    if (secrets.isEmpty()) {
      return;
    }
    PolicyStatement read = PolicyStatement.Builder.create()
        .actions(List.of("secretsmanager:GetSecretValue"))
        .resources(secrets.values().stream().map(Secret::getSecretArn).toList())
        .build();
    socketIo.getFunctions().values().forEach(f -> f.role().addToPrincipalPolicy(read));
  }

  /**
   * The domain tables of the bundle's stream rules, each with a {@code NEW_AND_OLD_IMAGES} stream
   * feeding the runtime's stream function with the bundle's rules and hook (read from its jar).
   */
  private void domainStreams(SocketIoLambdaProps.Builder builder, RemovalPolicy removalPolicy) {
    if (bundle.streamRules() == null && bundle.streamHook() == null) {
      return;
    }
    Map<String, String> streamEnv = new LinkedHashMap<>();
    if (bundle.streamRules() != null) {
      streamEnv.put(StreamProcessor.RULES_ENV, bundle.streamRules());
    }
    if (bundle.streamHook() != null) {
      streamEnv.put(StreamProcessor.HOOK_ENV, bundle.streamHook());
    }
    List<DomainTable> domain = bundle.streamRules() == null ? List.of()
        : Rules.fromLocation(bundle.streamRules()).tables();
    for (DomainTable t : domain) {
      String id = cfnId(t.name());
      Table table = Table.Builder.create(this, id + "Table")
          .tableName(t.name())
          .partitionKey(Attribute.builder().name(t.partitionKey()).type(keyType(t.partitionKeyType())).build())
          .sortKey(t.sortKey() == null ? null
              : Attribute.builder().name(t.sortKey()).type(keyType(t.sortKeyType())).build())
          .billingMode(BillingMode.PAY_PER_REQUEST)
          .stream(StreamViewType.NEW_AND_OLD_IMAGES)
          .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
              .pointInTimeRecoveryEnabled(true).build())
          .encryption(TableEncryption.AWS_MANAGED)
          .removalPolicy(removalPolicy)
          .build();
      tables.put(id + "Table", table);
      domainTables.add(table);
      builder.domainStream(DomainStream.builder().id(id).table(table)
          .handler(StreamHandler.class.getName() + "::handleRequest").environment(streamEnv).build());
    }
  }

  static String cfnId(String tableName) {
    StringBuilder b = new StringBuilder();
    boolean upper = true;
    for (char c : tableName.toCharArray()) {
      if (Character.isLetterOrDigit(c)) {
        b.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      } else {
        upper = true;
      }
    }
    return b.length() > 0 && Character.isLetter(b.charAt(0)) ? b.toString() : "T" + b;
  }

  private static AttributeType keyType(String type) {
    return switch (type) {
      case "N" -> AttributeType.NUMBER;
      case "B" -> AttributeType.BINARY;
      default -> AttributeType.STRING;
    };
  }

  private void outputs(SocketIoLambdaProps props) {
    bundle.tables().forEach(t -> CfnOutput.Builder.create(this, t.id() + "Name")
        .description("DynamoDB table " + t.id() + " of " + bundle.name() + " (" + t.nameVariable() + ")")
        .value(tables.get(t.id()).getTableName())
        .build());
    bundle.secrets().forEach(s -> CfnOutput.Builder.create(this, s.id() + "Arn")
        .description("Secrets Manager secret " + s.variable() + " (" + s.description() + "): "
            + "aws secretsmanager get-secret-value --secret-id <arn> --query SecretString --output text")
        .value(secrets.get(s.id()).getSecretArn())
        .build());
    if (httpApi != null) {
      CfnOutput.Builder.create(this, "HttpApiUrl")
          .description("base URL of the HTTP routes of " + bundle.name())
          .value(httpApi.getStage().getUrl())
          .build();
    }
    if (webAssets != null) {
      CfnOutput.Builder.create(this, "WebUrl")
          .description("static web assets of " + bundle.name() + " (CloudFront)")
          .value("https://" + webAssets.getDistribution().getDistributionDomainName())
          .build();
    }
    String name = Character.toUpperCase(bundle.name().charAt(0)) + bundle.name().substring(1).replace("-", "");
    CfnOutput.Builder.create(this, name + "ClientSnippet")
        .description("socket.io-client call for " + bundle.name() + " (" + bundle.description() + ")")
        .value(Fn.join("", List.of("io(\"", socketIo.getApi().getApiEndpoint(), "\", { path: \"/",
            props.stageName(), "\", transports: [\"websocket\"], auth: { token } })")))
        .build();
  }

  public AppBundle getBundle() {
    return bundle;
  }

  /** The bundle's tables by id ({@code ChatTable}). */
  public Map<String, Table> getTables() {
    return Map.copyOf(tables);
  }

  /** The bundle's secrets by id ({@code JwtSecret}). */
  public Map<String, Secret> getSecrets() {
    return Map.copyOf(secrets);
  }

  /** The HTTP API of the bundle's routes, or null when its {@code httpApp} is null. */
  public BundleHttpApi getHttpApi() {
    return httpApi;
  }

  /** The schedule function's schedules, or null when the bundle's app has none. */
  public BundleSchedules getSchedules() {
    return schedules;
  }

  /** The bucket and distribution of the bundle's static assets, or null when {@code webAssets()} is null. */
  public BundleWebAssets getWebAssets() {
    return webAssets;
  }

  public SocketIoLambda getSocketIo() {
    return socketIo;
  }
}
