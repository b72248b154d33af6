package dev.socketiolambda.infra;

import dev.socketiolambda.functions.schedule.Schedule;
import dev.socketiolambda.functions.schedule.ScheduleHandler;
import dev.socketiolambda.functions.schedule.Schedules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.scheduler.CfnSchedule;
import software.constructs.Construct;

/**
 * A bundle's schedules on AWS: one function running {@link ScheduleHandler} and EventBridge
 * Scheduler schedules on its alias: {@code rate(1 minute)} with {@code {"schedule":"*"}} when any
 * schedule is under a minute (those tick inside that invocation), and one {@code rate(N minutes)}
 * per longer schedule with its name. No retries anywhere (a missed tick is not replayed: the lease
 * and the next tick take over), and the Scheduler's role may invoke that alias only.
 */
public final class BundleSchedules {
  /** The function's id among the construct's functions. */
  public static final String FUNCTION = "Schedule";
  /** The handler runs for up to a minute plus its safety margin; the timeout leaves 20 s more. */
  static final Duration TIMEOUT = Duration.seconds(60 + ScheduleHandler.SAFETY_MARGIN_MS / 1000 + 20);

  private final List<CfnSchedule> schedules = new ArrayList<>();

  BundleSchedules(Construct scope, SocketIoLambda socketIo, String bundleName, Schedules appSchedules) {
    SocketIoLambda.SocketFunction f = socketIo.addAppFunction(FUNCTION,
        ScheduleHandler.class.getName() + "::handleRequest", "schedules of " + bundleName, TIMEOUT, true);
    Role role = Role.Builder.create(scope, "SchedulerRole")
        .assumedBy(new ServicePrincipal("scheduler.amazonaws.com").withConditions(Map.of(
            "StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID))))
        .description("EventBridge Scheduler: invokes the schedule function of " + bundleName)
        .build();
    role.addToPrincipalPolicy(PolicyStatement.Builder.create()
        .effect(Effect.ALLOW)
        .actions(List.of("lambda:InvokeFunction"))
        .resources(List.of(f.alias().getFunctionArn()))
        .build());
    if (!appSchedules.subMinute().isEmpty()) {
      schedules.add(schedule(scope, "EveryMinuteSchedule", ScheduleHandler.EVERY_MINUTE, 1,
          "ticks of the schedules under a minute of " + bundleName, f, role));
    }
    for (Schedule s : appSchedules.all()) {
      if (!s.subMinute()) {
        schedules.add(schedule(scope, BundleStack.cfnId(s.name()) + "Schedule", s.name(), s.period().toMinutes(),
            "schedule " + s.name() + " of " + bundleName, f, role));
      }
    }
  }

  private static CfnSchedule schedule(Construct scope, String id, String name, long minutes, String description,
      SocketIoLambda.SocketFunction f, Role role) {
    return CfnSchedule.Builder.create(scope, id)
        .description(description)
        .scheduleExpression(minutes == 1 ? "rate(1 minute)" : "rate(" + minutes + " minutes)")
        .flexibleTimeWindow(CfnSchedule.FlexibleTimeWindowProperty.builder().mode("OFF").build())
        .state("ENABLED")
        .target(CfnSchedule.TargetProperty.builder()
            .arn(f.alias().getFunctionArn())
            .roleArn(role.getRoleArn())
            .input(input(name))
            .retryPolicy(CfnSchedule.RetryPolicyProperty.builder()
                .maximumRetryAttempts(0)
                .maximumEventAgeInSeconds(60)
                .build())
            .build())
        .build();
  }

  /** What {@link ScheduleHandler} reads: the schedule ({@code *} or a name) and the scheduled time. */
  static String input(String schedule) {
    return "{\"schedule\":\"" + schedule + "\",\"time\":\"<aws.scheduler.scheduled-time>\"}";
  }

  /** The EventBridge Scheduler schedules, the per-minute one first. */
  public List<CfnSchedule> getSchedules() {
    return List.copyOf(schedules);
  }
}
