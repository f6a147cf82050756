package dev.slackrelay.local.pipeline;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.slackrelay.local.pipeline.Ledger.Published;

/**
 * What was published, balanced against what was delivered and what was dead-lettered: the lost, the duplicates, each
 * channel's order and rate. The demo reports it; the soak explains its duplicates and checks its expectations on top
 * of it. Immutable and thread-safe.
 */
public final class Reconciliation {

    /**
     * A channel's messages reached Slack out of publish order: the first time {@code seq} was posted came after the
     * first time {@code after} was.
     */
    public record Inversion(int seq, int after) {
    }

    /**
     * One channel's flow.
     *
     * @param published      numbered messages published to it
     * @param delivered      numbered messages delivered at least once
     * @param duplicates     extra posts of numbered messages
     * @param firstSeqs      the numbers in the order Slack first saw each
     * @param inversion      where the order broke first, or {@code null} if it held
     * @param posts          posts Slack accepted in the channel, each counted once however many messages it carried
     *                       (a digest carries several), unexpected ones included
     * @param postsPerSecond every post to the channel over the time from its first to its last; NaN for fewer than
     *                       two posts
     */
    public record ChannelFlow(String channel, long published, long delivered, long duplicates, List<Integer> firstSeqs,
                              Inversion inversion, long posts, double postsPerSecond) {

        public boolean inOrder() {
            return inversion == null;
        }
    }

    private final Map<String, Published> published;
    private final List<Delivery> deliveries;
    private final Map<String, List<Double>> deliveredAt = new LinkedHashMap<>();
    private final List<Delivery> unexpected = new ArrayList<>();
    private final Map<String, DeadLetter> deadLetters = new LinkedHashMap<>();
    private final List<DeadLetter> unmatchedDeadLetters = new ArrayList<>();
    private final Set<String> deadLettered = new HashSet<>();
    private final List<Published> lost = new ArrayList<>();
    private long duplicates;

    private Reconciliation(Map<String, Published> published, List<Delivery> deliveries,
                           Collection<DeadLetter> letters) {
        this.published = Map.copyOf(published);
        this.deliveries = List.copyOf(deliveries);
        for (Delivery delivery : this.deliveries) {
            if (delivery.messageId() == null || !this.published.containsKey(delivery.messageId())) {
                unexpected.add(delivery);
                continue;
            }
            List<Double> times = deliveredAt.computeIfAbsent(delivery.messageId(), id -> new ArrayList<>());
            if (!times.isEmpty()) {
                duplicates++;
            }
            times.add(delivery.atMillis());
        }
        for (DeadLetter letter : letters) {
            if (deadLetters.putIfAbsent(letter.sourceId(), letter) != null) {
                continue;
            }
            if (this.published.containsKey(letter.sourceId())) {
                deadLettered.add(letter.sourceId());
            } else {
                unmatchedDeadLetters.add(letter);
            }
        }
        for (Published p : this.published.values()) {
            if (!deliveredAt.containsKey(p.messageId()) && !deadLettered.contains(p.messageId())) {
                lost.add(p);
            }
        }
    }

    /**
     * @param ledger      what was published
     * @param deliveries  every accepted post, in acceptance order
     * @param deadLetters every dead letter drained
     */
    public static Reconciliation of(Ledger ledger, List<Delivery> deliveries, Collection<DeadLetter> deadLetters) {
        return new Reconciliation(ledger.all(), deliveries, deadLetters);
    }

    /** Everything published, by message ID. */
    public Map<String, Published> published() {
        return published;
    }

    /** Published messages delivered at least once. */
    public Set<String> delivered() {
        return deliveredAt.keySet();
    }

    /** When each delivered message was posted, every time it was, in acceptance order. */
    public Map<String, List<Double>> deliveredAt() {
        return deliveredAt;
    }

    /** Posts beyond the first of the same message. */
    public long duplicates() {
        return duplicates;
    }

    /** Posts that match nothing published. */
    public List<Delivery> unexpected() {
        return List.copyOf(unexpected);
    }

    /** Published messages found on the dead-letter queue. */
    public Set<String> deadLettered() {
        return Set.copyOf(deadLettered);
    }

    /** The (first) dead letter of a published message, or {@code null}. */
    public DeadLetter deadLetter(String messageId) {
        return deadLetters.get(messageId);
    }

    /** Every distinct dead letter, by the ID of the message it is a copy of, in the order drained. */
    public Map<String, DeadLetter> deadLetters() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(deadLetters));
    }

    /** Dead letters of no published message. */
    public List<DeadLetter> unmatchedDeadLetters() {
        return List.copyOf(unmatchedDeadLetters);
    }

    /** Published messages neither delivered nor dead-lettered. */
    public List<Published> lost() {
        return List.copyOf(lost);
    }

    /** Whether every published message was delivered or dead-lettered. */
    public boolean settled() {
        return lost.isEmpty();
    }

    /** The channels that published messages reached, in the order they first did. */
    public List<String> channels() {
        return deliveredAt.keySet().stream().map(id -> published.get(id).channel()).distinct().toList();
    }

    /** One channel's flow. */
    public ChannelFlow channel(String channel) {
        List<Delivery> here = deliveries.stream().filter(d -> d.channel().equals(channel)).toList();
        List<Integer> firstSeqs = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        long numberedPosts = 0;
        for (Delivery post : here) {
            Published p = post.messageId() == null ? null : published.get(post.messageId());
            if (p == null || p.seq() <= 0) {
                continue;
            }
            numberedPosts++;
            if (seen.add(p.messageId())) {
                firstSeqs.add(p.seq());
            }
        }
        Inversion inversion = null;
        for (int i = 1; i < firstSeqs.size() && inversion == null; i++) {
            if (firstSeqs.get(i) <= firstSeqs.get(i - 1)) {
                inversion = new Inversion(firstSeqs.get(i), firstSeqs.get(i - 1));
            }
        }
        List<Delivery> posts = firstOfEachPost(here);
        double rate = Double.NaN;
        if (posts.size() >= 2) {
            double seconds = (posts.getLast().atMillis() - posts.getFirst().atMillis()) / 1000.0;
            rate = seconds > 0 ? (posts.size() - 1) / seconds : Double.POSITIVE_INFINITY;
        }
        long publishedHere = published.values().stream().filter(p -> p.channel().equals(channel) && p.seq() > 0)
                .count();
        return new ChannelFlow(channel, publishedHere, firstSeqs.size(), numberedPosts - firstSeqs.size(),
                List.copyOf(firstSeqs), inversion, posts.size(), rate);
    }

    /** Posts Slack accepted, each counted once however many messages it carried. */
    public long posts() {
        return firstOfEachPost(deliveries).size();
    }

    /** The first delivery of each post: a digest's messages share its post key; one without a key is a post. */
    private static List<Delivery> firstOfEachPost(List<Delivery> deliveries) {
        List<Delivery> firsts = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Delivery d : deliveries) {
            if (d.post() == null || seen.add(d.channel() + " " + d.post())) {
                firsts.add(d);
            }
        }
        return firsts;
    }
}
