/**
 * Running the deployable relay jar the way the Lambda Java runtime does, in a JVM of its own:
 * {@link dev.slackrelay.local.lambda.DriverJar} packs the driver that calls the handler.
 */
package dev.slackrelay.local.lambda;
