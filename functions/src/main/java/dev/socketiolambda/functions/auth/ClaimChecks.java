package dev.socketiolambda.functions.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** The checks on a signed token's claims (times with the clock skew, issuer, audience, user id, roles). */
final class ClaimChecks {
  private final AuthSettings settings;
  private final long skew;

  ClaimChecks(AuthSettings settings) {
    this.settings = settings;
    this.skew = settings.clockSkew().toSeconds();
  }

  Principal principal(JWTClaimsSet claims, long nowSeconds) {
    long exp = seconds(claims.getExpirationTime());
    if (exp == Long.MIN_VALUE) {
      throw new InvalidTokenException("the token has no expiry (exp)");
    }
    if (nowSeconds > exp + skew) {
      throw new InvalidTokenException("token expired");
    }
    long nbf = seconds(claims.getNotBeforeTime());
    if (nbf != Long.MIN_VALUE && nowSeconds + skew < nbf) {
      throw new InvalidTokenException("token not valid yet");
    }
    long iat = seconds(claims.getIssueTime());
    if (iat != Long.MIN_VALUE && nowSeconds + skew < iat) {
      throw new InvalidTokenException("token issued in the future (iat)");
    }
    checkLifetime(exp, iat != Long.MIN_VALUE ? iat : nbf);
    if (settings.issuer() != null && !settings.issuer().equals(claims.getIssuer())) {
      throw new InvalidTokenException("wrong issuer");
    }
    if (!settings.audiences().isEmpty() && (claims.getAudience() == null
        || claims.getAudience().stream().noneMatch(settings.audiences()::contains))) {
      throw new InvalidTokenException("wrong audience");
    }
    Object user = claims.getClaim(settings.userClaim());
    if (!(user instanceof String id) || id.isBlank()) {
      throw new InvalidTokenException("the token names no user id (" + settings.userClaim() + ")");
    }
    Map<String, Object> all = new LinkedHashMap<>();
    claims.getClaims().forEach((k, v) -> {
      if (v != null) {
        all.put(k, v instanceof Date d ? d.getTime() / 1000 : v);
      }
    });
    return new Principal(id, roles(claims.getClaim(settings.rolesClaim())), Instant.ofEpochSecond(exp), all);
  }

  private void checkLifetime(long exp, long start) {
    if (settings.maxTokenLifetime() == null) {
      return;
    }
    if (start == Long.MIN_VALUE) {
      throw new InvalidTokenException("the token has no issue time (iat), needed to check its lifetime");
    }
    long max = settings.maxTokenLifetime().toSeconds();
    if (exp - start > max) {
      throw new InvalidTokenException("token lifetime of " + (exp - start) + "s exceeds the maximum of " + max + "s");
    }
  }

  private Set<String> roles(Object value) {
    if (value == null) {
      return Set.of();
    }
    if (value instanceof Collection<?> list) {
      Set<String> roles = new LinkedHashSet<>();
      for (Object r : list) {
        if (!(r instanceof String s)) {
          throw rolesNotStrings();
        }
        roles.add(s);
      }
      return roles;
    }
    throw rolesNotStrings();
  }

  private InvalidTokenException rolesNotStrings() {
    return new InvalidTokenException("the roles claim (" + settings.rolesClaim() + ") must be an array of strings");
  }

  private static long seconds(Date date) {
    return date == null ? Long.MIN_VALUE : date.getTime() / 1000;
  }
}
