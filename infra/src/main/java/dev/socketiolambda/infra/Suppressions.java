package dev.socketiolambda.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.services.lambda.Tracing;
import software.constructs.IConstruct;

/**
 * cdk-nag (AwsSolutions pack) suppressions of {@link SocketIoLambda}. Each names the finding it
 * accepts as narrowly as cdk-nag allows (the exact resource pattern for IAM5) and says why.
 */
final class Suppressions {
  static final String RUNTIME_REASON = "Pinned to java21 on purpose: an LTS runtime that Lambda supports with "
      + "SnapStart on arm64, and the one the runtime jar is built and tested for. A newer runtime is a deliberate, "
      + "tested upgrade of SocketIoLambda, not something to pick up implicitly.";
  static final String NON_CONNECT_ROUTE_REASON = "API Gateway WebSocket APIs authorize only the $connect route; "
      + "$default and $disconnect run on a connection that $connect already admitted and cannot take an authorizer.";
  static final String OPEN_CONNECT_REASON = "No $connect authorizer was configured: Socket.IO clients authenticate "
      + "in the namespace CONNECT packet (the auth payload), which the application's namespace middlewares check "
      + "(io.of(nsp).use(...)) before any event is handled. Set SocketIoLambdaProps.authorizer to also gate the "
      + "WebSocket upgrade on a ?token= query parameter.";
  static final String INDEX_REASON = "CDK's table grants add <table-arn>/index/* so the function can query the "
      + "granted table's global secondary indexes (the state table's 'due', used by the heartbeat, or those of an "
      + "application table granted to the role, such as the chat example's 'byUser'); the wildcard covers only "
      + "the indexes of the one table the statement names.";
  static final String CONNECTIONS_REASON = "Connection ids exist only at run time, so @connections/* cannot be "
      + "narrower; the resource is already scoped to this API id, this stage and one HTTP method of the management "
      + "API (POST to send, GET to check, DELETE to close).";
  static final String CLOUDWATCH_ROLE_REASON = "AmazonAPIGatewayPushToCloudWatchLogs is the policy AWS documents "
      + "for API Gateway's account-wide logging role: API Gateway creates and names the execution log groups "
      + "itself at run time, so the log resources are unknown at deploy time.";
  static final String STREAM_LIST_REASON = "Lambda's DynamoDB stream poller calls dynamodb:ListStreams, an action "
      + "IAM cannot scope to a resource; every other stream action is scoped to the stream ARN.";
  static final String DLQ_REASON = "This queue is the on-failure destination of a stream event source mapping "
      + "(records that failed every retry); a dead-letter queue of its own would only move the same records again.";

  static final String VPC_ROLE_REASON = "AWSLambdaVPCAccessExecutionRole is the policy AWS documents for functions in "
      + "a VPC (SocketIoLambdaProps.vpc): Lambda creates and deletes the network interfaces at run time, so their "
      + "ids are unknown at deploy time.";
  static final String XRAY_REASON = "X-Ray's PutTraceSegments and PutTelemetryRecords (SocketIoLambdaProps.tracing "
      + "ACTIVE) have no resource type in IAM; CDK grants them on '*' as AWS documents.";
  static final String NO_STAGE_LOGS_REASON = "Stage logging was turned off on purpose (SocketIoLambdaProps.stageLogging "
      + "OFF), e.g. in an account without API Gateway's CloudWatch Logs role; the functions still log every "
      + "connect, frame and disconnect to their own log groups.";

  static final String KMS_REASON = "CDK's grants on a customer managed key (SocketIoLambdaProps.queueEncryptionKey or "
      + "tableEncryptionKey) use the action families kms:GenerateDataKey* and kms:ReEncrypt*; the statement names "
      + "that one key as its resource.";
  static final String LOG_STREAMS_REASON = "A log group of your own (FunctionOptions.logGroup) is granted as "
      + "<log-group-arn>:*: Lambda creates the log streams at run time; the wildcard covers only that group's streams.";

  private Suppressions() {}

