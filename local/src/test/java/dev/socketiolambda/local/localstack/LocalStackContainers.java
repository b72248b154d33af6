package dev.socketiolambda.local.localstack;

import dev.socketiolambda.local.dynamo.EmbeddedDynamoDb;
import java.net.URI;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * One LocalStack container for all LocalStack tests of a JVM, started on first use (so only by
 * tests that {@link RequiresDocker} let run) and removed when the JVM exits (Testcontainers'
 * Ryuk, and a shutdown hook where Ryuk is disabled).
 *
 * <p>Image: {@code -Dlocalstack.image=...}, default {@value #DEFAULT_IMAGE} (community edition:
 * DynamoDB and DynamoDB Streams, which is all these tests use; the WebSocket side stays on the
 * local stack's API Gateway emulator). Clients use what the local stack uses for an external
 * endpoint: region {@code us-east-1} and the dummy credentials {@code local}/{@code local}
 * (LocalStack accepts any non-empty key; tables live in its default account 000000000000).
 */
final class LocalStackContainers {
  static final String DEFAULT_IMAGE = "localstack/localstack:3.8";

  private static LocalStackContainer container;

  private LocalStackContainers() {}

  /** The running container, started on first call. */
  static synchronized LocalStackContainer get() {
    if (container == null) {
      String image = System.getProperty("localstack.image", DEFAULT_IMAGE);
      if (image.isBlank()) {
        image = DEFAULT_IMAGE;
      }
      LocalStackContainer c = new LocalStackContainer(
          DockerImageName.parse(image).asCompatibleSubstituteFor("localstack/localstack"));
      c.start();
      Runtime.getRuntime().addShutdownHook(new Thread(c::stop, "localstack-stop"));
      container = c;
    }
    return container;
  }

  /** LocalStack's edge endpoint (every service, DynamoDB and DynamoDB Streams included), e.g. {@code http://localhost:32771}. */
  static String endpoint() {
    return get().getEndpoint().toString();
  }

  /** A DynamoDB client for LocalStack, configured as the local stack configures its own. */
  static DynamoDbClient dynamo() {
    return DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
        .region(EmbeddedDynamoDb.REGION).credentialsProvider(EmbeddedDynamoDb.credentialsProvider())
        .endpointOverride(URI.create(endpoint())).build();
  }

  /** A DynamoDB Streams client for LocalStack (same endpoint as DynamoDB). */
  static DynamoDbStreamsClient streams() {
    return DynamoDbStreamsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
        .region(EmbeddedDynamoDb.REGION).credentialsProvider(EmbeddedDynamoDb.credentialsProvider())
        .endpointOverride(URI.create(endpoint())).build();
  }
}
