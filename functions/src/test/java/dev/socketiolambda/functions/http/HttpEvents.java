package dev.socketiolambda.functions.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Payload format 2.0 events for router tests, shaped as API Gateway sends them. */
final class HttpEvents {
  private final APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
  private final Map<String, String> headers = new LinkedHashMap<>();

  private HttpEvents(String method, String rawPath) {
    event.setVersion("2.0");
    event.setRouteKey("$default");
    event.setRawPath(rawPath);
    event.setRawQueryString("");
    event.setHeaders(headers);
    var http = new APIGatewayV2HTTPEvent.RequestContext.Http();
    http.setMethod(method);
    http.setPath(rawPath);
    http.setProtocol("HTTP/1.1");
    http.setSourceIp("203.0.113.7");
    var ctx = new APIGatewayV2HTTPEvent.RequestContext();
    ctx.setHttp(http);
    ctx.setStage("$default");
    ctx.setRequestId("req-1");
    event.setRequestContext(ctx);
  }

  static HttpEvents request(String method, String rawPath) {
    return new HttpEvents(method, rawPath);
  }

  HttpEvents header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  HttpEvents query(String name, String value) {
    if (event.getQueryStringParameters() == null) {
      event.setQueryStringParameters(new LinkedHashMap<>());
    }
    event.getQueryStringParameters().put(name, value);
    return this;
  }

  HttpEvents cookies(String... cookies) {
    event.setCookies(List.of(cookies));
    return this;
  }

  HttpEvents json(String body) {
    headers.put("content-type", "application/json");
    event.setBody(body);
    return this;
  }

  HttpEvents body(String contentType, String body) {
    headers.put("content-type", contentType);
    event.setBody(body);
    return this;
  }

  HttpEvents binary(String contentType, byte[] bytes) {
    headers.put("content-type", contentType);
    event.setBody(Base64.getEncoder().encodeToString(bytes));
    event.setIsBase64Encoded(true);
    return this;
  }

  HttpEvents stage(String stage) {
    event.getRequestContext().setStage(stage);
    return this;
  }

  HttpEvents claims(Map<String, String> claims) {
    var jwt = new APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT();
    jwt.setClaims(claims);
    var authorizer = new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
    authorizer.setJwt(jwt);
    event.getRequestContext().setAuthorizer(authorizer);
    return this;
  }

  APIGatewayV2HTTPEvent event() {
    return event;
  }

}
