package dev.socketiolambda.functions.polling;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.socketiolambda.functions.handler.Runtime;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The long-polling function behind an API Gateway HTTP API (payload format 2.0, route
 * {@code ANY /socket.io/{proxy+}} or {@code $default}): a thin adapter to {@link PollingServer}.
 */
public final class PollingHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  private final Runtime runtime;

  public PollingHandler() {
    this(Runtime.shared());
  }

  public PollingHandler(Runtime runtime) {
    this.runtime = runtime;
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    PollingResponse r;
    try {
      r = runtime.polling().handle(request(event));
    } catch (RuntimeException e) {
      System.err.println("socketio-lambda: polling request failed: " + e);
      r = PollingResponse.error(500, 3, "Internal error");
    }
    return APIGatewayV2HTTPResponse.builder().withStatusCode(r.status()).withHeaders(r.headers())
        .withBody(r.body()).withIsBase64Encoded(false).build();
  }

  static PollingRequest request(APIGatewayV2HTTPEvent event) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (event.getHeaders() != null) {
      event.getHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
    }
    Map<String, List<String>> query = new LinkedHashMap<>();
    if (event.getQueryStringParameters() != null) {
      // payload 2.0 joins repeated parameters with commas; Engine.IO's parameters never repeat
      event.getQueryStringParameters().forEach((k, v) -> query.put(k, new ArrayList<>(List.of(v))));
    }
    String body = event.getBody() == null ? "" : event.getBody();
    byte[] bytes = event.getIsBase64Encoded() ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
    var http = event.getRequestContext() == null ? null : event.getRequestContext().getHttp();
    String method = http == null || http.getMethod() == null ? "GET" : http.getMethod().toUpperCase(Locale.ROOT);
    String ip = http == null ? null : http.getSourceIp();
    long at = event.getRequestContext() == null || event.getRequestContext().getTimeEpoch() == 0
        ? System.currentTimeMillis() : event.getRequestContext().getTimeEpoch();
    return new PollingRequest(method, query, headers, new String(bytes, StandardCharsets.UTF_8), bytes.length,
        ip == null ? "" : ip, at);
  }
}
