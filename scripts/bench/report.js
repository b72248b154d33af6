#!/usr/bin/env node
// Turns the JSON lines of scripts/bench-local.sh into markdown tables.
//   node scripts/bench/report.js RESULTS.jsonl [ARTIFACT_LISTING.txt]
// ARTIFACT_LISTING.txt is the output of `unzip -v functions/target/socketio-functions.jar`;
// ARTIFACT_SIZES (environment) names a file of "<role> <bytes> <entries>" lines, one per deployment jar.
"use strict";
const fs = require("fs");

const lines = fs.readFileSync(process.argv[2], "utf8").split("\n").filter((l) => l.trim().startsWith("{"));
const records = lines.map((l) => JSON.parse(l));
const f = (x, d = 1) => (x == null || Number.isNaN(x) ? "–" : Number(x).toFixed(d));
const median = (xs) => {
  const s = xs.filter((x) => x != null).sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : null;
};
const range = (xs, d = 0) => {
  const s = xs.filter((x) => x != null).sort((a, b) => a - b);
  return s.length ? `${f(median(s), d)} (${f(s[0], d)}–${f(s[s.length - 1], d)})` : "–";
};
const out = [];
const p = (s = "") => out.push(s);

// ------------------------------------------------------------------ ack round trip
const loads = records.filter((r) => r.kind === "load" && r.phase === "measure");
const byServer = (server, n) => loads.find((r) => r.server === server && r.clients === n);
const ns = [...new Set(loads.filter((r) => r.server !== "profiled").map((r) => r.clients))].sort((a, b) => a - b);
if (ns.length) {
  const any = loads[0];
  p(`### Ack round trip: sequential \`emitWithAck("message-with-ack", {n, text: ${any.payloadBytes} B})\` per client, ${any.durationMs / 1000} s per cell`);
  p();
  p("| clients | server | p50 ms | p90 ms | p99 ms | acks/s | acks | errors | server CPU ms/ack | load avg (start → end) |");
  p("|---:|---|---:|---:|---:|---:|---:|---:|---:|---|");
  for (const n of ns) {
    for (const server of ["local", "node"]) {
      const r = byServer(server, n);
      if (!r) continue;
      const name = server === "local" ? "local stack jar" : "Node socket.io 4";
      p(`| ${n} | ${name} | ${f(r.latency.p50, 2)} | ${f(r.latency.p90, 2)} | ${f(r.latency.p99, 2)} | ${f(r.msgsPerSec, 0)} | ${r.acks} | ${r.errors + r.mismatches} | ${f(r.serverCpuMsPerMsg, 2)} | ${r.loadavgStart} → ${r.loadavg} |`);
    }
  }
  p();
  const bc = ns.filter((n) => byServer("local", n)?.broadcast || byServer("node", n)?.broadcast);
  if (bc.length) {
    const rounds = (byServer("local", bc[0]) || byServer("node", bc[0])).broadcast.rounds;
    p(`### Broadcast: one client emits \`to-all\`; time until all N clients got \`all-message\` (${rounds} rounds, sequential)`);
    p();
    p("| clients | local stack p50 ms | local p99 (max) ms | Node p50 ms | Node p99 (max) ms | lost rounds (local/Node) |");
    p("|---:|---:|---:|---:|---:|---|");
    for (const n of bc) {
      const l = byServer("local", n)?.broadcast;
      const o = byServer("node", n)?.broadcast;
      p(`| ${n} | ${f(l?.allReceived.p50, 2)} | ${f(l?.allReceived.p99, 2)} | ${f(o?.allReceived.p50, 2)} | ${f(o?.allReceived.p99, 2)} | ${l ? l.lost : "–"}/${o ? o.lost : "–"} |`);
    }
    p();
  }
}

// ------------------------------------------------------------------ warm-up curve
const warm = records.filter((r) => r.kind === "load" && r.phase === "warmup" && r.server === "local");
if (warm.length > 1) {
  p(`### Warm-up of the local stack JVM (fresh \`java -jar\`, 10 clients, consecutive ${warm[0].durationMs / 1000} s chunks before the table above)`);
  p();
  p("| chunk | acks/s | p50 ms | p99 ms | server CPU ms/ack | load avg (end) |");
  p("|---:|---:|---:|---:|---:|---|");
  warm.forEach((r, i) => p(`| ${i + 1} | ${f(r.msgsPerSec, 0)} | ${f(r.latency.p50, 2)} | ${f(r.latency.p99, 2)} | ${f(r.serverCpuMsPerMsg, 2)} | ${r.loadavg} |`));
  p();
}

