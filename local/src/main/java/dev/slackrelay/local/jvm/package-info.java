/**
 * Running the relay in a JVM of its own, as a user or the Lambda Java runtime would: {@link
 * dev.slackrelay.local.jvm.DriverJar} packs the driver that calls the handler from the deployable jar, {@link
 * dev.slackrelay.local.jvm.ChildEnvironment} gives the child only the variables meant for it.
 */
package dev.slackrelay.local.jvm;
