package dev.slackrelay.emulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slackrelay.emulator.EmulatorOptions;
import java.util.Map;

/**
 * {@code users.lookupByEmail} over the users configured on the emulator.
 *
 * <p>Thread-safe (immutable).
 */
final class UserDirectory {

    private final Map<String, String> users;
    private final ApiReplies replies;

    UserDirectory(Map<String, String> users, ApiReplies replies) {
        this.users = Map.copyOf(users);
        this.replies = replies;
    }

    Reply lookupByEmail(JsonNode fields) {
        String email = Payloads.text(fields, "email").trim();
        if (email.isEmpty()) {
            return replies.invalidArguments("missing required field: email");
        }
        String id = users.get(EmulatorOptions.emailKey(email));
        if (id == null) {
            return replies.error("users_not_found");
        }
        String name = email.substring(0, Math.max(0, email.indexOf('@')));
        ObjectNode body = replies.okBody();
        ObjectNode user = body.putObject("user")
                .put("id", id)
                .put("team_id", ApiHandler.TEAM_ID)
                .put("name", name)
                .put("deleted", false)
                .put("real_name", name)
                .put("tz", "Europe/London")
                .put("tz_label", "Greenwich Mean Time")
                .put("tz_offset", 0)
                .put("is_admin", false)
                .put("is_owner", false)
                .put("is_bot", false)
                .put("is_app_user", false)
                .put("updated", 1_700_000_000);
        user.putObject("profile")
                .put("email", email)
                .put("real_name", name)
                .put("display_name", name)
                .put("team", ApiHandler.TEAM_ID);
        return replies.ok(body);
    }
}
