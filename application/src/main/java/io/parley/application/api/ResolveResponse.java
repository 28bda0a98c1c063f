package io.parley.application.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.util.RawValue;
import io.parley.domain.model.ReferenceItem;
import io.parley.domain.model.Resolution;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of a resolve: RESOLVED (selections, each with position, item and quantity; position
 * and item repeat the first; matchedBy), AMBIGUOUS (candidates), OUT_OF_RANGE (requestedPosition),
 * NOT_A_REFERENCE, or NO_CONTEXT; absent fields are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResolveResponse(
    @Schema(
            allowableValues = {
              "RESOLVED",
              "AMBIGUOUS",
              "OUT_OF_RANGE",
              "NOT_A_REFERENCE",
              "NO_CONTEXT"
            })
        String outcome,
    @Schema(description = "RESOLVED: the first selection's position") Integer position,
    @Schema(
            ref = "#/components/schemas/ReferenceItem",
            description = "RESOLVED: the first selection's item, as given")
        Object item, // a RawValue: typed Object so the OpenAPI document shows only its ref
    @Schema(description = "RESOLVED: every chosen item, in the order said")
        List<SelectionResponse> selections,
    @ArraySchema(
            schema = @Schema(ref = "#/components/schemas/ReferenceItem"),
            arraySchema = @Schema(description = "AMBIGUOUS: the items it could be"))
        List<RawValue> candidates,
    @Schema(description = "OUT_OF_RANGE: the position asked for") Integer requestedPosition,
    @Schema(description = "The list used (the quoted one, or the current one)") String contextId,
    @Schema(description = "RESOLVED: what decided", allowableValues = WireEnums.MATCHED_BY)
        String matchedBy) {

  /** One chosen item: its position, the item as given, and the quantity said (null if none). */
  public record SelectionResponse(
      int position,
      @Schema(ref = "#/components/schemas/ReferenceItem") Object item, // a RawValue
      @Schema(description = "how many the customer asked for; null when not said", nullable = true)
          @JsonInclude(JsonInclude.Include.ALWAYS)
          Integer quantity) {}

  /**
   * Items are written as rendered once per held item ({@link RenderedJson}), as the reference
   * context GET writes them: parsing each item's stored JSON again on every resolve was a tenth of
   * its own cost.
   */
  static ResolveResponse from(Resolution resolution) {
    if (resolution instanceof Resolution.Resolved r) {
      List<SelectionResponse> selections =
          r.selections().stream()
              .map(s -> new SelectionResponse(s.item().position(), item(s.item()), s.quantity()))
              .toList();
      return new ResolveResponse(
          "RESOLVED",
          r.item().position(),
          item(r.item()),
          selections,
          null,
          null,
          r.contextId().toString(),
          r.matchedBy().name().toLowerCase(Locale.ROOT));
    }
    if (resolution instanceof Resolution.Ambiguous a) {
      List<RawValue> candidates = RenderedJson.each(a.candidates(), ReferenceContextResponse::item);
      return new ResolveResponse(
          "AMBIGUOUS", null, null, null, candidates, null, a.contextId().toString(), null);
    }
    if (resolution instanceof Resolution.OutOfRange o) {
      return new ResolveResponse(
          "OUT_OF_RANGE", null, null, null, null, o.position(), o.contextId().toString(), null);
    }
    if (resolution instanceof Resolution.NotAReference n) {
      return new ResolveResponse(
          "NOT_A_REFERENCE", null, null, null, null, null, n.contextId().toString(), null);
    }
    return new ResolveResponse("NO_CONTEXT", null, null, null, null, null, null, null);
  }

  private static RawValue item(ReferenceItem item) {
    return RenderedJson.of(item, ReferenceContextResponse::item);
  }
}
