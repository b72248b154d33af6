package dev.socketiolambda.functions.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketiolambda.functions.gateway.ConnectionGoneException;
import dev.socketiolambda.functions.gateway.GatewayException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The one road out: size check, retry policy within the time budget, 410 cleanup, route responses. */
class DeliveryTest {
  private static final int KB = 1024;
  private final ScriptedTransport transport = new ScriptedTransport();
  private final List<String> cleanedUp = new CopyOnWriteArrayList<>();
  private final AtomicLong now = new AtomicLong(1_000_000);
  /** Pauses of 1-2 ms: the retry logic is under test, not the waiting. */
  private final Delivery delivery = new Delivery(transport, new RetryPolicy(5, 1, 2), SizeLimits.API_GATEWAY,
      cleanedUp::add, now::get);

  private static String ofBytes(int bytes) {
    return "4" + "x".repeat(bytes - 1);
  }

  @Test
  void throttlingAndServerErrorsAreRetriedUntilDelivered() {
    transport.fail("c1", 1, 429).fail("c1", 1, 502).fail("c1", 1, 0); // 0: no answer at all

    Outcome o = delivery.send("c1", List.of("42[\"hi\"]"), false, delivery.deadlineIn(5_000));

    assertThat(o.delivered()).isTrue();
    assertThat(transport.attempts()).isEqualTo(4);
    assertThat(transport.frames("c1")).containsExactly("42[\"hi\"]");
  }

