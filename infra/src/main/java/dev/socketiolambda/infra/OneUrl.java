package dev.socketiolambda.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpRoute;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.PayloadFormatVersion;
import software.amazon.awscdk.services.cloudfront.AllowedMethods;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.Function;
import software.amazon.awscdk.services.cloudfront.FunctionAssociation;
import software.amazon.awscdk.services.cloudfront.FunctionCode;
import software.amazon.awscdk.services.cloudfront.FunctionEventType;
import software.amazon.awscdk.services.cloudfront.FunctionRuntime;
import software.amazon.awscdk.services.cloudfront.OriginProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.OriginRequestPolicy;
import software.amazon.awscdk.services.cloudfront.SecurityPolicyProtocol;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.HttpOrigin;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.route53.ARecord;
import software.amazon.awscdk.services.route53.AaaaRecord;
import software.amazon.awscdk.services.route53.RecordTarget;
import software.amazon.awscdk.services.route53.targets.CloudFrontTarget;
import software.constructs.Construct;

/**
 * One URL for both transports on AWS, so {@code io("https://<domain>")} works with
 * socket.io-client's default options (long-polling first, then the WebSocket upgrade).
 *
 * <ul>
 *   <li>The polling function ({@code PollingHandler}, created by {@link SocketIoLambda} with the
 *       other functions) behind an API Gateway HTTP API: {@code GET}, {@code POST} and
 *       {@code OPTIONS} on {@value #ENGINE_IO_PATH} (API Gateway matches {@code /socket.io/} to it;
 *       a route may not end with a slash), payload format 2.0, no API Gateway CORS settings (the
 *       function answers preflights and adds the CORS headers for
 *       {@link SocketIoLambdaProps#corsOrigins()}; API Gateway's would answer before it).</li>
 *   <li>A CloudFront distribution in front of both APIs, caching disabled, every method, every
 *       viewer header, cookie and query parameter forwarded except {@code Host} (each API Gateway
 *       endpoint must see its own host name). Its viewer-request function
 *       ({@code cloudfront-js-2.0}, {@link #routerCode}) sends requests with
 *       {@code transport=websocket} to the WebSocket API with {@code cf.updateRequestOrigin}, its
 *       path rewritten to the stage ({@code /<stage>}: API Gateway WebSocket URLs carry the stage as
 *       their path, socket.io-client asks for {@code /socket.io/}), the query (EIO, transport, sid)
 *       kept; everything else goes to the HTTP API, the distribution's origin.</li>
 *   <li>Optionally a custom domain ({@link SocketIoLambdaProps#urlDomain()}) with TLS 1.2 and
 *       Route 53 alias records.</li>
 * </ul>
 *
 * <p><b>Cost.</b> A waiting {@code GET} holds one Lambda invocation for up to
 * {@code SOCKETIO_POLLING_HOLD_MS} (20 s by default, at most 28 s, below the HTTP API's 30 s
 * integration timeout); see docs/one-url.md.
 */
public final class OneUrl extends Construct {
  /** The polling function's id among the construct's functions. */
  public static final String FUNCTION = "Polling";
  /** socket.io-client's default path, as an HTTP API route. */
  public static final String ENGINE_IO_PATH = "/socket.io";
  /** API Gateway's HTTP integration timeout is 30 s; the function (whose hold is at most 28 s) stops before it. */
  static final Duration FUNCTION_TIMEOUT = Duration.seconds(29);
  /** How long CloudFront waits for either API (the long-poll answers within 30 s; 60 s is CloudFront's default ceiling). */
  static final Duration ORIGIN_READ_TIMEOUT = Duration.seconds(60);
  /** The polling stage's access log line: the same JSON as a bundle's HTTP API. */
  static final String ACCESS_LOG_FORMAT = BundleHttpApi.ACCESS_LOG_FORMAT;

