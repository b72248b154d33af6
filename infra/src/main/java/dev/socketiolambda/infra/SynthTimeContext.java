package dev.socketiolambda.infra;

import dev.socketiolambda.functions.bundle.AppBundle;
import dev.socketiolambda.functions.bundle.AppContext;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The {@link AppContext} a bundle is built with at synth time, so the stack can ask its app for its
 * schedules and its {@code httpApp} for routes: the bundle's {@code environment()}, each table's
 * variable set to the table's default name, each secret's variable set to a placeholder of its
 * length (never deployed: the functions get the generated secret), and a DynamoDB client that
 * throws on any request (an app may build its stores eagerly, but must not call DynamoDB then).
 */
final class SynthTimeContext {
  private SynthTimeContext() {}

  static AppContext of(AppBundle bundle) {
    Map<String, String> env = new LinkedHashMap<>();
    bundle.tables().forEach(t -> env.put(t.nameVariable(), t.defaultName()));
    bundle.secrets().forEach(s -> env.put(s.variable(), "0".repeat(s.length())));
    env.putAll(bundle.environment());
    DynamoDbClient dynamo = unusableDynamo(bundle.name());
    return new AppContext(env, () -> dynamo, () -> 0L);
  }

  private static DynamoDbClient unusableDynamo(String bundle) {
    return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
        new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> switch (method.getName()) {
          case "close" -> null;
          case "toString" -> "DynamoDbClient(synth time, unusable)";
          case "hashCode" -> System.identityHashCode(proxy);
          case "equals" -> proxy == args[0];
          default -> throw new IllegalStateException("bundle " + bundle + " called DynamoDB (" + method.getName()
              + ") while the CDK built it to read its schedules and routes: build the app without DynamoDB "
              + "requests (create stores, query later)");
        });
  }

  /** The bundle's app as built at synth time; a failure names the bundle and why it is built. */
  static Object app(AppBundle bundle) {
    try {
      return bundle.createApp(of(bundle));
    } catch (RuntimeException e) {
      throw new IllegalStateException("bundle " + bundle.name() + ": createApp failed at synth time, where the "
          + "CDK asks the app for its schedules (settings: its environment(), default table names, placeholder "
          + "secrets): " + e.getMessage(), e);
    }
  }
}
