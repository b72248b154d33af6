package dev.socketiolambda.functions.server;

import static dev.socketiolambda.functions.server.EngineHarness.CONFORMANCE;
import static dev.socketiolambda.functions.server.EngineHarness.ackIdOf;
import static dev.socketiolambda.functions.server.EngineHarness.payloadOf;
import static dev.socketiolambda.functions.server.EngineHarness.sidOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.socketiolambda.functions.apps.ConformanceApp;
import dev.socketiolambda.functions.apps.DemoApp;
import dev.socketiolambda.functions.store.ConnectionRecord;
import dev.socketiolambda.functions.store.SocketRecord;
import dev.socketiolambda.protocol.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The engine's handshake, namespace CONNECT and event paths, driven as a client would. */
class EngineTest {

  @Nested
  class OpenStep {
    @Test
    void onConnectStoresTheConnectionAndSendsNothing() {
      EngineHarness h = EngineHarness.of(new ConformanceApp());

      h.engine.onConnect(new ConnectRequest("c1", EngineHarness.ENDPOINT, "203.0.113.7",
          Map.of("origin", "https://x"), Map.of("EIO", List.of("4")), h.clock.now()));

      ConnectionRecord c = h.memory.getConnection("c1").orElseThrow();
      assertThat(c.endpoint()).isEqualTo(EngineHarness.ENDPOINT);
      assertThat(c.sourceIp()).isEqualTo("203.0.113.7");
      assertThat(c.connectDeadline()).isEqualTo(h.clock.now() + 1_000);
      assertThat(c.dueAt()).isEqualTo(h.clock.now() + 300);
      assertThat(c.eioSid()).hasSize(20);
      assertThat(h.gateway.sent()).isEmpty();
    }

    @Test
    void openPostsExactlyTheOpenPacket() {
      EngineHarness h = EngineHarness.of(new ConformanceApp());

      String frame = h.open("c1");

      assertThat(frame).startsWith("0{");
      JsonNode open = Json.parse(frame.substring(1));
      List<String> keys = new ArrayList<>();
      open.fieldNames().forEachRemaining(keys::add);
      assertThat(keys).containsExactly("sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload");
      String sid = h.memory.getConnection("c1").orElseThrow().eioSid();
      assertThat(frame).isEqualTo("0{\"sid\":\"" + sid
          + "\",\"upgrades\":[],\"pingInterval\":300,\"pingTimeout\":200,\"maxPayload\":1000000}");
      assertThat(h.gateway.endpoints()).containsExactly(EngineHarness.ENDPOINT);
    }

    @Test
    void openRetriesGoneRightAfterConnectThenSucceeds() {
      EngineHarness h = EngineHarness.of(new ConformanceApp());
      h.engine.onConnect(new ConnectRequest("c1", EngineHarness.ENDPOINT, "ip", Map.of(),
          Map.of(), h.clock.now()));
      h.gateway.failNext("c1", 2, 410);

      assertThat(h.engine.onOpen("c1")).isTrue();

      assertThat(h.gateway.attempts()).isEqualTo(3);
      assertThat(h.gateway.frames("c1")).singleElement().asString().startsWith("0{\"sid\":");
      assertThat(h.memory.getConnection("c1")).isPresent();
    }

    @Test
    void openGivesUpAfterTheRetryWindowAndForgetsTheConnection() {
      EngineHarness h = EngineHarness.of(new ConformanceApp());
      h.engine.onConnect(new ConnectRequest("c1", EngineHarness.ENDPOINT, "ip", Map.of(),
          Map.of(), h.clock.now()));
      h.gateway.gone("c1");
      h.clock.autoAdvance(1_000); // every read of the clock is a second later: the 2 s window passes fast

      assertThat(h.engine.onOpen("c1")).isFalse();

      assertThat(h.gateway.attempts()).isBetween(2, 3);
      assertThat(h.memory.getConnection("c1")).isEmpty();
      assertThat(h.memory.rowCount()).isZero();
    }

    @Test
    void openOfAnUnknownConnectionSendsNothing() {
      EngineHarness h = EngineHarness.of(new ConformanceApp());

      assertThat(h.engine.onOpen("nobody")).isFalse();
      assertThat(h.gateway.attempts()).isZero();
    }

