package dev.socketiolambda.functions.handler;

import dev.socketiolambda.functions.Lazy;
import dev.socketiolambda.functions.aws.SignedCall;
import dev.socketiolambda.functions.bundle.AppBundle;
import dev.socketiolambda.functions.bundle.AppContext;
import dev.socketiolambda.functions.bundle.BundleSecret;
import dev.socketiolambda.functions.bundle.Bundles;
import dev.socketiolambda.functions.delivery.ManagementApiPoster;
import dev.socketiolambda.functions.delivery.Transport;
import dev.socketiolambda.functions.fanout.FanOutSettings;
import dev.socketiolambda.functions.fanout.ShardQueue;
import dev.socketiolambda.functions.fanout.DynamoDbShardLedger;
import dev.socketiolambda.functions.fanout.InMemoryShardLedger;
import dev.socketiolambda.functions.fanout.ShardLedger;
import dev.socketiolambda.functions.fanout.SqsSendMessageBatch;
import dev.socketiolambda.functions.fanout.SqsShardQueue;
import dev.socketiolambda.functions.gateway.GatewayProvider;
import dev.socketiolambda.functions.observability.DynamoDbMetrics;
import dev.socketiolambda.functions.observability.InvocationLog;
import dev.socketiolambda.functions.observability.Meter;
import dev.socketiolambda.functions.polling.DynamoDbPollingQueue;
import dev.socketiolambda.functions.polling.PollingLayer;
import dev.socketiolambda.functions.polling.PollingQueue;
import dev.socketiolambda.functions.polling.PollingSettings;
import dev.socketiolambda.functions.recovery.DynamoDbRecoveryStore;
import dev.socketiolambda.functions.recovery.InMemoryRecoveryStore;
import dev.socketiolambda.functions.recovery.RecoveryOptions;
import dev.socketiolambda.functions.recovery.RecoveryStore;
import dev.socketiolambda.functions.secrets.SecretEnvironment;
import dev.socketiolambda.functions.secrets.SecretReader;
import dev.socketiolambda.functions.secrets.SecretsManagerReader;
import dev.socketiolambda.functions.server.SocketIoApp;
import dev.socketiolambda.functions.store.DynamoDbStateStore;
import dev.socketiolambda.functions.store.StateStore;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * The one composition root: assembles a {@link Runtime} from {@link Settings}, with each client
 * overridable (DynamoDB, the management API, the broadcasts' transport, the Lambda invoke of the open
 * step, the SQS shard queue). The Lambda handlers, the stream and fan-out functions, the local
 * stack, test harnesses and benches all build their runtime here. Every SDK client is built once,
 * on first use, with the light URL-connection HTTP client; the broadcasts' transport is the JDK's own
 * asynchronous HTTP client, signed requests ({@link ManagementApiPoster}): many posts in flight on few threads.
 */
public final class RuntimeBuilder {
  private final Settings settings;
  private Map<String, String> env = Map.of();
  private AppBundle bundle;
  private SocketIoApp app;
  private AwsCredentialsProvider credentials;
  private Supplier<DynamoDbClient> dynamo;
  private StateStore store;
  private GatewayProvider gateways;
  private Supplier<Transport> transport;
  private Supplier<ShardQueue> shards;
  private OpenTrigger openTrigger;
  private FanOutSettings fanOutSettings = FanOutSettings.DEFAULT;
  private LongSupplier clock = System::currentTimeMillis;
  private InvocationLog invocationLog;
  private PollingQueue pollingQueue;
  private PollingSettings pollingSettings;
  private RecoveryStore recoveryStore;
  private SecretReader secretReader;

