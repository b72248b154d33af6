package dev.socketiolambda.functions.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The outcome of a server-to-client emit with ack.
 *
 * @param timedOut true when the client did not answer in time (args are then empty)
 * @param args the client's answer
 * @param context what the emitter attached, handed back unchanged
 */
public record AckReply(boolean timedOut, List<JsonNode> args, JsonNode context) {
  public AckReply {
    args = List.copyOf(args);
  }
}
