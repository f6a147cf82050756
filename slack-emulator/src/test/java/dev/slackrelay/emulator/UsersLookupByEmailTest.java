package dev.slackrelay.emulator;

import static dev.slackrelay.emulator.Clients.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.Slack;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.users.UsersLookupByEmailResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** {@code users.lookupByEmail} through the real SDK. */
class UsersLookupByEmailTest {

    private final ManualClock clock = new ManualClock();
    @AutoClose
    private final SlackEmulator emu = SlackEmulator.builder().token(TOKEN).clock(clock::nanoTime, clock)
            .user("alice@example.com", "U0ALICE").user("Bob@Example.com", "U0BOB")
            .methodRate("users.lookupByEmail", new MethodRate(60, 4)).build().start();
    @AutoClose
    private final Slack slack = Clients.sdk(emu);

    @Test
    void findsAConfiguredUserIgnoringCase() throws Exception {
        UsersLookupByEmailResponse alice = lookup("alice@example.com");
        UsersLookupByEmailResponse bob = lookup("bob@EXAMPLE.com");

        assertThat(alice.isOk()).isTrue();
        assertThat(alice.getUser().getId()).isEqualTo("U0ALICE");
        assertThat(alice.getUser().getName()).isEqualTo("alice");
        assertThat(alice.getUser().getProfile().getEmail()).isEqualTo("alice@example.com");
        assertThat(bob.getUser().getId()).isEqualTo("U0BOB");
    }

    @Test
    void answersUsersNotFoundForAnUnknownAddress() throws Exception {
        UsersLookupByEmailResponse response = lookup("carol@example.com");

        assertThat(response.isOk()).isFalse();
        assertThat(response.getError()).isEqualTo("users_not_found");
        assertThat(emu.stats().errorCount("users_not_found")).isEqualTo(1);
    }

    @Test
    void answersInvalidArgumentsWithoutAnAddressAndInvalidAuthForAnotherToken() throws Exception {
        JsonNode missing = new ObjectMapper().readTree(Clients.postForm(emu.apiUrl() + "users.lookupByEmail", TOKEN,
                Map.of()).body());

        assertThat(missing.path("error").asText()).isEqualTo("invalid_arguments");
        assertThat(missing.path("response_metadata").path("messages").get(0).asText()).contains("email");
        assertThat(slack.methods("xoxb-other").usersLookupByEmail(r -> r.email("alice@example.com")).getError())
                .isEqualTo("invalid_auth");
    }

    @Test
    void countsEveryLookupAndLimitsThemToTheirTier() throws Exception {
        for (String email : new String[] {"alice@example.com", "alice@example.com", "x@example.com",
                "alice@example.com"}) {
            lookup(email);
        }

        SlackApiException limited = catchThrowableOfType(SlackApiException.class, () -> lookup("alice@example.com"));

        assertThat(limited.getResponse().code()).isEqualTo(429);
        assertThat(limited.getResponse().header("Retry-After")).isEqualTo("1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(lookup("alice@example.com").isOk()).isTrue();
        assertThat(emu.stats().method("users.lookupByEmail")).isEqualTo(new EmulatorStats.MethodStats(6, 4, 1, 1));
    }

    private UsersLookupByEmailResponse lookup(String email) throws Exception {
        return slack.methods(TOKEN).usersLookupByEmail(r -> r.email(email));
    }
}
