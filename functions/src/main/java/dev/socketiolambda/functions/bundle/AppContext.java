package dev.socketiolambda.functions.bundle;

import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What an application is built from: its settings (environment variables on Lambda,
 * {@code --app-env} and generated secrets locally), the DynamoDB client of the function instance
 * (built on first use) and the clock.
 */
public record AppContext(Map<String, String> env, Supplier<DynamoDbClient> dynamoClient, LongSupplier clock) {
  public AppContext {
    env = Map.copyOf(Objects.requireNonNull(env, "env"));
    Objects.requireNonNull(dynamoClient, "dynamoClient");
    Objects.requireNonNull(clock, "clock");
  }

  /** The DynamoDB client shared with the runtime. */
  public DynamoDbClient dynamo() {
    return dynamoClient.get();
  }

  /** A setting, or {@code fallback} when it is unset or blank. */
  public String setting(String name, String fallback) {
    String v = env.get(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