    @Test
    void openThatFailsOtherwiseIsReportedAndKeepsTheConnection() {
      EngineHarness h = EngineHarness.of(new ConformanceApp());
      h.engine.onConnect(new ConnectRequest("c1", EngineHarness.ENDPOINT, "ip", Map.of(),
          Map.of(), h.clock.now()));
      h.gateway.failNext("c1", 1, 403);

      assertThat(h.engine.onOpen("c1")).isFalse();

      assertThat(h.errors).singleElement().asString().startsWith("open:");
      assertThat(h.memory.getConnection("c1")).isPresent();
    }
  }

  @Nested
  class NamespaceConnect {
    @Test
    void connectToMainAnswersWithTheSidInTheRouteResponse() {
      EngineHarness h = new EngineHarness(io -> { }, CONFORMANCE);
      h.open("c1");

      String reply = h.send("c1", "40");

      assertThat(reply).matches("40\\{\"sid\":\"[A-Za-z0-9_-]{20}\"}");
      String sid = sidOf(reply);
      assertThat(sid).isNotEqualTo(h.memory.getConnection("c1").orElseThrow().eioSid());
      SocketRecord s = h.memory.getSocket("c1", "/").orElseThrow();
      assertThat(s.sid()).isEqualTo(sid);
      assertThat(s.rooms()).containsExactly(sid);
      assertThat(s.authJson()).isEqualTo("{}");
      assertThat(h.gateway.sent()).isEmpty();
      assertThat(h.memory.getConnection("c1").orElseThrow().connectDeadline()).isZero();
    }

    @Test
    void severalFramesPostAllButTheLastWhichIsTheRouteResponse() {
      EngineHarness h = EngineHarness.of(new ConformanceApp());
      h.open("c1");

      String reply = h.send("c1", "40/custom,{\"token\":1}");

      List<String> posted = h.posted("c1");
      assertThat(posted).singleElement().asString().matches("40/custom,\\{\"sid\":\"[A-Za-z0-9_-]{20}\"}");
      assertThat(reply).isEqualTo("42/custom,[\"auth\",{\"token\":1}]");
      assertThat(h.memory.getSocket("c1", "/custom").orElseThrow().sid()).isEqualTo(sidOf(posted.get(0)));
    }

    @Test
    void connectToMainWithoutAuthEmitsAnEmptyAuthObject() {
      EngineHarness h = EngineHarness.of(new ConformanceApp());
      h.open("c1");

      String reply = h.send("c1", "40");

      assertThat(h.posted("c1")).singleElement().asString().startsWith("40{\"sid\":");
      assertThat(reply).isEqualTo("42[\"auth\",{}]");
    }

    @Test
    void withoutRouteResponsesEveryFrameIsPosted() {
      EngineHarness h = new EngineHarness(new ConformanceApp(), CONFORMANCE.withRouteResponses(false));
      h.open("c1");

      String reply = h.send("c1", "40/custom,{\"token\":1}");

      assertThat(reply).isEqualTo(Engine.NOOP);
      assertThat(h.posted("c1")).hasSize(2).last().isEqualTo("42/custom,[\"auth\",{\"token\":1}]");
    }

    @Test
    void unknownNamespaceIsRefused() {
      EngineHarness h = EngineHarness.of(new ConformanceApp());
      h.open("c1");

      assertThat(h.send("c1", "40/random,")).isEqualTo("44/random,{\"message\":\"Invalid namespace\"}");
      assertThat(h.memory.socketsOf("c1")).isEmpty();
      assertThat(h.memory.getConnection("c1")).isPresent();
    }

    @Test
    void middlewareConnectErrorRefusesWithMessageAndData() {
      EngineHarness h = new EngineHarness(io -> io.use(socket -> {
        throw new ConnectError("not allowed", Map.of("code", 401));
      }), CONFORMANCE);
      h.open("c1");

      assertThat(h.send("c1", "40")).isEqualTo("44{\"message\":\"not allowed\",\"data\":{\"code\":401}}");
      assertThat(h.memory.socketsOf("c1")).isEmpty();
    }

