package org.agencyverify.common.outbox;

/** A message was added to the outbox in the current transaction: once it commits, the worker need not wait for its schedule. */
record OutboxEnqueued(String kind) {}
