/**
 * The local demo: {@link dev.slackrelay.local.demo.Demo} runs the whole pipeline under a burst of publishes and
 * returns a {@link dev.slackrelay.local.demo.DemoReport} that shows nothing was lost.
 */
package dev.slackrelay.local.demo;
