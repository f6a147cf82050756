/**
 * The SQS event-source emulator, which is also the standalone poller:
 * {@link dev.slackrelay.local.poller.EventSourcePoller} polls a FIFO queue like Lambda's event source mapping
 * ({@code BatchSize: 1}, batch item failures) and invokes a Lambda {@code RequestHandler}.
 */
package dev.slackrelay.local.poller;
