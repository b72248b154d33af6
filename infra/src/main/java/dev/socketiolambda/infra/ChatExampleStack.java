package dev.socketiolambda.infra;

import dev.socketiolambda.examples.chat.ChatConfig;
import dev.socketiolambda.examples.chat.ChatTables;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * The team chat example ({@code examples/chat}) on AWS: the chat's DynamoDB table, a Secrets
 * Manager secret that holds the HS256 key of user tokens, and one {@link SocketIoLambda} that runs
 * {@value #APP_CLASS} from the chat's jar ({@link ChatArtifact}). {@link InfraApp} deploys it with
 * {@code -c socketio:example=chat}.
 *
 * <ul>
 *   <li><b>Table</b>: declared from {@link ChatTables#definition(String)} (the {@code CreateTable}
 *       request the local stack sends: {@code pk}/{@code sk}, the sparse GSI
 *       {@value ChatTables#BY_USER}, on-demand) through {@link StateTable#fromDefinition}, with
 *       point-in-time recovery, encryption under the AWS managed key and no TTL (chat items do not
 *       expire).</li>
 *   <li><b>Key</b>: a generated 64-character random string ({@value #SECRET_LENGTH} bytes, letters
 *       and digits). The functions get it as {@code AUTH_JWT_SECRET} through a CloudFormation
 *       dynamic reference ({@code {{resolve:secretsmanager:...}}}), so the template never holds the
 *       value and the functions' roles need no {@code secretsmanager:GetSecretValue}. Two things to
 *       know: whoever issues user tokens signs them with this same secret (read it with
 *       {@code aws secretsmanager get-secret-value}; the {@code JwtSecretArn} output names it), and
 *       Lambda stores the resolved value in each function's configuration, where anyone allowed
 *       {@code lambda:GetFunctionConfiguration} can read it. A new value reaches the functions only
 *       when CloudFormation updates them; it also invalidates every token issued with the old one,
 *       which is why the secret does not rotate automatically.</li>
 *   <li><b>Grants</b>: read/write on the chat table only for the roles of the functions that run the
 *       chat's listeners ({@link #LISTENER_FUNCTIONS}): {@code Default} (namespace CONNECT with its
 *       middleware and connection listener, every event, client DISCONNECT), {@code Disconnect}
 *       (disconnect listeners) and {@code Heartbeat} (disconnect listeners of connections it closes
 *       for ping or connect timeouts). {@code Connect} only stores the connection, {@code Open} only
 *       posts the open packet (no socket exists yet, so no listener runs), {@code FanOut} only posts
 *       broadcast shards: they get nothing. Every function still gets the chat's environment (the
 *       construct's {@code environment} goes to all of them), and {@code Connect} and {@code Open}
 *       need it: they build the runtime, which instantiates {@code ChatApp}, whose constructor
 *       requires {@code AUTH_JWT_SECRET}.</li>
 * </ul>
 */
public class ChatExampleStack extends Stack {
  /** The application the functions run. */
  public static final String APP_CLASS = "dev.socketiolambda.examples.chat.ChatApp";
  /** The construct's functions that run the chat's listeners: the only ones granted the chat table. */
  public static final List<String> LISTENER_FUNCTIONS = List.of("Default", "Disconnect", "Heartbeat");
  /** Length of the generated HS256 key (letters and digits: as many bytes; HS256 needs at least 32). */
  public static final int SECRET_LENGTH = 64;
  static final String SECRET_ROTATION_REASON = "The secret is the HS256 key of the chat's user tokens: the issuer "
      + "of the tokens signs with it and the functions verify with it (AUTH_JWT_SECRET, resolved by CloudFormation "
      + "at deploy time). An automatic rotation would invalidate every issued token at once, and the functions "
      + "would keep the old value until CloudFormation next updates them, so no client could connect. Rotate it "
      + "deliberately: put a new value, redeploy the functions, re-issue the tokens.";

  private final Table table;
  private final Secret jwtSecret;
  private final SocketIoLambda socketIo;

  /**
   * What the stack takes besides the chat itself.
   *
   * @param code the chat's Lambda code, or null for the {@link ChatArtifact} jar as an asset
   * @param removalPolicy of the chat table and the secret (the construct's resources follow the
   *     props {@code socketIo} returns; {@link InfraApp} sets both from {@code socketio:removalPolicy})
   * @param socketIo the construct's settings (stage, memory, alarms, more environment such as
   *     {@code AUTH_ISSUER}); the stack then sets {@code appClass}, {@code code},
   *     {@code CHAT_TABLE} and {@code AUTH_JWT_SECRET}
   */
  public record Options(Code code, RemovalPolicy removalPolicy,
      Function<Stack, SocketIoLambdaProps.Builder> socketIo) {
    public Options {
      Objects.requireNonNull(removalPolicy, "removalPolicy");
      Objects.requireNonNull(socketIo, "socketIo");
    }

    /** The chat jar from the build, data retained, the construct's defaults. */
    public static Options defaults() {
      return new Options(null, RemovalPolicy.RETAIN, stack -> SocketIoLambdaProps.builder());
    }
  }

  public ChatExampleStack(Construct scope, String id, StackProps stackProps) {
    this(scope, id, stackProps, Options.defaults());
  }

  public ChatExampleStack(Construct scope, String id, StackProps stackProps, Options options) {
    super(scope, id, stackProps);
    table = StateTable.fromDefinition(this, "ChatTable", ChatTables.definition(ChatConfig.DEFAULT_TABLE),
        new StateTable.Options(null, options.removalPolicy(), true, null, TableEncryption.AWS_MANAGED));

    jwtSecret = Secret.Builder.create(this, "JwtSecret")
        .description("socketio-lambda chat example: HS256 key of user tokens (AUTH_JWT_SECRET); token issuers "
            + "sign with it")
        .generateSecretString(SecretStringGenerator.builder()
            .passwordLength(SECRET_LENGTH)
            .excludePunctuation(true) // letters and digits: one byte per character, safe in shells and env
            .includeSpace(false)
            .build())
        .removalPolicy(options.removalPolicy())
        .build();
    NagSuppressions.addResourceSuppressions(jwtSecret, List.of(NagPackSuppression.builder()
        .id("AwsSolutions-SMG4").reason(SECRET_ROTATION_REASON).build()));

    Map<String, String> env = new LinkedHashMap<>();
    env.put("CHAT_TABLE", table.getTableName());
    // a {{resolve:secretsmanager:<arn>:SecretString:::}} reference: CloudFormation resolves it at deploy time
    env.put("AUTH_JWT_SECRET", jwtSecret.getSecretValue().unsafeUnwrap());
    env.put("AUTH_AUDIENCE", ChatConfig.DEFAULT_AUDIENCE); // required, as the chat did before the shared settings
    Code code = options.code() != null ? options.code() : Code.fromAsset(ChatArtifact.locate().toString());
    SocketIoLambdaProps props = options.socketIo().apply(this)
        .appClass(APP_CLASS)
        .code(code)
        .environment(env)
        .build();
    socketIo = new SocketIoLambda(this, "SocketIo", props);

    for (String name : LISTENER_FUNCTIONS) {
      table.grantReadWriteData(socketIo.getFunctions().get(name).role());
    }

    if (props.createOutputs()) {
      CfnOutput.Builder.create(this, "ChatTableName")
          .description("DynamoDB table of the chat (channels, memberships, messages, presence)")
          .value(table.getTableName())
          .build();
      CfnOutput.Builder.create(this, "JwtSecretArn")
          .description("Secrets Manager secret with the HS256 key of user tokens: "
              + "aws secretsmanager get-secret-value --secret-id <arn> --query SecretString --output text")
          .value(jwtSecret.getSecretArn())
          .build();
      CfnOutput.Builder.create(this, "ChatClientSnippet")
          .description("socket.io-client call for the chat; token: an HS256 JWT signed with the secret "
              + "(sub, name, exp, aud " + ChatConfig.DEFAULT_AUDIENCE + ")")
          .value(Fn.join("", List.of("io(\"", socketIo.getApi().getApiEndpoint(), "\", { path: \"/",
              props.stageName(), "\", transports: [\"websocket\"], auth: { token } })")))
          .build();
    }
  }

  /** The chat's table. */
  public Table getTable() {
    return table;
  }

  /** The secret that holds the HS256 key of user tokens. */
  public Secret getJwtSecret() {
    return jwtSecret;
  }

  public SocketIoLambda getSocketIo() {
    return socketIo;
  }
}
