package io.voicegate.local.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegate.json.Json;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;

/** What every admin subcommand shares: where the stack is, how to authenticate, and how to print an answer. */
abstract class AdminCall implements Callable<Integer> {

    static final int DONE = 0;
    static final int REFUSED = 1;

    @Mixin
    Target target;

    @Spec
    CommandSpec spec;

    /** The HTTP status of the answer being printed (e.g. 200 for a replayed credit, 201 for a new one). */
    int status;

    /** The stack to talk to and the credential to use. */
    static final class Target {
        @Option(names = "--url", required = true, defaultValue = "${env:VOICEGATE_URL}", paramLabel = "URL",
                description = "the stack's API base URL (the ApiUrl output, or http://127.0.0.1:3000 locally)")
        URI url;

        @Option(names = "--admin-token", defaultValue = "${env:VOICEGATE_ADMIN_TOKEN}", paramLabel = "TOKEN",
                description = "the local stack's admin token (printed by ./voicegate local); without it, calls "
                        + "are signed with SigV4 and the AWS SDK's default credentials")
        String adminToken;

        @Option(names = "--region", paramLabel = "REGION",
                description = "the region to sign for (default: from the execute-api host name)")
        String region;

        @Option(names = "--json", description = "print the API's JSON answer, for scripts")
        boolean json;
    }

    /**
     * Calls the API and prints the answer: the JSON with {@code --json}, else {@code human} of it; a refusal prints
     * the problem's detail (and field errors) to stderr.
     *
     * @return {@link #DONE} on 2xx, {@link #REFUSED} otherwise
     */
    int call(String method, String pathAndQuery, Object body, Function<JsonNode, String> human) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AdminClient.Reply reply;
        try {
            AdminClient client = new AdminClient(target.url, Optional.ofNullable(target.adminToken)
                    .filter(t -> !t.isBlank()), Optional.ofNullable(target.region));
            reply = client.send(method, pathAndQuery, body == null ? null : Json.write(body));
        } catch (IllegalArgumentException e) { // the call could not be made (no credentials, no region)
            err.println("voicegate admin: " + e.getMessage());
            return REFUSED;
        } catch (IOException e) {
            err.println("voicegate admin: " + target.url + " could not be reached"
                    + (e.getMessage() == null ? ": nothing answers there" : ": " + e.getMessage()));
            return REFUSED;
        }
        JsonNode json = parse(reply.body());
        status = reply.status();
        if (target.json) {
            (reply.ok() ? out : err).println(reply.body().isEmpty() ? "{}" : Json.write(json));
        } else if (reply.ok()) {
            out.println(human.apply(json));
        } else {
            if (json.path("errors").isEmpty()) {
                err.println("refused (" + reply.status() + "): " + json.path("detail").asText(reply.body()));
            } else {
                // the detail repeats the field errors: each is said once, by its field
                err.println("refused (" + reply.status() + "): " + json.path("title").asText("invalid input"));
                json.path("errors").forEach(e -> err.println("  " + e.path("field").asText() + ": "
                        + e.path("message").asText()));
            }
        }
        out.flush();
        err.flush();
        return reply.ok() ? DONE : REFUSED;
    }

    static JsonNode parse(String body) {
        try {
            return body == null || body.isEmpty() ? Json.mapper().createObjectNode() : Json.mapper().readTree(body);
        } catch (IOException e) {
            return Json.mapper().createObjectNode().put("detail", body);
        }
    }

    /** µUSD as decimal USD with at least two decimals, e.g. {@code 25.00} or {@code 0.007}. */
    static String usd(long micros) {
        BigDecimal usd = BigDecimal.valueOf(micros).movePointLeft(6).stripTrailingZeros();
        return usd.setScale(Math.max(2, usd.scale())).toPlainString();
    }

    static String usd(JsonNode micros) {
        return micros == null || micros.isNull() ? "-" : usd(micros.asLong());
    }
}
