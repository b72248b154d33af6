package dev.socketiolambda.functions.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What a route answers: status, headers, cookies ({@code Set-Cookie} values) and a text or binary
 * body. Immutable: {@code with...} methods return a copy.
 */
public final class HttpResponse {
  private final int status;
  private final Map<String, String> headers;
  private final List<String> cookies;
  private final String body;
  private final boolean base64;

  private HttpResponse(int status, Map<String, String> headers, List<String> cookies, String body, boolean base64) {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("an HTTP status must be 100..599, was " + status);
    }
    this.status = status;
    this.headers = headers;
    this.cookies = cookies;
    this.body = body;
    this.base64 = base64;
  }

  /** A JSON answer: the value serialized by Jackson (a record, a map, a {@code JsonNode}). */
  public static HttpResponse json(int status, Object value) {
    try {
      return new HttpResponse(status, Map.of("content-type", "application/json"), List.of(),
          HttpJson.MAPPER.writeValueAsString(value), false);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write the answer as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** 200 with a JSON body. */
  public static HttpResponse ok(Object value) {
    return json(200, value);
  }

  /** 201 with a JSON body. */
  public static HttpResponse created(Object value) {
    return json(201, value);
  }

  /** 204 without a body. */
  public static HttpResponse noContent() {
    return new HttpResponse(204, Map.of(), List.of(), null, false);
  }

  /** A text answer with its content type. */
  public static HttpResponse text(int status, String contentType, String text) {
    return new HttpResponse(status, Map.of("content-type", contentType), List.of(), text, false);
  }

  /** A binary answer: travels base64-encoded to API Gateway, which decodes it. */
  public static HttpResponse bytes(int status, String contentType, byte[] bytes) {
    return new HttpResponse(status, Map.of("content-type", contentType), List.of(),
        Base64.getEncoder().encodeToString(bytes), true);
  }

  /** A copy with a header set (names are lower-cased; an existing one is replaced). */
  public HttpResponse withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name.toLowerCase(Locale.ROOT), Objects.requireNonNull(value, "value"));
    return new HttpResponse(status, Map.copyOf(h), cookies, body, base64);
  }

  /** A copy with one more cookie, a full {@code Set-Cookie} value ({@code "sid=1; HttpOnly; Secure"}). */
  public HttpResponse withCookie(String setCookie) {
    List<String> c = new ArrayList<>(cookies);
    c.add(Objects.requireNonNull(setCookie, "setCookie"));
    return new HttpResponse(status, headers, List.copyOf(c), body, base64);
  }

  public int status() {
    return status;
  }

  /** Headers, names lower-cased. */
  public Map<String, String> headers() {
    return headers;
  }

  public List<String> cookies() {
    return cookies;
  }

  /** The body as API Gateway gets it (base64 when {@link #isBase64Encoded()}), or null. */
  public String body() {
    return body;
  }

  public boolean isBase64Encoded() {
    return base64;
  }

  /** The Lambda response of payload format 2.0. */
  public APIGatewayV2HTTPResponse toEvent() {
    APIGatewayV2HTTPResponse r = new APIGatewayV2HTTPResponse();
    r.setStatusCode(status);
    r.setHeaders(new LinkedHashMap<>(headers));
    if (!cookies.isEmpty()) {
      r.setCookies(new ArrayList<>(cookies));
    }
    r.setBody(body == null ? "" : body);
    r.setIsBase64Encoded(base64);
    return r;
  }
}
