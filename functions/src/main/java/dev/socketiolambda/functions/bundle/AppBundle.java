package dev.socketiolambda.functions.bundle;

import dev.socketiolambda.functions.http.HttpApp;
import dev.socketiolambda.functions.server.SocketIoApp;
import java.util.List;
import java.util.Map;

/**
 * An application as one deployable unit: its socket app and what sits beside it (domain tables,
 * generated secrets, a local demo). Bundles are found with {@link java.util.ServiceLoader} by
 * {@link #name()} ({@code SOCKETIO_APP=chat} on Lambda, {@code --app chat} on the local stack,
 * {@code -c socketio:example=chat} in CDK): the runtime, the local stack and the CDK app never
 * import an application. Register one in {@code META-INF/services/dev.socketiolambda.functions.bundle.AppBundle}.
 */
public interface AppBundle {
  /** The short name that selects this bundle: lower case letters, digits and dashes. */
  String name();

  /** One line for listings and stack descriptions. */
  String description();

  /**
   * Checks the application's settings without building anything, so that a local start fails
   * before it starts servers.
   *
   * @throws IllegalArgumentException naming the setting that is wrong and what is accepted
   */
  default void checkSettings(Map<String, String> env) {}

  /** Builds the socket application once per function instance, from the context's settings and clients. */
  SocketIoApp createApp(AppContext context);

  /** The application's own DynamoDB tables (created locally, declared in CDK, granted to the functions). */
  default List<BundleTable> tables() {
    return List.of();
  }

  /**
   * Settings the application always runs with, on AWS and locally (where {@code --app-env} may
   * override them), such as the token audience it requires.
   */
  default Map<String, String> environment() {
    return Map.of();
  }

  /** Secrets the application reads from its environment, generated at deploy time and locally. */
  default List<BundleSecret> secrets() {
    return List.of();
  }

  /**
   * Where the application's stream rules are, as {@code SOCKETIO_STREAM_RULES} takes it
   * ({@code classpath:dev/example/rules.json}, format: {@code docs/stream-rules.md}), or null for
   * none. Their {@code tables} section names the domain tables whose writes become broadcasts: the
   * local stack creates and polls them, the CDK stack gives each a stream and the stream function.
   */
  default String streamRules() {
    return null;
  }

  /** The class name of the application's {@code StreamHook} (programmatic broadcasts from domain writes), or null. */
  default String streamHook() {
    return null;
  }

  /**
   * The application's HTTP routes (an API Gateway HTTP API, payload format 2.0) with their
   * dependencies, built once per function instance from the context, or null for none.
   */
  default HttpApp<?> httpApp(AppContext context) {
    return null;
  }

  /**
   * The classpath folder of the application's static web assets (served at {@code /} beside the
   * routes: locally on the WebSocket port, on AWS from S3 behind CloudFront), or null for none.
   */
  default String webAssets() {
    return null;
  }

  /** The jar that holds the application and the runtime, under {@code examples/<name>/target/} in this repository. */
  default String artifactName() {
    return "socketio-" + name() + ".jar";
  }

  /**
   * What the local stack adds for this application once its tables exist (demo data, a page), or
   * null for nothing.
   */
  default LocalDemo localDemo(AppContext context) {
    return null;
  }
}
