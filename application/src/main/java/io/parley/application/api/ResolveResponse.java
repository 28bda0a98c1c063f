package io.parley.application.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.parley.domain.model.Resolution;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of a resolve: RESOLVED (position, item, matchedBy), AMBIGUOUS (candidates),
 * OUT_OF_RANGE (requestedPosition), NOT_A_REFERENCE, or NO_CONTEXT; absent fields are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResolveResponse(
    String outcome,
    Integer position,
    JsonNode item,
    List<JsonNode> candidates,
    Integer requestedPosition,
    String contextId,
    String matchedBy) {

  static ResolveResponse from(Resolution resolution) {
    if (resolution instanceof Resolution.Resolved r) {
      return new ResolveResponse(
          "RESOLVED",
          r.item().position(),
          ReferenceContextResponse.item(r.item()),
          null,
          null,
          r.contextId().toString(),
          r.matchedBy().name().toLowerCase(Locale.ROOT));
    }
    if (resolution instanceof Resolution.Ambiguous a) {
      List<JsonNode> candidates =
          a.candidates().stream().map(ReferenceContextResponse::item).toList();
      return new ResolveResponse(
          "AMBIGUOUS", null, null, candidates, null, a.contextId().toString(), null);
    }
    if (resolution instanceof Resolution.OutOfRange o) {
      return new ResolveResponse(
          "OUT_OF_RANGE", null, null, null, o.position(), o.contextId().toString(), null);
    }
    if (resolution instanceof Resolution.NotAReference n) {
      return new ResolveResponse(
          "NOT_A_REFERENCE", null, null, null, null, n.contextId().toString(), null);
    }
    return new ResolveResponse("NO_CONTEXT", null, null, null, null, null, null);
  }
}
