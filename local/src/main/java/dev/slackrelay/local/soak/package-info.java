/**
 * The fault matrix and soak: {@link dev.slackrelay.local.soak.Soak} runs a mixed workload through the local pipeline
 * while it injects Slack 5xx, slow answers, dropped connections, 429 storms, dead channels, foreign poison and a
 * killed poller process, each alone and all together, and reconciles every message into a
 * {@link dev.slackrelay.local.soak.SoakReport}.
 */
package dev.slackrelay.local.soak;
