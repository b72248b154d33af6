package dev.socketiolambda.functions.http;

import dev.socketiolambda.functions.SocketIoLambdaException;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An HTTP error a route throws (or the router raises): answered as {@code {"error":{"code":...,
 * "message":...}}} with its status and headers ({@code Allow}, {@code Retry-After}). The message
 * goes to the client: never put internals in it.
 */
public final class HttpError extends SocketIoLambdaException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final String field;
  private final Map<String, String> headers;

  private HttpError(int status, String code, String message, String field, Map<String, String> headers) {
    super(message);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("an HTTP error status must be 400..599, was " + status);
    }
    this.status = status;
    this.code = Objects.requireNonNull(code, "code");
    this.field = field;
    this.headers = Map.copyOf(headers);
  }

  /** Any error status with a machine-readable code and a message for the client. */
  public static HttpError of(int status, String code, String message) {
    return new HttpError(status, code, message, null, Map.of());
  }

  /** 400: the request is malformed. */
  public static HttpError badRequest(String message) {
    return of(400, "bad_request", message);
  }

  /** 400: a field of the request failed validation; the answer names it. */
  public static HttpError invalid(String field, String message) {
    Objects.requireNonNull(field, "field");
    return new HttpError(400, "validation_failed", field + ": " + message, field, Map.of());
  }

  /** 401: no or bad credentials. */
  public static HttpError unauthorized(String message) {
    return new HttpError(401, "unauthorized", message, null, Map.of("WWW-Authenticate", "Bearer"));
  }

  /** 403: authenticated, but not allowed. */
  public static HttpError forbidden(String message) {
    return of(403, "forbidden", message);
  }

  /** 404: nothing here. */
  public static HttpError notFound(String message) {
    return of(404, "not_found", message);
  }

  /** 405 with the {@code Allow} header listing the methods the path has. */
  public static HttpError methodNotAllowed(String method, Collection<String> allowed) {
    return new HttpError(405, "method_not_allowed", method + " is not allowed here",
        null, Map.of("Allow", String.join(", ", allowed)));
  }

  /** 409: the request conflicts with the current state (an item that already exists, a stale version). */
  public static HttpError conflict(String message) {
    return of(409, "conflict", message);
  }

  /** 413: the body is larger than the route accepts. */
  public static HttpError payloadTooLarge(long maxBytes) {
    return of(413, "payload_too_large", "the body must be at most " + maxBytes + " bytes");
  }

  /** 415: the body is not of a media type the route reads. */
  public static HttpError unsupportedMediaType(String message) {
    return of(415, "unsupported_media_type", message);
  }

  /** 429 with {@code Retry-After} in whole seconds (at least 1). */
  public static HttpError tooManyRequests(Duration retryAfter) {
    long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    return new HttpError(429, "too_many_requests", "too many requests: retry after " + seconds + " s",
        null, Map.of("Retry-After", String.valueOf(seconds)));
  }

  /** 500 for failures whose details stay in the logs. */
  static HttpError internal() {
    return of(500, "internal_error", "internal error");
  }

  public int status() {
    return status;
  }

  /** The machine-readable code, e.g. {@code validation_failed}. */
  public String code() {
    return code;
  }

  /** The field that failed validation, or null. */
  public String field() {
    return field;
  }

  /** Headers the answer carries. */
  public Map<String, String> headers() {
    return headers;
  }

  /** The JSON answer of this error. */
  public HttpResponse toResponse() {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", getMessage());
    if (field != null) {
      error.put("field", field);
    }
    HttpResponse response = HttpResponse.json(status, Map.of("error", error));
    for (Map.Entry<String, String> h : headers.entrySet()) {
      response = response.withHeader(h.getKey(), h.getValue());
    }
    return response;
  }
}