    @Test
    void middlewareSeesAuthHandshakeAndCanSetData() {
      List<String> seen = new CopyOnWriteArrayList<>();
      // the query parameter is declared: undeclared ones never reach the store nor the middleware
      EngineHarness h = new EngineHarness(io -> io.storedHandshake(StoredHandshake.defaults().withQueryUntilConnect("room"))
          .use(socket -> {
            seen.add(socket.handshake().auth().path("token").asText() + "|" + socket.handshake().query("room") + "|"
                + socket.handshake().header("User-Agent") + "|" + socket.handshake().address());
            socket.data().put("user", "ann");
          }).onConnection(socket -> socket.emit("me", socket.data().path("user").asText())), CONFORMANCE);
      h.open("c1");

      String reply = h.send("c1", "40{\"token\":\"abc\"}");

      assertThat(seen).containsExactly("abc|a|socket.io-client-test|203.0.113.7");
      assertThat(reply).isEqualTo("42[\"me\",\"ann\"]");
      assertThat(h.memory.getSocket("c1", "/").orElseThrow().dataJson()).isEqualTo("{\"user\":\"ann\"}");
    }

    @Test
    void middlewareFailureIsAServerErrorAndReported() {
      EngineHarness h = new EngineHarness(io -> io.use(socket -> {
        throw new IllegalStateException("db down");
      }), CONFORMANCE);
      h.open("c1");

      assertThat(h.send("c1", "40")).isEqualTo("44{\"message\":\"server error\"}");
      assertThat(h.errors).singleElement().asString().startsWith("middleware").contains("db down");
    }

    @Test
    void secureNamespaceOfTheDemoChecksTheToken() {
      EngineHarness h = EngineHarness.of(new DemoApp());
      h.open("c1");

      assertThat(h.send("c1", "40/secure,{\"token\":\"wrong\"}"))
          .isEqualTo("44/secure,{\"message\":\"unauthorized\",\"data\":{\"reason\":\"bad token\"}}");
      assertThat(h.send("c1", "40/secure,{\"token\":\"secret\",\"user\":\"ann\"}"))
          .isEqualTo("42/secure,[\"welcome\",\"ann\"]");
      assertThat(h.posted("c1")).singleElement().asString().startsWith("40/secure,{\"sid\":");
    }

    @Test
    void aSecondConnectToTheSameNamespaceAnswersWithTheSameSid() {
      EngineHarness h = new EngineHarness(io -> { }, CONFORMANCE);
      h.open("c1");
      String first = h.send("c1", "40");

      assertThat(h.send("c1", "40")).isEqualTo(first);
      assertThat(h.memory.socketsOf("c1")).hasSize(1);
    }

    @Test
    void connectOnAConnectionTheStoreDoesNotKnowIsIgnored() {
      EngineHarness h = EngineHarness.of(new ConformanceApp());

      assertThat(h.send("ghost", "40")).isEqualTo(Engine.NOOP);
      assertThat(h.memory.rowCount()).isZero();
    }

    @Test
    void dynamicNamespacesAcceptMatchingNamesOnly() {
      EngineHarness h = EngineHarness.of(new DemoApp());
      h.open("c1");

      assertThat(h.send("c1", "40/dyn-1,")).isEqualTo("42/dyn-1,[\"hello\",\"/dyn-1\"]");
      assertThat(h.posted("c1")).singleElement().asString().startsWith("40/dyn-1,{\"sid\":");
      assertThat(h.send("c1", "40/dyn-x,")).isEqualTo("44/dyn-x,{\"message\":\"Invalid namespace\"}");
      assertThat(h.send("c1", "42/dyn-1,[\"message\",1]")).isEqualTo("42/dyn-1,[\"message-back\",1]");
      assertThat(h.memory.socketsOf("c1")).extracting(SocketRecord::namespace).containsExactly("/dyn-1");
    }

    @Test
    void connectionListenerFailureIsReportedButTheSocketStays() {
      EngineHarness h = new EngineHarness(io -> io.onConnection(socket -> {
        throw new IllegalStateException("listener broke");
      }), CONFORMANCE);
      h.open("c1");

      assertThat(h.send("c1", "40")).startsWith("40{\"sid\":");
      assertThat(h.errors).singleElement().asString().startsWith("connection listener").contains("listener broke");
      assertThat(h.memory.getSocket("c1", "/")).isPresent();
    }
  }

