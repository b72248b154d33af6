package dev.socketiolambda.infra;

import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigatewayv2.IDomainName;
import software.amazon.awscdk.services.sqs.Queue;

/**
 * The CloudFormation outputs of a {@link SocketIoLambda}, under plain keys ({@code WebSocketUrl},
 * not a hashed logical id), each prefixed with {@link SocketIoLambdaProps#outputPrefix()} and
 * exported as {@code <stackName>-<key>} unless {@link SocketIoLambdaProps#exportOutputs()} is off.
 */
final class SocketIoOutputs {
  private final SocketIoLambda c;

  private SocketIoOutputs(SocketIoLambda c) {
    this.c = c;
  }

  static void create(SocketIoLambda c) {
    new SocketIoOutputs(c).all();
  }

  private void all() {
    SocketIoLambdaProps props = c.getProps();
    output("WebSocketUrl", c.getWebSocketUrl(),
        "The stage's WebSocket URL (wscat -c <url>). socket.io-client: see ClientSnippet.");
    output("ClientSnippet", c.getClientSnippet(),
        "Ready-to-paste socket.io-client call (the path is the stage; the URL has no path)");
    output("ApiId", c.getApi().getApiId(), "WebSocket API id");
    output("ApiEndpoint", c.getApi().getApiEndpoint(), "WebSocket API endpoint, without the stage");
    output("StageName", c.getStage().getStageName(), "API Gateway stage (the client's path)");
    output("ManagementEndpoint", c.getManagementEndpoint(),
        "API Gateway management endpoint (@connections) the functions post to");
    output("StateTableName", c.getTable().getTableName(), "DynamoDB state table (connections, sockets, rooms, acks)");
    output("StateTableArn", c.getTable().getTableArn(), "ARN of the state table");
    output("FanOutQueueUrl", c.getFanOutQueue().getQueueUrl(), "SQS queue of broadcast shards");
    output("FanOutDlqArn", c.getFanOutDeadLetterQueue().getQueueArn(),
        "Dead-letter queue of broadcast shards that failed every delivery");
    for (Map.Entry<String, Queue> e : c.getDeadLetterQueues().entrySet()) {
      output(e.getKey() + "StreamDlqArn", e.getValue().getQueueArn(),
          "Dead-letter queue of the " + e.getKey() + " stream (records that failed every retry)");
    }
    OneUrl oneUrl = c.getOneUrl();
    if (oneUrl != null) {
      output("Url", oneUrl.getUrl(), "The one URL: io(url) with socket.io-client's default options (long-polling, "
          + "then the WebSocket upgrade) through CloudFront");
      output("UrlClientSnippet", "io(\"" + oneUrl.getUrl() + "\")",
          "Ready-to-paste socket.io-client call through the one URL (default path /socket.io/, default transports)");
      output("DistributionId", oneUrl.getDistribution().getDistributionId(), "CloudFront distribution of the one URL");
      output("DistributionDomainName", oneUrl.getDistribution().getDistributionDomainName(),
          "The distribution's own host name (point a CNAME here when urlDomain has no hosted zone)");
      output("PollingApiEndpoint", oneUrl.getPollingApi().getApiEndpoint(),
          "The polling HTTP API, without CloudFront (Engine.IO polling only: " + OneUrl.ENGINE_IO_PATH + "/)");
    }
    IDomainName domain = c.getDomainName();
    if (domain != null) {
      CustomDomain cd = props.customDomain();
      String options = CustomDomain.DEFAULT_MAPPING_KEY.equals(cd.apiMappingKey())
          ? "{ transports: [\"websocket\"] }"
          : "{ path: \"" + cd.clientPath() + "\", transports: [\"websocket\"] }";
      output("CustomDomainClientSnippet", "io(\"wss://" + cd.domainName() + "\", " + options + ")",
          "socket.io-client call through the custom domain");
      output("CustomDomainManagementEndpoint", cd.managementEndpoint(),
          "Management endpoint (@connections) through the custom domain, for servers outside this stack");
      output("CustomDomainTarget", domain.getRegionalDomainName(),
          "Point a CNAME or alias record for " + cd.domainName() + " here");
      output("CustomDomainHostedZoneId", domain.getRegionalHostedZoneId(),
          "Hosted zone id of the regional domain, for a Route 53 alias record");
    }
  }

  private void output(String key, String value, String description) {
    SocketIoLambdaProps props = c.getProps();
    String name = props.outputPrefix() + key;
    CfnOutput.Builder b = CfnOutput.Builder.create(c, name).description(description).value(value);
    if (props.exportOutputs()) {
      b.exportName(Stack.of(c).getStackName() + "-" + name);
    }
    b.build().overrideLogicalId(name);
  }
}
