package dev.socketiolambda.functions.handler;

import dev.socketiolambda.functions.fanout.Emitter;
import dev.socketiolambda.functions.fanout.FanOut;
import dev.socketiolambda.functions.fanout.FanOutSettings;
import dev.socketiolambda.functions.fanout.SdkAsyncPoster;
import dev.socketiolambda.functions.store.DynamoDbStateStore;
import dev.socketiolambda.functions.store.StateStore;
import java.net.URI;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * Builds an {@link Emitter} for code that is not a socket handler (stream functions, services):
 * the DynamoDB state store and the asynchronous fan-out engine, from {@link Settings}. Needs
 * {@code SOCKETIO_MANAGEMENT_ENDPOINT}, since there is no event to derive it from.
 */
public final class Emitters {
  private static volatile Emitter shared;

  private Emitters() {}

  /** The emitter of this function instance, built once from the environment. */
  public static Emitter shared() {
    Emitter e = shared;
    if (e == null) {
      synchronized (Emitters.class) {
        e = shared;
        if (e == null) {
          e = fromSettings(Settings.fromEnvironment());
          shared = e;
        }
      }
    }
    return e;
  }

  public static Emitter fromSettings(Settings s) {
    if (s.managementEndpoint() == null) {
      throw new IllegalStateException("SOCKETIO_MANAGEMENT_ENDPOINT must be set for an emitter "
          + "(https://<apiId>.execute-api.<region>.amazonaws.com/<stage>)");
    }
    Region region = Region.of(s.region());
    var credentials = LambdaCredentials.provider();
    DynamoDbClientBuilder dynamo = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.builder().build())
        .region(region).credentialsProvider(credentials);
    if (s.dynamoEndpoint() != null) {
      dynamo.endpointOverride(URI.create(s.dynamoEndpoint()));
    }
    StateStore store = new DynamoDbStateStore(dynamo.build(), s.table(), s.due());
    FanOutSettings fanOut = FanOutSettings.DEFAULT;
    SdkAsyncPoster poster = SdkAsyncPoster.create(s.managementEndpoint(), region, credentials, fanOut.concurrency());
    return new Emitter(new FanOut(store, poster, fanOut, null, store::deleteConnection,
        e -> System.err.println("socketio-lambda: delivery failed: " + e)));
  }
}