  static void apply(SocketIoLambda c) {
    c.getFunctions().forEach((name, f) -> applyToFunction(c, name, f));
    c.getDeadLetterQueues().values().forEach(q ->
        NagSuppressions.addResourceSuppressions(q, List.of(suppression("AwsSolutions-SQS3", DLQ_REASON))));
    for (IConstruct child : c.getApi().getNode().getChildren()) {
      String id = child.getNode().getId();
      if (id.equals("$default-Route") || id.equals("$disconnect-Route")) {
        NagSuppressions.addResourceSuppressions(child, List.of(suppression("AwsSolutions-APIG4",
            NON_CONNECT_ROUTE_REASON)), true);
      } else if (id.equals("$connect-Route") && c.getProps().authorizer() == null) {
        NagSuppressions.addResourceSuppressions(child, List.of(suppression("AwsSolutions-APIG4",
            OPEN_CONNECT_REASON)), true);
      }
    }
    if (!c.getProps().stageLogging().logs()) {
      NagSuppressions.addResourceSuppressions(c.getStage(), List.of(suppression("AwsSolutions-APIG1",
          NO_STAGE_LOGS_REASON)), true);
    }
    IConstruct cloudWatchRole = c.getNode().tryFindChild("ApiGatewayCloudWatchRole");
    if (cloudWatchRole != null) {
      NagSuppressions.addResourceSuppressions(cloudWatchRole, List.of(NagPackSuppression.builder()
          .id("AwsSolutions-IAM4").reason(CLOUDWATCH_ROLE_REASON)
          .appliesTo(List.of("Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
              + "AmazonAPIGatewayPushToCloudWatchLogs"))
          .build()), true);
    }
  }

  /** The suppressions of one function and its role (also for functions added after the constructor). */
  static void applyToFunction(SocketIoLambda c, String name, SocketIoLambda.SocketFunction f) {
    NagSuppressions.addResourceSuppressions(f.function(), List.of(suppression("AwsSolutions-L1", RUNTIME_REASON)),
        true);
    // The CDK warns that SnapStart needs published versions: every trigger targets the alias of a published one.
    Annotations.of(f.function()).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
        "Every trigger invokes the alias '" + SocketIoLambda.ALIAS_NAME + "' of the published current version");
    List<Object> appliesTo = new ArrayList<>();
    appliesTo.add(regex("^Resource::<[A-Za-z0-9]+\\.Arn>/index/\\*$"));
    List<NagPackSuppression> role = new ArrayList<>();
    role.add(NagPackSuppression.builder().id("AwsSolutions-IAM5").reason(INDEX_REASON).appliesTo(appliesTo)
        .build());
    role.add(NagPackSuppression.builder().id("AwsSolutions-IAM5").reason(CONNECTIONS_REASON)
        .appliesTo(List.of(regex("^Resource::arn:(<AWS::Partition>|[a-z-]+):execute-api:(<AWS::Region>|[a-z0-9-]+)"
            + ":(<AWS::AccountId>|[0-9]{12}):<[A-Za-z0-9]+>/"
            + c.getProps().stageName() // letters, digits, '-' and '_' only: nothing to escape
            + "/(POST|GET|DELETE)/@connections/\\*$")))
        .build());
    if (c.getProps().queueEncryptionKey() != null || c.getProps().tableEncryptionKey() != null) {
      role.add(NagPackSuppression.builder().id("AwsSolutions-IAM5").reason(KMS_REASON)
          .appliesTo(List.of("Action::kms:GenerateDataKey*", "Action::kms:ReEncrypt*")).build());
    }
    if (c.getProps().functionOptions().getOrDefault(name, FunctionOptions.DEFAULT).logGroup() != null) {
      role.add(NagPackSuppression.builder().id("AwsSolutions-IAM5").reason(LOG_STREAMS_REASON)
          .appliesTo(List.of(regex("^Resource::arn:(<AWS::Partition>|[a-z-]+):logs:(<AWS::Region>|[a-z0-9-]+)"
              + ":(<AWS::AccountId>|[0-9]{12}):log-group:[^*]+:\\*$"))).build());
    }
    if (c.getProps().vpc() != null) {
      role.add(NagPackSuppression.builder().id("AwsSolutions-IAM4").reason(VPC_ROLE_REASON)
          .appliesTo(List.of("Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
              + "AWSLambdaVPCAccessExecutionRole")).build());
    }
    if (c.getProps().tracing() == Tracing.ACTIVE) {
      role.add(NagPackSuppression.builder().id("AwsSolutions-IAM5").reason(XRAY_REASON)
          .appliesTo(List.of("Resource::*")).build());
    }
    if (name.endsWith("Stream")) {
      role.add(NagPackSuppression.builder().id("AwsSolutions-IAM5").reason(STREAM_LIST_REASON)
          .appliesTo(List.of("Resource::*")).build());
    }
    NagSuppressions.addResourceSuppressions(f.role(), role, true);
  }

  private static NagPackSuppression suppression(String id, String reason) {
    return NagPackSuppression.builder().id(id).reason(reason).build();
  }

  private static RegexAppliesTo regex(String pattern) {
    return RegexAppliesTo.builder().regex("/" + pattern + "/g").build();
  }
}
