package dev.socketiolambda.local.gateway;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Emulator diagnostics on standard error (a developer tool: failures must be visible). */
final class GatewayLog {
  private GatewayLog() {}

  static void error(String message, Throwable t) {
    StringWriter trace = new StringWriter();
    if (t != null) {
      t.printStackTrace(new PrintWriter(trace));
    }
    System.err.println("[api-gateway-emulator] " + message + (t == null ? "" : ": " + trace));
  }

  static void warn(String message) {
    System.err.println("[api-gateway-emulator] " + message);
  }
}