// ------------------------------------------------------------------ where the time goes
const profiled = loads.filter((r) => r.server === "profiled" && r.stats);
if (profiled.length) {
  p("### Where an ack round trip goes (instrumented copy of the local stack, same classes)");
  p();
  p("Per `42` event with ack (means over the measurement window). \"DynamoDB HTTP\" = request written → response read");
  p("(loopback + DynamoDB Local's work); \"SDK\" = the rest of the 2 `GetItem` calls (marshalling, signing,");
  p("interceptors, unmarshalling); \"outside the function\" = client-observed mean round trip − mean function time");
  p("(socket.io-client, WebSocket both ways, the emulator building the event and sending the route response).");
  p();
  p("| clients | client RTT mean (p50) ms | `$default` function ms | DynamoDB calls | of which DynamoDB HTTP ms | of which SDK ms | management API ms | rest of function ms | outside the function ms |");
  p("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of profiled) {
    const k = r.stats.kinds["$default 42 event"];
    if (!k) continue;
    const sdk = k.storeMs - k.dynamoHttpMs;
    const rest = k.functionMs - k.storeMs - k.gatewayMs;
    p(`| ${r.clients} | ${f(r.latency.mean, 2)} (${f(r.latency.p50, 2)}) | ${f(k.functionMs, 2)} | ${f(k.storeCalls, 1)} | ${f(k.dynamoHttpMs, 2)} | ${f(sdk, 2)} | ${f(k.gatewayMs, 2)} (${f(k.gatewayCalls, 1)} calls) | ${f(rest, 2)} | ${f(r.latency.mean - k.functionMs, 2)} |`);
  }
  p();
  const withBroadcast = profiled.filter((r) => r.broadcastStats && r.broadcast);
  if (withBroadcast.length) {
    p("Broadcast (`to-all` from one client, same instrumented stack): per round, the sender's `$default` invocation,");
    p("its state store calls and the management API `PostToConnection` calls the fan-out makes (on its own");
    p("threads; \"post ms\" = one SDK call: request to the emulator's `@connections` endpoint until its answer).");
    p();
    p("| clients | all received p50 ms | `$default` function ms | store calls | store ms | posts per round | post ms (mean) | of which HTTP ms |");
    p("|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (const r of withBroadcast) {
      const s = r.broadcastStats;
      const k = s.kinds["$default 42 event"];
      const posts = ["gateway.post", "gateway.postOnce"].map((g) => s.totals[g]).filter(Boolean);
      const count = posts.reduce((a, t) => a + t.count, 0);
      const mean = count ? posts.reduce((a, t) => a + t.count * t.meanMs, 0) / count : null;
      const http = s.totals["http.ApiGatewayManagementApi.PostToConnection"];
      p(`| ${r.clients} | ${f(r.broadcast.allReceived.p50, 2)} | ${f(k?.functionMs, 2)} | ${f(k?.storeCalls, 1)} | ${f(k?.storeMs, 2)} | ${f(count / r.broadcast.rounds, 1)} | ${f(mean, 2)} | ${f(http?.meanMs, 2)} |`);
    }
    p();
  }
  p("Server CPU per ack by thread group (ms of CPU / ack, from `ThreadMXBean`; \"JIT, GC, other\" = process CPU − all Java threads):");
  p();
  const groups = new Map();
  for (const r of profiled) {
    for (const [g, ms] of Object.entries(r.stats.threadCpuMs)) groups.set(g, (groups.get(g) || 0) + ms);
  }
  const label = (g) => ({
    "emulator-fn": "`$default` functions (our handler + AWS SDK client)",
    "qtp (DynamoDB Local Jetty)": "DynamoDB Local request handling (Jetty threads)",
    "SQLiteQueue (DynamoDB Local)": "DynamoDB Local SQLite queue (one thread)",
    WebSocketWorker: "emulator WebSocket decode (WebSocketWorker)",
    WebSocketSelector: "emulator WebSocket I/O (WebSocketSelector)",
    "emulator-mgmt": "emulator management API",
    "local-schedule": "heartbeat schedule",
  })[g] || g;
  const top = [...groups.entries()].sort((a, b) => b[1] - a[1]).filter(([, ms]) => ms > 0).slice(0, 7).map(([g]) => g);
  p(`| clients | ${top.map(label).join(" | ")} | JIT, GC, other | total |`);
  p(`|---:|${top.map(() => "---:").join("|")}|---:|---:|`);
  for (const r of profiled) {
    const n = r.acks || 1;
    const cells = top.map((g) => f((r.stats.threadCpuMs[g] || 0) / n, 2));
    p(`| ${r.clients} | ${cells.join(" | ")} | ${f(r.stats.otherCpuMs / n, 2)} | ${f(r.stats.processCpuMs / n, 2)} |`);
  }
  p();
}