  @Nested
  class Events {
    @Test
    void eventReachesItsHandlerWithArgumentsAndTheAckAnswers() {
      List<String> seen = new CopyOnWriteArrayList<>();
      EngineHarness h = new EngineHarness(io -> io.on("hello", (socket, args, ack) -> {
        seen.add(socket.id() + " " + Json.write(Json.array().addAll(args)));
        ack.send("hi", args.get(0));
      }), CONFORMANCE);
      String sid = h.connect("c1");

      assertThat(h.send("c1", "4212[\"hello\",\"bob\",{\"n\":1}]")).isEqualTo("4312[\"hi\",\"bob\"]");
      assertThat(seen).containsExactly(sid + " [\"bob\",{\"n\":1}]");
    }

    @Test
    void ackInANamespaceCarriesTheNamespaceAndId() {
      EngineHarness h = EngineHarness.of(new ConformanceApp());
      h.connect("c1", "/custom");

      assertThat(h.send("c1", "42/custom,7[\"message-with-ack\",1,\"2\",{\"3\":[true]}]"))
          .isEqualTo("43/custom,7[1,\"2\",{\"3\":[true]}]");
    }

    @Test
    void messageIsEchoedAsMessageBack() {
      EngineHarness h = EngineHarness.of(new ConformanceApp());
      h.connect("c1");

      assertThat(h.send("c1", "42[\"message\",1,\"2\",{\"3\":[true]}]"))
          .isEqualTo("42[\"message-back\",1,\"2\",{\"3\":[true]}]");
    }

    @Test
    void eventWithoutAckThatSendsNothingAnswersNoop() {
      EngineHarness h = new EngineHarness(io -> io.on("quiet", (socket, args, ack) -> ack.send("ignored")),
          CONFORMANCE);
      h.connect("c1");

      assertThat(h.send("c1", "42[\"quiet\"]")).isEqualTo(Engine.NOOP);
      assertThat(h.gateway.sent()).isEmpty();
    }

    @Test
    void onlyTheFirstAckCounts() {
      EngineHarness h = new EngineHarness(io -> io.on("twice", (socket, args, ack) -> {
        ack.send(1);
        ack.send(2);
      }), CONFORMANCE);
      h.connect("c1");

      assertThat(h.send("c1", "423[\"twice\"]")).isEqualTo("433[1]");
      assertThat(h.gateway.sent()).isEmpty();
    }

    @Test
    void handlerExceptionAnswersInternalServerErrorAndCallsTheErrorHook() {
      EngineHarness h = new EngineHarness(io -> io.on("boom", (socket, args, ack) -> {
        throw new IllegalStateException("kaput");
      }), CONFORMANCE);
      String sid = h.connect("c1");

      assertThat(h.send("c1", "425[\"boom\"]")).isEqualTo("435[{\"error\":{\"message\":\"internal server error\"}}]");
      assertThat(h.errors).containsExactly("event 'boom' @" + sid + ": java.lang.IllegalStateException: kaput");
    }

    @Test
    void handlerExceptionAfterTheAckKeepsTheFirstAnswer() {
      EngineHarness h = new EngineHarness(io -> io.on("late", (socket, args, ack) -> {
        ack.send("ok");
        throw new IllegalStateException("after");
      }), CONFORMANCE);
      h.connect("c1");

      assertThat(h.send("c1", "421[\"late\"]")).isEqualTo("431[\"ok\"]");
      assertThat(h.errors).hasSize(1);
    }

    @Test
    void eventErrorAnswersWithItsMessageAndData() {
      EngineHarness h = EngineHarness.of(new DemoApp());
      h.connect("c1");

      assertThat(h.send("c1", "429[\"fail\"]"))
          .isEqualTo("439[{\"error\":{\"message\":\"refused\",\"data\":{\"code\":\"E_DEMO\"}}}]");
      assertThat(h.send("c1", "4210[\"join\",42]"))
          .isEqualTo("4310[{\"error\":{\"message\":\"argument 0 must be a string\"}}]");
      assertThat(h.errors).isEmpty();
    }

