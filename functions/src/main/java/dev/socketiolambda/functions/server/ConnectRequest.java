package dev.socketiolambda.functions.server;

import java.util.List;
import java.util.Map;

/**
 * What {@code $connect} knows about a new connection.
 *
 * @param connectionId API Gateway connection id
 * @param endpoint management API endpoint for this connection
 * @param sourceIp client address
 * @param headers request headers, lower-case names
 * @param query query string parameters
 * @param at epoch ms of the request
 */
public record ConnectRequest(
    String connectionId, String endpoint, String sourceIp, Map<String, String> headers,
    Map<String, List<String>> query, long at) {}