  @Test
  void retriesStopAtTheAttemptLimitWithTheLastFailure() {
    transport.fail("c1", 9, 503);

    Outcome o = delivery.send("c1", List.of("2"), false, delivery.deadlineIn(5_000));

    assertThat(o.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(((GatewayException) o.cause()).statusCode()).isEqualTo(503);
    assertThat(transport.attempts()).isEqualTo(5);
  }

  @Test
  void retriesStopWhenTheInvocationsTimeIsSpent() {
    transport.fail("c1", 9, 429);
    long deadline = delivery.deadlineIn(1);
    now.addAndGet(1); // the invocation's remaining time is used up

    Outcome o = delivery.send("c1", List.of("2"), false, deadline);

    assertThat(o.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(transport.attempts()).as("no pause fits before the deadline").isEqualTo(1);
  }

  @Test
  void goneCleansTheConnectionUpOnceAndIsNeverRetried() {
    transport.fail("c1", 1, 410);

    Outcome o = delivery.send("c1", List.of("a", "b"), false, delivery.deadlineIn(5_000));

    assertThat(o.status()).isEqualTo(Outcome.Status.GONE);
    assertThat(o.cause()).isInstanceOf(ConnectionGoneException.class);
    assertThat(cleanedUp).containsExactly("c1");
    assertThat(transport.attempts()).as("the second frame is not tried").isEqualTo(1);
  }

  @Test
  void aFailedCleanupIsTheOutcomesCause() {
    Delivery failing = new Delivery(transport, RetryPolicy.DEFAULT, SizeLimits.API_GATEWAY,
        id -> { throw new IllegalStateException("store down"); }, now::get);
    transport.fail("c1", 1, 410);

    Outcome o = failing.send("c1", List.of("2"), false, failing.deadlineIn(5_000));

    assertThat(o.status()).isEqualTo(Outcome.Status.GONE);
    assertThat(o.cause()).hasMessage("store down");
  }

  @Test
  void messagesOver128KbAreRefusedBeforeAnyCall() {
    Outcome o = delivery.send("c1", List.of("2", ofBytes(128 * KB + 1)), false, delivery.deadlineIn(5_000));

    assertThat(o.status()).isEqualTo(Outcome.Status.TOO_LARGE);
    assertThat(o.cause()).isInstanceOf(MessageTooLargeException.class)
        .hasMessageContaining("131073 bytes exceeds the limit of 131072 bytes");
    assertThat(transport.attempts()).as("nothing of it is sent").isZero();
  }

  @Test
  void messagesOver32KbUpTo128KbAreSentWhole() {
    String big = ofBytes(128 * KB);
    String middle = ofBytes(32 * KB + 1);

    Outcome o = delivery.send("c1", List.of(middle, big), false, delivery.deadlineIn(5_000));

    assertThat(o.delivered()).isTrue();
    assertThat(transport.frames("c1")).containsExactly(middle, big);
    assertThat(SizeLimits.API_GATEWAY.framesFor(32 * KB + 1)).as("API Gateway splits it in two frames").isEqualTo(2);
    assertThat(SizeLimits.API_GATEWAY.framesFor(128 * KB)).isEqualTo(4);
  }

  @Test
  void theSizeCountsUtf8BytesNotChars() {
    String euros = "4" + "€".repeat(44 * KB); // 3 bytes each: 132 KB in 44 K chars

    assertThatThrownBy(() -> SizeLimits.API_GATEWAY.check(List.of(euros)))
        .isInstanceOf(MessageTooLargeException.class)
        .satisfies(e -> assertThat(((MessageTooLargeException) e).bytes()).isEqualTo(1 + 3L * 44 * KB));
  }

  @Test
  void a413FromTheTransportIsTooLargeAndNotRetried() {
    transport.fail("c1", 1, 413);

    Outcome o = delivery.send("c1", List.of("2"), false, delivery.deadlineIn(5_000));

    assertThat(o.status()).isEqualTo(Outcome.Status.TOO_LARGE);
    assertThat(((GatewayException) o.cause()).statusCode()).isEqualTo(413);
    assertThat(transport.attempts()).isEqualTo(1);
  }

  @Test
  void forbiddenIsNotRetried() {
    transport.fail("c1", 1, 403);

    assertThat(delivery.send("c1", List.of("2"), false, delivery.deadlineIn(5_000)).status())
        .isEqualTo(Outcome.Status.FAILED);
    assertThat(transport.attempts()).isEqualTo(1);
  }

  @Test
  void volatileSendsGetOneAttempt() {
    transport.fail("c1", 1, 429);

    assertThat(delivery.send("c1", List.of("2"), true, delivery.deadlineIn(5_000)).status())
        .isEqualTo(Outcome.Status.FAILED);
    assertThat(transport.attempts()).isEqualTo(1);
  }

  @Test
  void withRouteResponsesTheLastFrameIsTheAnswerAndTheOthersArePosted() {
    Outbox out = delivery.outbox("c1");
    out.add(List.of("40{\"sid\":\"s\"}", "42[\"auth\",{}]"));
    out.add(List.of("430[]"));

    Delivery.Response r = delivery.respond(out, true, delivery.deadlineIn(5_000));

    assertThat(r.routeResponse()).isEqualTo("430[]");
    assertThat(r.posted().delivered()).isTrue();
    assertThat(transport.frames("c1")).containsExactly("40{\"sid\":\"s\"}", "42[\"auth\",{}]");
  }

  @Test
  void withoutRouteResponsesEverythingIsPostedAndTheAnswerIsTheNoop() {
    Outbox out = delivery.outbox("c1");
    out.add(List.of("3", "430[]"));

    Delivery.Response r = delivery.respond(out, false, delivery.deadlineIn(5_000));

    assertThat(r.routeResponse()).isEqualTo(Delivery.NOOP);
    assertThat(transport.frames("c1")).containsExactly("3", "430[]");
  }

  @Test
  void anEmptyOrClosedOutboxAnswersTheNoop() {
    Outbox closed = delivery.outbox("c1");
    closed.add(List.of("42[\"x\"]"));
    assertThat(closed.close()).containsExactly("42[\"x\"]");
    assertThat(closed.accepts("c1")).isFalse();

    assertThat(delivery.respond(delivery.outbox("c1"), true, 0).routeResponse()).isEqualTo(Delivery.NOOP);
    assertThat(delivery.respond(closed, true, 0).routeResponse()).isEqualTo(Delivery.NOOP);
    assertThat(transport.attempts()).isZero();
  }

  @Test
  void aConnectionGoneWhilePostingTheFirstFramesAnswersTheNoop() {
    transport.fail("c1", 1, 410);
    Outbox out = delivery.outbox("c1");
    out.add(List.of("40{\"sid\":\"s\"}", "430[]"));

    Delivery.Response r = delivery.respond(out, true, delivery.deadlineIn(5_000));

    assertThat(r.routeResponse()).isEqualTo(Delivery.NOOP);
    assertThat(r.posted().status()).isEqualTo(Outcome.Status.GONE);
    assertThat(cleanedUp).containsExactly("c1");
  }

  @Test
  void failedPostsBeforeTheRouteResponseStillAnswerWithTheLastFrame() {
    transport.fail("c1", 5, 500);
    Outbox out = delivery.outbox("c1");
    out.add(List.of("40{\"sid\":\"s\"}", "430[]"));

    Delivery.Response r = delivery.respond(out, true, delivery.deadlineIn(5_000));

    assertThat(r.routeResponse()).isEqualTo("430[]");
    assertThat(r.posted().status()).isEqualTo(Outcome.Status.FAILED);
  }

  @Test
  void theOutboxRefusesAnOversizedReplyAndKeepsWhatCameBefore() {
    Outbox out = delivery.outbox("c1");
    out.add(List.of("40{\"sid\":\"s\"}"));

    assertThatThrownBy(() -> out.add(List.of("431[\"" + "x".repeat(128 * KB) + "\"]")))
        .isInstanceOf(MessageTooLargeException.class);

    assertThat(delivery.respond(out, true, delivery.deadlineIn(5_000)).routeResponse())
        .isEqualTo("40{\"sid\":\"s\"}");
  }

  @Test
  void theOpenPacketOutlivesGoneRightAfterConnect() {
    transport.fail("c1", 2, 410);

    assertThat(delivery.open("c1", "0{}", 2_000).delivered()).isTrue();

    assertThat(transport.attempts()).isEqualTo(3);
    assertThat(cleanedUp).isEmpty();
  }

  @Test
  void theOpenPacketGivesUpOnGoneAfterItsWindowAndCleansUp() {
    ScriptedTransport slow = new ScriptedTransport();
    slow.fail("c1", 1_000, 410);
    AtomicLong clock = new AtomicLong();
    Delivery d = new Delivery(slow, new RetryPolicy(5, 1, 2), SizeLimits.API_GATEWAY, cleanedUp::add,
        () -> clock.addAndGet(500)); // every read of the clock is half a second later

    Outcome o = d.open("c1", "0{}", 2_000);

    assertThat(o.status()).isEqualTo(Outcome.Status.GONE);
    assertThat(slow.attempts()).isBetween(2, 5);
    assertThat(cleanedUp).containsExactly("c1");
  }

  @Test
  void sendToAllTalliesInjectedFaultsAndReportsOnlyRealFailures() {
    transport.fail("gone", 1, 410).fail("flaky", 2, 500).fail("broken", 5, 500).fail("big", 1, 413);
    List<Throwable> failures = new ArrayList<>();

    Tally t = delivery.sendToAll(List.of("ok", "gone", "flaky", "broken", "big"), List.of("42[\"n\"]"), false, 2,
        delivery.deadlineIn(5_000), failures::add);

    assertThat(t).isEqualTo(new Tally(5, 2, 2, 1));
    assertThat(transport.frames("flaky")).containsExactly("42[\"n\"]");
    assertThat(cleanedUp).containsExactly("gone");
    assertThat(failures).extracting(e -> ((GatewayException) e).statusCode()).containsExactlyInAnyOrder(500, 413);
  }

  @Test
  void volatileBroadcastFailuresAreCountedNotReported() {
    transport.fail("b", 1, 429);
    List<Throwable> failures = new ArrayList<>();

    Tally t = delivery.sendToAll(List.of("a", "b"), List.of("42[\"tick\"]"), true, 4, delivery.deadlineIn(5_000),
        failures::add);

    assertThat(t).isEqualTo(new Tally(2, 1, 1, 0));
    assertThat(failures).isEmpty();
  }

  @Test
  void sendToAllRefusesAnOversizedBroadcastBeforeAnyCall() {
    assertThatThrownBy(() -> delivery.sendToAll(List.of("a", "b"), List.of(ofBytes(200 * KB)), false, 4,
        delivery.deadlineIn(5_000), e -> { })).isInstanceOf(MessageTooLargeException.class);
    assertThat(transport.attempts()).isZero();
  }

  @Test
  void sendToAllKeepsAtMostTheConcurrencyInFlight() {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      ScriptedTransport async = new ScriptedTransport(pool);
      Delivery d = new Delivery(async, RetryPolicy.DEFAULT, SizeLimits.API_GATEWAY, id -> { },
          System::currentTimeMillis);
      List<String> ids = IntStream.range(0, 60).mapToObj(i -> "c" + i).toList();

      Tally t = d.sendToAll(ids, List.of("1st", "2nd"), false, 4, d.deadlineIn(30_000), e -> { });

      assertThat(t.delivered()).isEqualTo(60);
      assertThat(async.maxInFlight()).isBetween(1, 4);
      assertThat(async.frames("c7")).containsExactly("1st", "2nd");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void closeSendsTheLastFramesOnceThenClosesEvenWhenTheyFail() {
    transport.fail("c1", 1, 500);

    delivery.close("c1", List.of("44{\"message\":\"bye\"}", "1"));

    assertThat(transport.attempts()).as("one try, no retries: the connection is being closed").isEqualTo(1);
    assertThat(transport.closed()).containsExactly("c1");
  }
}
