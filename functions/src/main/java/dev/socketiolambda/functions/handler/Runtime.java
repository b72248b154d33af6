package dev.socketiolambda.functions.handler;

import dev.socketiolambda.functions.fanout.LazyBroadcaster;
import dev.socketiolambda.functions.gateway.GatewayProvider;
import dev.socketiolambda.functions.server.Engine;
import dev.socketiolambda.functions.server.SocketIoApp;
import dev.socketiolambda.functions.server.SocketIoServer;
import dev.socketiolambda.functions.store.DynamoDbStateStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;

/**
 * What a function instance builds once: the application, the engine, the SDK clients. Handlers'
 * no-argument constructors use {@link #shared()}; tests and the local stack pass their own.
 */
public final class Runtime {
  private static volatile Runtime shared;

  private final Engine engine;
  private final OpenTrigger openTrigger;
  private final String managementEndpoint;
  private final String region;

  public Runtime(Engine engine, OpenTrigger openTrigger, String managementEndpoint, String region) {
    this.engine = engine;
    this.openTrigger = openTrigger;
    this.managementEndpoint = managementEndpoint;
    this.region = region;
  }

  /** The instance built from the environment, once per function instance. */
  public static Runtime shared() {
    Runtime r = shared;
    if (r == null) {
      synchronized (Runtime.class) {
        r = shared;
        if (r == null) {
          r = fromSettings(Settings.fromEnvironment());
          shared = r;
        }
      }
    }
    return r;
  }

  /** Builds the real runtime: DynamoDB store, management API gateways, async open invokes. */
  public static Runtime fromSettings(Settings s) {
    SdkHttpClient http = UrlConnectionHttpClient.builder().build();
    AwsCredentialsProvider credentials = LambdaCredentials.provider();
    Region region = Region.of(s.region());
    DynamoDbClientBuilder dynamoBuilder = DynamoDbClient.builder().httpClient(http).region(region)
        .credentialsProvider(credentials);
    if (s.dynamoEndpoint() != null) {
      dynamoBuilder.endpointOverride(URI.create(s.dynamoEndpoint()));
    }
    DynamoDbStateStore store = new DynamoDbStateStore(dynamoBuilder.build(), s.table(), s.due());
    GatewayProvider gateways = GatewayProvider.sdk(http, region, credentials);
    SocketIoServer io = new SocketIoServer();
    loadApp(s.appClass()).configure(io);
    // with a known endpoint, broadcasts use the asynchronous fan-out (and SQS shards when configured)
    Engine.BroadcasterFactory broadcasters = s.managementEndpoint() == null ? null
        : (gone, errors) -> new LazyBroadcaster(() -> Emitters.fanOutFromSettings(s, store, gone, errors));
    Engine engine = new Engine(io, store, gateways, s.engine(), System::currentTimeMillis, s.managementEndpoint(),
        broadcasters);
    OpenTrigger trigger = s.openFunction() == null ? engine::onOpen : asyncInvoke(http, region, credentials,
        s.openFunction());
    return new Runtime(engine, trigger, s.managementEndpoint(), s.region());
  }

  private static OpenTrigger asyncInvoke(SdkHttpClient http, Region region, AwsCredentialsProvider credentials,
      String function) {
    LambdaClient lambda = LambdaClient.builder().httpClient(http).region(region).credentialsProvider(credentials)
        .build();
    return connectionId -> lambda.invoke(b -> b.functionName(function).invocationType(InvocationType.EVENT)
        .payload(SdkBytes.fromString("{\"connectionId\":\"" + connectionId + "\"}", StandardCharsets.UTF_8)));
  }

  /** The application named by class, else the first one {@link ServiceLoader} finds. */
  public static SocketIoApp loadApp(String className) {
    if (className != null && !className.isBlank()) {
      try {
        return (SocketIoApp) Class.forName(className.trim()).getDeclaredConstructor().newInstance();
      } catch (ReflectiveOperationException | ClassCastException e) {
        throw new IllegalStateException("cannot create SOCKETIO_APP " + className
            + ": it must be a public SocketIoApp with a public no-argument constructor", e);
      }
    }
    return ServiceLoader.load(SocketIoApp.class).findFirst().orElseThrow(() -> new IllegalStateException(
        "no application: set SOCKETIO_APP to a SocketIoApp class name or register one with ServiceLoader"));
  }

  public Engine engine() {
    return engine;
  }

  public OpenTrigger openTrigger() {
    return openTrigger;
  }

  /**
   * The management endpoint of the API that sent an event: the configured one, else
   * {@code https://<domainName>/<stage>} for execute-api domains, else the execute-api URL built
   * from the API id (custom domains cannot take management calls).
   */
  public String endpointFor(String domainName, String stage, String apiId) {
    if (managementEndpoint != null) {
      return managementEndpoint;
    }
    if (domainName != null && domainName.endsWith(".amazonaws.com")) {
      return "https://" + domainName + "/" + stage;
    }
    return "https://" + apiId + ".execute-api." + region + ".amazonaws.com/" + stage;
  }
}