// ------------------------------------------------------------------ cold start
const jarRuns = records.filter((r) => r.kind === "firstack");
const cold = records.filter((r) => r.kind === "coldstart");
if (jarRuns.length || cold.length) {
  p("### Fresh JVM to first handled `$default`");
  p();
  p("Median (min–max) over the runs, ms.");
  p();
  if (jarRuns.length) {
    p(`Whole local stack, \`java -jar local/target/socketio-local.jar --port 0\` (includes DynamoDB Local, table creation, emulator), ${jarRuns.length} runs:`);
    p();
    p("| launch → `listening on` | launch → client connected (`$connect`, open packet, CONNECT) | launch → first ack received | first ack round trip | second ack round trip |");
    p("|---:|---:|---:|---:|---:|");
    p(`| ${range(jarRuns.map((r) => r.launchToListeningMs))} | ${range(jarRuns.map((r) => r.launchToConnectedMs))} | ${range(jarRuns.map((r) => r.launchToFirstAckMs))} | ${range(jarRuns.map((r) => r.firstAckRoundTripMs))} | ${range(jarRuns.map((r) => r.secondAckRoundTripMs), 1)} |`);
    p();
  }
  const modes = ["sdk", "sdk-primed", "memory", "floor"].filter((m) => cold.some((r) => r.mode === m));
  const jars = [...new Set(cold.map((r) => r.jar || "all"))];
  if (cold.length) {
    p("Lambda-like: a fresh JVM with Lambda's Java flags and only one deployment jar (+ the ColdStart class) on the class path, against a warm DynamoDB Local. Modes:");
    p();
    const about = {
      sdk: "`new DefaultHandler()` from the environment, first event = `42` with ack (2 GetItem)",
      "sdk-primed": "`sdk`, then the SnapStart priming hook as Lambda runs it before the snapshot; first invoke timed after it",
      memory: "in-memory store and no-op gateway instead of the AWS SDK clients (our code + Jackson only)",
      floor: "no handler: the DynamoDB client built from the environment and one consistent GetItem (what any Java function reading one item pays)",
    };
    for (const m of modes) p(`- \`${m}\`: ${about[m]}`);
    p();
    p("Jars: " + jars.map((j) => "`" + j + "` = `functions/target/socketio-functions" + (j === "all" ? "" : "-" + j) + ".jar`").join(", ") + ". Ratio = median launch → first answer over the `floor` median of the same jar in the same run.");
    p();
    const mems = [...new Set(cold.map((r) => r.memory || "host"))];
    if (mems.some((m) => m !== "host")) {
      p("Memory: the Lambda memory size whose CPU the JVM had (a cgroup quota of MB/1769 of one CPU, `LAMBDA_MEMORY`); `host`: the machine's CPUs, unconstrained. CPU = the later invokes' CPU time on the invoking thread. The later invokes run back to back, as on a busy function instance: their mean shows a quota's throttling, which a median can hide.");
      p();
    }
    p("| jar | memory | mode | runs | JVM boot (launch → main) | init (main → handler built) | priming | first invoke | second invoke | later invokes (median) | their CPU (median) | later invokes (mean) | their CPU (mean) | launch → first answer | ratio to floor | peak RSS MiB | classes loaded |");
    p("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (const jar of jars) {
      for (const mem of mems) {
        const of = (r) => (r.jar || "all") === jar && (r.memory || "host") === mem;
        const floorMedian = median(cold.filter((r) => of(r) && r.mode === "floor").map((r) => r.launchToFirstAnswerMs));
        for (const mode of modes) {
          const rs = cold.filter((r) => of(r) && r.mode === mode);
          if (!rs.length) continue;
          const m = median(rs.map((r) => r.launchToFirstAnswerMs));
          const ratio = floorMedian ? f(m / floorMedian, 2) : "–";
          p(`| ${jar} | ${mem} | ${mode} | ${rs.length} | ${range(rs.map((r) => r.jvmBootMs))} | ${range(rs.map((r) => r.initMs))} | ${mode === "sdk-primed" ? range(rs.map((r) => r.primingMs)) : "–"} | ${range(rs.map((r) => r.firstInvokeMs))} | ${range(rs.map((r) => r.secondInvokeMs), 1)} | ${range(rs.map((r) => r.laterInvokeMedianMs), 1)} | ${range(rs.map((r) => r.laterInvokeCpuMedianMs), 2)} | ${range(rs.map((r) => r.laterInvokeMeanMs), 2)} | ${range(rs.map((r) => r.laterInvokeCpuMeanMs), 2)} | ${range(rs.map((r) => r.launchToFirstAnswerMs))} | ${ratio} | ${range(rs.map((r) => r.peakRssMiB))} | ${range(rs.map((r) => r.loadedClasses))} |`);
        }
      }
    }
    p();
  }
}

