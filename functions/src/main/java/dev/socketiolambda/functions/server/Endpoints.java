package dev.socketiolambda.functions.server;

import dev.socketiolambda.functions.gateway.ConnectionGoneException;
import dev.socketiolambda.functions.gateway.Gateway;
import dev.socketiolambda.functions.gateway.GatewayProvider;
import dev.socketiolambda.functions.store.ConnectionRecord;
import dev.socketiolambda.functions.store.StateStore;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The management gateway reaching a connection: the configured endpoint, else the one in the
 * connection's row. Endpoints of rows read lately are remembered, so a post needs no second read.
 */
final class Endpoints {
  private final GatewayProvider gateways;
  private final String defaultEndpoint;
  private final StateStore store;
  private final Map<String, String> recent = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > 1_024;
    }
  };

  Endpoints(GatewayProvider gateways, String defaultEndpoint, StateStore store) {
    this.gateways = gateways;
    this.defaultEndpoint = defaultEndpoint;
    this.store = store;
  }

  Gateway gatewayFor(String connectionId) {
    if (defaultEndpoint != null) {
      return gateways.forEndpoint(defaultEndpoint);
    }
    String endpoint;
    synchronized (recent) {
      endpoint = recent.get(connectionId);
    }
    if (endpoint == null) {
      endpoint = store.getConnection(connectionId).map(ConnectionRecord::endpoint)
          .orElseThrow(() -> new ConnectionGoneException(connectionId, null));
      remember(connectionId, endpoint);
    }
    return gateways.forEndpoint(endpoint);
  }

  void remember(String connectionId, String endpoint) {
    if (defaultEndpoint == null && endpoint != null) {
      synchronized (recent) {
        recent.put(connectionId, endpoint);
      }
    }
  }
}
