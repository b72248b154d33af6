package dev.socketiolambda.functions.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.functions.SocketIoLambdaException;
import dev.socketiolambda.functions.stream.StreamRecord.EventName;
import dev.socketiolambda.protocol.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RulesTest {
  private static final String BASE = "{\"name\":\"order-status\",\"table\":\"orders\",\"event\":\"order:status:update\","
      + "\"rooms\":[\"user:${customerId}\"]}";

  /** A file with the base rule, one field replaced (or removed when value is null). */
  private static String with(String field, String value) {
    ObjectNode rule = (ObjectNode) Json.parse(BASE);
    if (value == null) {
      rule.remove(field);
    } else {
      rule.set(field, Json.parse(value));
    }
    return "{\"rules\":[" + Json.write(rule) + "]}";
  }

  private static void assertRejected(String json, String message) {
    assertThatThrownBy(() -> Rules.load(json))
        .isInstanceOf(RuleException.class)
        .isInstanceOf(SocketIoLambdaException.class)
        .hasMessage(message);
  }

  @Test
  void loadsTheBriefExample() {
    Rules rules = Rules.load("{\"rules\":[{\"name\":\"order-status\",\"table\":\"orders\",\"on\":[\"MODIFY\"],"
        + "\"when\":{\"changed\":[\"status\"]},\"namespace\":\"/orders\",\"event\":\"order:status:update\","
        + "\"rooms\":[\"user:${customerId}\",\"order:${orderId}\",\"role:admin\"],\"except\":[],"
        + "\"payload\":{\"attributes\":[\"orderId\",\"status\",\"updatedAt\"],\"rename\":{\"status\":\"newStatus\"},"
        + "\"envelope\":{\"type\":\"order.status\",\"includeId\":true}}}],"
        + "\"tables\":{\"orders\":{\"partitionKey\":\"orderId\",\"sortKey\":null}}}");
    Rule r = rules.rules().get(0);
    assertThat(r.name()).isEqualTo("order-status");
    assertThat(r.table()).isEqualTo("orders");
    assertThat(r.on()).containsExactly(EventName.MODIFY);
    assertThat(r.namespace()).isEqualTo("/orders");
    assertThat(r.event()).isEqualTo("order:status:update");
    assertThat(r.rooms()).containsExactly("user:${customerId}", "order:${orderId}", "role:admin");
    assertThat(r.except()).isEmpty();
    assertThat(r.broadcast()).isFalse();
    assertThat(r.volatileEmit()).isFalse();
    assertThat(rules.tables()).containsExactly(new DomainTable("orders", "orderId", null));
    assertThat(rules.forTable("orders")).containsExactly(r);
    assertThat(rules.forTable("other")).isEmpty();
    assertThat(rules.rule("order-status")).contains(r);
  }

  @Test
  void appliesDefaults() {
    Rule r = Rules.load(with("name", null)).rules().get(0);
    assertThat(r.name()).isEqualTo("#1");
    assertThat(r.on()).containsExactlyInAnyOrder(EventName.INSERT, EventName.MODIFY, EventName.REMOVE);
    assertThat(r.namespace()).isEqualTo("/");
    assertThat(Rules.load("{\"rules\":[]}").rules()).isEmpty();
    assertThat(Rules.none().rules()).isEmpty();
    assertThat(Rules.none().tables()).isEmpty();
  }

  @Test
  void readsTableKeyTypes() {
    Rules rules = Rules.load("{\"rules\":[],\"tables\":{"
        + "\"supportQueries\":{\"partitionKey\":\"vendorId\",\"sortKey\":\"queryId\"},"
        + "\"metrics\":{\"partitionKey\":\"day\",\"partitionKeyType\":\"N\",\"sortKey\":\"at\",\"sortKeyType\":\"N\"}}}");
    assertThat(rules.tables()).containsExactly(
        new DomainTable("supportQueries", "vendorId", "queryId", "S", "S"),
        new DomainTable("metrics", "day", "at", "N", "N"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      // field | value (null removes it) | message
      "rooms | []                   | rule 'order-status': field 'rooms' must be a non-empty array of strings",
      "rooms | \"user:1\"           | rule 'order-status': field 'rooms' must be a non-empty array of strings",
      "rooms | [1]                  | rule 'order-status': field 'rooms' must be a non-empty array of strings; rooms[0] is a number",
      "rooms | [\"a\",\"\"]        | rule 'order-status': field 'rooms' must be a non-empty array of strings; rooms[1] is empty",
      "rooms |                      | rule 'order-status': missing 'rooms' (or set \"broadcast\": true to reach every socket of the namespace)",
      "rooms | [\"user:${customerId\"] | rule 'order-status': field 'rooms[0]': unclosed '${' at position 5 in 'user:${customerId'",
      "rooms | [\"a\",\"user:${}\"] | rule 'order-status': field 'rooms[1]': empty '${}' at position 5 in 'user:${}'",
      "rooms | [\"${a..b}\"]        | rule 'order-status': field 'rooms[0]': attribute path 'a..b' has an empty segment at position 0 in '${a..b}'",
      "rooms | [\"${a${b}}\"]       | rule 'order-status': field 'rooms[0]': nested '${' at position 0 in '${a${b}}'",
      "except | [\"x:${\"]          | rule 'order-status': field 'except[0]': unclosed '${' at position 2 in 'x:${'",
      "except | \"x\"               | rule 'order-status': field 'except' must be an array of strings",
      "event |                      | rule 'order-status': missing 'event'",
      "event | \"\"                 | rule 'order-status': field 'event' must be a non-empty string",
      "event | \"disconnect\"       | rule 'order-status': field 'event': 'disconnect' is reserved by Socket.IO (connect, connect_error, disconnect, disconnecting, newListener, removeListener)",
      "table |                      | rule 'order-status': missing 'table'",
      "table | \"ab\"               | rule 'order-status': field 'table' must be a DynamoDB table name (3 to 255 of a-z, A-Z, 0-9, '_', '-', '.'), was \"ab\"",
      "on    | [\"UPDATE\"]         | rule 'order-status': field 'on': \"UPDATE\" is not one of INSERT, MODIFY, REMOVE",
      "on    | [\"insert\"]         | rule 'order-status': field 'on': \"insert\" is not one of INSERT, MODIFY, REMOVE",
      "on    | []                   | rule 'order-status': field 'on' must be a non-empty array of INSERT, MODIFY, REMOVE",
      "namespace | \"orders\"       | rule 'order-status': field 'namespace' must start with '/', was 'orders'",
      "namespace | \"/a,b\"         | rule 'order-status': field 'namespace' must not contain ',' or blanks, was '/a,b'",
      "namespace | 1                | rule 'order-status': field 'namespace' must be a string starting with '/'",
      "roomz | []                   | rule 'order-status': unknown field 'roomz' (known: name, description, table, on, when, namespace, event, rooms, broadcast, except, payload, volatile, idArgument)",
      "broadcast | true             | rule 'order-status': 'rooms' and \"broadcast\": true exclude each other (broadcast reaches every socket of the namespace)",
      "broadcast | \"yes\"          | rule 'order-status': field 'broadcast' must be true or false",
      "volatile | 1                 | rule 'order-status': field 'volatile' must be true or false",
      "when  | []                   | rule 'order-status': field 'when' must be an object (changed, equals, exists, notExists)",
      "when  | {\"changes\":[\"a\"]} | rule 'order-status': unknown condition 'when.changes' (known: changed, equals, exists, notExists)",
      "when  | {\"changed\":[]}     | rule 'order-status': field 'when.changed' must be a non-empty array of attribute names",
      "when  | {\"changed\":\"status\"} | rule 'order-status': field 'when.changed' must be a non-empty array of attribute names",
      "when  | {\"exists\":[1]}     | rule 'order-status': field 'when.exists' must be a non-empty array of attribute names; 1 is not a string",
      "when  | {\"notExists\":[\"a.\"]} | rule 'order-status': field 'when.notExists': attribute path 'a.' has an empty segment",
      "when  | {\"equals\":{}}      | rule 'order-status': field 'when.equals' must be a non-empty object of attribute -> value",
      "payload | []                 | rule 'order-status': field 'payload' must be an object (attributes, rename, envelope)",
      "payload | {\"fields\":[]}    | rule 'order-status': unknown field 'payload.fields' (known: attributes, rename, envelope)",
      "payload | {\"attributes\":[]} | rule 'order-status': field 'payload.attributes' must be a non-empty array of attribute names",
      "payload | {\"attributes\":[\"a\",\"a\"]} | rule 'order-status': field 'payload.attributes': 'a' is listed twice",
      "payload | {\"attributes\":[\"a\"],\"rename\":{\"b\":\"c\"}} | rule 'order-status': field 'payload.rename': 'b' is not a top-level name in 'payload.attributes'",
      "payload | {\"attributes\":[\"a\",\"b\"],\"rename\":{\"a\":\"b\"}} | rule 'order-status': field 'payload.rename': two attributes would both be named 'b'",
      "payload | {\"rename\":{\"a\":\"\"}} | rule 'order-status': field 'payload.rename': 'a' must map to a non-empty string",
      "payload | {\"rename\":[]}     | rule 'order-status': field 'payload.rename' must be a non-empty object of attribute -> new name",
      "payload | {\"envelope\":\"x\"} | rule 'order-status': field 'payload.envelope' must be an object ({type, includeId}) or a boolean",
      "payload | {\"envelope\":{\"kind\":\"x\"}} | rule 'order-status': unknown field 'payload.envelope.kind' (known: type, includeId)",
      "payload | {\"envelope\":{\"type\":\"\"}} | rule 'order-status': field 'payload.envelope.type' must be a non-empty string",
      "payload | {\"envelope\":{\"includeId\":\"yes\"}} | rule 'order-status': field 'payload.envelope.includeId' must be true or false",
      "name  | \"\"                 | rule #1: field 'name' must be a non-empty string",
      "name  | 7                    | rule #1: field 'name' must be a non-empty string",
      "name  | \"a/b\"              | rule #1: field 'name' must not contain '/' (it is part of event ids), was 'a/b'",
      "description | 1            | rule 'order-status': field 'description' must be a string",
  })
  void rejectsBadFieldsNamingTheRuleAndField(String field, String value, String message) {
    assertRejected(with(field, value), message);
  }

  @Test
  void namesUnnamedRulesByPosition() {
    assertRejected("{\"rules\":[" + BASE + ",{\"table\":\"orders\",\"rooms\":[\"a\"]}]}", "rule #2: missing 'event'");
    assertRejected("{\"rules\":[" + BASE + ",42]}", "rule #2: must be an object, was a number");
  }

  @Test
  void rejectsDuplicateRuleNames() {
    assertRejected("{\"rules\":[" + BASE + ",{\"table\":\"orders\",\"event\":\"x\",\"rooms\":[\"a\"]}," + BASE + "]}",
        "rule #3: duplicate name 'order-status' (also rule #1)");
  }

  @Test
  void rejectsBadFilesAsAWhole() {
    assertRejected("{\"rules\":[\n  {\"name\": \"a\",}\n]}", "invalid JSON at line 2, column 16: Unexpected "
        + "character ('}' (code 125)): was expecting double-quote to start field name");
    assertThatThrownBy(() -> Rules.load("{\"rules\": [")).isInstanceOf(RuleException.class)
        .hasMessageStartingWith("invalid JSON at line 1, column 12: Unexpected end-of-input");
    assertRejected("", "invalid JSON: no value");
    assertRejected("[]", "a rule file is a JSON object with a 'rules' array, was an array");
    assertRejected("{}", "missing 'rules' (an array of rule objects, may be empty)");
    assertRejected("{\"rules\":{}}", "field 'rules' must be an array of rule objects, was an object");
    assertRejected("{\"rules\":[],\"rulez\":[]}", "unknown top-level field 'rulez' (known: rules, tables, description)");
  }

  @Test
  void rejectsBadTables() {
    assertRejected("{\"rules\":[],\"tables\":[]}", "field 'tables' must be an object of table name -> {partitionKey, sortKey}");
    assertRejected("{\"rules\":[],\"tables\":{\"orders\":{}}}", "table 'orders': field 'partitionKey' must be a non-empty string");
    assertRejected("{\"rules\":[],\"tables\":{\"orders\":{\"partitionKey\":\"id\",\"sortKey\":5}}}",
        "table 'orders': field 'sortKey' must be a non-empty string or null");
    assertRejected("{\"rules\":[],\"tables\":{\"orders\":{\"partitionKey\":\"id\",\"sortKey\":\"id\"}}}",
        "table 'orders': 'sortKey' and 'partitionKey' must differ");
    assertRejected("{\"rules\":[],\"tables\":{\"orders\":{\"partitionKey\":\"id\",\"partitionKeyType\":\"X\"}}}",
        "table 'orders': field 'partitionKeyType' must be \"S\", \"N\" or \"B\", was \"X\"");
    assertRejected("{\"rules\":[],\"tables\":{\"orders\":{\"partitionKey\":\"id\",\"sortKeyType\":\"N\"}}}",
        "table 'orders': field 'sortKeyType' given without a 'sortKey'");
    assertRejected("{\"rules\":[],\"tables\":{\"orders\":{\"partitionKey\":\"id\",\"ttl\":\"x\"}}}",
        "table 'orders': unknown field 'ttl' (known: partitionKey, sortKey, partitionKeyType, sortKeyType)");
    assertRejected("{\"rules\":[],\"tables\":{\"o\":{\"partitionKey\":\"id\"}}}",
        "table 'o': not a DynamoDB table name (3 to 255 of a-z, A-Z, 0-9, '_', '-', '.')");
  }

  @Test
  void rulesMustUseDeclaredTablesWhenTablesAreDeclared() {
    assertRejected("{\"tables\":{\"orders\":{\"partitionKey\":\"orderId\"},\"payments\":{\"partitionKey\":\"id\"}},"
        + "\"rules\":[{\"name\":\"x\",\"table\":\"order\",\"event\":\"e\",\"rooms\":[\"a\"]}]}",
        "rule 'x': table 'order' is not declared in 'tables' (declared: orders, payments)");
  }

  @Test
  void loadsFromFilesAndTheClasspathNamingTheSourceInErrors(@TempDir Path dir) throws IOException {
    Path good = dir.resolve("rules.json");
    Files.writeString(good, with("name", "\"from-file\""));
    assertThat(Rules.fromFile(good).rules().get(0).name()).isEqualTo("from-file");
    assertThat(Rules.fromLocation(good.toString()).rules()).hasSize(1);

    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, with("rooms", "[]"));
    assertThatThrownBy(() -> Rules.fromFile(bad)).isInstanceOf(RuleException.class)
        .hasMessage(bad + ": rule 'order-status': field 'rooms' must be a non-empty array of strings");
    assertThatThrownBy(() -> Rules.fromFile(dir.resolve("none.json"))).isInstanceOf(RuleException.class)
        .hasMessage(dir.resolve("none.json") + ": no such rule file");

    assertThat(Rules.fromClasspath("stream/orders-rules.json").rules()).hasSize(5);
    assertThat(Rules.fromClasspath("/stream/orders-rules.json").rules()).hasSize(5);
    assertThat(Rules.fromLocation("classpath:stream/orders-rules.json").rules()).hasSize(5);
    assertThatThrownBy(() -> Rules.fromClasspath("stream/missing.json")).isInstanceOf(RuleException.class)
        .hasMessage("classpath:stream/missing.json: no such rule file on the classpath");
  }

  @Test
  void loadsEveryExampleRuleFile() {
    assertThat(Rules.fromClasspath("stream/orders-rules.json").tables()).extracting(DomainTable::name)
        .containsExactly("orders", "businesses", "payments");
    assertThat(Rules.fromClasspath("stream/support-rules.json").tables())
        .containsExactly(new DomainTable("supportQueries", "vendorId", "queryId"));
    assertThat(Rules.fromClasspath("stream/storefront-rules.json").rules()).extracting(Rule::name)
        .containsExactly("product-created", "stock-changed", "stock-out", "price-changed", "product-deleted");
    assertThat(Rules.fromClasspath("stream/tickets-rules.json").rules()).extracting(Rule::namespace)
        .containsOnly("/");
  }
}
