/**
 * The local pipeline kit: one copy of the wiring that the demo, the soak, the system tests and benchmark B1 share.
 * {@link dev.slackrelay.local.pipeline.LocalPipeline} starts the Slack emulator, the embedded queues of the template,
 * the publisher and the relay behind the SQS event-source emulator (or another handler, or a relay host of the
 * caller's such as a poller process); {@link dev.slackrelay.local.pipeline.DeadLetterQueue} drains the dead-letter
 * queue; {@link dev.slackrelay.local.pipeline.DeliveryRecorder} keeps the relay's delivery log;
 * {@link dev.slackrelay.local.pipeline.Ledger} records what was queued and
 * {@link dev.slackrelay.local.pipeline.Reconciliation} balances it against what was delivered and dead-lettered.
 */
package dev.slackrelay.local.pipeline;
