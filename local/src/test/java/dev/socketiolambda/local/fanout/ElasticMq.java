package dev.socketiolambda.local.fanout;

import java.net.URI;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/** ElasticMQ (a real SQS API) in-process on 127.0.0.1 and a port of its own, with the SDK's SQS client on it. */
public final class ElasticMq implements AutoCloseable {
  private final SQSRestServer server;
  private final SqsClient client;

  private ElasticMq(SQSRestServer server, SqsClient client) {
    this.server = server;
    this.client = client;
  }

  public static ElasticMq start() {
    SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
    int port = server.waitUntilStarted().localAddress().getPort();
    return new ElasticMq(server, SqsClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + port))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .httpClient(UrlConnectionHttpClient.create()).build());
  }

  /** The tests' own client (create queues, receive, delete). */
  public SqsClient client() {
    return client;
  }

  @Override
  public void close() {
    client.close();
    server.stopAndWait();
  }
}
