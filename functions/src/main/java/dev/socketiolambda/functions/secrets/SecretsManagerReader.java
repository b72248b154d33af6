package dev.socketiolambda.functions.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.socketiolambda.functions.aws.AwsCallException;
import dev.socketiolambda.functions.aws.SignedCall;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * Reads secrets with one {@code GetSecretValue} each, a signed call in Secrets Manager's JSON 1.1
 * protocol (the function role needs {@code secretsmanager:GetSecretValue} on those secrets only).
 * Values are never logged nor put in exception messages.
 */
public final class SecretsManagerReader implements SecretReader {
  private static final Map<String, String> HEADERS = Map.of("X-Amz-Target", "secretsmanager.GetSecretValue",
      "Content-Type", "application/x-amz-json-1.1");
  private final SignedCall call;
  private final URI endpoint;

  public SecretsManagerReader(SignedCall call, URI endpoint) {
    this.call = call;
    this.endpoint = endpoint;
  }

  /**
   * A reader on this HTTP client (the runtime's URL-connection client).
   *
   * @param endpoint an endpoint override (tests), or null for the region's
   */
  public static SecretsManagerReader create(SdkHttpClient http, Region region, AwsCredentialsProvider credentials,
      URI endpoint) {
    SignedCall call = new SignedCall(http, credentials, region);
    return new SecretsManagerReader(call, endpoint != null ? endpoint : call.endpoint("secretsmanager", "Secrets Manager"));
  }

  @Override
  public String read(String secretId) {
    SignedCall.Reply reply;
    try {
      reply = call.post(endpoint, "secretsmanager", HEADERS,
          JsonNodeFactory.instance.objectNode().put("SecretId", secretId).toString());
      if (!reply.ok()) {
        throw reply.failure("GetSecretValue");
      }
    } catch (AwsCallException e) {
      throw new IllegalArgumentException("cannot read secret " + secretId + ": " + e.getMessage(), e);
    }
    JsonNode value = reply.json();
    String text = value.hasNonNull("SecretString") ? value.get("SecretString").asText()
        : !value.hasNonNull("SecretBinary") ? null
        : new String(Base64.getDecoder().decode(value.get("SecretBinary").asText()), StandardCharsets.UTF_8);
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("secret " + secretId + " is empty");
    }
    return text;
  }
}
