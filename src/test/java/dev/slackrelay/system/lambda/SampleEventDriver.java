package dev.slackrelay.system.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.slackrelay.relay.RelayHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The child JVM of {@code ShadedJarSmokeTest}: what the Lambda Java runtime does with the deployable jar. On a class
 * path of only {@code slack-relay-function.jar}, the runtime's event deserializer
 * ({@code aws-lambda-java-serialization}) and this class, it builds {@code new RelayHandler()} once (configured by
 * environment variables), hands it each sample event file named in the arguments, and prints one line per event:
 * {@code HANDLED <file> failures=<count>}. A {@code main} only; it may use nothing else.
 */
public final class SampleEventDriver {

    /** Prefix of the result lines. */
    public static final String PREFIX = "HANDLED";

    private SampleEventDriver() {
    }

    public static void main(String[] args) throws IOException {
        PojoSerializer<SQSEvent> events = LambdaEventSerializers.serializerFor(SQSEvent.class,
                SampleEventDriver.class.getClassLoader());
        RelayHandler handler = new RelayHandler();
        for (String file : args) {
            SQSEvent event;
            try (InputStream in = Files.newInputStream(Path.of(file))) {
                event = events.fromJson(in);
            }
            SQSBatchResponse response = handler.handleRequest(event, null);
            System.out.println(PREFIX + " " + Path.of(file).getFileName() + " failures="
                    + response.getBatchItemFailures().size());
        }
        System.out.flush();
        // OkHttp's and the SDK's pool threads would keep the JVM alive for a while; the events are handled.
        System.exit(0);
    }
}
