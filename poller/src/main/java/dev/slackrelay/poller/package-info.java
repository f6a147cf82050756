/**
 * The standalone poller: {@link dev.slackrelay.poller.PollerCommand} runs the relay without Lambda, and
 * {@link dev.slackrelay.poller.EventSourcePoller} polls a FIFO queue like Lambda's event source mapping
 * ({@code BatchSize: 1}, batch item failures) and invokes a Lambda {@code RequestHandler} (also the local
 * event-source emulator of the demo, the soak, the tests and the benchmarks).
 */
package dev.slackrelay.poller;
