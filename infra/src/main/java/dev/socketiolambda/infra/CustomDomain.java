package dev.socketiolambda.infra;

import java.util.Objects;
import software.amazon.awscdk.services.certificatemanager.ICertificate;

/**
 * A custom domain for the WebSocket API (regional endpoint, TLS 1.2) and the API mapping key that
 * puts the stage under a path.
 *
 * <p>With the default key {@value #DEFAULT_MAPPING_KEY}, API Gateway routes
 * {@code wss://<domain>/socket.io/...} to the stage, which is exactly the path socket.io-client
 * asks for by default: {@code io("wss://<domain>", { transports: ["websocket"] })} works without a
 * {@code path} option. With an empty key the stage sits at the root and clients use
 * {@code path: "/"}. Point a DNS record (CNAME or Route 53 alias) at the domain's regional target
 * name ({@code RegionalDomainName}); the construct does not manage DNS.
 *
 * @param domainName the host name clients connect to, e.g. {@code ws.example.com}
 * @param certificate an ACM certificate for that name, in the stack's region
 * @param apiMappingKey the path the stage is mapped under ({@code ""} for the root)
 */
public record CustomDomain(String domainName, ICertificate certificate, String apiMappingKey) {
  /** socket.io-client's default path, without slashes. */
  public static final String DEFAULT_MAPPING_KEY = "socket.io";

  public CustomDomain {
    Objects.requireNonNull(domainName, "domainName");
    Objects.requireNonNull(certificate, "certificate");
    if (domainName.isBlank()) {
      throw new IllegalArgumentException("custom domain name must not be blank");
    }
    apiMappingKey = apiMappingKey == null ? "" : apiMappingKey;
    if (apiMappingKey.startsWith("/") || apiMappingKey.endsWith("/")) {
      throw new IllegalArgumentException("API mapping key must not start or end with '/', was '" + apiMappingKey + "'");
    }
  }

  /** The domain mapped under {@value #DEFAULT_MAPPING_KEY}, so clients keep socket.io-client's default path. */
  public static CustomDomain of(String domainName, ICertificate certificate) {
    return new CustomDomain(domainName, certificate, DEFAULT_MAPPING_KEY);
  }

  /** The path option clients pass: {@code /socket.io} (the default, may be omitted) or {@code /<key>}. */
  public String clientPath() {
    return "/" + apiMappingKey;
  }
}
