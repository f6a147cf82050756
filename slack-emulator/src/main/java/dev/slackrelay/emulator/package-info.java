/**
 * A Slack Web API and incoming-webhook emulator on loopback. Start with {@link dev.slackrelay.emulator.SlackEmulator};
 * configure it with its builder or an {@link dev.slackrelay.emulator.EmulatorOptions} record; change faults at run
 * time through {@link dev.slackrelay.emulator.Faults}; read what it saw from
 * {@link dev.slackrelay.emulator.AcceptedPost}, {@link dev.slackrelay.emulator.ChannelMessage},
 * {@link dev.slackrelay.emulator.AcceptedUpdate}, {@link dev.slackrelay.emulator.UploadedFile} and
 * {@link dev.slackrelay.emulator.EmulatorStats}; give methods their rate tiers with
 * {@link dev.slackrelay.emulator.MethodRate}.
 */
package dev.slackrelay.emulator;
