package dev.socketiolambda.infra;

/**
 * How the WebSocket stage logs. API Gateway writes a WebSocket stage's access and execution logs
 * only when the account has a CloudWatch Logs role in its API Gateway settings (one per account and
 * region); a stage that asks for logs in an account without one fails to deploy with "CloudWatch
 * Logs role ARN must be set in account settings to enable logging".
 */
public enum StageLogging {
  /**
   * Access logs (JSON) and execution logs at {@code ERROR}; the construct sets the account's
   * API Gateway CloudWatch Logs role (a retained IAM role with
   * {@code AmazonAPIGatewayPushToCloudWatchLogs}). The default: deploys in a fresh account.
   */
  LOGS_WITH_ACCOUNT_ROLE,
  /** Access and execution logs; the account's CloudWatch Logs role is already set (by you or another stack). */
  LOGS_ACCOUNT_ROLE_EXISTS,
  /** No stage logs and no account setting (the Lambda functions still log to their own log groups). */
  OFF;

  /** Whether the stage writes access and execution logs. */
  public boolean logs() {
    return this != OFF;
  }
}
