package dev.socketiolambda.functions.delivery;

/** What to do with a connection the management API reported gone (410): remove its rows. */
@FunctionalInterface
public interface GoneHandler {
  void gone(String connectionId);
}
