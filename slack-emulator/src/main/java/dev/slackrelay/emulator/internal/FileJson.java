package dev.slackrelay.emulator.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slackrelay.emulator.UploadedFile;
import java.util.Locale;

/**
 * A file as Slack's Web API shows it (in {@code files.completeUploadExternal} answers and in messages' {@code files}).
 *
 * <p>Stateless and thread-safe.
 */
final class FileJson {

    private FileJson() {
    }

    static ObjectNode of(ObjectMapper json, UploadedFile file) {
        String name = file.filename();
        int dot = name.lastIndexOf('.');
        String type = dot < 0 || dot == name.length() - 1 ? "binary" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        long created = file.completed().getEpochSecond();
        String url = "https://files.slack.com/files-pri/" + ApiHandler.TEAM_ID + "-" + file.id() + "/" + name;
        ObjectNode node = json.createObjectNode()
                .put("id", file.id())
                .put("created", created)
                .put("timestamp", created)
                .put("name", name)
                .put("title", file.title())
                .put("mimetype", "application/octet-stream")
                .put("filetype", type)
                .put("pretty_type", type.toUpperCase(Locale.ROOT))
                .put("user", ApiHandler.USER_ID)
                .put("user_team", ApiHandler.TEAM_ID)
                .put("editable", false)
                .put("size", file.length())
                .put("mode", "hosted")
                .put("is_external", false)
                .put("external_type", "")
                .put("is_public", file.shared())
                .put("public_url_shared", false)
                .put("display_as_bot", false)
                .put("username", "")
                .put("url_private", url)
                .put("url_private_download", url.replace("/files-pri/", "/files-pri/download/"))
                .put("permalink", "https://emulated-workspace.slack.com/files/" + ApiHandler.USER_ID + "/"
                        + file.id() + "/" + name);
        if (file.altTxt() != null) {
            node.put("alt_txt", file.altTxt());
        }
        return node;
    }
}
