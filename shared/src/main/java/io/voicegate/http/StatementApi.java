package io.voicegate.http;

import io.voicegate.app.ReadStatement;
import io.voicegate.domain.FieldError;
import io.voicegate.domain.Money;
import io.voicegate.domain.ValidationException;
import io.voicegate.port.LedgerStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /account/ledger?cursor=&limit=&since=&until=}: the caller's statement, newest first, as
 * {@code {"entries":[…],"next_cursor":…,"opening_balance_micros":…}} ({@link AdminViews#entry} shapes; the opening
 * balance on the page that reaches the account's opening, else null; {@code since}/{@code until} in Unix seconds,
 * inclusive; {@code limit} 1-100, default 20).
 */
final class StatementApi {

    private final ReadStatement statement;

    StatementApi(ReadStatement statement) {
        this.statement = statement;
    }

    ApiResponse statement(String accountId, ApiRequest request) {
        List<FieldError> errors = new ArrayList<>();
        long limit = number(request, "limit", errors).orElse((long) ReadStatement.DEFAULT_LIMIT);
        Optional<Long> since = number(request, "since", errors);
        Optional<Long> until = number(request, "until", errors);
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        try {
            ReadStatement.Statement read = statement.statement(accountId, since, until, limit,
                    request.query("cursor"));
            Map<String, Object> body = AdminApi.page("entries",
                    read.page().entries().stream().map(AdminViews::entry).toList(), read.page().nextCursor());
            body.put("opening_balance_micros", read.openingBalance().map(Money::micros).orElse(null));
            return ApiResponse.json(200, body);
        } catch (LedgerStore.AccountNotFoundException e) {
            return Problems.notFound("Your account");
        }
    }

    private static Optional<Long> number(ApiRequest request, String name, List<FieldError> errors) {
        Optional<String> text = request.query(name);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(text.get()));
        } catch (NumberFormatException e) {
            errors.add(new FieldError(name, "must be a whole number"));
            return Optional.empty();
        }
    }
}
