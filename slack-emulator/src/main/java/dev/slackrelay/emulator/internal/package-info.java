/** Implementation of the emulator; not an API, may change without notice. */
package dev.slackrelay.emulator.internal;
