package dev.socketiolambda.functions.handler;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.socketiolambda.functions.fanout.FanOutSettings;
import dev.socketiolambda.functions.delivery.GatewayTransport;
import dev.socketiolambda.functions.observability.InvocationLog;
import dev.socketiolambda.functions.observability.Meter;
import dev.socketiolambda.functions.server.EngineConfig;
import dev.socketiolambda.functions.server.SocketIoApp;
import dev.socketiolambda.functions.store.DueIndexSettings;
import dev.socketiolambda.functions.store.InMemoryStateStore;
import dev.socketiolambda.functions.store.StateStore;
import dev.socketiolambda.functions.testing.EventFixtures;
import dev.socketiolambda.functions.testing.RecordingGateway;
import dev.socketiolambda.functions.testing.TestClock;
import dev.socketiolambda.protocol.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The handlers over one engine with an in-memory store and a recording gateway, at the fixtures' time. */
final class HandlerHarness {
  /** requestTimeEpoch of events/connect.json. */
  static final long CONNECT_TIME = 1_705_745_700_000L;
  static final String CONNECTION_ID = "Vq3kDfT2IAMCJkw=";
  static final EngineConfig CONFIG = new EngineConfig(25_000, 20_000, 1_000_000, 45_000, 10_000, true, 4, 3, 2_000);

  final TestClock clock = new TestClock(CONNECT_TIME);
  final RecordingGateway gateway = new RecordingGateway();
  final InMemoryStateStore memory = new InMemoryStateStore();
  final List<String> opened = new CopyOnWriteArrayList<>();
  /** The invocation lines the handlers wrote. */
  final List<String> lines = new CopyOnWriteArrayList<>();
  final Runtime runtime;

  HandlerHarness(SocketIoApp app) {
    this(app, "http://mgmt", null);
  }

  HandlerHarness(SocketIoApp app, String managementEndpoint, StateStore store) {
    Settings settings = new Settings(null, "socketio-test", managementEndpoint, null, null, "us-east-1", CONFIG,
        DueIndexSettings.DEFAULT, null);
    ExecutorService posts = Executors.newFixedThreadPool(CONFIG.fanoutConcurrency(), r -> {
      Thread t = new Thread(r, "harness-post");
      t.setDaemon(true);
      return t;
    });
    runtime = RuntimeBuilder.of(settings).app(app).store(store == null ? memory : store)
        .gateways(gateway.provider()).transport(() -> new GatewayTransport(id -> gateway, posts))
        .fanOutSettings(FanOutSettings.DEFAULT.withConcurrency(CONFIG.fanoutConcurrency()))
        .openTrigger(opened::add).clock(clock)
        .invocationLog(new InvocationLog(true, "harness", Meter.runtime(), lines::add, clock)).build();
  }

  /** Feeds an event to a handler; returns what it wrote. */
  static String invoke(RequestStreamHandler handler, String eventJson) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      handler.handleRequest(EventFixtures.stream(eventJson), out, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  static JsonNode json(String text) {
    return Json.parse(text);
  }

  String connect() {
    return invoke(new ConnectHandler(runtime), EventFixtures.resource("events/connect.json"));
  }

  String open() {
    return invoke(new OpenHandler(runtime), EventFixtures.resource("events/open.json"));
  }

  /** events/default.json with another body. */
  String message(String body) {
    return invoke(new DefaultHandler(runtime),
        EventFixtures.withBody(EventFixtures.resource("events/default.json"), body));
  }
}
