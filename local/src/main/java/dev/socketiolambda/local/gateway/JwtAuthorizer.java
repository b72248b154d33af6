package dev.socketiolambda.local.gateway;

import java.util.Map;

/**
 * The emulator's stand-in for an HTTP API's JWT authorizer: verifies the bearer token of a request
 * and gives its claims, which events carry as {@code requestContext.authorizer.jwt.claims}
 * (arrays flattened to {@code "[a b]"} as API Gateway does). The auth module provides the real
 * verifier; requests it refuses are answered 401 without invoking the function.
 */
@FunctionalInterface
public interface JwtAuthorizer {

  /**
   * @param token the token of {@code Authorization: Bearer TOKEN} (null when the header is absent)
   * @return the verified claims
   * @throws Exception when the token is missing or does not verify
   */
  Map<String, Object> verify(String token) throws Exception;
}
