package dev.socketiolambda.infra;

import dev.socketiolambda.functions.http.HttpHandler;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.PayloadFormatVersion;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * A bundle's HTTP routes on AWS: an API Gateway HTTP API whose {@code $default} route (the router
 * matches paths itself) invokes the alias of one function running {@link HttpHandler} (payload
 * format 2.0), on the {@code $default} stage with throttling and JSON access logs. No CORS settings:
 * the router answers preflights, and API Gateway would answer them before it.
 */
public final class BundleHttpApi {
  /** The function's id among the construct's functions. */
  public static final String FUNCTION = "Http";
  /** API Gateway's HTTP integration timeout is 30 s; the function stops before it. */
  static final Duration TIMEOUT = Duration.seconds(29);
  static final String ACCESS_LOG_FORMAT = "{\"requestId\":\"$context.requestId\",\"ip\":\"$context.identity.sourceIp\","
      + "\"requestTime\":\"$context.requestTime\",\"method\":\"$context.httpMethod\",\"path\":\"$context.path\","
      + "\"status\":\"$context.status\",\"responseLength\":\"$context.responseLength\","
      + "\"integrationLatency\":\"$context.integrationLatency\",\"integrationError\":\"$context.integrationErrorMessage\"}";
  static final String ROUTE_AUTH_REASON = "The application's router authenticates per route inside the function "
      + "(Bearer tokens verified by its Authenticator: signature, issuer, audience, expiry); public routes are "
      + "public by design, and an API Gateway authorizer cannot know which routes are which.";

  private final HttpApi api;
  private final HttpStage stage;

  BundleHttpApi(Construct scope, SocketIoLambda socketIo, String bundleName, RemovalPolicy removalPolicy) {
    SocketIoLambda.SocketFunction f = socketIo.addAppFunction(FUNCTION, HttpHandler.class.getName() + "::handleRequest",
        "HTTP routes of " + bundleName + " (API Gateway HTTP API, payload 2.0)", TIMEOUT, false);
    api = HttpApi.Builder.create(scope, "HttpApi")
        .description("HTTP routes of " + bundleName + " (socketio-lambda)")
        .createDefaultStage(false)
        .defaultIntegration(HttpLambdaIntegration.Builder.create("HttpIntegration", f.alias())
            .payloadFormatVersion(PayloadFormatVersion.VERSION_2_0)
            .build())
        .build();
    LogGroup logs = LogGroup.Builder.create(scope, "HttpAccessLogs")
        .retention(socketIo.getProps().logRetention())
        .removalPolicy(removalPolicy)
        .build();
    stage = HttpStage.Builder.create(scope, "HttpStage")
        .httpApi(api)
        .autoDeploy(true)
        .throttle(SocketIoLambda.stageThrottle(socketIo.getProps()))
        .accessLogSettings(SocketIoLambda.accessLogs(logs, ACCESS_LOG_FORMAT))
        .build();
    api.getNode().getChildren().forEach(child -> {
      if (child.getNode().getId().startsWith("DefaultRoute")) {
        NagSuppressions.addResourceSuppressions(child, List.of(NagPackSuppression.builder()
            .id("AwsSolutions-APIG4").reason(ROUTE_AUTH_REASON).build()), true);
      }
    });
  }

  public HttpApi getApi() {
    return api;
  }

  /** The {@code $default} stage: its URL is the API's base URL. */
  public HttpStage getStage() {
    return stage;
  }
}
