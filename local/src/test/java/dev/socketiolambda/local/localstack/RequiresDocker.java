package dev.socketiolambda.local.localstack;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks a test class that needs a Docker engine (it starts LocalStack with Testcontainers).
 * Without one, every test of the class is reported as skipped with {@link Docker#reason()}, one by
 * one (the class itself runs, so its {@code @BeforeAll}/{@code @AfterAll} must not touch Docker);
 * with {@code -Dlocalstack.required=true} (the {@code localstack} Maven profile) they fail instead.
 *
 * <p>Like {@code @Testcontainers(disabledWithoutDocker = true)}, but each test carries the reason
 * and how to run it, and the profile can turn the skip into an error.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresDocker.Condition.class)
@interface RequiresDocker {

  /** The condition behind the annotation. */
  final class Condition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      if (context.getTestMethod().isEmpty()) {
        return ConditionEvaluationResult.enabled("decided per test");
      }
      if (Docker.available()) {
        return ConditionEvaluationResult.enabled("Docker engine available");
      }
      if (Docker.required()) {
        throw new IllegalStateException(Docker.requiredReason());
      }
      return ConditionEvaluationResult.disabled(Docker.reason());
    }
  }
}
