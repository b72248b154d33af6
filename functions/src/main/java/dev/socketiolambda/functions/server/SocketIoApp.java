package dev.socketiolambda.functions.server;

/**
 * An application: registers its namespaces and listeners. The runtime finds it by the class name in
 * the {@code SOCKETIO_APP} environment variable (or a {@link java.util.ServiceLoader} entry), creates
 * it once per function instance with its no-argument constructor, and calls {@link #configure}.
 */
public interface SocketIoApp {
  void configure(SocketIoServer io);
}
