package org.telemetrics.probd;

import java.util.Locale;

/**
 * Why telemprobd refused a record, as a metric label: a small fixed set, so a label never holds
 * what a peer sent.
 */
enum RejectReason {
  /** The frame could not be decoded, or ended early. */
  MALFORMED,
  /** The peer is not in probd_allowed_uids/probd_allowed_gids. */
  NOT_ALLOWED,
  /** The opt-in marker is missing. */
  NOT_OPTED_IN,
  /** The record breaks a rule of RecordRules. */
  INVALID,
  /** staging_max_size is reached. */
  STAGING_FULL,
  /** Staging the record failed (a write error). */
  STORE_FAILED,
  /** The connection failed before a record could be read. */
  CONNECTION_FAILED,
  /** A bug: answered, counted, and the daemon goes on. */
  INTERNAL;

  /** The status key and label value, e.g. {@code staging_full}. */
  String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