  static final String ROUTE_AUTH_REASON = "The polling routes are Engine.IO's transport, as open as the WebSocket "
      + "API's $connect: Socket.IO clients authenticate in the namespace CONNECT packet (the auth payload), which the "
      + "application's namespace middlewares check before any event is handled, over polling as over WebSocket.";
  static final String NO_STAGE_LOGS_REASON = "Stage logging was turned off on purpose (SocketIoLambdaProps.stageLogging "
      + "OFF) for both APIs; the polling function still logs to its own log group.";
  static final String LOGGING_REASON = "CloudFront standard logs need an S3 bucket with ACLs; every request that "
      + "reaches an origin is already logged by the API Gateway stages (access logs) and the functions, and "
      + "nothing is cached at the edge. Add distribution logging if your audit needs edge-side records.";
  static final String EDGE_REASON = "A Socket.IO endpoint for clients anywhere: no geo restriction, and no WAF by "
      + "default (API Gateway throttles each stage; the application authenticates sockets). Attach a web ACL to "
      + "the distribution where a deployment needs one.";
  static final String DEFAULT_CERT_REASON = "No urlDomain was given, so the distribution uses CloudFront's default "
      + "*.cloudfront.net certificate, whose TLS policy cannot be chosen; set SocketIoLambdaProps.urlDomain for a "
      + "custom domain with TLS 1.2 (TLSv1.2_2021).";

  private final HttpApi api;
  private final HttpStage stage;
  private final List<HttpRoute> routes = new ArrayList<>();
  private final Function router;
  private final Distribution distribution;
  private final String url;

  OneUrl(SocketIoLambda socketIo, SocketIoLambda.SocketFunction polling) {
    super(socketIo, "OneUrl");
    SocketIoLambdaProps props = socketIo.getProps();
    api = HttpApi.Builder.create(this, "PollingApi")
        .description("Engine.IO long-polling of " + props.appClass() + " (socketio-lambda)")
        .createDefaultStage(false)
        .build();
    routes.addAll(api.addRoutes(AddRoutesOptions.builder()
        .path(ENGINE_IO_PATH)
        .methods(List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.OPTIONS))
        .integration(HttpLambdaIntegration.Builder.create("PollingIntegration", polling.alias())
            .payloadFormatVersion(PayloadFormatVersion.VERSION_2_0)
            .build())
        .build()));
    HttpStage.Builder s = HttpStage.Builder.create(this, "PollingStage")
        .httpApi(api)
        .autoDeploy(true)
        .throttle(SocketIoLambda.stageThrottle(props));
    if (props.stageLogging().logs()) {
      s.accessLogSettings(SocketIoLambda.accessLogs(LogGroup.Builder.create(this, "PollingAccessLogs")
          .retention(props.logRetention())
          .removalPolicy(props.removalPolicy())
          .build(), ACCESS_LOG_FORMAT));
    }
    stage = s.build();

