package dev.socketiolambda.functions.server;

import static dev.socketiolambda.functions.server.EngineHarness.CONFORMANCE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.protocol.json.Json;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Request/reply listeners: replies, typed decoding into records, errors mapped onto the ack, error sites. */
class RequestsTest {
  record Point(int x, int y) {}

  record Sum(int sum, String of) {}

  private final List<ErrorSite> sites = new CopyOnWriteArrayList<>();

  private EngineHarness harness(SocketIoApp app) {
    EngineHarness h = new EngineHarness(app, CONFORMANCE);
    h.io.onError((where, socket, error) -> sites.add(where));
    h.connect("c1");
    return h;
  }

  @Test
  void whatTheHandlerReturnsIsTheAck() {
    EngineHarness h = harness(io -> io.of("/").onRequest("add", (socket, args) ->
        args.get(0).asInt() + args.get(1).asInt()));

    assertThat(h.send("c1", "421[\"add\",1,2]")).isEqualTo("431[3]");
  }

  @Test
  void theFirstArgumentIsDecodedIntoARecordAndARecordReplyIsEncoded() {
    EngineHarness h = harness(io -> io.of("/").onRequest("sum", Point.class, (socket, p) ->
        new Sum(p.x() + p.y(), socket.id())));

    String reply = h.send("c1", "427[\"sum\",{\"x\":2,\"y\":40}]");

    assertThat(reply).startsWith("437[{\"sum\":42,\"of\":\"");
  }

  @Test
  void badPayloadsAreAckErrorsNamingTheProblemAndNotReported() {
    EngineHarness h = harness(io -> io.of("/").onRequest("sum", Point.class, (socket, p) -> p.x() + p.y()));

    assertThat(h.send("c1", "421[\"sum\",\"text\"]")).isEqualTo("431[{\"error\":{\"message\":\"the payload must be an object\"}}]");
    assertThat(h.send("c1", "422[\"sum\",{\"x\":1,\"y\":2,\"z\":3}]")).startsWith("432[{\"error\":{\"message\":\"invalid payload: ")
        .contains("\\\"z\\\"");
    assertThat(h.send("c1", "423[\"sum\",{\"x\":\"one\",\"y\":2}]")).startsWith("433[{\"error\":{\"message\":\"invalid payload: ");
    assertThat(h.send("c1", "424[\"sum\",{\"x\":1}]")).startsWith("434[{\"error\":{\"message\":\"invalid payload: ");
    assertThat(sites).isEmpty();
  }

  @Test
  void anEventErrorIsTheAckErrorWithItsData() {
    EngineHarness h = harness(io -> io.of("/").onRequest("no", (socket, args) -> {
      throw new EventError("refused", Json.object().put("code", "E_NO"));
    }));

    assertThat(h.send("c1", "421[\"no\"]")).isEqualTo("431[{\"error\":{\"message\":\"refused\",\"data\":{\"code\":\"E_NO\"}}}]");
    assertThat(sites).isEmpty();
  }

  @Test
  void anyOtherFailureIsReportedWithItsTypedSiteAndAnsweredAsAnInternalError() {
    EngineHarness h = harness(io -> io.of("/").onRequest("boom", (socket, args) -> {
      throw new IllegalStateException("bug");
    }));

    assertThat(h.send("c1", "421[\"boom\"]")).isEqualTo("431[{\"error\":{\"message\":\"internal server error\"}}]");
    assertThat(sites).containsExactly(new ErrorSite(ErrorSite.Kind.EVENT, "boom"));
    assertThat(sites.get(0)).hasToString("event 'boom'");
  }

  @Test
  void aNamespaceMapsItsOwnErrorsAndMayEmitWhenNoAckWasAsked() {
    EngineHarness h = harness(io -> io.of("/")
        .onRequestError((socket, event, error, acked) -> {
          var body = Json.object().put("code", "E").put("message", error.getMessage());
          if (!acked) {
            socket.emit("error", body.put("event", event));
            return null;
          }
          return Json.object().put("ok", false).set("error", body);
        })
        .onRequest("no", (socket, args) -> {
          throw new EventError("refused");
        }));

    assertThat(h.send("c1", "421[\"no\"]")).isEqualTo("431[{\"ok\":false,\"error\":{\"code\":\"E\",\"message\":\"refused\"}}]");
    assertThat(h.send("c1", "42[\"no\"]"))
        .isEqualTo("42[\"error\",{\"code\":\"E\",\"message\":\"refused\",\"event\":\"no\"}]");
  }

  @Test
  void aNullReplySendsNoAck() {
    EngineHarness h = harness(io -> io.of("/").onRequest("quiet", (socket, args) -> null));

    assertThat(h.send("c1", "421[\"quiet\"]")).isEqualTo(Engine.NOOP);
  }

  @Test
  void errorSitesReadAsBefore() {
    assertThat(ErrorSite.of(ErrorSite.Kind.CONNECTION_LISTENER)).hasToString("connection listener");
    assertThat(ErrorSite.ackReply("answer")).hasToString("ack reply 'answer'");
    assertThat(ErrorSite.delivery("c9")).hasToString("delivery to c9");
  }
}
