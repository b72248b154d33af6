package dev.socketiolambda.infra;

import java.util.Objects;
import software.amazon.awscdk.services.apigatewayv2.IDomainName;
import software.amazon.awscdk.services.certificatemanager.ICertificate;
import software.amazon.awscdk.services.route53.IHostedZone;

/**
 * A custom domain for the WebSocket API (regional endpoint, TLS 1.2) and the API mapping key that
 * puts the stage under a path: a new API Gateway domain name ({@link #of}), or one that already
 * exists ({@link #existing}, e.g. shared by several APIs or stages), and optionally the Route 53
 * alias record ({@link #withRecord}).
 *
 * <p>With the default key {@value #DEFAULT_MAPPING_KEY}, API Gateway routes
 * {@code wss://<domain>/socket.io/...} to the stage, which is exactly the path socket.io-client
 * asks for by default: {@code io("wss://<domain>", { transports: ["websocket"] })} works without a
 * {@code path} option. With an empty key the stage sits at the root and clients use
 * {@code path: "/"}. Without a hosted zone, point a DNS record (CNAME or alias) at the
 * {@code CustomDomainTarget} output.
 *
 * @param domainName the host name clients connect to, e.g. {@code ws.example.com}
 * @param certificate an ACM certificate for that name, in the stack's region; null with {@code existing}
 * @param apiMappingKey the path the stage is mapped under ({@code ""} for the root)
 * @param existing an existing API Gateway domain name to map the stage on, or null to create one
 * @param hostedZone the Route 53 zone in which to create an alias record for the domain, or null for none
 */
public record CustomDomain(String domainName, ICertificate certificate, String apiMappingKey, IDomainName existing,
    IHostedZone hostedZone) {
  /** socket.io-client's default path, without slashes. */
  public static final String DEFAULT_MAPPING_KEY = "socket.io";

  public CustomDomain {
    Objects.requireNonNull(domainName, "domainName");
    if (domainName.isBlank()) {
      throw new IllegalArgumentException("custom domain name must not be blank");
    }
    if ((certificate == null) == (existing == null)) {
      throw new IllegalArgumentException("custom domain " + domainName + ": give a certificate (a new domain name) "
          + "or an existing domain name, not both and not neither");
    }
    apiMappingKey = apiMappingKey == null ? "" : apiMappingKey;
    if (apiMappingKey.startsWith("/") || apiMappingKey.endsWith("/")) {
      throw new IllegalArgumentException("API mapping key must not start or end with '/', was '" + apiMappingKey + "'");
    }
  }

  /** A new domain name with this certificate, the stage mapped under {@code apiMappingKey}. */
  public CustomDomain(String domainName, ICertificate certificate, String apiMappingKey) {
    this(domainName, Objects.requireNonNull(certificate, "certificate"), apiMappingKey, null, null);
  }

  /** A new domain mapped under {@value #DEFAULT_MAPPING_KEY}, so clients keep socket.io-client's default path. */
  public static CustomDomain of(String domainName, ICertificate certificate) {
    return new CustomDomain(domainName, certificate, DEFAULT_MAPPING_KEY);
  }

  /**
   * An API Gateway domain name that already exists (for example
   * {@code DomainName.fromDomainNameAttributes(...)}); the construct adds only the API mapping.
   */
  public static CustomDomain existing(IDomainName domain, String apiMappingKey) {
    Objects.requireNonNull(domain, "domain");
    return new CustomDomain(domain.getName(), null, apiMappingKey, domain, null);
  }

  /** The same domain, plus a Route 53 alias record (A) for it in {@code zone}. */
  public CustomDomain withRecord(IHostedZone zone) {
    return new CustomDomain(domainName, certificate, apiMappingKey, existing, Objects.requireNonNull(zone, "zone"));
  }

  /** The path option clients pass: {@code /socket.io} (the default, may be omitted) or {@code /<key>}. */
  public String clientPath() {
    return "/" + apiMappingKey;
  }

  /** The management endpoint through this domain: {@code https://<domain>/<key>} (the root when the key is empty). */
  public String managementEndpoint() {
    return "https://" + domainName + (apiMappingKey.isEmpty() ? "" : "/" + apiMappingKey);
  }
}
