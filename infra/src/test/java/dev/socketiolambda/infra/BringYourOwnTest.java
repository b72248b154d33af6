package dev.socketiolambda.infra;

import static dev.socketiolambda.infra.TemplateJson.list;
import static dev.socketiolambda.infra.TemplateJson.props;
import static dev.socketiolambda.infra.TemplateJson.refs;
import static dev.socketiolambda.infra.TemplateJson.render;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigatewayv2.DomainName;
import software.amazon.awscdk.services.apigatewayv2.DomainNameAttributes;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableAttributes;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpcAttributes;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.route53.HostedZone;
import software.amazon.awscdk.services.route53.HostedZoneAttributes;

/**
 * The construct with the team's own resources: an existing state table, a KMS key for the queues,
 * an existing access log group and one function's log group, log retention, active tracing, a VPC
 * with its security group, memory, timeout and reserved concurrency of one function, an existing
 * custom domain with a Route 53 record, a tighter {@code $connect} throttle, the authorizer's
 * identity source from a header, and tags. Environment-agnostic, all recommended feature flags,
 * cdk-nag clean.
 */
class BringYourOwnTest {
  static final String TABLE_ARN = "arn:aws:dynamodb:eu-west-1:123456789012:table/team-socketio-state";
  static final String ACCESS_LOGS_ARN = "arn:aws:logs:eu-west-1:123456789012:log-group:team-ws-access";
  static final String DOMAIN = "ws.team.example.com";
  static final String HEADER_SOURCE = "route.request.header.Authorization";

  private static Stacks.Synthesized s;
  private static TemplateJson json;

  @BeforeAll
  static void synthesize() {
    App app = Stacks.app(Map.of());
    Stack stack = new Stack(app, "BringYourOwn");
    var vpc = Vpc.fromVpcAttributes(stack, "Vpc", VpcAttributes.builder().vpcId("vpc-0123456789abcdef0")
        .availabilityZones(List.of("eu-west-1a", "eu-west-1b"))
        .privateSubnetIds(List.of("subnet-0123456789abcdef0", "subnet-0123456789abcdef1")).build());
    var sg = SecurityGroup.fromSecurityGroupId(stack, "Sg", "sg-0123456789abcdef0");
    var queueKey = Key.Builder.create(stack, "QueueKey").enableKeyRotation(true).build();
    var ownLogs = LogGroup.fromLogGroupName(stack, "DefaultLogs", "/team/socketio/default");
    var authorizer = software.amazon.awscdk.services.lambda.Function.fromFunctionArn(stack, "Authorizer",
        "arn:aws:lambda:eu-west-1:123456789012:function:team-authorizer");
    SocketIoLambda c = new SocketIoLambda(stack, "SocketIo", SocketIoLambdaProps.builder()
        .appClass("dev.socketiolambda.functions.apps.DemoApp")
        .code(Code.fromAsset(FunctionsArtifact.locate().toString()))
        .table(Table.fromTableAttributes(stack, "State", TableAttributes.builder().tableArn(TABLE_ARN).build()))
        .queueEncryptionKey(queueKey)
        .accessLogGroup(LogGroup.fromLogGroupArn(stack, "AccessLogs", ACCESS_LOGS_ARN))
        .logRetention(software.amazon.awscdk.services.logs.RetentionDays.THREE_MONTHS)
        .stageLogging(StageLogging.LOGS_ACCOUNT_ROLE_EXISTS)
        .tracing(Tracing.ACTIVE)
        .vpc(vpc).securityGroups(List.of(sg))
        .function("Default", FunctionOptions.builder().memorySize(2048).timeout(Duration.seconds(25))
            .reservedConcurrency(100).logGroup(ownLogs).build())
        .customDomain(CustomDomain.existing(DomainName.fromDomainNameAttributes(stack, "Domain",
                DomainNameAttributes.builder().name(DOMAIN).regionalDomainName("d-abc123.execute-api.eu-west-1"
                    + ".amazonaws.com").regionalHostedZoneId("ZLY8HYME6SFDD").build()), "")
            .withRecord(HostedZone.fromHostedZoneAttributes(stack, "Zone", HostedZoneAttributes.builder()
                .hostedZoneId("Z0123456789ABCDEFGHIJ").zoneName("team.example.com").build())))
        .routeThrottle("$connect", 20, 40)
        .authorizer(authorizer)
        .authorizerIdentitySource(List.of(HEADER_SOURCE))
        .tags(Map.of("team", "realtime", "cost-center", "42"))
        .build());
    Aspects.of(app).add(new AwsSolutionsChecks());
    s = Stacks.synthesize(stack, c);
    json = s.json();
  }

  @Test
  void usesTheExistingTableAndCreatesNone() {
    s.template().resourceCountIs("AWS::DynamoDB::Table", 0);
    functions().values().forEach(f -> assertThat(env(f)).containsEntry("SOCKETIO_TABLE", "team-socketio-state"));
    assertThat(json.policyStatements()).anySatisfy(e -> assertThat(list(e.getValue().get("Resource")))
        .contains(TABLE_ARN));
  }

  @Test
  void queuesAreEncryptedWithTheTeamsKey() {
    String key = json.ofType("AWS::KMS::Key").keySet().iterator().next();
    assertThat(json.ofType("AWS::SQS::Queue")).hasSize(2).allSatisfy((id, q) -> {
      assertThat(refs(props(q).get("KmsMasterKeyId"))).containsExactly(key);
      assertThat(props(q)).doesNotContainKey("SqsManagedSseEnabled");
    });
  }

