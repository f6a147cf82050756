/**
 * The queue contract between producers and the relay: message attribute names, what a dead letter carries, and the
 * limits of SQS. One owner for every name and limit that both sides use.
 */
package dev.slackrelay.queue;
