package dev.slackrelay.local.cli;

import java.io.PrintStream;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

import dev.slackrelay.poller.PollerCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The runnable jar's entry point:
 * {@code java -jar slack-relay-local.jar [demo|relay|serve|slack-emulator|soak] [options]};
 * without a command it runs {@code demo}.
 *
 * <p>Not thread-safe: one instance per run.
 */
@Command(name = "slack-relay-local", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        usageHelpAutoWidth = true,
        description = {"slack-relay without an AWS account: the demo, the standalone relay, the local service with"
                + " HTTP ingestion, the Slack emulator and the fault-matrix soak.",
                "Without a command, runs the demo."},
        subcommands = CommandLine.HelpCommand.class)
public final class Main implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(commandLine(System.getenv(), System.out).execute(args));
    }

    /**
     * The command line with every command, reading its environment from {@code env} and printing to {@code out}.
     */
    static CommandLine commandLine(Map<String, String> env, PrintStream out) {
        Objects.requireNonNull(env, "env");
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.addSubcommand("demo", new DemoCommand(env, out));
        // the standalone poller's own command, under the name it has always had here
        CommandLine relay = new CommandLine(new PollerCommand(env, out));
        relay.getCommandSpec().name("relay");
        commandLine.addSubcommand("relay", relay);
        commandLine.addSubcommand("serve", new ServeCommand(env, out));
        commandLine.addSubcommand("slack-emulator", new SlackEmulatorCommand(out));
        commandLine.addSubcommand("soak", new SoakCommand(out));
        return commandLine;
    }

    @Override
    public Integer call() {
        return spec.commandLine().getSubcommands().get("demo").execute();
    }

    /** The version from the jar's manifest. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"slack-relay-local " + (version != null ? version : "(development build)")};
        }
    }
}
