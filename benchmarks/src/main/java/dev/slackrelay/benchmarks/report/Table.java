package dev.slackrelay.benchmarks.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A table of text cells rendered as a padded Markdown table, readable in a terminal and in a rendered README alike.
 * Columns whose header starts with a letter are left-aligned; the others (numbers) are right-aligned — or set it
 * with {@link #rightAligned(int...)}.
 *
 * <p>Not thread-safe.
 */
public final class Table {

    private final List<String> headers;
    private final boolean[] right;
    private final List<List<String>> rows = new ArrayList<>();

    private Table(List<String> headers) {
        this.headers = List.copyOf(headers);
        this.right = new boolean[headers.size()];
        Arrays.fill(right, 1, right.length, true);
    }

    /** A table with these column headers; the first column is left-aligned, the others right-aligned. */
    public static Table of(String... headers) {
        return new Table(List.of(headers));
    }

    /** Makes only the given columns (0-based) right-aligned. */
    public Table rightAligned(int... columns) {
        Arrays.fill(right, false);
        for (int c : columns) {
            right[c] = true;
        }
        return this;
    }

    /** Adds a row; each cell is {@code String.valueOf}'d. */
    public Table row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, table has " + headers.size());
        }
        rows.add(Arrays.stream(cells).map(c -> Objects.toString(c, "")).toList());
        return this;
    }

    /** Whether no row was added. */
    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The Markdown lines, padded so that columns line up in plain text too. */
    public List<String> lines() {
        int[] width = new int[headers.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = Math.max(3, headers.get(c).length());
            for (List<String> row : rows) {
                width[c] = Math.max(width[c], row.get(c).length());
            }
        }
        List<String> out = new ArrayList<>();
        out.add(line(headers, width));
        StringBuilder rule = new StringBuilder("|");
        for (int c = 0; c < width.length; c++) {
            rule.append(right[c] ? " " + "-".repeat(width[c] - 1) + ":" : " " + "-".repeat(width[c])).append(" |");
        }
        out.add(rule.toString());
        rows.forEach(r -> out.add(line(r, width)));
        return out;
    }

    private String line(List<String> cells, int[] width) {
        StringBuilder b = new StringBuilder("|");
        for (int c = 0; c < width.length; c++) {
            String cell = cells.get(c);
            String pad = " ".repeat(width[c] - cell.length());
            b.append(' ').append(right[c] ? pad + cell : cell + pad).append(" |");
        }
        return b.toString();
    }

    /** {@code value} with {@code decimals} decimals, or {@code –} when not a number. */
    public static String num(double value, int decimals) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%." + decimals + "f", value) : "–";
    }

    /** A whole number with thousands separators. */
    public static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }
}
