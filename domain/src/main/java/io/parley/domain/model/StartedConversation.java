package io.parley.domain.model;

/** A conversation returned by get-or-create, and whether this call created it. */
public record StartedConversation(Conversation conversation, boolean created) {}
