package io.voicegate.local.listen;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.voicegate.local.listen.WebhookVerifier.Verdict;

import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Prints one block per webhook: the verdict line, then the body pretty-printed (or as is when it is not JSON). */
final class DeliveryPrinter {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)      // print 2.50 as sent, not 2.5
            .build();

    private final PrintStream out;

    DeliveryPrinter(PrintStream out) {
        this.out = out;
    }

    /** @param verdict null when the listener has no secret and so checks nothing */
    void print(String id, Verdict verdict, Instant now, String path, String body) {
        print(id, null, verdict, now, path, body);
    }

    /** @param attempt the gateway's {@code voicegate-attempt} header (the attempt's number), null when absent */
    void print(String id, String attempt, Verdict verdict, Instant now, String path, String body) {
        String where = (attempt == null ? "" : " (attempt " + printable(attempt) + ")") + " at " + now.truncatedTo(ChronoUnit.SECONDS) + " on " + printable(path);
        String line;
        if (verdict == null) {
            line = "webhook " + printable(id) + " UNVERIFIED (no --secret)" + where;
        } else if (verdict.outcome() == Verdict.Outcome.VERIFIED) {
            line = "webhook " + printable(id) + " verified (" + verdict.detail() + ")" + where;
        } else {
            line = "webhook " + printable(id) + " REJECTED: " + verdict.detail() + where;
        }
        synchronized (out) {
            out.println(line);
            out.println(pretty(body));
            out.println();
            out.flush();
        }
    }

    static String pretty(String body) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(body));
        } catch (JsonProcessingException e) {
            return "(not JSON) " + body;
        }
    }

    /** Header values and paths come from the network: no control characters reach the terminal. */
    private static String printable(String text) {
        if (text == null) {
            return "(no webhook-id)";
        }
        String clean = text.replaceAll("[^\\x20-\\x7e]", "?");
        return clean.length() > 120 ? clean.substring(0, 120) + "..." : clean;
    }
}
