package dev.socketiolambda.functions.handler;

/** Starts the asynchronous open-packet step for a new connection (async Lambda invoke on AWS, an executor locally). */
@FunctionalInterface
public interface OpenTrigger {
  void trigger(String connectionId);
}
