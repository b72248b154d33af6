package dev.socketiolambda.examples.queue;

import java.util.regex.Pattern;

/** The seed's room names and the shapes of the ids they are built from. */
public final class Rooms {
  public static final String DASHBOARD = "dashboard";
  /** Service types: letters, digits and underscores ({@code Finance}, {@code Student_Affairs}). */
  static final Pattern SERVICE_TYPE = Pattern.compile("[A-Za-z0-9_]{1,32}");
  /** Counter and user ids: letters, digits, {@code _}, {@code -} and {@code .}. */
  static final Pattern ID = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");
  /** User ids (a token's {@code sub}) and room names: up to 128 printable characters without blanks. */
  static final Pattern ANY_ID = Pattern.compile("[\\x21-\\x7E]{1,128}");

  private Rooms() {}

  public static String service(String serviceType) {
    return "service-" + serviceType;
  }

  public static String counter(String counterId) {
    return "counter-" + counterId;
  }

  public static String user(String userId) {
    return "user-" + userId;
  }

  /** A required text field of a client payload with the seed's message ({@code "serviceType is required"}). */
  static String require(com.fasterxml.jackson.databind.JsonNode payload, String field, Pattern shape) {
    com.fasterxml.jackson.databind.JsonNode v = payload == null ? null : payload.get(field);
    if (v == null || v.isNull() || (v.isTextual() && v.asText().isEmpty())) {
      throw QueueError.validation(field + " is required");
    }
    if (!v.isTextual() || !shape.matcher(v.asText()).matches()) {
      throw QueueError.validation(field + " must be a string matching " + shape.pattern());
    }
    return v.asText();
  }
}
