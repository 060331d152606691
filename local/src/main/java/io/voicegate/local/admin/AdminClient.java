package io.voicegate.local.admin;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Calls the admin API of a voicegate stack: a deployed one with SigV4 (service {@code execute-api}, the AWS SDK's
 * default credentials, the region from {@code --region} or the API's host name), the local one with its admin token
 * as a bearer. Neither the token nor the credentials are ever printed.
 */
final class AdminClient {

    private static final Pattern EXECUTE_API_HOST = Pattern.compile("[^.]+\\.execute-api\\.([a-z0-9-]+)\\..*");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private final URI base;
    private final Optional<String> adminToken;
    private final Optional<String> region;
    private AwsCredentialsProvider credentials;

    AdminClient(URI base, Optional<String> adminToken, Optional<String> region) {
        this.base = URI.create(base.toString().replaceAll("/+$", ""));
        this.adminToken = adminToken;
        this.region = region;
    }

    /** An HTTP answer: status and body (JSON or problem+json). */
    record Reply(int status, String body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /**
     * @param pathAndQuery e.g. {@code /admin/accounts?cursor=…}
     * @param body         JSON, or null for none
     * @throws IOException the stack could not be reached
     */
    Reply send(String method, String pathAndQuery, String body) throws IOException {
        URI uri = URI.create(base + pathAndQuery);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("content-type", "application/json");
        }
        if (adminToken.isPresent()) {
            request.header("authorization", "Bearer " + adminToken.get());
        } else {
            sign(method, uri, body).forEach((name, values) -> {
                if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
                    values.forEach(value -> request.header(name, value));
                }
            });
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** The SigV4 headers (authorization, x-amz-date, x-amz-security-token, content hash) for this call. */
    private Map<String, List<String>> sign(String method, URI uri, String body) {
        if (credentials == null) {
            credentials = DefaultCredentialsProvider.builder().build();
        }
        SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder().uri(uri).method(SdkHttpMethod.fromValue(method));
        if (body != null) {
            unsigned.putHeader("content-type", "application/json");
        }
        AwsCredentials identity;
        try {
            identity = credentials.resolveCredentials();
        } catch (SdkClientException e) { // none in the default chain; its message lists every provider it tried
            throw new IllegalArgumentException("no AWS credentials to sign the call with; for the local stack give "
                    + "--admin-token (or VOICEGATE_ADMIN_TOKEN)");
        }
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(identity)
                .request(unsigned.build())
                .payload(body == null ? null : ContentStreamProvider.fromUtf8String(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "execute-api")
                .putProperty(AwsV4HttpSigner.REGION_NAME, signingRegion(uri)));
        return signed.request().headers();
    }

    private String signingRegion(URI uri) {
        if (region.isPresent()) {
            return region.get();
        }
        Matcher host = EXECUTE_API_HOST.matcher(uri.getHost() == null ? "" : uri.getHost());
        if (host.matches()) {
            return host.group(1);
        }
        throw new IllegalArgumentException("cannot tell the API's region from " + uri.getHost()
                + "; give --region (or --admin-token for the local stack)");
    }
}
