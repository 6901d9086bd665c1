/**
 * The one log writer the programs share, and how it knows whether standard error is the journal.
 */
package org.telemetrics.log;