    @Test
    void unknownEventWithAckIsAnsweredWithAnError() {
      EngineHarness h = EngineHarness.of(new ConformanceApp());
      h.connect("c1");

      assertThat(h.send("c1", "424[\"nope\",1]")).isEqualTo("434[{\"error\":{\"message\":\"unknown event 'nope'\"}}]");
      assertThat(h.send("c1", "42[\"nope\",1]")).isEqualTo(Engine.NOOP);
    }

    @Test
    void numericEventNamesReachTheHandlerOfTheirText() {
      EngineHarness h = new EngineHarness(io -> io.on("7", (socket, args, ack) -> ack.send("seven")), CONFORMANCE);
      h.connect("c1");

      assertThat(h.send("c1", "421[7]")).isEqualTo("431[\"seven\"]");
    }

    @Test
    void catchAllSeesEveryEventBeforeItsHandler() {
      List<String> order = new CopyOnWriteArrayList<>();
      EngineHarness h = new EngineHarness(io -> io.of("/").onAny((socket, event, args, ack) -> {
        order.add("any:" + event + args.size());
      }).on("known", (socket, args, ack) -> {
        order.add("known");
        ack.send("k");
      }), CONFORMANCE);
      h.connect("c1");

      assertThat(h.send("c1", "421[\"known\",1]")).isEqualTo("431[\"k\"]");
      assertThat(h.send("c1", "422[\"other\",1,2]")).isEqualTo(Engine.NOOP); // a catch-all owns unknown events
      assertThat(order).containsExactly("any:known1", "known", "any:other2");
    }

    @Test
    void eventsForANamespaceTheClientDidNotJoinAreIgnored() {
      EngineHarness h = EngineHarness.of(new ConformanceApp());
      h.connect("c1");

      assertThat(h.send("c1", "42/custom,1[\"message-with-ack\",1]")).isEqualTo(Engine.NOOP);
      assertThat(h.gateway.sent()).isEmpty();
    }

    @Test
    void socketDataPersistsAcrossInvocations() {
      EngineHarness h = EngineHarness.of(new DemoApp());
      h.connect("c1");

      assertThat(h.send("c1", "421[\"remember\",{\"color\":\"teal\"}]")).isEqualTo("431[\"ok\"]");
      assertThat(h.memory.getSocket("c1", "/").orElseThrow().dataJson())
          .isEqualTo("{\"remembered\":{\"color\":\"teal\"}}");
      assertThat(h.send("c1", "422[\"recall\"]")).isEqualTo("432[{\"color\":\"teal\"}]");
    }

    @Test
    void socketDataOfTheMiddlewareSurvivesToLaterEvents() {
      EngineHarness h = EngineHarness.of(new DemoApp());
      h.open("c1");
      h.join("c1", "/secure", "{\"token\":\"secret\",\"user\":\"bo\"}");

      h.send("c1", "42/secure,1[\"remember\",5]");

      assertThat(h.memory.getSocket("c1", "/secure").orElseThrow().dataJson())
          .isEqualTo("{\"user\":\"bo\",\"remembered\":5}");
    }

    @Test
    void byeDisconnectsTheSocketButNotTheConnection() {
      List<String> reasons = new CopyOnWriteArrayList<>();
      EngineHarness h = new EngineHarness(io -> {
        new DemoApp().configure(io);
        io.of("/").onDisconnect((socket, reason) -> reasons.add(reason));
      }, CONFORMANCE);
      h.connect("c1");

      assertThat(h.send("c1", "42[\"bye\"]")).isEqualTo("41");
      assertThat(reasons).containsExactly("server namespace disconnect");
      assertThat(h.memory.socketsOf("c1")).isEmpty();
      assertThat(h.memory.getConnection("c1")).isPresent();
      assertThat(h.gateway.wasDeleted("c1")).isFalse();
    }
  }

