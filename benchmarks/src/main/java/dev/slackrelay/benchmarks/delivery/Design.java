package dev.slackrelay.benchmarks.delivery;

/** The two designs B1 compares. */
enum Design {
    /** slack-relay as built. */
    RELAY("(a) slack-relay",
            "slack-relay as built: `RelayHandler` with channel interval 1000 ms (plus its arrival-jitter margin);"
                    + " a 429 sets the message's visibility to `Retry-After` and reports a batch item failure;"
                    + " queue as in template.yaml"),
    /** The design slack-relay replaces. */
    POST_AND_RETHROW("(b) post-and-rethrow",
            "posts at once with the same Slack SDK client and throws on anything but `ok`; no pacing;"
                    + " queue visibility timeout 5 s");

    private final String label;
    private final String description;

    Design(String label, String description) {
        this.label = label;
        this.description = description;
    }

    String label() {
        return label;
    }

    String description() {
        return description;
    }
}
