package dev.socketiolambda.functions.http;

import dev.socketiolambda.functions.auth.Principal;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request of an API Gateway HTTP API (payload format 2.0) as a route reads it: method,
 * path parameters of the matched template, query, lower-cased headers, cookies, the body as text,
 * bytes or JSON, and the {@link Principal} when an {@link Authenticator} finds one.
 */
public final class HttpRequest {
  private final String method;
  private final String path;
  private final Map<String, String> pathParameters;
  private final Map<String, String> query;
  private final Map<String, String> headers;
  private final Map<String, String> cookies;
  private final byte[] body;
  private final String requestId;
  private final String sourceIp;
  private final Map<String, String> authorizerClaims;
  private final Authenticator authenticator;
  private Optional<Principal> principal; // null until the first principal() call

  HttpRequest(String method, String path, Map<String, String> pathParameters, Map<String, String> query,
      Map<String, String> headers, Map<String, String> cookies, byte[] body, String requestId, String sourceIp,
      Map<String, String> authorizerClaims, Authenticator authenticator) {
    this.method = method;
    this.path = path;
    this.pathParameters = Map.copyOf(pathParameters);
    this.query = Map.copyOf(query);
    this.headers = Map.copyOf(headers);
    this.cookies = Map.copyOf(cookies);
    this.body = body;
    this.requestId = requestId;
    this.sourceIp = sourceIp;
    this.authorizerClaims = Map.copyOf(authorizerClaims);
    this.authenticator = authenticator;
  }

  /** Reads an event; the path parameters are set once a route matched. */
  static HttpRequest from(APIGatewayV2HTTPEvent event, String path, Authenticator authenticator) {
    var ctx = event.getRequestContext();
    var http = ctx == null ? null : ctx.getHttp();
    String method = http != null && http.getMethod() != null ? http.getMethod().toUpperCase(Locale.ROOT) : "GET";
    Map<String, String> headers = new LinkedHashMap<>();
    if (event.getHeaders() != null) {
      event.getHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
    }
    Map<String, String> cookies = new LinkedHashMap<>();
    if (event.getCookies() != null) {
      for (String c : event.getCookies()) {
        int eq = c.indexOf('=');
        if (eq > 0) {
          cookies.putIfAbsent(c.substring(0, eq).trim(), c.substring(eq + 1).trim());
        }
      }
    }
    byte[] body = bodyBytes(event);
    Map<String, String> claims = Map.of();
    if (ctx != null && ctx.getAuthorizer() != null && ctx.getAuthorizer().getJwt() != null
        && ctx.getAuthorizer().getJwt().getClaims() != null) {
      claims = ctx.getAuthorizer().getJwt().getClaims();
    }
    return new HttpRequest(method, path, Map.of(),
        event.getQueryStringParameters() == null ? Map.of() : event.getQueryStringParameters(),
        headers, cookies, body, ctx == null ? null : ctx.getRequestId(),
        http == null ? null : http.getSourceIp(), claims, authenticator);
  }

  HttpRequest withPathParameters(Map<String, String> parameters) {
    return new HttpRequest(method, path, parameters, query, headers, cookies, body, requestId, sourceIp,
        authorizerClaims, authenticator);
  }

  static byte[] bodyBytes(APIGatewayV2HTTPEvent event) {
    String b = event.getBody();
    if (b == null) {
      return new byte[0];
    }
    if (event.getIsBase64Encoded()) {
      try {
        return Base64.getDecoder().decode(b);
      } catch (IllegalArgumentException e) {
        throw HttpError.badRequest("the body is not valid base64");
      }
    }
    return b.getBytes(StandardCharsets.UTF_8);
  }

  /** The method in upper case. */
  public String method() {
    return method;
  }

  /** The request path (without the stage prefix of a named stage). */
  public String path() {
    return path;
  }

  /** A parameter of the matched template ({@code {id}}): always present when the template has it. */
  public String pathParameter(String name) {
    String v = pathParameters.get(name);
    if (v == null) {
      throw new IllegalArgumentException("the route's template has no parameter {" + name + "}");
    }
    return v;
  }

  public Map<String, String> pathParameters() {
    return pathParameters;
  }

