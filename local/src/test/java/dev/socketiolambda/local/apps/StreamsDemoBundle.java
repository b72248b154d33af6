package dev.socketiolambda.local.apps;

import com.fasterxml.jackson.databind.JsonNode;
import dev.socketiolambda.functions.apps.DemoApp;
import dev.socketiolambda.functions.bundle.AppBundle;
import dev.socketiolambda.functions.bundle.AppContext;
import dev.socketiolambda.functions.http.HttpApp;
import dev.socketiolambda.functions.http.HttpRequest;
import dev.socketiolambda.functions.http.HttpResponse;
import dev.socketiolambda.functions.http.Router;
import dev.socketiolambda.functions.server.SocketIoApp;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A test bundle: the demo app with stream rules inside its jar ({@code streams/orders-rules.json})
 * and an HTTP route that writes the domain table they watch: {@code PUT /orders/{orderId}} with
 * {@code {"customerId", "status", "note"?}}.
 */
public final class StreamsDemoBundle implements AppBundle {
  @Override
  public String name() {
    return "streams-demo";
  }

  @Override
  public String description() {
    return "the demo app with the orders stream rules (tests)";
  }

  @Override
  public SocketIoApp createApp(AppContext context) {
    return new DemoApp();
  }

  @Override
  public HttpApp<DynamoDbClient> httpApp(AppContext context) {
    return new HttpApp<>() {
      @Override
      public DynamoDbClient dependencies() {
        return context.dynamo();
      }

      @Override
      public Router<DynamoDbClient> router() {
        return Router.<DynamoDbClient>builder()
            .put("/orders/{orderId}", (req, ctx) -> {
              JsonNode update = req.json();
              Map<String, AttributeValue> item = new HashMap<>(Map.of(
                  "orderId", AttributeValue.fromS(req.pathParameter("orderId")),
                  "customerId", AttributeValue.fromS(HttpRequest.requireText(update, "customerId", 64)),
                  "status", AttributeValue.fromS(HttpRequest.requireText(update, "status", 32))));
              if (update.hasNonNull("note")) {
                item.put("note", AttributeValue.fromS(HttpRequest.requireText(update, "note", 200)));
              }
              ctx.app().putItem(b -> b.tableName("orders").item(item));
              return HttpResponse.noContent();
            })
            .build();
      }
    };
  }

  @Override
  public String streamRules() {
    return "classpath:streams/orders-rules.json";
  }
}
