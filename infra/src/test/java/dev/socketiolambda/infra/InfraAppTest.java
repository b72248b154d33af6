package dev.socketiolambda.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;

/** Which stack {@link InfraApp} builds for the context it is given. */
class InfraAppTest {

  @Test
  void withoutAnExampleItIsTheDemoStack() {
    Stack stack = Stacks.app().stack();
    assertThat(stack).isInstanceOf(SocketIoLambdaStack.class);
    assertThat(stack.getStackName()).isEqualTo(InfraApp.STACK_NAME);
    assertThat(Stacks.app().socketIo().getProps().appClass()).isEqualTo(InfraApp.DEFAULT_APP);
  }

  @Test
  void theChatExampleIsTheChatStackRunningChatApp() {
    Stack stack = Stacks.chat().stack();
    assertThat(stack).isInstanceOf(BundleStack.class);
    assertThat(stack.getStackName()).isEqualTo(InfraApp.CHAT_STACK_NAME);
    assertThat(stack.getNode().getRoot().getNode().getChildren()).filteredOn(c -> c instanceof Stack)
        .containsExactly(stack); // the chat stack instead of the demo stack, not next to it
    assertThat(Stacks.chat().socketIo().getProps().appClass()).isEqualTo("chat");
    assertThat(Stacks.chat().template().toJSON()).isNotEmpty();
  }

  @Test
  void theChatExampleTakesTheSharedSettingsAndIgnoresSocketioApp() {
    // cdk.json always sets socketio:app (the demo's class): the chat stack runs ChatApp regardless
    App app = new App(AppProps.builder().context(Map.of(
        InfraApp.EXAMPLE_CONTEXT, "chat",
        "socketio:app", InfraApp.DEFAULT_APP,
        "socketio:stage", "chat",
        "socketio:memory", "2048",
        "socketio:removalPolicy", "retain")).build());
    BundleStack stack = (BundleStack) InfraApp.createStack(app);
    SocketIoLambdaProps props = stack.getSocketIo().getProps();
    assertThat(props.appClass()).isEqualTo("chat");
    assertThat(props.stageName()).isEqualTo("chat");
    assertThat(props.memorySize()).isEqualTo(2048);
    assertThat(props.environment()).containsKeys("CHAT_TABLE", "AUTH_JWT_SECRET_ARN");
    assertThat(props.removalPolicy()).isEqualTo(RemovalPolicy.RETAIN);
  }

  @Test
  void anUnknownExampleFailsAndNamesTheKnownOnes() {
    App app = new App(AppProps.builder().context(Map.of(InfraApp.EXAMPLE_CONTEXT, "todo")).build());
    assertThatThrownBy(() -> InfraApp.createStack(app))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(InfraApp.EXAMPLE_CONTEXT)
        .hasMessageContaining("'todo'")
        .hasMessageMatching("(?s).*\\[(.*, )?chat(, .*)?\\].*") // every registered bundle, chat among them
        .hasMessageContaining(InfraApp.STACK_NAME);
    assertThat(app.getNode().getChildren()).noneMatch(c -> c instanceof Stack);
  }
}
