package dev.socketiolambda.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketiolambda.functions.server.EngineConfig;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.certificatemanager.ICertificate;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.lambda.Code;

class SocketIoLambdaPropsTest {
  private static final String APP = "dev.socketiolambda.functions.apps.DemoApp";

  @Test
  void defaultsAreTheRuntimeDefaultsWithAMaxPayloadApiGatewayAccepts() {
    SocketIoLambdaProps p = SocketIoLambdaProps.builder().appClass(APP).build();
    EngineConfig d = EngineConfig.DEFAULT;
    assertThat(p.engine()).isEqualTo(new EngineConfig(d.pingInterval(), d.pingTimeout(), 128 * 1024,
        d.connectTimeout(), d.defaultAckTimeout(), d.routeResponses(), d.fanoutConcurrency(), d.postAttempts(),
        d.openRetryMs()));
    assertThat(p.memorySize()).isEqualTo(1024);
    assertThat(p.stageName()).isEqualTo("prod");
    assertThat(p.snapStart()).isTrue();
    assertThat(p.heartbeatRate().toMinutes()).isEqualTo(1);
  }

  @Test
  void requiresAnApplicationClass() {
    assertThatThrownBy(() -> SocketIoLambdaProps.builder().build())
        .hasMessageContaining("appClass is required");
  }

  @Test
  void rejectsAPingTimeoutTheScheduleCannotMeet() {
    assertThatThrownBy(() -> SocketIoLambdaProps.builder().appClass(APP).pingTimeoutMs(30_000).build())
        .hasMessageContaining("pingTimeoutMs (30000) must exceed the heartbeat rate (60000 ms)");
  }

  @Test
  void rejectsAPingIntervalPastTheIdleTimeout() {
    assertThatThrownBy(() -> SocketIoLambdaProps.builder().appClass(APP).pingIntervalMs(560_000).build())
        .hasMessageContaining("10 minute idle timeout");
  }

  @Test
  void rejectsSubMinuteOrFractionalHeartbeatRates() {
    assertThatThrownBy(() -> SocketIoLambdaProps.builder().appClass(APP).heartbeatRate(Duration.seconds(30)).build())
        .hasMessageContaining("whole minutes");
  }

  @Test
  void passesTheRuntimesOwnValidationThrough() {
    assertThatThrownBy(() -> SocketIoLambdaProps.builder().appClass(APP).connectTimeoutMs(0).build())
        .hasMessageStartingWith("invalid Engine.IO settings");
  }

  @Test
  void rejectsStageNamesApiGatewayRefuses() {
    assertThatThrownBy(() -> SocketIoLambdaProps.builder().appClass(APP).stageName("socket.io").build())
        .hasMessageContaining("stageName");
  }

  @Test
  void domainStreamsMustHaveBoundedRetries() {
    App app = new App();
    Table t = Table.Builder.create(new Stack(app, "S"), "T")
        .partitionKey(Attribute.builder().name("id").type(AttributeType.STRING).build()).build();
    assertThatThrownBy(() -> DomainStream.builder().id("Orders").table(t).handler("a.B::handleRequest")
        .retryAttempts(-1).build()).hasMessageContaining("retryAttempts must be bounded");
  }

  @Test
  void aDomainTableWithoutAStreamIsRefusedWithAClearMessage() {
    App app = new App();
    Stack stack = new Stack(app, "S");
    Table noStream = Table.Builder.create(stack, "T")
        .partitionKey(Attribute.builder().name("id").type(AttributeType.STRING).build()).build();
    SocketIoLambdaProps props = SocketIoLambdaProps.builder().appClass(APP)
        .code(Code.fromAsset("src/test/resources/stream-stub"))
        .domainStream(DomainStream.builder().id("Orders").table(noStream).handler("a.B::handleRequest").build())
        .build();
    assertThatThrownBy(() -> new SocketIoLambda(stack, "SocketIo", props))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no stream");
  }

  @Test
  void customDomainMappingKeysHaveNoSlashesAndDefaultToSocketIo() {
    ICertificate cert = Certificate.fromCertificateArn(new Stack(new App(), "S"), "C",
        "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000000");
    assertThatThrownBy(() -> new CustomDomain("ws.example.com", cert, "/socket.io"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not start or end with '/'");
    assertThat(CustomDomain.of("ws.example.com", cert).clientPath()).isEqualTo("/socket.io");
    assertThat(new CustomDomain("ws.example.com", cert, null).clientPath()).isEqualTo("/");
  }
}
