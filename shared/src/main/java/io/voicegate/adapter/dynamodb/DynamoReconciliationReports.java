package io.voicegate.adapter.dynamodb;

import io.voicegate.domain.reconciliation.Mismatch;
import io.voicegate.domain.reconciliation.ReconciliationReport;
import io.voicegate.port.ReconciliationReports;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.voicegate.adapter.dynamodb.Attr.n;
import static io.voicegate.adapter.dynamodb.Attr.s;

/**
 * {@link ReconciliationReports} on the accounts table, one item per day ({@code RECONCILIATION#{date}}). At most
 * {@link #MAX_KEPT} mismatches are kept in the item (DynamoDB's 400 KB item limit); each one is also in the logs.
 */
public class DynamoReconciliationReports implements ReconciliationReports {

    static final int MAX_KEPT = 2000;
    private static final String DATE = "date";
    private static final String CHECKED = "checked_tasks";
    private static final String RAN_AT = "ran_at";
    private static final String MISMATCHES = "mismatches";
    private static final String KIND = "kind";
    private static final String TASK_ID = "task_id";
    private static final String REQUEST_ID = "request_id";
    private static final String OUR_UNITS = "our_units";
    private static final String KLING_UNITS = "kling_units";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoReconciliationReports(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    private static Map<String, AttributeValue> key(LocalDate date) {
        return Map.of(AccountItems.PK, s("RECONCILIATION#" + date), AccountItems.SK, s("REPORT"));
    }

    @Override
    public void save(ReconciliationReport report) {
        Map<String, AttributeValue> item = new HashMap<>(key(report.date()));
        item.put(DATE, s(report.date().toString()));
        item.put(CHECKED, n(report.checkedTasks()));
        item.put(RAN_AT, n(report.ranAt().getEpochSecond()));
        item.put(MISMATCHES, AttributeValue.fromL(report.mismatches().stream().limit(MAX_KEPT)
                .map(DynamoReconciliationReports::mismatch).toList()));
        dynamo.putItem(p -> p.tableName(table).item(item));
    }

    @Override
    public Optional<ReconciliationReport> find(LocalDate date) {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table).key(key(date))
                .consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        List<Mismatch> mismatches = item.get(MISMATCHES).l().stream().map(v -> mismatch(v.m())).toList();
        return Optional.of(new ReconciliationReport(date, (int) Attr.number(item, CHECKED), mismatches,
                Instant.ofEpochSecond(Attr.number(item, RAN_AT))));
    }

    private static AttributeValue mismatch(Mismatch m) {
        Map<String, AttributeValue> map = new HashMap<>();
        map.put(KIND, s(m.kind().wireName()));
        map.put(TASK_ID, s(m.taskId()));
        m.requestId().ifPresent(id -> map.put(REQUEST_ID, s(id)));
        m.ourUnits().ifPresent(u -> map.put(OUR_UNITS, s(u.toPlainString())));
        m.klingUnits().ifPresent(u -> map.put(KLING_UNITS, s(u.toPlainString())));
        return AttributeValue.fromM(map);
    }

    private static Mismatch mismatch(Map<String, AttributeValue> map) {
        return new Mismatch(Mismatch.Kind.fromWire(Attr.string(map, KIND)), Attr.string(map, TASK_ID),
                Attr.optionalString(map, REQUEST_ID), Attr.optionalString(map, OUR_UNITS).map(BigDecimal::new),
                Attr.optionalString(map, KLING_UNITS).map(BigDecimal::new));
    }
}
