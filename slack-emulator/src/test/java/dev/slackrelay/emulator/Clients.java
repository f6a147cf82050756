package dev.slackrelay.emulator;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.util.http.SlackHttpClient;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;

/** The clients tests drive the emulator with: the real Slack SDK and a plain JDK HTTP client. */
final class Clients {

    static final String TOKEN = "xoxb-test";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Clients() {
    }

    static SlackConfig sdkConfig(SlackEmulator emu) {
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(emu.apiUrl());
        config.setStatsEnabled(false);
        return config;
    }

    static Slack sdk(SlackEmulator emu) {
        return Slack.getInstance(sdkConfig(emu));
    }

    /** The SDK on an OkHttp client that does not silently repeat a request after a connection failure. */
    static Slack sdkWithoutOkHttpRetries(SlackEmulator emu) {
        SlackConfig config = sdkConfig(emu);
        OkHttpClient okHttp = SlackHttpClient.buildOkHttpClient(config).newBuilder()
                .retryOnConnectionFailure(false)
                .build();
        SlackHttpClient http = new SlackHttpClient(okHttp);
        http.setConfig(config);
        return Slack.getInstance(config, http);
    }

    static HttpResponse<String> postJson(String url, String bearer, String json) throws IOException,
            InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> postForm(String url, String bearer, Map<String, String> fields) throws IOException,
            InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields)));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
