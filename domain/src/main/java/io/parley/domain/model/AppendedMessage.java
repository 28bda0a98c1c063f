package io.parley.domain.model;

/** The stored message and whether this call stored it (false: a retry of a stored one). */
public record AppendedMessage(Message message, boolean created) {}
