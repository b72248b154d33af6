package dev.socketiolambda.functions.snapstart;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.functions.handler.DefaultHandler;
import dev.socketiolambda.functions.handler.Runtime;
import dev.socketiolambda.functions.observability.Meter;
import dev.socketiolambda.functions.observability.Metric;
import dev.socketiolambda.protocol.json.Json;
import dev.socketiolambda.protocol.socketio.Packet;
import dev.socketiolambda.protocol.socketio.SocketIoDecoder;
import dev.socketiolambda.protocol.socketio.SocketIoEncoder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * SnapStart priming: before Lambda takes the snapshot of an initialized socket function, one
 * {@code $default}-shaped event goes through the real handler, engine and DynamoDB client, so the
 * restored function does not pay for loading and first-running that code on its first frame.
 *
 * <p>The event is a Socket.IO EVENT from {@value #CONNECTION_ID}, an id API Gateway never issues
 * (its ids are base64, without {@code :}): the engine reads that connection's socket row (one
 * consistent {@code GetItem}), finds none, reads its connection row (is it an upgrade whose move has
 * not finished? there is none) and ignores the packet, as it does for any packet of a namespace the
 * client has not joined. Nothing is written, nothing is posted to the management API,
 * no thread is started. The reply and the Socket.IO encoder are exercised in memory only.
 *
 * <p>What crosses the snapshot: the SDK clients (no open connection needs to survive: the JDK closes a
 * keep-alive connection idle longer than its keep-alive time, 5 s by default, instead of reusing it,
 * and the SDK retries a request whose reused connection turns out dead) and the credentials, which on
 * SnapStart come from the container endpoint and are refreshed when stale. Priming never fails the snapshot: an error is logged and the function is
 * snapshotted unprimed.
 */
public final class SnapStartPriming implements Resource {
  /** The connection id of the priming event: not one API Gateway issues, so no row or connection has it. */
  public static final String CONNECTION_ID = "snapstart:priming";

  /** org.crac holds resources weakly: the registered one is kept here. */
  private static SnapStartPriming registered;

  private final Runtime runtime;

  public SnapStartPriming(Runtime runtime) {
    this.runtime = runtime;
  }

  /**
   * Registers priming of this function's runtime with the CRaC global context, once per function
   * instance (the socket handlers' no-argument constructors call it; outside SnapStart nothing calls
   * the hook).
   */
  public static synchronized SnapStartPriming register(Runtime runtime) {
    if (registered == null) {
      registered = new SnapStartPriming(runtime);
      Core.getGlobalContext().register(registered);
    }
    return registered;
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) {
    try {
      Report r = prime();
      System.out.println("socketio-lambda: SnapStart priming done in " + r.millis() + " ms ("
          + r.dynamoRequests() + " DynamoDB requests)");
    } catch (IOException | RuntimeException e) {
      System.err.println("socketio-lambda: SnapStart priming failed, snapshot taken unprimed: " + e);
    }
  }

  @Override
  public void afterRestore(Context<? extends Resource> context) {
    // nothing to reopen: no connection or thread made by priming is relied on after a restore
  }

  /** Runs the priming event now; what it did. */
  public Report prime() throws IOException {
    long started = System.nanoTime();
    long requestsBefore = Meter.runtime().get(Metric.DYNAMODB_REQUESTS);
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    new DefaultHandler(runtime).handleRequest(new ByteArrayInputStream(event(System.currentTimeMillis())
        .getBytes(StandardCharsets.UTF_8)), out, null);
    String reply = Json.parse(out.toString(StandardCharsets.UTF_8)).path("body").asText();
    // the reply path's encoder, in memory: an ack with the decoded arguments
    Packet decoded = SocketIoDecoder.standard().decode(FRAME.substring(1)); // less the Engine.IO message type
    SocketIoEncoder.encode(Packet.ack(decoded.namespace(), 1L, decoded.args())).engineFrames();
    return new Report(reply, Meter.runtime().get(Metric.DYNAMODB_REQUESTS) - requestsBefore,
        (System.nanoTime() - started) / 1_000_000);
  }

  /** What priming did: the handler's route response, DynamoDB requests made, time taken. */
  public record Report(String reply, long dynamoRequests, long millis) {}

  /** The Socket.IO frame of the priming event: an event with an ack id and an object, as clients send. */
  static final String FRAME = "421[\"snapstart:priming\",{\"text\":\"priming\",\"n\":1,\"ok\":true,\"list\":[1.5,null]}]";

  /** A {@code $default} MESSAGE event as API Gateway sends it, from {@link #CONNECTION_ID}. */
  static String event(long now) {
    ObjectNode request = Json.object().put("routeKey", "$default").put("eventType", "MESSAGE")
        .put("messageDirection", "IN").put("stage", "priming").put("connectionId", CONNECTION_ID)
        .put("requestTimeEpoch", now).put("connectedAt", now).put("requestId", "snapstart-priming")
        .put("apiId", "priming").put("domainName", "priming.invalid");
    ObjectNode event = Json.object();
    event.set("requestContext", request);
    return Json.write(event.put("body", FRAME).put("isBase64Encoded", false));
  }
}
