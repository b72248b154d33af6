package dev.socketiolambda.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;
import software.amazon.awscdk.services.sqs.Queue;

/** cdk-nag's AwsSolutions pack over the three stacks: no unsuppressed error, and every suppression says why. */
class CdkNagTest {

  @Test
  void appStackHasNoUnsuppressedAwsSolutionsErrors() {
    assertThat(describe(errors(Stacks.app().annotations()))).isEmpty();
  }

  @Test
  void stackWithEveryOptionHasNoUnsuppressedAwsSolutionsErrors() {
    assertThat(describe(errors(Stacks.full().annotations()))).isEmpty();
  }

  @Test
  void chatExampleStackHasNoUnsuppressedAwsSolutionsErrors() {
    assertThat(describe(errors(Stacks.chat().annotations()))).isEmpty();
  }

  @Test
  void theChatSecretsRotationFindingIsSuppressedWithItsReasonAndNothingElseOnIt() {
    TemplateJson json = Stacks.chat().json();
    Map<String, Object> secret = json.ofType("AWS::SecretsManager::Secret").values().iterator().next();
    assertThat(secret.get("Metadata")).isEqualTo(Map.of("cdk_nag", Map.of("rules_to_suppress", List.of(
        Map.of("id", "AwsSolutions-SMG4", "reason", BundleStack.SECRET_ROTATION_REASON)))));
    // the chat table needs no suppression (point-in-time recovery is on)
    json.ofType("AWS::DynamoDB::Table").forEach((id, t) -> assertThat(t).as(id).doesNotContainKey("Metadata"));
  }

  @Test
  void everySuppressionCarriesAWrittenReason() {
    List<String> reasons = new ArrayList<>();
    for (Stacks.Synthesized s : List.of(Stacks.app(), Stacks.full(), Stacks.chat())) {
      s.json().resources().forEach((id, r) -> {
        Object metadata = r.get("Metadata");
        if (metadata instanceof Map<?, ?> m && m.get("cdk_nag") instanceof Map<?, ?> nag) {
          for (Object rule : (List<?>) nag.get("rules_to_suppress")) {
            Map<?, ?> suppression = (Map<?, ?>) rule;
            String reason = String.valueOf(suppression.get("reason"));
            assertThat(reason).as("reason of %s on %s", suppression.get("id"), id).hasSizeGreaterThan(40);
            reasons.add(suppression.get("id") + " " + id);
          }
        }
      });
    }
    assertThat(reasons).anyMatch(r -> r.startsWith("AwsSolutions-IAM5"))
        .anyMatch(r -> r.startsWith("AwsSolutions-L1"))
        .anyMatch(r -> r.startsWith("AwsSolutions-APIG4"))
        .anyMatch(r -> r.startsWith("AwsSolutions-SMG4"));
  }

  @Test
  void theChecksAreLiveAndWouldReportAFinding() {
    // guards the zero-error assertions above against a pack that silently did not run
    App app = new App();
    Stack stack = new Stack(app, "Canary");
    Queue.Builder.create(stack, "PlainQueue").build();
    Aspects.of(app).add(new AwsSolutionsChecks());
    assertThat(describe(errors(Annotations.fromStack(stack)))).anyMatch(e -> e.contains("AwsSolutions-SQS"));
  }

  @SuppressWarnings("deprecation") // Annotations.findError still returns the cx-api message type
  static List<SynthesisMessage> errors(Annotations annotations) {
    return annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
  }

  @SuppressWarnings("deprecation")
  private static List<String> describe(List<SynthesisMessage> messages) {
    return messages.stream().map(m -> m.getId() + ": " + m.getEntry().getData()).toList();
  }
}