  @Test
  @SuppressWarnings("unchecked")
  void logGroupsAreTheTeamsOrKeepTheGivenRetention() {
    Map<String, Object> accessLogs = (Map<String, Object>) props(webSocketStage()).get("AccessLogSettings");
    assertThat(render(accessLogs.get("DestinationArn"))).startsWith(ACCESS_LOGS_ARN);
    assertThat(accessLogs).containsEntry("Format", SocketIoLambda.ACCESS_LOG_FORMAT);
    // six functions (Polling included) and the polling API's access logs get a new log group with the
    // retention; Default logs to the team's group
    assertThat(json.ofType("AWS::Logs::LogGroup")).hasSize(7)
        .allSatisfy((id, g) -> assertThat(props(g)).containsEntry("RetentionInDays", 90));
    assertThat(props(function("DefaultHandler")).get("LoggingConfig"))
        .isEqualTo(Map.of("LogGroup", "/team/socketio/default"));
    s.template().resourceCountIs("AWS::ApiGateway::Account", 0);
  }

  @Test
  void functionsTraceRunInTheVpcAndDefaultHasItsOwnSize() {
    functions().forEach((id, f) -> {
      assertThat(props(f)).as(id).containsEntry("TracingConfig", Map.of("Mode", "Active"))
          .containsEntry("VpcConfig", Map.of("SecurityGroupIds", List.of("sg-0123456789abcdef0"),
              "SubnetIds", List.of("subnet-0123456789abcdef0", "subnet-0123456789abcdef1")));
    });
    assertThat(props(function("DefaultHandler"))).containsEntry("MemorySize", 2048).containsEntry("Timeout", 25)
        .containsEntry("ReservedConcurrentExecutions", 100);
    assertThat(props(function("ConnectHandler"))).containsEntry("MemorySize", 1024).containsEntry("Timeout", 10)
        .doesNotContainKey("ReservedConcurrentExecutions");
  }

  @Test
  void theExistingDomainGetsTheMappingAndARoute53AliasRecord() {
    s.template().resourceCountIs("AWS::ApiGatewayV2::DomainName", 0);
    s.template().hasResourceProperties("AWS::ApiGatewayV2::ApiMapping", Map.of("DomainName", DOMAIN));
    Map<String, Object> record = props(json.ofType("AWS::Route53::RecordSet").values().iterator().next());
    assertThat(record).containsEntry("Name", DOMAIN + ".").containsEntry("Type", "A")
        .containsEntry("HostedZoneId", "Z0123456789ABCDEFGHIJ");
    assertThat(record.get("AliasTarget")).isEqualTo(Map.of("DNSName", "d-abc123.execute-api.eu-west-1.amazonaws.com",
        "HostedZoneId", "ZLY8HYME6SFDD"));
    assertThat(render(json.outputs().get("CustomDomainClientSnippet").get("Value")))
        .isEqualTo("io(\"wss://" + DOMAIN + "\", { path: \"/\", transports: [\"websocket\"] })");
  }

  @Test
  void connectHasItsOwnThrottleAndTheStageWaitsForTheRoutes() {
    Map<String, Object> stage = webSocketStage();
    assertThat(props(stage).get("RouteSettings")).isEqualTo(Map.of("$connect", Map.of(
        "ThrottlingRateLimit", 20, "ThrottlingBurstLimit", 40, "LoggingLevel", "ERROR")));
    String api = json.webSocketApi();
    assertThat(list(stage.get("DependsOn"))).containsAll(json.ofType("AWS::ApiGatewayV2::Route").entrySet().stream()
        .filter(e -> refs(props(e.getValue()).get("ApiId")).contains(api)).map(Map.Entry::getKey).toList());
  }

  private static Map<String, Object> webSocketStage() {
    String api = json.webSocketApi();
    return json.ofType("AWS::ApiGatewayV2::Stage").values().stream()
        .filter(s -> refs(props(s).get("ApiId")).contains(api)).findFirst().orElseThrow();
  }

  @Test
  void theAuthorizerReadsTheConfiguredIdentitySource() {
    s.template().hasResourceProperties("AWS::ApiGatewayV2::Authorizer", Map.of("IdentitySource",
        List.of(HEADER_SOURCE)));
  }

  @Test
  void tagsReachEveryTaggableResourceOfTheConstruct() {
    for (String type : List.of("AWS::Lambda::Function", "AWS::IAM::Role", "AWS::SQS::Queue", "AWS::Logs::LogGroup")) {
      assertThat(json.ofType(type)).isNotEmpty().allSatisfy((id, r) -> assertThat(list(props(r).get("Tags")))
          .as(id).contains(Map.of("Key", "team", "Value", "realtime"), Map.of("Key", "cost-center", "Value", "42")));
    }
    s.template().hasResourceProperties("AWS::ApiGatewayV2::Api", Map.of("Tags", Map.of("team", "realtime",
        "cost-center", "42")));
  }

  @Test
  void staysNagCleanAndEnvironmentAgnostic() {
    assertThat(CdkNagTest.errors(s.annotations())).isEmpty();
    assertThat(s.stack().getRegion()).startsWith("${Token");
  }

  private static Map<String, Map<String, Object>> functions() {
    return json.ofType("AWS::Lambda::Function");
  }

  private static Map<String, Object> function(String handlerClass) {
    return functions().values().stream().filter(f -> String.valueOf(props(f).get("Handler")).contains(
        "." + handlerClass + "::")).findFirst().orElseThrow();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> env(Map<String, Object> f) {
    return (Map<String, Object>) ((Map<String, Object>) props(f).get("Environment")).get("Variables");
  }
}