  /** A query parameter; API Gateway joins repeated ones with commas. */
  public Optional<String> query(String name) {
    return Optional.ofNullable(query.get(name));
  }

  public Map<String, String> queryParameters() {
    return query;
  }

  /** A header by name, any case; API Gateway joins repeated ones with commas. */
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
  }

  /** All headers, names lower-cased. */
  public Map<String, String> headers() {
    return headers;
  }

  public Optional<String> cookie(String name) {
    return Optional.ofNullable(cookies.get(name));
  }

  public Map<String, String> cookies() {
    return cookies;
  }

  /** API Gateway's request id ({@code requestContext.requestId}). */
  public String requestId() {
    return requestId;
  }

  /** The client's IP address ({@code requestContext.http.sourceIp}). */
  public String sourceIp() {
    return sourceIp;
  }

  /** Claims API Gateway's JWT authorizer verified; empty without one. */
  public Map<String, String> authorizerClaims() {
    return authorizerClaims;
  }

  /** The body's bytes (empty when there is none). */
  public byte[] bodyBytes() {
    return body.clone();
  }

  /** The body's length in bytes. */
  public int bodyLength() {
    return body.length;
  }

  /** The body as UTF-8 text. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /**
   * The body as a JSON tree.
   *
   * @throws HttpError 415 when the content type is not JSON, 400 when the body is empty or not JSON
   */
  public JsonNode json() {
    requireJsonBody();
    try {
      return HttpJson.MAPPER.readTree(body);
    } catch (java.io.IOException e) {
      throw HttpError.badRequest("the body is not valid JSON");
    }
  }

  /**
   * The body bound to a type (a record, usually): unknown fields and wrong types answer 400 naming
   * the field.
   */
  public <T> T json(Class<T> type) {
    requireJsonBody();
    try {
      T value = HttpJson.MAPPER.readValue(body, type);
      if (value == null) {
        throw HttpError.badRequest("the body must be a JSON object");
      }
      return value;
    } catch (UnrecognizedPropertyException e) {
      throw HttpError.invalid(fieldPath(e), "unknown field");
    } catch (JsonMappingException e) {
      String field = fieldPath(e);
      if (field.isEmpty()) {
        throw HttpError.badRequest("the body does not have the expected shape");
      }
      throw HttpError.invalid(field, "has the wrong type or is missing");
    } catch (JsonProcessingException e) {
      throw HttpError.badRequest("the body is not valid JSON");
    } catch (java.io.IOException e) {
      throw HttpError.badRequest("the body cannot be read");
    }
  }

  /** A required, non-blank text field of a JSON object body, at most {@code maxLength} characters. */
  public static String requireText(JsonNode object, String field, int maxLength) {
    JsonNode v = object == null ? null : object.get(field);
    if (v == null || v.isNull()) {
      throw HttpError.invalid(field, "is required");
    }
    if (!v.isTextual()) {
      throw HttpError.invalid(field, "must be a string");
    }
    String s = v.asText();
    if (s.isBlank()) {
      throw HttpError.invalid(field, "must not be blank");
    }
    if (s.length() > maxLength) {
      throw HttpError.invalid(field, "must be at most " + maxLength + " characters");
    }
    return s;
  }

  /**
   * The {@link Principal}, found by the router's {@link Authenticator} on first use.
   *
   * @throws HttpError 401 when credentials were sent and do not verify
   */
  public synchronized Optional<Principal> principal() {
    if (principal == null) {
      principal = authenticator.authenticate(this);
    }
    return principal;
  }

  /** The principal, or 401 when the request has none. */
  public Principal requirePrincipal() {
    return principal().orElseThrow(() -> HttpError.unauthorized("this route needs a valid bearer token"));
  }

  private void requireJsonBody() {
    String type = headers.get("content-type");
    if (type != null) {
      String t = type.toLowerCase(Locale.ROOT).split(";", 2)[0].trim();
      if (!t.equals("application/json") && !t.endsWith("+json")) {
        throw HttpError.unsupportedMediaType("the body must be application/json, was " + t);
      }
    }
    if (body.length == 0) {
      throw HttpError.badRequest("the body must be JSON, and it is empty");
    }
  }

  private static String fieldPath(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.toString();
  }
}
