package dev.socketiolambda.functions.handler;

import dev.socketiolambda.functions.aws.SignedCall;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The open step started by an asynchronous Lambda {@code Invoke} ({@code InvocationType: Event}) of
 * the open function with {@code {"connectionId": ...}}: one signed POST to Lambda's
 * {@code /2015-03-31/functions/<function>/invocations}, which answers 202 once the event is queued.
 */
public final class AsyncInvoke implements OpenTrigger {
  private final SignedCall call;
  private final URI invocations;

  /**
   * @param endpoint Lambda's endpoint ({@code call.endpoint("lambda", "Lambda")})
   * @param function the open function's name or ARN (with its alias)
   */
  public AsyncInvoke(SignedCall call, URI endpoint, String function) {
    this.call = call;
    this.invocations = URI.create(endpoint.toString().replaceAll("/+$", "") + "/2015-03-31/functions/"
        + URLEncoder.encode(function, StandardCharsets.UTF_8) + "/invocations");
  }

  @Override
  public void trigger(String connectionId) {
    SignedCall.Reply reply = call.post(invocations, "lambda", Map.of("X-Amz-Invocation-Type", "Event",
        "Content-Type", "application/json"), "{\"connectionId\":\"" + connectionId + "\"}");
    if (!reply.ok()) {
      throw reply.failure("Lambda Invoke");
    }
  }
}
