package dev.slackrelay.relay.internal.slack;

import java.util.regex.Pattern;

/** Keeps URLs (webhook URLs are secrets) and tokens out of text that may reach logs or dead-letter attributes. */
public final class Redaction {

    private static final Pattern URL = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://\\S+");
    private static final Pattern TOKEN = Pattern.compile("xox[a-z]-[A-Za-z0-9-]+");

    private Redaction() {
    }

    /** {@code text} with every URL and Slack token replaced by a placeholder. */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        return TOKEN.matcher(URL.matcher(text).replaceAll("<url>")).replaceAll("<token>");
    }

    /** A short, secret-free description of a failure: its type and redacted message. */
    public static String describe(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + redact(message));
    }

    /** An e-mail address as logs show it: its first character and its domain ({@code a…@example.com}). */
    public static String email(String address) {
        int at = address.indexOf('@');
        return at <= 0 ? "(address)" : address.charAt(0) + "…" + address.substring(at);
    }
}
