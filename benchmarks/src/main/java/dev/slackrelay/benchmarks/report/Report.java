package dev.slackrelay.benchmarks.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One benchmark's results as Markdown: a title, the command that produced them, the machine, then paragraphs and
 * tables in the order added. Printed to the terminal and written to {@code benchmarks/results/<name>.md}, so the
 * README can quote a file that a command wrote rather than numbers typed by hand.
 *
 * <p>Not thread-safe.
 */
public final class Report {

    private final List<String> lines = new ArrayList<>();

    /**
     * @param title   heading, e.g. {@code B1 — delivery under backlog}
     * @param command the command that reproduces the file
     * @param machine where it ran
     */
    public Report(String title, String command, Machine machine) {
        lines.add("# " + title);
        lines.add("");
        lines.add("Command: `" + command + "`");
        lines.add("");
        lines.add("Machine:");
        lines.addAll(machine.markdownLines());
        lines.add("");
    }

    /** A second-level heading. */
    public Report heading(String text) {
        lines.add("## " + text);
        lines.add("");
        return this;
    }

    /** A paragraph (or any Markdown block), followed by a blank line. */
    public Report paragraph(String text) {
        lines.add(text);
        lines.add("");
        return this;
    }

    /** A bullet list. */
    public Report bullets(List<String> items) {
        items.forEach(i -> lines.add("- " + i));
        lines.add("");
        return this;
    }

    public Report table(Table table) {
        lines.addAll(table.lines());
        lines.add("");
        return this;
    }

    /** Closes the report with the machine's load average now, next to the one at the start. */
    public Report endOfRun() {
        lines.add("Load average (1, 5, 15 min) at the end: " + Machine.currentLoadAverage() + ". Other work on the machine "
                + "(the benchmark itself included) shows here and in the figures.");
        lines.add("");
        return this;
    }

    /** The whole report as Markdown. */
    public String markdown() {
        return String.join("\n", lines) + "\n";
    }

    public void print(PrintStream out) {
        out.print(markdown());
        out.flush();
    }

    /** Writes the report to {@code file}, creating its directory. */
    public void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, markdown(), StandardCharsets.UTF_8);
    }
}
