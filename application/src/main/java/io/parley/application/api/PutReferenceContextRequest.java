package io.parley.application.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Body of {@code PUT .../reference-context}: the list just shown, in display order. */
public record PutReferenceContextRequest(
    String listType, List<ObjectNode> items, Integer ttlSeconds) {}
