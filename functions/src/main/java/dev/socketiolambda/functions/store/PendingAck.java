package dev.socketiolambda.functions.store;

/**
 * A server-to-client emit waiting for the client's ack, which arrives in a later invocation.
 *
 * @param connectionId connection the emit went to
 * @param ackId the ack id sent with the event
 * @param namespace namespace of the socket
 * @param sid socket id
 * @param handler name of the registered reply handler
 * @param contextJson application context handed back to the handler, JSON text
 * @param expiresAt epoch ms after which the handler is called with a timeout
 */
public record PendingAck(
    String connectionId, long ackId, String namespace, String sid, String handler, String contextJson,
    long expiresAt) {}
