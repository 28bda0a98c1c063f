package io.parley.application.api;

/** Body of {@code POST .../reference-context/resolve}: the customer's words. */
public record ResolveRequest(String text) {}