    router = Function.Builder.create(this, "TransportRouter")
        .runtime(FunctionRuntime.JS_2_0)
        .comment("socketio-lambda: transport=websocket to the WebSocket API, the rest to the polling HTTP API")
        .code(FunctionCode.fromInline(routerCode(executeApiDomain(socketIo.getApi().getApiId()),
            props.stageName())))
        .build();
    CustomDomain domain = props.urlDomain();
    Distribution.Builder d = Distribution.Builder.create(this, "Distribution")
        .comment("socketio-lambda one URL: Engine.IO polling and WebSocket")
        .defaultBehavior(BehaviorOptions.builder()
            .origin(HttpOrigin.Builder.create(executeApiDomain(api.getApiId()))
                .protocolPolicy(OriginProtocolPolicy.HTTPS_ONLY)
                .readTimeout(ORIGIN_READ_TIMEOUT)
                .build())
            .viewerProtocolPolicy(ViewerProtocolPolicy.HTTPS_ONLY) // a redirect would turn a POST into a GET
            .allowedMethods(AllowedMethods.ALLOW_ALL)
            .cachePolicy(CachePolicy.CACHING_DISABLED)
            .originRequestPolicy(OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER)
            .functionAssociations(List.of(FunctionAssociation.builder()
                .function(router)
                .eventType(FunctionEventType.VIEWER_REQUEST)
                .build()))
            .build());
    if (domain != null) {
      d.domainNames(List.of(domain.domainName()))
          .certificate(domain.certificate())
          .minimumProtocolVersion(SecurityPolicyProtocol.TLS_V1_2_2021);
    }
    distribution = d.build();
    url = "https://" + (domain != null ? domain.domainName() : distribution.getDistributionDomainName());
    if (domain != null && domain.hostedZone() != null) {
      RecordTarget target = RecordTarget.fromAlias(new CloudFrontTarget(distribution));
      ARecord.Builder.create(this, "UrlRecord").zone(domain.hostedZone()).recordName(domain.domainName() + ".")
          .target(target).build();
      AaaaRecord.Builder.create(this, "UrlRecordIpv6").zone(domain.hostedZone()).recordName(domain.domainName() + ".")
          .target(target).build();
    }
    suppressions(props);
  }

  /** {@code <apiId>.execute-api.<region>.<suffix>}: the host of an API Gateway API's default endpoint. */
  static String executeApiDomain(String apiId) {
    return Fn.join("", List.of(apiId, ".execute-api.", Aws.REGION, ".", Aws.URL_SUFFIX));
  }

  /**
   * The viewer-request function: {@code transport=websocket} goes to the WebSocket API's stage,
   * everything else stays on the distribution's origin (the polling HTTP API).
   *
   * @param websocketDomain the WebSocket API's host ({@code <apiId>.execute-api.<region>.amazonaws.com})
   * @param stageName its stage, letters, digits, {@code -} and {@code _} only (nothing to escape)
   */
  static String routerCode(String websocketDomain, String stageName) {
    return "import cf from 'cloudfront';\n"
        + "\n"
        + "// socketio-lambda one URL: Engine.IO asks for the WebSocket with ?transport=websocket (a new\n"
        + "// connection or the upgrade of a polling session, ?sid=...). Those go to the WebSocket API,\n"
        + "// whose URL is its stage; the query is kept. Everything else goes to the polling HTTP API.\n"
        + "var WEBSOCKET_DOMAIN = '" + websocketDomain + "';\n"
        + "var WEBSOCKET_STAGE_PATH = '/" + stageName + "';\n"
        + "\n"
        + "function handler(event) {\n"
        + "  var request = event.request;\n"
        + "  var transport = request.querystring.transport;\n"
        + "  if (transport && transport.value === 'websocket') {\n"
        + "    cf.updateRequestOrigin({ domainName: WEBSOCKET_DOMAIN });\n"
        + "    request.uri = WEBSOCKET_STAGE_PATH;\n"
        + "  }\n"
        + "  return request;\n"
        + "}\n";
  }

  private void suppressions(SocketIoLambdaProps props) {
    routes.forEach(r -> NagSuppressions.addResourceSuppressions(r, List.of(suppression("AwsSolutions-APIG4",
        ROUTE_AUTH_REASON)), true));
    if (!props.stageLogging().logs()) {
      NagSuppressions.addResourceSuppressions(stage, List.of(suppression("AwsSolutions-APIG1",
          NO_STAGE_LOGS_REASON)), true);
    }
    List<NagPackSuppression> edge = new ArrayList<>(List.of(suppression("AwsSolutions-CFR3", LOGGING_REASON),
        suppression("AwsSolutions-CFR1", EDGE_REASON), suppression("AwsSolutions-CFR2", EDGE_REASON)));
    if (props.urlDomain() == null) {
      edge.add(suppression("AwsSolutions-CFR4", DEFAULT_CERT_REASON));
    }
    NagSuppressions.addResourceSuppressions(distribution, edge);
  }

  private static NagPackSuppression suppression(String id, String reason) {
    return NagPackSuppression.builder().id(id).reason(reason).build();
  }

  /** The polling HTTP API. */
  public HttpApi getPollingApi() {
    return api;
  }

  /** Its {@code $default} stage (the API's base URL). */
  public HttpStage getPollingStage() {
    return stage;
  }

  /** The viewer-request function that picks the origin per request. */
  public Function getRouter() {
    return router;
  }

  /** The CloudFront distribution in front of both APIs. */
  public Distribution getDistribution() {
    return distribution;
  }

  /** The one URL clients use: {@code https://<urlDomain>} or {@code https://<distribution>.cloudfront.net}. */
  public String getUrl() {
    return url;
  }
}
