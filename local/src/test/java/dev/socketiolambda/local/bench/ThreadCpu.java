package dev.socketiolambda.local.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** CPU time of this JVM's threads, for benchmarks: where a measured interval's CPU went, by thread group. */
final class ThreadCpu {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private ThreadCpu() {}

  /** CPU time per thread (id -> ns, name) and of the whole process (GC and JIT threads included). */
  record Snapshot(Map<Long, Long> nanos, Map<Long, String> names, long processNanos) {
    /**
     * "process=N ms | group=N ..." for the interval since {@code before}: the {@code top} thread
     * groups (names with digits folded: pool-1-thread-7 -> pool-N-thread-N) by CPU time.
     */
    String since(Snapshot before, int top) {
      Map<String, Long> groups = new TreeMap<>();
      nanos.forEach((id, ns) -> groups.merge(names.get(id).replaceAll("\\d+", "N"),
          ns - before.nanos.getOrDefault(id, 0L), Long::sum));
      StringBuilder out = new StringBuilder("process=" + (processNanos - before.processNanos) / 1_000_000 + " |");
      groups.entrySet().stream().filter(e -> e.getValue() >= 1_000_000)
          .sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(top)
          .forEach(e -> out.append(' ').append(e.getKey()).append('=').append(e.getValue() / 1_000_000));
      return out.toString();
    }
  }

  static Snapshot snapshot() {
    Map<Long, Long> nanos = new HashMap<>();
    Map<Long, String> names = new HashMap<>();
    long[] ids = THREADS.getAllThreadIds();
    ThreadInfo[] infos = THREADS.getThreadInfo(ids);
    for (int i = 0; i < ids.length; i++) {
      long ns = THREADS.getThreadCpuTime(ids[i]);
      if (ns > 0 && infos[i] != null) {
        nanos.put(ids[i], ns);
        names.put(ids[i], infos[i].getThreadName());
      }
    }
    long process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
    return new Snapshot(nanos, names, process);
  }
}
