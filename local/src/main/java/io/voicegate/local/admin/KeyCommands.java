package io.voicegate.local.admin;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** {@code key create|list|revoke}: an account's API keys. */
@Command(name = "key", description = "Issue, list and revoke an account's API keys.", mixinStandardHelpOptions = true,
        subcommands = {KeyCommands.Create.class, KeyCommands.ListKeys.class, KeyCommands.Revoke.class})
final class KeyCommands {

    @Command(name = "create", description = "Issue another key; prints it once.", mixinStandardHelpOptions = true)
    static final class Create extends AdminCall {
        @Parameters(paramLabel = "ACCOUNT_ID")
        String id;

        @Override
        public Integer call() {
            return call("POST", AccountCommands.path(id) + "/keys", null, json -> "key "
                    + json.path("key_id").asText() + " issued; the API key (shown once):\n  "
                    + json.path("api_key").asText());
        }
    }

    @Command(name = "list", description = "List the keys that are not revoked.", mixinStandardHelpOptions = true)
    static final class ListKeys extends AdminCall {
        @Parameters(paramLabel = "ACCOUNT_ID")
        String id;

        @Override
        public Integer call() {
            return call("GET", AccountCommands.path(id) + "/keys", null, json -> {
                StringBuilder text = new StringBuilder();
                json.path("keys").forEach(k -> text.append(k.path("key_id").asText()).append("  …")
                        .append(k.path("last4").asText()).append("  created ").append(k.path("created_at").asLong())
                        .append("  last used ").append(k.path("last_used_on").isNull() ? "never"
                                : k.path("last_used_on").asText()).append('\n'));
                return text.length() == 0 ? "no keys" : text.toString().stripTrailing();
            });
        }
    }

    @Command(name = "revoke", description = "Revoke a key at once.", mixinStandardHelpOptions = true)
    static final class Revoke extends AdminCall {
        @Parameters(index = "0", paramLabel = "ACCOUNT_ID")
        String id;

        @Parameters(index = "1", paramLabel = "KEY_ID")
        String keyId;

        @Override
        public Integer call() {
            return call("DELETE", AccountCommands.path(id) + "/keys/"
                    + URLEncoder.encode(keyId, StandardCharsets.UTF_8), null, json -> "key " + keyId + " revoked");
        }
    }
}
