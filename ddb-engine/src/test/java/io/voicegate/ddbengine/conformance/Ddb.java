package io.voicegate.ddbengine.conformance;

import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/** Attribute value, item and table helpers for the conformance tests. */
final class Ddb {

    private Ddb() {
    }

    // ---- attribute values -------------------------------------------------------------------------------------

    static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    static AttributeValue n(String v) {
        return AttributeValue.fromN(v);
    }

    static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    static AttributeValue b(byte... v) {
        return AttributeValue.fromB(SdkBytes.fromByteArray(v));
    }

    static AttributeValue bool(boolean v) {
        return AttributeValue.fromBool(v);
    }

    static AttributeValue nul() {
        return AttributeValue.fromNul(true);
    }

    static AttributeValue l(AttributeValue... v) {
        return AttributeValue.fromL(Arrays.asList(v));
    }

    static AttributeValue m(Map<String, AttributeValue> v) {
        return AttributeValue.fromM(v);
    }

    static AttributeValue m(Object... kv) {
        return AttributeValue.fromM(item(kv));
    }

    static AttributeValue ss(String... v) {
        return AttributeValue.fromSs(Arrays.asList(v));
    }

    static AttributeValue ns(String... v) {
        return AttributeValue.fromNs(Arrays.asList(v));
    }

    static AttributeValue bs(byte[]... v) {
        List<SdkBytes> list = new ArrayList<>();
        for (byte[] bytes : v) {
            list.add(SdkBytes.fromByteArray(bytes));
        }
        return AttributeValue.fromBs(list);
    }

    /** An item from name/value pairs: {@code item("pk", s("a"), "n", n(1))}. */
    static Map<String, AttributeValue> item(Object... kv) {
        if (kv.length % 2 != 0) {
            throw new IllegalArgumentException("pairs expected");
        }
        Map<String, AttributeValue> map = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            map.put((String) kv[i], (AttributeValue) kv[i + 1]);
        }
        return map;
    }

    static Map<String, String> names(String... kv) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            map.put(kv[i], kv[i + 1]);
        }
        return map;
    }

    static String repeat(char c, int count) {
        return String.valueOf(c).repeat(count);
    }

    static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    // ---- tables -----------------------------------------------------------------------------------------------

    /** A table name unique to this run, so test classes never share a table. */
    static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static KeySchemaElement hash(String name) {
        return KeySchemaElement.builder().attributeName(name).keyType(KeyType.HASH).build();
    }

    static KeySchemaElement range(String name) {
        return KeySchemaElement.builder().attributeName(name).keyType(KeyType.RANGE).build();
    }

    static AttributeDefinition attr(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }

    static GlobalSecondaryIndex gsi(String name, String hashKey, String rangeKey, Projection projection) {
        List<KeySchemaElement> keys = new ArrayList<>();
        keys.add(hash(hashKey));
        if (rangeKey != null) {
            keys.add(range(rangeKey));
        }
        return GlobalSecondaryIndex.builder().indexName(name).keySchema(keys).projection(projection).build();
    }

    static Projection projection(ProjectionType type, String... nonKey) {
        Projection.Builder builder = Projection.builder().projectionType(type);
        if (nonKey.length > 0) {
            builder.nonKeyAttributes(nonKey);
        }
        return builder.build();
    }

    static StreamSpecification stream(StreamViewType type) {
        return StreamSpecification.builder().streamEnabled(true).streamViewType(type).build();
    }

    /** Creates an on-demand table with a string partition key {@code pk} and, if given, a sort key; waits for ACTIVE. */
    static TableDescription createTable(DynamoDbClient ddb, String name, String pk, ScalarAttributeType pkType,
                                        String sk, ScalarAttributeType skType) {
        return createTable(ddb, name, pk, pkType, sk, skType, b -> { });
    }

    static TableDescription createTable(DynamoDbClient ddb, String name, String pk, ScalarAttributeType pkType,
                                        String sk, ScalarAttributeType skType,
                                        Consumer<CreateTableRequest.Builder> more) {
        List<KeySchemaElement> keys = new ArrayList<>();
        List<AttributeDefinition> defs = new ArrayList<>();
        keys.add(hash(pk));
        defs.add(attr(pk, pkType));
        if (sk != null) {
            keys.add(range(sk));
            defs.add(attr(sk, skType));
        }
        CreateTableRequest.Builder builder = CreateTableRequest.builder()
                .tableName(name)
                .keySchema(keys)
                .attributeDefinitions(defs)
                .billingMode(BillingMode.PAY_PER_REQUEST);
        more.accept(builder);
        TableDescription created = ddb.createTable(builder.build()).tableDescription();
        awaitActive(ddb, name);
        return created;
    }

    static TableDescription createSimpleTable(DynamoDbClient ddb, String name) {
        return createTable(ddb, name, "pk", ScalarAttributeType.S, null, null);
    }

    static void awaitActive(DynamoDbClient ddb, String name) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() ->
                ddb.describeTable(r -> r.tableName(name)).table().tableStatus() == TableStatus.ACTIVE);
    }

    // ---- errors -----------------------------------------------------------------------------------------------

    /** Runs {@code call}, expects a DynamoDB error with this error code, and returns it. */
    static DynamoDbException expectError(String errorCode, Executable call) {
        DynamoDbException e = catchThrowableOfType(DynamoDbException.class, () -> {
            try {
                call.execute();
            } catch (RuntimeException | Error ex) {
                throw ex;
            } catch (Throwable t) {
                throw new RuntimeException(t);
            }
        });
        assertThat(e).as("expected a DynamoDbException with error code %s", errorCode).isNotNull();
        assertThat(e.awsErrorDetails().errorCode()).as("error code (message: %s)", e.getMessage()).isEqualTo(errorCode);
        assertThat(e.statusCode()).isEqualTo(errorCode.equals("InternalServerError") ? 500 : 400);
        return e;
    }

    static DynamoDbException expectValidation(Executable call) {
        return expectError("ValidationException", call);
    }
}
