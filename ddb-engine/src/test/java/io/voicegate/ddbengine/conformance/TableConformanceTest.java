package io.voicegate.ddbengine.conformance;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.voicegate.ddbengine.conformance.Ddb.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Control plane: CreateTable, DescribeTable, ListTables, DeleteTable, and global secondary index projections.
 */
@ExtendWith(EngineExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TableConformanceTest {

    private DynamoDbClient ddb;
    private String indexed;

    @BeforeAll
    void setUp(DynamoDbClient ddb) {
        this.ddb = ddb;
        indexed = uniqueName("tbl-gsi");
        createTable(ddb, indexed, "pk", ScalarAttributeType.S, "sk", ScalarAttributeType.N, b -> b
                .attributeDefinitions(attr("pk", ScalarAttributeType.S), attr("sk", ScalarAttributeType.N),
                        attr("gk", ScalarAttributeType.S), attr("gs", ScalarAttributeType.N))
                .globalSecondaryIndexes(
                        gsi("keys", "gk", "gs", projection(ProjectionType.KEYS_ONLY)),
                        gsi("incl", "gk", null, projection(ProjectionType.INCLUDE, "a")),
                        gsi("all", "gk", "gs", projection(ProjectionType.ALL)))
                .streamSpecification(stream(StreamViewType.NEW_AND_OLD_IMAGES)));
    }

    // API reference, CreateTable: "KeySchema ... AttributeDefinitions"; the response's TableDescription echoes them.
    @Test
    @DisplayName("CreateTable: the table description echoes the key schema and attribute definitions")
    void createTableEchoesKeySchema() {
        String name = uniqueName("tbl-create");
        TableDescription created = createTable(ddb, name, "id", ScalarAttributeType.S, "ts", ScalarAttributeType.N);
        assertThat(created.tableName()).isEqualTo(name);
        assertThat(created.keySchema()).containsExactly(hash("id"), range("ts"));
        assertThat(created.attributeDefinitions())
                .containsExactlyInAnyOrder(attr("id", ScalarAttributeType.S), attr("ts", ScalarAttributeType.N));
        assertThat(created.tableStatus()).isIn(TableStatus.CREATING, TableStatus.ACTIVE);
        assertThat(created.tableArn()).contains(":table/" + name);
    }

    // API reference, DescribeTable: KeySchema, TableStatus ACTIVE, GlobalSecondaryIndexes (IndexName, KeySchema,
    // Projection), StreamSpecification, LatestStreamArn / LatestStreamLabel.
    @Test
    @DisplayName("DescribeTable: key schema, GSI descriptions, StreamSpecification and LatestStreamArn")
    void describeTable() {
        TableDescription t = ddb.describeTable(r -> r.tableName(indexed)).table();
        assertThat(t.tableStatus()).isEqualTo(TableStatus.ACTIVE);
        assertThat(t.keySchema()).containsExactly(hash("pk"), range("sk"));
        assertThat(t.globalSecondaryIndexes()).extracting(GlobalSecondaryIndexDescription::indexName)
                .containsExactlyInAnyOrder("keys", "incl", "all");
        GlobalSecondaryIndexDescription keys = index(t, "keys");
        assertThat(keys.keySchema()).containsExactly(hash("gk"), range("gs"));
        assertThat(keys.projection().projectionType()).isEqualTo(ProjectionType.KEYS_ONLY);
        GlobalSecondaryIndexDescription incl = index(t, "incl");
        assertThat(incl.keySchema()).extracting(k -> k.keyType()).containsExactly(KeyType.HASH);
        assertThat(incl.projection().projectionType()).isEqualTo(ProjectionType.INCLUDE);
        assertThat(incl.projection().nonKeyAttributes()).containsExactly("a");
        assertThat(index(t, "all").projection().projectionType()).isEqualTo(ProjectionType.ALL);
        assertThat(t.streamSpecification().streamEnabled()).isTrue();
        assertThat(t.streamSpecification().streamViewType()).isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
        assertThat(t.latestStreamArn()).isNotBlank().contains(indexed).contains("/stream/");
        assertThat(t.latestStreamLabel()).isNotBlank();
        assertThat(t.latestStreamArn()).endsWith(t.latestStreamLabel());
    }

    private static GlobalSecondaryIndexDescription index(TableDescription t, String name) {
        return t.globalSecondaryIndexes().stream().filter(i -> i.indexName().equals(name)).findFirst().orElseThrow();
    }

    // Developer guide, "Attribute projections" (GSI.html#GSI.Projections): KEYS_ONLY holds the index and table keys,
    // INCLUDE adds the named non-key attributes, ALL holds every attribute.
    @Test
    @DisplayName("GSI projections: KEYS_ONLY, INCLUDE and ALL return exactly the projected attributes")
    void gsiProjections() {
        Map<String, AttributeValue> full = item("pk", s("p1"), "sk", n(1), "gk", s("g"), "gs", n(7),
                "a", s("A"), "b", s("B"));
        ddb.putItem(r -> r.tableName(indexed).item(full));

        assertThat(queryIndex("keys").items()).containsExactly(
                item("pk", s("p1"), "sk", n(1), "gk", s("g"), "gs", n(7)));
        assertThat(queryIndex("incl").items()).containsExactly(
                item("pk", s("p1"), "sk", n(1), "gk", s("g"), "a", s("A")));
        assertThat(queryIndex("all").items()).containsExactly(full);
        ddb.deleteItem(r -> r.tableName(indexed).key(item("pk", s("p1"), "sk", n(1))));
    }

    private QueryResponse queryIndex(String index) {
        return ddb.query(r -> r.tableName(indexed).indexName(index).keyConditionExpression("gk = :g")
                .expressionAttributeValues(Map.of(":g", s("g"))));
    }

    // Developer guide, "Global secondary indexes" (GSI.html): an item is written to the index only if it has the
    // index key attributes ("sparse index"); if they are missing it does not appear in the index.
    @Test
    @DisplayName("GSI sparse membership: an item without the index key is not in the index")
    void sparseIndex() {
        ddb.putItem(r -> r.tableName(indexed).item(item("pk", s("sparse"), "sk", n(1), "gk", s("sp"), "gs", n(1))));
        ddb.putItem(r -> r.tableName(indexed).item(item("pk", s("sparse"), "sk", n(2), "a", s("no index key"))));
        // only the hash key of a composite index key present: not indexed in "keys" (gk+gs) but in "incl" (gk)
        ddb.putItem(r -> r.tableName(indexed).item(item("pk", s("sparse"), "sk", n(3), "gk", s("sp"))));

        List<Map<String, AttributeValue>> inAll = ddb.query(r -> r.tableName(indexed).indexName("all")
                .keyConditionExpression("gk = :g").expressionAttributeValues(Map.of(":g", s("sp")))).items();
        assertThat(inAll).extracting(i -> i.get("sk")).containsExactly(n(1));
        List<Map<String, AttributeValue>> inIncl = ddb.query(r -> r.tableName(indexed).indexName("incl")
                .keyConditionExpression("gk = :g").expressionAttributeValues(Map.of(":g", s("sp")))).items();
        assertThat(inIncl).extracting(i -> i.get("sk")).containsExactlyInAnyOrder(n(1), n(3));
        assertThat(ddb.scan(r -> r.tableName(indexed).indexName("all")).items())
                .noneMatch(i -> i.get("sk").equals(n(2)) && i.get("pk").equals(s("sparse")));

        // removing the index key takes the item out of the index
        ddb.updateItem(r -> r.tableName(indexed).key(item("pk", s("sparse"), "sk", n(1))).updateExpression("REMOVE gk"));
        assertThat(ddb.query(r -> r.tableName(indexed).indexName("all")
                .keyConditionExpression("gk = :g").expressionAttributeValues(Map.of(":g", s("sp")))).items()).isEmpty();
    }

    // API reference, ListTables: "Returns an array of table names"; paged with Limit / ExclusiveStartTableName /
    // LastEvaluatedTableName.
    @Test
    @DisplayName("ListTables: lists created tables, paged with Limit and LastEvaluatedTableName")
    void listTables() {
        String a = uniqueName("tbl-list");
        String b2 = uniqueName("tbl-list");
        createSimpleTable(ddb, a);
        createSimpleTable(ddb, b2);
        List<String> names = new ArrayList<>();
        String start = null;
        int pages = 0;
        do {
            String exclusive = start;
            var page = ddb.listTables(r -> r.limit(1).exclusiveStartTableName(exclusive));
            assertThat(page.tableNames()).hasSizeLessThanOrEqualTo(1);
            names.addAll(page.tableNames());
            start = page.lastEvaluatedTableName();
            pages++;
        } while (start != null && pages < 10_000);
        assertThat(names).contains(a, b2, indexed).doesNotHaveDuplicates();
    }

    // API reference, DeleteTable: the table is deleted; afterwards it is not listed and DescribeTable answers
    // ResourceNotFoundException.
    @Test
    @DisplayName("DeleteTable: a deleted table is gone from ListTables and DescribeTable")
    void deleteTable() {
        String name = uniqueName("tbl-del");
        createSimpleTable(ddb, name);
        ddb.putItem(r -> r.tableName(name).item(item("pk", s("x"))));
        TableDescription deleted = ddb.deleteTable(r -> r.tableName(name)).tableDescription();
        assertThat(deleted.tableName()).isEqualTo(name);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .pollInterval(java.time.Duration.ofMillis(50))
                .until(() -> !ddb.listTables().tableNames().contains(name));
        expectError("ResourceNotFoundException", () -> ddb.describeTable(r -> r.tableName(name)));
    }

    // API reference, CreateTable, Errors: ResourceInUseException — "trying to create a table that already exists".
    @Test
    @DisplayName("CreateTable of an existing table is ResourceInUseException")
    void createExistingTable() {
        DynamoDbExceptionAssert.assertThrows(ResourceInUseException.class, "ResourceInUseException",
                () -> createSimpleTable(ddb, indexed));
    }

    // API reference, GetItem / PutItem / Query / DescribeTable / DeleteTable, Errors: ResourceNotFoundException —
    // "The operation tried to access a nonexistent table or index."
    @Test
    @DisplayName("Operations on a missing table are ResourceNotFoundException")
    void missingTable() {
        String missing = uniqueName("tbl-missing");
        Map<String, AttributeValue> key = item("pk", s("x"));
        DynamoDbExceptionAssert.assertThrows(ResourceNotFoundException.class, "ResourceNotFoundException",
                () -> ddb.getItem(r -> r.tableName(missing).key(key)));
        DynamoDbExceptionAssert.assertThrows(ResourceNotFoundException.class, "ResourceNotFoundException",
                () -> ddb.putItem(r -> r.tableName(missing).item(key)));
        DynamoDbExceptionAssert.assertThrows(ResourceNotFoundException.class, "ResourceNotFoundException",
                () -> ddb.query(r -> r.tableName(missing).keyConditionExpression("pk = :p")
                        .expressionAttributeValues(Map.of(":p", s("x")))));
        DynamoDbExceptionAssert.assertThrows(ResourceNotFoundException.class, "ResourceNotFoundException",
                () -> ddb.describeTable(r -> r.tableName(missing)));
        DynamoDbExceptionAssert.assertThrows(ResourceNotFoundException.class, "ResourceNotFoundException",
                () -> ddb.deleteTable(r -> r.tableName(missing)));
    }

    // API reference, Query, Errors: ResourceNotFoundException also for a nonexistent index.
    @Test
    @DisplayName("Query on a missing index is ResourceNotFoundException or ValidationException")
    void missingIndex() {
        var e = org.assertj.core.api.Assertions.catchThrowableOfType(
                software.amazon.awssdk.services.dynamodb.model.DynamoDbException.class,
                () -> ddb.query(r -> r.tableName(indexed).indexName("nope").keyConditionExpression("gk = :g")
                        .expressionAttributeValues(Map.of(":g", s("g")))));
        assertThat(e).isNotNull();
        // AWS answers ValidationException ("The table does not have the specified index: nope")
        assertThat(e.awsErrorDetails().errorCode()).isIn("ValidationException", "ResourceNotFoundException");
    }

    // Developer guide, "Supported data types and naming rules" (HowItWorks.NamingRulesDataTypes.html): "Table names
    // and index names must be between 3 and 255 characters long, and can contain only a-z, A-Z, 0-9, _ (underscore),
    // - (dash), . (dot)" → ValidationException otherwise.
    @Test
    @DisplayName("CreateTable with an invalid table name is ValidationException")
    void invalidTableName() {
        expectValidation(() -> createSimpleTable(ddb, "ab"));
        expectValidation(() -> createSimpleTable(ddb, "bad name!"));
    }

    // API reference, CreateTable: AttributeDefinitions "describe the key schema for the table and indexes"; a
    // definition not used by any key schema, or a key without a definition, is ValidationException.
    @Test
    @DisplayName("CreateTable with AttributeDefinitions that do not match the key schema is ValidationException")
    void attributeDefinitionsMismatch() {
        String name = uniqueName("tbl-bad");
        expectValidation(() -> ddb.createTable(r -> r.tableName(name).keySchema(hash("pk"))
                .attributeDefinitions(attr("pk", ScalarAttributeType.S), attr("unused", ScalarAttributeType.S))
                .billingMode(software.amazon.awssdk.services.dynamodb.model.BillingMode.PAY_PER_REQUEST)));
        expectValidation(() -> ddb.createTable(r -> r.tableName(name).keySchema(hash("pk"), range("sk"))
                .attributeDefinitions(attr("pk", ScalarAttributeType.S))
                .billingMode(software.amazon.awssdk.services.dynamodb.model.BillingMode.PAY_PER_REQUEST)));
        assertThat(ddb.listTables().tableNames()).doesNotContain(name);
    }

    // API reference, DescribeTable / TableDescription: LatestStreamArn and StreamSpecification are present only when
    // the table has a stream.
    @Test
    @DisplayName("DescribeTable of a table without a stream has no LatestStreamArn")
    void noStreamNoArn() {
        String name = uniqueName("tbl-nostream");
        createSimpleTable(ddb, name);
        TableDescription t = ddb.describeTable(r -> r.tableName(name)).table();
        assertThat(t.latestStreamArn()).isNull();
        assertThat(t.streamSpecification() == null || !Boolean.TRUE.equals(t.streamSpecification().streamEnabled()))
                .isTrue();
    }

    // GSI.html: index key attributes must have the type given in AttributeDefinitions; writing an item whose index
    // key attribute has another type, or is an empty string ("empty values are not supported for key attributes of
    // tables and indexes"), is ValidationException.
    @Test
    @DisplayName("An item whose GSI key has the wrong type or is empty is ValidationException")
    void gsiKeyTypeChecked() {
        expectValidation(() -> ddb.putItem(r -> r.tableName(indexed)
                .item(item("pk", s("badidx"), "sk", n(1), "gk", n(5)))));
        expectValidation(() -> ddb.putItem(r -> r.tableName(indexed)
                .item(item("pk", s("badidx"), "sk", n(1), "gk", s("")))));
        assertThat(ddb.getItem(r -> r.tableName(indexed).key(item("pk", s("badidx"), "sk", n(1))).consistentRead(true))
                .hasItem()).isFalse();
    }
}