// ------------------------------------------------------------------ artifact
if (process.argv[3]) {
  const listing = fs.readFileSync(process.argv[3], "utf8").split("\n");
  const groups = new Map();
  let files = 0;
  let compressed = 0;
  let uncompressed = 0;
  for (const line of listing) {
    const m = line.match(/^\s*(\d+)\s+\S+\s+(\d+)\s+-?\d+%\s+\S+\s+\S+\s+[0-9a-f]{8}\s+(.+)$/);
    if (!m || m[3].endsWith("/")) continue;
    const [size, csize, name] = [Number(m[1]), Number(m[2]), m[3]];
    const a = name.split("/");
    let g;
    if (name.startsWith("dev/socketiolambda/")) g = "our code: `dev/socketiolambda/" + a[2] + "`";
    else if (name.startsWith("software/amazon/awssdk/services/")) g = "AWS SDK service `" + a[4] + "` (models, marshallers, waiters, paginators)";
    else if (name.startsWith("software/amazon/awssdk/thirdparty/")) g = "AWS SDK shaded third-party (`awssdk/thirdparty`: jackson-core, ...)";
    else if (name.startsWith("software/amazon/awssdk/")) g = "AWS SDK runtime `awssdk/" + a[3] + "`";
    else if (name.startsWith("io/netty/")) g = "Netty `io/netty` (netty-nio-client)";
    else if (name.startsWith("com/fasterxml/jackson/")) g = "Jackson `com/fasterxml/jackson/" + a[3] + "`";
    else if (name.startsWith("META-INF/")) g = "`META-INF/" + (a.length > 2 ? a[1] + "/" : a[1]) + "`";
    else if (a.length === 1) g = "(root files)";
    else g = "`" + a.slice(0, Math.min(3, a.length - 1)).join("/") + "`";
    const e = groups.get(g) || { csize: 0, size: 0, files: 0 };
    e.csize += csize;
    e.size += size;
    e.files++;
    groups.set(g, e);
    files++;
    compressed += csize;
    uncompressed += size;
  }
  const jarBytes = Number(process.env.ARTIFACT_BYTES || compressed);
  p(`### Deployment artifact \`functions/target/socketio-functions.jar\``);
  p();
  p(`${jarBytes} bytes = ${f(jarBytes / 1048576, 2)} MiB; ${files} files, ${f(uncompressed / 1048576, 1)} MiB uncompressed. Largest contributors (compressed bytes in the jar):`);
  p();
  p("| contributor | compressed KiB | share | files | uncompressed KiB |");
  p("|---|---:|---:|---:|---:|");
  const sorted = [...groups.entries()].sort((x, y) => y[1].csize - x[1].csize);
  let shown = 0;
  for (const [g, e] of sorted.slice(0, 15)) {
    p(`| ${g} | ${f(e.csize / 1024, 0)} | ${f((100 * e.csize) / compressed, 1)} % | ${e.files} | ${f(e.size / 1024, 0)} |`);
    shown += e.csize;
  }
  const others = sorted.slice(15);
  if (others.length) {
    p(`| ${others.length} smaller groups | ${f((compressed - shown) / 1024, 0)} | ${f((100 * (compressed - shown)) / compressed, 1)} % | ${others.reduce((a, [, e]) => a + e.files, 0)} | ${f(others.reduce((a, [, e]) => a + e.size, 0) / 1024, 0)} |`);
  }
  p();
}
// one line per deployment jar: "<role> <bytes> <entries>" (bench-local.sh, ARTIFACT_SIZES)
if (process.env.ARTIFACT_SIZES && fs.existsSync(process.env.ARTIFACT_SIZES)) {
  const rows = fs.readFileSync(process.env.ARTIFACT_SIZES, "utf8").split("\n").filter((l) => l.trim())
    .map((l) => l.trim().split(/\s+/));
  p("### Deployment artifacts");
  p();
  p("| jar | functions | bytes | MB | MiB | entries |");
  p("|---|---|---:|---:|---:|---:|");
  const fns = {
    all: "local stack, benches, example bundles",
    min: "every function: `$connect`, Open, `$default`, `$disconnect`, Heartbeat, Polling, FanOut, domain streams, app functions",
  };
  for (const [role, bytes, entries] of rows) {
    const b = Number(bytes);
    p(`| \`socketio-functions${role === "all" ? "" : "-" + role}.jar\` | ${fns[role] || ""} | ${b} | ${f(b / 1e6, 2)} | ${f(b / 1048576, 2)} | ${entries} |`);
  }
  p();
}
process.stdout.write(out.join("\n") + "\n");
