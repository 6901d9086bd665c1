/**
 * Uncaught exceptions of a Java application as telemetry records: {@link
 * org.telemetrics.exceptions.TelemetryExceptionHandler#install()} in an application's main, and an
 * exception that would end a thread is reported (its types and stack frames, no messages unless
 * asked) before the previous handler runs.
 */
package org.telemetrics.exceptions;
