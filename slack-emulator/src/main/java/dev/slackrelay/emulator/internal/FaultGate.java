package dev.slackrelay.emulator.internal;

import com.sun.net.httpserver.HttpExchange;
import dev.slackrelay.emulator.EmulatorStats;
import java.io.IOException;
import java.time.Duration;

/**
 * The "network and load balancer" in front of the post endpoints: adds latency, drops connections, answers 5xx
 * pages and slow answers, as the {@link FaultInjector} draws them; and holds each answer of the endpoint behind it
 * for Slack's processing time ({@link AnswerDelay}).
 *
 * <p>Thread-safe.
 */
final class FaultGate {

    /** What the endpoint behind the gate does with a request body that got through. */
    @FunctionalInterface
    interface Endpoint {
        Reply process(byte[] body) throws IOException;
    }

    private final FaultInjector faults;
    private final PostLedger ledger;
    private final AnswerDelay answerDelay;

    FaultGate(FaultInjector faults, PostLedger ledger, AnswerDelay answerDelay) {
        this.faults = faults;
        this.ledger = ledger;
        this.answerDelay = answerDelay;
    }

    void pass(HttpExchange exchange, Endpoint endpoint) throws IOException, InterruptedException {
        // Read the whole request first: closing with unread bytes could turn a clean drop into a reset.
        byte[] body = exchange.getRequestBody().readAllBytes();
        sleep(faults.latency());
        Duration lateBy = Duration.ZERO;
        switch (faults.draw()) {
            case TransportFault.None none -> {
            }
            case TransportFault.Drop drop -> {
                ledger.countFault(EmulatorStats.FAULT_DROPPED);
                // HttpServer closes the socket when an exchange is closed before response headers are sent.
                exchange.close();
                return;
            }
            case TransportFault.ServerError error -> {
                ledger.countFault(EmulatorStats.FAULT_SERVER_ERROR);
                Reply.loadBalancerPage(error.status()).writeTo(exchange);
                return;
            }
            case TransportFault.Slow slow -> {
                ledger.countFault(EmulatorStats.FAULT_SLOW);
                if (!slow.processed()) {
                    sleep(slow.delay());
                    Reply.loadBalancerPage(504).writeTo(exchange);
                    return;
                }
                lateBy = slow.delay();
            }
        }
        // The post is decided and counted at arrival; Slack's processing time passes before its answer.
        Reply reply = endpoint.process(body);
        sleep(answerDelay.next().plus(lateBy));
        reply.writeTo(exchange);
    }

    private static void sleep(Duration duration) throws InterruptedException {
        if (duration.isPositive()) {
            Thread.sleep(duration);
        }
    }
}
