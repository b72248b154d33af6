package dev.socketiolambda.functions.bundle;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;

/**
 * One of an application's DynamoDB tables: its {@code CreateTable} request (the one definition the
 * local stack sends and the CDK stack declares), the environment variable that carries its name to
 * the application, and whether its items expire ({@code ttlAttribute}, null for none).
 *
 * @param id a CloudFormation-safe identifier ({@code ChatTable})
 * @param nameVariable the environment variable of the table's name ({@code CHAT_TABLE})
 * @param defaultName the name the application uses when the variable is unset
 * @param definition the {@code CreateTable} request for a table name
 * @param ttlAttribute the TTL attribute, or null
 * @param access which functions may do what on it; null: read and write for the functions that
 *     run the application's listeners ({@code Default}, {@code Disconnect}, {@code Heartbeat})
 */
public record BundleTable(String id, String nameVariable, String defaultName,
    Function<String, CreateTableRequest> definition, String ttlAttribute, Access access) {
  public BundleTable {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(nameVariable, "nameVariable");
    Objects.requireNonNull(defaultName, "defaultName");
    Objects.requireNonNull(definition, "definition");
  }

  /** A table the listener functions read and write. */
  public BundleTable(String id, String nameVariable, String defaultName,
      Function<String, CreateTableRequest> definition, String ttlAttribute) {
    this(id, nameVariable, defaultName, definition, ttlAttribute, null);
  }

  /**
   * Least privilege on a table: the construct's functions ({@code Default}, ...) and the DynamoDB
   * actions ({@code dynamodb:UpdateItem}, ...) they are granted.
   */
  public record Access(List<String> functions, List<String> actions) {
    public Access {
      functions = List.copyOf(functions);
      actions = List.copyOf(actions);
    }
  }

  /** The table's name under these settings. */
  public String name(AppContext context) {
    return context.setting(nameVariable, defaultName);
  }
}
