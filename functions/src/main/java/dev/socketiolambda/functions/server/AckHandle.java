package dev.socketiolambda.functions.server;

/**
 * The reply handler registered with {@link Namespace#onAckReply}: what {@link AckRequest#onReply}
 * takes, so a server-to-client ack can only point at a handler that exists.
 *
 * @param namespace the namespace (or dynamic namespace pattern) it was registered on
 * @param name its name, stored with the pending ack; keep it stable across deployments
 */
public record AckHandle(String namespace, String name) {}
