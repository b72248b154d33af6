package dev.socketiolambda.functions.server;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * Ready-made {@link Listeners.ArgDecoder}s: the arguments as they are, or the first one decoded into
 * a record (or any Jackson-bindable class). Bad input becomes an {@link EventError} naming what
 * was wrong, which a request answers as an ack error.
 */
public final class ArgDecoders {
  private ArgDecoders() {}

  /** The event's arguments, unchanged. */
  public static Listeners.ArgDecoder<List<JsonNode>> raw() {
    return args -> args;
  }

  /**
   * The first argument as a {@code type}, bound by Jackson: unknown properties are refused, missing
   * ones are null (or 0/false for primitives); a missing or non-object argument is refused.
   */
  public static <T> Listeners.ArgDecoder<T> firstAs(Class<T> type) {
    return args -> {
      if (args.isEmpty() || !args.get(0).isObject()) {
        throw new EventError("the payload must be an object");
      }
      try {
        return Mapper.INSTANCE.treeToValue(args.get(0), type);
      } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
        throw new EventError("invalid payload: " + firstLine(e.getMessage()));
      }
    };
  }

  /** The mapper, built on first use only (it is not needed by apps that decode nothing). */
  static final class Mapper {
    static final ObjectMapper INSTANCE = new ObjectMapper()
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private Mapper() {}
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "cannot bind it";
    }
    int i = message.indexOf('\n');
    String line = i < 0 ? message : message.substring(0, i);
    int at = line.indexOf(" (class ");
    return at < 0 ? line : line.substring(0, at);
  }
}
