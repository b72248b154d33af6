package dev.socketiolambda.local.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs the LocalStack tests through the JUnit Platform Launcher, in the normal build, and checks
 * the outcome is honest for the machine: without a Docker engine every one of them is reported as
 * skipped with the reason ({@link Docker#SKIP_REASON}) and none fails or errors; with one, every
 * one of them passes.
 */
class LocalStackSkipTest {
  /** The tests that start LocalStack; each is {@link RequiresDocker}. */
  static final List<Class<?>> LOCALSTACK_TESTS = List.of(
      LocalStackStateStoreIT.class, LocalStackTablesIT.class, LocalStackStreamBroadcastIT.class);

  @Test
  void theLocalStackTestsAreSkippedWithTheReasonWithoutDockerAndPassWithIt() {
    Run run = runLocalStackTests();
    assertThat(run.tests).as("tests discovered").hasSizeGreaterThanOrEqualTo(15);
    for (Class<?> type : LOCALSTACK_TESTS) {
      assertThat(run.tests.keySet()).as("tests of %s", type.getSimpleName())
          .anyMatch(id -> id.contains("[class:" + type.getName() + "]"));
    }
    assertThat(run.containerFailures).as("class-level failures (a @BeforeAll touching Docker?)").isEmpty();

    if (Docker.available()) {
      assertThat(run.skipped).as("skipped although Docker is available").isEmpty();
      assertThat(run.outcomes()).as("outcome of every LocalStack test").containsOnlyKeys(run.tests.keySet())
          .allSatisfy((id, outcome) -> assertThat(outcome).as(run.tests.get(id)).isEqualTo("SUCCESSFUL"));
    } else {
      assertThat(run.finished).as("LocalStack tests that ran without Docker").isEmpty();
      assertThat(run.skipped).as("every LocalStack test is skipped").containsOnlyKeys(run.tests.keySet())
          .allSatisfy((id, reason) -> assertThat(reason).as(run.tests.get(id))
              .startsWith(Docker.SKIP_REASON).contains("-Plocalstack"));
      System.out.println("LocalStack tests skipped without Docker (" + run.skipped.size() + "), e.g. "
          + run.tests.values().iterator().next() + ": " + run.skipped.values().iterator().next());
    }
  }

  @Test
  void whenTheyAreRequiredAMissingEngineFailsEveryLocalStackTestWithTheReason() {
    Assumptions.assumeFalse(Docker.available(), "Docker is available here: the tests run instead (see the test above)");
    String before = System.getProperty(Docker.REQUIRED_PROPERTY);
    System.setProperty(Docker.REQUIRED_PROPERTY, "true"); // what -Plocalstack sets
    Run run;
    try {
      run = runLocalStackTests();
    } finally {
      if (before == null) {
        System.clearProperty(Docker.REQUIRED_PROPERTY);
      } else {
        System.setProperty(Docker.REQUIRED_PROPERTY, before);
      }
    }
    assertThat(run.tests).isNotEmpty();
    assertThat(run.skipped).isEmpty();
    assertThat(run.finished).containsOnlyKeys(run.tests.keySet()).allSatisfy((id, result) -> {
      assertThat(result.getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
      assertThat(result.getThrowable()).get().satisfies(t -> assertThat(messages(t))
          .contains(Docker.REQUIRED_REASON));
    });
  }

  private static String messages(Throwable t) {
    StringBuilder s = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      s.append(c).append('\n');
    }
    return s.toString();
  }

  private static Run runLocalStackTests() {
    List<ClassSelector> selectors = new ArrayList<>();
    LOCALSTACK_TESTS.forEach(c -> selectors.add(selectClass(c)));
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectors).build();
    Launcher launcher = LauncherFactory.create();
    Run run = new Run();
    launcher.execute(request, run);
    return run;
  }

  /** What the launcher reported, by unique id. */
  private static final class Run implements TestExecutionListener {
    final Map<String, String> tests = Collections.synchronizedMap(new LinkedHashMap<>());
    final Map<String, String> skipped = Collections.synchronizedMap(new LinkedHashMap<>());
    final Map<String, TestExecutionResult> finished = Collections.synchronizedMap(new LinkedHashMap<>());
    final Map<String, TestExecutionResult> containerFailures = Collections.synchronizedMap(new LinkedHashMap<>());
    private TestPlan plan;

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
      plan = testPlan;
      for (TestIdentifier root : testPlan.getRoots()) {
        collect(root);
      }
    }

    private void collect(TestIdentifier id) {
      if (id.isTest()) {
        tests.put(id.getUniqueId(), describe(id));
      }
      plan.getChildren(id).forEach(this::collect);
    }

    private String describe(TestIdentifier id) {
      Optional<TestIdentifier> parent = plan.getParent(id);
      return parent.map(TestIdentifier::getDisplayName).orElse("?") + " > " + id.getDisplayName();
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
      if (id.isTest()) {
        skipped.put(id.getUniqueId(), reason);
      } else {
        // a skipped class hides its tests: record each of them with the class's reason
        plan.getDescendants(id).stream().filter(TestIdentifier::isTest)
            .forEach(t -> skipped.put(t.getUniqueId(), reason));
      }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
      if (id.isTest()) {
        finished.put(id.getUniqueId(), result);
      } else if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
        containerFailures.put(id.getUniqueId(), result);
      }
    }

    Map<String, String> outcomes() {
      Map<String, String> out = new LinkedHashMap<>();
      finished.forEach((id, r) -> out.put(id, r.getStatus().name()
          + r.getThrowable().map(t -> ": " + t).orElse("")));
      return out;
    }
  }
}
