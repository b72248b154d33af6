package dev.socketiolambda.functions.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketiolambda.functions.testing.RecordingGateway;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

class GatewayProviderTest {
  @Test
  void buildsOneGatewayPerEndpointAndKeepsIt() {
    List<String> built = new ArrayList<>();
    GatewayProvider provider = new GatewayProvider(endpoint -> {
      built.add(endpoint);
      return new RecordingGateway();
    });

    Gateway a = provider.forEndpoint("https://a.example/dev");
    Gateway again = provider.forEndpoint("https://a.example/dev");
    Gateway b = provider.forEndpoint("https://b.example/dev");

    assertThat(again).isSameAs(a);
    assertThat(b).isNotSameAs(a);
    assertThat(built).containsExactly("https://a.example/dev", "https://b.example/dev");
  }

  @Test
  void refusesAnUnknownEndpoint() {
    GatewayProvider provider = new GatewayProvider(endpoint -> new RecordingGateway());

    assertThatThrownBy(() -> provider.forEndpoint(null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("management endpoint is unknown");
    assertThatThrownBy(() -> provider.forEndpoint("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sdkProviderBuildsManagementApiGateways() {
    GatewayProvider provider = GatewayProvider.sdk(UrlConnectionHttpClient.builder().build(), Region.US_EAST_1,
        AnonymousCredentialsProvider.create());

    assertThat(provider.forEndpoint("https://abc.execute-api.us-east-1.amazonaws.com/dev"))
        .isInstanceOf(ManagementApiGateway.class);
  }
}
