/**
 * The runnable jar's commands ({@code demo}, {@code relay}, {@code serve}, {@code slack-emulator},
 * {@code soak}), on picocli:
 * {@link dev.slackrelay.local.cli.Main} is the entry point.
 */
package dev.slackrelay.local.cli;
