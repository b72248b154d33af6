package dev.socketiolambda.local.dynamo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTimeToLiveResponse;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

@Timeout(120)
class EmbeddedDynamoDbTest {

    private static EmbeddedDynamoDb db;
    private static long startMillis;

    @BeforeAll
    static void startServer() {
        long t0 = System.nanoTime();
        db = EmbeddedDynamoDb.start(0);
        startMillis = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("EmbeddedDynamoDb.start(0) took " + startMillis + " ms: " + db);
    }

    @AfterAll
    static void stopServer() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void listensOnLoopbackOnly() throws Exception {
        assertThat(db.port()).isPositive();
        assertThat(db.endpoint().toString()).isEqualTo("http://127.0.0.1:" + db.port());

        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), db.port()), 2000);
            assertThat(socket.isConnected()).isTrue();
        }
        // On Linux the kernel's socket tables tell the bound address (hex, little-endian words):
        // 127.0.0.1 is 0100007F, or ::ffff:127.0.0.1 on an IPv6 socket.
        String portHex = String.format("%04X", db.port());
        List<String> listening = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.isReadable(path)) {
                continue;
            }
            Files.readAllLines(path).stream()
                    .map(line -> line.trim().split("\\s+"))
                    .filter(f -> f.length > 3 && f[3].equals("0A") && f[1].endsWith(":" + portHex))
                    .forEach(f -> listening.add(f[1]));
        }
        if (Files.isReadable(Path.of("/proc/net/tcp"))) {
            assertThat(listening).isNotEmpty().allMatch(address ->
                    address.equals("0100007F:" + portHex)
                            || address.equals("0000000000000000FFFF00000100007F:" + portHex));
        }
    }

    @Test
    void bothSqliteLoadersUseTheConfiguredLibrary() throws Exception {
        if (SqliteNativeLibrary.Platform.detect(System.getProperty("os.name"), System.getProperty("os.arch"))
                != SqliteNativeLibrary.Platform.LINUX_AMD64) {
            return; // the check below reads /proc; other platforms only need start() to work
        }
        assertThat(System.getProperty(SqliteNativeLibrary.PROPERTY)).isNotBlank();
        // Exactly one sqlite library is mapped into this process, and it is the configured one
        // (not a copy DynamoDB Local extracted on its own).
        List<String> mapped = Files.readAllLines(Path.of("/proc/self/maps")).stream()
                .filter(line -> line.contains("sqlite"))
                .map(line -> line.substring(line.lastIndexOf(' ') + 1))
                .distinct()
                .toList();
        assertThat(mapped).hasSize(1);
        assertThat(Path.of(mapped.get(0)).getParent().toString())
                .isEqualTo(System.getProperty(SqliteNativeLibrary.DDB_LIB_PATH));
        assertThat(mapped.get(0)).endsWith("libsqlite4java-linux-amd64.so");
    }

    @Test
    void startOnATakenPortFails() {
        assertThatThrownBy(() -> EmbeddedDynamoDb.start(db.port()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("127.0.0.1:" + db.port());
    }

    @Test
    void instancesHaveSeparateDatabases_andCloseIsIdempotent() {
        EmbeddedDynamoDb other = EmbeddedDynamoDb.start(EmbeddedDynamoDb.freePort());
        try {
            assertThat(other.port()).isNotEqualTo(db.port());
            other.client().createTable(b -> b.tableName("only_in_other")
                    .attributeDefinitions(AttributeDefinition.builder()
                            .attributeName("pk").attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                    .billingMode(BillingMode.PAY_PER_REQUEST));
            assertThat(other.client().listTables().tableNames()).contains("only_in_other");
            assertThat(db.client().listTables().tableNames()).doesNotContain("only_in_other");
        } finally {
            other.close();
            other.close();
        }
        assertThat(other.toString()).contains("closed");
    }

    @Test
    void sharedDb_clientsWithOtherCredentialsAndRegionSeeTheSameTables() {
        db.client().createTable(b -> b.tableName("shared_tbl")
                .attributeDefinitions(AttributeDefinition.builder()
                        .attributeName("pk").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
        try (DynamoDbClient foreign = DynamoDbClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "y")))
                .region(Region.EU_WEST_1)
                .endpointOverride(db.endpoint())
                .build()) {
            assertThat(foreign.listTables().tableNames()).contains("shared_tbl");
        }
    }

    @Test
    void putItemTiming() {
        DynamoDbClient client = db.client();
        client.createTable(b -> b.tableName("bench_tbl")
                .attributeDefinitions(AttributeDefinition.builder()
                        .attributeName("pk").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
        long t0 = System.nanoTime();
        client.putItem(b -> b.tableName("bench_tbl").item(Map.of("pk", s("first"), "v", s("x"))));
        long firstMicros = (System.nanoTime() - t0) / 1000;
        int n = 300;
        long t1 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            String key = "k" + i;
            client.putItem(b -> b.tableName("bench_tbl").item(Map.of("pk", s(key), "v", s("x"))));
        }
        long avgMicros = (System.nanoTime() - t1) / 1000 / n;
        System.out.printf("EmbeddedDynamoDb: start %d ms, first PutItem on a new table %d us,"
                + " %d sequential PutItem avg %d us%n", startMillis, firstMicros, n, avgMicros);
        assertThat(client.scan(b -> b.tableName("bench_tbl")).count()).isEqualTo(n + 1);
    }

    @Test
    void tableWithStreamAndTtl_putGetQuery_andStreamRecords() {
        DynamoDbClient client = db.client();
        String table = "orders_stream_test";
        CreateTableResponse created = client.createTable(b -> b
                .tableName(table)
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.S).build())
                .keySchema(
                        KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .streamSpecification(StreamSpecification.builder()
                        .streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES).build()));
        String streamArn = created.tableDescription().latestStreamArn();
        assertThat(streamArn).isNotBlank();

        client.updateTimeToLive(b -> b.tableName(table)
                .timeToLiveSpecification(t -> t.attributeName("expiresAt").enabled(true)));
        DescribeTimeToLiveResponse ttl = client.describeTimeToLive(b -> b.tableName(table));
        assertThat(ttl.timeToLiveDescription().attributeName()).isEqualTo("expiresAt");
        assertThat(ttl.timeToLiveDescription().timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);

        long expiresAt = Instant.now().plus(Duration.ofHours(1)).getEpochSecond();
        client.putItem(b -> b.tableName(table).item(Map.of(
                "pk", s("order#1"), "sk", s("v1"), "status", s("NEW"), "expiresAt", n(expiresAt))));
        client.putItem(b -> b.tableName(table).item(Map.of(
                "pk", s("order#1"), "sk", s("v2"), "status", s("NEW"), "expiresAt", n(expiresAt))));
        // MODIFY: same key, new status
        client.putItem(b -> b.tableName(table).item(Map.of(
                "pk", s("order#1"), "sk", s("v1"), "status", s("PAID"), "expiresAt", n(expiresAt))));
        client.deleteItem(b -> b.tableName(table).key(Map.of("pk", s("order#1"), "sk", s("v2"))));

        Map<String, AttributeValue> got = client.getItem(b -> b.tableName(table)
                .key(Map.of("pk", s("order#1"), "sk", s("v1"))).consistentRead(true)).item();
        assertThat(got.get("status").s()).isEqualTo("PAID");
        assertThat(got.get("expiresAt").n()).isEqualTo(Long.toString(expiresAt));

        QueryResponse query = client.query(b -> b.tableName(table)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", s("order#1"))));
        assertThat(query.items()).extracting(item -> item.get("sk").s()).containsExactly("v1");

        // Stream: INSERT v1, INSERT v2, MODIFY v1, REMOVE v2, in order.
        DynamoDbStreamsClient streams = db.streamsClient();
        StreamDescription description = streams.describeStream(b -> b.streamArn(streamArn)).streamDescription();
        assertThat(description.streamViewType()).isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
        assertThat(description.shards()).isNotEmpty();

        List<Record> records = new ArrayList<>();
        for (Shard shard : description.shards()) {
            String iterator = streams.getShardIterator(b -> b.streamArn(streamArn)
                    .shardId(shard.shardId()).shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            for (int page = 0; page < 20 && iterator != null; page++) {
                String it = iterator;
                GetRecordsResponse response = streams.getRecords(b -> b.shardIterator(it).limit(100));
                records.addAll(response.records());
                if (response.records().isEmpty()) {
                    break;
                }
                iterator = response.nextShardIterator();
            }
        }
        assertThat(records).extracting(Record::eventName).containsExactly(
                OperationType.INSERT, OperationType.INSERT, OperationType.MODIFY, OperationType.REMOVE);
        Record modify = records.get(2);
        assertThat(modify.dynamodb().oldImage().get("status").s()).isEqualTo("NEW");
        assertThat(modify.dynamodb().newImage().get("status").s()).isEqualTo("PAID");
        assertThat(modify.dynamodb().keys()).containsOnlyKeys("pk", "sk");
        Record remove = records.get(3);
        assertThat(remove.dynamodb().oldImage().get("sk").s()).isEqualTo("v2");
        assertThat(remove.dynamodb().newImage()).isEmpty();
    }

    private static AttributeValue s(String value) {
        return AttributeValue.builder().s(value).build();
    }

    private static AttributeValue n(long value) {
        return AttributeValue.builder().n(Long.toString(value)).build();
    }
}
