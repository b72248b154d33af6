package dev.socketiolambda.infra;

import java.util.function.Function;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/** The stack {@link InfraApp} deploys: one {@link SocketIoLambda}, nothing else. */
public class SocketIoLambdaStack extends Stack {
  private final SocketIoLambda socketIo;

  public SocketIoLambdaStack(Construct scope, String id, StackProps stackProps, SocketIoLambdaProps props) {
    this(scope, id, stackProps, stack -> props);
  }

  /** With props built inside the stack, for props that import resources (topics, certificates, functions). */
  public SocketIoLambdaStack(Construct scope, String id, StackProps stackProps,
      Function<Stack, SocketIoLambdaProps> props) {
    super(scope, id, stackProps);
    this.socketIo = new SocketIoLambda(this, "SocketIo", props.apply(this));
  }

  public SocketIoLambda getSocketIo() {
    return socketIo;
  }
}
