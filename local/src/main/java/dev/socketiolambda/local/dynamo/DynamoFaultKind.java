package dev.socketiolambda.local.dynamo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A kind of DynamoDB failure {@link DynamoFaultProxy} injects, by its command-line name. */
public enum DynamoFaultKind {
  /** 400 {@code ThrottlingException} or {@code ProvisionedThroughputExceededException}, picked evenly. */
  THROTTLE("throttle"),
  /** 500 {@code InternalServerError}. */
  INTERNAL_ERROR("500"),
  /** {@code BatchWriteItem} answers part of its writes as {@code UnprocessedItems} (other operations: never). */
  UNPROCESSED("unprocessed"),
  /** No answer: the connection is closed after a wait, with or without the request applied. */
  TIMEOUT("timeout");

  private final String label;

  DynamoFaultKind(String label) {
    this.label = label;
  }

  /** The name used on the command line. */
  public String label() {
    return label;
  }

  /** The kinds of a comma-separated list such as {@code throttle,500,unprocessed,timeout}. */
  public static List<DynamoFaultKind> parseList(String text) {
    List<DynamoFaultKind> out = new ArrayList<>();
    for (String part : text.split(",")) {
      String name = part.trim().toLowerCase(Locale.ROOT);
      DynamoFaultKind kind = null;
      for (DynamoFaultKind k : values()) {
        if (k.label.equals(name)) {
          kind = k;
        }
      }
      if (kind == null) {
        throw new IllegalArgumentException("unknown DynamoDB fault kind '" + part.trim()
            + "': use throttle, 500, unprocessed or timeout");
      }
      if (!out.contains(kind)) {
        out.add(kind);
      }
    }
    return out;
  }
}
