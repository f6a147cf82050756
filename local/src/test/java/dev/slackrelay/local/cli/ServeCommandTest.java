package dev.slackrelay.local.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.slack.api.Slack;
import com.slack.api.webhook.WebhookResponse;
import dev.slackrelay.emulator.AcceptedPost;
import dev.slackrelay.emulator.SlackEmulator;
import dev.slackrelay.local.serve.LocalService;
import dev.slackrelay.local.serve.ServeOptions.Hook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code serve} end to end: real HTTP clients (Slack's own webhook client among them) post to the ingestion, the
 * relay delivers through the embedded queues to the Slack emulator, paced and in order.
 */
class ServeCommandTest {

    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final Duration INTERVAL = Duration.ofMillis(200);
    private static final String HOOK_ID = "test-hook-0123456789abcdef";
    private static final String TOKEN = "test-token-0123456789";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<ServeCommand> commands = new ArrayList<>();
    private final List<CompletableFuture<Integer>> exits = new ArrayList<>();

    @AfterEach
    void stopEveryService() {
        commands.forEach(ServeCommand::stop);
    }

    @Test
    void deliversABurstFromSlacksWebhookClientInOrderAndPacedAtTheEmulator(@TempDir Path dir) throws Exception {
        Path deliveryLog = dir.resolve("delivery.jsonl");
        LocalService service = serve(Map.of(), "--hook", HOOK_ID + "=#alerts", "--token", TOKEN,
                "--delivery-log", deliveryLog.toString());
        String hookUrl = service.hookUrl(hook(service)).toString();
        int burst = 12;

        List<WebhookResponse> answers = new ArrayList<>();
        for (int i = 1; i <= burst; i++) {
            answers.add(Slack.getInstance().send(hookUrl, "{\"text\":\"burst " + marker(i) + " from the SDK\"}"));
        }

        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.getCode()).isEqualTo(200);
            assertThat(answer.getBody()).isEqualTo("ok");
        });
        SlackEmulator slack = service.pipeline().slack();
        List<AcceptedPost> posts = awaitPosts(slack, "#alerts", burst);
        assertThat(posts).extracting(ServeCommandTest::markerOf).containsExactlyElementsOf(
                java.util.stream.IntStream.rangeClosed(1, burst).mapToObj(ServeCommandTest::marker).toList());
        for (int i = 1; i < posts.size(); i++) {
            assertThat(posts.get(i).arrivalMillis() - posts.get(i - 1).arrivalMillis())
                    .as("gap before post %d", i + 1).isGreaterThanOrEqualTo(0.9 * INTERVAL.toMillis());
        }
        commands.getFirst().stop();
        assertThat(exits.getFirst().get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isZero();
        String log = Files.readString(deliveryLog);
        assertThat(log.lines().filter(line -> line.contains("\"outcome\":\"delivered\""))).hasSize(burst);
        assertThat(log).doesNotContain(HOOK_ID.substring(4), TOKEN);
    }

    @Test
    void queuesASingleMessageAndAnArrayOnV1MessagesAndDeliversThem() throws Exception {
        LocalService service = serve(Map.of(), "--token", TOKEN);

        HttpResponse<String> single = postMessages(service, TOKEN,
                "{\"channel\":\"C1\",\"title\":\"single\",\"body\":\"" + marker(1) + "\"}");
        HttpResponse<String> array = postMessages(service, TOKEN,
                "[{\"channel\":\"C1\",\"body\":\"" + marker(2) + "\"},{\"channel\":\"C2\",\"body\":\"" + marker(3)
                        + "\"}]");

        assertThat(single.statusCode()).isEqualTo(202);
        assertThat(ids(single.body())).hasSize(1);
        assertThat(array.statusCode()).isEqualTo(202);
        assertThat(ids(array.body())).hasSize(2);
        assertThat(single.body()).contains("\"ok\":true");
        SlackEmulator slack = service.pipeline().slack();
        assertThat(awaitPosts(slack, "C1", 2)).extracting(ServeCommandTest::markerOf)
                .containsExactly(marker(1), marker(2));
        assertThat(awaitPosts(slack, "C2", 1)).extracting(ServeCommandTest::markerOf).containsExactly(marker(3));
    }

    @Test
    void refusesAMissingOrWrongTokenAWrongMethodAndAnUnknownHookAndQueuesNothing() throws Exception {
        LocalService service = serve(Map.of(), "--hook", HOOK_ID + "=#alerts", "--token", TOKEN);
        String message = "{\"channel\":\"C1\",\"body\":\"never\"}";

        HttpResponse<String> noToken = http.send(HttpRequest.newBuilder(service.messagesUrl())
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(message))
                        .build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> wrongToken = postMessages(service, TOKEN + "x", message);
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(service.messagesUrl())
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        WebhookResponse unknownHook = Slack.getInstance().send(
                service.messagesUrl().resolve("/hooks/" + HOOK_ID + "x").toString(), "{\"text\":\"never\"}");

        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(noToken.headers().firstValue("WWW-Authenticate")).as("the core's headers are sent")
                .contains("Bearer");
        assertThat(wrongToken.statusCode()).isEqualTo(401);
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).contains("POST");
        assertThat(unknownHook.getCode()).isEqualTo(404);
        assertThat(unknownHook.getBody()).isEqualTo("no_service");
        assertThat(service.pipeline().onQueue()).isZero();
        assertThat(service.pipeline().slack().posts()).isEmpty();
        assertThat(noToken.body() + wrongToken.body() + unknownHook.getBody()).doesNotContain(TOKEN, HOOK_ID);
    }

    @Test
    void answers413ToABodyOverTheLimitOfTheCore() throws Exception {
        LocalService service = serve(Map.of(), "--token", TOKEN);
        String huge = "{\"channel\":\"C1\",\"body\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";

        HttpResponse<String> answer = postMessages(service, TOKEN, huge);

        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(service.pipeline().onQueue()).isZero();
    }

    @Test
    void printsTheUrlsToUseWithARandomTokenAndHookAndStopsLikeCtrlC() throws Exception {
        ServeCommand command = new ServeCommand(Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8));
        commands.add(command);
        CompletableFuture<Integer> exit = startInBackground(command, "--http-port", "0", "--channel", "#ops");
        LocalService service = command.awaitStarted(PATIENCE);
        assertThat(service).isNotNull();
        Hook hook = hook(service);
        String token = service.options().tokens().getFirst();

        assertThat(hook.channel()).isEqualTo("#ops");
        assertThat(hook.id()).hasSizeGreaterThanOrEqualTo(20).matches("[A-Za-z0-9_-]+");
        assertThat(token).hasSizeGreaterThanOrEqualTo(20).matches("[A-Za-z0-9_-]+");
        assertThat(output()).contains("POST " + service.messagesUrl(), "Authorization: Bearer " + token,
                "curl -s " + service.messagesUrl(), "#ops: " + service.hookUrl(hook),
                service.pipeline().slack().baseUrl() + "/posts?channel=%23ops", "Ctrl-C to stop.");
        assertThat(service.messagesUrl().toString()).startsWith("http://127.0.0.1:");
        assertThat(postMessages(service, token, "{\"channel\":\"#ops\",\"body\":\"hi\"}").statusCode())
                .isEqualTo(202);

        command.stop();

        assertThat(exit.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isZero();
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(service.messagesUrl()).build(),
                HttpResponse.BodyHandlers.discarding())).isInstanceOf(ConnectException.class);
    }

    @Test
    void postsToAnotherSlackGivenABotTokenAndItsApiUrl() throws Exception {
        try (SlackEmulator other = SlackEmulator.builder().token("xoxb-other-slack").ratePerSecond(0).build()
                .start()) {
            LocalService service = serve(Map.of("SLACK_BOT_TOKEN", "xoxb-other-slack", "SLACK_API_URL",
                    other.apiUrl()), "--hook", HOOK_ID + "=#alerts");

            WebhookResponse answer = Slack.getInstance().send(service.hookUrl(hook(service)).toString(),
                    "{\"text\":\"" + marker(1) + "\"}");

            assertThat(answer.getCode()).isEqualTo(200);
            assertThat(service.pipeline().hasEmulator()).isFalse();
            assertThat(awaitPosts(other, "#alerts", 1)).extracting(ServeCommandTest::markerOf)
                    .containsExactly(marker(1));
            assertThat(output()).contains("Slack: " + other.apiUrl()).doesNotContain("xoxb-other-slack");
        }
    }

    @Test
    void refusesAMalformedOrShortHookAsAUsageErrorWithoutQuotingIt() {
        CommandLine commandLine = Main.commandLine(Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8));
        java.io.StringWriter err = new java.io.StringWriter();
        commandLine.setErr(new java.io.PrintWriter(err, true));

        assertThat(commandLine.execute("serve", "--hook", "no-channel")).isEqualTo(2);
        assertThat(commandLine.execute("serve", "--hook", HOOK_ID + "=#a,loud")).isEqualTo(2);
        assertThat(commandLine.execute("serve", "--hook", "shortSecret1=#alerts")).isEqualTo(2);
        assertThat(commandLine.execute("serve", "--hook", HOOK_ID + "=#a", "--hook", HOOK_ID + "=#b")).isEqualTo(2);
        assertThat(output()).as("nothing started").isEmpty();
        assertThat(err.toString()).contains("a hook is ID=CHANNEL", "at least 20", "given twice")
                .doesNotContain("shortSecret1", HOOK_ID);
    }

    private LocalService serve(Map<String, String> env, String... args) throws InterruptedException {
        ServeCommand command = new ServeCommand(env, new PrintStream(out, true, StandardCharsets.UTF_8));
        commands.add(command);
        List<String> all = new ArrayList<>(List.of("--http-port", "0", "--channel-interval-ms",
                "" + INTERVAL.toMillis()));
        all.addAll(List.of(args));
        exits.add(startInBackground(command, all.toArray(String[]::new)));
        LocalService service = command.awaitStarted(PATIENCE);
        assertThat(service).as("serve started").isNotNull();
        return service;
    }

    private HttpResponse<String> postMessages(LocalService service, String token, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(service.messagesUrl()).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Hook hook(LocalService service) {
        return service.options().hooks().getFirst();
    }

    private static List<String> ids(String body) {
        List<String> ids = new ArrayList<>();
        Matcher m = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(body);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private static String marker(int i) {
        return String.format("m-%03d", i);
    }

    private static final Pattern MARKER = Pattern.compile("m-\\d{3}");

    /** The marker a post carries, in its text or its blocks, whichever the core made of the message. */
    private static String markerOf(AcceptedPost post) {
        Matcher m = MARKER.matcher(post.payload().toString());
        return m.find() ? m.group() : "";
    }

    private static List<AcceptedPost> awaitPosts(SlackEmulator slack, String channel, int count)
            throws InterruptedException {
        Predicate<List<AcceptedPost>> enough = posts -> posts.size() >= count;
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        List<AcceptedPost> posts = slack.posts(channel);
        while (!enough.test(posts) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            posts = slack.posts(channel);
        }
        return posts;
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Runs the command on another thread, as a terminal would run it until Ctrl-C; the future is its exit code. */
    private static CompletableFuture<Integer> startInBackground(ServeCommand command, String... args) {
        CommandLine commandLine = new CommandLine(command);
        return CompletableFuture.supplyAsync(() -> commandLine.execute(args));
    }
}
