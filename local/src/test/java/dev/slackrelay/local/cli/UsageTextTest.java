package dev.slackrelay.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class UsageTextTest {

    /** picocli formats descriptions with String.format: a lone '%' makes it warn on stderr and print the raw text. */
    @Test
    void everyCommandsHelpFormatsWithoutAPicocliWarning() {
        CommandLine main = Main.commandLine(Map.of(), new PrintStream(OutputStream.nullOutputStream()));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        StringBuilder usage = new StringBuilder(main.getUsageMessage());
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            main.getSubcommands().values().forEach(command -> usage.append(command.getUsageMessage()));
        } finally {
            System.setErr(original);
        }

        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
        assertThat(usage).contains("10% Slack 5xx");
    }
}
