package dev.slackrelay.relay.internal.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.slackrelay.relay.RelayClock;
import dev.slackrelay.emulator.SlackEmulator;
import dev.slackrelay.model.SlackMessage;
import dev.slackrelay.relay.internal.slack.SlackClients;
import dev.slackrelay.relay.internal.slack.SlackOutcome;
import dev.slackrelay.relay.internal.slack.WebApiTransport;
import dev.slackrelay.render.BlockKitRenderer;
import dev.slackrelay.secrets.SecretsManagerSource;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Token rotation against moto's Secrets Manager, where {@code moto_server} is installed (CI machines have it; a
 * user's machine may not, and then {@link BotTokenSecretTest} covers the same path with an HTTP stub).
 */
class SecretsManagerOnMotoTest {

    private static Process moto;
    private static URI endpoint;

    @BeforeAll
    static void startMoto() throws Exception {
        String executable = onPath("moto_server");
        assumeTrue(executable != null, "moto_server is not installed");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        moto = new ProcessBuilder(executable, "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!listening(port)) {
            assumeTrue(moto.isAlive() && System.nanoTime() < deadline, "moto_server did not start");
            Thread.sleep(100);
        }
        endpoint = URI.create("http://127.0.0.1:" + port);
    }

    @AfterAll
    static void stopMoto() {
        if (moto != null) {
            moto.destroy();
        }
    }

    @Test
    void deliversAfterRotationByRereadingTheSecretOnInvalidAuth() {
        try (SecretsManagerClient client = SecretsManagerClient.builder().endpointOverride(endpoint)
                .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
             SlackEmulator slack = SlackEmulator.builder().token("xoxb-rotated").build().start()) {
            String arn = client.createSecret(r -> r.name("slack-relay/bot-token-" + System.nanoTime())
                    .secretString("xoxb-before")).arn();
            WebApiTransport transport = new WebApiTransport(SlackClients.create(URI.create(slack.apiUrl()),
                    Duration.ofSeconds(2), RelayClock.system()),
                    new SecretsManagerSource(client, arn, Duration.ZERO, System::nanoTime), RelayClock.system());
            var message = BlockKitRenderer.render(SlackMessage.builder("C1").body("after rotation").build());

            assertThat(transport.post(message)).isInstanceOf(SlackOutcome.ConfigurationError.class);
            client.putSecretValue(r -> r.secretId(arn).secretString("{\"token\":\"xoxb-rotated\"}"));
            assertThat(transport.refreshCredentials()).isTrue();
            assertThat(transport.post(message)).isInstanceOf(SlackOutcome.Delivered.class);
        }
    }

    private static String onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(dir, name);
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        return null;
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
