package dev.socketiolambda.functions.auth;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import java.net.MalformedURLException;
import java.net.URI;
import java.time.Duration;

/**
 * The signing keys behind a JWKS URL, fetched on first use and cached in the warm function. A token
 * whose {@code kid} is not in the cached set triggers one refetch (key rotation), at most twice per
 * {@code minRefreshInterval} so forged key ids cannot make the function hammer the issuer. No
 * background threads (a frozen Lambda would not run them): refreshes happen in the calling request.
 */
public final class JwksSource {
  /** How long a fetched key set is used before it is fetched again. */
  public static final Duration DEFAULT_TIME_TO_LIVE = Duration.ofMinutes(10);
  public static final Duration DEFAULT_MIN_REFRESH_INTERVAL = Duration.ofSeconds(30);
  private static final int TIMEOUT_MS = 2_000;
  private static final int SIZE_LIMIT_BYTES = 64 * 1024;

  private JwksSource() {}

  /** The keys at {@code url} with the default cache time and refresh limit. */
  public static JWKSource<SecurityContext> fetching(URI url) {
    return fetching(url, DEFAULT_TIME_TO_LIVE, DEFAULT_MIN_REFRESH_INTERVAL);
  }

  public static JWKSource<SecurityContext> fetching(URI url, Duration timeToLive, Duration minRefreshInterval) {
    try {
      return JWKSourceBuilder.<SecurityContext>create(url.toURL(),
              new DefaultResourceRetriever(TIMEOUT_MS, TIMEOUT_MS, SIZE_LIMIT_BYTES))
          .cache(timeToLive.toMillis(), TIMEOUT_MS * 2L)
          .refreshAheadCache(false)
          .rateLimited(minRefreshInterval.toMillis())
          .retrying(true)
          .build();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("AUTH_JWKS_URL is not a URL: " + url, e);
    }
  }
}
