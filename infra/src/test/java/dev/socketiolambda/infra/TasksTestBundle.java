package dev.socketiolambda.infra;

import dev.socketiolambda.functions.bundle.AppBundle;
import dev.socketiolambda.functions.bundle.AppContext;
import dev.socketiolambda.functions.bundle.BundleTable;
import dev.socketiolambda.functions.http.HttpApp;
import dev.socketiolambda.functions.http.HttpResponse;
import dev.socketiolambda.functions.http.Router;
import dev.socketiolambda.functions.schedule.ScheduledApp;
import dev.socketiolambda.functions.schedule.Schedules;
import dev.socketiolambda.functions.server.SocketIoApp;
import dev.socketiolambda.functions.server.SocketIoServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * A bundle for the infra tests only (built directly, not registered): a table, HTTP routes, and
 * schedules of 10 s ({@code metrics}), 1 min ({@code cleanup}) and 5 min ({@code digest}), and web
 * assets ({@code src/test/resources/tasks-web}, with a {@code .env} that must never be deployed).
 */
final class TasksTestBundle implements AppBundle {
  static final String NAME = "tasks-test";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "routes and schedules (infra tests)";
  }

  @Override
  public SocketIoApp createApp(AppContext context) {
    DynamoDbClient dynamo = context.dynamo(); // built eagerly, as real apps do: allowed at synth time
    return new App(dynamo);
  }

  @Override
  public List<BundleTable> tables() {
    return List.of(new BundleTable("TasksTable", "TASKS_TABLE", "tasks", name -> CreateTableRequest.builder()
        .tableName(name)
        .attributeDefinitions(AttributeDefinition.builder().attributeName("id")
            .attributeType(ScalarAttributeType.S).build())
        .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .build(), null));
  }

  @Override
  public Map<String, String> environment() {
    return Map.of("TASKS_PAGE", "20");
  }

  @Override
  public HttpApp<?> httpApp(AppContext context) {
    return HttpApp.of(context.setting("TASKS_TABLE", "tasks"), Router.<String>builder()
        .get("/tasks", (request, route) -> HttpResponse.ok(Map.of("table", route.app())))
        .build());
  }

  @Override
  public String webAssets() {
    return "tasks-web";
  }

  private record App(DynamoDbClient dynamo) implements SocketIoApp, ScheduledApp {
    @Override
    public void configure(SocketIoServer io) {}

    @Override
    public void schedules(Schedules schedules) {
      schedules.every(Duration.ofSeconds(10), "metrics", tick -> { })
          .every(Duration.ofMinutes(1), "cleanup", tick -> { })
          .every(Duration.ofMinutes(5), "digest", tick -> { });
    }
  }
}
