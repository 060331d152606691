package io.voicegate.adapter.ssm;

import io.voicegate.adapter.kling.KlingCredentials;
import io.voicegate.config.Config;
import io.voicegate.config.Secrets;
import io.voicegate.domain.CallbackTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The secrets as a function reads them in AWS: SSM SecureString parameters named by {@code *_PARAMETER} variables,
 * fetched over HTTP from a loopback SSM that follows the GetParameters API reference and checks SigV4, in one call;
 * plain variables where no parameter is named (the local stack); nothing fetched before a SnapStart snapshot.
 */
class SecretsFromSsmTest {

    private LoopbackSsm ssm;
    private UrlConnectionHttpClient http;

    @BeforeEach
    void start() throws Exception {
        ssm = LoopbackSsm.start();
        http = (UrlConnectionHttpClient) UrlConnectionHttpClient.create();
    }

    @AfterEach
    void stop() {
        http.close();
        ssm.close();
    }

    private SsmParameters client(String secretKey) {
        return new SsmParameters(http, StaticCredentialsProvider.create(AwsBasicCredentials.create(
                LoopbackSsm.ACCESS_KEY, secretKey)), LoopbackSsm.REGION, Optional.of(ssm.endpoint()));
    }

    private Secrets secrets(Map<String, String> env) {
        return new Secrets(Config.fromEnv(env), client(LoopbackSsm.SECRET_KEY));
    }

    private static Map<String, String> awsEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("KLING_API_KEY_PARAMETER", "/voicegate/kling-api-key");
        env.put("KLING_ACCESS_KEY_PARAMETER", "/voicegate/kling-access-key");
        env.put("KLING_SECRET_KEY_PARAMETER", "/voicegate/kling-secret-key");
        env.put("CALLBACK_SECRET_PARAMETER", "/voicegate/callback-secret");
        env.put("KLING_WEBHOOK_SECRET_PARAMETER", "/voicegate/kling-webhook-secret");
        return env;
    }

    @Test
    void everyNamedParameterIsFetchedDecryptedInOneCallAndMissingOnesAreNotConfigured() {
        ssm.put("/voicegate/kling-access-key", "ak-from-ssm");
        ssm.put("/voicegate/kling-secret-key", "sk-from-ssm");
        ssm.put("/voicegate/callback-secret", "callback-secret-from-ssm-0123456789");

        Secrets secrets = secrets(awsEnv());

        assertThat(ssm.calls()).hasSize(1);
        assertThat(ssm.calls().get(0).path("WithDecryption").asBoolean()).isTrue();
        assertThat(ssm.calls().get(0).path("Names")).hasSize(5);
        assertThat(secrets.optional(Config.KLING_ACCESS_KEY)).contains("ak-from-ssm");
        assertThat(secrets.require(Config.CALLBACK_SECRET)).isEqualTo("callback-secret-from-ssm-0123456789");
        assertThat(secrets.optional(Config.KLING_API_KEY)).isEmpty();
        assertThat(secrets.optional(Config.KLING_WEBHOOK_SECRET)).isEmpty();
        assertThatThrownBy(() -> secrets.require(Config.KLING_WEBHOOK_SECRET))
                .hasMessageContaining("/voicegate/kling-webhook-secret")
                .hasMessageContaining("KLING_WEBHOOK_SECRET_PARAMETER");
        assertThat(ssm.calls()).hasSize(1);
    }

    @Test
    void withoutParameterNamesThePlainVariablesAreReadAndSsmIsNotCalled() {
        Map<String, String> env = new HashMap<>(Map.of("KLING_API_KEY", "plain-key",
                "CALLBACK_SECRET", "plain-callback-secret-0123456789"));
        env.put("KLING_API_KEY_PARAMETER", "");

        Secrets secrets = secrets(env);

        assertThat(secrets.optional(Config.KLING_API_KEY)).contains("plain-key");
        assertThat(secrets.require(Config.CALLBACK_SECRET)).isEqualTo("plain-callback-secret-0123456789");
        assertThat(ssm.calls()).isEmpty();
    }

    @Test
    void refreshReadsTheParametersAgainAndTheConsumersSeeTheNewValues() {
        ssm.put("/voicegate/kling-api-key", "first-key");
        ssm.put("/voicegate/callback-secret", "first-callback-secret-0123456789");
        Secrets secrets = secrets(awsEnv());
        KlingCredentials kling = KlingCredentials.fromSecrets(secrets.optionalSupplier(Config.KLING_API_KEY),
                secrets.optionalSupplier(Config.KLING_ACCESS_KEY), secrets.optionalSupplier(Config.KLING_SECRET_KEY),
                Clock.systemUTC());
        CallbackTokens tokens = new CallbackTokens(secrets.required(Config.CALLBACK_SECRET));
        String firstToken = tokens.tokenFor("r-1");
        assertThat(kling.bearerToken()).isEqualTo("first-key");

        ssm.put("/voicegate/kling-api-key", "rotated-key");
        ssm.put("/voicegate/callback-secret", "rotated-callback-secret-0123456789");
        secrets.refresh();

        assertThat(ssm.calls()).hasSize(2);
        assertThat(kling.bearerToken()).isEqualTo("rotated-key");
        assertThat(tokens.tokenFor("r-1")).isNotEqualTo(firstToken)
                .isEqualTo(new CallbackTokens("rotated-callback-secret-0123456789").tokenFor("r-1"));
    }

    @Test
    void underSnapStartNothingIsFetchedBeforeTheSnapshotOnlyOnRefreshOrFirstUse() {
        ssm.put("/voicegate/kling-api-key", "key-after-restore");
        Map<String, String> env = awsEnv();
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");

        Secrets secrets = secrets(env);
        var callbackSecret = secrets.required(Config.CALLBACK_SECRET);
        assertThat(secrets.deferred()).isTrue();
        assertThat(ssm.calls()).isEmpty();

        secrets.refresh();

        assertThat(ssm.calls()).hasSize(1);
        assertThat(secrets.optional(Config.KLING_API_KEY)).contains("key-after-restore");
        assertThatThrownBy(callbackSecret::get).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("/voicegate/callback-secret");

        Secrets lazy = secrets(env);
        assertThat(lazy.optional(Config.KLING_API_KEY)).contains("key-after-restore");
        assertThat(ssm.calls()).hasSize(2);
    }

    @Test
    void aRefusedCallFailsNamingSsmsErrorAndNoValue() {
        ssm.put("/voicegate/kling-api-key", "never-shown-value");
        ssm.deny("/voicegate/callback-secret");

        assertThatThrownBy(() -> secrets(awsEnv())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("AccessDeniedException")
                .hasMessageNotContaining("never-shown-value");
    }

    @Test
    void aBadSignatureIsRefusedBySsm() {
        ssm.put("/voicegate/kling-api-key", "never-shown-value");

        assertThatThrownBy(() -> client("not-the-callers-secret-key").values(List.of("/voicegate/kling-api-key")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("400 InvalidSignatureException");
        assertThat(ssm.calls()).isEmpty();
    }

    @Test
    void tenNamesAtMostGoInOneCall() {
        List<String> eleven = java.util.stream.IntStream.range(0, 11).mapToObj(i -> "/p/" + i).toList();

        assertThatThrownBy(() -> client(LoopbackSsm.SECRET_KEY).values(eleven))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(client(LoopbackSsm.SECRET_KEY).values(eleven.subList(0, 10))).isEmpty();
    }
}
