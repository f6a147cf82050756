/**
 * A Slack Web API and incoming-webhook emulator on loopback. Start with {@link dev.slackrelay.emulator.SlackEmulator};
 * configure it with its builder or an {@link dev.slackrelay.emulator.EmulatorOptions} record; change faults at run
 * time through {@link dev.slackrelay.emulator.Faults}; read what it saw from
 * {@link dev.slackrelay.emulator.AcceptedPost} and {@link dev.slackrelay.emulator.EmulatorStats}.
 */
package dev.slackrelay.emulator;
