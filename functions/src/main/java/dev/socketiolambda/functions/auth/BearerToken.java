package dev.socketiolambda.functions.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.socketiolambda.functions.server.Handshake;

/** Where clients put their token: the {@code Authorization: Bearer} header, the CONNECT auth payload, the query. */
public final class BearerToken {
  private BearerToken() {}

  /**
   * The token of an {@code Authorization} header value.
   *
   * @throws InvalidTokenException when the value is missing or not {@code Bearer <token>}
   */
  public static String fromAuthorizationHeader(String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidTokenException("missing token: send an Authorization: Bearer <token> header");
    }
    String v = value.trim();
    if (v.length() < 7 || !v.regionMatches(true, 0, "Bearer ", 0, 7) || v.substring(7).isBlank()) {
      throw new InvalidTokenException("the Authorization header must be 'Bearer <token>'");
    }
    return v.substring(7).trim();
  }

  /**
   * The token of a Socket.IO handshake: the CONNECT {@code auth.token} (with or without a
   * {@code Bearer } prefix), else the {@code token} query
   * parameter, else an {@code Authorization: Bearer} header of the upgrade request; null when none.
   * The last two reach a middleware only when the app declares them in
   * {@link dev.socketiolambda.functions.server.StoredHandshake} ({@code $connect} stores neither by default).
   *
   * @throws InvalidTokenException when {@code auth.token} is not a string or the header is not a bearer token
   */
  public static String fromHandshake(Handshake handshake) {
    JsonNode auth = handshake.auth() == null ? null : handshake.auth().get("token");
    if (auth != null && !auth.isNull()) {
      if (!auth.isTextual()) {
        throw new InvalidTokenException("auth.token must be a string");
      }
      // clients written for Express middlewares send the header's form: {token: "Bearer <jwt>"}
      String v = auth.textValue().trim();
      return v.regionMatches(true, 0, "Bearer ", 0, 7) ? v.substring(7).trim() : v;
    }
    String query = handshake.query("token");
    if (query != null) {
      return query;
    }
    String header = handshake.header("authorization");
    return header == null ? null : fromAuthorizationHeader(header);
  }
}
