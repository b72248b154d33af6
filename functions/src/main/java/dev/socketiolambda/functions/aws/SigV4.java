package dev.socketiolambda.functions.aws;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.regions.Region;

/**
 * The runtime's one SigV4 signing: a request for one AWS service in one region, signed with the SDK's
 * {@link AwsV4HttpSigner} (there for DynamoDB already) over the given credentials. {@link SignedCall}
 * and the broadcasts' management API poster sign here; each sends the signed request its own way.
 */
public final class SigV4 {
  private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

  private final AwsCredentialsProvider credentials;
  private final Region region;

  public SigV4(AwsCredentialsProvider credentials, Region region) {
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.region = Objects.requireNonNull(region, "region");
  }

  /** The credentials each request is signed with. */
  public AwsCredentialsProvider credentials() {
    return credentials;
  }

  public Region region() {
    return region;
  }

  /**
   * {@code method uri} with {@code headers} and {@code body}, signed for {@code service} (its signing
   * name, e.g. {@code "lambda"}, {@code "execute-api"}): the request's headers then carry
   * {@code Host}, {@code X-Amz-Date}, {@code Authorization} (and {@code X-Amz-Security-Token} for
   * temporary credentials). The credentials are resolved on each call (the provider caches them).
   */
  public SignedRequest sign(SdkHttpMethod method, URI uri, String service, Map<String, String> headers, byte[] body) {
    SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder().method(method).uri(uri);
    headers.forEach(request::putHeader);
    return SIGNER.sign(r -> r.identity(credentials.resolveCredentials()).request(request.build())
        .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
        .putProperty(AwsV4HttpSigner.REGION_NAME, region.id()));
  }
}
