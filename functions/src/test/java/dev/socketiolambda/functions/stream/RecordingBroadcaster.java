package dev.socketiolambda.functions.stream;

import dev.socketiolambda.functions.fanout.BroadcastRequest;
import dev.socketiolambda.functions.fanout.BroadcastResult;
import dev.socketiolambda.functions.fanout.Broadcaster;
import dev.socketiolambda.functions.server.Emitter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Function;

/** Records every broadcast request; answers each with {@link #answer} (one recipient, delivered, by default). */
final class RecordingBroadcaster implements Broadcaster {
  final List<BroadcastRequest> requests = new ArrayList<>();
  Function<BroadcastRequest, BroadcastResult> answer = r -> new BroadcastResult(1, 1, 0, 0, 1);

  @Override
  public synchronized BroadcastResult broadcast(BroadcastRequest request, BiPredicate<String, List<String>> sink) {
    requests.add(request);
    return answer.apply(request);
  }

  Emitter emitter() {
    return new Emitter(this, new dev.socketiolambda.functions.store.InMemoryStateStore());
  }

  /** The single frame of each request, in order. */
  List<String> frames() {
    return requests.stream().map(r -> String.join("|", r.frames())).toList();
  }
}