  private RuntimeBuilder(Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** A builder over the given settings; the application's settings are empty until {@link #appEnv}. */
  public static RuntimeBuilder of(Settings settings) {
    return new RuntimeBuilder(settings);
  }

  /** A builder over the function's environment variables (runtime and application settings alike). */
  public static RuntimeBuilder fromEnvironment() {
    return of(Settings.fromEnvironment()).appEnv(System.getenv());
  }

  /** The application's settings (environment variables on Lambda, {@code --app-env} locally). */
  public RuntimeBuilder appEnv(Map<String, String> env) {
    this.env = Map.copyOf(env);
    return this;
  }

  /**
   * Reads the bundle's secrets given by ARN ({@link SecretEnvironment}); default: a Secrets Manager
   * client on the runtime's HTTP client, built only when a secret variable names an ARN.
   */
  public RuntimeBuilder secretReader(SecretReader reader) {
    this.secretReader = Objects.requireNonNull(reader, "reader");
    return this;
  }

  /** The application's bundle; default: the one {@code SOCKETIO_APP} names ({@link Bundles#find}). */
  public RuntimeBuilder bundle(AppBundle bundle) {
    this.bundle = bundle;
    return this;
  }

  /** An application already built (by default the bundle builds it on first use). */
  public RuntimeBuilder app(SocketIoApp app) {
    this.app = app;
    return this;
  }

  /** Credentials of every client built here; default: as Lambda provides them ({@link LambdaCredentials}). */
  public RuntimeBuilder credentials(AwsCredentialsProvider credentials) {
    this.credentials = credentials;
    return this;
  }

  /** Where each invocation's line goes; default: stdout inside Lambda ({@link InvocationLog#from}). */
  public RuntimeBuilder invocationLog(InvocationLog log) {
    this.invocationLog = Objects.requireNonNull(log, "log");
    return this;
  }

  public RuntimeBuilder dynamo(DynamoDbClient client) {
    Objects.requireNonNull(client, "client");
    this.dynamo = () -> client;
    return this;
  }

  public RuntimeBuilder store(StateStore store) {
    this.store = store;
    return this;
  }

  /** The blocking management API clients (open packets, replies, pings); default: the SDK's, per endpoint. */
  public RuntimeBuilder gateways(GatewayProvider gateways) {
    this.gateways = gateways;
    return this;
  }

  /** The transport of broadcasts; default: a {@link ManagementApiPoster} on the management endpoint. */
  public RuntimeBuilder transport(Supplier<Transport> transport) {
    this.transport = transport;
    return this;
  }

  /** Where large broadcasts go as shards; default: SQS when {@code SOCKETIO_FANOUT_QUEUE_URL} is set, else none. */
  public RuntimeBuilder shards(ShardQueue shards) {
    this.shards = () -> shards;
    return this;
  }

  /** How the open step starts; default: an asynchronous Lambda invoke of {@code SOCKETIO_OPEN_FUNCTION}, else in-line. */
  public RuntimeBuilder openTrigger(OpenTrigger openTrigger) {
    this.openTrigger = openTrigger;
    return this;
  }

  public RuntimeBuilder fanOutSettings(FanOutSettings fanOutSettings) {
    this.fanOutSettings = Objects.requireNonNull(fanOutSettings, "fanOutSettings");
    return this;
  }

  /** Where long-polling sessions keep their frames; default: the state table ({@link DynamoDbPollingQueue}). */
  public RuntimeBuilder pollingQueue(PollingQueue queue) {
    this.pollingQueue = Objects.requireNonNull(queue, "queue");
    return this;
  }

  /** Long-polling settings; default: from the environment ({@link PollingSettings#from}). */
  public RuntimeBuilder pollingSettings(PollingSettings settings) {
    this.pollingSettings = Objects.requireNonNull(settings, "settings");
    return this;
  }

  /**
   * Where connection state recovery keeps its log and sessions (when the application turns it on);
   * default: the state table over the DynamoDB client, or memory when only a state store was given.
   */
  public RuntimeBuilder recoveryStore(RecoveryStore recoveryStore) {
    this.recoveryStore = Objects.requireNonNull(recoveryStore, "recoveryStore");
    return this;
  }

  public RuntimeBuilder clock(LongSupplier clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /**
   * Assembles the runtime. A bundle named by {@code SOCKETIO_APP} is resolved now (an unknown
   * application fails here with a clear message); the application and most clients are built on
   * first use.
   */
  public Runtime build() {
    // named bundles are resolved now (an unknown name fails the start); with no name, on first use: the
    // stream and fan-out functions of a deployment without an application need none
    AppBundle given = bundle != null ? bundle : app != null ? Bundles.wrap(app) : null;
    Supplier<AppBundle> b = given != null ? () -> given
        : settings.appClass() == null || settings.appClass().isBlank() ? Lazy.of(() -> Bundles.find(null))
        : constant(Bundles.find(settings.appClass()));
    Region region = Region.of(settings.region());
    // built only when a default client needs them: a runtime whose clients are all given loads no SDK HTTP code
    Lazy<SdkHttpClient> http = Lazy.of(() -> UrlConnectionHttpClient.builder().build());
    Lazy<AwsCredentialsProvider> creds = Lazy.of(() -> credentials != null ? credentials : LambdaCredentials.provider());
    Supplier<DynamoDbClient> dynamoClient = dynamo != null ? dynamo : Lazy.of(() -> {
      DynamoDbClientBuilder builder = DynamoDbClient.builder().httpClient(http.get()).region(region)
          .credentialsProvider(creds.get())
          .overrideConfiguration(c -> c.addExecutionInterceptor(new DynamoDbMetrics(Meter.runtime())));
      if (settings.dynamoEndpoint() != null) {
        builder.endpointOverride(URI.create(settings.dynamoEndpoint()));
      }
      return builder.build();
    });
    // every function reads or writes state: the DynamoDB client is built with the runtime
    StateStore stateStore = store != null ? store
        : new DynamoDbStateStore(dynamoClient.get(), settings.table(), settings.due());
    GatewayProvider gatewayProvider = gateways != null ? gateways
        : GatewayProvider.sdk(http.get(), region, creds.get());
    Supplier<Transport> transportSupplier = transport != null ? transport : Lazy.of(() -> ManagementApiPoster.create(
        settings.managementEndpoint(), region, creds.get(), fanOutSettings.concurrency()));
    Supplier<ShardQueue> shardQueue = shards;
    if (shardQueue == null && settings.fanOutQueueUrl() != null) {
      shardQueue = Lazy.of(() -> new SqsShardQueue(new SqsSendMessageBatch(new SignedCall(http.get(), creds.get(),
          region)), settings.fanOutQueueUrl()));
    }
    OpenTrigger trigger = openTrigger != null ? openTrigger
        : settings.openFunction() == null ? null : asyncInvoke(http, region, creds, settings.openFunction());
    Supplier<SecretReader> secrets = secretReader != null ? constant(secretReader)
        : Lazy.of(() -> SecretsManagerReader.create(http.get(), region, creds.get(), null));
    // the bundle's secrets given by ARN are read when the application is first built, once per instance
    Supplier<AppContext> context = Lazy.of(() -> new AppContext(SecretEnvironment.resolve(env,
        b.get().secrets().stream().map(BundleSecret::variable).toList(), id -> secrets.get().read(id)),
        dynamoClient, clock));
    InvocationLog log = invocationLog != null ? invocationLog : InvocationLog.from(env, System.out::println);
    // who each fan-out shard reached: beside the state, so redelivered shards reach nobody twice
    Supplier<ShardLedger> ledger = store != null ? Lazy.of(InMemoryShardLedger::new)
        : Lazy.of(() -> new DynamoDbShardLedger(dynamoClient.get(), settings.table()));
    PollingQueue polls = pollingQueue != null ? pollingQueue : new DynamoDbPollingQueue(dynamoClient.get(),
        settings.table());
    PollingSettings pollSettings = pollingSettings != null ? pollingSettings : PollingSettings.from(env);
    Function<RecoveryOptions, RecoveryStore> recoveryStores = recoveryStore != null ? options -> recoveryStore
        : store != null && dynamo == null ? constantStore(new InMemoryRecoveryStore())
        : options -> new DynamoDbRecoveryStore(dynamoClient.get(), settings.table(), options.logShards());
    return new Runtime(new Parts(settings, b, app, context, clock, stateStore, gatewayProvider, transportSupplier,
        shardQueue, ledger, trigger, fanOutSettings, new PollingLayer(polls, stateStore), pollSettings, log,
        recoveryStores));
  }

  private static <T> Supplier<T> constant(T value) {
    return () -> value;
  }

  private static Function<RecoveryOptions, RecoveryStore> constantStore(RecoveryStore store) {
    return options -> store;
  }

  private static OpenTrigger asyncInvoke(Lazy<SdkHttpClient> http, Region region,
      Lazy<AwsCredentialsProvider> credentials, String function) {
    Lazy<OpenTrigger> invoke = Lazy.of(() -> {
      SignedCall call = new SignedCall(http.get(), credentials.get(), region);
      return new AsyncInvoke(call, call.endpoint("lambda", "Lambda"), function);
    });
    return connectionId -> invoke.get().trigger(connectionId);
  }

  /** What {@link Runtime} is made of ({@code shards} null: every broadcast is delivered where it is made). */
  record Parts(Settings settings, Supplier<AppBundle> bundle, SocketIoApp app, Supplier<AppContext> appContext,
      LongSupplier clock, StateStore store,
      GatewayProvider gateways, Supplier<Transport> transport, Supplier<ShardQueue> shards,
      Supplier<ShardLedger> shardLedger, OpenTrigger openTrigger, FanOutSettings fanOutSettings,
      PollingLayer polling, PollingSettings pollingSettings, InvocationLog invocationLog,
      Function<RecoveryOptions, RecoveryStore> recoveryStores) {}
}
