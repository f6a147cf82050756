package dev.slackrelay.publisher.cli;

import dev.slackrelay.model.InvalidMessageException;
import dev.slackrelay.model.Priority;
import dev.slackrelay.model.SlackFile;
import dev.slackrelay.model.SlackMessage;
import dev.slackrelay.model.WireFormat;
import dev.slackrelay.publisher.FileUploadException;
import dev.slackrelay.publisher.PublishOptions;
import dev.slackrelay.publisher.PublishReceipt;
import dev.slackrelay.publisher.PublishResult;
import dev.slackrelay.publisher.PublisherConfig;
import dev.slackrelay.publisher.SlackRelayPublisher;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * {@code slack-relay-publish}: queues one Slack message given by options, or many given as JSON lines (the wire
 * format) on standard input. A thin shell over {@link SlackRelayPublisher}.
 *
 * <p>Exit codes: 0 when everything was queued, 1 when any message was rejected or failed, 2 for a usage error.
 *
 * <p>Not thread-safe: picocli fills one instance per run.
 */
@Command(name = "slack-relay-publish", mixinStandardHelpOptions = true, versionProvider = PublishCommand.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
                "Queues Slack messages for slack-relay on its SQS FIFO queue.",
                "With --channel, publishes one message built from the options and prints its SQS message ID.",
                "With --stdin (or without --channel), publishes JSON lines read from standard input, one message "
                        + "per line, and prints a summary; each rejected or failed line is reported on stderr."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every message queued", "1:a message was rejected or failed", "2:usage error"})
public final class PublishCommand implements Callable<Integer> {

    /** {@code s3://bucket} or {@code s3://bucket/prefix}, for {@code --files-bucket}. */
    private static final Pattern FILES_LOCATION = Pattern.compile("s3://([^/]+)(?:/(.*))?");

    static final int OK = 0;
    static final int NOT_ALL_QUEUED = 1;
    static final int USAGE = CommandLine.ExitCode.USAGE;

    @Spec
    private CommandSpec spec;

    @Option(names = "--queue-url", paramLabel = "URL",
            description = "URL of the relay's SQS FIFO queue (default: $" + PublisherConfig.QUEUE_URL_VARIABLE + ")")
    private String queueUrl;

    @Option(names = "--urgent-queue-url", paramLabel = "URL",
            description = "URL of the relay's urgent SQS FIFO queue, for urgent messages (default: $"
                    + PublisherConfig.URGENT_QUEUE_URL_VARIABLE + "; not read with --queue-url)")
    private String urgentQueueUrl;

    @Option(names = "--files-bucket", paramLabel = "s3://BUCKET/PREFIX",
            description = "The relay's files bucket and key prefix: inline files beyond what one message carries are "
                    + "uploaded there, and --s3-file must be there (default: $" + PublisherConfig.FILES_BUCKET_VARIABLE
                    + " and $" + PublisherConfig.FILES_PREFIX_VARIABLE + "; not read with --queue-url)")
    private String filesBucket;

    @Option(names = "--producer", paramLabel = "NAME", description = "Sent as the 'producer' message attribute")
    private String producer;

    @Option(names = "--traceparent", paramLabel = "TRACEPARENT",
            description = "W3C trace context sent as the 'traceparent' message attribute")
    private String traceparent;

    @Option(names = "--stdin", description = "Read JSON lines from standard input (the default without --channel)")
    private boolean stdin;

    @Option(names = "--channel", paramLabel = "CHANNEL", description = "Channel ID (C…), user ID (U…) or #name")
    private String channel;

    @Option(names = "--title", paramLabel = "TEXT", description = "Bold title")
    private String title;

    @Option(names = "--body", paramLabel = "TEXT", description = "Main text")
    private String body;

    @Option(names = "--text", paramLabel = "TEXT", description = "Notification / fallback text")
    private String text;

    @Option(names = "--username", paramLabel = "NAME", description = "Display name (default NotificationBot)")
    private String username;

    @Option(names = "--icon-emoji", paramLabel = ":EMOJI:", description = "Icon (default :satellite:)")
    private String iconEmoji;

    @Option(names = "--thread-ts", paramLabel = "TS", description = "Reply in the thread of this message")
    private String threadTs;

    @Option(names = "--thread-key", paramLabel = "KEY",
            description = "Thread by key: the first message with it in the channel starts the thread, later ones reply")
    private String threadKey;

    @Option(names = "--update-key", paramLabel = "KEY",
            description = "Update by key: replaces the latest earlier message with it in the channel")
    private String updateKey;

    @Option(names = "--reply-broadcast", description = "Show a reply (--thread-ts, --thread-key) in the channel too")
    private boolean replyBroadcast;

    @Option(names = "--mention", paramLabel = "WHO",
            description = "Mention a user ID (U…), an e-mail address, here, channel or subteam^ID; repeatable")
    private List<String> mentions = new ArrayList<>();

    @Option(names = "--mrkdwn", description = "Title and body are trusted Slack mrkdwn (not escaped)")
    private boolean mrkdwn;

    @Option(names = "--block", paramLabel = "JSON", description = "A raw Block Kit block appended; repeatable")
    private List<String> blocks = new ArrayList<>();

    @Option(names = "--file", paramLabel = "PATH",
            description = "Post this file with the message, under its file name; inline, or by the files bucket when "
                    + "too large for the message; repeatable")
    private List<Path> files = new ArrayList<>();

    @Option(names = "--s3-file", paramLabel = "s3://BUCKET/KEY",
            description = "Post this S3 object with the message (the relay reads it; it must be in its files bucket); "
                    + "repeatable")
    private List<String> s3Files = new ArrayList<>();

    @Option(names = "--priority", paramLabel = "normal|urgent", converter = PriorityConverter.class,
            description = "urgent: sent on the urgent queue, ahead of the channel's backlog (default normal)")
    private Priority priority = Priority.NORMAL;

    @Option(names = "--idempotency-key", paramLabel = "KEY",
            description = "SQS deduplication ID: the same key within 5 minutes is queued once")
    private String idempotencyKey;

    private final Function<PublisherConfig, SlackRelayPublisher> publishers;
    private final Supplier<PublisherConfig> environment;
    private final InputStream in;

    /** The command as {@code main} runs it: SQS client from the SDK's defaults, queue URL from the environment. */
    public PublishCommand() {
        this(config -> SlackRelayPublisher.builder().config(config).build(), PublisherConfig::fromEnvironment,
                System.in);
    }

    PublishCommand(Function<PublisherConfig, SlackRelayPublisher> publishers, Supplier<PublisherConfig> environment,
                   InputStream in) {
        this.publishers = publishers;
        this.environment = environment;
        this.in = in;
    }

    public static void main(String[] args) {
        // the SDK logs through SLF4J; a CLI should show only its warnings
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        System.exit(new CommandLine(new PublishCommand()).execute(args));
    }

    @Override
    public Integer call() {
        boolean lines = stdin || channel == null;
        if (stdin && channel != null) {
            throw usage("--stdin and --channel exclude each other");
        }
        if (lines && hasMessageOptions()) {
            throw usage("message options need --channel; on stdin each line is a whole message");
        }
        PublisherConfig config = config();
        List<SlackFile> attached = lines ? List.of() : files();
        SlackRelayPublisher publisher;
        try {
            publisher = publishers.apply(config);
        } catch (SdkException e) {
            // typically no region: the SDK reads AWS_REGION, or AWS_DEFAULT_REGION / the profile
            spec.commandLine().getErr().println("cannot create the SQS client: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return NOT_ALL_QUEUED;
        }
        try (publisher) {
            return lines ? publishLines(publisher) : publishOne(publisher, attached);
        }
    }

    /**
     * The {@code --file} and {@code --s3-file} files, in that order; each {@code --s3-file} is named by the last part
     * of its key.
     */
    private List<SlackFile> files() {
        List<SlackFile> attached = new ArrayList<>();
        for (Path path : files) {
            Path name = path.getFileName();
            try {
                if (name == null || Files.isDirectory(path)) {
                    throw usage("--file " + path + ": not a file");
                }
                attached.add(SlackFile.inline(name.toString(), Files.readAllBytes(path)));
            } catch (NoSuchFileException e) {
                throw usage("--file " + path + ": no such file");
            } catch (IOException e) {
                throw usage("--file " + path + ": cannot read it: " + e.getMessage());
            }
        }
        for (String uri : s3Files) {
            attached.add(SlackFile.inS3(uri.substring(uri.lastIndexOf('/') + 1), uri));
        }
        return attached;
    }

    private int publishOne(SlackRelayPublisher publisher, List<SlackFile> attached) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            SlackMessage.Builder message = SlackMessage.builder(channel).title(title).body(body).text(text)
                    .username(username).iconEmoji(iconEmoji).threadTs(threadTs).mrkdwn(mrkdwn).priority(priority)
                    .threadKey(threadKey).updateKey(updateKey).replyBroadcast(replyBroadcast)
                    .mention(mentions.toArray(new String[0]));
            for (String block : blocks) {
                message.extraBlock(block);
            }
            attached.forEach(message::file);
            PublishReceipt receipt = publisher.publish(message.build(),
                    new PublishOptions(idempotencyKey, traceparent));
            out.println(receipt.messageId());
            return OK;
        } catch (InvalidMessageException e) {
            err.println("rejected: " + e.reasons());
            return NOT_ALL_QUEUED;
        } catch (FileUploadException e) {
            err.println("failed: " + e.getMessage());
            return NOT_ALL_QUEUED;
        } catch (SdkException e) {
            err.println("failed: SQS did not take the message: " + e.getMessage());
            return NOT_ALL_QUEUED;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int publishLines(SlackRelayPublisher publisher) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Integer> lineNumbers = new ArrayList<>();
        List<SlackMessage> messages = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        int rejected = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (number == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (line.isBlank()) {
                    continue;
                }
                try {
                    messages.add(WireFormat.decode(line));
                    lineNumbers.add(number);
                } catch (InvalidMessageException e) {
                    rejected++;
                    problems.add(new Problem(number, "rejected: " + e.reasons()));
                }
            }
        } catch (IOException e) {
            err.println("cannot read standard input: " + e.getMessage());
            err.flush();
            return NOT_ALL_QUEUED;
        }

        List<PublishOptions> options = traceparent == null ? null
                : Collections.nCopies(messages.size(), new PublishOptions(null, traceparent));
        List<PublishResult> results;
        try (Progress progress = Progress.show(messages.size())) {
            results = publisher.publishAll(messages, options, progress);
        } catch (IllegalStateException e) {
            // an urgent line without an urgent queue: nothing was sent
            err.println("nothing sent: " + e.getMessage());
            err.flush();
            return NOT_ALL_QUEUED;
        }

        int sent = 0;
        int failed = 0;
        for (PublishResult result : results) {
            int line = lineNumbers.get(result.index());
            if (result instanceof PublishResult.Sent) {
                sent++;
            } else if (result instanceof PublishResult.Rejected r) {
                rejected++;
                problems.add(new Problem(line, "rejected: " + r.error().reasons()));
            } else if (result instanceof PublishResult.Failed f) {
                failed++;
                problems.add(new Problem(line, "failed: " + f.code() + ": " + f.reason()));
            }
        }
        problems.sort(Comparator.comparingInt(Problem::line));
        problems.forEach(p -> err.println("line " + p.line() + ": " + p.description()));
        out.println("sent " + sent + ", rejected " + rejected + ", failed " + failed);
        out.flush();
        err.flush();
        return rejected == 0 && failed == 0 ? OK : NOT_ALL_QUEUED;
    }

    /** Why the message on an input line was not queued. */
    private record Problem(int line, String description) {
    }

    private PublisherConfig config() {
        PublisherConfig.Builder config;
        if (queueUrl != null) {
            config = PublisherConfig.builder().queueUrl(queueUrl).urgentQueueUrl(urgentQueueUrl);
        } else {
            try {
                config = environment.get().toBuilder();
            } catch (IllegalStateException e) {
                throw usage("no queue: give --queue-url or set " + PublisherConfig.QUEUE_URL_VARIABLE);
            }
            if (urgentQueueUrl != null) {
                config.urgentQueueUrl(urgentQueueUrl);
            }
        }
        if (filesBucket != null) {
            Matcher location = FILES_LOCATION.matcher(filesBucket);
            if (!location.matches()) {
                throw usage("--files-bucket must be s3://bucket or s3://bucket/prefix: " + filesBucket);
            }
            String prefix = location.group(2);
            config.filesBucket(location.group(1)).filesPrefix(prefix == null || prefix.isEmpty() ? null : prefix);
        }
        PublisherConfig built;
        try {
            built = config.producer(producer).build();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        if (priority == Priority.URGENT && built.urgentQueueUrl() == null) {
            throw usage("--priority urgent needs the urgent queue: give --urgent-queue-url or set "
                    + PublisherConfig.URGENT_QUEUE_URL_VARIABLE);
        }
        return built;
    }

    private boolean hasMessageOptions() {
        return title != null || body != null || text != null || username != null || iconEmoji != null
                || threadTs != null || !mentions.isEmpty() || mrkdwn || !blocks.isEmpty() || idempotencyKey != null
                || priority != Priority.NORMAL || threadKey != null || updateKey != null || replyBroadcast
                || !files.isEmpty() || !s3Files.isEmpty();
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** A progress bar on the terminal, or nothing when the output is not a terminal. */
    private static final class Progress implements Consumer<PublishResult>, AutoCloseable {
        private final ProgressBar bar;

        private Progress(ProgressBar bar) {
            this.bar = bar;
        }

        static Progress show(int total) {
            return new Progress(total > 0 && isTerminal()
                    ? new ProgressBarBuilder().setTaskName("Publishing").setInitialMax(total).build() : null);
        }

        @Override
        public void accept(PublishResult result) {
            if (bar != null) {
                bar.step();
            }
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
            }
        }

        /**
         * Whether a person is watching. Since JDK 22 {@code System.console()} is non-null even when the streams are
         * redirected, and {@code Console.isTerminal()} (JDK 22+) tells; it is looked up reflectively because this
         * module compiles for Java 17.
         */
        private static boolean isTerminal() {
            Console console = System.console();
            if (console == null) {
                return false;
            }
            try {
                Method isTerminal = Console.class.getMethod("isTerminal");
                return Objects.equals(isTerminal.invoke(console), Boolean.TRUE);
            } catch (NoSuchMethodException e) {
                return true;
            } catch (ReflectiveOperationException | RuntimeException e) {
                return false;
            }
        }
    }

    /** Reads {@code --priority} as on the wire: {@code normal} or {@code urgent}. */
    static final class PriorityConverter implements CommandLine.ITypeConverter<Priority> {
        @Override
        public Priority convert(String value) {
            try {
                return Priority.fromWireName(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = PublishCommand.class.getPackage().getImplementationVersion();
            return new String[] {"slack-relay-publish " + (version == null ? "(development build)" : version)};
        }
    }
}