  @Nested
  class ServerToClientAcks {
    @Test
    void emitWithAckSendsAnIdAndTheReplyReachesTheNamedHandlerWithItsContext() {
      EngineHarness h = EngineHarness.of(new DemoApp());
      String sid = h.connect("c1");

      String question = h.send("c1", "42[\"ask\",\"ready?\"]");

      assertThat(question).matches("42\\d+\\[\"question\",\"ready\\?\"]");
      long id = ackIdOf(question);
      assertThat(h.memory.takeAck("c1", id)).hasValueSatisfying(a -> {
        assertThat(a.handler()).isEqualTo("answer");
        assertThat(a.expiresAt()).isEqualTo(h.clock.now() + 5_000);
        h.memory.putAck(a); // put it back
      });

      String answered = h.send("c1", "43" + id + "[\"yes\",2]");

      assertThat(answered).isEqualTo(
          "42[\"answered\",{\"timedOut\":false,\"args\":[\"yes\",2],\"context\":{\"asked\":\"" + sid + "\"}}]");
      assertThat(h.send("c1", "43" + id + "[\"again\"]")).isEqualTo(Engine.NOOP);
    }

    @Test
    void ackTimeoutCallsTheHandlerFromTheHeartbeat() {
      EngineHarness h = new EngineHarness(new DemoApp(), EngineHarness.QUIET);
      h.connect("c1");
      long id = ackIdOf(h.send("c1", "42[\"ask\"]"));

      h.clock.advance(4_999);
      assertThat(h.engine.onHeartbeat().acksExpired()).isZero();
      h.clock.advance(1);
      HeartbeatReport r = h.engine.onHeartbeat();

      assertThat(r.acksExpired()).isEqualTo(1);
      assertThat(r.pinged()).isZero();
      assertThat(h.posted("c1")).containsExactly("42[\"answered\",{\"timedOut\":true}]");
      assertThat(h.send("c1", "43" + id + "[\"too late\"]")).isEqualTo(Engine.NOOP);
    }

    @Test
    void emitWithAckInANamespaceUsesTheNamespaceAndTheDefaultTimeout() {
      List<AckReply> replies = new CopyOnWriteArrayList<>();
      EngineHarness h = new EngineHarness(io -> {
        AckHandle done = io.of("/jobs").onAckReply("done", (socket, reply) -> replies.add(reply));
        io.of("/jobs").onConnection(socket -> socket.emitWithAck(AckRequest.event("job", 1).onReply(done)
            .context("ctx")));
      }, CONFORMANCE);
      h.open("c1");

      String job = h.send("c1", "40/jobs,");

      assertThat(job).matches("42/jobs,\\d+\\[\"job\",1]");
      long id = ackIdOf(job);
      assertThat(h.memory.takeAck("c1", id).orElseThrow().expiresAt()).isEqualTo(h.clock.now() + 30_000);
      assertThat(replies).isEmpty();
    }

    @Test
    void ackReplyHandlerFailureIsReported() {
      EngineHarness h = new EngineHarness(io -> {
        AckHandle bad = io.of("/").onAckReply("bad", (socket, reply) -> {
          throw new IllegalStateException("reply handler broke");
        });
        io.on("go", (socket, args, ack) -> socket.emitWithAck(AckRequest.event("q").onReply(bad)));
      }, CONFORMANCE);
      h.connect("c1");
      long id = ackIdOf(h.send("c1", "42[\"go\"]"));

      assertThat(h.send("c1", "43" + id + "[]")).isEqualTo(Engine.NOOP);
      assertThat(h.errors).singleElement().asString().startsWith("ack reply 'bad'");
    }

    @Test
    void emitWithAckWithoutAReplyHandlerIsAnError() {
      EngineHarness h = new EngineHarness(io -> io.on("go", (socket, args, ack) ->
          socket.emitWithAck(AckRequest.event("q"))), CONFORMANCE);
      h.connect("c1");

      assertThat(h.send("c1", "421[\"go\"]")).isEqualTo("431[{\"error\":{\"message\":\"internal server error\"}}]");
      assertThat(h.errors).singleElement().asString().contains("onReply");
    }
  }

  @Test
  void payloadHelperReadsArraysAndObjects() {
    assertThat(payloadOf("42/a,1[\"x\"]").get(0).asText()).isEqualTo("x");
    assertThat(payloadOf("40/a,{\"sid\":\"s\"}").path("sid").asText()).isEqualTo("s");
  }
}
