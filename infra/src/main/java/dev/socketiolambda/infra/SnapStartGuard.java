package dev.socketiolambda.infra;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.IAspect;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigatewayv2.CfnIntegration;
import software.amazon.awscdk.services.events.CfnRule;
import software.amazon.awscdk.services.lambda.CfnEventInvokeConfig;
import software.amazon.awscdk.services.lambda.CfnEventSourceMapping;
import software.amazon.awscdk.services.lambda.CfnPermission;
import software.amazon.awscdk.services.lambda.CfnUrl;
import software.amazon.awscdk.services.sns.CfnSubscription;
import software.constructs.IConstruct;

/**
 * Reports, as a synth warning ({@value #WARNING_ID}) on the offending resource, any trigger in the
 * stack wired to one of the construct's functions instead of its alias: such a trigger invokes
 * {@code $LATEST}, which SnapStart does not cover (every cold start pays the full Java start-up).
 * Looks at event source mappings, invoke permissions, function URLs, EventBridge rule targets,
 * API Gateway integrations, SNS subscriptions and {@code $LATEST} async invoke configs.
 */
final class SnapStartGuard implements IAspect {
  /** Id of the warning (acknowledge it with {@code Annotations.of(resource).acknowledgeWarning}). */
  static final String WARNING_ID = "socketio-lambda:triggerBypassesSnapStart";

  private final Stack stack;
  private final Map<String, String> functionsByLogicalId = new HashMap<>();

  private final SocketIoLambda construct;

  private SnapStartGuard(SocketIoLambda c) {
    this.stack = Stack.of(c);
    this.construct = c;
  }

  /** Watches the construct's stack for triggers on its functions (only when SnapStart is on). */
  static void watch(SocketIoLambda c) {
    if (c.getProps().snapStart()) {
      Aspects.of(Stack.of(c)).add(new SnapStartGuard(c));
    }
  }

  @Override
  public void visit(IConstruct node) {
    Object target = target(node);
    if (target == null || Stack.of(node) != stack) {
      return;
    }
    if (functionsByLogicalId.isEmpty()) { // at synth: functions added after the constructor count too
      construct.getFunctions().forEach((name, f) -> functionsByLogicalId.put(
          stack.getLogicalId((CfnElement) f.function().getNode().getDefaultChild()), name));
    }
    String function = referencedFunction(stack.resolve(target));
    if (function != null) {
      Annotations.of(node).addWarningV2(WARNING_ID, "This trigger invokes the function " + function
          + " of socketio-lambda directly, i.e. $LATEST, where SnapStart does not apply: wire it to "
          + "getFunctions().get(\"" + function + "\").alias() instead.");
    }
  }

  private static Object target(IConstruct node) {
    if (node instanceof CfnEventSourceMapping m) {
      return m.getFunctionName();
    } else if (node instanceof CfnPermission p) {
      return p.getFunctionName();
    } else if (node instanceof CfnUrl u) {
      return u.getQualifier() == null ? u.getTargetFunctionArn() : null;
    } else if (node instanceof CfnRule r) {
      return r.getTargets();
    } else if (node instanceof CfnIntegration i) {
      return i.getIntegrationUri();
    } else if (node instanceof CfnSubscription s) {
      return s.getEndpoint();
    } else if (node instanceof CfnEventInvokeConfig e) {
      return "$LATEST".equals(e.getQualifier()) ? e.getFunctionName() : null;
    }
    return null;
  }

  /** The name of the construct's function the resolved value refers to (Ref or Fn::GetAtt Arn), or null. */
  private String referencedFunction(Object value) {
    if (value instanceof Map<?, ?> m) {
      if (m.size() == 1 && m.get("Ref") instanceof String ref && functionsByLogicalId.containsKey(ref)) {
        return functionsByLogicalId.get(ref);
      }
      if (m.size() == 1 && m.get("Fn::GetAtt") instanceof List<?> att && functionsByLogicalId.containsKey(
          String.valueOf(att.get(0)))) {
        return functionsByLogicalId.get(String.valueOf(att.get(0)));
      }
      for (Object v : m.values()) {
        String f = referencedFunction(v);
        if (f != null) {
          return f;
        }
      }
    } else if (value instanceof List<?> l) {
      for (Object v : l) {
        String f = referencedFunction(v);
        if (f != null) {
          return f;
        }
      }
    }
    return null;
  }
}
