package dev.socketiolambda.protocol.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.socketiolambda.protocol.engineio.EngineIo;
import dev.socketiolambda.protocol.engineio.EnginePacket;
import dev.socketiolambda.protocol.json.Json;
import dev.socketiolambda.protocol.socketio.BinaryReassembly;
import dev.socketiolambda.protocol.socketio.Packet;
import dev.socketiolambda.protocol.socketio.SocketIoDecoder;
import dev.socketiolambda.protocol.socketio.SocketIoEncoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decode + encode throughput of the codec on the frames of {@code src/jmh/bench-frames.json}, the
 * same frames {@code src/jmh/node/bench-protocol.js} runs through socket.io-parser and
 * engine.io-parser. One operation: Engine.IO frame(s) in, packet decoded (binary reassembled),
 * then encoded back to Engine.IO frames, as a server relaying a message does.
 * Run with {@code scripts/bench-protocol.sh}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class ProtocolCodecBenchmark {
  private String chatFrame;
  private String ackFrame;
  private String[] binaryFrames;

  @Setup
  public void load() throws IOException {
    Path file = Path.of(System.getProperty("bench.frames", "src/jmh/bench-frames.json"));
    JsonNode frames = Json.parse(Files.readString(file));
    chatFrame = frames.get("chat").get(0).textValue();
    ackFrame = frames.get("ack").get(0).textValue();
    List<String> binary = new ArrayList<>();
    frames.get("binary").forEach(f -> binary.add(f.textValue()));
    binaryFrames = binary.toArray(String[]::new);
    // both implementations must do the whole job: decoding and encoding again gives the input frames
    check(List.of(chatFrame), chatEvent());
    check(List.of(ackFrame), ack());
    check(binary, binaryEventWithTwoAttachments());
  }

  private static void check(List<String> expected, List<String> actual) {
    if (!expected.equals(actual)) {
      throw new IllegalStateException("round trip changed the frames: " + expected + " -> " + actual);
    }
  }

  /** (a) {@code 42["chat",{...~200 bytes...}]}. */
  @Benchmark
  public List<String> chatEvent() {
    return relay(chatFrame);
  }

  /** (b) {@code 431["ok",{...}]}. */
  @Benchmark
  public List<String> ack() {
    return relay(ackFrame);
  }

  /** (c) a binary event: header + two 1 KB base64 attachments, reassembled, then encoded back to frames. */
  @Benchmark
  public List<String> binaryEventWithTwoAttachments() {
    Packet header = SocketIoDecoder.standard().decode(EngineIo.decode(binaryFrames[0]).text());
    BinaryReassembly r = BinaryReassembly.begin(header);
    for (int i = 1; i < binaryFrames.length; i++) {
      r = r.add(EngineIo.decode(binaryFrames[i]).binary());
    }
    return SocketIoEncoder.encode(r.assemble()).engineFrames();
  }

  private static List<String> relay(String frame) {
    EnginePacket e = EngineIo.decode(frame);
    Packet p = SocketIoDecoder.standard().decode(e.text());
    return SocketIoEncoder.encode(p).engineFrames();
  }
}
