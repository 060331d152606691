package io.voicegate.app;

import io.voicegate.domain.ErrorCodes;
import io.voicegate.domain.Request;
import io.voicegate.domain.RequestStatus;
import io.voicegate.port.RequestStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.voicegate.domain.RequestBuilder.aRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An account reads its own requests, on the fakes: one by id (another account's reads as missing) or a list, newest
 * first, a page at a time by cursor, optionally of one status. The DynamoDB index's order is the store's contract.
 */
class ReadRequestsTest {

    private static final String OTHER = "globex";
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    private final Gateway gateway = new Gateway();
    private final ReadRequests read = new ReadRequests(gateway.store);

    private Request stored(Request request) {
        gateway.store.insert(request, Optional.empty(), Optional.empty());
        return request;
    }

    /** A request of {@code account} created {@code second}s after T0, with an id that sorts by {@code n}. */
    private Request request(String account, int second, int n, RequestStatus status) {
        var builder = aRequest().id(String.format("req-%03d", n)).account(account).voiceName("v" + n)
                .createdAt(T0.plusSeconds(second));
        if (status == RequestStatus.PROCESSING) {
            builder.processing("t-" + n);
        } else if (status == RequestStatus.FAILED) {
            builder.failed(ErrorCodes.UPSTREAM_FAILED);
        }
        return stored(builder.build());
    }

    /** Every request of the list, following the cursor page by page. */
    private List<List<String>> pages(String account, Optional<RequestStatus> status, int limit) {
        List<List<String>> pages = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            RequestStore.Page page = read.list(account, status, limit, cursor);
            pages.add(page.requests().stream().map(Request::requestId).toList());
            cursor = page.nextCursor();
        } while (cursor.isPresent() && pages.size() < 20);
        return pages;
    }

    @Test
    void anAccountGetsItsOwnRequest() {
        Request mine = request(Gateway.ACCOUNT, 0, 1, RequestStatus.DISPATCHED);

        assertThat(read.get(Gateway.ACCOUNT, mine.requestId())).contains(mine);
    }

    @Test
    void anotherAccountsRequestReadsAsMissing() {
        Request theirs = request(OTHER, 0, 1, RequestStatus.DISPATCHED);

        assertThat(read.get(Gateway.ACCOUNT, theirs.requestId())).isEmpty();
        assertThat(read.get(Gateway.ACCOUNT, "req-999")).isEmpty();
        assertThat(read.get(OTHER, theirs.requestId())).contains(theirs);
    }

    @Test
    void theListIsTheAccountsOwnNewestFirstPageByPageWithoutRepeatsOrGaps() {
        for (int n = 1; n <= 5; n++) {
            request(Gateway.ACCOUNT, n, n, RequestStatus.DISPATCHED);
            request(OTHER, n, 100 + n, RequestStatus.DISPATCHED);
        }

        List<List<String>> pages = pages(Gateway.ACCOUNT, Optional.empty(), 2);

        assertThat(pages).containsExactly(List.of("req-005", "req-004"), List.of("req-003", "req-002"),
                List.of("req-001"));
    }

    @Test
    void aFullLastPageHasNoCursor() {
        for (int n = 1; n <= 4; n++) {
            request(Gateway.ACCOUNT, n, n, RequestStatus.DISPATCHED);
        }

        RequestStore.Page second = read.list(Gateway.ACCOUNT, Optional.empty(), 2,
                read.list(Gateway.ACCOUNT, Optional.empty(), 2, Optional.empty()).nextCursor());

        assertThat(second.requests()).extracting(Request::requestId).containsExactly("req-002", "req-001");
        assertThat(second.nextCursor()).isEmpty();
    }

    @Test
    void requestsCreatedInTheSameSecondArePagedByIdWithoutLosingAny() {
        for (int n = 1; n <= 5; n++) {
            request(Gateway.ACCOUNT, 7, n, RequestStatus.DISPATCHED);
        }

        List<List<String>> pages = pages(Gateway.ACCOUNT, Optional.empty(), 2);

        assertThat(pages.stream().flatMap(List::stream).toList())
                .containsExactly("req-005", "req-004", "req-003", "req-002", "req-001");
    }

    @Test
    void aStatusFilterListsOnlyThatStatusAcrossPages() {
        RequestStatus[] statuses = {RequestStatus.FAILED, RequestStatus.DISPATCHED, RequestStatus.FAILED,
                RequestStatus.PROCESSING, RequestStatus.FAILED, RequestStatus.FAILED, RequestStatus.DISPATCHED};
        for (int n = 0; n < statuses.length; n++) {
            request(Gateway.ACCOUNT, n, n, statuses[n]);
        }
        request(OTHER, 50, 50, RequestStatus.FAILED);

        List<List<String>> failed = pages(Gateway.ACCOUNT, Optional.of(RequestStatus.FAILED), 2);
        List<List<String>> processing = pages(Gateway.ACCOUNT, Optional.of(RequestStatus.PROCESSING), 2);

        assertThat(failed.stream().flatMap(List::stream).toList())
                .containsExactly("req-005", "req-004", "req-002", "req-000");
        assertThat(failed).allSatisfy(page -> assertThat(page).hasSizeLessThanOrEqualTo(2));
        assertThat(processing).containsExactly(List.of("req-003"));
        assertThat(read.list(Gateway.ACCOUNT, Optional.of(RequestStatus.SUCCESS), 10, Optional.empty()).requests())
                .isEmpty();
    }

    @Test
    void anAccountWithoutRequestsListsAnEmptyPageWithoutCursor() {
        request(OTHER, 0, 1, RequestStatus.DISPATCHED);

        RequestStore.Page page = read.list(Gateway.ACCOUNT, Optional.empty(), ReadRequests.DEFAULT_LIMIT,
                Optional.empty());

        assertThat(page.requests()).isEmpty();
        assertThat(page.nextCursor()).isEmpty();
    }

    @Test
    void theLimitsAreOneAndTheMaximumInclusive() {
        for (int n = 1; n <= ReadRequests.MAX_LIMIT + 1; n++) {
            request(Gateway.ACCOUNT, n, n, RequestStatus.DISPATCHED);
        }

        RequestStore.Page one = read.list(Gateway.ACCOUNT, Optional.empty(), 1, Optional.empty());
        RequestStore.Page most = read.list(Gateway.ACCOUNT, Optional.empty(), ReadRequests.MAX_LIMIT,
                Optional.empty());

        assertThat(one.requests()).hasSize(1);
        assertThat(most.requests()).hasSize(ReadRequests.MAX_LIMIT);
        assertThat(most.nextCursor()).isPresent();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, ReadRequests.MAX_LIMIT + 1, Integer.MAX_VALUE})
    void aLimitOutOfRangeIsRefusedBeforeTheStoreIsRead(int limit) {
        int before = gateway.storageCalls();

        assertThatThrownBy(() -> read.list(Gateway.ACCOUNT, Optional.empty(), limit, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(String.valueOf(limit));
        assertThat(gateway.storageCalls()).isEqualTo(before);
    }

    @Test
    void aCursorThatIsNotOneIsRefused() {
        assertThatThrownBy(() -> read.list(Gateway.ACCOUNT, Optional.empty(), 2, Optional.of("not a cursor!")))
                .isInstanceOf(RequestStore.InvalidCursorException.class);
    }
}
