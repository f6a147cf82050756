/** The poller's internals: Lambda's event shape, invocation outcomes, the stop signal. Not API. */
package dev.slackrelay.poller.internal;
