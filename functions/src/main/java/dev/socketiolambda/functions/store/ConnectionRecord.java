package dev.socketiolambda.functions.store;

import java.util.List;
import java.util.Map;

/**
 * One Engine.IO connection (one API Gateway connection id), as stored at {@code $connect}.
 *
 * @param connectionId API Gateway connection id
 * @param eioSid the Engine.IO session id sent in the open packet
 * @param endpoint the management API endpoint that reaches this connection
 * @param connectedAt epoch ms of {@code $connect}
 * @param sourceIp client address
 * @param headers upgrade request headers (lower-case names)
 * @param query query string parameters (multi-valued)
 * @param lastPingAt epoch ms of the last ping recorded, 0 if none (the heartbeat's pings on the
 *     connection's ping phase are not recorded: {@code Heartbeat})
 * @param lastPongAt epoch ms of the last pong received, 0 if none
 * @param connectDeadline epoch ms by which a namespace CONNECT must arrive, 0 once one did
 * @param dueAt epoch ms when the heartbeat must look at this connection next; on a ping phase, its
 *     first time there after the last recorded ping (or {@code $connect}), which also names the phase
 * @param onPingPhase whether the stored row is on its ping phase (as read from the store; a row is put
 *     time-bucketed, and a CONNECT or a scheduled ping puts it on the phase)
 */
public record ConnectionRecord(
    String connectionId,
    String eioSid,
    String endpoint,
    long connectedAt,
    String sourceIp,
    Map<String, String> headers,
    Map<String, List<String>> query,
    long lastPingAt,
    long lastPongAt,
    long connectDeadline,
    long dueAt,
    boolean onPingPhase) {

  public ConnectionRecord {
    headers = Map.copyOf(headers);
    query = Map.copyOf(query);
  }

  /** A connection row as it is put: time-bucketed, not on a ping phase. */
  public ConnectionRecord(String connectionId, String eioSid, String endpoint, long connectedAt, String sourceIp,
      Map<String, String> headers, Map<String, List<String>> query, long lastPingAt, long lastPongAt,
      long connectDeadline, long dueAt) {
    this(connectionId, eioSid, endpoint, connectedAt, sourceIp, headers, query, lastPingAt, lastPongAt,
        connectDeadline, dueAt, false);
  }

  /** The same connection as read from a row on its ping phase, due at {@code dueAt}. */
  public ConnectionRecord onPhase(long dueAt) {
    return new ConnectionRecord(connectionId, eioSid, endpoint, connectedAt, sourceIp, headers, query, lastPingAt,
        lastPongAt, connectDeadline, dueAt, true);
  }

  /** The same connection as read from a time-bucketed row (not on a ping phase). */
  public ConnectionRecord timeBucketed() {
    return new ConnectionRecord(connectionId, eioSid, endpoint, connectedAt, sourceIp, headers, query, lastPingAt,
        lastPongAt, connectDeadline, dueAt, false);
  }

  public ConnectionRecord withHeartbeat(long lastPingAt, long dueAt) {
    return new ConnectionRecord(connectionId, eioSid, endpoint, connectedAt, sourceIp, headers, query, lastPingAt,
        lastPongAt, connectDeadline, dueAt, onPingPhase);
  }

  public ConnectionRecord withPong(long lastPongAt) {
    return new ConnectionRecord(connectionId, eioSid, endpoint, connectedAt, sourceIp, headers, query, lastPingAt,
        lastPongAt, connectDeadline, dueAt, onPingPhase);
  }

  /** The same connection with these stored request headers and query parameters. */
  public ConnectionRecord withRequest(Map<String, String> headers, Map<String, List<String>> query) {
    return new ConnectionRecord(connectionId, eioSid, endpoint, connectedAt, sourceIp, headers, query, lastPingAt,
        lastPongAt, connectDeadline, dueAt, onPingPhase);
  }

  public ConnectionRecord withConnectDeadline(long connectDeadline, long dueAt) {
    return new ConnectionRecord(connectionId, eioSid, endpoint, connectedAt, sourceIp, headers, query, lastPingAt,
        lastPongAt, connectDeadline, dueAt, onPingPhase);
  }
}
