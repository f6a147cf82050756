/** The relay's per-environment memory of Slack look-ups: keyed messages and users by e-mail address. */
package dev.slackrelay.relay.internal.lookup;
