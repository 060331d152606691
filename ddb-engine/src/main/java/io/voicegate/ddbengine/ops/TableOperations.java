package io.voicegate.ddbengine.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegate.ddbengine.DynamoError;
import io.voicegate.ddbengine.store.Database;
import io.voicegate.ddbengine.store.IndexDef;
import io.voicegate.ddbengine.store.KeyDef;
import io.voicegate.ddbengine.store.Table;
import io.voicegate.ddbengine.store.TableSchema;
import io.voicegate.ddbengine.stream.StreamLog;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * {@code CreateTable}, {@code DescribeTable}, {@code ListTables}, {@code DeleteTable}, {@code UpdateTimeToLive},
 * {@code DescribeTimeToLive}. Tables are {@code ACTIVE} as soon as they are created.
 */
final class TableOperations {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Pattern TABLE_NAME = Pattern.compile("[a-zA-Z0-9_.-]{3,255}");
    private static final DateTimeFormatter LABEL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);

    private static final long TTL_CHANGE_MILLIS = 60 * 60 * 1000;

    private final Database db;

    TableOperations(Database db) {
        this.db = db;
    }

    /** API reference "CreateTable". */
    ObjectNode createTable(JsonNode request) {
        String name = Params.tableName(request);
        if (name.length() < 3 || name.length() > 255) {
            throw DynamoError.validation("1 validation error detected: Value '" + name + "' at 'tableName' failed to "
                    + "satisfy constraint: Member must have length between 3 and 255");
        }
        if (!TABLE_NAME.matcher(name).matches()) {
            throw DynamoError.validation("1 validation error detected: Value '" + name + "' at 'tableName' failed to "
                    + "satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
        }
        Map<String, String> definitions = new LinkedHashMap<>();
        for (JsonNode d : Params.required(request, "AttributeDefinitions")) {
            String type = d.path("AttributeType").asText();
            if (!Set.of("S", "N", "B").contains(type)) {
                throw DynamoError.validation("1 validation error detected: Value '" + type + "' at "
                        + "'attributeDefinitions.member.attributeType' failed to satisfy constraint: Member must "
                        + "satisfy enum value set: [B, N, S]");
            }
            if (definitions.put(d.path("AttributeName").asText(), type) != null) {
                throw DynamoError.validation("Cannot have two attributes with the same name");
            }
        }
        Set<String> used = new LinkedHashSet<>();
        KeyDef[] tableKey = keySchema(Params.required(request, "KeySchema"), definitions, used);
        List<IndexDef> indexes = new ArrayList<>();
        for (JsonNode gsi : request.path("GlobalSecondaryIndexes")) {
            indexes.add(index(gsi, definitions, used, false));
        }
        for (JsonNode lsi : request.path("LocalSecondaryIndexes")) {
            IndexDef index = index(lsi, definitions, used, true);
            if (!index.partitionKey().equals(tableKey[0]) || index.sortKey() == null || tableKey[1] == null) {
                throw DynamoError.validation("One or more parameter values were invalid: Index KeySchema does not "
                        + "have the same leading hash key as table KeySchema for index: " + index.name());
            }
            indexes.add(index);
        }
        Set<String> names = new TreeSet<>();
        for (IndexDef index : indexes) {
            if (!names.add(index.name())) {
                throw DynamoError.validation("One or more parameter values were invalid: Duplicate index name: "
                        + index.name());
            }
        }
        if (!used.equals(definitions.keySet())) {
            throw DynamoError.validation("One or more parameter values were invalid: Some AttributeDefinitions are not "
                    + "used. AttributeDefinitions: " + definitions.keySet() + ", keys used: " + used);
        }
        JsonNode stream = request.path("StreamSpecification");
        String viewType = stream.path("StreamEnabled").asBoolean(false) ? viewType(stream) : null;
        long now = db.clock().millis();
        String billing = Params.oneOf(request, "BillingMode", "PROVISIONED", "PROVISIONED", "PAY_PER_REQUEST");
        TableSchema schema = new TableSchema(name, tableKey[0], tableKey[1], definitions, indexes, viewType,
                viewType == null ? null : LABEL.format(Instant.ofEpochMilli(now)), now, null, billing, 0);
        Table table = db.create(schema);
        ObjectNode response = JSON.objectNode();
        response.set("TableDescription", describe(table));
        return response;
    }

    private static String viewType(JsonNode streamSpecification) {
        String viewType = streamSpecification.path("StreamViewType").asText("");
        if (!Set.of("KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES").contains(viewType)) {
            throw DynamoError.validation("One or more parameter values were invalid: StreamViewType must be "
                    + "specified when StreamEnabled is true");
        }
        return viewType;
    }

    /**
     * API reference "UpdateTable": the billing mode, one global secondary index created (filled from the items
     * before the call returns) or deleted, and the stream enabled or disabled ("You receive a ValidationException if
     * you try to enable a stream on a table that already has a stream, or if you try to disable a stream on a table
     * that doesn't have a stream"). Other settings (throughput, table class, deletion protection) are accepted and
     * not kept.
     */
    ObjectNode updateTable(JsonNode request) {
        Table table = db.table(Params.tableName(request));
        TableSchema schema = table.schema();
        if (request.hasNonNull("BillingMode")) {
            schema = schema.withBillingMode(Params.oneOf(request, "BillingMode", null, "PROVISIONED",
                    "PAY_PER_REQUEST"));
        }
        JsonNode stream = request.get("StreamSpecification");
        if (stream != null && !stream.isNull()) {
            boolean enable = stream.path("StreamEnabled").asBoolean(false);
            if (enable == schema.hasStream()) {
                throw DynamoError.validation(enable ? "Table already has an enabled stream: " + db.stream(schema.name()).arn()
                        : "Table does not have a stream to disable");
            }
            if (enable) {
                String label = LABEL.format(Instant.ofEpochMilli(db.clock().millis()));
                if (label.equals(schema.streamLabel())) {
                    label = LABEL.format(Instant.ofEpochMilli(db.clock().millis() + 1));
                }
                schema = schema.withStream(viewType(stream), label);
            } else {
                schema = schema.withStream(null, null);
            }
        }
        JsonNode updates = request.path("GlobalSecondaryIndexUpdates");
        if (updates.size() > 1) {
            throw DynamoError.validation("One or more parameter values were invalid: Only 1 online index operation "
                    + "can be performed at a time");
        }
        for (JsonNode update : updates) {
            Map<String, String> definitions = new LinkedHashMap<>(schema.attributeDefinitions());
            for (JsonNode d : request.path("AttributeDefinitions")) {
                definitions.put(d.path("AttributeName").asText(), d.path("AttributeType").asText());
            }
            List<IndexDef> indexes = new ArrayList<>(schema.indexes());
            if (update.has("Create")) {
                IndexDef index = index(update.get("Create"), definitions, new LinkedHashSet<>(), false);
                if (schema.index(index.name()) != null) {
                    throw DynamoError.validation("One or more parameter values were invalid: Index already exists: "
                            + index.name());
                }
                indexes.add(index);
            } else if (update.has("Delete")) {
                String name = update.get("Delete").path("IndexName").asText();
                if (!indexes.removeIf(i -> i.name().equals(name) && !i.local())) {
                    throw DynamoError.resourceNotFound("Requested resource not found: Index: " + name + " not found");
                }
            } else if (!update.has("Update")) {
                throw DynamoError.validation("GlobalSecondaryIndexUpdate must contain Create, Update or Delete");
            }
            schema = schema.withIndexes(indexes, definitions);
        }
        db.redefine(schema);
        ObjectNode response = JSON.objectNode();
        response.set("TableDescription", describe(table));
        return response;
    }

    private static KeyDef[] keySchema(JsonNode schema, Map<String, String> definitions, Set<String> used) {
        if (!schema.isArray() || schema.isEmpty() || schema.size() > 2) {
            throw DynamoError.validation("1 validation error detected: Value at 'keySchema' failed to satisfy "
                    + "constraint: Member must have length less than or equal to 2");
        }
        KeyDef[] keys = new KeyDef[2];
        for (JsonNode element : schema) {
            String attribute = element.path("AttributeName").asText();
            String keyType = element.path("KeyType").asText();
            String type = definitions.get(attribute);
            if (type == null) {
                throw DynamoError.validation("One or more parameter values were invalid: Some index key attributes "
                        + "are not defined in AttributeDefinitions. Keys: [" + attribute + "], AttributeDefinitions: "
                        + definitions.keySet());
            }
            int slot = switch (keyType) {
                case "HASH" -> 0;
                case "RANGE" -> 1;
                default -> throw DynamoError.validation("Invalid KeyType: " + keyType);
            };
            if (keys[slot] != null) {
                throw DynamoError.validation("Invalid KeySchema: Too many " + keyType + " keys");
            }
            keys[slot] = new KeyDef(attribute, type);
            used.add(attribute);
        }
        if (keys[0] == null || !"HASH".equals(schema.get(0).path("KeyType").asText())) {
            throw DynamoError.validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
        }
        return keys;
    }

    private static IndexDef index(JsonNode index, Map<String, String> definitions, Set<String> used, boolean local) {
        String name = index.path("IndexName").asText("");
        if (!TABLE_NAME.matcher(name).matches()) {
            throw DynamoError.validation("Invalid index name: " + name);
        }
        KeyDef[] keys = keySchema(Params.required(index, "KeySchema"), definitions, used);
        JsonNode projection = Params.required(index, "Projection");
        String type = projection.path("ProjectionType").asText("");
        List<String> nonKey = new ArrayList<>();
        projection.path("NonKeyAttributes").forEach(a -> nonKey.add(a.asText()));
        if (!Set.of("KEYS_ONLY", "INCLUDE", "ALL").contains(type)) {
            throw DynamoError.validation("Unknown ProjectionType: " + type);
        }
        if (("INCLUDE".equals(type)) != !nonKey.isEmpty()) {
            throw DynamoError.validation("One or more parameter values were invalid: ProjectionType is " + type
                    + ", but NonKeyAttributes is " + (nonKey.isEmpty() ? "not specified" : "specified"));
        }
        return new IndexDef(name, keys[0], keys[1], type, nonKey, local);
    }

    ObjectNode describeTable(JsonNode request) {
        ObjectNode response = JSON.objectNode();
        response.set("Table", describe(db.table(Params.tableName(request))));
        return response;
    }

    ObjectNode deleteTable(JsonNode request) {
        Table table = db.table(Params.tableName(request));
        ObjectNode description = describe(table);
        db.drop(table.schema().name());
        description.put("TableStatus", "DELETING");
        ObjectNode response = JSON.objectNode();
        response.set("TableDescription", description);
        return response;
    }

    /** API reference "ListTables": names in order, {@code Limit} up to 100, paged by {@code ExclusiveStartTableName}. */
    ObjectNode listTables(JsonNode request) {
        int limit = Params.bounded(request, "Limit", 1, 100, 100);
        String after = Params.text(request, "ExclusiveStartTableName");
        ObjectNode response = JSON.objectNode();
        ArrayNode names = response.putArray("TableNames");
        String last = null;
        boolean more = false;
        for (Table table : db.tables()) {
            String name = table.schema().name();
            if (after != null && name.compareTo(after) <= 0) {
                continue;
            }
            if (names.size() == limit) {
                more = true;
                break;
            }
            names.add(name);
            last = name;
        }
        if (more) {
            response.put("LastEvaluatedTableName", last);
        }
        return response;
    }

    /** API reference "UpdateTimeToLive": enables TTL on an attribute, or disables it. */
    ObjectNode updateTimeToLive(JsonNode request) {
        Table table = db.table(Params.tableName(request));
        JsonNode spec = Params.required(request, "TimeToLiveSpecification");
        String attribute = spec.path("AttributeName").asText("");
        boolean enabled = spec.path("Enabled").asBoolean(false);
        if (attribute.isEmpty()) {
            throw DynamoError.validation("1 validation error detected: Value null at "
                    + "'timeToLiveSpecification.attributeName' failed to satisfy constraint: Member must not be null");
        }
        TableSchema schema = table.schema();
        long now = db.clock().millis();
        if (schema.ttlChangedAtMillis() > 0 && now - schema.ttlChangedAtMillis() < TTL_CHANGE_MILLIS) {
            // API reference "UpdateTimeToLive": "Any additional UpdateTimeToLive calls for the same table during
            // this one hour duration result in a ValidationException."
            throw DynamoError.validation("Time to live has been modified multiple times within a fixed interval");
        }
        if (enabled && schema.ttlAttribute() != null) {
            throw DynamoError.validation("TimeToLive is already enabled");
        }
        if (!enabled && schema.ttlAttribute() == null) {
            throw DynamoError.validation("TimeToLive is already disabled");
        }
        if (!enabled && !schema.ttlAttribute().equals(attribute)) {
            throw DynamoError.validation("TimeToLive is active on a different AttributeName: current AttributeName is "
                    + schema.ttlAttribute());
        }
        db.redefine(schema.withTtl(enabled ? attribute : null, now));
        ObjectNode response = JSON.objectNode();
        ObjectNode out = response.putObject("TimeToLiveSpecification");
        out.put("AttributeName", attribute);
        out.put("Enabled", enabled);
        return response;
    }

    ObjectNode describeTimeToLive(JsonNode request) {
        TableSchema schema = db.table(Params.tableName(request)).schema();
        ObjectNode response = JSON.objectNode();
        ObjectNode out = response.putObject("TimeToLiveDescription");
        out.put("TimeToLiveStatus", schema.ttlAttribute() == null ? "DISABLED" : "ENABLED");
        if (schema.ttlAttribute() != null) {
            out.put("AttributeName", schema.ttlAttribute());
        }
        return response;
    }

    private ObjectNode describe(Table table) {
        TableSchema s = table.schema();
        ObjectNode d = JSON.objectNode();
        d.put("TableName", s.name());
        d.put("TableArn", db.tableArn(s.name()));
        d.put("TableId", java.util.UUID.nameUUIDFromBytes(db.tableArn(s.name()).getBytes()).toString());
        d.put("TableStatus", "ACTIVE");
        d.put("CreationDateTime", s.createdAtMillis() / 1000.0);
        ArrayNode definitions = d.putArray("AttributeDefinitions");
        s.attributeDefinitions().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            ObjectNode def = definitions.addObject();
            def.put("AttributeName", e.getKey());
            def.put("AttributeType", e.getValue());
        });
        d.set("KeySchema", keySchemaJson(s.partitionKey(), s.sortKey()));
        d.put("ItemCount", table.itemCount());
        d.put("TableSizeBytes", 0);
        d.set("ProvisionedThroughput", throughput());
        d.putObject("BillingModeSummary").put("BillingMode", s.billingMode());
        ArrayNode gsis = JSON.arrayNode();
        ArrayNode lsis = JSON.arrayNode();
        for (IndexDef index : s.indexes()) {
            ObjectNode i = (index.local() ? lsis : gsis).addObject();
            i.put("IndexName", index.name());
            i.put("IndexArn", db.tableArn(s.name()) + "/index/" + index.name());
            i.set("KeySchema", keySchemaJson(index.partitionKey(), index.sortKey()));
            ObjectNode projection = i.putObject("Projection");
            projection.put("ProjectionType", index.projectionType());
            if (!index.nonKeyAttributes().isEmpty()) {
                ArrayNode nonKey = projection.putArray("NonKeyAttributes");
                index.nonKeyAttributes().forEach(nonKey::add);
            }
            i.put("ItemCount", table.indexCount(index.name()));
            i.put("IndexSizeBytes", 0);
            if (!index.local()) {
                i.put("IndexStatus", "ACTIVE");
                i.set("ProvisionedThroughput", throughput());
            }
        }
        if (!gsis.isEmpty()) {
            d.set("GlobalSecondaryIndexes", gsis);
        }
        if (!lsis.isEmpty()) {
            d.set("LocalSecondaryIndexes", lsis);
        }
        StreamLog stream = db.stream(s.name());
        if (stream != null) {
            ObjectNode spec = d.putObject("StreamSpecification");
            spec.put("StreamEnabled", true);
            spec.put("StreamViewType", stream.viewType());
            d.put("LatestStreamLabel", stream.label());
            d.put("LatestStreamArn", stream.arn());
        }
        d.put("DeletionProtectionEnabled", false);
        return d;
    }

    static ArrayNode keySchemaJson(KeyDef partition, KeyDef sort) {
        ArrayNode schema = JSON.arrayNode();
        ObjectNode hash = schema.addObject();
        hash.put("AttributeName", partition.name());
        hash.put("KeyType", "HASH");
        if (sort != null) {
            ObjectNode range = schema.addObject();
            range.put("AttributeName", sort.name());
            range.put("KeyType", "RANGE");
        }
        return schema;
    }

    private static ObjectNode throughput() {
        ObjectNode t = JSON.objectNode();
        t.put("NumberOfDecreasesToday", 0);
        t.put("ReadCapacityUnits", 0);
        t.put("WriteCapacityUnits", 0);
        return t;
    }
}
